// Ported from getsentry/sentry: tests/sentry/api/endpoints/test_organization_auth_provider_details.py
// and test_organization_auth_providers.py (GET organizations/{org}/auth-provider(s)/), and the
// token behaviour of GET users/me/ (src/sentry/users/api/bases/user.py UserPermission defines no
// token scopes, so the scope gate refuses every token; getsentry/sentry issue #81856).

import { describe, expect, it } from 'vitest';
import { ORG, call, person, sim } from './parity.js';

const P = 'test_organization_auth_provider_details.py';
const L = 'test_organization_auth_providers.py';

describe(`${P} / ${L}`, () => {
  it(`${P}::OrganizationAuthProviderTest.test_no_auth_provider`, async () => {
    const s = await sim();
    const r = await call(s, 'GET', `${ORG}/auth-provider/`);
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
  });

  it(`${P}::OrganizationAuthProviderTest.test_with_auth_provider`, async () => {
    const s = await sim();
    s.state.org.authProvider = { id: '77', provider_name: 'dummy', pending_links_count: 0, login_url: 'http://testserver/organizations/acme/issues/', default_role: 'member', require_link: true, scim_enabled: true };
    const r = await call(s, 'GET', `${ORG}/auth-provider/`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['default_role', 'id', 'login_url', 'pending_links_count', 'provider_name', 'require_link', 'scim_enabled']);
    expect(r.body).toMatchObject({ id: '77', provider_name: 'dummy', require_link: true, scim_enabled: true });
    // every accepted member without sso:linked is pending
    const unlinked = [...s.state.members.values()].filter((m) => !m.pending && !m.flags['sso:linked']).length;
    expect(r.body.pending_links_count).toBe(unlinked);
  });

  it(`${P}::OrganizationAuthProviderPermissionTest.test_member_can_get`, async () => {
    const s = await sim();
    const p = person(s);
    expect((await call(s, 'GET', `${ORG}/auth-provider/`, { token: p.token })).status).toBe(204);
  });

  it(`${L}::OrganizationAuthProvidersPermissionTest.test_owner_can_load / test_member_can_get`, async () => {
    const s = await sim();
    const p = person(s);
    expect((await call(s, 'GET', `${ORG}/auth-providers/`)).status).toBe(200);
    const r = await call(s, 'GET', `${ORG}/auth-providers/`, { token: p.token });
    expect(r.status).toBe(200);
    expect(r.body.map((x: { key: string }) => x.key)).toContain('saml2');
  });
});

describe('users/me (user_details.py, UserPermission)', () => {
  it('refuses every token with 403, whatever its scopes (issue #81856)', async () => {
    const s = await sim();
    for (const token of [s.token, s.tokens.manager, s.tokens.readonly]) {
      const r = await call(s, 'GET', '/api/0/users/me/', { token });
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ detail: 'You do not have permission to perform this action.' });
    }
    expect((await call(s, 'GET', '/api/0/users/me/', { token: null })).status).toBe(401);
  });
});
