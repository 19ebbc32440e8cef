// Every control of the demo organization, at every level, as first shown (collapsed): the frame
// must leave the terminal's last row free at 80×24, or Ink clears the screen (and the scrollback
// with the finished controls) on every redraw. And edits on the demo organization's state.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { connect } from '../../src/config/connect.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import { createWizardDriver } from '../../src/ui/wizard-driver.js';
import { WizardScreen } from '../../src/ui/components/WizardScreen.js';
import { ColorProvider } from '../../src/ui/theme.js';
import { initialState, needsAttention, type WizardState } from '../../src/ui/wizard-state.js';
import type { Level } from '../../steps/types.js';
import { globalOptions, homeIo } from '../helpers/io.js';

let sim: RunningSimulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 'demo' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'demo-fit-'));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => cleanup());

describe.each(['L1', 'L2', 'L3'] as Level[])('the demo organization at %s, 80×24', (level) => {
  it('every control under review fits in 23 rows and 80 columns', async () => {
    const io = homeIo(dir, { SENTRY_AUTH_TOKEN: sim.token });
    const conn = await connect(globalOptions({ plain: false, url: sim.url, org: sim.org }), io, { command: 'wizard' });
    const driver = createWizardDriver({ conn, store: openSnapshotStore(path.join(dir, 'snaps')), policy: DEFAULT_POLICY, level, only: [], skip: [] });
    const controls = await driver.collect(() => undefined);
    const base = initialState({ org: sim.org, region: '127.0.0.1', level, banner: '(simulated)' });
    const tooTall: string[] = [];
    for (const [index, control] of controls.entries()) {
      if (!needsAttention(control)) continue;
      const state: WizardState = { ...base, controls, initial: controls, phase: { kind: 'reviewing', index, details: false } };
      const t = render(
        <ColorProvider color={false}>
          <WizardScreen state={state} verifyCommand="verify" canEdit={driver.editSpecs(control).length > 0} width={80} rows={24} />
        </ColorProvider>,
      );
      const lines = (t.lastFrame() ?? '').split('\n');
      for (const line of lines) expect(line.length, `${control.id}: ${line}`).toBeLessThanOrEqual(80);
      if (lines.length > 23) tooTall.push(`${control.id}: ${lines.length} rows\n${lines.join('\n')}`);
      t.unmount();
    }
    expect(tooTall, tooTall.join('\n\n')).toEqual([]);
  });
});

describe('edits on the demo organization (L3)', () => {
  it('3.2.2: origins the check refuses ("*") are an error in the editor, not a silent no-op', async () => {
    const io = homeIo(dir, { SENTRY_AUTH_TOKEN: sim.token });
    const conn = await connect(globalOptions({ plain: false, url: sim.url, org: sim.org }), io, { command: 'wizard' });
    const driver = createWizardDriver({ conn, store: openSnapshotStore(path.join(dir, 'snaps')), policy: DEFAULT_POLICY, level: 'L3', only: [], skip: [] });
    const controls = await driver.collect(() => undefined);
    const dsn = controls.find((c) => c.id === '3.2')!;
    const spec = driver.editSpecs(dsn).find((s) => s.checkId === '3.2.2')!;
    expect(spec.kind).toBe('list');
    const refused = driver.submitEdit(dsn, spec, '*');
    expect(refused).toMatch(/^not accepted: .*"\*" allows every origin/);
    const accepted = driver.submitEdit(dsn, spec, 'https://app.example.com');
    expect(typeof accepted).not.toBe('string');
    const check = (accepted as Exclude<typeof accepted, string>).checks.find((c) => c.id === '3.2.2')!;
    expect(check.changes?.map((c) => c.after)).toEqual(spec.kind === 'list' ? spec.projects.map(() => ['https://app.example.com']) : []);
  });
});
