// A deleted invitation cannot be restored by the API: rollback names it and sends a NEW
// invitation with the same role and teams (issue 4 §6); a second rollback sends nothing.

import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/engine/apply.js';
import { executeRollback, planRollback } from '../../src/engine/rollback.js';
import { DEMO } from '../../src/simulator/index.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import type { PlannedChange } from '../../steps/types.js';
import { collect, harness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const writes = (hh: Harness): string[] => [...hh.sim.stats.byRoute.keys()].filter((k) => !k.startsWith('GET'));

describe('deleted invitations', () => {
  it('rollback re-sends a deleted invitation with the same role and teams, and names it', async () => {
    h = await harness();
    const invite = h.sim.state.members.get(DEMO.staleOwnerInviteId)!;
    const email = invite.email;
    const teams = [...invite.teamRoles.entries()];
    expect(invite).toMatchObject({ pending: true, orgRole: 'owner' });
    expect(teams.length).toBeGreaterThan(0);

    const del: PlannedChange = {
      checkId: '2.3.4', target: { type: 'invitation', id: invite.id, email }, field: 'exists', before: true, after: false, risk: 'risky', reversible: false,
    };
    const store = openSnapshotStore(h.dir);
    const session = await store.startSession({ org: 'acme', url: h.sim.url, level: 'L2', command: 'apply' });
    const outcomes = await applyPlan(h.conn, await collect(h), [del], session, { allowRisky: new Set(['2.3.4']) });
    expect(outcomes.map((o) => o.status)).toEqual(['applied']);
    expect([...h.sim.state.members.values()].some((m) => m.email === email)).toBe(false);
    expect(session.entries()[0]!.marker).toMatchObject({ kind: 'invitation-delete', email, orgRole: 'owner' });

    const loaded = await store.loadSession(session.id);
    const plan = await planRollback(h.conn, loaded);
    expect(plan.items.map((i) => i.state)).toEqual(['restorable']);
    expect(plan.cannotUndo.join('\n')).toMatch(new RegExp(`Invitation for ${email.replace('.', '\\.')} \\(role owner; platform\\) was deleted.*NEW invitation with the same role`));
    const rs = await store.startSession({ org: 'acme', url: h.sim.url, level: 'L2', command: 'rollback', rollbackOf: session.id });
    const result = await executeRollback(h.conn, plan, rs);
    expect(result.outcomes.map((o) => o.status)).toEqual(['applied']);
    expect(result.complete).toBe(true);

    const again = [...h.sim.state.members.values()].filter((m) => m.email === email);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ pending: true, orgRole: 'owner' });
    expect([...again[0]!.teamRoles.entries()]).toEqual(teams);

    // a second rollback finds the invitation back and sends nothing
    h.sim.stats.reset();
    const plan2 = await planRollback(h.conn, await store.loadSession(session.id));
    expect(plan2.items.map((i) => i.state)).toEqual(['already-restored']);
    const rs2 = await store.startSession({ org: 'acme', url: h.sim.url, level: 'L2', command: 'rollback', rollbackOf: session.id });
    expect((await executeRollback(h.conn, plan2, rs2)).outcomes).toEqual([]);
    expect(writes(h)).toEqual([]);
  });
});
