import { describe, expect, it } from 'vitest';
import { control2_3 } from '../../steps/2.3-admin-access.js';
import { DEFAULT_POLICY, type Policy } from '../../steps/policy.js';
import type { CheckOutcome } from '../../steps/types.js';
import type { AuditEntry, AuthProvider, Member, MemberDetail, TeamRole } from '../../src/sentry/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeInvitation, makeMember, makeOrg, makeState, NOW } from '../fixtures/state.js';

function run(id: string, state: OrgState, policy: Partial<Policy> = {}): CheckOutcome {
  const check = control2_3.checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check.evaluate({ state, policy: { ...DEFAULT_POLICY, ...policy }, now: NOW });
}
const daysAgo = (d: number): string => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const detailOf = (m: Member, teamRoles: TeamRole[] = [{ teamSlug: 'platform', role: 'admin' }]): MemberDetail => ({ ...m, teams: teamRoles.map((t) => t.teamSlug), teamRoles });
const details = (...ms: MemberDetail[]) => partOk(Object.fromEntries(ms.map((d) => [d.id, d])));
const audit = (event: string, over: Partial<AuditEntry>): AuditEntry => ({ id: String(Math.random()), actor: null, event, data: {}, dateCreated: NOW.toISOString(), ...over });
const provider: AuthProvider = { id: '1', provider_name: 'saml2', pending_links_count: 0, login_url: '', default_role: 'member', require_link: true, scim_enabled: true };

/** 4 owners (acting user o1 first), all with 2FA and details. */
function fourOwners(over: Partial<OrgState> = {}): { state: OrgState; owners: Member[] } {
  const owners = ['1', '2', '3', '4'].map((id) => makeMember({ id, email: `o${id}@acme.test`, orgRole: 'owner' }));
  const me = owners[0]?.user ?? null;
  const state = makeState({ members: partOk(owners), memberDetails: details(...owners.map((m) => detailOf(m))), whoami: { scopes: ['org:admin', 'member:admin'], user: me }, ...over });
  return { state, owners };
}

describe('control 2.3', () => {
  it('carries title, level and frameworks', () => {
    expect(control2_3).toMatchObject({ id: '2.3', title: 'Limit Admin Access', level: 'L1', frameworks: { cis: ['5.4'], nist: ['AC-6(1)'], soc2: ['CC6.3'] } });
    expect(control2_3.checks.map((c) => `${c.id}:${c.level}:${c.automation}:${c.risk}`)).toEqual([
      '2.3.1:L1:guided:risky', '2.3.2:L1:manual:none', '2.3.3:L1:manual:none', '2.3.4:L2:auto:risky', '2.3.5:L3:guided:none', '2.3.6:L3:manual:none',
    ]);
  });

  it('every check reports error when the members cannot be read', () => {
    for (const c of control2_3.checks) {
      const out = run(c.id, makeState({ members: partError('403 no member:read') }));
      expect(out.status, c.id).toBe('error');
      expect(out.reason, c.id).toContain('no member:read');
    }
  });
});

describe('2.3.1 few owners', () => {
  it('passes with up to maxOwners owners', () => {
    expect(run('2.3.1', makeState()).status).toBe('pass');
  });

  it('counts unexpired owner invitations, not expired ones', () => {
    const base = makeState();
    const members = base.members.ok ? base.members.value : [];
    const invite = makeInvitation({ email: 'new@acme.test', orgRole: 'owner' });
    const out = run('2.3.1', makeState({ members: partOk([...members, invite]) }), { maxOwners: 2 });
    expect(out.status).toBe('fail');
    expect(out.findings.some((f) => f.resource.type === 'invitation' && f.resource.email === 'new@acme.test')).toBe(true);
    const expired = makeInvitation({ email: 'old@acme.test', orgRole: 'owner', expired: true });
    expect(run('2.3.1', makeState({ members: partOk([...members, expired]) }), { maxOwners: 2 }).status).toBe('pass');
  });

  it('fails naming demoteOwners when the policy picks nobody', () => {
    const out = run('2.3.1', fourOwners().state);
    expect(out).toMatchObject({ status: 'fail', changes: [], missingParameter: 'demoteOwners' });
  });

  it('plans a risky demotion to manager with the member full teamRoles', () => {
    const teamRoles = [{ teamSlug: 'platform', role: 'admin' }, { teamSlug: 'web', role: null }];
    const { state, owners } = fourOwners();
    const o4 = owners[3];
    if (!o4) throw new Error('fixture');
    const withTeams = { ...state, memberDetails: details(detailOf(o4, teamRoles)) };
    const out = run('2.3.1', withTeams, { demoteOwners: ['O4@acme.test '] });
    expect(out.blockers).toBeUndefined();
    expect(out.changes).toEqual([
      expect.objectContaining({ checkId: '2.3.1', target: { type: 'member', id: '4', email: 'o4@acme.test' }, field: 'orgRole', before: 'owner', after: 'manager', risk: 'risky', context: { teamRoles } }),
    ]);
  });

  it('never demotes the acting user', () => {
    const out = run('2.3.1', fourOwners().state, { demoteOwners: ['o1@acme.test'] });
    expect(out.changes).toEqual([]);
    expect(out.blockers?.join(' ')).toMatch(/o1@acme.test.*never changes your own role/);
  });

  it('never demotes below minOwners qualifying owners', () => {
    const out = run('2.3.1', fourOwners().state, { demoteOwners: ['o2@acme.test', 'o3@acme.test', 'o4@acme.test'] });
    expect(out.blockers?.join(' ')).toMatch(/would leave 1 owner\(s\).*minOwners is 2/);
  });

  it('does not plan a demotion whose team roles are unknown, and says why', () => {
    const { state } = fourOwners();
    const out = run('2.3.1', { ...state, memberDetails: partOk({}) }, { demoteOwners: ['o4@acme.test'] });
    expect(out.changes).toEqual([]);
    expect(out.warnings?.join(' ')).toMatch(/o4@acme.test.*teamRoles.*team memberships/);
    const err = run('2.3.1', { ...state, memberDetails: partError('no member:admin') }, { demoteOwners: ['o4@acme.test'] });
    expect(err.changes).toEqual([]);
    expect(err.warnings?.join(' ')).toContain('no member:admin');
  });

  it('says when a named person is not an owner', () => {
    const { state } = fourOwners();
    const out = run('2.3.1', state, { demoteOwners: ['nobody@acme.test'] });
    expect(out.warnings?.join(' ')).toMatch(/nobody@acme.test.*not a member/);
  });
});

describe('2.3.2 enough protected owners', () => {
  it('passes with two owners with 2FA', () => {
    expect(run('2.3.2', makeState()).status).toBe('pass');
  });

  it('fails when an owner lacks 2FA, counts SSO-linked owners, ignores owner invitations', () => {
    const o1 = makeMember({ id: '1', email: 'o1@acme.test', orgRole: 'owner' });
    const o2 = makeMember({ id: '2', email: 'o2@acme.test', orgRole: 'owner', has2fa: false });
    const mgr = makeMember({ id: '3', email: 'mgr@acme.test', orgRole: 'manager' });
    const inv = makeInvitation({ email: 'inv@acme.test', orgRole: 'owner' });
    const out = run('2.3.2', makeState({ members: partOk([o1, o2, mgr, inv]) }));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.message).join(' ')).toMatch(/o2@acme.test has neither 2FA nor an SSO link/);
    expect(out.manualSteps?.join(' ')).toContain('mgr@acme.test (manager)');
    const linked = { ...o2, flags: { 'sso:linked': true, 'sso:invalid': false } };
    expect(run('2.3.2', makeState({ members: partOk([o1, linked]) })).status).toBe('pass');
  });
});

describe('2.3.3 privileged members use 2FA or SSO', () => {
  const mgr = makeMember({ id: '9', email: 'mgr@acme.test', orgRole: 'manager', has2fa: false, flags: { 'sso:linked': true, 'sso:invalid': false } });
  const admin = makeMember({ id: '10', email: 'adm@acme.test', orgRole: 'admin', has2fa: false });
  const dev = makeMember({ id: '11', email: 'dev@acme.test', has2fa: false });

  it('lists privileged members without 2FA', () => {
    const out = run('2.3.3', makeState({ members: partOk([mgr, admin, dev]) }));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource.type === 'member' && f.resource.email)).toEqual(['mgr@acme.test', 'adm@acme.test']);
  });

  it('needs the SSO state only for an SSO-linked member without 2FA', () => {
    const unknownSso: Partial<OrgState> = { authProvider: partError('HTTP 502'), org: partError('HTTP 502') };
    const owner = makeMember({ id: '1', email: 'o1@acme.test', orgRole: 'owner' });
    expect(run('2.3.3', makeState({ members: partOk([owner, dev]), ...unknownSso })).status).toBe('pass');
    const out = run('2.3.3', makeState({ members: partOk([owner, admin]), ...unknownSso }));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource.type === 'member' && f.resource.email)).toEqual(['adm@acme.test']);
    const linked = run('2.3.3', makeState({ members: partOk([mgr]), ...unknownSso }));
    expect(linked.status).toBe('error');
    expect(linked.reason).toContain('HTTP 502');
  });

  it('accepts an SSO link when SSO is configured', () => {
    const out = run('2.3.3', makeState({ members: partOk([mgr, dev]), authProvider: partOk(provider), org: partOk(makeOrg({ hasAuthProvider: true })) }));
    expect(out.status).toBe('pass');
  });
});

describe('2.3.4 stale privileged invitations', () => {
  it('passes with a fresh privileged invitation', () => {
    const inv = makeInvitation({ email: 'new@acme.test', orgRole: 'owner', dateCreated: daysAgo(2) });
    expect(run('2.3.4', makeState({ members: partOk([inv]) })).status).toBe('pass');
  });

  it('ages from dateCreated when the audit log has no invite entry, and plans the deletion', () => {
    const inv = makeInvitation({ id: '50', email: 'old@acme.test', orgRole: 'manager', dateCreated: daysAgo(10) });
    const teamRoles = [{ teamSlug: 'platform', role: 'admin' }];
    const out = run('2.3.4', makeState({ members: partOk([inv]), memberDetails: details(detailOf(inv, teamRoles)) }));
    expect(out.status).toBe('fail');
    expect(out.findings[0]?.current).toBe(10);
    expect(out.changes).toEqual([
      expect.objectContaining({
        checkId: '2.3.4', target: { type: 'invitation', id: '50', email: 'old@acme.test' }, field: 'exists', before: true, after: false,
        risk: 'risky', reversible: false, context: { email: 'old@acme.test', orgRole: 'manager', teamRoles },
      }),
    ]);
  });

  it('ages from the newest member.invite / member.reinvite entry (by targetObject or email)', () => {
    const inv = makeInvitation({ id: '50', email: 'old@acme.test', orgRole: 'owner', dateCreated: daysAgo(20) });
    const state = (entries: AuditEntry[]) => makeState({ members: partOk([inv]), memberDetails: details(detailOf(inv)), auditLog: partOk(entries) });
    const reinvited = [audit('member.reinvite', { targetObject: 50, dateCreated: daysAgo(3) }), audit('member.invite', { targetObject: '50', dateCreated: daysAgo(20) })];
    expect(run('2.3.4', state(reinvited)).status).toBe('pass');
    const byEmail = [audit('member.reinvite', { data: { email: 'OLD@acme.test' }, dateCreated: daysAgo(2) })];
    expect(run('2.3.4', state(byEmail)).status).toBe('pass');
    const oldResend = [audit('member.reinvite', { targetObject: '50', dateCreated: daysAgo(9) })];
    const out = run('2.3.4', state(oldResend));
    expect(out.status).toBe('fail');
    expect(out.findings[0]?.current).toBe(9);
    const otherMember = [audit('member.reinvite', { targetObject: '51', data: { email: 'x@acme.test' }, dateCreated: daysAgo(1) })];
    expect(run('2.3.4', state(otherMember)).status).toBe('fail');
  });

  it('fails for an expired privileged invitation whatever its age', () => {
    const inv = makeInvitation({ email: 'exp@acme.test', orgRole: 'owner', expired: true, dateCreated: daysAgo(1) });
    const out = run('2.3.4', makeState({ members: partOk([inv]), memberDetails: details(detailOf(inv)) }));
    expect(out.status).toBe('fail');
    expect(out.findings[0]).toMatchObject({ field: 'expired', current: true });
  });

  it('ignores member invitations (not privileged)', () => {
    const inv = makeInvitation({ email: 'dev@acme.test', orgRole: 'member', dateCreated: daysAgo(60) });
    expect(run('2.3.4', makeState({ members: partOk([inv]) })).status).toBe('pass');
  });

  it('excludes members turned pending by the 2FA requirement', () => {
    const swept = makeInvitation({ id: '60', email: 'swept@acme.test', orgRole: 'owner', dateCreated: daysAgo(300) });
    const entries = [audit('member.pending', { targetObject: '60', dateCreated: daysAgo(5) })];
    expect(run('2.3.4', makeState({ members: partOk([swept]), auditLog: partOk(entries) })).status).toBe('pass');
    const byEmail = [audit('member.pending', { data: { email: 'swept@acme.test' } })];
    expect(run('2.3.4', makeState({ members: partOk([swept]), auditLog: partOk(byEmail) })).status).toBe('pass');
  });

  it('does not let an old membership\'s member.pending entry excuse a new invitation of the same email', () => {
    // swept as membership 60, removed, later invited again as owner: a new membership 61
    const inv = makeInvitation({ id: '61', email: 'back@acme.test', orgRole: 'owner', dateCreated: daysAgo(20) });
    const entries = [
      audit('member.pending', { targetObject: 60, data: { email: 'back@acme.test' }, dateCreated: daysAgo(60) }),
      audit('member.invite', { targetObject: 61, data: { email: 'back@acme.test' }, dateCreated: daysAgo(20) }),
    ];
    const out = run('2.3.4', makeState({ members: partOk([inv]), memberDetails: details(detailOf(inv)), auditLog: partOk(entries) }));
    expect(out.status).toBe('fail');
    expect(out.findings[0]).toMatchObject({ resource: { type: 'invitation', id: '61' }, current: 20 });
    // and an invite entry of the old membership does not date the new invitation either
    const oldInvite = [audit('member.invite', { targetObject: 60, data: { email: 'back@acme.test' }, dateCreated: daysAgo(1) })];
    expect(run('2.3.4', makeState({ members: partOk([inv]), memberDetails: details(detailOf(inv)), auditLog: partOk(oldInvite) })).status).toBe('fail');
  });

  it('never passes an invitation whose date cannot be read', () => {
    const inv = makeInvitation({ email: 'undated@acme.test', orgRole: 'manager', dateCreated: 'not a date' });
    const out = run('2.3.4', makeState({ members: partOk([inv]), memberDetails: details(detailOf(inv)) }));
    expect(out.status).toBe('error');
    expect(out.reason).toMatch(/undated@acme.test.*age is unknown/);
    expect(out.changes ?? []).toEqual([]);
    // next to a stale one: the stale one fails and is planned, the undated one is named, not deleted
    const stale = makeInvitation({ id: '70', email: 'stale@acme.test', orgRole: 'owner', dateCreated: daysAgo(30) });
    const both = run('2.3.4', makeState({ org: partOk(makeOrg({ require2FA: false })), members: partOk([inv, stale]), memberDetails: details(detailOf(inv), detailOf(stale)) }));
    expect(both.status).toBe('fail');
    expect(both.changes?.map((c) => c.target.id)).toEqual(['70']);
    expect(both.warnings?.join(' ')).toMatch(/Not judged: .*undated@acme.test/);
  });

  it('warns, with 2FA required, that an invitation without invite entry may be a swept member', () => {
    const inv = makeInvitation({ email: 'old@acme.test', orgRole: 'owner', dateCreated: daysAgo(300) });
    const out = run('2.3.4', makeState({ members: partOk([inv]), memberDetails: details(detailOf(inv)) }));
    expect(out.warnings?.join(' ')).toMatch(/old@acme.test.*turned pending/);
    const off = run('2.3.4', makeState({ org: partOk(makeOrg({ require2FA: false })), members: partOk([inv]), memberDetails: details(detailOf(inv)) }));
    expect(off.warnings).toBeUndefined();
  });

  it('reports error when a candidate needs the audit log and it cannot be read', () => {
    const inv = makeInvitation({ email: 'old@acme.test', orgRole: 'owner', dateCreated: daysAgo(30) });
    const out = run('2.3.4', makeState({ members: partOk([inv]), auditLog: partError('403: the token lacks org:write') }));
    expect(out.status).toBe('error');
    expect(out.reason).toContain('org:write');
  });

  it('does not plan a deletion whose team roles are unknown', () => {
    const inv = makeInvitation({ email: 'old@acme.test', orgRole: 'owner', dateCreated: daysAgo(30) });
    const out = run('2.3.4', makeState({ members: partOk([inv]) }));
    expect(out.status).toBe('fail');
    expect(out.changes).toEqual([]);
    expect(out.warnings?.join(' ')).toMatch(/old@acme.test.*team roles/);
  });
});

describe('2.3.5 retired admin role', () => {
  it('fails guided without changes, naming the admins', () => {
    const admin = makeMember({ email: 'adm@acme.test', orgRole: 'admin' });
    const out = run('2.3.5', makeState({ members: partOk([admin]) }));
    expect(out).toMatchObject({ status: 'fail', changes: [] });
    expect(out.findings[0]?.resource).toMatchObject({ type: 'member', email: 'adm@acme.test' });
    expect(run('2.3.5', makeState()).status).toBe('pass');
  });
});

describe('2.3.6 security keys', () => {
  const owner = makeMember({ id: '1', email: 'o1@acme.test', orgRole: 'owner' });
  const withAuth = (m: Member, types: string[]): MemberDetail => {
    const d = detailOf(m);
    return { ...d, user: d.user ? { ...d.user, authenticators: types.map((type, i) => ({ id: String(i), type, name: type })) } : null };
  };

  it('passes when every privileged member has a u2f authenticator', () => {
    expect(run('2.3.6', makeState({ members: partOk([owner]), memberDetails: details(withAuth(owner, ['totp', 'u2f'])) })).status).toBe('pass');
  });

  it('fails listing who lacks one', () => {
    const out = run('2.3.6', makeState({ members: partOk([owner]), memberDetails: details(withAuth(owner, ['totp', 'recovery'])) }));
    expect(out.status).toBe('fail');
    expect(out.findings[0]).toMatchObject({ current: ['totp', 'recovery'], expected: 'u2f' });
  });

  it('reports error when authenticators are not readable', () => {
    const out = run('2.3.6', makeState({ members: partOk([owner]), memberDetails: details(detailOf(owner)) }));
    expect(out.status).toBe('error');
    expect(out.reason).toContain('member:admin');
    expect(run('2.3.6', makeState({ members: partOk([owner]), memberDetails: partError('403') })).status).toBe('error');
  });

  it('is manual under SSO', () => {
    expect(run('2.3.6', makeState({ authProvider: partOk(provider) })).status).toBe('manual');
  });
});
