import { describe, expect, it } from 'vitest';
import { DEMO } from '../../src/simulator/index.js';
import { call, sim, walk } from './helpers.js';

const ORG = `/api/0/organizations/${DEMO.org}`;
const P = (slug: string) => `/api/0/projects/${DEMO.org}/${slug}`;

describe('org project list', () => {
  it('options= expansion returns raw stored values only; teams and features included', async () => {
    const s = await sim();
    const q = ['sentry:origins', 'quotas:spike-protection-disabled', 'sentry:debug_files_role', 'sentry:safe_fields', 'sentry:store_crash_reports', 'sentry:blacklisted_ips', 'sentry:token']
      .map((k) => `options=${encodeURIComponent(k)}`)
      .join('&');
    const { items } = await walk(s, `${ORG}/projects/?${q}`);
    expect(items).toHaveLength(12);
    const by = Object.fromEntries(items.map((p) => [p.slug, p]));
    expect(by['web-app'].options).toEqual({ 'sentry:origins': ['*'], 'quotas:spike-protection-disabled': true });
    expect(by['checkout-web'].options).toEqual({}); // origins never set: absent, not the default
    expect(by[DEMO.realOriginsProject].options['sentry:origins']).toEqual(['https://www.acme.example', 'https://acme.example']);
    expect(by[DEMO.debugFilesMemberProject].options['sentry:debug_files_role']).toBe('member');
    expect(by[DEMO.safeFieldsProject].options['sentry:safe_fields']).toEqual(['user.email']);
    expect(by[DEMO.unlimitedCrashProject].options['sentry:store_crash_reports']).toBe(-1);
    expect(by[DEMO.ipBlocklistProject].options['sentry:blacklisted_ips']).toEqual(['10.0.0.0/8', '203.0.113.7']);
    expect(by[DEMO.prodProject].teams.map((t: { slug: string }) => t.slug)).toEqual(['backend', 'platform', 'sre']);
    expect(by[DEMO.orphanProject].teams).toEqual([]);
    expect(by[DEMO.noRateLimitFeatureProject].features).not.toContain('rate-limits');
    expect(by['worker'].features).toContain('rate-limits');
    expect(items.filter((p) => p.options['quotas:spike-protection-disabled'] === true).map((p) => p.slug).sort()).toEqual([...DEMO.spikeOffProjects].sort());
    const js = items.filter((p) => /^javascript/.test(p.platform)).map((p) => p.slug).sort();
    expect(js).toEqual([...DEMO.browserJsProjects]);
    // reading the list never creates security tokens
    expect(s.state.counters.securityTokensCreated).toBe(0);
    const plain = await call(s, 'GET', `${ORG}/projects/`);
    expect(plain.body[0].options).toBeUndefined();
  });
});

describe('project details', () => {
  it('GET creates and stores sentry:token on first read (counted side effect)', async () => {
    const s = await sim();
    const r = await call(s, 'GET', `${P('worker')}/`);
    expect(r.status).toBe(200);
    expect(r.body.securityToken).toMatch(/^[0-9a-f]{32}$/);
    expect(r.body).toMatchObject({ dataScrubber: true, safeFields: ['user.email'], allowedDomains: ['*'], storeCrashReports: null, debugFilesRole: null });
    expect(r.body.options['quotas:spike-protection-disabled']).toBeNull();
    expect(s.state.counters.securityTokensCreated).toBe(1);
    await call(s, 'GET', `${P('worker')}/`);
    expect(s.state.counters.securityTokensCreated).toBe(1);
    expect(s.state.projects.get('worker')!.options.get('sentry:token')).toBe(r.body.securityToken);
  });

  it('PUT typed fields, options IP blocklist normalisation, project.edit audit', async () => {
    const s = await sim();
    const r = await call(s, 'PUT', `${P('web-app')}/`, {
      body: { allowedDomains: ['https://app.acme.example', ' '], storeCrashReports: null, options: { 'filters:blacklisted_ips': ' 10.0.0.1 \n\n2001:DB8::/32\nLOL/bar' }, unknown: 1 },
    });
    expect(r.status).toBe(200);
    expect(r.body.allowedDomains).toEqual(['https://app.acme.example']);
    expect(r.body.options['filters:blacklisted_ips']).toBe('10.0.0.1\n2001:db8::/32\nlol/bar');
    expect(s.state.projects.get('web-app')!.options.get('sentry:blacklisted_ips')).toEqual(['10.0.0.1', '2001:db8::/32', 'lol/bar']);
    const entry = s.state.auditLog.findLast((e) => e.event === 'project.edit');
    expect(entry?.data).toMatchObject({ slug: 'web-app', 'sentry:origins': ['https://app.acme.example'], 'sentry:blacklisted_ips': ['10.0.0.1', '2001:db8::/32', 'lol/bar'] });
  });

  it('PUT validation: sensitiveFields > 4000 chars, empty allowedDomains, wildcard port', async () => {
    const s = await sim();
    expect((await call(s, 'PUT', `${P('worker')}/`, { body: { sensitiveFields: ['a'.repeat(2001), 'b'.repeat(2000)] } })).body).toEqual({ sensitiveFields: ['List of sensitive fields is too long.'] });
    expect((await call(s, 'PUT', `${P('worker')}/`, { body: { allowedDomains: [''] } })).body).toEqual({ allowedDomains: ['Empty value will block all requests, use * to accept from all domains'] });
    expect((await call(s, 'PUT', `${P('worker')}/`, { body: { allowedDomains: ['example.com:*'] } })).status).toBe(400);
    // parse_uri_match's domain runs from the host to the end once the host has a port (utils/http.py)
    expect((await call(s, 'PUT', `${P('worker')}/`, { body: { allowedDomains: ['https://example.com:*x'] } })).status).toBe(400);
    expect((await call(s, 'PUT', `${P('worker')}/`, { body: { allowedDomains: ['https://example.com:8080/x:*'] } })).status).toBe(400);
    expect((await call(s, 'PUT', `${P('worker')}/`, { body: { allowedDomains: ['https://example.com/x:*'] } })).status).toBe(200);
  });

  it('a read-only token: truthy admin field 403, falsy silently ignored', async () => {
    const s = await sim();
    expect((await call(s, 'PUT', `${P('worker')}/`, { token: s.tokens.readonly, body: { dataScrubber: true } })).status).toBe(403);
    const r = await call(s, 'PUT', `${P('worker')}/`, { token: s.tokens.readonly, body: { dataScrubber: false } });
    expect(r.status).toBe(200);
    expect(r.body.dataScrubber).toBe(true);
  });

  it('custom-inbound-filters gated options fail with 400 after earlier fields were written', async () => {
    const s = await sim();
    s.state.projects.get('worker')!.features = ['rate-limits'];
    const r = await call(s, 'PUT', `${P('worker')}/`, { body: { scrubIPAddresses: true, options: { 'filters:releases': '1.0.*' } } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ detail: 'You do not have that feature enabled' });
    expect(s.state.projects.get('worker')!.options.get('sentry:scrub_ip_address')).toBe(true);
  });
});

describe('client keys', () => {
  it('demo keys: counts, one rate limit, one old key, web-app has 2 active + 1 inactive', async () => {
    const s = await sim();
    const web = await call(s, 'GET', `${P(DEMO.multiKeyProject)}/keys/`);
    expect(web.body.map((k: { isActive: boolean }) => k.isActive).sort()).toEqual([false, true, true]);
    let withLimit = 0;
    for (const p of s.state.projects.keys()) {
      const r = await call(s, 'GET', `${P(p)}/keys/`);
      expect(r.body.length).toBeGreaterThanOrEqual(1);
      expect(r.body.length).toBeLessThanOrEqual(3);
      withLimit += r.body.filter((k: { rateLimit: unknown }) => k.rateLimit !== null).length;
    }
    expect(withLimit).toBe(1);
    const old = (await call(s, 'GET', `${P(DEMO.oldKeyProject)}/keys/`)).body[0];
    expect(Date.now() - Date.parse(old.dateCreated)).toBeGreaterThan(365 * 86_400_000);
  });

  it('the key list pages 10 at a time by default', async () => {
    const s = await sim();
    for (let i = 0; i < 12; i += 1) expect((await call(s, 'POST', `${P('internal-tools')}/keys/`, { body: { name: `k${i}` } })).status).toBe(201);
    const first = await call(s, 'GET', `${P('internal-tools')}/keys/`);
    expect(first.body).toHaveLength(10);
    expect(first.headers.get('link')).toContain('rel="next"; results="true"');
    const all = await walk(s, `${P('internal-tools')}/keys/`);
    expect(all.items).toHaveLength(13);
    expect(all.pages).toBe(2);
  });

  it('PUT without browserSdkVersion resets it to the default; rateLimit needs the feature', async () => {
    const s = await sim();
    const key = (await call(s, 'GET', `${P('worker')}/keys/`)).body[0];
    expect(key.browserSdkVersion).toBe('8.x');
    const r = await call(s, 'PUT', `${P('worker')}/keys/${key.id}/`, { body: { name: 'Renamed' } });
    expect(r.status).toBe(200);
    expect(r.body.browserSdkVersion).toBe('latest');
    expect(r.body.rateLimit).toEqual({ window: 60, count: 1000 });
    const keep = await call(s, 'PUT', `${P('worker')}/keys/${key.id}/`, { body: { browserSdkVersion: '7.x', rateLimit: { window: 3600, count: 0 } } });
    expect(keep.body.browserSdkVersion).toBe('7.x');
    expect(keep.body.rateLimit).toBeNull(); // a 0 makes the limit read back as null
    const entry = s.state.auditLog.at(-1);
    expect(entry?.event).toBe('projectkey.edit');
    expect(entry?.data.secret_key).toBe(key.secret);

    const gw = (await call(s, 'GET', `${P(DEMO.noRateLimitFeatureProject)}/keys/`)).body[0];
    const ign = await call(s, 'PUT', `${P(DEMO.noRateLimitFeatureProject)}/keys/${gw.id}/`, { body: { rateLimit: { window: 60, count: 100 }, browserSdkVersion: gw.browserSdkVersion } });
    expect(ign.status).toBe(200);
    expect(ign.body.rateLimit).toBeNull();
    const set = await call(s, 'PUT', `${P('api-prod')}/keys/${(await call(s, 'GET', `${P('api-prod')}/keys/`)).body[0].id}/`, { body: { rateLimit: { window: 60, count: 100 } } });
    expect(set.body.rateLimit).toEqual({ window: 60, count: 100 });
    const half = await call(s, 'PUT', `${P('api-prod')}/keys/${set.body.id}/`, { body: { rateLimit: { count: 5 } } });
    expect(half.status).toBe(500);
  });

  it('POST creates a key (rate limit dropped without the feature) with a projectkey.create entry', async () => {
    const s = await sim();
    const r = await call(s, 'POST', `${P(DEMO.noRateLimitFeatureProject)}/keys/`, { body: { name: 'New', rateLimit: { window: 60, count: 10 } } });
    expect(r.status).toBe(201);
    expect(r.body.rateLimit).toBeNull();
    expect(r.body.dsn.public).toContain(r.body.id);
    expect(s.state.auditLog.at(-1)).toMatchObject({ event: 'projectkey.create', data: { public_key: r.body.id, secret_key: r.body.secret } });
  });

  it('key stats are deterministic buckets {ts,total,dropped,filtered,accepted}', async () => {
    const s = await sim();
    const key = (await call(s, 'GET', `${P('worker')}/keys/`)).body[0];
    const since = Math.floor(Date.now() / 1000) - 86_400;
    const path = `${P('worker')}/keys/${key.id}/stats/?since=${since}&until=${since + 86_400}&resolution=1h`;
    const a = await call(s, 'GET', path);
    const b = await call(s, 'GET', path);
    expect(a.status).toBe(200);
    expect(a.body).toEqual(b.body);
    expect(a.body.length).toBeGreaterThanOrEqual(24);
    for (const p of a.body) expect(p.accepted).toBe(p.total - p.dropped - p.filtered);
    expect((await call(s, 'GET', `${P('worker')}/keys/${key.id}/stats/?resolution=bogus`)).status).toBe(400);
  });
});

describe('inbound filters', () => {
  it('lists filters; JS projects mostly off, checkout-web on', async () => {
    const s = await sim();
    const off = await call(s, 'GET', `${P('web-app')}/filters/`);
    expect(Object.fromEntries(off.body.map((f: { id: string; active: unknown }) => [f.id, f.active]))).toEqual({
      'browser-extensions': false, 'filtered-transaction': true, 'legacy-browsers': false, localhost: false, 'web-crawlers': false,
    });
    const on = await call(s, 'GET', `${P(DEMO.filtersOnProject)}/filters/`);
    const legacy = on.body.find((f: { id: string }) => f.id === 'legacy-browsers');
    expect(legacy.active).toEqual(['chrome', 'edge', 'firefox', 'ie', 'safari']);
  });

  it('PUT {} switches a boolean filter off; subfilters sorted; audit project.enable/disable', async () => {
    const s = await sim();
    const on = await call(s, 'PUT', `${P('checkout-web')}/filters/localhost/`, { body: {} });
    expect(on.status).toBe(204);
    expect(on.text).toBe('');
    expect(s.state.projects.get('checkout-web')!.options.get('filters:localhost')).toBe('0');
    expect(s.state.auditLog.at(-1)).toMatchObject({ event: 'project.disable', data: { state: false } });
    await call(s, 'PUT', `${P('web-app')}/filters/web-crawlers/`, { body: { active: true } });
    expect(s.state.auditLog.at(-1)?.event).toBe('project.enable');
    await call(s, 'PUT', `${P('web-app')}/filters/legacy-browsers/`, { body: { subfilters: ['safari', 'ie', 'safari'] } });
    const list = await call(s, 'GET', `${P('web-app')}/filters/`);
    expect(list.body.find((f: { id: string }) => f.id === 'legacy-browsers').active).toEqual(['ie', 'safari']);
    expect(list.body.find((f: { id: string }) => f.id === 'web-crawlers').active).toBe(true);
    expect((await call(s, 'PUT', `${P('web-app')}/filters/legacy-browsers/`, { body: { subfilters: ['netscape'] } })).body).toEqual({ subfilters: ['The item you entered is not in the allowed items list.'] });
    expect((await call(s, 'PUT', `${P('web-app')}/filters/nope/`, { body: {} })).status).toBe(404);
  });
});

describe('project teams and spike protection', () => {
  it('POST 201 / DELETE 200 with audit; team-scoped permission on DELETE', async () => {
    const s = await sim();
    const add = await call(s, 'POST', `${P(DEMO.orphanProject)}/teams/data/`);
    expect(add.status).toBe(201);
    expect(add.body.teams.map((t: { slug: string }) => t.slug)).toEqual(['data']);
    expect(s.state.auditLog.at(-1)).toMatchObject({ event: 'project-team.add', data: { team_slug: 'data', project_slug: DEMO.orphanProject } });
    // Harper (retired admin role) is team admin on backend and platform, not on sre
    s.state.tokens.set('sntryu_harper', { userId: '108', scopes: ['project:read', 'project:write', 'org:read'], kind: 'user' });
    const denied = await call(s, 'DELETE', `${P('api-prod')}/teams/sre/`, { token: 'sntryu_harper' });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ detail: ['You do not have permission to perform this action.'] });
    const ok = await call(s, 'DELETE', `${P('api-prod')}/teams/backend/`, { token: 'sntryu_harper' });
    expect(ok.status).toBe(200);
    expect(ok.body.teams.map((t: { slug: string }) => t.slug)).toEqual(['platform', 'sre']);
    expect(s.state.auditLog.at(-1)?.event).toBe('project-team.remove');
    expect((await call(s, 'POST', `${P('api-prod')}/teams/nope/`)).body).toEqual({ detail: 'Team does not exist.' });
  });

  it('spike protections: GET 405, POST 201 / DELETE 200 toggle the option', async () => {
    const s = await sim();
    expect((await call(s, 'GET', `${ORG}/spike-protections/`)).status).toBe(405);
    const post = await call(s, 'POST', `${ORG}/spike-protections/`, { body: { projects: [...DEMO.spikeOffProjects] } });
    expect(post.status).toBe(201);
    for (const p of DEMO.spikeOffProjects) expect(s.state.projects.get(p)!.options.get('quotas:spike-protection-disabled')).toBe(false);
    const del = await call(s, 'DELETE', `${ORG}/spike-protections/`, { body: { projects: ['web-app'] } });
    expect(del.status).toBe(200);
    expect(s.state.projects.get('web-app')!.options.get('quotas:spike-protection-disabled')).toBe(true);
  });

  it('self-hosted: spike protections 404 and no rate-limit headers', async () => {
    const s = await sim({ selfHosted: true, rateLimit: { perSecond: 1, concurrent: 1 } });
    expect((await call(s, 'GET', `${ORG}/spike-protections/`)).status).toBe(404);
    expect((await call(s, 'POST', `${ORG}/spike-protections/`, { body: { projects: ['web-app'] } })).status).toBe(404);
    const r = await call(s, 'GET', `${ORG}/`);
    expect(r.headers.get('x-sentry-rate-limit-limit')).toBeNull();
    expect((await call(s, 'GET', `${ORG}/`)).status).toBe(200);
  });
});
