import { describe, expect, it } from 'vitest';
import { buildLargeState } from '../../src/simulator/seed-large.js';
import { call, sim, walk } from './helpers.js';

describe('large seed', () => {
  it('builds 1,000 projects / 5,000 members / 2,000 keys fast and deterministically', async () => {
    const t0 = Date.now();
    const a = buildLargeState({ projects: 1000, members: 5000, keysPerProject: 2 }, 1_800_000_000_000);
    expect(Date.now() - t0).toBeLessThan(3000);
    const b = buildLargeState({ projects: 1000, members: 5000, keysPerProject: 2 }, 1_800_000_000_000);
    expect(a.projects.size).toBe(1000);
    expect(a.keys.size).toBe(2000);
    expect(a.members.size).toBe(5002); // + 2 invitations
    expect([...a.keys.keys()]).toEqual([...b.keys.keys()]);
    expect([...a.tokens.keys()]).toEqual([...b.tokens.keys()]);
  });

  it('serves the whole org over HTTP with pagination', async () => {
    const s = await sim({ seed: 'large', projects: 1000, members: 5000, keysPerProject: 2 });
    const t0 = Date.now();
    const members = await walk(s, `/api/0/organizations/${s.org}/members/`);
    // 5,002 rows minus the 44 deactivated users (i % 113 === 0), which Sentry does not list
    expect(members.items).toHaveLength(5002 - 44);
    expect(members.pages).toBe(50);
    const projects = await walk(s, `/api/0/organizations/${s.org}/projects/?options=sentry:origins&options=quotas:spike-protection-disabled`);
    expect(projects.items).toHaveLength(1000);
    expect(Date.now() - t0).toBeLessThan(10_000);
    const me = await call(s, 'GET', '/api/0/');
    expect(me.body.user.has2fa).toBe(true);
    const keys = await walk(s, `/api/0/projects/${s.org}/${projects.items[0].slug}/keys/`);
    expect(keys.items).toHaveLength(2);
  });
});
