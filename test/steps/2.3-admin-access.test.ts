import { describe, expect, it } from 'vitest';
import { control2_3 } from '../../steps/2.3-admin-access.js';
import type { AuditEntry, AuthProvider, Member, MemberDetail, TeamRole } from '../../src/sentry/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeInvitation, makeMember, makeOrg, makeState, NOW, runCheck as run } from '../fixtures/state.js';

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
      '2.3.7:L3:auto:none', '2.3.8:L2:manual:none',
    ]);
  });

  it('every check that reads the members reports error when they cannot be read', () => {
    for (const c of control2_3.checks.filter((k) => k.reads.includes('members'))) {
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
    expect(out.blockers?.join(' ')).toMatch(/would leave 1 owner who is an active member.*minOwners is 2/);
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
    expect(run('2.3.2', makeState({ members: partOk([o1, linked]), authProvider: partOk(provider), org: partOk(makeOrg({ hasAuthProvider: true })) })).status).toBe('pass');
  });

  // issue 18: Sentry's query_sso_state (src/sentry/auth/services/access/service.py) returns
  // _SSO_BYPASS (is_required False) for every member when the provider has allow_unlinked, which
  // the API shows as require_link false (api/serializers/models/auth_provider.py): the link then
  // protects nothing. No provider at all is the same bypass.
  describe('an SSO link counts only when the provider requires SSO', () => {
    const o1 = makeMember({ id: '1', email: 'o1@acme.test', orgRole: 'owner' });
    const linked = makeMember({ id: '2', email: 'linked@acme.test', orgRole: 'owner', has2fa: false, flags: { 'sso:linked': true, 'sso:invalid': false } });
    const sso = (requireLink: boolean): Partial<OrgState> => ({ authProvider: partOk({ ...provider, require_link: requireLink }), org: partOk(makeOrg({ hasAuthProvider: true })) });

    it('fails with require_link false, naming why the link does not protect', () => {
      const out = run('2.3.2', makeState({ members: partOk([o1, linked]), ...sso(false) }));
      expect(out.status).toBe('fail');
      expect(out.findings.map((f) => f.message).join(' ')).toMatch(/linked@acme.test has no 2FA and is SSO-linked, but the SSO provider does not require SSO/);
      expect(out.manualSteps?.join(' ')).toMatch(/Require SSO/);
      expect(run('2.3.2', makeState({ members: partOk([o1, linked]), ...sso(true) })).status).toBe('pass');
    });

    it('fails without any provider (a stale link flag protects nothing)', () => {
      expect(run('2.3.2', makeState({ members: partOk([o1, linked]), authProvider: partOk(null), org: partOk(makeOrg({ hasAuthProvider: false })) })).status).toBe('fail');
    });

    it('reports error, not pass or fail, when the verdict hinges on an SSO state that could not be read', () => {
      const unread = run('2.3.2', makeState({ members: partOk([o1, linked]), authProvider: partError('HTTP 502'), org: partOk(makeOrg({ hasAuthProvider: true })) }));
      expect(unread.status).toBe('error');
      expect(unread.reason).toMatch(/require_link.*HTTP 502/);
      expect(run('2.3.2', makeState({ members: partOk([o1, linked]), authProvider: partError('HTTP 502'), org: partError('HTTP 503') })).status).toBe('error');
      // the provider could not be read but the org says there is none: nothing requires SSO
      expect(run('2.3.2', makeState({ members: partOk([o1, linked]), authProvider: partError('HTTP 502'), org: partOk(makeOrg({ hasAuthProvider: false })) })).status).toBe('fail');
      // too few owners even counting the link: fail whatever the SSO state
      expect(run('2.3.2', makeState({ members: partOk([linked]), authProvider: partError('HTTP 502'), org: partError('HTTP 503') })).status).toBe('fail');
    });
  });
});

describe('2.3.1 minOwners guard counts SSO links only when SSO is required', () => {
  // o2 is SSO-linked without 2FA; demoting o3 and o4 leaves o1 + o2
  function linkedOwners(requireLink: boolean | 'unread'): OrgState {
    const owners = [
      makeMember({ id: '1', email: 'o1@acme.test', orgRole: 'owner' }),
      makeMember({ id: '2', email: 'o2@acme.test', orgRole: 'owner', has2fa: false, flags: { 'sso:linked': true, 'sso:invalid': false } }),
      makeMember({ id: '3', email: 'o3@acme.test', orgRole: 'owner' }),
      makeMember({ id: '4', email: 'o4@acme.test', orgRole: 'owner' }),
    ];
    return makeState({
      org: partOk(makeOrg({ require2FA: true, hasAuthProvider: true })),
      authProvider: requireLink === 'unread' ? partError('HTTP 502') : partOk({ ...provider, require_link: requireLink }),
      members: partOk(owners), memberDetails: details(...owners.map((m) => detailOf(m))), whoami: { scopes: ['org:admin', 'member:admin'], user: owners[0]?.user ?? null },
    });
  }
  const demote = { demoteOwners: ['o3@acme.test', 'o4@acme.test'] };

  it('lets the demotions through when the provider requires SSO', () => {
    expect(run('2.3.1', linkedOwners(true), demote).blockers).toBeUndefined();
  });

  it('refuses them when it does not, or when that cannot be read', () => {
    for (const state of [linkedOwners(false), linkedOwners('unread')]) {
      const out = run('2.3.1', state, demote);
      expect(out.blockers?.join(' ')).toMatch(/would leave 1 owner who is an active member with 2FA \(SSO links do not count.*o1@acme.test\); policy minOwners is 2/);
    }
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

  it('accepts an SSO link when SSO is configured and required', () => {
    const out = run('2.3.3', makeState({ members: partOk([mgr, dev]), authProvider: partOk(provider), org: partOk(makeOrg({ hasAuthProvider: true })) }));
    expect(out.status).toBe('pass');
  });

  // issue 18: query_sso_state (src/sentry/auth/services/access/service.py) bypasses SSO for
  // everyone when the provider has allow_unlinked (API: require_link false)
  it('fails an SSO-linked manager without 2FA when the provider does not require SSO', () => {
    const out = run('2.3.3', makeState({ members: partOk([mgr, dev]), authProvider: partOk({ ...provider, require_link: false }), org: partOk(makeOrg({ hasAuthProvider: true })) }));
    expect(out.status).toBe('fail');
    expect(out.findings).toEqual([expect.objectContaining({ resource: { type: 'member', id: '9', email: 'mgr@acme.test' }, field: 'user.has2fa' })]);
    expect(out.findings[0]?.message).toMatch(/SSO link does not protect them: the SSO provider does not require SSO/);
    expect(out.manualSteps?.join(' ')).toMatch(/Require SSO/);
    // without a provider the link flag protects nothing either
    expect(run('2.3.3', makeState({ members: partOk([mgr]), authProvider: partOk(null), org: partOk(makeOrg({ hasAuthProvider: false })) })).status).toBe('fail');
  });

  it('fails the unlinked ones and names the linked ones it cannot judge when the SSO state is unreadable', () => {
    const out = run('2.3.3', makeState({ members: partOk([mgr, admin]), authProvider: partError('HTTP 502'), org: partOk(makeOrg({ hasAuthProvider: true })) }));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource.type === 'member' && f.resource.email)).toEqual(['adm@acme.test']);
    expect(out.warnings?.join(' ')).toMatch(/Not judged: mgr@acme.test \(manager\).*require_link.*HTTP 502/);
  });
});

describe('2.3.4 stale privileged invitations', () => {
  /** the entry Sentry's invite endpoint writes: target_object = the new membership's id */
  const invited = (m: Member, days: number): AuditEntry => audit('member.invite', { targetObject: Number(m.id), data: { email: m.email, role: m.orgRole }, dateCreated: daysAgo(days) });
  /**
   * The entry Sentry's 2FA sweep writes (src/sentry/tasks/auth/auth.py, remove_non_compliant_members):
   * target_object = the ORGANIZATION id (makeOrg: '1'), target_user = the user, data =
   * get_audit_log_data() of the membership (email, user).
   */
  const swept = (email: string, userId: string, days: number): AuditEntry => audit('member.pending', {
    targetObject: 1, targetUser: { id: userId, email, name: email }, data: { email, user: Number(userId), role: 'manager', invite_status: 'approved' }, dateCreated: daysAgo(days),
  });

  it('passes with a fresh privileged invitation', () => {
    const inv = makeInvitation({ email: 'new@acme.test', orgRole: 'owner', dateCreated: daysAgo(2) });
    expect(run('2.3.4', makeState({ members: partOk([inv]) })).status).toBe('pass');
  });

  it('plans the deletion of a stale invitation whose member.invite entry proves it was created as one', () => {
    const inv = makeInvitation({ id: '50', email: 'old@acme.test', orgRole: 'manager', dateCreated: daysAgo(10) });
    const teamRoles = [{ teamSlug: 'platform', role: 'admin' }];
    const out = run('2.3.4', makeState({ members: partOk([inv]), memberDetails: details(detailOf(inv, teamRoles)), auditLog: partOk([invited(inv, 10)]) }));
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
    const state = (entries: AuditEntry[]) => makeState({ members: partOk([inv]), memberDetails: details(detailOf(inv)), auditLog: partOk([invited(inv, 20), ...entries]) });
    const reinvited = [audit('member.reinvite', { targetObject: 50, dateCreated: daysAgo(3) })];
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

  it('an entry naming only the email of another person neither dates nor excuses an invitation', () => {
    const inv = makeInvitation({ id: '50', email: 'old@acme.test', orgRole: 'owner', dateCreated: daysAgo(20) });
    const state = (entries: AuditEntry[]) => makeState({ members: partOk([inv]), memberDetails: details(detailOf(inv)), auditLog: partOk([invited(inv, 20), ...entries]) });
    // a fresh re-send without a target id, for someone else
    const otherResend = run('2.3.4', state([audit('member.reinvite', { data: { email: 'someone-else@acme.test' }, dateCreated: daysAgo(1) })]));
    expect(otherResend.status).toBe('fail');
    expect(otherResend.findings[0]?.current).toBe(20);
    // another person swept by the 2FA requirement
    const otherSwept = run('2.3.4', state([swept('someone-else@acme.test', '77', 5)]));
    expect(otherSwept.status).toBe('fail');
    expect(otherSwept.changes?.map((c) => c.target.id)).toEqual(['50']);
    // an entry that names the org (as the sweep does) but another person's email
    const orgTarget = run('2.3.4', state([audit('member.pending', { targetObject: 50, data: { email: 'someone-else@acme.test' }, dateCreated: daysAgo(5) })]));
    expect(orgTarget.changes?.map((c) => c.target.id)).toEqual(['50']);
  });

  it('fails for an expired privileged invitation whatever its age', () => {
    const inv = makeInvitation({ email: 'exp@acme.test', orgRole: 'owner', expired: true, dateCreated: daysAgo(1) });
    const out = run('2.3.4', makeState({ members: partOk([inv]), memberDetails: details(detailOf(inv)), auditLog: partOk([invited(inv, 1)]) }));
    expect(out.status).toBe('fail');
    expect(out.findings[0]).toMatchObject({ field: 'expired', current: true });
  });

  it('ignores member invitations (not privileged)', () => {
    const inv = makeInvitation({ email: 'dev@acme.test', orgRole: 'member', dateCreated: daysAgo(60) });
    expect(run('2.3.4', makeState({ members: partOk([inv]) })).status).toBe('pass');
  });

  // issue 18: Sentry's sweep entry names the org and the user, and the membership keeps its date
  it('excludes a member the 2FA requirement turned pending, from the entry Sentry writes', () => {
    const person = makeInvitation({ id: '60', email: 'swept@acme.test', orgRole: 'manager', dateCreated: daysAgo(207) });
    const state = (entries: AuditEntry[]) => makeState({ members: partOk([person]), memberDetails: details(detailOf(person)), auditLog: partOk(entries) });
    const out = run('2.3.4', state([invited(person, 207), swept('swept@acme.test', '6', 3)]));
    expect(out).toMatchObject({ status: 'pass', findings: [] });
    expect(out.changes ?? []).toEqual([]);
    // the email only on the target user (data without it) is enough
    const byUser = audit('member.pending', { targetObject: 1, targetUser: { id: '6', email: 'SWEPT@acme.test' }, data: {}, dateCreated: daysAgo(3) });
    expect(run('2.3.4', state([byUser])).status).toBe('pass');
    // an expired swept invitation is still a person
    expect(run('2.3.4', state([swept('swept@acme.test', '6', 40)])).status).toBe('pass');
  });

  it('does not let an old membership\'s member.pending entry excuse a new invitation of the same email', () => {
    // swept as an earlier membership, removed, later invited again as owner: a new membership 61
    const inv = makeInvitation({ id: '61', email: 'back@acme.test', orgRole: 'owner', dateCreated: daysAgo(20) });
    const entries = [swept('back@acme.test', '8', 60), invited(inv, 20)];
    const out = run('2.3.4', makeState({ members: partOk([inv]), memberDetails: details(detailOf(inv)), auditLog: partOk(entries) }));
    expect(out.status).toBe('fail');
    expect(out.findings[0]).toMatchObject({ resource: { type: 'invitation', id: '61' }, current: 20 });
    expect(out.changes?.map((c) => c.target.id)).toEqual(['61']);
    // an invite entry of the old membership neither dates nor proves the new one: not deleted
    const oldInvite = [audit('member.invite', { targetObject: 60, data: { email: 'back@acme.test' }, dateCreated: daysAgo(1) })];
    const unproven = run('2.3.4', makeState({ members: partOk([inv]), memberDetails: details(detailOf(inv)), auditLog: partOk(oldInvite) }));
    expect(unproven.status).toBe('manual');
    expect(unproven.changes ?? []).toEqual([]);
  });

  // issue 10 item 4: a member swept more than 90 days ago has no entry left in the audit log read
  it('never deletes an invitation whose origin the audit log does not prove: manual, with the reason', () => {
    const person = makeInvitation({ id: '60', email: 'finley@acme.test', orgRole: 'manager', expired: true, dateCreated: daysAgo(400) });
    for (const require2FA of [true, false]) {
      const out = run('2.3.4', makeState({ org: partOk(makeOrg({ require2FA })), members: partOk([person]), memberDetails: details(detailOf(person)), auditLog: partOk([]) }));
      expect(out.status).toBe('manual');
      expect(out.changes ?? []).toEqual([]);
      expect(out.findings).toEqual([expect.objectContaining({ resource: { type: 'invitation', id: '60', email: 'finley@acme.test' }, field: 'expired' })]);
      expect(out.reason).toMatch(/finley@acme.test: .*no entry that created it as an invitation.*turned into an invitation.*cannot be proven/);
      expect(out.manualSteps?.join(' ')).toMatch(/finley@acme.test \(manager\).*2FA/);
    }
  });

  it('never deletes a pending membership that had a user (accepted), even with its invite entry in hand', () => {
    const person = makeInvitation({ id: '62', email: 'gone@acme.test', orgRole: 'owner', dateCreated: daysAgo(40) });
    const accepted = audit('member.accept-invite', { targetObject: 62, targetUser: { id: '9', email: 'gone@acme.test' }, data: { email: 'gone@acme.test' }, dateCreated: daysAgo(38) });
    const out = run('2.3.4', makeState({ members: partOk([person]), memberDetails: details(detailOf(person)), auditLog: partOk([invited(person, 40), accepted]) }));
    expect(out.status).toBe('manual');
    expect(out.changes ?? []).toEqual([]);
    expect(out.reason).toMatch(/gone@acme.test: .*had a user \(member.accept-invite/);
    // an SSO join (member.add with a target user) counts the same; member.add without one creates an invitation
    const ssoJoin = audit('member.add', { targetObject: 62, targetUser: { id: '9', email: 'gone@acme.test' }, data: {}, dateCreated: daysAgo(40) });
    expect(run('2.3.4', makeState({ members: partOk([person]), memberDetails: details(detailOf(person)), auditLog: partOk([ssoJoin]) })).status).toBe('manual');
    const added = audit('member.add', { targetObject: 62, data: { email: 'gone@acme.test' }, dateCreated: daysAgo(40) });
    expect(run('2.3.4', makeState({ members: partOk([person]), memberDetails: details(detailOf(person)), auditLog: partOk([added]) })).changes?.map((c) => c.target.id)).toEqual(['62']);
  });

  it('deletes the proven stale invitation and names the unproven one next to it', () => {
    const proven = makeInvitation({ id: '70', email: 'stale@acme.test', orgRole: 'owner', dateCreated: daysAgo(30) });
    const old = makeInvitation({ id: '71', email: 'old@acme.test', orgRole: 'manager', dateCreated: daysAgo(300) });
    const out = run('2.3.4', makeState({ members: partOk([proven, old]), memberDetails: details(detailOf(proven), detailOf(old)), auditLog: partOk([invited(proven, 30)]) }));
    expect(out.status).toBe('fail');
    expect(out.changes?.map((c) => c.target.id)).toEqual(['70']);
    expect(out.findings.map((f) => f.resource.id)).toEqual(['70', '71']);
    expect(out.warnings?.join(' ')).toMatch(/old@acme.test is not deleted: .*cannot be proven/);
  });

  it('never passes an invitation whose date cannot be read', () => {
    const inv = makeInvitation({ email: 'undated@acme.test', orgRole: 'manager', dateCreated: 'not a date' });
    const out = run('2.3.4', makeState({ members: partOk([inv]), memberDetails: details(detailOf(inv)) }));
    expect(out.status).toBe('error');
    expect(out.reason).toMatch(/undated@acme.test.*age is unknown/);
    expect(out.changes ?? []).toEqual([]);
    // next to a stale one: the stale one fails and is planned, the undated one is named, not deleted
    const stale = makeInvitation({ id: '70', email: 'stale@acme.test', orgRole: 'owner', dateCreated: daysAgo(30) });
    const both = run('2.3.4', makeState({ org: partOk(makeOrg({ require2FA: false })), members: partOk([inv, stale]), memberDetails: details(detailOf(inv), detailOf(stale)), auditLog: partOk([invited(stale, 30)]) }));
    expect(both.status).toBe('fail');
    expect(both.changes?.map((c) => c.target.id)).toEqual(['70']);
    expect(both.warnings?.join(' ')).toMatch(/Not judged: .*undated@acme.test/);
  });

  it('reports error when a candidate needs the audit log and it cannot be read', () => {
    const inv = makeInvitation({ email: 'old@acme.test', orgRole: 'owner', dateCreated: daysAgo(30) });
    const out = run('2.3.4', makeState({ members: partOk([inv]), auditLog: partError('403: the token lacks org:write') }));
    expect(out.status).toBe('error');
    expect(out.reason).toContain('org:write');
  });

  it('does not plan a deletion whose team roles are unknown', () => {
    const inv = makeInvitation({ email: 'old@acme.test', orgRole: 'owner', dateCreated: daysAgo(30) });
    const out = run('2.3.4', makeState({ members: partOk([inv]), auditLog: partOk([invited(inv, 30)]) }));
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

  // issue 21: an SSO state that could not be read must not be taken as SSO off (or on)
  it('reports error when neither the SSO provider nor the organization can be read', () => {
    const out = run('2.3.6', makeState({ members: partOk([owner]), memberDetails: details(withAuth(owner, ['u2f'])), authProvider: partError('HTTP 502'), org: partError('HTTP 503') }));
    expect(out.status).toBe('error');
    expect(out.reason).toContain('HTTP 503');
    // the provider unread but the org says one is configured: manual (the IdP decides), never pass
    const configured = run('2.3.6', makeState({ members: partOk([owner]), memberDetails: details(withAuth(owner, ['u2f'])), authProvider: partError('HTTP 502'), org: partOk(makeOrg({ hasAuthProvider: true })) }));
    expect(configured.status).toBe('manual');
  });
});

describe('2.3.7 Sentry staff access (src/sentry/data_secrecy/data_secrecy_logic.py)', () => {
  const org = (over: Partial<ReturnType<typeof makeOrg>>) => partOk(makeOrg(over));

  it('fails when staff may access an org whose plan enforces Data Secrecy, and plans allowSuperuserAccess false', () => {
    const out = run('2.3.7', makeState({ org: org({ allowSuperuserAccess: true }) }));
    expect(out.status).toBe('fail');
    expect(out.changes).toEqual([expect.objectContaining({ checkId: '2.3.7', field: 'allowSuperuserAccess', before: true, after: false, reversible: true })]);
  });

  it('passes when staff access is off and Data Secrecy enforces it', () => {
    expect(run('2.3.7', makeState()).status).toBe('pass');
  });

  it('is manual, never pass, without the data-secrecy feature: should_allow_superuser_access allows staff whatever the flag says', () => {
    for (const allowed of [true, false]) {
      const out = run('2.3.7', makeState({ org: org({ allowSuperuserAccess: allowed, features: ['sso-saml2'] }) }));
      expect(out.status, String(allowed)).toBe('manual');
      expect(out.changes ?? []).toEqual([]);
    }
  });

  it('is not applicable on self-hosted (SENTRY_SELF_HOSTED allows superuser access)', () => {
    const s = makeState({ org: org({ allowSuperuserAccess: true }) });
    expect(run('2.3.7', { ...s, target: { ...s.target, selfHosted: true } }).status).toBe('not_applicable');
  });

  it('is an error when the field or the features are missing', () => {
    expect(run('2.3.7', makeState({ org: org({ allowSuperuserAccess: undefined }) })).status).toBe('error');
    expect(run('2.3.7', makeState({ org: org({ features: undefined }) })).status).toBe('error');
    expect(run('2.3.7', makeState({ org: partError('HTTP 500') })).status).toBe('error');
  });
});

describe('2.3.8 team admins use 2FA or SSO (team_members.py teamRole)', () => {
  const tm = (m: Member, teamRole: string | null, teamSlug = 'platform') => ({ ...m, teamRole, teamSlug });

  it('fails for a member who is team admin without 2FA, naming the teams once per person', () => {
    const weak = makeMember({ id: '70', email: 'lead@acme.test', has2fa: false });
    const out = run('2.3.8', makeState({ teamMembers: partOk({ platform: [tm(weak, 'admin')], web: [tm(weak, 'admin', 'web')] }) }));
    expect(out.status).toBe('fail');
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]?.message).toContain('team admin of platform, web');
  });

  it('passes for contributors without 2FA, team admins with 2FA, and org-privileged members (2.3.3 judges them)', () => {
    const contributor = makeMember({ id: '71', has2fa: false });
    const admin2fa = makeMember({ id: '72', has2fa: true });
    const manager = makeMember({ id: '73', has2fa: false, orgRole: 'manager' });
    const out = run('2.3.8', makeState({ teamMembers: partOk({ platform: [tm(contributor, null), tm(admin2fa, 'admin'), tm(manager, 'admin')] }) }));
    expect(out.status).toBe('pass');
  });

  it('counts an SSO link only when SSO is required', () => {
    const linked = makeMember({ id: '74', has2fa: false, flags: { 'sso:linked': true, 'sso:invalid': false } });
    const lists = partOk({ platform: [tm(linked, 'admin')] });
    expect(run('2.3.8', makeState({ teamMembers: lists, authProvider: partOk(provider) })).status).toBe('pass');
    expect(run('2.3.8', makeState({ teamMembers: lists, authProvider: partOk({ ...provider, require_link: false }) })).status).toBe('fail');
  });

  it('is an error when the team lists could not be read', () => {
    const out = run('2.3.8', makeState({ teamMembers: partError('cannot read the members of team platform: permission denied (403)') }));
    expect(out.status).toBe('error');
    expect(out.reason).toContain('403');
  });
});
