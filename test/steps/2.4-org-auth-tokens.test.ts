// 2.4 rules: Sentry's token list gives each token's scopes, creation and last use
// (src/sentry/api/serializers/models/orgauthtoken.py); Sentry creates every token with org:ci
// (org_auth_tokens.py); Sentry's own tests build tokens with project:read / project:releases,
// which is what a token made outside the UI looks like (test_org_auth_token_details.py).

import { describe, expect, it } from 'vitest';
import { control2_4 } from '../../steps/2.4-org-auth-tokens.js';
import { partError, partOk } from '../../src/state/types.js';
import { makeOrgAuthToken, makeState, NOW, runCheck as run } from '../fixtures/state.js';

const daysAgo = (d: number): string => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const withTokens = (...t: ReturnType<typeof makeOrgAuthToken>[]) => makeState({ orgAuthTokens: partOk(t) });

describe('control 2.4', () => {
  it('carries its checks with levels, automation and risk', () => {
    expect(control2_4.checks.map((c) => `${c.id}:${c.level}:${c.automation}:${c.risk}`)).toEqual(['2.4.1:L1:auto:risky', '2.4.2:L2:auto:risky', '2.4.3:L1:auto:risky']);
    expect(control2_4.frameworks.soc2.length).toBeGreaterThan(0);
  });

  it('passes for a CI token used yesterday', () => {
    for (const id of ['2.4.1', '2.4.2', '2.4.3']) expect(run(id, makeState()).status, id).toBe('pass');
  });

  it('a 404 (a server without org auth tokens) is manual with the settings page, a 403 an error naming org:read; never pass', () => {
    const nf = makeState({ orgAuthTokens: partError('cannot read organization auth tokens: not found (404)', 'not_found') });
    const denied = makeState({ orgAuthTokens: partError('cannot read organization auth tokens: permission denied (403)', 'permission') });
    for (const id of ['2.4.1', '2.4.2', '2.4.3']) {
      const a = run(id, nf);
      expect(a.status, id).toBe('manual');
      expect(a.manualSteps?.join(' ')).toContain('https://acme.sentry.io/settings/auth-tokens/');
      const b = run(id, denied);
      expect(b.status, id).toBe('error');
      expect(b.reason).toContain('org:read');
    }
  });
});

describe('2.4.1 unused for 90 days', () => {
  it('flags a token last used 90 days ago or more and proposes its revoke (risky, not reversible)', () => {
    const out = run('2.4.1', withTokens(makeOrgAuthToken({ id: '7', name: 'old', dateLastUsed: daysAgo(90) }), makeOrgAuthToken({ id: '8', name: 'fresh', dateLastUsed: daysAgo(89) })));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource)).toEqual([{ type: 'org-auth-token', id: '7', name: 'old' }]);
    expect(out.findings[0]?.message).toContain('90 days ago');
    expect(out.changes).toEqual([
      expect.objectContaining({ checkId: '2.4.1', target: { type: 'org-auth-token', id: '7', name: 'old' }, field: 'exists', before: true, after: false, risk: 'risky', reversible: false }),
    ]);
    expect(out.changes?.[0]?.consequence).toMatch(/cannot be restored/);
    expect(out.warnings?.join(' ')).toMatch(/cannot be undone/);
  });

  it('leaves never-used tokens to 2.4.2, and flags an unreadable last-use date', () => {
    expect(run('2.4.1', withTokens(makeOrgAuthToken({ dateLastUsed: null, dateCreated: daysAgo(400) }))).status).toBe('pass');
    const bad = run('2.4.1', withTokens(makeOrgAuthToken({ dateLastUsed: 'yesterday' })));
    expect(bad.status).toBe('fail');
    expect(bad.findings[0]?.message).toContain('unreadable');
  });
});

describe('2.4.2 never used', () => {
  it('flags a never-used token created 7 days ago or more, not a newer one', () => {
    const out = run('2.4.2', withTokens(makeOrgAuthToken({ id: '1', name: 'a', dateLastUsed: null, dateCreated: daysAgo(7) }), makeOrgAuthToken({ id: '2', name: 'b', dateLastUsed: null, dateCreated: daysAgo(6) })));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource.id)).toEqual(['1']);
    expect(out.changes?.map((c) => c.target.id)).toEqual(['1']);
  });

  it('ignores tokens that were used', () => {
    expect(run('2.4.2', withTokens(makeOrgAuthToken({ dateLastUsed: daysAgo(300), dateCreated: daysAgo(400) }))).status).toBe('pass');
  });
});

describe('2.4.3 scopes beyond org:ci', () => {
  it('flags a token with the scopes Sentry test tokens made outside the UI carry', () => {
    const out = run('2.4.3', withTokens(makeOrgAuthToken({ id: '9', name: 'legacy', scopes: ['project:read', 'project:releases'] })));
    expect(out.status).toBe('fail');
    expect(out.findings[0]).toMatchObject({ field: 'scopes', current: ['project:read', 'project:releases'], expected: ['org:ci'] });
    expect(out.findings[0]?.message).toContain('has the scopes project:read, project:releases besides');
    expect(out.changes?.[0]).toMatchObject({ checkId: '2.4.3', after: false, risk: 'risky' });
  });

  it('a token with org:ci and one more scope is flagged for the extra one only', () => {
    const out = run('2.4.3', withTokens(makeOrgAuthToken({ scopes: ['org:ci', 'org:admin'] })));
    expect(out.findings[0]?.message).toContain('has the scope org:admin besides');
    expect(out.findings[0]?.message).not.toContain('org:ci,');
  });

  it('a token with no scopes at all passes: it can do nothing', () => {
    expect(run('2.4.3', withTokens(makeOrgAuthToken({ scopes: [] }))).status).toBe('pass');
  });
});
