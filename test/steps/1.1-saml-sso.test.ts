import { describe, expect, it } from 'vitest';
import { control1_1 } from '../../steps/1.1-saml-sso.js';
import type { AuthProvider } from '../../src/sentry/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeMember, makeOrg, makeState, runCheck as run } from '../fixtures/state.js';

const provider = (over: Partial<AuthProvider> = {}): AuthProvider => ({
  id: '7', provider_name: 'saml2', pending_links_count: 0, login_url: 'https://sentry.io/organizations/acme/issues/',
  default_role: 'member', require_link: true, scim_enabled: true, ...over,
});

const withSso = (over: Partial<AuthProvider> = {}, state: Partial<OrgState> = {}): OrgState =>
  makeState({ authProvider: partOk(provider(over)), org: partOk(makeOrg({ hasAuthProvider: true, require2FA: false })), ...state });

describe('control 1.1', () => {
  it('carries the guide title, level and frameworks', () => {
    expect(control1_1).toMatchObject({ id: '1.1', title: 'Configure SAML Single Sign-On', level: 'L1', frameworks: { cis: ['6.3', '12.5'], nist: ['IA-2', 'IA-8'], soc2: ['CC6.1'] } });
    expect(control1_1.checks.map((c) => [c.id, c.level, c.automation])).toEqual([
      ['1.1.1', 'L1', 'manual'], ['1.1.2', 'L2', 'manual'], ['1.1.3', 'L2', 'manual'], ['1.1.4', 'L3', 'manual'],
    ]);
  });
});

describe('1.1.1 SSO provider configured', () => {
  it('fails without a provider when SSO is available, with the SAML URLs on the control host', () => {
    const out = run('1.1.1', makeState());
    expect(out.status).toBe('fail');
    const steps = out.manualSteps?.join('\n') ?? '';
    expect(steps).toContain('https://sentry.io/saml/acs/acme/');
    expect(steps).toContain('https://sentry.io/saml/sls/acme/');
    expect(steps).toContain('https://sentry.io/saml/metadata/acme/');
    expect(steps).toContain('https://acme.sentry.io/settings/auth/');
    expect(steps).not.toContain('us.sentry.io');
  });

  it('uses the base URL and slug path on self-hosted', () => {
    const base = makeState();
    const state = makeState({ target: { ...base.target, baseUrl: 'https://sentry.corp', controlUrl: 'https://sentry.corp', regionUrl: 'https://sentry.corp', organizationUrl: 'https://sentry.corp', selfHosted: true } });
    const steps = run('1.1.1', state).manualSteps?.join('\n') ?? '';
    expect(steps).toContain('https://sentry.corp/saml/acs/acme/');
    expect(steps).toContain('https://sentry.corp/settings/acme/auth/');
  });

  it('compares requiredFeature without the organizations: prefix', () => {
    const state = makeState({ org: partOk(makeOrg({ features: ['sso-basic'] })), authProviders: partOk([{ key: 'saml2', name: 'SAML2', requiredFeature: 'organizations:sso-saml2' }]) });
    const out = run('1.1.1', state);
    expect(out.status).toBe('not_applicable');
    expect(out.reason).toContain('sso-saml2');
    const available = makeState({ org: partOk(makeOrg({ features: ['sso-saml2'] })) });
    expect(run('1.1.1', available).status).toBe('fail');
  });

  it('passes with any provider and notes when it is not SAML', () => {
    const saml = run('1.1.1', withSso());
    expect(saml.status).toBe('pass');
    expect(saml.findings[0]?.message).toContain('SAML 2.0');
    const google = run('1.1.1', withSso({ provider_name: 'google' }));
    expect(google.status).toBe('pass');
    expect(google.findings[0]?.message).toMatch(/google.*not SAML 2.0/);
  });

  it('reports error with the reason when neither the provider nor the org can be read', () => {
    const out = run('1.1.1', makeState({ authProvider: partError('403 missing org:read'), org: partError('HTTP 500') }));
    expect(out.status).toBe('error');
    expect(out.reason).toContain('403 missing org:read');
  });

  it('falls back to the org hasAuthProvider when the provider cannot be read', () => {
    const unread = makeState({ authProvider: partError('HTTP 502'), org: partOk(makeOrg({ hasAuthProvider: true })) });
    const out = run('1.1.1', unread);
    expect(out.status).toBe('pass');
    expect(out.findings[0]?.message).toMatch(/hasAuthProvider.*HTTP 502.*SAML 2.0/);
    // 1.1.2 and 1.1.4 need the provider's own fields; 1.1.3 reads the member flags
    expect(run('1.1.2', unread)).toMatchObject({ status: 'error' });
    expect(run('1.1.2', unread).reason).toContain('HTTP 502');
    expect(run('1.1.4', unread).status).toBe('error');
    const unlinked = makeMember({ email: 'c@acme.test' });
    expect(run('1.1.3', { ...unread, members: partOk([unlinked]) }).status).toBe('fail');
    const linked = makeMember({ flags: { 'sso:linked': true, 'sso:invalid': false } });
    expect(run('1.1.3', { ...unread, members: partOk([linked]) }).status).toBe('pass');
    // the org says no provider: judged by it, not an error
    expect(run('1.1.1', makeState({ authProvider: partError('HTTP 502') })).status).toBe('fail');
  });

  it('reports error when the feature flags were not read', () => {
    const out = run('1.1.1', makeState({ org: partOk(makeOrg({ features: undefined })) }));
    expect(out.status).toBe('error');
    expect(out.reason).toContain('include_feature_flags');
  });
});

describe('1.1.2 SSO required', () => {
  it('passes with require_link and fails without, warning about a break-glass owner', () => {
    expect(run('1.1.2', withSso()).status).toBe('pass');
    const out = run('1.1.2', withSso({ require_link: false }));
    expect(out.status).toBe('fail');
    expect(out.warnings?.join(' ')).toMatch(/break-glass/);
    expect(out.manualSteps?.join(' ')).toContain('https://acme.sentry.io/settings/auth/');
  });

  it('fails "needs 1.1.1 first" without a provider and is not applicable without SSO', () => {
    const none = run('1.1.2', makeState());
    expect(none.status).toBe('fail');
    expect(none.reason).toContain('needs 1.1.1 first');
    const unavailable = run('1.1.2', makeState({ org: partOk(makeOrg({ features: [] })) }));
    expect(unavailable.status).toBe('not_applicable');
  });
});

describe('1.1.3 members SSO-linked', () => {
  it('lists unlinked members by email', () => {
    const linked = makeMember({ email: 'a@acme.test', flags: { 'sso:linked': true, 'sso:invalid': false } });
    const invalid = makeMember({ email: 'b@acme.test', flags: { 'sso:linked': true, 'sso:invalid': true } });
    const unlinked = makeMember({ email: 'c@acme.test' });
    const out = run('1.1.3', withSso({}, { members: partOk([linked, invalid, unlinked]) }));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => (f.resource.type === 'member' ? f.resource.email : ''))).toEqual(['b@acme.test', 'c@acme.test']);
  });

  it('passes when every member is linked (invitations do not count)', () => {
    const linked = makeMember({ flags: { 'sso:linked': true, 'sso:invalid': false } });
    const state = withSso({}, { members: partOk([linked, makeMember({ user: null, pending: true })]) });
    expect(run('1.1.3', state).status).toBe('pass');
  });
});

describe('1.1.4 SCIM', () => {
  it('passes with scim_enabled, fails without, not applicable for google', () => {
    expect(run('1.1.4', withSso()).status).toBe('pass');
    expect(run('1.1.4', withSso({ scim_enabled: false })).status).toBe('fail');
    const google = run('1.1.4', withSso({ provider_name: 'google', scim_enabled: false }));
    expect(google.status).toBe('not_applicable');
    expect(google.reason).toContain('google');
  });
});
