// Ported from getsentry/sentry tests/sentry/core/endpoints/test_organization_member_index.py
// (GET and POST organizations/{org}/members/). Sentry's fixtures start from an org with two
// members; here the demo org has 29 listed rows, so list tests look for their own people.

import { describe, expect, it } from 'vitest';
import { ORG, call, invitation, lastAudit, person, sim, team } from './parity.js';

const F = 'test_organization_member_index.py';
const LIST = `${ORG}/members/`;
const q = (query: string) => `${LIST}?query=${encodeURIComponent(query)}&per_page=100`;
const ids = (body: { id: string }[]) => body.map((m) => m.id);

describe(`${F} OrganizationMemberListTest`, () => {
  it(`${F}::OrganizationMemberListTest.test_simple`, async () => {
    const s = await sim();
    const p = person(s);
    const r = await call(s, 'GET', `${LIST}?per_page=100`);
    expect(r.status).toBe(200);
    expect(ids(r.body)).toContain(p.member.id);
    const me = r.body.find((m: { id: string }) => m.id === '1010');
    expect(me).toMatchObject({ email: 'alex@acme.example', pending: false, expired: false });
  });

  it(`${F}::OrganizationMemberListTest.test_handles_deleted_user (inactive users are not listed)`, async () => {
    const s = await sim();
    const p = person(s);
    p.user.isActive = false;
    expect(ids((await call(s, 'GET', `${LIST}?per_page=100`)).body)).not.toContain(p.member.id);
  });

  it(`${F}::OrganizationMemberListTest.test_empty_query`, async () => {
    const s = await sim();
    expect((await call(s, 'GET', q(''))).body).toHaveLength((await call(s, 'GET', `${LIST}?per_page=100`)).body.length);
  });

  it(`${F}::OrganizationMemberListTest.test_query`, async () => {
    const s = await sim();
    const r = await call(s, 'GET', q('ivy'));
    expect(r.body.map((m: { email: string }) => m.email)).toEqual(['ivy@acme.example']);
  });

  it(`${F}::OrganizationMemberListTest.test_id_query`, async () => {
    const s = await sim();
    const inv = invitation(s);
    expect(ids((await call(s, 'GET', q(`id:${inv.id}`))).body)).toEqual([inv.id]);
  });

  it(`${F}::OrganizationMemberListTest.test_id_query_with_invalid_value`, async () => {
    const s = await sim();
    expect((await call(s, 'GET', q('id:not-a-number'))).body).toEqual([]);
  });

  it(`${F}::OrganizationMemberListTest.test_user_id_query`, async () => {
    const s = await sim();
    const p = person(s);
    expect(ids((await call(s, 'GET', q(`user.id:${p.user.id}`))).body)).toEqual([p.member.id]);
  });

  it(`${F}::OrganizationMemberListTest.test_user_id_query_with_invalid_value`, async () => {
    const s = await sim();
    expect((await call(s, 'GET', q('user.id:undefined'))).body).toEqual([]);
  });

  it(`${F}::OrganizationMemberListTest.test_query_null_user`, async () => {
    const s = await sim();
    const inv = invitation(s);
    expect(ids((await call(s, 'GET', q(inv.email.slice(0, 8)))).body)).toEqual([inv.id]);
  });

  it(`${F}::OrganizationMemberListTest.test_email_query`, async () => {
    const s = await sim();
    expect(ids((await call(s, 'GET', q('alex@acme.example'))).body)).toEqual(['1010']);
    expect(ids((await call(s, 'GET', q('email:alex@acme.example'))).body)).toEqual(['1010']);
  });

  it(`${F}::OrganizationMemberListTest.test_scope_query`, async () => {
    const s = await sim();
    expect((await call(s, 'GET', q('scope:"invalid:scope"'))).body).toEqual([]);
    const owners = (await call(s, 'GET', q('scope:"org:admin"'))).body;
    expect(owners.length).toBeGreaterThan(0);
    expect(owners.every((m: { orgRole: string }) => m.orgRole === 'owner')).toBe(true);
  });

  it(`${F}::OrganizationMemberListTest.test_role_query`, async () => {
    const s = await sim();
    const members = (await call(s, 'GET', q('role:member'))).body;
    expect(members.length).toBeGreaterThan(0);
    expect(members.every((m: { orgRole: string }) => m.orgRole === 'member')).toBe(true);
    const owners = (await call(s, 'GET', q('role:owner'))).body;
    expect(owners.every((m: { orgRole: string }) => m.orgRole === 'owner')).toBe(true);
    // a repeated key: either value (tokenize_query collects both)
    expect((await call(s, 'GET', q('role:member role:owner'))).body).toHaveLength(members.length + owners.length);
  });

  it(`${F}::OrganizationMemberListTest.test_is_invited_query`, async () => {
    const s = await sim();
    const invited = (await call(s, 'GET', q('isInvited:true'))).body;
    expect(invited.every((m: { pending: boolean }) => m.pending)).toBe(true);
    const inv = invitation(s);
    expect(ids((await call(s, 'GET', q('isInvited:true'))).body)).toContain(inv.id);
    const notInvited = (await call(s, 'GET', q('isInvited:false'))).body;
    expect(notInvited.every((m: { user: unknown }) => m.user !== null)).toBe(true);
  });

  it(`${F}::OrganizationMemberListTest.test_sso_linked_query`, async () => {
    const s = await sim();
    expect((await call(s, 'GET', q('ssoLinked:true'))).body).toEqual([]);
    const p = person(s, { flags: { 'sso:linked': true } });
    const linked = (await call(s, 'GET', q('ssoLinked:true'))).body;
    expect(ids(linked)).toEqual([p.member.id]);
    expect(ids((await call(s, 'GET', q('ssoLinked:false'))).body)).not.toContain(p.member.id);
  });

  it(`${F}::OrganizationMemberListTest.test_2fa_enabled_query`, async () => {
    const s = await sim();
    const no2fa = person(s, { twofa: [] });
    const with2fa = person(s, { twofa: ['totp', 'u2f'] });
    const yes = ids((await call(s, 'GET', q('has2fa:true'))).body);
    expect(yes).toContain(with2fa.member.id);
    expect(yes.filter((id) => id === with2fa.member.id)).toHaveLength(1); // distinct
    expect(yes).not.toContain(no2fa.member.id);
    expect(ids((await call(s, 'GET', q('has2fa:false'))).body)).toContain(no2fa.member.id);
  });

  it(`${F}::OrganizationMemberListTest.test_has_external_users_query (no external users)`, async () => {
    const s = await sim();
    expect((await call(s, 'GET', q('hasExternalUsers:true'))).body).toEqual([]);
    expect((await call(s, 'GET', q('hasExternalUsers:false'))).body.length).toBeGreaterThan(0);
  });

  it(`${F}::OrganizationMemberListTest.test_cannot_get_unapproved_invites`, async () => {
    const s = await sim();
    const join = invitation(s, { status: 'requested_to_join' });
    const request = invitation(s, { status: 'requested_to_be_invited' });
    const all = ids((await call(s, 'GET', `${LIST}?per_page=100`)).body);
    expect(all).not.toContain(join.id);
    expect(all).not.toContain(request.id);
    expect((await call(s, 'GET', q(`email:${join.email}`))).body).toEqual([]);
    expect((await call(s, 'GET', q(`email:${request.email}`))).body).toEqual([]);
  });

  it(`${F}::OrganizationMemberListTest.test_does_not_include_secondary_emails`, async () => {
    const s = await sim();
    const p = person(s);
    const row = (await call(s, 'GET', `${LIST}?per_page=100`)).body.find((m: { id: string }) => m.id === p.member.id);
    expect(row.email).toBe(p.user.email);
    expect('emails' in row.user).toBe(false);
  });

  it(`${F}::OrganizationMemberListTest.test_owner_invites`, async () => {
    const s = await sim();
    const r = await call(s, 'POST', LIST, { body: { email: 'eric@localhost', role: 'owner', teams: ['backend'] } });
    expect(r.status).toBe(201);
    expect(r.body.email).toBe('eric@localhost');
  });

  it(`${F}::OrganizationMemberListTest.test_valid_for_invites`, async () => {
    const s = await sim();
    const r = await call(s, 'POST', LIST, { body: { email: 'foo@example.com', orgRole: 'manager', teams: ['backend'] } });
    expect(r.status).toBe(201);
    const m = s.state.members.get(r.body.id)!;
    expect(m).toMatchObject({ userId: null, orgRole: 'manager' });
    expect([...m.teamRoles.keys()]).toEqual(['backend']);
  });

  it(`${F}::OrganizationMemberListTest.test_existing_user_for_invite`, async () => {
    const s = await sim();
    const p = person(s);
    const r = await call(s, 'POST', LIST, { body: { email: p.user.email, role: 'member', teams: ['backend'] } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ email: [`The user ${p.user.email} is already a member`] });
    expect(p.member.orgRole).toBe('member');
  });

  it(`${F}::OrganizationMemberListTest.test_cannot_invite_when_already_invited`, async () => {
    const s = await sim();
    const inv = invitation(s);
    const r = await call(s, 'POST', LIST, { body: { email: inv.email, role: 'member', teams: ['backend'] } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ email: [`The user ${inv.email} has already been invited`] });
  });

  it(`${F}::OrganizationMemberListTest.test_cannot_invite_retired_role_with_flag`, async () => {
    const s = await sim();
    const r = await call(s, 'POST', LIST, { body: { email: 'baz@example.com', role: 'admin', teams: ['backend'] } });
    expect(r.status).toBe(400);
    expect(r.body.role[0]).toBe("The role 'admin' is deprecated and may no longer be assigned.");
  });

  it(`${F}::OrganizationMemberListTest.test_can_invite_retired_role_without_flag`, async () => {
    const s = await sim();
    s.state.org.features = s.state.org.features.filter((f) => f !== 'team-roles');
    expect((await call(s, 'POST', LIST, { body: { email: 'baz@example.com', role: 'admin', teams: ['backend'] } })).status).toBe(201);
  });
});

describe(`${F} OrganizationMemberPermissionRoleTest`, () => {
  /** invite_all_helper: who may invite which role, with member invites off and on */
  async function inviteAll(role: string, expectOff: Record<string, number>, expectOn: Record<string, number>) {
    const s = await sim();
    const p = person(s, { role });
    for (const [allow, table] of [[false, expectOff], [true, expectOn]] as const) {
      s.state.org.allowMemberInvite = allow;
      for (const invite of ['owner', 'manager', 'member']) {
        const body = { email: `${invite}_${allow}@localhost`, role: invite, teamRoles: [{ teamSlug: 'backend', role: 'contributor' }] };
        const r = await call(s, 'POST', LIST, { token: p.token, body });
        expect(`${role} invites ${invite} (invites ${allow ? 'on' : 'off'}): ${r.status}`).toBe(`${role} invites ${invite} (invites ${allow ? 'on' : 'off'}): ${table[invite]}`);
      }
    }
  }

  it(`${F}::OrganizationMemberPermissionRoleTest.test_owner_invites`, async () => {
    await inviteAll('owner', { owner: 201, manager: 201, member: 201 }, { owner: 201, manager: 201, member: 201 });
  });

  it(`${F}::OrganizationMemberPermissionRoleTest.test_manager_invites`, async () => {
    await inviteAll('manager', { owner: 400, manager: 201, member: 201 }, { owner: 400, manager: 201, member: 201 });
  });

  it(`${F}::OrganizationMemberPermissionRoleTest.test_admin_invites (invite_all_helper)`, async () => {
    await inviteAll('admin', { owner: 403, manager: 403, member: 403 }, { owner: 400, manager: 400, member: 201 });
  });

  it(`${F}::OrganizationMemberPermissionRoleTest.test_member_invites (invite_all_helper)`, async () => {
    await inviteAll('member', { owner: 403, manager: 403, member: 403 }, { owner: 400, manager: 400, member: 201 });
  });

  /** invite_to_other_team_helper */
  for (const role of ['admin', 'member']) {
    it(`${F}::OrganizationMemberPermissionRoleTest.test_${role}_invites (invite_to_other_team_helper)`, async () => {
      const s = await sim();
      const mine = team(s);
      const other = team(s);
      const p = person(s, { role, teams: [[mine, null]] });
      let n = 0;
      const post = (slug: string, useTeamRoles = true) =>
        call(s, 'POST', LIST, {
          token: p.token,
          body: { email: `foo${(n += 1)}@localhost`, role: 'member', ...(useTeamRoles ? { teamRoles: [{ teamSlug: slug, role: 'contributor' }] } : { teams: [slug] }) },
        });
      s.state.org.allowMemberInvite = false;
      for (const open of [true, false]) {
        s.state.org.openMembership = open;
        const r = await post(mine);
        expect(r.status).toBe(403);
        expect(r.body.detail).toBe('You do not have permission to perform this action.');
      }
      // closed membership, invites on: only to the inviter's own teams
      s.state.org.openMembership = false;
      s.state.org.allowMemberInvite = true;
      expect((await post(mine)).status).toBe(201);
      const refused = await post(other);
      expect(refused.status).toBe(400);
      expect(refused.body.detail).toBe('You cannot assign members to teams you are not a member of.');
      expect((await post(mine, false)).status).toBe(201);
      expect((await post(other, false)).status).toBe(400);
      // open membership: any team
      s.state.org.openMembership = true;
      for (const args of [[mine, true], [other, true], [mine, false], [other, false]] as const) expect((await post(args[0], args[1])).status).toBe(201);
    });
  }

  it(`${F}::OrganizationMemberPermissionRoleTest.test_respects_feature_flag`, async () => {
    const s = await sim();
    s.state.org.features = s.state.org.features.filter((f) => f !== 'invite-members');
    const r = await call(s, 'POST', LIST, { body: { email: 'baz@example.com', role: 'member', teams: ['backend'] } });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ organization: 'Your organization is not allowed to invite members' });
  });

  for (const status of ['requested_to_be_invited', 'requested_to_join']) {
    const name = status === 'requested_to_join' ? 'test_can_invite_member_with_pending_join_request' : 'test_can_invite_member_with_pending_invite_request';
    it(`${F}::OrganizationMemberPermissionRoleTest.${name}`, async () => {
      const s = await sim();
      const request = invitation(s, { status });
      const r = await call(s, 'POST', LIST, { body: { email: request.email, role: 'member', teams: ['backend'] } });
      expect(r.status).toBe(201);
      expect(s.state.members.has(request.id)).toBe(false);
      expect(s.state.members.get(r.body.id)).toMatchObject({ email: request.email, inviteStatus: 'approved' });
    });
  }

  it(`${F}::OrganizationMemberPermissionRoleTest.test_no_team_invites`, async () => {
    const s = await sim();
    const r = await call(s, 'POST', LIST, { body: { email: 'eric@localhost', role: 'owner', teams: [] } });
    expect(r.status).toBe(201);
    expect(r.body.email).toBe('eric@localhost');
  });
});

describe(`${F} OrganizationMemberListPostTest`, () => {
  it(`${F}::OrganizationMemberListPostTest.test_forbid_qq`, async () => {
    const s = await sim();
    const before = s.state.members.size;
    const r = await call(s, 'POST', LIST, { body: { email: '1234@qq.com', role: 'member', teams: ['backend'] } });
    expect(r.status).toBe(400);
    expect(r.body.email[0]).toBe('Enter a valid email address.');
    expect(s.state.members.size).toBe(before);
  });

  it(`${F}::OrganizationMemberListPostTest.test_simple`, async () => {
    const s = await sim();
    const r = await call(s, 'POST', LIST, { body: { email: 'jane@gmail.com', role: 'member', teams: ['backend'] } });
    expect(r.status).toBe(201);
    const m = s.state.members.get(r.body.id)!;
    expect(m).toMatchObject({ userId: null, email: 'jane@gmail.com', orgRole: 'member', inviterId: '101' });
    expect([...m.teamRoles.keys()]).toEqual(['backend']);
    expect(lastAudit(s, 'member.invite')).toMatchObject({ targetObject: Number(r.body.id), data: { email: 'jane@gmail.com' } });
  });

  it(`${F}::OrganizationMemberListPostTest.test_no_teams`, async () => {
    const s = await sim();
    const r = await call(s, 'POST', LIST, { body: { email: 'jane@gmail.com', role: 'member' } });
    expect(r.status).toBe(201);
    expect(s.state.members.get(r.body.id)!.teamRoles.size).toBe(0);
  });

  it(`${F}::OrganizationMemberListPostTest.test_no_email (sendInvite false still invites)`, async () => {
    const s = await sim();
    const r = await call(s, 'POST', LIST, { body: { email: 'jane@gmail.com', role: 'member', teams: ['backend'], sendInvite: false } });
    expect(r.status).toBe(201);
    expect(s.state.members.get(r.body.id)!.orgRole).toBe('member');
  });

  // OrganizationMemberRequestSerializerTest.test_gets_team_objects + "Do not set team-roles when
  // inviting members" (organization_member_index.py post): the invitation keeps the teams only.
  it(`${F}::OrganizationMemberRequestSerializerTest.test_gets_team_objects (team roles not stored on invite)`, async () => {
    const s = await sim();
    const r = await call(s, 'POST', LIST, { body: { email: 'eric@localhost', orgRole: 'member', teamRoles: [{ teamSlug: 'backend', role: 'admin' }] } });
    expect(r.status).toBe(201);
    expect([...s.state.members.get(r.body.id)!.teamRoles]).toEqual([['backend', null]]);
  });

  it(`${F}::OrganizationMemberRequestSerializerTest.test_invalid_team_invites`, async () => {
    const s = await sim();
    const r = await call(s, 'POST', LIST, { body: { email: 'eric@localhost', orgRole: 'member', teams: ['faketeam'] } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ teams: ['Invalid teams'] });
  });

  it(`${F}::OrganizationMemberRequestSerializerTest.test_invalid_org_role`, async () => {
    const s = await sim();
    const p = person(s);
    const r = await call(s, 'POST', LIST, { token: p.token, body: { email: 'eric@localhost', orgRole: 'owner', teamRoles: [] } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ orgRole: ['You do not have permission to set that org-level role'] });
  });

  it(`${F}::OrganizationMemberRequestSerializerTest.test_invalid_team_role`, async () => {
    const s = await sim();
    const r = await call(s, 'POST', LIST, { body: { email: 'eric@localhost', orgRole: 'member', teamRoles: [{ teamSlug: 'backend', role: 'no-such-team-role' }] } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ teamRoles: ['Invalid team-role'] });
  });

  it(`${F}::OrganizationMemberListPostTest.test_cannot_add_to_team_when_team_roles_disabled (billing)`, async () => {
    const s = await sim();
    const r = await call(s, 'POST', LIST, { body: { email: 'eric@localhost', orgRole: 'billing', teamRoles: [{ teamSlug: 'backend', role: null }] } });
    expect(r.status).toBe(400);
    expect(r.body.email).toBe("The user with a 'billing' role cannot have team-level permissions.");
  });
});
