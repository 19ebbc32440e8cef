// A field the server ignored or refused was never changed by the session: rollback must not
// "restore" it later, even when someone has since set it to the value the session asked for.

import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/engine/apply.js';
import { planRollback } from '../../src/engine/rollback.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import type { PlannedChange } from '../../steps/types.js';
import { collect, harness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const org = (checkId: string, field: string, before: unknown, after: unknown): PlannedChange => ({
  checkId, target: { type: 'organization', id: 'acme' }, field, before, after, risk: 'none', reversible: true,
});

async function applyOne(hh: Harness, changes: PlannedChange[]) {
  const state = await collect(hh);
  const store = openSnapshotStore(hh.dir);
  const session = await store.startSession({ org: 'acme', url: hh.sim.url, level: 'L1', command: 'apply' });
  const outcomes = await applyPlan(hh.conn, state, changes, session, { allowRisky: new Set() });
  return { outcomes, session, store };
}

describe('fields the request did not change', () => {
  it('an ignored field (defaultRole from a manager) is marked and left alone by rollback', async () => {
    h = await harness({ token: 'manager' });
    const { outcomes, session, store } = await applyOne(h, [org('2.1.1', 'defaultRole', 'admin', 'member'), org('2.1.2', 'allowJoinRequests', true, false)]);
    expect(outcomes[0]!.status).toBe('not-effective');
    const fields = session.entries()[0]!.fields;
    expect(fields.find((f) => f.field === 'defaultRole')?.notApplied).toBe(true);
    expect(fields.find((f) => f.field === 'allowJoinRequests')?.notApplied).toBeUndefined();

    h.sim.state.org.defaultRole = 'member'; // an owner sets it later, by hand
    const plan = await planRollback(h.conn, await store.loadSession(session.id));
    const restores = plan.items.flatMap((i) => i.restore ?? []);
    expect(restores.map((c) => c.field)).toEqual(['allowJoinRequests']);
  });

  it('a request refused outright (400) marks every field; rollback sends nothing for it', async () => {
    h = await harness();
    const { outcomes, session, store } = await applyOne(h, [org('2.1.6', 'attachmentsRole', 'member', 'bogus-role')]);
    expect(outcomes[0]!.status).toBe('failed');
    expect(session.entries()[0]!.fields.every((f) => f.notApplied === true)).toBe(true);
    const plan = await planRollback(h.conn, await store.loadSession(session.id));
    expect(plan.items.flatMap((i) => i.restore ?? [])).toEqual([]);
  });
});
