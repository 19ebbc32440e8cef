// `--allow-risky 1.2.1` guards the 2FA sweep "when anyone would be removed" (issue 4 §3):
// require2FA that removes nobody is applied with --yes alone; a member without 2FA who appears
// between collection and apply makes the engine refuse it again before sending.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/commands/apply.js';
import { applyPlan } from '../../src/engine/apply.js';
import { DEMO } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import type { PlannedChange } from '../../steps/types.js';
import { globalOptions, homeIo } from '../helpers/io.js';
import { collect, harness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const require2fa: PlannedChange = {
  checkId: '1.2.1', target: { type: 'organization', id: 'acme' }, field: 'require2FA', before: false, after: true, risk: 'risky', reversible: true,
};
const writes = (hh: Harness): string[] => [...hh.sim.stats.byRoute.keys()].filter((k) => !k.startsWith('GET'));

function no2faUser(sim: RunningSimulator) {
  const m = sim.state.members.get(DEMO.no2faMemberId)!;
  return sim.state.users.get(m.userId!)!;
}
const totp = { id: 'a1', type: 'totp', name: 'Authenticator App', dateCreated: '2026-01-01T00:00:00.000Z', dateUsed: null };

describe('require2FA opt-in', () => {
  it('needs no --allow-risky 1.2.1 when every member has 2FA', async () => {
    h = await harness();
    no2faUser(h.sim).authenticators.push(totp);
    const session = await openSnapshotStore(h.dir).startSession({ org: 'acme', url: h.sim.url, level: 'L1', command: 'apply' });
    const outcomes = await applyPlan(h.conn, await collect(h), [require2fa], session, { allowRisky: new Set() });
    expect(outcomes.map((o) => o.status)).toEqual(['applied']);
    expect(h.sim.state.org.require2FA).toBe(true);
    expect([...h.sim.state.members.values()].filter((m) => m.pending).map((m) => m.id)).not.toContain(DEMO.no2faMemberId);
  });

  it('refuses before sending when someone without 2FA appeared since the plan', async () => {
    h = await harness();
    const user = no2faUser(h.sim);
    user.authenticators.push(totp);
    const state = await collect(h);
    user.authenticators.splice(0); // loses 2FA after collection
    const session = await openSnapshotStore(h.dir).startSession({ org: 'acme', url: h.sim.url, level: 'L1', command: 'apply' });
    h.sim.stats.reset();
    const outcomes = await applyPlan(h.conn, state, [require2fa], session, { allowRisky: new Set() });
    expect(outcomes[0]!.status).toBe('failed');
    expect(outcomes[0]!.message).toMatch(/finley@acme\.example into pending invitations: run again with --allow-risky 1\.2\.1/);
    expect(writes(h)).toEqual([]);
    expect(h.sim.state.org.require2FA).toBe(false);
  });

  it('apply --yes applies it without the flag when nobody is removed, and still holds it back otherwise', async () => {
    h = await harness();
    const cwd = mkdtempSync(path.join(tmpdir(), 'sh-2fa-'));
    try {
      const env = { SENTRY_URL: h.sim.url, SENTRY_ORG: h.sim.org, SENTRY_AUTH_TOKEN: h.sim.token };
      const held = homeIo(cwd, env);
      await runApply(globalOptions({ level: 'L1', yes: true, only: ['1.2'] }), held, { registry: null });
      expect(held.err()).toMatch(/held back: 1 change \(risky\); run again with --allow-risky 1\.2\.1/);
      expect(h.sim.state.org.require2FA).toBe(false);

      no2faUser(h.sim).authenticators.push(totp);
      const io = homeIo(cwd, env);
      await runApply(globalOptions({ level: 'L1', yes: true, only: ['1.2'] }), io, { registry: null });
      expect(io.err()).not.toMatch(/held back/);
      expect(io.out()).toMatch(/1\.2\.1\s+fail -> pass/);
      expect(h.sim.state.org.require2FA).toBe(true);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
