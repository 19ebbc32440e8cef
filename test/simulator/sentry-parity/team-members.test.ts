// Ported from getsentry/sentry tests/sentry/core/endpoints/test_team_members.py
// (GET teams/{org}/{team}/members/, src/sentry/core/endpoints/team_members.py): the list the
// tool reads to find team admins (teamRole).

import { describe, expect, it } from 'vitest';
import { call, invitation, person, sim, team } from './parity.js';

const F = 'test_team_members.py';

describe(`${F} TeamMembersTest`, () => {
  it(`${F}::TeamMembersTest.test_simple / test_team_members_list_includes_roles`, async () => {
    const s = await sim();
    const t = team(s);
    person(s, { teams: [] });
    const onTeam = person(s, { teams: [[t, null]] });
    const r = await call(s, 'GET', `/api/0/teams/acme/${t}/members/`);
    expect(r.status).toBe(200);
    expect(r.body.map((m: { id: string }) => m.id)).toEqual([onTeam.member.id]);
    expect(r.body[0].teamRole).toBe(null);
    expect(r.body[0].teamSlug).toBe(t);
  });

  it(`${F}::TeamMembersTest.test_team_members_list_does_not_include_invite_requests`, async () => {
    const s = await sim();
    const t = team(s);
    const onTeam = person(s, { teams: [[t, null]] });
    const pending = invitation(s, { teams: [[t, null]] });
    invitation(s, { teams: [[t, null]], status: 'requested_to_be_invited' });
    invitation(s, { teams: [[t, null]], status: 'requested_to_join' });
    const r = await call(s, 'GET', `/api/0/teams/acme/${t}/members/`);
    expect(r.body.map((m: { id: string }) => m.id)).toEqual([pending.id, onTeam.member.id]);
  });

  it(`${F}::TeamMembersTest.test_team_members_list_does_not_include_inactive_users`, async () => {
    const s = await sim();
    const t = team(s);
    const active = person(s, { teams: [[t, null]] });
    const inactive = person(s, { teams: [[t, null]] });
    inactive.user.isActive = false;
    const r = await call(s, 'GET', `/api/0/teams/acme/${t}/members/`);
    expect(r.body.map((m: { id: string }) => m.id)).toEqual([active.member.id]);
  });

  it('a team admin shows teamRole "admin" (DetailedOrganizationMemberTeamSerializer: obj.role)', async () => {
    const s = await sim();
    const t = team(s);
    const admin = person(s, { teams: [[t, 'admin']] });
    const r = await call(s, 'GET', `/api/0/teams/acme/${t}/members/`);
    expect(r.body.find((m: { id: string }) => m.id === admin.member.id).teamRole).toBe('admin');
  });
});
