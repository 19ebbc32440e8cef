// Rollback edge cases found in review: a forced restore of a drifted list keeps what others
// added, a partial (--only) rollback does not mark the whole session rolled back, and a role
// Sentry no longer accepts is named as an effect the API cannot undo.

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

const change = (over: Partial<PlannedChange> & Pick<PlannedChange, 'checkId' | 'target' | 'field' | 'after'>): PlannedChange => ({
  before: null, risk: 'none', reversible: true, ...over,
});
const org = (checkId: string, field: string, before: unknown, after: unknown) =>
  change({ checkId, target: { type: 'organization', id: 'acme' }, field, before, after });

async function apply(hh: Harness, changes: PlannedChange[], allow: string[] = []) {
  const state = await collect(hh);
  const store = openSnapshotStore(hh.dir);
  const session = await store.startSession({ org: 'acme', url: hh.sim.url, level: 'L3', command: 'apply' });
  const outcomes = await applyPlan(hh.conn, state, changes, session, { allowRisky: new Set(allow) });
  return { outcomes, session, store };
}

async function rollback(hh: Harness, sessionId: string, opts: { only?: string[]; forceDrifted?: boolean } = {}) {
  const store = openSnapshotStore(hh.dir);
  const plan = await planRollback(hh.conn, await store.loadSession(sessionId), opts.only ? { only: opts.only } : {});
  const rs = await store.startSession({ org: 'acme', url: hh.sim.url, level: null, command: 'rollback', rollbackOf: sessionId });
  const result = await executeRollback(hh.conn, plan, rs, opts);
  return { plan, result };
}

describe('rollback --force-drifted of lists and scrubbing rules', () => {
  it('removes only what the session added and keeps entries others added since', async () => {
    h = await harness();
    const hh = h;
    const sfBefore = [...hh.sim.state.org.sensitiveFields];
    const piiBefore = hh.sim.state.org.relayPiiConfig!;
    const pii = JSON.parse(piiBefore) as { rules: Record<string, unknown>; applications: Record<string, string[]> };
    const piiAfter = JSON.stringify({
      rules: { ...pii.rules, 'sentry-harden-creditcard-mask': { type: 'creditcard', redaction: { method: 'mask' } } },
      applications: { ...pii.applications, $string: [...(pii.applications.$string ?? []), 'sentry-harden-creditcard-mask'] },
    });
    const blockedBefore = [...(hh.sim.state.projects.get('api-prod')!.options.get('sentry:blacklisted_ips') as string[])];
    const { outcomes, session } = await apply(hh, [
      org('3.1.3', 'sensitiveFields', sfBefore, [...sfBefore, 'cvv']),
      org('3.1.9', 'relayPiiConfig', piiBefore, piiAfter),
      change({ checkId: '3.3.4', target: { type: 'project', id: 'api-prod' }, field: 'blockedIps', before: blockedBefore, after: [...blockedBefore, '198.51.100.0/24'] }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);

    // a colleague adds their own entries after the session
    hh.sim.state.org.sensitiveFields.push('colleague_field');
    const cfg = JSON.parse(hh.sim.state.org.relayPiiConfig!) as typeof pii;
    cfg.rules.colleague = { type: 'email', redaction: { method: 'hash' } };
    cfg.applications['$user.email'] = ['colleague'];
    hh.sim.state.org.relayPiiConfig = JSON.stringify(cfg);
    (hh.sim.state.projects.get('api-prod')!.options.get('sentry:blacklisted_ips') as string[]).push('192.0.2.1');

    const { plan, result } = await rollback(hh, session.id, { forceDrifted: true });
    expect(plan.items.map((i) => i.state)).toEqual(['drifted', 'drifted']);
    expect(result.outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    // the session's additions are gone, the colleague's entries stay
    expect(hh.sim.state.org.sensitiveFields).toEqual([...sfBefore, 'colleague_field']);
    const live = JSON.parse(hh.sim.state.org.relayPiiConfig!) as typeof pii;
    expect(live.rules.colleague).toEqual({ type: 'email', redaction: { method: 'hash' } });
    expect(live.applications['$user.email']).toEqual(['colleague']);
    expect(Object.values(live.rules)).not.toContainEqual({ type: 'creditcard', redaction: { method: 'mask' } });
    expect(live.rules['0']).toEqual(pii.rules['0']);
    expect(hh.sim.state.projects.get('api-prod')!.options.get('sentry:blacklisted_ips')).toEqual([...blockedBefore, '192.0.2.1']);
  });

  it('without drift a list is still restored exactly (order and spelling of the saved value)', async () => {
    h = await harness();
    const hh = h;
    hh.sim.state.org.sensitiveFields = ['Internal_ID', 'credit_card'];
    const { session } = await apply(hh, [org('3.1.3', 'sensitiveFields', ['Internal_ID', 'credit_card'], ['Internal_ID', 'credit_card', 'cvv'])]);
    expect(hh.sim.state.org.sensitiveFields).toEqual(['Internal_ID', 'credit_card', 'cvv']);
    const { result } = await rollback(hh, session.id);
    expect(result.outcomes.map((o) => o.status)).toEqual(['applied']);
    expect(hh.sim.state.org.sensitiveFields).toEqual(['Internal_ID', 'credit_card']);
  });
});

describe('rollback --only', () => {
  it('restores the chosen control and leaves the session NOT marked rolled back', async () => {
    h = await harness();
    const { session, store } = await apply(h, [org('2.1.2', 'allowJoinRequests', true, false), org('3.1.7', 'allowSharedIssues', true, false)]);
    const { result } = await rollback(h, session.id, { only: ['2.1'] });
    expect(result.outcomes.map((o) => o.status)).toEqual(['applied']);
    expect(h.sim.state.org.allowJoinRequests).toBe(true);
    expect(h.sim.state.org.allowSharedIssues).toBe(false);
    const reloaded = await store.loadSession(session.id);
    expect(reloaded.manifest().status).not.toBe('rolled-back');
    expect(reloaded.manifest().rolledBackBy ?? []).toEqual([]);
    // the rest, rolled back later, completes it
    await rollback(h, session.id);
    expect(h.sim.state.org.allowSharedIssues).toBe(true);
    expect((await store.loadSession(session.id)).manifest().status).toBe('rolled-back');
  });
});

describe('retired admin role', () => {
  it('is named as not restorable, and does not stop restoring the other role changes of its control', async () => {
    h = await harness();
    const admin = h.sim.state.members.get(DEMO.adminRoleMemberId)!;
    expect(admin.orgRole).toBe('admin');
    const { outcomes, session } = await apply(h, [
      change({ checkId: '2.3.1', target: { type: 'member', id: '1020', email: 'blake@acme.example' }, field: 'orgRole', before: 'owner', after: 'manager', risk: 'risky' }),
      change({ checkId: '2.3.5', target: { type: 'member', id: admin.id, email: admin.email }, field: 'orgRole', before: 'admin', after: 'member' }),
    ], ['2.3.1']);
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    const { plan, result } = await rollback(h, session.id);
    // reverse order: the admin entry comes first
    expect(plan.items.map((i) => i.state)).toEqual(['cannot-undo', 'restorable']);
    expect(plan.cannotUndo.join('\n')).toMatch(new RegExp(`${admin.email.replace('.', '\\.')}.*retired admin role`));
    expect(result.outcomes.map((o) => o.status)).toEqual(['applied']);
    expect(h.sim.state.members.get('1020')!.orgRole).toBe('owner');
    expect(h.sim.state.members.get(admin.id)!.orgRole).toBe('member');
  });
});

describe('entries that touch several projects', () => {
  it('a project deleted since does not keep the others of a spike-protection entry from being restored', async () => {
    h = await harness();
    const hh = h;
    const disabled = (slug: string): unknown => hh.sim.state.projects.get(slug)?.options.get('quotas:spike-protection-disabled');
    expect([disabled('android-app'), disabled('web-app')]).toEqual([true, true]);
    const spike = (slug: string) => change({ checkId: '3.2.3', target: { type: 'spike-protection', id: slug }, field: 'enabled', before: false, after: true });
    const { outcomes, session } = await apply(hh, [spike('android-app'), spike('web-app')]);
    expect(outcomes.map((o) => o.status)).toEqual(['applied']);
    expect([disabled('android-app'), disabled('web-app')]).toEqual([false, false]);
    hh.sim.state.projects.delete('web-app'); // someone deleted a project since

    const { plan, result } = await rollback(hh, session.id);
    expect(plan.items.map((i) => i.state)).toEqual(['restorable']);
    expect(plan.items[0]!.message).toMatch(/web-app.*no longer exists/);
    expect(result.outcomes.map((o) => o.status)).toEqual(['applied']);
    expect(disabled('android-app')).toBe(true);
  });
});

describe('one session that changed the same field twice (wizard: a control applied again)', () => {
  it('rollback restores the starting value: the later entry is not "drift" of the earlier one, and merged restores build on each other', async () => {
    h = await harness();
    const hh = h;
    const start = [...hh.sim.state.org.sensitiveFields];
    const startPii = hh.sim.state.org.relayPiiConfig;
    const store = openSnapshotStore(hh.dir);
    const session = await store.startSession({ org: 'acme', url: hh.sim.url, level: 'L3', command: 'wizard' });
    const once = async (add: string) => {
      const state = await collect(hh);
      const live = state.org.ok ? state.org.value.sensitiveFields : [];
      return applyPlan(hh.conn, state, [org('3.1.3', 'sensitiveFields', live, [...live, add])], session, { allowRisky: new Set(), keepSessionOpen: true });
    };
    expect((await once('cvv')).map((o) => o.status)).toEqual(['applied']);
    expect((await once('iban')).map((o) => o.status)).toEqual(['applied']);
    await session.finish('complete');
    expect(hh.sim.state.org.sensitiveFields).toEqual([...start, 'cvv', 'iban']);

    const { plan, result } = await rollback(hh, session.id);
    expect(plan.items.map((i) => i.state)).toEqual(['restorable', 'restorable']);
    expect(result.outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(hh.sim.state.org.sensitiveFields).toEqual(start);
    expect(hh.sim.state.org.relayPiiConfig).toBe(startPii);
    expect(result.complete).toBe(true);
  });

  it('two changes of one list in one request are merged one after the other, not both from the same read', async () => {
    h = await harness();
    const hh = h;
    const start = [...hh.sim.state.org.sensitiveFields];
    const { outcomes, session } = await apply(hh, [
      org('3.1.3', 'sensitiveFields', start, [...start, 'cvv']),
      org('3.1.3', 'sensitiveFields', start, [...start, 'iban']),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['applied']);
    expect(hh.sim.state.org.sensitiveFields).toEqual([...start, 'cvv', 'iban']);
    // one journal field per field: before is the live value read, after what was sent
    expect(session.entries()[0]!.fields).toEqual([{ field: 'sensitiveFields', before: start, after: [...start, 'cvv', 'iban'] }]);
  });
});

describe('rotation key read-back', () => {
  it('checks the SDK version the follow-up PUT sets, not only that the new key exists', async () => {
    h = await harness();
    const old = h.sim.state.keysByProject.get('web-app')!.find((k) => k.name === 'Mobile web')!;
    expect(old.browserSdkVersion).toBe('8.x');
    // the key POST succeeds, the PUT that sets its SDK version answers 500 without applying it
    h.sim.faults.failNext({ method: 'PUT', path: /\/keys\/[0-9a-f]+\/$/ }, 500, 1);
    const { outcomes, session } = await apply(h, [
      change({ checkId: '3.2.4', target: { type: 'key', id: `rotation-of-${old.id}`, project: 'web-app' }, field: 'create', after: { name: 'sentry-harden {session} rotates', browserSdkVersion: '8.x' }, context: { rotates: old.id } }),
    ]);
    const created = h.sim.state.keysByProject.get('web-app')!.find((k) => k.name.includes(session.shortId))!;
    expect(created.browserSdkVersion).toBe('latest');
    expect(outcomes[0]!.status).not.toBe('applied');
    expect(outcomes[0]!.message).toMatch(/browserSdkVersion/);
    expect(session.entries()[0]!.marker).toMatchObject({ kind: 'key-create', keyId: created.id });
  });
});

describe('role change read-back', () => {
  it('reports team rows the server dropped with a role change (not only the role)', async () => {
    h = await harness();
    const hh = h;
    const state = await collect(hh);
    const session = await openSnapshotStore(hh.dir).startSession({ org: 'acme', url: hh.sim.url, level: 'L3', command: 'apply' });
    expect([...hh.sim.state.members.get('1050')!.teamRoles.keys()].length).toBeGreaterThan(0);
    const outcomes = await applyPlan(hh.conn, state, [
      change({ checkId: '2.3.5', target: { type: 'member', id: '1050', email: 'evan@acme.example' }, field: 'orgRole', before: 'manager', after: 'member' }),
    ], session, {
      allowRisky: new Set(),
      // the server applies the role but drops the member's team rows (organization.md §3.4 risk)
      hooks: { afterSend: () => void hh.sim.state.members.get('1050')!.teamRoles.clear() },
    });
    expect(hh.sim.state.members.get('1050')!.orgRole).toBe('member');
    expect(outcomes[0]!.status).toBe('not-effective');
    expect(outcomes[0]!.message).toMatch(/teams/);
  });
});

describe('rotation with the new DSN confirmed deployed', () => {
  it('does not deactivate the old key when its replacement was not created as planned', async () => {
    h = await harness();
    const hh = h;
    const old = hh.sim.state.keysByProject.get('api-prod')![0]!;
    const state = await collect(hh);
    const session = await openSnapshotStore(hh.dir).startSession({ org: 'acme', url: hh.sim.url, level: 'L3', command: 'wizard' });
    const outcomes = await applyPlan(hh.conn, state, [
      change({ checkId: '3.2.4', target: { type: 'key', id: `rotation-of-${old.id}`, project: 'api-prod' }, field: 'create', after: { name: 'sentry-harden {session} rotates' }, context: { rotates: old.id } }),
      change({ checkId: '3.2.4', target: { type: 'key', id: old.id, project: 'api-prod' }, field: 'isActive', before: true, after: false, risk: 'risky', context: { afterCreateOf: old.id } }),
    ], session, {
      allowRisky: new Set(['3.2.4']),
      rotationDeployed: true,
      hooks: {
        // the server created the key but not as asked (here: under another name), so the
        // read-back cannot find the replacement
        afterSend: (r) => {
          if (r.method !== 'POST') return;
          const k = hh.sim.state.keysByProject.get('api-prod')!.find((x) => x.name.includes(session.shortId));
          if (k) k.name = 'renamed by the server';
        },
      },
    });
    expect(outcomes.map((o) => o.status)).toEqual(['not-effective', 'skipped']);
    expect(outcomes[1]!.message).toMatch(/replacement/);
    expect(hh.sim.state.keys.get(old.id)!.isActive).toBe(true);
  });
});
