// 1.2: the owner-safety helpers (shared with 2.3.1/2.3.2) and whole 1.2.1 outcomes, from
// mutation testing (issue 21, session 5). Sentry: require2FA turns every member with a user and
// no 2FA into a pending invitation (src/sentry/tasks/auth/auth.py, TwoFactorComplianceTask),
// refuses require2FA while an SSO provider is configured and when the acting user has no 2FA
// (src/sentry/core/endpoints/organization_details.py, validate_require2FA: ERR_SSO_ENABLED,
// ERR_NO_2FA); an SSO link protects only when the provider requires SSO (require_link, see
// ssoEnforced in 1.1; src/sentry/auth/services/access/service.py).
import { describe, expect, it } from 'vitest';
import { control1_2, isActingUser, ownerSeats, planDemotions, qualifyingOwners, ssoLinksCount } from '../../steps/1.2-two-factor.js';
import { DEFAULT_POLICY, type Policy } from '../../steps/policy.js';
import type { CheckOutcome } from '../../steps/types.js';
import type { AuthProvider, Member, MemberDetail } from '../../src/sentry/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeInvitation, makeMember, makeOrg, makeState, NOW } from '../fixtures/state.js';

function run(state: OrgState, policy: Partial<Policy> = {}): CheckOutcome {
  return control1_2.checks[0]!.evaluate({ state, policy: { ...DEFAULT_POLICY, ...policy }, now: NOW });
}
const off = (over: Partial<OrgState> = {}): OrgState => makeState({ org: partOk(makeOrg({ require2FA: false })), ...over });
const provider = (requireLink: boolean): AuthProvider => ({ id: '1', provider_name: 'saml2', pending_links_count: 0, login_url: '', default_role: 'member', require_link: requireLink, scim_enabled: true });
const linked = { 'sso:linked': true, 'sso:invalid': false };
const detailOf = (m: Member): MemberDetail => ({ ...m, teams: [], teamRoles: [] });

describe('isActingUser with empty identifiers', () => {
  it('never matches on an empty id: a token user without an id is matched by email only', () => {
    const m = makeMember({ id: '5', email: 'them@acme.test' });
    const noIds = { ...m, user: { ...m.user!, id: '' } };
    const me = { ...m.user!, id: '', email: 'me@acme.test' };
    expect(isActingUser(makeState({ whoami: { scopes: [], user: me } }), noIds)).toBe(false);
    expect(isActingUser(makeState({ whoami: { scopes: [], user: { ...me, email: 'THEM@acme.test' } } }), noIds)).toBe(true);
  });
});

describe('qualifyingOwners', () => {
  const with2fa = makeMember({ id: '1', email: 'a@acme.test', orgRole: 'owner' });
  const linkedNo2fa = makeMember({ id: '2', email: 'b@acme.test', orgRole: 'owner', has2fa: false, flags: linked });
  const plainNo2fa = makeMember({ id: '3', email: 'c@acme.test', orgRole: 'owner', has2fa: false });
  const manager2fa = makeMember({ id: '4', email: 'd@acme.test', orgRole: 'manager' });
  const invitedOwner = makeInvitation({ id: '5', email: 'e@acme.test', orgRole: 'owner' });
  const gone = makeMember({ id: '6', email: 'f@acme.test', orgRole: 'owner' });
  const deactivated = { ...gone, user: { ...gone.user!, isActive: false } };
  const all = [with2fa, linkedNo2fa, plainNo2fa, manager2fa, invitedOwner, deactivated];

  it('counts active owners with 2FA, and SSO-linked owners only when links protect', () => {
    expect(qualifyingOwners(all, false).map((m) => m.id)).toEqual(['1']);
    expect(qualifyingOwners(all, true).map((m) => m.id)).toEqual(['1', '2']);
  });

  it('does not count an invalid SSO link, a deactivated owner with 2FA or a linked non-owner', () => {
    const invalid = makeMember({ id: '7', orgRole: 'owner', has2fa: false, flags: { 'sso:linked': true, 'sso:invalid': true } });
    const linkedManager = makeMember({ id: '8', orgRole: 'manager', has2fa: false, flags: linked });
    expect(qualifyingOwners([invalid, linkedManager, deactivated], true)).toEqual([]);
  });
});

describe('ssoLinksCount', () => {
  it('counts links only when SSO is enforced and no 2FA sweep is planned; unreadable SSO counts none', () => {
    const enforced = makeState({ authProvider: partOk(provider(true)), org: partOk(makeOrg({ hasAuthProvider: true })) });
    expect(ssoLinksCount(enforced, false)).toBe(true);
    expect(ssoLinksCount(enforced, true)).toBe(false);
    expect(ssoLinksCount(makeState({ authProvider: partOk(provider(false)) }), false)).toBe(false);
    expect(ssoLinksCount(makeState(), false)).toBe(false);
    expect(ssoLinksCount(makeState({ authProvider: partError('502'), org: partOk(makeOrg({ hasAuthProvider: true })) }), false)).toBe(false);
  });
});

describe('ownerSeats', () => {
  it('counts owner members and unexpired owner invitations, nothing else', () => {
    const owner = makeMember({ id: '1', orgRole: 'owner' });
    const manager = makeMember({ id: '2', orgRole: 'manager' });
    const ownerInvite = makeInvitation({ id: '3', orgRole: 'owner' });
    const expiredOwnerInvite = makeInvitation({ id: '4', orgRole: 'owner', expired: true });
    const memberInvite = makeInvitation({ id: '5', orgRole: 'member' });
    const seats = ownerSeats([owner, manager, ownerInvite, expiredOwnerInvite, memberInvite]);
    expect(seats.owners.map((m) => m.id)).toEqual(['1']);
    expect(seats.invitations.map((m) => m.id)).toEqual(['3']);
  });
});

describe('planDemotions counts owner invitations as seats', () => {
  const owners = ['1', '2', '3'].map((id) => makeMember({ id, email: `o${id}@acme.test`, orgRole: 'owner' }));
  const details = partOk(Object.fromEntries(owners.map((m) => [m.id, detailOf(m)])));
  const policy = { ...DEFAULT_POLICY, maxOwners: 3, demoteOwners: ['o3@acme.test'] };

  it('plans while owners plus unexpired owner invitations exceed maxOwners, not with an expired one', () => {
    const invite = makeInvitation({ id: '9', email: 'new@acme.test', orgRole: 'owner' });
    const withInvite = [...owners, invite];
    expect(planDemotions(makeState({ members: partOk(withInvite), memberDetails: details }), policy, withInvite).demote.map((d) => d.member.id)).toEqual(['3']);
    const expired = [...owners, { ...invite, expired: true }];
    expect(planDemotions(makeState({ members: partOk(expired), memberDetails: details }), policy, expired).demote).toEqual([]);
  });

  it('finds the owner by the user\'s email when the membership email differs', () => {
    const members = [...owners.slice(0, 2), { ...owners[2]!, email: 'old-address@acme.test' }];
    const plan = planDemotions(makeState({ members: partOk(members), memberDetails: details }), { ...policy, maxOwners: 2 }, members);
    expect(plan.demote.map((d) => d.member.id)).toEqual(['3']);
    expect(plan.demote[0]?.detail).toEqual(detailOf(owners[2]!));
  });
});

describe('1.2.1 whole outcomes', () => {
  it('under SSO: manual with the finding, the blocker and the IdP steps, no change planned', () => {
    const state = off({ authProvider: partOk(provider(true)), org: partOk(makeOrg({ require2FA: false, hasAuthProvider: true })) });
    expect(run(state)).toEqual({
      status: 'manual',
      findings: [{ resource: { type: 'organization', id: 'acme' }, field: 'require2FA', current: false, expected: true, message: 'An SSO provider is configured, so Sentry refuses require2FA: multi-factor authentication is enforced by the identity provider.' }],
      reason: 'enforce phishing-resistant MFA in the identity provider',
      blockers: ['An SSO provider is configured: Sentry refuses require2FA while SSO is enabled.'],
      manualSteps: [
        'In your identity provider, require multi-factor authentication for the Sentry application, with phishing-resistant methods (WebAuthn / FIDO2 security keys or passkeys) for owners and managers.',
        'Turn on "Require SSO" at https://acme.sentry.io/settings/auth/ so nobody can bypass the IdP with a password (1.1.2).',
      ],
    });
  });

  it('with unreadable members: fails with the reason and a blocker, plans nothing', () => {
    expect(run(off({ members: partError('403') }))).toEqual({
      status: 'fail',
      findings: [{ resource: { type: 'organization', id: 'acme' }, field: 'require2FA', current: false, expected: true, message: 'Two-factor authentication is not required for members.' }],
      changes: [],
      reason: 'members: 403',
      blockers: ['The members could not be read (members: 403): who loses access to the 2FA sweep and how many owners remain is unknown, so require2FA is not planned.'],
    });
  });

  it('plans the whole change when nobody is swept', () => {
    expect(run(off())).toEqual({
      status: 'fail',
      findings: [{ resource: { type: 'organization', id: 'acme' }, field: 'require2FA', current: false, expected: true, message: 'Two-factor authentication is not required for members.' }],
      changes: [{
        checkId: '1.2.1', target: { type: 'organization', id: 'acme' }, field: 'require2FA', before: false, after: true, risk: 'risky', reversible: true,
        consequence: 'Every member already has 2FA; from now on members must keep it to stay in the organization.', context: { membersWithout2fa: [] },
      }],
      warnings: [],
    });
  });

  it('names "none" when no owner would remain, and counts an SSO-linked owner without 2FA as swept', () => {
    const o1 = makeMember({ id: '1', email: 'o1@acme.test', orgRole: 'owner', has2fa: false });
    const o2 = makeMember({ id: '2', email: 'o2@acme.test', orgRole: 'owner', has2fa: false, flags: linked });
    const me = makeMember({ id: '9', email: 'me@acme.test', orgRole: 'manager' });
    const out = run(off({ members: partOk([o1, o2, me]), whoami: { scopes: [], user: me.user } }));
    expect(out.blockers).toEqual(['The 2FA sweep removes owners o1@acme.test, o2@acme.test: after it only 0 owners would remain (none); policy minOwners is 2. Have the other owners enable 2FA, or promote a member with 2FA to owner first (2.3.2).']);
  });

  it('names the acting user without 2FA in the blocker, next to the sweep warning', () => {
    const me = makeMember({ id: '1', email: 'owner@acme.test', orgRole: 'owner', has2fa: false });
    const o2 = makeMember({ id: '2', email: 'o2@acme.test', orgRole: 'owner' });
    const o3 = makeMember({ id: '3', email: 'o3@acme.test', orgRole: 'owner' });
    const out = run(off({ members: partOk([me, o2, o3]), whoami: { scopes: [], user: me.user } }));
    expect(out.blockers).toEqual(['Your account (owner@acme.test) has no two-factor authentication: Sentry refuses require2FA, and the sweep would lock you out. Enable 2FA at https://sentry.io/settings/account/security/ first.']);
    expect(out.changes?.[0]?.consequence).toBe('Members without 2FA are turned into pending invitations and emailed: owner@acme.test. Rolling back the setting does not restore their membership.');
  });

  it('does not count an owner demoted by the policy among those who remain', () => {
    const owners = ['1', '2', '3'].map((id) => makeMember({ id, email: `o${id}@acme.test`, orgRole: 'owner', has2fa: id !== '3' }));
    const details = partOk(Object.fromEntries(owners.map((m) => [m.id, detailOf(m)])));
    const state = off({ members: partOk(owners), memberDetails: details, whoami: { scopes: [], user: owners[0]!.user } });
    // 3 owners, maxOwners 2: o2's demotion is planned; after the sweep (o3) only o1 remains
    const out = run(state, { maxOwners: 2, demoteOwners: ['o2@acme.test'] });
    expect(out.blockers).toEqual(['The 2FA sweep removes owner o3@acme.test: after it and the demotions of policy demoteOwners only 1 owner would remain (o1@acme.test); policy minOwners is 2. Have the other owners enable 2FA, or promote a member with 2FA to owner first (2.3.2).']);
  });
});
