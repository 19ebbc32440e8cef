// 1.2 and the owner helpers 2.3 shares with it: who the acting user is, who the 2FA sweep turns
// into invitations, which demotions are planned, found missing by mutation testing (issue 21).
// Sentry: require2FA turns every member without 2FA into a pending invitation
// (src/sentry/tasks/auth/auth.py remove_non_compliant_members); a member's own role cannot be
// changed by themselves (organization_member/details.py).
import { describe, expect, it } from 'vitest';
import { control1_2, isActingUser, planDemotions, sweepPlanned, twoFactorSweep } from '../../steps/1.2-two-factor.js';
import { DEFAULT_POLICY, type Policy } from '../../steps/policy.js';
import type { CheckOutcome } from '../../steps/types.js';
import type { AuthProvider, Member, MemberDetail } from '../../src/sentry/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeMember, makeOrg, makeState, NOW } from '../fixtures/state.js';

function run(state: OrgState, policy: Partial<Policy> = {}): CheckOutcome {
  return control1_2.checks[0]!.evaluate({ state, policy: { ...DEFAULT_POLICY, ...policy }, now: NOW });
}
const off = (over: Partial<OrgState> = {}): OrgState => makeState({ org: partOk(makeOrg({ require2FA: false })), ...over });
const detailOf = (m: Member): MemberDetail => ({ ...m, teams: [], teamRoles: [] });
const provider: AuthProvider = { id: '1', provider_name: 'saml2', pending_links_count: 0, login_url: '', default_role: 'member', require_link: true, scim_enabled: true };

describe('isActingUser', () => {
  const m = makeMember({ id: '5', email: 'me@acme.test' });
  const user = m.user!;
  it('matches by user id, else by email trimmed and case-insensitively', () => {
    expect(isActingUser(makeState({ whoami: { scopes: [], user: { ...user, email: 'other@acme.test' } } }), m)).toBe(true);
    expect(isActingUser(makeState({ whoami: { scopes: [], user: { ...user, id: '', email: ' ME@acme.test' } } }), m)).toBe(true);
    expect(isActingUser(makeState({ whoami: { scopes: [], user: { ...user, id: 'u999', email: 'other@acme.test' } } }), m)).toBe(false);
  });
  it('is nobody without a token user, for an invitation, or when both id and email are empty', () => {
    expect(isActingUser(makeState({ whoami: { scopes: [], user: null } }), m)).toBe(false);
    expect(isActingUser(makeState({ whoami: { scopes: [], user } }), { ...m, user: null })).toBe(false);
    const blank = { ...user, id: '', email: '' };
    expect(isActingUser(makeState({ whoami: { scopes: [], user: blank } }), { ...m, user: { ...user, id: 'u1', email: '' } })).toBe(false);
  });
});

describe('twoFactorSweep and sweepPlanned', () => {
  it('sweeps members with a user and no 2FA, not invitations or members with 2FA', () => {
    const no2fa = makeMember({ email: 'a@acme.test', has2fa: false });
    const with2fa = makeMember({ email: 'b@acme.test' });
    const invited = makeMember({ email: 'c@acme.test', user: null, pending: true });
    expect(twoFactorSweep([no2fa, with2fa, invited])).toEqual([no2fa]);
  });

  it('plans a sweep only when require2FA is off and no SSO provider blocks it', () => {
    expect(sweepPlanned(off())).toBe(true);
    expect(sweepPlanned(makeState())).toBe(false);
    expect(sweepPlanned(off({ authProvider: partOk(provider) }))).toBe(false);
    expect(sweepPlanned(makeState({ org: partError('500') }))).toBe(false);
    expect(sweepPlanned(off({ authProvider: partError('502'), org: partOk(makeOrg({ require2FA: false, hasAuthProvider: true })) }))).toBe(false);
  });
});

describe('planDemotions', () => {
  const owners = ['1', '2', '3', '4'].map((id) => makeMember({ id, email: `o${id}@acme.test`, orgRole: 'owner' }));
  const state = (over: Partial<OrgState> = {}) => makeState({ members: partOk(owners), memberDetails: partOk(Object.fromEntries(owners.map((m) => [m.id, detailOf(m)]))), ...over });

  it('plans nothing while the seats are within maxOwners', () => {
    expect(planDemotions(state(), { ...DEFAULT_POLICY, maxOwners: 4, demoteOwners: ['o4@acme.test'] }, owners)).toEqual({ demote: [], blockers: [], skipped: [] });
  });

  it('plans each named owner once, whatever the case of the name', () => {
    const plan = planDemotions(state(), { ...DEFAULT_POLICY, maxOwners: 3, demoteOwners: ['o4@acme.test', ' O4@ACME.test'] }, owners);
    expect(plan.demote.map((d) => d.member.id)).toEqual(['4']);
    expect(plan.skipped).toEqual([]);
  });

  it('skips non-members, invitations and non-owners with the reason, and refuses the acting user', () => {
    const dev = makeMember({ id: '7', email: 'dev@acme.test', orgRole: 'member' });
    const inv = makeMember({ id: '8', email: 'inv@acme.test', orgRole: 'owner', user: null, pending: true });
    const members = [...owners, dev, inv];
    const plan = planDemotions(state({ members: partOk(members) }), { ...DEFAULT_POLICY, maxOwners: 3, demoteOwners: ['nobody@acme.test', 'inv@acme.test', 'dev@acme.test', 'o1@acme.test'] }, members);
    expect(plan.demote).toEqual([]);
    expect(plan.skipped).toEqual([
      'nobody@acme.test (policy demoteOwners) is not a member of this organization',
      'inv@acme.test is an invitation, not an owner who is a member: invitations are handled by 2.3.4',
      'dev@acme.test (policy demoteOwners) is not an owner (role member)',
    ]);
    expect(plan.blockers).toHaveLength(1);
    expect(plan.blockers[0]).toMatch(/^policy demoteOwners names o1@acme\.test, the user of this token/);
  });

  it('does not plan without the member\'s full team roles', () => {
    const unread = planDemotions(state({ memberDetails: partError('403') }), { ...DEFAULT_POLICY, maxOwners: 3, demoteOwners: ['o4@acme.test'] }, owners);
    expect(unread.demote).toEqual([]);
    expect(unread.skipped[0]).toMatch(/^o4@acme\.test: the member's team roles could not be read \(403\)/);
    const missing = planDemotions(state({ memberDetails: partOk({}) }), { ...DEFAULT_POLICY, maxOwners: 3, demoteOwners: ['o4@acme.test'] }, owners);
    expect(missing.skipped[0]).toMatch(/^o4@acme\.test: the member's team roles were not collected/);
  });
});

describe('1.2.1 require2FA', () => {
  it('is reversible only when nobody is swept, and says so', () => {
    const none = run(off());
    expect(none.changes?.[0]).toMatchObject({ reversible: true, context: { membersWithout2fa: [] } });
    expect(none.warnings).toEqual([]);
    const one = run(off({ members: partOk([makeMember({ id: '1', email: 'owner@acme.test', orgRole: 'owner' }), makeMember({ id: '2', email: 'o2@acme.test', orgRole: 'owner' }), makeMember({ id: '9', email: 'x@acme.test', has2fa: false })]) }));
    expect(one.changes?.[0]).toMatchObject({ reversible: false, context: { membersWithout2fa: ['x@acme.test'] } });
    expect(one.warnings?.[0]).toMatch(/^Loses access \(no 2FA\): x@acme\.test\. This member becomes a pending invitation/);
    expect(one.blockers).toBeUndefined();
  });

  it('counts several swept members in the plural', () => {
    const ms = [makeMember({ id: '1', email: 'owner@acme.test', orgRole: 'owner' }), makeMember({ id: '2', email: 'o2@acme.test', orgRole: 'owner' }), makeMember({ id: '8', email: 'a@acme.test', has2fa: false }), makeMember({ id: '9', email: 'b@acme.test', has2fa: false })];
    expect(run(off({ members: partOk(ms) })).warnings?.[0]).toMatch(/These 2 members become pending invitations/);
  });

  it('refuses a sweep that leaves fewer than minOwners owners, and not one that leaves exactly minOwners', () => {
    const o = (id: string, has2fa: boolean) => makeMember({ id, email: `o${id}@acme.test`, orgRole: 'owner', has2fa });
    const me = o('1', true);
    const exactly = run(off({ members: partOk([me, o('2', true), o('3', false)]), whoami: { scopes: [], user: me.user } }), { minOwners: 2 });
    expect(exactly.blockers).toBeUndefined();
    const fewer = run(off({ members: partOk([me, o('2', false), o('3', false)]), whoami: { scopes: [], user: me.user } }), { minOwners: 2 });
    expect(fewer.blockers).toEqual(['The 2FA sweep removes owners o2@acme.test, o3@acme.test: after it only 1 owner would remain (o1@acme.test); policy minOwners is 2. Have the other owners enable 2FA, or promote a member with 2FA to owner first (2.3.2).']);
    const one = run(off({ members: partOk([me, o('2', false)]), whoami: { scopes: [], user: me.user } }), { minOwners: 2 });
    expect(one.blockers?.[0]).toMatch(/^The 2FA sweep removes owner o2@acme\.test: after it only 1 owner would remain \(o1@acme\.test\);/);
  });

  it('is an error when SSO cannot be told and passes when require2FA is on without reading members', () => {
    expect(run(off({ authProvider: partError('502'), org: partError('500') })).status).toBe('error');
    expect(run(makeState({ members: partError('403') }))).toEqual({ status: 'pass', findings: [] });
  });
});
