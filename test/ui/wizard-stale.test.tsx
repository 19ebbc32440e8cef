// The wizard reads the organization once, then the person reviews it for as long as they like:
// before it writes a control, the driver takes the session lock and reads the reviewed fields
// again (the stale rule of `apply FILE`, src/engine/saved-plan.ts). A field changed behind the
// review is named and not overwritten; the control is shown again as read now.

import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { WizardDriver } from '../../src/ui/wizard-driver.js';
import { applicableChanges } from '../../src/ui/wizard-state.js';
import { runPlainWizard } from '../../src/ui/plain/run-plain.js';
import { staleFields, toSavedChanges } from '../../src/engine/saved-plan.js';
import type { Level } from '../../steps/types.js';
import { frame, press } from './keys.js';
import { useSimWizard } from './sim-wizard.js';

const t0 = useSimWizard('wizard-stale-');
const writes = (): string[] => t0.writes();
const driverFor = (level: Level, only: string[]): Promise<WizardDriver> => t0.driver(level, only);
const changeOrgBehind = (body: Record<string, unknown>): Promise<void> => t0.changeOrgBehind(body);

describe('the wizard re-reads the reviewed fields before it writes', () => {
  it('a fresh read is never stale: every change the wizard offers at L3 holds its "before" value', async () => {
    const driver = await driverFor('L3', []);
    const controls = await driver.collect(() => undefined);
    const changes = controls.flatMap(applicableChanges);
    expect(changes.length).toBeGreaterThan(20);
    expect(new Set(changes.map((c) => c.target.type)).size).toBeGreaterThan(2);
    const stale = await staleFields(await t0.connection(), { changes: toSavedChanges(changes) });
    expect(stale.map((s) => `${s.change.checkId} ${s.change.resourceName} ${s.change.field}`)).toEqual([]);
    await driver.finish(false);
  });

  it('the Ink wizard names the field changed behind the review and does not overwrite it', async () => {
    const driver = await driverFor('L2', ['3.1']);
    const { t, final: finalState } = t0.render(driver);
    const T = 15_000;
    await frame(t, /3\.1 /, T);
    expect(t0.sim.state.org.dataScrubber).toBe(false);
    await changeOrgBehind({ dataScrubber: true });
    const logBefore = writes();
    await press(t, 'a', 'Apply ');
    const notice = await press(t, 'y', 'Nothing was written', T);
    expect(notice.replace(/\s+/g, ' ')).toContain('organization acme dataScrubber (planned false, now true)');
    expect(notice).toContain('Shown again as read now');
    // nothing was sent: the write log is what the person in Sentry did, and the value stays theirs
    expect(writes()).toEqual(logBefore);
    expect(t0.sim.state.org.dataScrubber).toBe(true);
    expect(t0.sim.state.org.dataScrubberDefaults).toBe(false);
    await press(t, 'q', 'Summary for acme at L2', T);
    await vi.waitFor(() => expect(finalState()).toBeDefined());
    const final = finalState();
    expect(final!.session).toBeUndefined();
  });

  it('the plain wizard says the same and applies on what it read again once confirmed again', async () => {
    const driver = await driverFor('L2', ['3.1']);
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const input = new PassThrough();
    const done = runPlainWizard({ driver, init: { org: t0.sim.org, region: 'localhost', level: 'L2' }, verifyCommand: 'v', input, output: out });
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
    expect(t0.sim.state.org.dataScrubber).toBe(true);
    expect(t0.sim.state.org.dataScrubberDefaults).toBe(true);
    expect(writes()).toContain(`PUT /api/0/organizations/${t0.sim.org}/`);
  });
});
