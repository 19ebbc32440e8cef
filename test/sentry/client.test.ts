// The client over real HTTP against the simulator: pagination, region routing, retries,
// timeouts, rate limits, error kinds, and that the token never leaks into any message.

import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSentryApi } from '../../src/sentry/api.js';
import { createSentryClient, type RequestEvent, type SentryClientOptions } from '../../src/sentry/client.js';
import { SentryApiError } from '../../src/sentry/errors.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { rejectsWith } from '../helpers/rejects.js';
import { closedAfterEach } from '../helpers/simulators.js';
import { startCaptureServer, type CaptureServer } from './helpers.js';

const { sim, keep } = closedAfterEach();
const capture = async (...args: Parameters<typeof startCaptureServer>): Promise<CaptureServer> => keep(await startCaptureServer(...args));
const caught = (p: Promise<unknown>): Promise<SentryApiError> => rejectsWith(p, SentryApiError);

function clientFor(s: RunningSimulator, extra: Partial<SentryClientOptions> = {}) {
  const client = createSentryClient({ baseUrl: s.url, token: s.token, retryBaseMs: 20, ...extra });
  return { client, api: createSentryApi(client) };
}

describe('pagination', () => {
  it('follows Link next pages with per_page=100 (members > 100, keys > 10)', async () => {
    const s = await sim({ seed: 'large', projects: 3, members: 250, keysPerProject: 25 });
    const { api, client } = clientFor(s);
    const members = await api.listMembers(s.org);
    expect(members.length).toBeGreaterThanOrEqual(250);
    expect(new Set(members.map((m) => m.id)).size).toBe(members.length);
    expect(s.stats.byRoute.get('GET /api/0/organizations/{org}/members/')).toBe(Math.ceil(members.length / 100));
    const [project] = await api.listProjects(s.org);
    const keys = await api.listKeys(s.org, project!.slug);
    expect(keys).toHaveLength(25);
    // one page: per_page=100 replaced the key list's default of 10
    expect(s.stats.byRoute.get('GET /api/0/projects/{org}/{project}/keys/')).toBe(1);
    expect(client.stats.retries).toBe(0);
  });
  it('follows several pages of client keys', async () => {
    const s = await sim({ seed: 'large', projects: 1, members: 5, keysPerProject: 230 });
    const { api } = clientFor(s);
    const [project] = await api.listProjects(s.org);
    const keys = await api.listKeys(s.org, project!.slug);
    expect(keys).toHaveLength(230);
    expect(s.stats.byRoute.get('GET /api/0/projects/{org}/{project}/keys/')).toBe(3);
    expect(JSON.stringify(keys)).not.toMatch(/"secret"/);
  });
});

describe('region routing', () => {
  it('sends org calls to the region port and control calls to the control port', async () => {
    const s = await sim({ splitRegion: true });
    const { api, client } = clientFor(s);
    await api.whoami();
    const org = await api.getOrganization(s.org);
    expect(client.setRegionUrl(org.links.regionUrl)).toBe(s.regionUrl);
    const controlPort = Number(new URL(s.url).port);
    const regionPort = Number(new URL(s.regionUrl).port);
    s.stats.reset();
    await api.listMembers(s.org);
    await api.listTeams(s.org);
    await api.listProjects(s.org);
    expect(s.stats.byPort.get(regionPort)).toBe(3);
    expect(s.stats.byPort.get(controlPort) ?? 0).toBe(0);
    s.stats.reset();
    await api.whoami();
    await api.listOrganizations();
    await api.listAuditLogs(s.org, { since: new Date(Date.now() - 90 * 86_400_000) });
    expect(s.stats.byPort.get(controlPort)).toBe(3);
    expect(s.stats.byPort.get(regionPort) ?? 0).toBe(0);
  });

  it('does not follow a self-hosted regionUrl on another hostname: base used, warning, token not sent there', async () => {
    const evil = await capture(undefined, 'localhost');
    const s = await sim({ regionUrlOverride: `http://localhost:${evil.port}` });
    const warnings: string[] = [];
    const { api, client } = clientFor(s, { onWarning: (w) => warnings.push(w) });
    const org = await api.getOrganization(s.org);
    expect(client.setRegionUrl(org.links.regionUrl)).toBe(s.url);
    await api.listMembers(s.org);
    expect(warnings.join('\n')).toMatch(/does not match/);
    expect(evil.requests).toHaveLength(0);
  });

  it('refuses a redirect or next-page host it does not trust without sending the token', async () => {
    const evil = await capture(undefined, 'localhost');
    const fake = await capture((req, res) => {
      if (req.url?.includes('redirect')) {
        res.writeHead(302, { Location: `${evil.url}/api/0/elsewhere/` });
        res.end();
        return;
      }
      res.writeHead(200, {
        'Content-Type': 'application/json',
        Link: `<${evil.url}/api/0/organizations/acme/teams/?per_page=100>; rel="next"; results="true"`,
      });
      res.end('[]');
    });
    const client = createSentryClient({ baseUrl: fake.url, token: 'sntryu_' + 'c'.repeat(64) });
    expect((await caught(client.request('GET', 'organizations/acme/redirect/'))).kind).toBe('untrusted_host');
    expect((await caught(client.paginate('organizations/acme/teams/'))).kind).toBe('untrusted_host');
    expect(evil.requests).toHaveLength(0);
  });
});

describe('pagination chains', () => {
  it('asks for the next page before validating the current one, and drops it when the current page is invalid', async () => {
    const seen: string[] = [];
    const server = await capture((req, res) => {
      seen.push(req.url ?? '');
      const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('cursor')?.split(':')[1] ?? 0);
      const next = `<http://127.0.0.1:${server.port}/api/0/organizations/acme/teams/?per_page=100&cursor=0:${page + 1}:0>; rel="next"; results="true"; cursor="0:${page + 1}:0"`;
      res.writeHead(200, { 'Content-Type': 'application/json', Link: next });
      // page 1 holds a team without a slug
      res.end(JSON.stringify(page === 1 ? [{ id: '2', name: 'No slug' }] : [{ id: '1', slug: 'a', name: 'A' }]));
    });
    const client = createSentryClient({ baseUrl: server.url, token: 'sntryu_' + 'e'.repeat(64) });
    const api = createSentryApi(client);
    expect((await caught(api.listTeams('acme'))).kind).toBe('bad_response');
    // page 2 was asked for while page 1 was validated; no page after it
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.map((u) => new URL(u, 'http://x').searchParams.get('cursor'))).toEqual([null, '0:1:0', '0:2:0']);
  });
});

describe('pagination: the next page starts from the headers', () => {
  it("asks for the next page as soon as a page's Link header arrives, before its body is read", async () => {
    const order: string[] = [];
    let finishFirst: (() => void) | undefined;
    const server = await capture((req, res) => {
      const cursor = new URL(req.url ?? '/', 'http://x').searchParams.get('cursor');
      order.push(`request ${cursor ?? 'first'}`);
      if (cursor === null) {
        const next = `<http://127.0.0.1:${server.port}/api/0/organizations/acme/teams/?per_page=100&cursor=0:1:0>; rel="next"; results="true"; cursor="0:1:0"`;
        res.writeHead(200, { 'Content-Type': 'application/json', Link: next });
        res.write('[{"id": "1", "slug": "a", '); // the headers go out with the first half of the body
        const finish = (): void => {
          order.push('first body ends');
          res.end('"name": "A"}]');
        };
        const timer = setTimeout(finish, 2_000);
        finishFirst = () => {
          clearTimeout(timer);
          finish();
        };
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify([{ id: '2', slug: 'b', name: 'B' }]));
      finishFirst?.();
    });
    const api = createSentryApi(createSentryClient({ baseUrl: server.url, token: 'sntryu_' + 'e'.repeat(64) }));
    expect((await api.listTeams('acme')).map((t) => t.slug)).toEqual(['a', 'b']);
    expect(order).toEqual(['request first', 'request 0:1:0', 'first body ends']);
  });
});

describe('retries', () => {
  it('waits for X-Sentry-Rate-Limit-Reset after a 429, then succeeds', async () => {
    const s = await sim({ rateLimit: { perSecond: 1000, concurrent: 100 } });
    const { api, client } = clientFor(s);
    s.faults.failNext({ path: /\/members\/$/ }, 429);
    const t0 = Date.now();
    const members = await api.listMembers(s.org);
    expect(members.length).toBeGreaterThan(0);
    expect(client.stats.rateLimited).toBe(1);
    expect(client.stats.retries).toBe(1);
    // the retry waited for the next window (Reset is the end of the current second)
    expect(Date.now()).toBeGreaterThanOrEqual(Math.floor(t0 / 1000) * 1000 + 1000);
  });

  it('honours Retry-After (seconds on a 429, an HTTP date on a 503) before asking again', async () => {
    // Sentry's middleware sends X-Sentry-Rate-Limit-Reset only (organization.md); a proxy or load
    // balancer in front of it may answer with Retry-After instead
    const arrivals: number[] = [];
    const answers = [
      (res: import('node:http').ServerResponse) => res.writeHead(429, { 'Retry-After': '1' }).end('slow down'),
      (res: import('node:http').ServerResponse) => res.writeHead(503, { 'Retry-After': new Date(Date.now() + 2_000).toUTCString() }).end('maintenance'),
      (res: import('node:http').ServerResponse) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}'),
    ];
    const proxy = await capture((_req, res) => {
      arrivals.push(Date.now());
      answers[Math.min(arrivals.length - 1, answers.length - 1)]!(res);
    });
    const client = createSentryClient({ baseUrl: proxy.url, token: 'sntryu_' + 'd'.repeat(64), retryBaseMs: 1 });
    const res = await client.request('GET', 'organizations/acme/');
    expect(res.data).toEqual({ ok: true });
    expect(arrivals).toHaveLength(3);
    // without the headers the backoff would be about a millisecond (retryBaseMs: 1)
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(1_000);
    // an HTTP date has a resolution of one second
    expect(arrivals[2]! - arrivals[1]!).toBeGreaterThanOrEqual(900);
    expect(client.stats.rateLimited).toBe(1);
  });

  it('retries 5xx and dropped connections for GET', async () => {
    const s = await sim();
    const { api, client } = clientFor(s);
    s.faults.failNext({ method: 'GET', path: /\/teams\/$/ }, 500);
    s.faults.failNext({ method: 'GET', path: /\/teams\/$/ }, 'drop');
    s.faults.failNext({ method: 'GET', path: /\/teams\/$/ }, 503);
    const teams = await api.listTeams(s.org);
    expect(teams.length).toBeGreaterThan(0);
    expect(client.stats.retries).toBe(3);
    expect(client.stats.connectionRetries).toBe(1);
    expect(s.stats.byRoute.get('GET /api/0/organizations/{org}/teams/')).toBe(4);
  });

  it('resends a GET after a keep-alive socket the server closed (UND_ERR_SOCKET), never a write: a PUT or DELETE that lost its connection is reported', async () => {
    const s = await sim();
    const { api, client } = clientFor(s);
    // a socket closed under the request, as a busy server closing an idle keep-alive connection does
    s.faults.failNext({ method: 'GET', path: /\/teams\/$/ }, 'drop', 2);
    expect((await api.listTeams(s.org)).length).toBeGreaterThan(0);
    expect(client.stats.connectionRetries).toBe(2);
    s.faults.failNext({ method: 'PUT' }, 'drop');
    const put = await caught(api.updateOrganization(s.org, { enhancedPrivacy: true }));
    expect(put.kind).toBe('network');
    expect(put.message).toMatch(/may or may not have been applied: read it back/);
    expect(s.stats.byRoute.get('PUT /api/0/organizations/{org}/')).toBe(1);
    const member = (await api.listMembers(s.org)).find((m) => m.orgRole === 'member');
    s.faults.failNext({ method: 'DELETE' }, 'drop');
    expect((await caught(api.deleteMember(s.org, member!.id))).kind).toBe('network');
    expect(s.stats.byRoute.get('DELETE /api/0/organizations/{org}/members/{member_id}/')).toBe(1);
    expect(client.stats.connectionRetries).toBe(2);
    expect(client.stats.retries).toBe(2);
  });

  it('retries an idempotent PUT and reports each attempt', async () => {
    const s = await sim();
    const events: RequestEvent[] = [];
    const { api } = clientFor(s, { onRequest: (e) => events.push(e) });
    s.faults.failNext({ method: 'PUT' }, 503);
    const org = await api.updateOrganization(s.org, { enhancedPrivacy: true });
    expect(org.enhancedPrivacy).toBe(true);
    expect(events.map((e) => [e.method, e.path, e.status, e.attempt])).toEqual([
      ['PUT', 'organizations/acme/', 503, 1],
      ['PUT', 'organizations/acme/', 200, 2],
    ]);
  });

  it('gives up after maxRetries with a server error', async () => {
    const s = await sim();
    const { api } = clientFor(s, { maxRetries: 2 });
    s.faults.failNext({ path: /\/teams\/$/ }, 502, 5);
    const e = await caught(api.listTeams(s.org));
    expect(e.kind).toBe('server');
    expect(e.status).toBe(502);
    expect(s.stats.byRoute.get('GET /api/0/organizations/{org}/teams/')).toBe(3);
  });

  it('never resends a POST: a 503 or a dropped connection is reported', async () => {
    const s = await sim();
    const { api, client } = clientFor(s);
    const [project] = await api.listProjects(s.org);
    s.faults.failNext({ method: 'POST' }, 503);
    const e1 = await caught(api.createKey(s.org, project!.slug, { name: 'x' }));
    expect(e1.kind).toBe('server');
    s.faults.failNext({ method: 'POST' }, 'drop');
    const e2 = await caught(api.createKey(s.org, project!.slug, { name: 'y' }));
    expect(e2.kind).toBe('network');
    expect(e2.message).toMatch(/may or may not have been applied/);
    s.faults.failNext({ method: 'POST' }, 429);
    expect((await caught(api.createKey(s.org, project!.slug, { name: 'z' }))).kind).toBe('rate_limited');
    expect(s.stats.byRoute.get('POST /api/0/projects/{org}/{project}/keys/')).toBe(3);
    expect(client.stats.retries).toBe(0);
  });

  it('times out a request that hangs', async () => {
    const s = await sim();
    const { api } = clientFor(s, { timeoutMs: 300, maxRetries: 0 });
    s.faults.failNext({ path: /\/teams\/$/ }, 'hang');
    const e = await caught(api.listTeams(s.org));
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/within 300 ms/);
  });

  it('does not retry a timed-out request (the user waits the timeout, not a multiple), and bounds the total retry time', async () => {
    const s = await sim();
    const { api, client } = clientFor(s, { timeoutMs: 200, maxRetries: 3 });
    s.faults.failNext({ path: /\/teams\/$/ }, 'hang');
    const e = await caught(api.listTeams(s.org));
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/within 200 ms \(the request timeout\)/);
    expect(client.stats.retries).toBe(0);
    expect(client.stats.requests).toBe(1);
    s.faults.clear(); // under load the attempt may time out before the server saw it

    // the retry-time budget, not maxRetries, ends the attempts (counted, not timed: timing is
    // the benchmark's job, and a loaded machine must not fail this)
    const bounded = clientFor(s, { timeoutMs: 5000, maxRetries: 10, maxRetryTimeMs: 300, retryBaseMs: 200 });
    s.faults.failNext({ path: /\/teams\/$/ }, 500, 20);
    const before = s.stats.byRoute.get('GET /api/0/organizations/{org}/teams/') ?? 0;
    expect((await caught(bounded.api.listTeams(s.org))).kind).toBe('server');
    const attempts = (s.stats.byRoute.get('GET /api/0/organizations/{org}/teams/') ?? 0) - before;
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThan(11);
    s.faults.clear();
  });
});

describe('error kinds and messages', () => {
  it('maps every failure to a kind with a one-line message, and never leaks the token', async () => {
    const s = await sim();
    const canary = s.token;
    const events: RequestEvent[] = [];
    const warnings: string[] = [];
    const { api } = clientFor(s, { maxRetries: 0, onRequest: (e) => events.push(e), onWarning: (w) => warnings.push(w) });
    const errors: SentryApiError[] = [];
    const expectKind = async (p: Promise<unknown>, kind: string): Promise<SentryApiError> => {
      const e = await caught(p);
      expect(e.kind, e.message).toBe(kind);
      expect(e.message).not.toMatch(/\n/);
      errors.push(e);
      return e;
    };

    // unauthenticated
    const bad = createSentryApi(createSentryClient({ baseUrl: s.url, token: `sntryu_${'0'.repeat(64)}` }));
    const e401 = await expectKind(bad.whoami(), 'unauthenticated');
    expect(e401.message).toMatch(/settings\/account\/api\/auth-tokens\//);

    // permission with missing scopes from WWW-Authenticate
    const ro = createSentryApi(createSentryClient({ baseUrl: s.url, token: s.tokens.readonly, maxRetries: 0 }));
    const e403 = await expectKind(ro.updateOrganization(s.org, { enhancedPrivacy: true }), 'permission');
    expect(e403.status).toBe(403);
    expect(e403.missingScopes?.length).toBeGreaterThan(0);
    expect(e403.message).toMatch(/lacks scope .*org:write.*needed to change organization settings.*Create a user auth token/);

    // not found, path encoded
    const e404 = await expectKind(api.getProject(s.org, 'no such/project'), 'not_found');
    expect(e404.path).toBe('projects/acme/no%20such%2Fproject/');

    // validation with field errors
    const e400 = await expectKind(api.updateOrganization(s.org, { attachmentsRole: 'nobody' }), 'validation');
    expect(e400.fieldErrors?.attachmentsRole?.length).toBeGreaterThan(0);

    // rate limited, server
    s.faults.failNext({ path: /\/teams\/$/ }, 429);
    await expectKind(api.listTeams(s.org), 'rate_limited');
    s.faults.failNext({ path: /\/teams\/$/ }, 500);
    await expectKind(api.listTeams(s.org), 'server');

    // network: nothing listens on that port any more
    const gone = await capture();
    const goneUrl = gone.url;
    await gone.close();
    const e0 = await expectKind(createSentryApi(createSentryClient({ baseUrl: goneUrl, token: canary, maxRetries: 0 })).whoami(), 'network');
    expect(e0.message).toMatch(/could not reach/);

    // bad_response: not JSON, and JSON of the wrong shape
    const html = await capture((_q, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>login</html>');
    });
    await expectKind(createSentryApi(createSentryClient({ baseUrl: html.url, token: canary })).whoami(), 'bad_response');
    const wrong = await capture((_q, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: '1', slug: 'acme', name: 'Acme', links: { organizationUrl: 'x', regionUrl: 'y' }, require2FA: 'yes' }));
    });
    const eShape = await expectKind(createSentryApi(createSentryClient({ baseUrl: wrong.url, token: canary })).getOrganization('acme'), 'bad_response');
    expect(eShape.message).toMatch(/GET organizations\/acme\/ has an unexpected field/);

    // a server that echoes the Authorization header into its error detail gets scrubbed
    const echo = await capture((req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ detail: `bad header ${req.headers.authorization}`, token: [String(req.headers.authorization)] }));
    });
    const eEcho = await expectKind(createSentryApi(createSentryClient({ baseUrl: echo.url, token: canary })).listTeams('acme'), 'validation');
    expect(eEcho.message).toContain('[redacted]');

    // untrusted host
    const c = createSentryClient({ baseUrl: 'https://sentry.io', token: canary });
    try {
      c.setRegionUrl('https://attacker.example');
    } catch (e) {
      errors.push(e as SentryApiError);
    }
    expect(errors.at(-1)?.kind).toBe('untrusted_host');

    const everything = [
      ...errors.map((e) => e.message),
      ...errors.map((e) => JSON.stringify(e)),
      ...errors.map((e) => inspect(e, { depth: 10 })),
      ...errors.map((e) => String(e.stack)),
      JSON.stringify(events),
      ...warnings,
    ].join('\n');
    expect(everything).not.toContain(canary);
    expect(everything).not.toContain(canary.slice(7, 40));
  });
});

describe('throughput and rate limits', () => {
  // Parallelism is counted (requests open at once at the server), never timed: wall time is
  // measured by `npm run bench`, and a loaded machine must not fail a test.
  it('runs requests in parallel: many are open at the server at once', async () => {
    let open = 0;
    let peak = 0;
    const server = await capture((_q, res) => {
      open += 1;
      peak = Math.max(peak, open);
      setTimeout(() => {
        open -= 1;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('[]');
      }, 100);
    });
    const client = createSentryClient({ baseUrl: server.url, token: 'sntryu_x', retryBaseMs: 20 });
    await Promise.all(Array.from({ length: 100 }, () => client.request('GET', 'organizations/acme/teams/')));
    expect(client.stats.requests).toBe(100);
    expect(server.requests).toHaveLength(100);
    expect(peak).toBeGreaterThanOrEqual(10);
  });

  it('follows a 40 req/s, 25 concurrent limit without failing a request', async () => {
    const s = await sim({ latencyMs: 50, rateLimit: { perSecond: 40, concurrent: 25 } });
    const { client } = clientFor(s);
    const n = 120;
    const results = await Promise.allSettled(Array.from({ length: n }, () => client.request('GET', `organizations/${s.org}/teams/`)));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(0);
    // it waits for the window instead of collecting 429s (the rate itself is measured by the benchmark)
    expect(client.stats.rateLimited).toBeLessThanOrEqual(n / 4);
  });
});

describe('spike protection probe', () => {
  it('is available when GET answers 405 (sentry.io) and unavailable on 404 (self-hosted)', async () => {
    const saas = await sim();
    expect(await clientFor(saas).api.probeSpikeProtection(saas.org)).toBe('available');
    const selfHosted = await sim({ selfHosted: true });
    expect(await clientFor(selfHosted).api.probeSpikeProtection(selfHosted.org)).toBe('unavailable');
  });
});
