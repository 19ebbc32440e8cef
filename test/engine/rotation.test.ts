import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/engine/apply.js';
import { evaluate, plannedChanges } from '../../src/engine/evaluate.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import { collect, harness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('key rotation (3.2.4)', () => {
  it('creates the replacement but keeps the old key active in the same run, even with --allow-risky 3.2.4', async () => {
    h = await harness();
    const state = await collect(h);
    const results = evaluate(state, DEFAULT_POLICY, { level: 'L3', only: ['3.2.4'], skip: [], now: new Date() });
    const changes = plannedChanges(results);
    const deactivate = changes.find((c) => c.field === 'isActive');
    expect(changes.some((c) => c.field === 'create')).toBe(true);
    expect(deactivate).toBeDefined();
    const oldKey = deactivate!.target.id;
    const project = (deactivate!.target as { project: string }).project;
    const before = h.sim.state.keysByProject.get(project)!.length;

    const session = await openSnapshotStore(h.dir).startSession({ org: 'acme', url: h.sim.url, level: 'L3', command: 'apply' });
    const outcomes = await applyPlan(h.conn, state, changes, session, { allowRisky: new Set(['3.2.4']) });

    const statuses = outcomes.map((o) => [o.request.changes[0]!.field, o.status]);
    expect(statuses).toContainEqual(['create', 'applied']);
    expect(statuses).toContainEqual(['isActive', 'held-back']);
    expect(outcomes.find((o) => o.status === 'held-back')!.message).toMatch(/until the new DSN is deployed/);
    expect(h.sim.state.keys.get(oldKey)!.isActive).toBe(true);
    expect(h.sim.state.keysByProject.get(project)!.length).toBe(before + 1);
  });
});
