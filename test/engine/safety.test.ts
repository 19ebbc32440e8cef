// Every safety rule of DESIGN.md, enforced by the engine whatever the plan says.

import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan, groupIntoRequests, preflight } from '../../src/engine/apply.js';
import { executeRollback, planRollback } from '../../src/engine/rollback.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import type { PlannedChange } from '../../steps/types.js';
import { collect, fingerprint, harness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const change = (over: Partial<PlannedChange> & Pick<PlannedChange, 'checkId' | 'target' | 'field' | 'after'>): PlannedChange => ({
  before: null, risk: 'none', reversible: true, ...over,
});
const org = (checkId: string, field: string, before: unknown, after: unknown, risk: PlannedChange['risk'] = 'none') =>
  change({ checkId, target: { type: 'organization', id: 'acme' }, field, before, after, risk });

async function apply(hh: Harness, changes: PlannedChange[], allow: string[] = [], mutate?: () => void) {
  const state = await collect(hh);
  mutate?.(); // someone changes the org between collection and apply
  const store = openSnapshotStore(hh.dir);
  const session = await store.startSession({ org: 'acme', url: hh.sim.url, level: 'L3', command: 'apply' });
  hh.sim.stats.reset();
  const outcomes = await applyPlan(hh.conn, state, changes, session, { allowRisky: new Set(allow) });
  return { outcomes, session, store };
}

const writes = (hh: Harness): string[] => [...hh.sim.stats.byRoute.keys()].filter((k) => !k.startsWith('GET'));

describe('read-merge-write', () => {
  it('merges sensitiveFields, relayPiiConfig and blocked IPs into the LIVE value (nothing of the user dropped)', async () => {
    h = await harness();
    const hh = h;
    const livePii = JSON.parse(hh.sim.state.org.relayPiiConfig!) as { rules: Record<string, unknown>; applications: Record<string, string[]> };
    const planAfter = {
      rules: { ...livePii.rules, 'sentry-harden-creditcard-mask': { type: 'creditcard', redaction: { method: 'mask' } } },
      applications: { ...livePii.applications, $string: [...(livePii.applications.$string ?? []), 'sentry-harden-creditcard-mask'] },
    };
    const { outcomes } = await apply(
      hh,
      [
        org('3.1.3', 'sensitiveFields', ['credit_card', 'internal_id'], ['credit_card', 'internal_id', 'cvv']),
        org('3.1.9', 'relayPiiConfig', hh.sim.state.org.relayPiiConfig, JSON.stringify(planAfter)),
        change({ checkId: '3.3.4', target: { type: 'project', id: 'api-prod' }, field: 'blockedIps', before: ['10.0.0.0/8', '203.0.113.7'], after: ['10.0.0.0/8', '203.0.113.7', '198.51.100.0/24'] }),
      ],
      [],
      () => {
        hh.sim.state.org.sensitiveFields.push('added_by_colleague');
        const cfg = JSON.parse(hh.sim.state.org.relayPiiConfig!) as typeof livePii;
        cfg.rules.colleague = { type: 'email', redaction: { method: 'hash' } };
        cfg.applications['$user.email'] = ['colleague'];
        hh.sim.state.org.relayPiiConfig = JSON.stringify(cfg);
        (hh.sim.state.projects.get('api-prod')!.options.get('sentry:blacklisted_ips') as string[]).push('192.0.2.1');
      },
    );
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    expect(hh.sim.state.org.sensitiveFields).toEqual(['credit_card', 'internal_id', 'added_by_colleague', 'cvv']);
    const pii = JSON.parse(hh.sim.state.org.relayPiiConfig!) as typeof livePii;
    expect(pii.rules.colleague).toEqual({ type: 'email', redaction: { method: 'hash' } });
    expect(pii.applications['$user.email']).toEqual(['colleague']);
    expect(Object.values(pii.rules)).toContainEqual({ type: 'creditcard', redaction: { method: 'mask' } });
    expect(hh.sim.state.projects.get('api-prod')!.options.get('sentry:blacklisted_ips')).toEqual(['10.0.0.0/8', '203.0.113.7', '192.0.2.1', '198.51.100.0/24']);
  });

  it('removing safe fields keeps entries the user added since', async () => {
    h = await harness();
    const hh = h;
    await apply(hh, [change({ checkId: '3.1.6', target: { type: 'project', id: 'worker' }, field: 'safeFields', before: ['user.email'], after: [] })], [], () => {
      (hh.sim.state.projects.get('worker')!.options.get('sentry:safe_fields') as string[]).push('extra.order_id');
    });
    expect(hh.sim.state.projects.get('worker')!.options.get('sentry:safe_fields')).toEqual(['extra.order_id']);
  });
});

describe('local validation before sending', () => {
  it('refuses invalid IP entries and too-long sensitive fields without sending anything', async () => {
    h = await harness();
    const { outcomes } = await apply(h, [
      change({ checkId: '3.3.4', target: { type: 'project', id: 'worker' }, field: 'blockedIps', before: [], after: ['not-an-ip', '10.0.0.0/99'] }),
      org('3.1.3', 'sensitiveFields', [], ['x'.repeat(2001), 'y'.repeat(2001)]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'failed']);
    expect(outcomes[0]!.message).toMatch(/not-an-ip, 10\.0\.0\.0\/99/);
    expect(outcomes[1]!.message).toMatch(/4000-character/);
    expect(writes(h)).toEqual([]);
  });
});

describe('keys', () => {
  it('re-sends the live browserSdkVersion on every key PUT', async () => {
    h = await harness();
    const key = h.sim.state.keysByProject.get('web-app')!.find((k) => k.name === 'Mobile web')!;
    expect(key.browserSdkVersion).toBe('8.x');
    const { outcomes } = await apply(h, [
      change({ checkId: '3.2.1', target: { type: 'key', id: key.id, project: 'web-app' }, field: 'rateLimit', after: { window: 60, count: 500 } }),
    ]);
    expect(outcomes[0]!.status).toBe('applied');
    expect(h.sim.state.keys.get(key.id)).toMatchObject({ rateLimit: { window: 60, count: 500 }, browserSdkVersion: '8.x' });
  });

  it('rotation creates the new key (name carries the session id) and deactivates the old one only when allowed', async () => {
    h = await harness();
    const old = h.sim.state.keysByProject.get('api-prod')![0]!;
    const rotation: PlannedChange[] = [
      change({ checkId: '3.2.4', target: { type: 'key', id: `rotation-of-${old.id}`, project: 'api-prod' }, field: 'create', after: { name: 'sentry-harden {session} rotates' }, context: { rotates: old.id } }),
      change({ checkId: '3.2.4', target: { type: 'key', id: old.id, project: 'api-prod' }, field: 'isActive', before: true, after: false, risk: 'risky' }),
    ];
    const { outcomes, session } = await apply(h, rotation);
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'held-back']);
    expect(outcomes[1]!.heldBackFlag).toBe('--allow-risky 3.2.4');
    const created = h.sim.state.keysByProject.get('api-prod')!.find((k) => k.name.includes(session.shortId));
    expect(created?.isActive).toBe(true);
    expect(session.entries()[0]!.marker).toMatchObject({ kind: 'key-create', keyId: created!.id });
    expect(h.sim.state.keys.get(old.id)!.isActive).toBe(true);
    // rollback deactivates the new key, never deletes it
    const conn = h.conn;
    const plan = await planRollback(conn, session);
    const rs = await openSnapshotStore(h.dir).startSession({ org: 'acme', url: h.sim.url, level: null, command: 'rollback' });
    await executeRollback(conn, plan, rs);
    expect(h.sim.state.keys.get(created!.id)?.isActive).toBe(false);
  });
});

describe('crash between create and read-back', () => {
  it('a pending key-create entry is resolved by the name carrying the session id', async () => {
    h = await harness();
    const old = h.sim.state.keysByProject.get('api-prod')![0]!;
    const state = await collect(h);
    const store = openSnapshotStore(h.dir);
    const session = await store.startSession({ org: 'acme', url: h.sim.url, level: 'L3', command: 'apply' });
    const crash = applyPlan(h.conn, state, [
      change({ checkId: '3.2.4', target: { type: 'key', id: `rotation-of-${old.id}`, project: 'api-prod' }, field: 'create', after: { name: 'rotated' }, context: { rotates: old.id } }),
    ], session, {
      allowRisky: new Set(),
      hooks: {
        afterSend: () => {
          throw new Error('simulated crash before the read-back');
        },
      },
    });
    await expect(crash).rejects.toThrow(/simulated crash/);
    const loaded = await store.loadSession(session.id);
    const e = loaded.entries()[0]!;
    expect(e.status).toBe('pending');
    expect(e.marker).toEqual({ kind: 'key-create', project: 'api-prod', name: `rotated (sentry-harden ${session.shortId})` });
    const plan = await planRollback(h.conn, loaded);
    expect(plan.items[0]!.state).toBe('restorable');
    const rs = await store.startSession({ org: 'acme', url: h.sim.url, level: null, command: 'rollback' });
    await executeRollback(h.conn, plan, rs);
    const created = h.sim.state.keysByProject.get('api-prod')!.find((k) => k.name.includes(session.shortId))!;
    expect(created.isActive).toBe(false);
    expect(h.sim.state.keys.get(old.id)!.isActive).toBe(true);
  });
});

describe('members and owners', () => {
  it('a role PUT carries the member\'s full teamRoles (teams kept)', async () => {
    h = await harness();
    const before = [...h.sim.state.members.get('1050')!.teamRoles.keys()].sort();
    const { outcomes } = await apply(h, [
      change({ checkId: '2.3.5', target: { type: 'member', id: '1050', email: 'evan@acme.example' }, field: 'orgRole', before: 'manager', after: 'member' }),
    ]);
    expect(outcomes[0]!.status).toBe('applied');
    expect(h.sim.state.members.get('1050')!.orgRole).toBe('member');
    expect([...h.sim.state.members.get('1050')!.teamRoles.keys()].sort()).toEqual(before);
  });

  it('rollback of an owner demotion restores the role and the team roles exactly', async () => {
    h = await harness();
    const start = fingerprint(h.sim.state);
    const { outcomes, session, store } = await apply(h, [
      change({ checkId: '2.3.1', target: { type: 'member', id: '1020', email: 'blake@acme.example' }, field: 'orgRole', before: 'owner', after: 'manager', risk: 'risky' }),
    ], ['2.3.1']);
    expect(outcomes[0]!.status).toBe('applied');
    expect(session.entries()[0]!.marker).toEqual({ kind: 'member-role', teamRoles: [{ teamSlug: 'backend', role: 'admin' }] });
    // Sentry nulls team roles a demotion makes redundant: the restore must put them back
    h.sim.state.members.get('1020')!.teamRoles.set('backend', null);
    const plan = await planRollback(h.conn, await store.loadSession(session.id));
    const rs = await store.startSession({ org: 'acme', url: h.sim.url, level: null, command: 'rollback' });
    const r = await executeRollback(h.conn, plan, rs);
    expect(r.outcomes.map((o) => o.status)).toEqual(['applied']);
    expect(fingerprint(h.sim.state)).toEqual(start);
  });

  it('never changes the acting user\'s own role', async () => {
    h = await harness();
    const { outcomes } = await apply(h, [
      change({ checkId: '2.3.1', target: { type: 'member', id: '1010', email: 'alex@acme.example' }, field: 'orgRole', before: 'owner', after: 'manager', risk: 'risky' }),
    ], ['2.3.1']);
    expect(outcomes[0]!.status).not.toBe('applied');
    expect(outcomes[0]!.message).toMatch(/own role/);
    expect(writes(h)).toEqual([]);
    expect(h.sim.state.members.get('1010')!.orgRole).toBe('owner');
  });

  it('refuses demotions that would leave fewer than minOwners owners', async () => {
    h = await harness();
    const demote = (id: string, email: string) =>
      change({ checkId: '2.3.1', target: { type: 'member', id, email }, field: 'orgRole', before: 'owner', after: 'manager', risk: 'risky' });
    const changes = [demote('1020', 'blake@acme.example'), demote('1030', 'casey@acme.example'), demote('1040', 'dana@acme.example')];
    const state = await collect(h);
    const pf = preflight(state, changes, DEFAULT_POLICY);
    expect(pf.blockers.join(' ')).toMatch(/leave 1 owner.*minOwners 2/);
    const { outcomes } = await apply(h, changes, ['2.3.1']);
    expect(outcomes.every((o) => o.status === 'skipped' && /minOwners/.test(o.message ?? ''))).toBe(true);
    expect(writes(h)).toEqual([]);
    // two demotions leave 2: allowed
    const ok = await apply(h, changes.slice(0, 2), ['2.3.1']);
    expect(ok.outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
  });
});

describe('require2FA pre-flight', () => {
  it('refuses when the acting user has no 2FA, sending nothing', async () => {
    h = await harness({ token: 'ownerNo2fa' });
    const { outcomes } = await apply(h, [org('1.2.1', 'require2FA', false, true, 'risky')], ['1.2.1']);
    expect(outcomes[0]!.status).toBe('skipped');
    expect(outcomes[0]!.message).toMatch(/has no two-factor authentication/);
    expect(writes(h)).toEqual([]);
    expect(h.sim.state.org.require2FA).toBe(false);
  });

  it('refuses when an SSO provider is configured', async () => {
    h = await harness();
    h.sim.state.org.authProvider = { id: '1', provider_name: 'saml2', pending_links_count: 0, login_url: 'x', default_role: 'member', require_link: true, scim_enabled: false };
    const { outcomes } = await apply(h, [org('1.2.1', 'require2FA', false, true, 'risky')], ['1.2.1']);
    expect(outcomes[0]!.message).toMatch(/SSO/);
    expect(h.sim.state.org.require2FA).toBe(false);
  });

  it('lists who would be removed; with the flag records them, and rollback names them with what to do', async () => {
    h = await harness();
    const state = await collect(h);
    const pf = preflight(state, [org('1.2.1', 'require2FA', false, true, 'risky')], DEFAULT_POLICY);
    expect(pf.warnings.join(' ')).toMatch(/finley@acme\.example/);
    const { outcomes, session } = await apply(h, [org('1.2.1', 'require2FA', false, true, 'risky')], ['1.2.1']);
    expect(outcomes[0]!.status).toBe('applied');
    expect(session.entries()[0]!.marker).toEqual({ kind: 'two-factor-sweep', members: [{ id: '1060', email: 'finley@acme.example', orgRole: 'manager' }] });
    const plan = await planRollback(h.conn, session);
    expect(plan.cannotUndo.join(' ')).toMatch(/finley@acme\.example \(manager\).*enable two-factor authentication.*accept the new invitation/);
  });
});

describe('grouping', () => {
  it('groups org fields per control, one request per key/filter/project/member, spike protection in one POST', () => {
    const reqs = groupIntoRequests([
      org('2.1.2', 'allowJoinRequests', true, false),
      org('2.1.4', 'allowMemberInvite', true, false),
      org('1.2.1', 'require2FA', false, true, 'risky'),
      change({ checkId: '3.2.3', target: { type: 'spike-protection', id: 'web-app' }, field: 'enabled', before: false, after: true }),
      change({ checkId: '3.2.3', target: { type: 'spike-protection', id: 'android-app' }, field: 'enabled', before: false, after: true }),
      change({ checkId: '3.3.1', target: { type: 'filter', id: 'localhost', project: 'a' }, field: 'active', before: false, after: true }),
      change({ checkId: '3.3.2', target: { type: 'filter', id: 'web-crawlers', project: 'a' }, field: 'active', before: false, after: true }),
      change({ checkId: '2.2.1', target: { type: 'project-team', id: 'data', project: 'p' }, field: 'linked', before: false, after: true }),
      change({ checkId: '2.2.2', target: { type: 'project-team', id: 'sre', project: 'p' }, field: 'linked', before: true, after: false, risk: 'risky' }),
      change({ checkId: '2.3.4', target: { type: 'invitation', id: '9', email: 'x@y' }, field: 'exists', before: true, after: false, risk: 'risky' }),
    ]);
    expect(reqs.map((r) => [r.controlId, r.method, r.target.type, r.changes.length, r.risk])).toEqual([
      ['2.1', 'PUT', 'organization', 2, 'none'],
      ['1.2', 'PUT', 'organization', 1, 'risky'],
      ['3.2', 'POST', 'spike-protection', 2, 'none'],
      ['3.3', 'PUT', 'filter', 1, 'none'],
      ['3.3', 'PUT', 'filter', 1, 'none'],
      ['2.2', 'POST', 'project-team', 1, 'none'],
      ['2.2', 'DELETE', 'project-team', 1, 'risky'],
      ['2.3', 'DELETE', 'invitation', 1, 'risky'],
    ]);
  });
});
