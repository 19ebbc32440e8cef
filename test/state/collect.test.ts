// Collection over real HTTP against the simulator's demo org (src/simulator/seed-demo.ts).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import { collectOrgState, type CollectProgress } from '../../src/engine/collect.js';
import { makeKey, prng } from '../../src/simulator/seed-util.js';
import { createSentryApi } from '../../src/sentry/api.js';
import { createSentryClient } from '../../src/sentry/client.js';
import type { OrgState } from '../../src/state/types.js';
import { connectTo, startDemo, type Harness } from './collect-helpers.js';

const PROJECT_DETAIL = 'GET /api/0/projects/{org}/{project}/';
const KEYS = 'GET /api/0/projects/{org}/{project}/keys/';

function routes(h: Harness): Record<string, number> {
  return Object.fromEntries(h.sim.stats.byRoute);
}

function value<T>(p: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!p.ok) throw new Error(`part not ok: ${p.reason}`);
  return p.value;
}

describe('collectOrgState against the demo org (L3, planning)', () => {
  let h: Harness;
  let state: OrgState;
  const progress: CollectProgress[] = [];

  beforeAll(async () => {
    h = await startDemo();
    h.sim.stats.reset();
    state = await collectOrgState(h.conn, { level: 'L3', policy: DEFAULT_POLICY, needKeyStats: true, onProgress: (e) => progress.push(e) });
  });
  afterAll(async () => h.sim.close());

  it('fills every part', () => {
    for (const k of ['org', 'authProvider', 'authProviders', 'members', 'memberDetails', 'teams', 'projects', 'spikeProtection', 'auditLog'] as const) {
      expect(state[k], k).toMatchObject({ ok: true });
    }
    expect(value(state.org).slug).toBe('acme');
    expect(value(state.org).features?.length).toBeGreaterThan(0);
    expect(value(state.members).length).toBeGreaterThanOrEqual(29);
    expect(value(state.projects)).toHaveLength(12);
    expect(Object.keys(state.keys)).toHaveLength(12);
    for (const p of Object.values(state.keys)) expect(p.ok).toBe(true);
    expect(value(state.auditLog).length).toBeGreaterThan(30);
    expect(value(state.spikeProtection)).toBe('available');
  });

  it("keeps the team rows that hold a stored team role, not those at the org role's minimum", () => {
    const lists = value(state.teamMembers);
    // Alex is stored admin of platform; Evan is on backend with no stored role (seed-demo.ts)
    expect(lists.platform?.find((m) => m.email === 'alex@acme.example')?.teamRole).toBe('admin');
    expect(Object.values(lists).flat().filter((m) => m.teamRole === null)).toEqual([]);
    expect(lists.backend?.map((m) => m.email)).not.toContain('evan@acme.example');
    // the server has him on backend: the row was dropped by the collection, not missing
    const evan = [...h.sim.state.members.values()].find((m) => m.email === 'evan@acme.example');
    expect(evan?.teamRoles.has('backend')).toBe(true);
    expect(evan?.teamRoles.get('backend')).toBeNull();
  });

  it('fetches each resource exactly once and never the project detail', () => {
    const r = routes(h);
    expect(r[PROJECT_DETAIL]).toBeUndefined();
    expect(h.sim.state.counters.securityTokensCreated).toBe(0);
    for (const route of [
      'GET /api/0/organizations/{org}/',
      'GET /api/0/organizations/{org}/auth-provider/',
      'GET /api/0/organizations/{org}/auth-providers/',
      'GET /api/0/organizations/{org}/members/',
      'GET /api/0/organizations/{org}/teams/',
      'GET /api/0/organizations/{org}/projects/',
      'GET /api/0/organizations/{org}/spike-protections/',
      'GET /api/0/organizations/{org}/audit-logs/',
    ]) {
      expect(r[route], route).toBe(1);
    }
    expect(r[KEYS]).toBe(12);
    // filters: the 4 browser JavaScript projects only (not react-native mobile-app)
    expect(r['GET /api/0/projects/{org}/{project}/filters/']).toBe(4);
    expect(Object.keys(state.filters).sort()).toEqual(['admin-dashboard', 'checkout-web', 'marketing-site', 'web-app']);
    // member details: the 8 privileged members (2.3.6), the stale owner invitation (2.3.4), the
    // stale member invitation (2.1.10) and the 2 inactive members of the access review (2.1.9);
    // the deactivated user (1220) is not in the member list at all, as on Sentry
    // (organization_member_index.py user_is_active)
    expect(r['GET /api/0/organizations/{org}/members/{member_id}/']).toBe(12);
    // team admins (2.3.8): one member list per team (7 teams, one page each)
    expect(r['GET /api/0/teams/{org}/{team}/members/']).toBe(7);
    expect(Object.keys(value(state.memberDetails)).sort()).toEqual(['1010', '1020', '1030', '1040', '1050', '1060', '1070', '1080', '1200', '1210', '1900', '1920']);
    expect(h.sim.stats.total).toBe(Object.values(r).reduce((a, b) => a + b, 0));
  });

  it('maps the raw options expansion with the documented defaults', () => {
    const bySlug = new Map(value(state.projects).map((p) => [p.slug, p]));
    const get = (s: string) => bySlug.get(s)!;
    expect(get('marketing-site').allowedDomains).toEqual(['https://www.acme.example', 'https://acme.example']);
    expect(get('checkout-web').allowedDomains).toEqual(['*']); // never set
    expect(get('worker').safeFields).toEqual(['user.email']);
    expect(get('mobile-app').storeCrashReports).toBe(-1);
    expect(get('internal-tools').storeCrashReports).toBeNull();
    expect(get('payments-service').debugFilesRole).toBe('member');
    expect(get('internal-tools').debugFilesRole).toBeNull();
    expect(get('data-pipeline').dataScrubber).toBe(false);
    expect(get('data-pipeline').teams).toEqual([]);
    expect(get('internal-tools')).toMatchObject({ dataScrubber: true, dataScrubberDefaults: true, scrubIPAddresses: false, sensitiveFields: [], relayPiiConfig: null, blockedIps: [], spikeProtectionDisabled: null });
    expect(get('web-app').spikeProtectionDisabled).toBe(true);
    expect(get('api-prod').blockedIps).toEqual(['10.0.0.0/8', '203.0.113.7']);
    expect(get('api-prod').teams.map((t) => t.slug).sort()).toEqual(['backend', 'platform', 'sre']);
    expect(get('ingest-gateway').features).not.toContain('rate-limits');
  });

  it('reads key stats only for active keys without a rate limit on rate-limits projects', () => {
    const keys = Object.entries(state.keys).flatMap(([slug, p]) => value(p).map((k) => ({ slug, k })));
    const eligible = keys.filter(({ slug, k }) => k.isActive && !k.rateLimit && slug !== 'ingest-gateway');
    expect(Object.keys(state.keyStats).sort()).toEqual(eligible.map(({ k }) => k.id).sort());
    expect(eligible).toHaveLength(12);
    for (const p of Object.values(state.keyStats)) expect(p.ok).toBe(true);
    const worker = value(state.keys.worker!)[0]!;
    expect(state.keyStats[worker.id]).toBeUndefined();
  });

  it('never lets a client-key secret into the state', () => {
    expect(JSON.stringify(state.keys)).not.toMatch(/"secret":"[0-9a-f]{32}"/);
  });

  it('reports progress up to done = total', () => {
    expect(progress.length).toBeGreaterThan(10);
    const last = progress[progress.length - 1]!;
    expect(last.done).toBe(last.total);
    expect(last.total).toBe(h.sim.stats.total);
    for (const e of progress) expect(e.done).toBeLessThanOrEqual(e.total);
  });
});

describe('collectOrgState: what it reads depends on the selected checks', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startDemo();
  });
  afterAll(async () => h.sim.close());

  it('at L1 without planning skips filters, spike protection and key stats, and reads only owner details', async () => {
    h.sim.stats.reset();
    const state = await collectOrgState(h.conn, { level: 'L1', policy: DEFAULT_POLICY });
    const r = routes(h);
    expect(r['GET /api/0/projects/{org}/{project}/filters/']).toBeUndefined();
    expect(r['GET /api/0/organizations/{org}/spike-protections/']).toBeUndefined();
    expect(r['GET /api/0/projects/{org}/{project}/keys/{key_id}/stats/']).toBeUndefined();
    expect(r[PROJECT_DETAIL]).toBeUndefined();
    expect(state.keyStats).toEqual({});
    expect(state.filters).toEqual({});
    expect(state.spikeProtection).toMatchObject({ ok: false, kind: 'error' });
    // 4 owners + a stale owner invitation > maxOwners 3: the owners' teamRoles for demotion
    expect(Object.keys(value(state.memberDetails)).sort()).toEqual(['1010', '1020', '1030', '1040']);
  });

  it('with only 1.2 reads neither projects nor keys nor the audit log', async () => {
    h.sim.stats.reset();
    const state = await collectOrgState(h.conn, { level: 'L3', policy: DEFAULT_POLICY, checkIds: new Set(['1.2.1']) });
    expect(Object.keys(routes(h)).sort()).toEqual([
      'GET /api/0/organizations/{org}/',
      'GET /api/0/organizations/{org}/auth-provider/',
      'GET /api/0/organizations/{org}/members/',
    ]);
    expect(state.projects.ok).toBe(false);
    expect(state.keys).toEqual({});
  });

  it('reuses the org read while connecting when it carries the feature flags', async () => {
    const org = await h.conn.api.getOrganization('acme', { featureFlags: true });
    h.sim.stats.reset();
    const state = await collectOrgState({ ...h.conn, org }, { level: 'L1', policy: DEFAULT_POLICY, checkIds: new Set(['2.1.1']) });
    expect(state.org).toEqual({ ok: true, value: org });
    expect(routes(h)['GET /api/0/organizations/{org}/']).toBeUndefined();
    // without features (read without include_feature_flags) it is read again, with them
    const { features: _f, ...bare } = org;
    h.sim.stats.reset();
    const again = await collectOrgState({ ...h.conn, org: bare }, { level: 'L1', policy: DEFAULT_POLICY, checkIds: new Set(['2.1.1']) });
    expect(again.org.ok && again.org.value.features?.length).toBeGreaterThan(0);
    expect(routes(h)['GET /api/0/organizations/{org}/']).toBe(1);
  });

  it('follows the keys list onto a second page', async () => {
    const rand = prng(7);
    for (let i = 0; i < 105; i += 1) makeKey(h.sim.state, rand, 'worker', `extra ${i}`, new Date().toISOString());
    h.sim.stats.reset();
    const state = await collectOrgState(h.conn, { level: 'L1', policy: DEFAULT_POLICY, checkIds: new Set(['3.2.1']) });
    expect(value(state.keys.worker!)).toHaveLength(106);
    expect(new Set(value(state.keys.worker!).map((k) => k.id)).size).toBe(106);
    // one request per project plus worker's second page
    expect(routes(h)[KEYS]).toBe(13);
  });
});

describe('collectOrgState with a token missing scopes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startDemo();
  });
  afterAll(async () => h.sim.close());

  it('turns unreadable parts into errors naming the scope and still reads the rest', async () => {
    const owner = h.sim.state.members.get('1010')!;
    h.sim.state.tokens.set('sntryu_limited', { userId: owner.userId, scopes: ['org:read', 'member:read', 'team:read'], kind: 'user', role: 'readonly' } as never);
    const conn = await connectTo(h.sim, 'sntryu_limited');
    const state = await collectOrgState(conn, { level: 'L3', policy: DEFAULT_POLICY });
    expect(state.org.ok).toBe(true);
    expect(state.members.ok).toBe(true);
    expect(state.teams.ok).toBe(true);
    expect(state.projects.ok).toBe(true);
    expect(state.auditLog).toMatchObject({ ok: false, kind: 'error' });
    expect(!state.auditLog.ok && state.auditLog.reason).toMatch(/org:write/);
    const keys = Object.values(state.keys);
    expect(keys).toHaveLength(12);
    for (const k of keys) {
      expect(k.ok).toBe(false);
      expect(!k.ok && k.reason).toMatch(/project:read/);
    }
    expect(JSON.stringify(state)).not.toContain('sntryu_limited');
  });
});

describe('collectOrgState when the server fails one resource', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startDemo();
  });
  afterAll(async () => h.sim.close());

  it('makes that part an error with the reason and reads the rest', async () => {
    h.sim.faults.failNext({ method: 'GET', path: /\/organizations\/acme\/teams\/$/ }, 503, 50);
    h.sim.faults.failNext({ method: 'GET', path: /\/projects\/acme\/web-app\/filters\/$/ }, 500, 50);
    const state = await collectOrgState(h.conn, { level: 'L3', policy: DEFAULT_POLICY });
    h.sim.faults.clear();
    expect(state.teams).toMatchObject({ ok: false, kind: 'error' });
    expect(!state.teams.ok && state.teams.reason).toMatch(/^cannot read the teams: /);
    expect(state.filters['web-app']).toMatchObject({ ok: false, kind: 'error' });
    expect(state.filters['checkout-web']?.ok).toBe(true);
    for (const k of ['org', 'members', 'projects', 'auditLog', 'memberDetails'] as const) expect(state[k].ok, k).toBe(true);
  });
});

describe('collectOrgState when the server closes connections under the reads', () => {
  it('resends the reads, keeps the parts, and counts them in the progress', async () => {
    const h = await startDemo();
    try {
      const client = createSentryClient({ baseUrl: h.sim.url, token: h.sim.token, retryBaseMs: 10 });
      const conn = { ...h.conn, api: createSentryApi(client), client };
      // a socket closed under the request (the keep-alive connection a busy server dropped: UND_ERR_SOCKET)
      h.sim.faults.failNext({ method: 'GET', path: /\/organizations\/acme\/teams\/$/ }, 'drop', 2);
      const progress: CollectProgress[] = [];
      const state = await collectOrgState(conn, { level: 'L3', policy: DEFAULT_POLICY, onProgress: (e) => progress.push(e) });
      expect(state.teams.ok).toBe(true);
      expect(client.stats.connectionRetries).toBe(2);
      expect(progress.at(-1)?.connectionRetries).toBe(2);
    } finally {
      await h.sim.close();
    }
  });
});


describe('collectOrgState under rate limits', () => {
  it('still reads every part (the client follows the rate-limit headers)', async () => {
    const h = await startDemo({ rateLimit: { perSecond: 10, concurrent: 3 } });
    try {
      const state = await collectOrgState(h.conn, { level: 'L3', policy: DEFAULT_POLICY });
      for (const k of ['org', 'members', 'memberDetails', 'teams', 'projects', 'auditLog', 'spikeProtection'] as const) expect(state[k].ok, k).toBe(true);
      for (const p of [...Object.values(state.keys), ...Object.values(state.filters)]) expect(p.ok).toBe(true);
    } finally {
      await h.sim.close();
    }
  });
});
