// 2.4: whole outcomes where the earlier tests checked a status or one field, found by mutation
// testing (issue 21). Sentry facts: the token list gives id, name, scopes, dateCreated and
// dateLastUsed, null until first use (src/sentry/api/serializers/models/orgauthtoken.py);
// Sentry's own list test builds "token 1" never used next to tokens used on given dates, all with
// scope_list ["org:ci"] (tests/sentry/api/endpoints/test_org_auth_tokens.py, test_simple); creation
// gives exactly ["org:ci"] (org_auth_tokens.py); a revoke only sets date_deactivated
// (org_auth_token_details.py), so it is never reversible.
import { describe, expect, it } from 'vitest';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeOrgAuthToken, makeState, NOW, runCheck as run } from '../fixtures/state.js';

const DAY = 86_400_000;
const daysAgo = (d: number): string => new Date(NOW.getTime() - d * DAY).toISOString();
const withTokens = (...t: ReturnType<typeof makeOrgAuthToken>[]): OrgState => makeState({ orgAuthTokens: partOk(t) });
const selfHosted = (over: Partial<OrgState> = {}): OrgState => {
  const base = makeState(over);
  return { ...base, target: { ...base.target, baseUrl: 'https://sentry.example.com/', selfHosted: true, organizationUrl: 'https://sentry.example.com' } };
};

const STEP = 'Before revoking, find where each token is used (CI secrets named SENTRY_AUTH_TOKEN, .sentryclirc files) and give those a new token from https://acme.sentry.io/settings/auth-tokens/ if they are still needed.';
const WARNING = 'Revoking an organization auth token cannot be undone: Sentry cannot restore it, and rollback reports it as not restorable.';

describe('2.4: an unreadable token list is never a pass', () => {
  it.each(['2.4.1', '2.4.2', '2.4.3'])('%s: a 404 is manual with the tokens page, a 403 an error naming org:read, another failure an error without a scope', (id) => {
    expect(run(id, makeState({ orgAuthTokens: partError('not found (404)', 'not_found') }))).toEqual({
      status: 'manual',
      findings: [],
      reason: 'organization auth tokens: not found (404); this server does not offer it through the API',
      manualSteps: ['Review organization auth tokens by hand at https://acme.sentry.io/settings/auth-tokens/.'],
    });
    expect(run(id, makeState({ orgAuthTokens: partError('permission denied (403)', 'permission') }))).toEqual({
      status: 'error', findings: [], reason: 'organization auth tokens: permission denied (403); reading it needs a token with the scope org:read',
    });
    expect(run(id, makeState({ orgAuthTokens: partError('502 Bad Gateway') }))).toEqual({
      status: 'error', findings: [], reason: 'organization auth tokens: 502 Bad Gateway',
    });
  });

  it('a self-hosted server puts the org slug into the tokens page', () => {
    const out = run('2.4.1', selfHosted({ orgAuthTokens: partError('not found (404)', 'not_found') }));
    expect(out.manualSteps).toEqual(['Review organization auth tokens by hand at https://sentry.example.com/settings/acme/auth-tokens/.']);
  });

  it('an empty token list passes every check (no token, nothing to revoke)', () => {
    for (const id of ['2.4.1', '2.4.2', '2.4.3']) expect(run(id, withTokens()), id).toEqual({ status: 'pass', findings: [] });
  });
});

describe('2.4.1 whole outcome', () => {
  it('flags only the idle token of two, with finding, revoke, manual step and warning', () => {
    const out = run('2.4.1', withTokens(
      makeOrgAuthToken({ id: '2', name: 'token 2', dateLastUsed: daysAgo(1) }),
      makeOrgAuthToken({ id: '3', name: 'token 3', dateLastUsed: daysAgo(120) }),
    ));
    expect(out).toEqual({
      status: 'fail',
      findings: [{
        resource: { type: 'org-auth-token', id: '3', name: 'token 3' },
        field: 'dateLastUsed',
        current: daysAgo(120),
        expected: 'used within 90 days',
        message: 'Organization auth token "token 3" was last used 120 days ago.',
      }],
      changes: [{
        checkId: '2.4.1',
        target: { type: 'org-auth-token', id: '3', name: 'token 3' },
        field: 'exists',
        before: true,
        after: false,
        risk: 'risky',
        reversible: false,
        consequence: 'Organization auth token "token 3" (org:ci) is revoked because it was last used 120 days ago. A revoked token cannot be restored, not even by rollback: anything still using it (a CI job, sentry-cli in a build) fails until it gets a new token.',
      }],
      manualSteps: [STEP],
      warnings: [WARNING],
    });
  });

  it('the 90-day limit from both sides, to the millisecond', () => {
    const at = (ms: number) => run('2.4.1', withTokens(makeOrgAuthToken({ dateLastUsed: new Date(NOW.getTime() - ms).toISOString() }))).status;
    expect(at(90 * DAY - 1)).toBe('pass');
    expect(at(90 * DAY)).toBe('fail');
    // a last use in the future (clock skew) is recent, not idle
    expect(at(-DAY)).toBe('pass');
  });

  it('an unreadable last use is flagged with the value as it came, never passed', () => {
    const out = run('2.4.1', withTokens(makeOrgAuthToken({ id: '5', name: 'odd', dateLastUsed: 'yesterday' })));
    expect(out.status).toBe('fail');
    expect(out.findings[0]).toMatchObject({ field: 'dateLastUsed', current: 'yesterday', message: 'Organization auth token "odd" was last used at an unreadable date ("yesterday").' });
  });

  it('the revoke names "no scopes" for a token without any, and every scope otherwise', () => {
    const out = run('2.4.1', withTokens(
      makeOrgAuthToken({ id: '1', name: 'bare', scopes: [], dateLastUsed: daysAgo(100) }),
      makeOrgAuthToken({ id: '2', name: 'legacy', scopes: ['project:read', 'project:releases'], dateLastUsed: daysAgo(100) }),
    ));
    expect(out.changes?.map((c) => c.consequence?.split(' is revoked')[0])).toEqual([
      'Organization auth token "bare" (no scopes)',
      'Organization auth token "legacy" (project:read, project:releases)',
    ]);
  });
});

describe('2.4.2 whole outcome', () => {
  it('flags only the never-used token of three (Sentry\'s list test: one never used, two used)', () => {
    const out = run('2.4.2', withTokens(
      makeOrgAuthToken({ id: '1', name: 'token 1', dateLastUsed: null, dateCreated: daysAgo(30) }),
      makeOrgAuthToken({ id: '2', name: 'token 2', dateLastUsed: daysAgo(2), dateCreated: daysAgo(30) }),
      makeOrgAuthToken({ id: '3', name: 'token 3', dateLastUsed: daysAgo(3), dateCreated: daysAgo(30) }),
    ));
    expect(out).toEqual({
      status: 'fail',
      findings: [{
        resource: { type: 'org-auth-token', id: '1', name: 'token 1' },
        field: 'dateLastUsed',
        current: null,
        expected: 'used within 7 days of creation',
        message: 'Organization auth token "token 1" was created 30 days ago and never used.',
      }],
      changes: [{
        checkId: '2.4.2',
        target: { type: 'org-auth-token', id: '1', name: 'token 1' },
        field: 'exists',
        before: true,
        after: false,
        risk: 'risky',
        reversible: false,
        consequence: 'Organization auth token "token 1" (org:ci) is revoked because it was never used since it was created 30 days ago. A revoked token cannot be restored, not even by rollback: anything still using it (a CI job, sentry-cli in a build) fails until it gets a new token.',
      }],
      manualSteps: [STEP],
      warnings: [WARNING],
    });
  });

  it('the 7-day grace from both sides, to the millisecond', () => {
    const at = (ms: number) => run('2.4.2', withTokens(makeOrgAuthToken({ dateLastUsed: null, dateCreated: new Date(NOW.getTime() - ms).toISOString() }))).status;
    expect(at(7 * DAY - 1)).toBe('pass');
    expect(at(7 * DAY)).toBe('fail');
  });

  it('a never-used token with an unreadable creation date is flagged, never passed', () => {
    const out = run('2.4.2', withTokens(makeOrgAuthToken({ name: 'odd', dateLastUsed: null, dateCreated: 'soon' })));
    expect(out.status).toBe('fail');
    expect(out.findings[0]?.message).toBe('Organization auth token "odd" was created at an unreadable date ("soon") and never used.');
  });

  it('the tokens page of a self-hosted server in the manual step', () => {
    const out = run('2.4.2', selfHosted({ orgAuthTokens: partOk([makeOrgAuthToken({ dateLastUsed: null, dateCreated: daysAgo(30) })]) }));
    expect(out.manualSteps?.[0]).toContain('give those a new token from https://sentry.example.com/settings/acme/auth-tokens/ if');
  });
});

describe('2.4.3 whole outcome', () => {
  it('flags only the token with scopes beyond org:ci, naming the extra ones', () => {
    const out = run('2.4.3', withTokens(
      makeOrgAuthToken({ id: '1', name: 'ci' }),
      makeOrgAuthToken({ id: '2', name: 'legacy', scopes: ['org:ci', 'project:read', 'project:releases'] }),
    ));
    expect(out.status).toBe('fail');
    expect(out.findings).toEqual([{
      resource: { type: 'org-auth-token', id: '2', name: 'legacy' },
      field: 'scopes',
      current: ['org:ci', 'project:read', 'project:releases'],
      expected: ['org:ci'],
      message: 'Organization auth token "legacy" has the scopes project:read, project:releases besides what Sentry gives CI tokens (org:ci); revoke it and create a new token in Sentry, which gets org:ci only.',
    }]);
    expect(out.changes).toEqual([expect.objectContaining({
      checkId: '2.4.3',
      target: { type: 'org-auth-token', id: '2', name: 'legacy' },
      field: 'exists',
      consequence: expect.stringContaining('(org:ci, project:read, project:releases) is revoked because it carries scopes beyond org:ci (project:read, project:releases).'),
    })]);
    expect(out.manualSteps).toEqual([STEP]);
    expect(out.warnings).toEqual([WARNING]);
  });

  it('a scope that only resembles org:ci is not org:ci', () => {
    expect(run('2.4.3', withTokens(makeOrgAuthToken({ scopes: ['org:CI'] }))).status).toBe('fail');
    expect(run('2.4.3', withTokens(makeOrgAuthToken({ scopes: ['org:ci', 'org:ci'] }))).status).toBe('pass');
  });
});
