// Issue 10 item 8: secrets go nowhere. The PII config's vars.hashKey (relay-pii src/config.rs
// `Vars`) used to be journaled in plain text. Now the journal keeps only a digest, and rollback
// of the relayPiiConfig change restores the rules while the live hashKey stays (over real HTTP).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/engine/apply.js';
import { executeRollback, planRollback } from '../../src/engine/rollback.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import { collect, harness, type Harness } from '../engine/helpers.js';
import { runCheck } from './helpers.js';

const CANARY = 'canary-hashkey-issue10-1b2c3d4e5f';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('issue 10 / 8: the PII hash key never reaches the journal, and rollback restores the rules without it', () => {
  it('apply 3.1.9 then rollback: no file holds the hash key; the live key is kept and the rules are back', async () => {
    h = await harness();
    const hh = h;
    const startCfg = {
      rules: { '0': { type: 'pattern', pattern: 'acct_[0-9]{6,}', redaction: { method: 'replace', text: '[account]' } } },
      applications: { $string: ['0'] },
      vars: { hashKey: CANARY },
    };
    hh.sim.state.org.relayPiiConfig = JSON.stringify(startCfg);
    const state = await collect(hh);
    const out = runCheck('3.1.9', state);
    expect(out.changes).toHaveLength(1);

    const store = openSnapshotStore(hh.dir);
    const session = await store.startSession({ org: 'acme', url: hh.sim.url, level: 'L3', command: 'apply' });
    const outcomes = await applyPlan(hh.conn, state, out.changes ?? [], session, { allowRisky: new Set() });
    expect(outcomes.map((o) => o.status)).toEqual(['applied']);
    // Sentry still has the key (the tool never changes it)
    expect((JSON.parse(hh.sim.state.org.relayPiiConfig!) as typeof startCfg).vars.hashKey).toBe(CANARY);

    const plan = await planRollback(hh.conn, await store.loadSession(session.id), {});
    expect(plan.items.map((i) => i.state)).toEqual(['restorable']);
    const rs = await store.startSession({ org: 'acme', url: hh.sim.url, level: null, command: 'rollback', rollbackOf: session.id });
    const result = await executeRollback(hh.conn, plan, rs, {});
    expect(result.outcomes.map((o) => o.status)).toEqual(['applied']);

    const live = JSON.parse(hh.sim.state.org.relayPiiConfig!) as typeof startCfg;
    expect(live.vars.hashKey).toBe(CANARY);
    expect(live.rules).toEqual(startCfg.rules);
    expect(live.applications).toEqual(startCfg.applications);

    const files = filesUnder(hh.dir);
    expect(files.length).toBeGreaterThan(2);
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toContain(CANARY);
    // the journal says which key was there, as a digest
    expect(files.map((f) => readFileSync(f, 'utf8')).join('\n')).toMatch(/\[redacted sha256:[0-9a-f]{12}\]/);
  });
});
