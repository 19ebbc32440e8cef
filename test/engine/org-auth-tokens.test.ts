// Revoking an organization auth token (DELETE org-auth-tokens/{id}/, org_auth_token_details.py):
// risky, so held back without its opt-in; the journal keeps what was revoked (name, scopes,
// dates) and never the token; rollback cannot restore it and says so, sending nothing.

import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/engine/apply.js';
import { executeRollback, planRollback } from '../../src/engine/rollback.js';
import { DEMO_INTEGRATIONS } from '../../src/simulator/seed-integrations.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import type { PlannedChange } from '../../steps/types.js';
import { collect, harness, type Harness } from './helpers.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const writes = (hh: Harness): string[] => [...hh.sim.stats.byRoute.keys()].filter((k) => !k.startsWith('GET'));

function revoke(id: string, name: string): PlannedChange {
  return { checkId: '2.4.1', target: { type: 'org-auth-token', id, name }, field: 'exists', before: true, after: false, risk: 'risky', reversible: false };
}

describe('org auth token revoke', () => {
  it('is held back without --allow-risky 2.4.1 and sends nothing', async () => {
    h = await harness();
    const store = openSnapshotStore(h.dir);
    const session = await store.startSession({ org: 'acme', url: h.sim.url, level: 'L1', command: 'apply' });
    h.sim.stats.reset();
    const outcomes = await applyPlan(h.conn, await collect(h, 'L1'), [revoke(DEMO_INTEGRATIONS.staleTokenId, 'Old deploy script')], session, { allowRisky: new Set() });
    expect(outcomes.map((o) => [o.status, o.heldBackFlag])).toEqual([['held-back', '--allow-risky 2.4.1']]);
    expect(writes(h)).toEqual([]);
    expect(h.sim.state.orgAuthTokens.get(DEMO_INTEGRATIONS.staleTokenId)!.dateDeactivated).toBeNull();
  });

  it('revokes, reads back, journals name/scopes/dates but no token; rollback reports it as not restorable and sends nothing', async () => {
    h = await harness();
    // the demo's CI token: the simulator's org:ci token authenticates as it
    const rec = h.sim.state.orgAuthTokens.get(DEMO_INTEGRATIONS.ciTokenId)!;
    const secret = h.sim.tokens.orgCi;
    expect(rec.token).toBe(secret);
    const store = openSnapshotStore(h.dir);
    const session = await store.startSession({ org: 'acme', url: h.sim.url, level: 'L1', command: 'apply' });
    const outcomes = await applyPlan(h.conn, await collect(h, 'L1'), [revoke(rec.id, rec.name)], session, { allowRisky: new Set(['2.4.1']) });
    expect(outcomes.map((o) => o.status)).toEqual(['applied']);
    expect(rec.dateDeactivated).not.toBeNull();
    expect(h.sim.state.tokens.has(secret)).toBe(false);

    const entry = session.entries()[0]!;
    expect(entry).toMatchObject({ method: 'DELETE', fields: [{ field: 'exists', before: true, after: false }] });
    expect(entry.marker).toEqual({ kind: 'org-auth-token-revoke', name: 'GitHub Actions', scopes: ['org:ci'], dateCreated: rec.dateCreated, dateLastUsed: rec.dateLastUsed });
    // nothing on disk holds the token or its last characters
    const files = readdirSync(session.dir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
    for (const f of files) {
      const text = readFileSync(path.join(session.dir, f), 'utf8');
      expect(text).not.toContain(secret);
      expect(text).not.toContain(rec.tokenLastCharacters);
    }

    h.sim.stats.reset();
    const plan = await planRollback(h.conn, await store.loadSession(session.id));
    expect(plan.items.map((i) => i.state)).toEqual(['cannot-undo']);
    expect(plan.items[0]!.message).toMatch(/^NOT RESTORED: a revoked organization auth token cannot be restored/);
    expect(plan.cannotUndo).toEqual([expect.stringMatching(/^Organization auth token "GitHub Actions" \(id 4001; scopes org:ci; created \d{4}-\d\d-\d\d, last used \d{4}-\d\d-\d\d\) was revoked: Sentry cannot restore a revoked token/)]);
    const rs = await store.startSession({ org: 'acme', url: h.sim.url, level: 'L1', command: 'rollback', rollbackOf: session.id });
    const result = await executeRollback(h.conn, plan, rs);
    expect(result.outcomes).toEqual([]);
    expect(result.skipped.map((i) => i.state)).toEqual(['cannot-undo']);
    expect(writes(h)).toEqual([]);
    expect(rec.dateDeactivated).not.toBeNull();
  });

  it('a token revoked by someone else before the run is left alone (nothing journaled, nothing sent)', async () => {
    h = await harness();
    const state = await collect(h, 'L1');
    h.sim.state.orgAuthTokens.get(DEMO_INTEGRATIONS.staleTokenId)!.dateDeactivated = new Date().toISOString();
    const store = openSnapshotStore(h.dir);
    const session = await store.startSession({ org: 'acme', url: h.sim.url, level: 'L1', command: 'apply' });
    h.sim.stats.reset();
    await applyPlan(h.conn, state, [revoke(DEMO_INTEGRATIONS.staleTokenId, 'Old deploy script')], session, { allowRisky: new Set(['2.4.1']) });
    expect(writes(h)).toEqual([]);
  });
});
