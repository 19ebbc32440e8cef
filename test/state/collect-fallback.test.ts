// Servers that ignore the `options=` expansion: only then is the project detail GET used.
// The API is the real client over HTTP; only the list's `options` are dropped on the way.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectOrgState } from '../../src/engine/collect.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import { startDemo, type Harness } from './collect-helpers.js';

describe('collectOrgState without the options expansion', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startDemo();
  });
  afterAll(async () => h.sim.close());

  it('falls back to the detail GET when no item carries options', async () => {
    const api = h.conn.api;
    const conn = { ...h.conn, api: { ...api, listProjects: async (org: string, o?: { options?: readonly string[] }) => (await api.listProjects(org, o)).map(({ options: _o, ...p }) => p) } };
    h.sim.stats.reset();
    const state = await collectOrgState(conn, { level: 'L2', policy: DEFAULT_POLICY, checkIds: new Set(['3.1.6', '3.2.2', '3.3.4']) });
    expect(state.projects.ok).toBe(true);
    const projects = state.projects.ok ? state.projects.value : [];
    expect(projects).toHaveLength(12);
    expect(projects.find((p) => p.slug === 'worker')?.safeFields).toEqual(['user.email']);
    expect(projects.find((p) => p.slug === 'api-prod')?.blockedIps).toEqual(['10.0.0.0/8', '203.0.113.7']);
    expect(projects.find((p) => p.slug === 'marketing-site')?.allowedDomains).toEqual(['https://www.acme.example', 'https://acme.example']);
    expect(projects.find((p) => p.slug === 'web-app')?.spikeProtectionDisabled).toBe(true);
    expect(h.sim.stats.byRoute.get('GET /api/0/projects/{org}/{project}/')).toBe(12);
  });

  it('refuses to guess when only some items lack options (no access): an error naming them', async () => {
    const api = h.conn.api;
    const conn = {
      ...h.conn,
      api: { ...api, listProjects: async (org: string, o?: { options?: readonly string[] }) => (await api.listProjects(org, o)).map((p) => (p.slug === 'worker' ? { ...p, options: undefined } : p)) },
    };
    h.sim.stats.reset();
    const state = await collectOrgState(conn, { level: 'L2', policy: DEFAULT_POLICY, checkIds: new Set(['3.1.6']) });
    expect(state.projects).toMatchObject({ ok: false, kind: 'error' });
    expect(!state.projects.ok && state.projects.reason).toMatch(/worker/);
    expect(h.sim.stats.byRoute.get('GET /api/0/projects/{org}/{project}/')).toBeUndefined();
  });
});
