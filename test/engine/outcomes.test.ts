// Engine outcomes over real HTTP: applied, not effective (and why), failed (Sentry's field
// messages), held back (with the flag), and a failure stopping its control only.

import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/engine/apply.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import type { PlannedChange } from '../../steps/types.js';
import { collect, harness, type Harness } from './helpers.js';

const orgChange = (checkId: string, field: string, before: unknown, after: unknown, risk: PlannedChange['risk'] = 'none'): PlannedChange => ({
  checkId, target: { type: 'organization', id: 'acme' }, field, before, after, risk, reversible: true,
});

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function run(hh: Harness, changes: PlannedChange[], allow: string[] = []) {
  const state = await collect(hh);
  const session = await openSnapshotStore(hh.dir).startSession({ org: 'acme', url: hh.sim.url, level: 'L3', command: 'apply' });
  const outcomes = await applyPlan(hh.conn, state, changes, session, { allowRisky: new Set(allow) });
  return { outcomes, session };
}

describe('engine outcomes', () => {
  it('reports rateLimit on a project without the rate-limits feature as not effective, saying why', async () => {
    h = await harness();
    const key = h.sim.state.keysByProject.get('ingest-gateway')![0]!;
    const { outcomes, session } = await run(h, [
      { checkId: '3.2.1', target: { type: 'key', id: key.id, project: 'ingest-gateway', name: key.name }, field: 'rateLimit', before: null, after: { window: 60, count: 1000 }, risk: 'disruptive', reversible: true },
    ]);
    expect(outcomes[0]!.status).toBe('not-effective');
    expect(outcomes[0]!.message).toMatch(/rate-limits feature/);
    expect(session.entries()[0]!.status).toBe('not-effective');
    expect(h.sim.state.keys.get(key.id)!.rateLimit).toBeNull();
  });

  it('reports defaultRole sent with a manager token as not effective (owner-only)', async () => {
    h = await harness({ token: 'manager' });
    const { outcomes } = await run(h, [orgChange('2.1.1', 'defaultRole', 'admin', 'member'), orgChange('2.1.2', 'allowJoinRequests', true, false)]);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.status).toBe('not-effective');
    expect(outcomes[0]!.message).toMatch(/defaultRole: owner-only/);
    expect(h.sim.state.org.defaultRole).toBe('admin');
    expect(h.sim.state.org.allowJoinRequests).toBe(false);
  });

  it('reports a 400 as failed with Sentry field messages, stops that control only', async () => {
    h = await harness();
    const { outcomes, session } = await run(h, [
      orgChange('2.1.6', 'attachmentsRole', 'member', 'bogus-role'),
      { checkId: '2.1.7', target: { type: 'project', id: 'payments-service' }, field: 'debugFilesRole', before: 'member', after: null, risk: 'none', reversible: true },
      orgChange('3.1.7', 'allowSharedIssues', true, false),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'skipped', 'applied']);
    expect(outcomes[0]!.fieldErrors).toEqual({ attachmentsRole: [expect.stringMatching(/Invalid role/)] });
    expect(outcomes[0]!.message).toMatch(/attachmentsRole: Invalid role/);
    expect(outcomes[1]!.message).toMatch(/control 2\.1 stopped/);
    expect(session.entries().map((e) => e.status)).toEqual(['failed', 'applied']);
    expect(session.manifest().status).toBe('partial');
    expect(h.sim.state.projects.get('payments-service')!.options.get('sentry:debug_files_role')).toBe('member');
  });

  it('holds back risky changes unless allowed, naming the flag', async () => {
    h = await harness();
    const invite: PlannedChange = {
      checkId: '2.3.4', target: { type: 'invitation', id: '1900', email: 'new-cto@acme.example' }, field: 'exists', before: true, after: false, risk: 'risky', reversible: false,
    };
    const { outcomes, session } = await run(h, [orgChange('1.2.1', 'require2FA', false, true, 'risky'), invite]);
    expect(outcomes.map((o) => [o.status, o.heldBackFlag])).toEqual([
      ['held-back', '--allow-risky 1.2.1'],
      ['held-back', '--allow-risky 2.3.4'],
    ]);
    expect(session.entries()).toHaveLength(0);
    expect(h.sim.state.org.require2FA).toBe(false);
    expect(h.sim.state.members.has('1900')).toBe(true);
  });

  it('emits events in order and stops before the next request when aborted', async () => {
    h = await harness();
    const ac = new AbortController();
    const events: string[] = [];
    const state = await collect(h);
    const session = await openSnapshotStore(h.dir).startSession({ org: 'acme', url: h.sim.url, level: 'L3', command: 'apply' });
    const outcomes = await applyPlan(h.conn, state, [orgChange('2.1.2', 'allowJoinRequests', true, false), orgChange('3.1.7', 'allowSharedIssues', true, false)], session, {
      allowRisky: new Set(),
      signal: ac.signal,
      onEvent: (e) => {
        events.push(e.type);
        if (e.type === 'request-finished') ac.abort();
      },
    });
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'skipped']);
    expect(events).toEqual(['session-started', 'request-started', 'request-finished', 'request-finished', 'session-finished']);
    expect(h.sim.state.org.allowSharedIssues).toBe(true);
    expect(session.manifest().status).toBe('partial');
  });
});
