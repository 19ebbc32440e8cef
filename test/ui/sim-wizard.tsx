// The wizard's driver over real HTTP against a fresh demo simulator per test, for the tests of
// what happens between the review and the write (wizard-stale, wizard-plan).

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { WizardApp } from '../../src/ui/components/WizardApp.js';
import { ColorProvider } from '../../src/ui/theme.js';
import type { WizardState } from '../../src/ui/wizard-state.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { connect } from '../../src/config/connect.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import { createWizardDriver, type DriverOptions, type WizardDriver } from '../../src/ui/wizard-driver.js';
import type { Level } from '../../steps/types.js';
import { globalOptions, homeIo } from '../helpers/io.js';

export interface SimWizard {
  sim: RunningSimulator;
  /** a temp folder for snapshots and plan files */
  dir: string;
  /** the simulator's write log: every request that is not a GET */
  writes(): string[];
  connection(): ReturnType<typeof connect>;
  driver(level: Level, only: string[], extra?: Pick<DriverOptions, 'writePlan'>): Promise<WizardDriver>;
  /** someone changes the organization in Sentry while the wizard shows its review */
  changeOrgBehind(body: Record<string, unknown>): Promise<void>;
  /** the Ink wizard at L2, 100 columns; `final()` is its state once the session ended */
  render(driver: WizardDriver): { t: ReturnType<typeof render>; final: () => WizardState | undefined };
}

/** Registers the hooks; the returned object's `sim` is the current test's simulator. */
export function useSimWizard(prefix: string): SimWizard {
  const ctx = {} as SimWizard;
  beforeAll(async () => {
    ctx.dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(ctx.dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    ctx.sim = await startSimulator({ seed: 'demo' });
  });
  afterEach(async () => {
    cleanup();
    await ctx.sim.close();
  });
  ctx.writes = () => [...ctx.sim.stats.byUrl.keys()].filter((k) => !k.startsWith('GET ')).sort();
  ctx.connection = () => connect(globalOptions({ plain: false, url: ctx.sim.url, org: ctx.sim.org }), homeIo(ctx.dir, { SENTRY_AUTH_TOKEN: ctx.sim.token }), { command: 'wizard' });
  ctx.driver = async (level, only, extra = {}) => {
    const store = openSnapshotStore(path.join(ctx.dir, `snapshots-${Math.random().toString(36).slice(2)}`));
    return createWizardDriver({ conn: await ctx.connection(), store, policy: DEFAULT_POLICY, level, only, skip: [], ...extra });
  };
  ctx.changeOrgBehind = async (body) => {
    const res = await fetch(`${ctx.sim.url}/api/0/organizations/${ctx.sim.org}/`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ctx.sim.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };
  ctx.render = (driver) => {
    let final: WizardState | undefined;
    const t = render(
      <ColorProvider color={false}>
        <WizardApp driver={driver} init={{ org: ctx.sim.org, region: 'localhost', level: 'L2' }} verifyCommand="verify" onDone={(s) => (final = s)} width={100} />
      </ColorProvider>,
    );
    return { t, final: () => final };
  };
  return ctx;
}
