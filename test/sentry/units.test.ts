import { describe, expect, it } from 'vitest';
import { errorFromHttp, parseMissingScopes, SentryApiError } from '../../src/sentry/errors.js';
import { controlUrlFor, hostGroup, isTrustedUrl, normalizeBaseUrl } from '../../src/sentry/hosts.js';
import { nextPage, parseLinkHeader } from '../../src/sentry/link-header.js';
import { createSentryClient, siloFor } from '../../src/sentry/client.js';
import { parseResponse, clientKeySchema, redactKey, redactAuditData, redactProject } from '../../src/sentry/schemas.js';
import { AdaptiveScheduler, serverWaitMs } from '../../src/sentry/scheduler.js';

describe('trusted hosts', () => {
  it('trusts sentry.io regions only over https on sentry.io', () => {
    expect(isTrustedUrl('https://sentry.io', 'https://us.sentry.io')).toBe(true);
    expect(isTrustedUrl('https://sentry.io', 'https://de.sentry.io/')).toBe(true);
    expect(isTrustedUrl('https://de.sentry.io', 'https://sentry.io')).toBe(true);
    expect(isTrustedUrl('https://sentry.io', 'http://us.sentry.io')).toBe(false);
    expect(isTrustedUrl('https://sentry.io', 'https://sentry.io.evil.example')).toBe(false);
    expect(isTrustedUrl('https://sentry.io', 'https://evilsentry.io')).toBe(false);
    expect(isTrustedUrl('https://sentry.io', 'https://user:pw@us.sentry.io')).toBe(false);
  });
  it('trusts the same hostname on any port on self-hosted, never a downgrade or another host', () => {
    expect(isTrustedUrl('http://127.0.0.1:9000', 'http://127.0.0.1:9001')).toBe(true);
    expect(isTrustedUrl('https://sentry.acme.example', 'https://sentry.acme.example:8443')).toBe(true);
    expect(isTrustedUrl('https://sentry.acme.example', 'http://sentry.acme.example')).toBe(false);
    expect(isTrustedUrl('http://127.0.0.1:9000', 'http://localhost:9000')).toBe(false);
    expect(isTrustedUrl('https://sentry.acme.example', 'https://sentry.io')).toBe(false);
    expect(isTrustedUrl('https://sentry.acme.example', 'ftp://sentry.acme.example')).toBe(false);
  });
  it('groups sentry.io hosts and picks the control URL', () => {
    expect(hostGroup('https://us.sentry.io')).toBe('sentry.io');
    expect(hostGroup('https://sentry.acme.example:9000')).toBe('sentry.acme.example');
    expect(controlUrlFor('https://de.sentry.io')).toBe('https://sentry.io');
    expect(controlUrlFor('https://sentry.acme.example/sub')).toBe('https://sentry.acme.example/sub');
    expect(normalizeBaseUrl('https://sentry.acme.example/sub/?x=1#y')).toBe('https://sentry.acme.example/sub');
  });
  it('routes control-silo endpoints to the control host', () => {
    expect(siloFor('')).toBe('control');
    expect(siloFor('organizations/')).toBe('control');
    expect(siloFor('organizations/acme/audit-logs/')).toBe('control');
    expect(siloFor('organizations/acme/')).toBe('region');
    expect(siloFor('organizations/acme/members/')).toBe('region');
    expect(siloFor('projects/acme/web/keys/')).toBe('region');
  });
});

describe('setRegionUrl', () => {
  it('refuses a regionUrl outside sentry.io on sentry.io', () => {
    const c = createSentryClient({ baseUrl: 'https://sentry.io', token: 'sntryu_canary' });
    let err: unknown;
    try {
      c.setRegionUrl('https://evil.example');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SentryApiError);
    expect((err as SentryApiError).kind).toBe('untrusted_host');
    expect((err as SentryApiError).message).toMatch(/evil\.example/);
    expect(c.regionUrl).toBe('https://sentry.io');
    expect(c.setRegionUrl('https://de.sentry.io')).toBe('https://de.sentry.io');
  });
  it('does not follow another hostname on self-hosted, with a warning', () => {
    const warnings: string[] = [];
    const c = createSentryClient({ baseUrl: 'https://sentry.acme.example', token: 'x'.repeat(20), onWarning: (w) => warnings.push(w) });
    expect(c.setRegionUrl('http://web:9000')).toBe('https://sentry.acme.example');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/system\.url-prefix/);
    expect(c.setRegionUrl('https://sentry.acme.example:8443/')).toBe('https://sentry.acme.example:8443');
  });
});

describe('Link header', () => {
  const header =
    '<https://sentry.io/api/0/organizations/acme/members/?per_page=100&cursor=100:0:1>; rel="previous"; results="false"; cursor="100:0:1", ' +
    '<https://sentry.io/api/0/organizations/acme/members/?per_page=100&cursor=100:1:0>; rel="next"; results="true"; cursor="100:1:0"';
  it('parses both links and picks next only when it has results', () => {
    const links = parseLinkHeader(header);
    expect(links.map((l) => [l.rel, l.results, l.cursor])).toEqual([
      ['previous', false, '100:0:1'],
      ['next', true, '100:1:0'],
    ]);
    expect(nextPage(header)?.cursor).toBe('100:1:0');
    expect(nextPage(header.replace('results="true"', 'results="false"'))).toBeUndefined();
    expect(nextPage(null)).toBeUndefined();
  });
});

describe('error messages', () => {
  it('parses WWW-Authenticate insufficient_scope', () => {
    expect(parseMissingScopes('Bearer error="insufficient_scope", scope="org:admin org:write"')).toEqual(['org:admin', 'org:write']);
    expect(parseMissingScopes('Bearer realm="api"')).toBeUndefined();
    expect(parseMissingScopes(null)).toBeUndefined();
  });
  it('names the missing scope, what it is for and where to create a token', () => {
    const e = errorFromHttp({
      method: 'GET',
      path: 'organizations/acme/audit-logs/',
      status: 403,
      body: { detail: 'You do not have permission to perform this action.' },
      wwwAuthenticate: 'Bearer error="insufficient_scope", scope="org:write"',
      settingsBaseUrl: 'https://sentry.io',
      purpose: 'read the audit log',
    });
    expect(e.kind).toBe('permission');
    expect(e.missingScopes).toEqual(['org:write']);
    expect(e.message).toBe(
      'Sentry refused GET organizations/acme/audit-logs/: the token lacks scope org:write (needed to read the audit log). ' +
        'Create a user auth token with org:write at https://sentry.io/settings/account/api/auth-tokens/',
    );
  });
  it('keeps DRF field errors', () => {
    const e = errorFromHttp({
      method: 'PUT',
      path: 'organizations/acme/',
      status: 400,
      body: { require2FA: ['Cannot require two-factor authentication without personal two-factor enabled.'] },
      wwwAuthenticate: null,
      settingsBaseUrl: 'https://sentry.io',
    });
    expect(e.kind).toBe('validation');
    expect(e.fieldErrors).toEqual({ require2FA: ['Cannot require two-factor authentication without personal two-factor enabled.'] });
    expect(e.message).toContain('require2FA: Cannot require two-factor');
    expect(e.message).not.toContain('\n');
  });
  it('maps statuses to kinds', () => {
    const kind = (status: number, body: unknown = null): string =>
      errorFromHttp({ method: 'GET', path: 'x/', status, body, wwwAuthenticate: null, settingsBaseUrl: 'https://sentry.io' }).kind;
    expect(kind(401)).toBe('unauthenticated');
    expect(kind(403, { detail: ['You do not have permission to perform this action.'] })).toBe('permission');
    expect(kind(404)).toBe('not_found');
    expect(kind(409, { detail: 'A team with this slug already exists.' })).toBe('validation');
    expect(kind(429, 'You are attempting to use this endpoint too frequently.')).toBe('rate_limited');
    expect(kind(502)).toBe('server');
  });
});

describe('schemas', () => {
  it('names the endpoint and the failing field', () => {
    expect(() => parseResponse(clientKeySchema, { id: 'a', projectId: 1, isActive: 'yes', dsn: { public: 'p' } }, 'GET', 'projects/acme/web/keys/a/')).toThrow(
      /GET projects\/acme\/web\/keys\/a\/ has an unexpected field isActive/,
    );
  });
  it('drops key secrets and redacts security tokens and audit secrets', () => {
    const k = redactKey({ id: 'a', secret: 'S3CRET', dsn: { public: 'https://a@x/1', secret: 'https://a:S3CRET@x/1' } });
    expect(JSON.stringify(k)).not.toContain('S3CRET');
    const p = redactProject({ securityToken: 'tok123', options: { 'sentry:token': 'tok123', 'sentry:scrub_data': true } });
    expect(JSON.stringify(p)).not.toContain('tok123');
    expect(p.options?.['sentry:scrub_data']).toBe(true);
    expect(JSON.stringify(redactAuditData({ public_key: 'pk', secret_key: 'S3CRET', nested: { token: 'T0K' } }))).not.toMatch(/S3CRET|T0K/);
  });
});

describe('serverWaitMs', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  const h = (x: Record<string, string>): Headers => new Headers(x);
  it('reads Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3)', () => {
    expect(serverWaitMs(429, h({ 'retry-after': '3' }), now)).toBe(3_000);
    expect(serverWaitMs(503, h({ 'retry-after': 'Mon, 01 Jun 2026 12:00:05 GMT' }), now)).toBe(5_000);
    expect(serverWaitMs(503, h({ 'retry-after': 'Mon, 01 Jun 2026 11:00:00 GMT' }), now)).toBe(0);
    expect(serverWaitMs(503, h({ 'retry-after': 'soon' }), now)).toBeUndefined();
  });
  it('takes X-Sentry-Rate-Limit-Reset on a 429 (the later of the two wins), not on a 503', () => {
    const reset = String(now / 1000 + 2);
    expect(serverWaitMs(429, h({ 'x-sentry-rate-limit-reset': reset }), now)).toBe(2_000);
    expect(serverWaitMs(429, h({ 'x-sentry-rate-limit-reset': reset, 'retry-after': '5' }), now)).toBe(5_000);
    expect(serverWaitMs(429, h({ 'x-sentry-rate-limit-reset': reset, 'retry-after': '1' }), now)).toBe(2_000);
    expect(serverWaitMs(503, h({ 'x-sentry-rate-limit-reset': reset }), now)).toBeUndefined();
    expect(serverWaitMs(429, h({}), now)).toBeUndefined();
  });
});

describe('AdaptiveScheduler', () => {
  const headers = (h: Record<string, string>): Headers => new Headers(h);
  it('keeps a slot for a paging list between two links, so its next page never waits behind other requests', async () => {
    const s = new AdaptiveScheduler(4);
    const close = s.openChain();
    const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
    const normal = [await s.acquire(), await s.acquire(), await s.acquire()];
    let fourth = false;
    const p = s.acquire().then((t) => ((fourth = true), t));
    await tick();
    expect(fourth).toBe(false); // the fourth slot is the chain's
    const link = await s.acquire('urgent');
    s.release(link); // the link answered: its slot is kept for the next one
    await tick();
    expect(fourth).toBe(false);
    close(); // the list has its last page
    await p;
    expect(fourth).toBe(true);
    for (const t of normal) s.release(t);
  });

  it('halves its concurrency on a 429 and holds new requests until Retry-After; counts the wait', async () => {
    const s = new AdaptiveScheduler(8);
    const t = await s.acquire();
    s.release(t, { status: 429, headers: headers({ 'retry-after': '1' }) });
    expect(s.concurrency).toBe(4);
    const before = Date.now();
    const next = s.acquire();
    expect(s.waiting).toBe(true);
    await next;
    expect(Date.now() - before).toBeGreaterThanOrEqual(1_000);
    expect(s.waiting).toBe(false);
    expect(s.waits.count).toBe(1);
    expect(s.waits.ms).toBeGreaterThanOrEqual(1_000);
  });
  it('bounds concurrency', async () => {
    const s = new AdaptiveScheduler(2);
    const t1 = await s.acquire();
    await s.acquire();
    let third = false;
    const p = s.acquire().then(() => (third = true));
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false);
    s.release(t1);
    await p;
    expect(third).toBe(true);
  });
  it('holds requests until Reset when Remaining reaches 0, and shrinks on low ConcurrentRemaining', async () => {
    const s = new AdaptiveScheduler(4);
    const t = await s.acquire();
    const resetSec = Math.ceil((Date.now() + 300) / 1000);
    s.release(t, { status: 200, headers: headers({ 'x-sentry-rate-limit-remaining': '0', 'x-sentry-rate-limit-reset': String(resetSec), 'x-sentry-rate-limit-concurrentremaining': '0', 'x-sentry-rate-limit-concurrentlimit': '25' }) });
    expect(s.concurrency).toBe(3);
    const before = Date.now();
    const t2 = await s.acquire();
    expect(Date.now()).toBeGreaterThanOrEqual(resetSec * 1000);
    expect(Date.now() - before).toBeGreaterThan(0);
    s.release(t2, { status: 200, headers: headers({ 'x-sentry-rate-limit-concurrentremaining': '20', 'x-sentry-rate-limit-concurrentlimit': '25' }) });
    expect(s.concurrency).toBe(4);
  });
});
