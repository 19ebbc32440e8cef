// The wizard reads the organization once, then the person reviews it for as long as they like:
// before it writes a control, the driver takes the session lock and reads the reviewed fields
// again (the stale rule of `apply FILE`, src/engine/saved-plan.ts). A field changed behind the
// review is named and not overwritten; the control is shown again as read now.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { connect } from '../../src/config/connect.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import { createWizardDriver, type WizardDriver } from '../../src/ui/wizard-driver.js';
import { WizardApp } from '../../src/ui/components/WizardApp.js';
import { ColorProvider } from '../../src/ui/theme.js';
import { applicableChanges, type WizardState } from '../../src/ui/wizard-state.js';
import { runPlainWizard } from '../../src/ui/plain/run-plain.js';
import { staleFields, toSavedChanges } from '../../src/engine/saved-plan.js';
import type { Level } from '../../steps/types.js';
import { frame, press } from './keys.js';
import { globalOptions, homeIo } from '../helpers/io.js';

let sim: RunningSimulator;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'wizard-stale-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  sim = await startSimulator({ seed: 'demo' });
});
afterEach(async () => {
  cleanup();
  await sim.close();
});

/** The simulator's write log: every request that is not a GET. */
const writes = (): string[] => [...sim.stats.byUrl.keys()].filter((k) => !k.startsWith('GET ')).sort();

async function driverFor(level: Level, only: string[]): Promise<WizardDriver> {
  const io = homeIo(dir, { SENTRY_AUTH_TOKEN: sim.token });
  const conn = await connect(globalOptions({ plain: false, url: sim.url, org: sim.org }), io, { command: 'wizard' });
  const store = openSnapshotStore(path.join(dir, `snapshots-${Math.random().toString(36).slice(2)}`));
  return createWizardDriver({ conn, store, policy: DEFAULT_POLICY, level, only, skip: [] });
}

/** Someone changes the organization in Sentry while the wizard shows its review. */
async function changeOrgBehind(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sim.url}/api/0/organizations/${sim.org}/`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

describe('the wizard re-reads the reviewed fields before it writes', () => {
  it('a fresh read is never stale: every change the wizard offers at L3 holds its "before" value', async () => {
    const driver = await driverFor('L3', []);
    const controls = await driver.collect(() => undefined);
    const changes = controls.flatMap(applicableChanges);
    expect(changes.length).toBeGreaterThan(20);
    expect(new Set(changes.map((c) => c.target.type)).size).toBeGreaterThan(2);
    const stale = await staleFields(await connOf(), { changes: toSavedChanges(changes) });
    expect(stale.map((s) => `${s.change.checkId} ${s.change.resourceName} ${s.change.field}`)).toEqual([]);
    await driver.finish(false);
  });

  it('the Ink wizard names the field changed behind the review and does not overwrite it', async () => {
    const driver = await driverFor('L2', ['3.1']);
    let final: WizardState | undefined;
    const t = render(
      <ColorProvider color={false}>
        <WizardApp driver={driver} init={{ org: sim.org, region: 'localhost', level: 'L2' }} verifyCommand="verify" onDone={(s) => (final = s)} width={100} />
      </ColorProvider>,
    );
    const T = 15_000;
    await frame(t, /3\.1 /, T);
    expect(sim.state.org.dataScrubber).toBe(false);
    await changeOrgBehind({ dataScrubber: true });
    const logBefore = writes();
    await press(t, 'a', 'Apply ');
    const notice = await press(t, 'y', 'Nothing was written', T);
    expect(notice.replace(/\s+/g, ' ')).toContain('organization acme dataScrubber (planned false, now true)');
    expect(notice).toContain('Shown again as read now');
    // nothing was sent: the write log is what the person in Sentry did, and the value stays theirs
    expect(writes()).toEqual(logBefore);
    expect(sim.state.org.dataScrubber).toBe(true);
    expect(sim.state.org.dataScrubberDefaults).toBe(false);
    await press(t, 'q', 'Summary for acme at L2', T);
    await vi.waitFor(() => expect(final).toBeDefined());
    expect(final!.session).toBeUndefined();
  });

  it('the plain wizard says the same and applies on what it read again once confirmed again', async () => {
    const driver = await driverFor('L2', ['3.1']);
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const input = new PassThrough();
    const done = runPlainWizard({ driver, init: { org: sim.org, region: 'localhost', level: 'L2' }, verifyCommand: 'v', input, output: out });
    await vi.waitFor(() => expect(text).toContain('3.1: what now?'), { timeout: 15_000 });
    await changeOrgBehind({ dataScrubber: true });
    const logBefore = writes();
    input.write('a\n');
    await vi.waitFor(() => expect(text).toMatch(/Apply \d+ changes? to acme\?/));
    input.write('y\n');
    await vi.waitFor(() => expect(text).toContain('Nothing was written: the organization changed since it was read: organization acme dataScrubber (planned false, now true).'), { timeout: 15_000 });
    expect(writes()).toEqual(logBefore);
    // shown again as read now: the person's value is no longer planned; applying writes the rest
    const second = text.lastIndexOf('3.1: what now?');
    expect(second).toBeGreaterThan(text.indexOf('Nothing was written'));
    input.write('a\n');
    await vi.waitFor(() => expect(text.slice(second)).toMatch(/Apply \d+ changes? to acme\?/));
    input.write('y\n');
    const final = await done;
    expect(final.records.find((r) => r.controlId === '3.1')?.decision.kind).toBe('applied');
    expect(sim.state.org.dataScrubber).toBe(true);
    expect(sim.state.org.dataScrubberDefaults).toBe(true);
    expect(writes()).toContain(`PUT /api/0/organizations/${sim.org}/`);
  });
});

async function connOf(): Promise<Awaited<ReturnType<typeof connect>>> {
  const io = homeIo(dir, { SENTRY_AUTH_TOKEN: sim.token });
  return connect(globalOptions({ plain: false, url: sim.url, org: sim.org }), io, { command: 'wizard' });
}
