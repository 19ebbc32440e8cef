// Ported from getsentry/sentry tests/sentry/core/endpoints/test_organization_teams.py
// (GET organizations/{org}/teams/). Team creation (POST) is not served by the simulator.

import { describe, expect, it } from 'vitest';
import { ORG, call, person, sim, team } from './parity.js';

const F = 'test_organization_teams.py';
const LIST = `${ORG}/teams/`;

describe(`${F} OrganizationTeamsListTest`, () => {
  it(`${F}::OrganizationTeamsListTest.test_simple`, async () => {
    const s = await sim();
    const p = person(s, { teams: [['frontend', null]] });
    const r = await call(s, 'GET', LIST, { token: p.token });
    expect(r.status).toBe(200);
    expect(r.body.map((t: { slug: string }) => t.slug)).toEqual([...s.state.teams.keys()].sort());
    expect(r.body.find((t: { slug: string }) => t.slug === 'frontend').isMember).toBe(true);
    expect(r.body.find((t: { slug: string }) => t.slug === 'backend').isMember).toBe(false);
  });

  it(`${F}::OrganizationTeamsListTest.test_simple_results_no_projects`, async () => {
    const s = await sim();
    const r = await call(s, 'GET', `${LIST}?detailed=0`);
    expect(r.body.every((t: object) => !('projects' in t))).toBe(true);
  });

  it(`${F}::OrganizationTeamsListTest.test_search`, async () => {
    const s = await sim();
    const bar = team(s);
    const r = await call(s, 'GET', `${LIST}?query=${bar}`);
    expect(r.body.map((t: { slug: string }) => t.slug)).toEqual([bar]);
    expect((await call(s, 'GET', `${LIST}?query=baz`)).body).toEqual([]);
    // the free text also matches the name
    expect((await call(s, 'GET', `${LIST}?query=Back`)).body.map((t: { slug: string }) => t.slug)).toEqual(['backend']);
  });

  it(`${F}::OrganizationTeamsListTest.test_has_external_teams_query (no external teams)`, async () => {
    const s = await sim();
    expect((await call(s, 'GET', `${LIST}?query=hasExternalTeams:true`)).body).toEqual([]);
  });

  it(`${F}::OrganizationTeamsListTest.test_query_by_slug`, async () => {
    const s = await sim();
    expect((await call(s, 'GET', `${LIST}?query=slug:backend`)).body).toHaveLength(1);
    expect((await call(s, 'GET', `${LIST}?query=slug:backend+slug:data`)).body).toHaveLength(2);
  });

  it(`${F}::OrganizationTeamsListTest.test_query_by_id`, async () => {
    const s = await sim();
    const bad = await call(s, 'GET', `${LIST}?query=id:undefined`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ detail: 'Invalid id value' });
    const [a, b] = [s.state.teams.get('backend')!.id, s.state.teams.get('data')!.id];
    expect((await call(s, 'GET', `${LIST}?query=id:${a}`)).body).toHaveLength(1);
    expect((await call(s, 'GET', `${LIST}?query=id:${a}+id:${b}`)).body).toHaveLength(2);
  });

  it(`${F} (unknown query keys give an empty list)`, async () => {
    const s = await sim();
    expect((await call(s, 'GET', `${LIST}?query=bogus:1`)).body).toEqual([]);
  });
});
