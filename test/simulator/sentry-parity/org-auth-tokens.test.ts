// Ported from getsentry/sentry tests/sentry/api/endpoints/test_org_auth_tokens.py and
// test_org_auth_token_details.py (GET/DELETE organizations/{org}/org-auth-tokens/[{id}/]).
// Tokens are written into the simulator the way the Sentry tests create OrgAuthToken rows.

import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import type { SimOrgAuthToken } from '../../../src/simulator/state.js';
import { ORG, call, lastAudit, person, sim } from './parity.js';

const F = 'test_org_auth_tokens.py';
const D = 'test_org_auth_token_details.py';
const URL = `${ORG}/org-auth-tokens/`;

let seq = 0;
function create(s: RunningSimulator, o: Partial<SimOrgAuthToken> & { name: string }): SimOrgAuthToken {
  seq += 1;
  const t: SimOrgAuthToken = {
    id: String(60_000 + seq),
    scopes: ['org:ci'],
    tokenLastCharacters: 'xyz1',
    dateCreated: new Date().toISOString(),
    dateLastUsed: null,
    projectLastUsedId: null,
    dateDeactivated: null,
    ...o,
  };
  s.state.orgAuthTokens.set(t.id, t);
  return t;
}

/** a fresh token table, like the Sentry test database */
async function clean() {
  const s = await sim();
  s.state.orgAuthTokens.clear();
  return s;
}

describe(`${F} OrgAuthTokensListTest`, () => {
  it(`${F}::OrgAuthTokensListTest.test_simple`, async () => {
    const s = await clean();
    const t1 = create(s, { name: 'token 1', dateLastUsed: null });
    const t2 = create(s, { name: 'token 2', dateLastUsed: '2023-01-02T00:00:00.000Z' });
    const t3 = create(s, { name: 'token 3', dateLastUsed: '2023-01-01T00:00:00.000Z' });
    // deleted tokens are not returned
    create(s, { name: 'token 4', dateDeactivated: '2023-01-01T00:00:00.000Z' });
    const r = await call(s, 'GET', URL);
    expect(r.status).toBe(200);
    expect(r.body.map((t: { id: string }) => t.id)).toEqual([t2.id, t3.id, t1.id]);
    for (const t of r.body) expect(t.token).toBeUndefined();
  });

  it(`${F}::OrgAuthTokensListTest.test_never_cache`, async () => {
    const s = await clean();
    create(s, { name: 'token 1' });
    const r = await call(s, 'GET', URL);
    expect(r.headers.get('cache-control')).toBe('max-age=0, no-cache, no-store, must-revalidate, private');
  });

  it(`${F}::OrgAuthTokensListTest.test_no_auth`, async () => {
    const s = await clean();
    expect((await call(s, 'GET', URL, { token: null })).status).toBe(401);
  });

  it(`${F}::OrgAuthTokensPermissionTest.test_member_can_get`, async () => {
    const s = await clean();
    const m = person(s, { role: 'member' });
    expect((await call(s, 'GET', URL, { token: m.token })).status).toBe(200);
  });

  it('an org auth token (org:ci only) cannot list tokens: OrgAuthTokenPermission wants org:read (bases/organization.py)', async () => {
    const s = await sim();
    const r = await call(s, 'GET', URL, { token: s.tokens.orgCi });
    expect(r.status).toBe(403);
  });
});

describe(`${D} OrgAuthTokenDetailTest`, () => {
  it(`${D}::OrgAuthTokenDetailTest.test_simple`, async () => {
    const s = await clean();
    const t = create(s, { name: 'token 1', scopes: ['project:read', 'project:releases'] });
    const r = await call(s, 'GET', `${URL}${t.id}/`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: t.id, name: 'token 1', tokenLastCharacters: 'xyz1', scopes: ['project:read', 'project:releases'], dateLastUsed: null, projectLastUsedId: null });
    expect(r.body.token).toBeUndefined();
    expect(r.body.dateCreated).toBeTruthy();
  });

  it(`${D}::OrgAuthTokenDetailTest.test_not_exists`, async () => {
    const s = await clean();
    expect((await call(s, 'GET', `${URL}999999/`)).status).toBe(404);
  });

  it(`${D}::OrgAuthTokenDetailTest.test_get_deleted`, async () => {
    const s = await clean();
    const t = create(s, { name: 'token 1', dateDeactivated: '2023-01-01T00:00:00.000Z' });
    expect((await call(s, 'GET', `${URL}${t.id}/`)).status).toBe(404);
  });
});

describe(`${D} OrgAuthTokenDeleteTest`, () => {
  it(`${D}::OrgAuthTokenDeleteTest.test_simple`, async () => {
    const s = await clean();
    const t = create(s, { name: 'token 1', scopes: ['project:read', 'project:releases'] });
    const r = await call(s, 'DELETE', `${URL}${t.id}/`);
    expect(r.status).toBe(204);
    // the row stays, deactivated, with its name and scopes
    const row = s.state.orgAuthTokens.get(t.id)!;
    expect(row.name).toBe('token 1');
    expect(row.scopes).toEqual(['project:read', 'project:releases']);
    expect(row.dateDeactivated).not.toBeNull();
    // ORGAUTHTOKEN_REMOVE with get_audit_log_data() (models/orgauthtoken.py)
    expect(lastAudit(s, 'org-auth-token.remove')?.data).toEqual({ name: 'token 1', scopes: ['project:read', 'project:releases'] });
  });

  it(`${D}::OrgAuthTokenDeleteTest.test_delete_deleted`, async () => {
    const s = await clean();
    const t = create(s, { name: 'token 1', dateDeactivated: '2023-01-01T00:00:00.000Z' });
    expect((await call(s, 'DELETE', `${URL}${t.id}/`)).status).toBe(404);
  });

  it(`${D}::OrgAuthTokenDeleteTest.test_not_exists`, async () => {
    const s = await clean();
    expect((await call(s, 'DELETE', `${URL}999999/`)).status).toBe(404);
  });

  it(`${D}::OrgAuthTokenDetailsPermissionTest.test_member_cannot_delete`, async () => {
    const s = await clean();
    const t = create(s, { name: 'token 1' });
    const m = person(s, { role: 'member' });
    expect((await call(s, 'DELETE', `${URL}${t.id}/`, { token: m.token })).status).toBe(403);
    expect(s.state.orgAuthTokens.get(t.id)!.dateDeactivated).toBeNull();
  });

  it(`${D}::OrgAuthTokenDetailsPermissionTest.test_manager_can_delete`, async () => {
    const s = await clean();
    const t = create(s, { name: 'token 1' });
    const m = person(s, { role: 'manager' });
    expect((await call(s, 'DELETE', `${URL}${t.id}/`, { token: m.token })).status).toBe(204);
  });

  it('a revoked token no longer authenticates; a used one records its last use (bases/organization.py update_org_auth_token_last_used)', async () => {
    const s = await sim();
    const rec = [...s.state.orgAuthTokens.values()].find((t) => t.token === s.tokens.orgCi)!;
    const before = rec.dateLastUsed;
    await call(s, 'GET', `${ORG}/`, { token: s.tokens.orgCi });
    expect(rec.dateLastUsed).not.toBe(before);
    expect((await call(s, 'DELETE', `${URL}${rec.id}/`)).status).toBe(204);
    expect((await call(s, 'GET', `${ORG}/`, { token: s.tokens.orgCi })).status).toBe(401);
  });
});
