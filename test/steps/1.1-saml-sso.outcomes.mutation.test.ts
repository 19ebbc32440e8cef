// 1.1: whole outcomes and the SSO helpers other controls rely on (ssoEnforced for 2.3 and 1.2),
// from mutation testing (issue 21, session 5). Sentry: GET organizations/{org}/auth-provider/
// answers 204 (null) when no provider is configured, whatever else the org says
// (src/sentry/api/endpoints/organization_auth_provider_details.py); a provider's `require_link`
// is false when `allow_unlinked` is set (src/sentry/api/serializers/models/auth_provider.py), and
// then query_sso_state lets everyone bypass SSO (src/sentry/auth/services/access/service.py), so
// an SSO link protects only under require_link.
import { describe, expect, it } from 'vitest';
import { readSso, ssoEnforced } from '../../steps/1.1-saml-sso.js';
import type { AuthProvider } from '../../src/sentry/types.js';
import { partError, partNotApplicable, partOk, type OrgState } from '../../src/state/types.js';
import { makeMember, makeOrg, makeState, runCheck as run } from '../fixtures/state.js';

const provider = (over: Partial<AuthProvider> = {}): AuthProvider => ({
  id: '7', provider_name: 'saml2', pending_links_count: 0, login_url: 'https://sentry.io/organizations/acme/issues/',
  default_role: 'member', require_link: true, scim_enabled: true, ...over,
});
const withSso = (over: Partial<AuthProvider> = {}, state: Partial<OrgState> = {}): OrgState =>
  makeState({ authProvider: partOk(provider(over)), org: partOk(makeOrg({ hasAuthProvider: true })), ...state });
const unreadProvider = (hasAuthProvider: boolean, over: Partial<OrgState> = {}): OrgState =>
  makeState({ authProvider: partError('HTTP 502'), org: partOk(makeOrg({ hasAuthProvider })), ...over });

describe('ssoEnforced: an SSO link protects only when a provider requires SSO', () => {
  it('reads require_link of a readable provider, and no provider enforces nothing', () => {
    expect(ssoEnforced(withSso())).toEqual({ value: true });
    expect(ssoEnforced(withSso({ require_link: false }))).toEqual({ value: false });
    // the provider read (204, none) wins over a stale hasAuthProvider
    expect(ssoEnforced(makeState({ authProvider: partOk(null), org: partOk(makeOrg({ hasAuthProvider: true })) }))).toEqual({ value: false });
  });

  it('with the provider unreadable: no provider per the org enforces nothing, a provider per the org is an error', () => {
    expect(ssoEnforced(unreadProvider(false))).toEqual({ value: false });
    expect(ssoEnforced(makeState({ authProvider: partNotApplicable('no SSO here'), org: partOk(makeOrg({ hasAuthProvider: false })) }))).toEqual({ value: false });
    expect(ssoEnforced(unreadProvider(true))).toEqual({
      outcome: { status: 'error', findings: [], reason: 'an SSO provider is configured (hasAuthProvider) but whether it requires SSO (require_link) could not be read: HTTP 502' },
    });
  });

  it('is an error naming both reasons when neither the provider nor the org can be read', () => {
    expect(ssoEnforced(makeState({ authProvider: partError('HTTP 502'), org: partError('HTTP 500') }))).toEqual({
      outcome: { status: 'error', findings: [], reason: 'whether SSO is required is unknown: HTTP 502; organization settings: HTTP 500' },
    });
    // no dangling separator when the org's reason itself ends in one
    expect(ssoEnforced(makeState({ authProvider: partError('HTTP 502'), org: partError('HTTP 500; ') }))).toMatchObject({
      outcome: { reason: 'whether SSO is required is unknown: HTTP 502; organization settings: HTTP 500' },
    });
  });
});

describe('readSso: the provider read wins', () => {
  it('a readable "no provider" is not configured even when the org still says hasAuthProvider', () => {
    expect(readSso(makeState({ authProvider: partOk(null), org: partOk(makeOrg({ hasAuthProvider: true })) }))).toEqual({ value: { kind: 'not_configured' } });
    expect(run('1.1.1', makeState({ authProvider: partOk(null), org: partOk(makeOrg({ hasAuthProvider: true })) })).status).toBe('fail');
  });

  it('an unreadable provider with hasAuthProvider false is judged by the org, not an error', () => {
    expect(readSso(unreadProvider(false))).toEqual({ value: { kind: 'not_configured' } });
  });
});

describe('1.1.1 whole outcomes', () => {
  it('is an error, with nothing else, when the org was read without its feature flags', () => {
    expect(run('1.1.1', makeState({ org: partOk(makeOrg({ features: undefined })) }))).toEqual({
      status: 'error', findings: [], reason: 'the organization was read without its feature flags (?include_feature_flags=1), so SSO availability is unknown',
    });
  });

  it('passes on hasAuthProvider alone with a finding that says the type is unknown', () => {
    expect(run('1.1.1', unreadProvider(true))).toEqual({
      status: 'pass',
      findings: [{
        resource: { type: 'organization', id: 'acme' }, field: 'hasAuthProvider', current: true, expected: true,
        message: 'An SSO provider is configured (organization hasAuthProvider); its type could not be read (SSO provider (GET organizations/{org}/auth-provider/): HTTP 502), so whether it is SAML 2.0, which the guide asks for, is unknown.',
      }],
    });
  });

  it('is not applicable with the plan\'s reason when no listed provider\'s feature is enabled', () => {
    expect(run('1.1.1', makeState({ org: partOk(makeOrg({ features: ['data-secrecy'] })) }))).toEqual({
      status: 'not_applicable', findings: [], reason: 'SSO is not available on this organization\'s plan (its features include none of sso-saml2, sso-basic)',
    });
  });

  it('passes with one finding on the provider, and is an error when the provider list is unreadable and none is configured', () => {
    expect(run('1.1.1', withSso())).toEqual({
      status: 'pass',
      findings: [{ resource: { type: 'auth-provider', id: '7' }, field: 'provider_name', current: 'saml2', expected: 'saml2', message: 'SSO provider "saml2" (SAML 2.0) is configured.' }],
    });
    expect(run('1.1.1', makeState({ authProviders: partError('403') }))).toEqual({ status: 'error', findings: [], reason: 'available SSO providers (GET organizations/{org}/auth-providers/): 403' });
  });

  it('gives the setup steps with the SAML values in order', () => {
    const out = run('1.1.1', makeState());
    expect(out.status).toBe('fail');
    expect(out.manualSteps?.[0]).toContain('https://acme.sentry.io/settings/auth/');
    expect(out.manualSteps?.[1]).toContain('ACS URL https://sentry.io/saml/acs/acme/ (HTTP-POST), single logout URL https://sentry.io/saml/sls/acme/ (HTTP-Redirect) and entity ID / metadata URL https://sentry.io/saml/metadata/acme/');
  });
});

describe('1.1.2 whole outcomes', () => {
  it('passes with nothing else when SSO is required', () => {
    expect(run('1.1.2', withSso())).toEqual({ status: 'pass', findings: [] });
  });

  it('fails with the break-glass warning, also as the first manual step, and the settings page', () => {
    const out = run('1.1.2', withSso({ require_link: false }));
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings?.[0]).toMatch(/^With Require SSO on, an owner who is not SSO-linked/);
    expect(out.manualSteps).toEqual([
      `Before switching it on: ${out.warnings?.[0]}`,
      'Open https://acme.sentry.io/settings/auth/, tick "Require SSO" and save.',
      'Run sentry-harden verify again to re-check.',
    ]);
    expect(out.changes).toBeUndefined();
  });

  it('is not applicable without SSO on the plan and an error when the org is unreadable', () => {
    expect(run('1.1.2', makeState({ authProviders: partOk([]) }))).toEqual({ status: 'not_applicable', findings: [], reason: 'SSO is not available on this organization\'s plan (Sentry lists no SSO provider for it)' });
    expect(run('1.1.2', makeState({ org: partError('500') }))).toEqual({ status: 'error', findings: [], reason: 'organization settings: 500' });
  });
});

describe('1.1.3 and 1.1.4 whole outcomes', () => {
  it('1.1.3 passes with nothing else when every member is linked, and fails naming one unlinked member among linked ones', () => {
    const linked = makeMember({ email: 'a@acme.test', flags: { 'sso:linked': true, 'sso:invalid': false } });
    expect(run('1.1.3', withSso({}, { members: partOk([linked]) }))).toEqual({ status: 'pass', findings: [] });
    const unlinked = makeMember({ id: '41', email: 'c@acme.test' });
    const out = run('1.1.3', withSso({}, { members: partOk([linked, unlinked]) }));
    expect(out.findings).toEqual([{ resource: { type: 'member', id: '41', email: 'c@acme.test' }, field: 'flags.sso:linked', current: false, expected: true, message: 'c@acme.test is not linked to SSO.' }]);
    expect(out.manualSteps).toEqual([
      'Ask these members to sign in through SSO once: c@acme.test.',
      'Or open https://acme.sentry.io/settings/auth/ and use "Send reminders" to email everyone who has not linked.',
      'Run sentry-harden verify again to re-check.',
    ]);
  });

  it('1.1.3 with only hasAuthProvider still judges the member flags', () => {
    const unlinked = makeMember({ id: '42', email: 'c@acme.test' });
    expect(run('1.1.3', unreadProvider(true, { members: partOk([unlinked]) })).findings.map((f) => f.resource.id)).toEqual(['42']);
  });

  it('1.1.4 passes with SCIM on, and names the provider in the not-applicable reason', () => {
    expect(run('1.1.4', withSso({ provider_name: 'okta' }))).toEqual({ status: 'pass', findings: [] });
    expect(run('1.1.4', withSso({ provider_name: 'google', scim_enabled: true }))).toEqual({ status: 'not_applicable', findings: [], reason: 'the google SSO provider offers no SCIM provisioning' });
    const out = run('1.1.4', withSso({ scim_enabled: false }));
    expect(out.manualSteps?.[0]).toBe('Open https://acme.sentry.io/settings/auth/, tick "Enable SCIM" and save; the page then shows the SCIM base URL and token.');
  });
});
