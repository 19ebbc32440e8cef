// The owner-count and 2FA pre-flight as a pure function of OrgState (fixtures).

import { describe, expect, it } from 'vitest';
import { preflight } from '../../src/engine/preflight.js';
import { partError, partOk } from '../../src/state/types.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import type { PlannedChange } from '../../steps/types.js';
import type { AuthProvider } from '../../src/sentry/types.js';
import { makeMember, makeOrg, makeState } from '../fixtures/state.js';

const require2fa: PlannedChange = { checkId: '1.2.1', target: { type: 'organization', id: 'acme' }, field: 'require2FA', before: false, after: true, risk: 'risky', reversible: false };
const demote = (id: string, email: string): PlannedChange => ({
  checkId: '2.3.1', target: { type: 'member', id, email }, field: 'orgRole', before: 'owner', after: 'manager', risk: 'risky', reversible: true,
});

describe('preflight', () => {
  const acting = makeMember({ id: '1', email: 'owner@acme.test', orgRole: 'owner' });
  const o2 = makeMember({ id: '2', email: 'o2@acme.test', orgRole: 'owner' });
  const o3 = makeMember({ id: '3', email: 'o3@acme.test', orgRole: 'owner', has2fa: false, flags: { 'sso:linked': true, 'sso:invalid': false } });
  const dev = makeMember({ id: '4', email: 'dev@acme.test', has2fa: false });
  const provider = (requireLink: boolean): AuthProvider => ({ id: '1', provider_name: 'saml2', pending_links_count: 0, login_url: '', default_role: 'member', require_link: requireLink, scim_enabled: false });
  // o3's SSO link protects only because the provider requires SSO (Sentry's query_sso_state)
  const state = makeState({ members: partOk([acting, o2, o3, dev]), whoami: { scopes: ['org:admin'], user: acting.user }, authProvider: partOk(provider(true)), org: partOk(makeOrg({ hasAuthProvider: true })) });

  it('counts demotions and the 2FA sweep together against minOwners', () => {
    // with no provider (require2FA needs none) o3's link flag protects nothing: acting + o2 qualify
    const noSso = { ...state, authProvider: partOk(null), org: partOk(makeOrg({ hasAuthProvider: false })) };
    expect(preflight(noSso, [require2fa], DEFAULT_POLICY).refusedChecks).toEqual([]);
    const pf = preflight(noSso, [demote('2', 'o2@acme.test'), require2fa], DEFAULT_POLICY);
    expect(pf.refusedChecks).toEqual(['2.3.1']);
    expect(pf.blockers.join(' ')).toMatch(/leave 1 owner.*minOwners 2.*2FA requirement/);
    expect(pf.reasons['2.3.1']![0]).toMatch(/minOwners/);
  });

  // issue 18: src/sentry/auth/services/access/service.py query_sso_state returns the bypass state
  // (SSO not required) for everyone when the provider allows unlinked sign-in (require_link false)
  it('counts an SSO link only when the provider requires SSO; an unreadable provider counts none', () => {
    // required: acting + o3 remain after demoting o2
    expect(preflight(state, [demote('2', 'o2@acme.test')], DEFAULT_POLICY).blockers).toEqual([]);
    const notRequired = { ...state, authProvider: partOk(provider(false)) };
    const pf = preflight(notRequired, [demote('2', 'o2@acme.test')], DEFAULT_POLICY);
    expect(pf.refusedChecks).toEqual(['2.3.1']);
    expect(pf.blockers.join(' ')).toMatch(/leave 1 owner.*minOwners 2/);
    const unread = { ...state, authProvider: partError<AuthProvider | null>('HTTP 502') };
    expect(preflight(unread, [demote('2', 'o2@acme.test')], DEFAULT_POLICY).refusedChecks).toEqual(['2.3.1']);
    const noProvider = { ...state, authProvider: partOk(null), org: partOk(makeOrg({ hasAuthProvider: false })) };
    expect(preflight(noProvider, [demote('2', 'o2@acme.test')], DEFAULT_POLICY).refusedChecks).toEqual(['2.3.1']);
  });

  it('lists the members the 2FA requirement removes', () => {
    const pf = preflight(state, [require2fa], DEFAULT_POLICY);
    expect(pf.removedBy2fa.map((m) => m.email)).toEqual(['o3@acme.test', 'dev@acme.test']);
    expect(pf.warnings[0]).toMatch(/o3@acme\.test \(owner\), dev@acme\.test \(member\)/);
  });

  // Sentry's sweep (src/sentry/tasks/auth/auth.py OrganizationComplianceTask.remove_non_compliant_members)
  // takes every membership with a user, the users fetched by id with no is_active filter
  // (src/sentry/users/services/user/impl.py apply_filters): a deactivated user without 2FA loses
  // the membership too; an invitation (no user) is not touched.
  it('counts a deactivated user without 2FA among those the requirement removes, never an invitation', () => {
    const off = makeMember({ id: '5', email: 'off@acme.test', has2fa: false });
    const deactivated = { ...off, user: { ...off.user!, isActive: false } };
    const invite = { ...makeMember({ id: '6', email: 'inv@acme.test' }), user: null, pending: true };
    const s = { ...state, members: partOk([acting, o2, deactivated, invite]), authProvider: partOk(null), org: partOk(makeOrg({ hasAuthProvider: false })) };
    const pf = preflight(s, [require2fa], DEFAULT_POLICY);
    expect(pf.removedBy2fa.map((m) => m.email)).toEqual(['off@acme.test']);
    expect(pf.warnings[0]).toMatch(/1 member without 2FA into pending invitations and emails them: off@acme\.test \(member\)/);
  });

  it('refuses require2FA without members, without a user, or without the acting user\'s 2FA', () => {
    expect(preflight(makeState({ members: partError('403') }), [require2fa], DEFAULT_POLICY).refusedChecks).toEqual(['1.2.1']);
    expect(preflight(makeState({ whoami: { scopes: null, user: null } }), [require2fa], DEFAULT_POLICY).blockers[0]).toMatch(/no user/);
    const no2fa = makeMember({ id: '9', email: 'me@acme.test', has2fa: false, orgRole: 'owner' });
    expect(preflight(makeState({ whoami: { scopes: null, user: no2fa.user } }), [require2fa], DEFAULT_POLICY).blockers[0]).toMatch(/me@acme\.test has no two-factor/);
  });

  it('refuses changing the acting user\'s own role', () => {
    const pf = preflight(state, [demote('1', 'owner@acme.test')], DEFAULT_POLICY);
    expect(pf.reasons['2.3.1']![0]).toMatch(/own role/);
  });
});
