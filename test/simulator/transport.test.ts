import { describe, expect, it } from 'vitest';
import { DEMO } from '../../src/simulator/index.js';
import { call, sim } from './helpers.js';

const ORG = `/api/0/organizations/${DEMO.org}`;

describe('region split', () => {
  it('control-silo endpoints answer only on the control port; links.regionUrl points at the region', async () => {
    const s = await sim({ splitRegion: true });
    expect(s.regionUrl).not.toBe(s.url);
    const org = await call(s, 'GET', `${ORG}/`);
    expect(org.body.links.regionUrl).toBe(s.regionUrl);
    expect((await call(s, 'GET', `${ORG}/members/`, { base: s.regionUrl })).status).toBe(200);
    for (const path of ['/api/0/', '/api/0/organizations/', `${ORG}/audit-logs/`]) {
      expect((await call(s, 'GET', path)).status).toBe(200);
      const r = await call(s, 'GET', path, { base: s.regionUrl });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ detail: 'The requested resource does not exist' });
    }
    const regionPort = Number(new URL(s.regionUrl).port);
    const controlPort = Number(new URL(s.url).port);
    expect(s.stats.byPort.get(regionPort)).toBe(4);
    expect(s.stats.byPort.get(controlPort)).toBe(4);
    // pagination links point at the port that answered
    const page = await call(s, 'GET', `${ORG}/members/?per_page=5`, { base: s.regionUrl });
    expect(page.headers.get('link')).toContain(`<${s.regionUrl}${ORG}/members/`);
  });

  it('regionUrlOverride is what links.regionUrl and the org token say', async () => {
    const s = await sim({ regionUrlOverride: 'https://evil.example.com' });
    expect((await call(s, 'GET', `${ORG}/`)).body.links.regionUrl).toBe('https://evil.example.com');
    const payload = JSON.parse(Buffer.from(s.tokens.orgCi.split('_')[1] ?? '', 'base64').toString('utf8'));
    expect(payload.region_url).toBe('https://evil.example.com');
  });
});

describe('rate limits', () => {
  it('sends X-Sentry-Rate-Limit-* on every response and a 429 JSON string without Retry-After', async () => {
    const s = await sim({ rateLimit: { perSecond: 3, concurrent: 25 } });
    // align to the start of a second so the burst lands in one window
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
    const results = [];
    for (let i = 0; i < 5; i += 1) results.push(await call(s, 'GET', `${ORG}/`));
    const first = results[0]!;
    expect(first.status).toBe(200);
    expect(first.headers.get('x-sentry-rate-limit-limit')).toBe('3');
    expect(first.headers.get('x-sentry-rate-limit-remaining')).toBe('2');
    expect(first.headers.get('x-sentry-rate-limit-concurrentlimit')).toBe('25');
    expect(first.headers.get('x-sentry-rate-limit-concurrentremaining')).toBe('24');
    const reset = Number(first.headers.get('x-sentry-rate-limit-reset'));
    expect(reset).toBeGreaterThan(Date.now() / 1000 - 1);
    expect(reset).toBeLessThan(Date.now() / 1000 + 2);
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.body).toBe('You are attempting to use this endpoint too frequently. Limit is 3 requests in 1 seconds');
    expect(limited[0]!.headers.get('retry-after')).toBeNull();
    expect(limited[0]!.headers.get('x-sentry-rate-limit-remaining')).toBe('0');
    expect(s.stats.rateLimited).toBe(limited.length);
  });

  it('the concurrent limit refuses parallel requests beyond it', async () => {
    const s = await sim({ rateLimit: { perSecond: 1000, concurrent: 2 }, latencyMs: 150 });
    const rs = await Promise.all(Array.from({ length: 5 }, () => call(s, 'GET', `${ORG}/`)));
    expect(rs.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
    expect(rs.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
  });

  it('no limiter means no headers; setRateLimit switches it on', async () => {
    const s = await sim();
    expect((await call(s, 'GET', `${ORG}/`)).headers.get('x-sentry-rate-limit-limit')).toBeNull();
    s.faults.setRateLimit({ perSecond: 40, concurrent: 25 });
    expect((await call(s, 'GET', `${ORG}/`)).headers.get('x-sentry-rate-limit-limit')).toBe('40');
  });
});

describe('faults', () => {
  it('failNext 500 answers once on the matching request, then normal service', async () => {
    const s = await sim();
    s.faults.failNext({ method: 'PUT', path: /\/organizations\/acme\/$/ }, 500);
    expect((await call(s, 'GET', `${ORG}/`)).status).toBe(200);
    const r = await call(s, 'PUT', `${ORG}/`, { body: { enhancedPrivacy: true } });
    expect(r.status).toBe(500);
    expect(r.body.detail).toBe('Internal Error');
    expect(s.state.org.enhancedPrivacy).toBe(false);
    expect((await call(s, 'PUT', `${ORG}/`, { body: { enhancedPrivacy: true } })).status).toBe(200);
  });

  it('failNext 502/503/429 with times', async () => {
    const s = await sim();
    s.faults.failNext({ path: /members/ }, 503, 2);
    expect((await call(s, 'GET', `${ORG}/members/`)).status).toBe(503);
    expect((await call(s, 'GET', `${ORG}/members/`)).status).toBe(503);
    expect((await call(s, 'GET', `${ORG}/members/`)).status).toBe(200);
    s.faults.failNext({}, 429);
    const r = await call(s, 'GET', `${ORG}/`);
    expect(r.status).toBe(429);
    expect(typeof r.body).toBe('string');
  });

  it('drop destroys the connection without an answer', async () => {
    const s = await sim();
    s.faults.failNext({ path: /teams/ }, 'drop');
    await expect(fetch(`${s.url}${ORG}/teams/`, { headers: { Authorization: `Bearer ${s.token}` } })).rejects.toThrow();
    expect((await call(s, 'GET', `${ORG}/teams/`)).status).toBe(200);
  });

  it('hang never answers; an abort ends it and close() still resolves', async () => {
    const s = await sim();
    s.faults.failNext({}, 'hang');
    const ctl = new AbortController();
    const p = fetch(`${s.url}${ORG}/`, { headers: { Authorization: `Bearer ${s.token}` }, signal: ctl.signal });
    const winner = await Promise.race([p.then(() => 'answered', () => 'failed'), new Promise((r) => setTimeout(() => r('pending'), 300))]);
    expect(winner).toBe('pending');
    ctl.abort();
    await expect(p).rejects.toThrow();
    s.faults.failNext({}, 'hang');
    const p2 = fetch(`${s.url}${ORG}/`, { headers: { Authorization: `Bearer ${s.token}` } }).then(() => 'answered', () => 'failed');
    await new Promise((r) => setTimeout(r, 50));
    await s.close();
    expect(await p2).toBe('failed');
  });

  it('dropAfterWrites drops every connection after n successful writes', async () => {
    const s = await sim();
    s.faults.dropAfterWrites(1);
    expect((await call(s, 'PUT', `${ORG}/`, { body: { enhancedPrivacy: true } })).status).toBe(200);
    await expect(call(s, 'PUT', `${ORG}/`, { body: { allowJoinRequests: false } })).rejects.toThrow();
    await expect(call(s, 'GET', `${ORG}/`)).rejects.toThrow();
    expect(s.state.org.allowJoinRequests).toBe(true);
    s.faults.clear();
    expect((await call(s, 'GET', `${ORG}/`)).status).toBe(200);
  });

  it('latency is added to every response', async () => {
    const s = await sim({ latencyMs: 120 });
    const t0 = Date.now();
    await call(s, 'GET', '/api/0/');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
    s.faults.setLatency(0);
    const t1 = Date.now();
    await call(s, 'GET', '/api/0/');
    expect(Date.now() - t1).toBeLessThan(110);
  });

  it('stats count requests by route template', async () => {
    const s = await sim();
    await call(s, 'GET', `${ORG}/members/1010/`);
    await call(s, 'GET', `${ORG}/members/1020/`);
    await call(s, 'GET', `/api/0/projects/acme/worker/keys/`);
    expect(s.stats.byRoute.get('GET /api/0/organizations/{org}/members/{member_id}/')).toBe(2);
    expect(s.stats.byRoute.get('GET /api/0/projects/{org}/{project}/keys/')).toBe(1);
    expect(s.stats.total).toBe(3);
    s.stats.reset();
    expect(s.stats.total).toBe(0);
    expect(s.stats.byRoute.size).toBe(0);
  });
});
