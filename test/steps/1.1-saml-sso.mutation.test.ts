// 1.1: how the SSO state is read when parts are missing, and which provider/member counts, found
// missing by mutation testing (issue 21). Sentry: GET organizations/{org}/auth-provider/ answers
// 204 (null) without a provider (src/sentry/api/endpoints/organization_auth_provider_details.py);
// auth-providers/ lists each provider's requiredFeature with the `organizations:` prefix
// (organization_auth_providers.py); SAML URLs live on the control silo
// (src/sentry/auth/providers/saml2/provider.py: /saml/acs|sls|metadata/{org}/).
import { describe, expect, it } from 'vitest';
import { control1_1, readSso, samlValues, ssoConfigured } from '../../steps/1.1-saml-sso.js';
import type { AuthProvider } from '../../src/sentry/types.js';
import { partError, partNotApplicable, partOk, type OrgState } from '../../src/state/types.js';
import { makeMember, makeOrg, makeState, runCheck as run } from '../fixtures/state.js';

const provider = (over: Partial<AuthProvider> = {}): AuthProvider => ({
  id: '7', provider_name: 'saml2', pending_links_count: 0, login_url: 'https://sentry.io/organizations/acme/issues/',
  default_role: 'member', require_link: true, scim_enabled: true, ...over,
});
const withSso = (over: Partial<AuthProvider> = {}, state: Partial<OrgState> = {}): OrgState =>
  makeState({ authProvider: partOk(provider(over)), org: partOk(makeOrg({ hasAuthProvider: true })), ...state });

describe('readSso when parts are missing', () => {
  it('does not fall back to the org when the provider endpoint is not applicable', () => {
    const out = readSso(makeState({ authProvider: partNotApplicable('no SSO on this server'), org: partOk(makeOrg({ hasAuthProvider: true })) }));
    expect(out).toEqual({ outcome: { status: 'not_applicable', findings: [], reason: 'SSO provider (GET organizations/{org}/auth-provider/): no SSO on this server' } });
  });

  it('does not fall back when the org is unreadable too: the provider\'s error is the outcome', () => {
    const out = readSso(makeState({ authProvider: partError('HTTP 502'), org: partError('HTTP 500') }));
    expect(out).toEqual({ outcome: { status: 'error', findings: [], reason: 'SSO provider (GET organizations/{org}/auth-provider/): HTTP 502' } });
  });

  it('is an error when the provider list is unreadable and no provider is configured', () => {
    const out = readSso(makeState({ authProviders: partError('403') }));
    expect(out).toEqual({ outcome: { status: 'error', findings: [], reason: 'available SSO providers (GET organizations/{org}/auth-providers/): 403' } });
  });

  it('is an error when the org is unreadable although the provider answered "none"', () => {
    expect(readSso(makeState({ org: partError('HTTP 500') }))).toEqual({ outcome: { status: 'error', findings: [], reason: 'organization settings: HTTP 500' } });
  });

  it('takes a configured provider without needing the org or the provider list', () => {
    const p = provider();
    expect(readSso(makeState({ authProvider: partOk(p), org: partError('x'), authProviders: partError('y') }))).toEqual({ value: { kind: 'configured', provider: p } });
  });

  it('says the plan has no SSO when the provider list is empty, naming each wanted feature once', () => {
    expect(readSso(makeState({ authProviders: partOk([]) }))).toEqual({ value: { kind: 'unavailable', reason: 'SSO is not available on this organization\'s plan (Sentry lists no SSO provider for it)' } });
    const choices = [
      { key: 'saml2', name: 'SAML2', requiredFeature: 'organizations:sso-saml2' },
      { key: 'okta', name: 'Okta', requiredFeature: 'organizations:sso-saml2' },
      { key: 'google', name: 'Google', requiredFeature: 'organizations:sso-basic' },
    ];
    const out = readSso(makeState({ org: partOk(makeOrg({ features: ['other'] })), authProviders: partOk(choices) }));
    expect(out).toEqual({ value: { kind: 'unavailable', reason: 'SSO is not available on this organization\'s plan (its features include none of sso-saml2, sso-basic)' } });
  });

  it('matches features trimmed and with or without the prefix on either side', () => {
    const choices = partOk([{ key: 'saml2', name: 'SAML2', requiredFeature: ' sso-saml2' }]);
    expect(readSso(makeState({ org: partOk(makeOrg({ features: ['organizations:sso-saml2 '] })), authProviders: choices }))).toEqual({ value: { kind: 'not_configured' } });
  });

  it('gives configured_unread only when the org says a provider exists', () => {
    const out = readSso(makeState({ authProvider: partError('HTTP 502'), org: partOk(makeOrg({ hasAuthProvider: true })) }));
    expect(out).toEqual({ value: { kind: 'configured_unread', reason: 'SSO provider (GET organizations/{org}/auth-provider/): HTTP 502' } });
  });
});

describe('ssoConfigured', () => {
  it('reads the provider first, then the org\'s hasAuthProvider, and is an error without both', () => {
    expect(ssoConfigured(makeState({ authProvider: partOk(null), org: partOk(makeOrg({ hasAuthProvider: true })) }))).toEqual({ value: false });
    expect(ssoConfigured(makeState({ authProvider: partOk(provider()), org: partOk(makeOrg({ hasAuthProvider: false })) }))).toEqual({ value: true });
    expect(ssoConfigured(makeState({ authProvider: partError('502'), org: partOk(makeOrg({ hasAuthProvider: true })) }))).toEqual({ value: true });
    expect(ssoConfigured(makeState({ authProvider: partError('502'), org: partOk(makeOrg({ hasAuthProvider: false })) }))).toEqual({ value: false });
    expect(ssoConfigured(makeState({ authProvider: partError('502'), org: partError('500') }))).toEqual({ outcome: { status: 'error', findings: [], reason: 'organization settings: 500' } });
  });
});

describe('samlValues', () => {
  it('strips trailing slashes of the control URL and encodes the org slug', () => {
    const base = makeState();
    const state = makeState({ target: { ...base.target, controlUrl: 'https://sentry.io//', org: 'a b' } });
    expect(samlValues(state)).toMatchObject({ acs: 'https://sentry.io/saml/acs/a%20b/', sls: 'https://sentry.io/saml/sls/a%20b/', metadata: 'https://sentry.io/saml/metadata/a%20b/' });
  });
});

describe('1.1.1 to 1.1.4 by provider', () => {
  it('recognises SAML providers case-insensitively and OAuth ones as not SAML', () => {
    expect(run('1.1.1', withSso({ provider_name: 'Okta' })).findings[0]?.message).toBe('SSO provider "Okta" (SAML 2.0) is configured.');
    expect(run('1.1.1', withSso({ provider_name: 'github' })).findings[0]?.message).toBe('SSO provider "github" is configured; it is not SAML 2.0, which the guide asks for.');
    expect(run('1.1.1', withSso({ provider_name: 'okta' })).findings[0]).toMatchObject({ resource: { type: 'auth-provider', id: '7' }, field: 'provider_name', current: 'okta', expected: 'saml2' });
  });

  it('1.1.1 without a provider names saml2 as expected and is not applicable without SSO on the plan', () => {
    const out = run('1.1.1', makeState());
    expect(out.findings).toEqual([{ resource: { type: 'organization', id: 'acme' }, field: 'authProvider', current: null, expected: 'saml2', message: 'No SSO provider is configured; the guide asks for SAML 2.0 single sign-on.' }]);
    expect(out.manualSteps).toHaveLength(4);
    expect(run('1.1.1', makeState({ authProviders: partOk([]) })).status).toBe('not_applicable');
  });

  it('1.1.2 to 1.1.4 are errors when the provider settings are unreadable, except 1.1.3', () => {
    const unread = makeState({ authProvider: partError('HTTP 502'), org: partOk(makeOrg({ hasAuthProvider: true })) });
    const expected = { status: 'error', findings: [], reason: 'an SSO provider is configured (hasAuthProvider) but its settings could not be read: SSO provider (GET organizations/{org}/auth-provider/): HTTP 502' };
    expect(run('1.1.2', unread)).toEqual(expected);
    expect(run('1.1.4', unread)).toEqual(expected);
  });

  it('1.1.2 to 1.1.4 need 1.1.1 first, naming what they need', () => {
    for (const [id, what] of [['1.1.2', 'Require SSO'], ['1.1.3', 'linking every member to SSO'], ['1.1.4', 'SCIM provisioning']] as const) {
      const out = run(id, makeState());
      expect(out.status, id).toBe('fail');
      expect(out.findings, id).toEqual([{ resource: { type: 'organization', id: 'acme' }, field: 'authProvider', current: null, expected: what, message: `No SSO provider is configured: ${what} needs 1.1.1 first.` }]);
      expect(out.manualSteps?.[0]).toBe('Configure an SSO provider first (1.1.1) at https://acme.sentry.io/settings/auth/, then run sentry-harden verify again.');
      expect(run(id, makeState({ authProviders: partOk([]) })).status, id).toBe('not_applicable');
      expect(run(id, makeState({ org: partError('500') })).status, id).toBe('error');
    }
  });

  it('1.1.2 names the provider setting that is off', () => {
    const out = run('1.1.2', withSso({ require_link: false }));
    expect(out.findings).toEqual([{ resource: { type: 'auth-provider', id: '7' }, field: 'require_link', current: false, expected: true, message: 'SSO is configured but not required: members can sign in with a password.' }]);
  });

  it('1.1.3 skips deactivated users and invitations, and says which link is invalid', () => {
    const invalid = makeMember({ email: 'b@acme.test', flags: { 'sso:linked': true, 'sso:invalid': true } });
    const unlinked = makeMember({ email: 'c@acme.test' });
    const deactivated = makeMember({ email: 'd@acme.test' });
    const gone = { ...deactivated, user: deactivated.user ? { ...deactivated.user, isActive: false } : null };
    const invited = makeMember({ email: 'e@acme.test', user: null, pending: true });
    const out = run('1.1.3', withSso({}, { members: partOk([invalid, unlinked, gone, invited]) }));
    expect(out.findings.map((f) => [f.field, f.message])).toEqual([
      ['flags.sso:linked', 'b@acme.test has an invalid SSO link and must link again.'],
      ['flags.sso:linked', 'c@acme.test is not linked to SSO.'],
    ]);
    expect(out.manualSteps?.[0]).toBe('Ask these members to sign in through SSO once: b@acme.test, c@acme.test.');
  });

  it('1.1.3 is an error when the members are unreadable', () => {
    expect(run('1.1.3', withSso({}, { members: partError('403') }))).toEqual({ status: 'error', findings: [], reason: 'members: 403' });
  });

  it('1.1.4 is not applicable for OAuth providers whatever their case, and names the SCIM setting', () => {
    expect(run('1.1.4', withSso({ provider_name: 'GitHub', scim_enabled: false })).status).toBe('not_applicable');
    const out = run('1.1.4', withSso({ provider_name: 'okta', scim_enabled: false }));
    expect(out.findings).toEqual([{ resource: { type: 'auth-provider', id: '7' }, field: 'scim_enabled', current: false, expected: true, message: 'SCIM provisioning is not enabled.' }]);
  });
});
