import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan, groupIntoRequests } from '../../src/engine/apply.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import type { PlannedChange } from '../../steps/types.js';
import { collect, fingerprint, harness, type Harness } from './helpers.js';

const org = (checkId: string, field: string, before: unknown, after: unknown, risk: PlannedChange['risk'] = 'none'): PlannedChange => ({
  checkId, target: { type: 'organization', id: 'acme' }, field, before, after, risk, reversible: true,
});

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

describe('applyPlan', () => {
  it('applies org fields in one PUT per control and reads them back', async () => {
    const state = await collect(h);
    const store = openSnapshotStore(h.dir);
    const session = await store.startSession({ org: 'acme', url: h.sim.url, level: 'L2', command: 'apply' });
    const changes = [org('2.1.2', 'allowJoinRequests', true, false), org('2.1.4', 'allowMemberInvite', true, false), org('3.1.7', 'allowSharedIssues', true, false)];
    expect(groupIntoRequests(changes)).toHaveLength(2);
    h.sim.stats.reset();
    const out = await applyPlan(h.conn, state, changes, session, { allowRisky: new Set() });
    expect(out.map((o) => o.status)).toEqual(['applied', 'applied']);
    expect(h.sim.state.org.allowJoinRequests).toBe(false);
    expect(h.sim.state.org.allowMemberInvite).toBe(false);
    expect(h.sim.state.org.allowSharedIssues).toBe(false);
    expect(session.entries()).toHaveLength(2);
    expect(session.entries()[0]!.status).toBe('applied');
    expect(session.manifest().status).toBe('complete');
    expect(fingerprint(h.sim.state)).toBeTruthy();
  });
});
