// Ported from getsentry/sentry tests/sentry/core/endpoints/test_organization_member_details.py
// (GET/PUT/DELETE organizations/{org}/members/{member_id}/). The caller is the demo owner unless
// a test logs in as someone else (a person with their own user token).

import { describe, expect, it } from 'vitest';
import { ORG, call, invitation, lastAudit, person, sim, team } from './parity.js';

const F = 'test_organization_member_details.py';
const url = (id: string) => `${ORG}/members/${id}/`;

describe(`${F} GetOrganizationMemberTest`, () => {
  it(`${F}::GetOrganizationMemberTest.test_me`, async () => {
    const s = await sim();
    const r = await call(s, 'GET', url('me'));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ role: 'owner', orgRole: 'owner', email: 'alex@acme.example', user: { id: '101' } });
  });

  it(`${F}::GetOrganizationMemberTest.test_get_by_id`, async () => {
    const s = await sim();
    const p = person(s);
    const r = await call(s, 'GET', url(p.member.id), { token: p.token });
    expect(r.body).toMatchObject({ role: 'member', orgRole: 'member', id: p.member.id });
  });

  it(`${F}::GetOrganizationMemberTest.test_get_by_garbage`, async () => {
    const s = await sim();
    expect((await call(s, 'GET', url('trash'))).status).toBe(404);
  });

  it(`${F}::GetOrganizationMemberTest.test_cannot_get_unapproved_invite`, async () => {
    const s = await sim();
    const join = invitation(s, { status: 'requested_to_join' });
    const request = invitation(s, { status: 'requested_to_be_invited' });
    expect((await call(s, 'GET', url(join.id))).status).toBe(404);
    expect((await call(s, 'GET', url(request.id))).status).toBe(404);
  });

  it(`${F}::GetOrganizationMemberTest.test_invite_link_does_not_exist`, async () => {
    const s = await sim();
    const inv = invitation(s);
    const r = await call(s, 'GET', url(inv.id));
    expect(r.status).toBe(200);
    expect('invite_link' in r.body).toBe(false);
  });

  it(`${F}::GetOrganizationMemberTest.test_member_cannot_get_invite_link`, async () => {
    const s = await sim();
    const inv = invitation(s);
    const p = person(s);
    const r = await call(s, 'GET', url(inv.id), { token: p.token });
    expect(r.status).toBe(200);
    expect('invite_link' in r.body).toBe(false);
  });

  it(`${F}::GetOrganizationMemberTest.test_get_member_list_teams`, async () => {
    const s = await sim();
    const t = team(s);
    const p = person(s, { teams: [[t, null]] });
    const r = await call(s, 'GET', url(p.member.id));
    expect(r.body.teams).toContain(t);
    expect(r.body.teamRoles[0]).toEqual({ teamSlug: t, role: null });
  });

  it(`${F}::GetOrganizationMemberTest.test_lists_team_roles`, async () => {
    const s = await sim();
    const r = await call(s, 'GET', url('me'));
    expect(r.body.roles).toEqual(r.body.orgRoleList);
    expect(r.body.teamRoleList.map((x: { id: string }) => x.id)).toEqual(['contributor', 'admin']);
  });

  it(`${F}::GetOrganizationMemberTest.test_does_not_include_secondary_emails`, async () => {
    const s = await sim();
    const p = person(s);
    const r = await call(s, 'GET', url(p.member.id));
    expect(r.body.email).toBe(p.user.email);
    expect('emails' in r.body.user).toBe(false);
  });
});

describe(`${F} UpdateOrganizationMemberTest (reinvite)`, () => {
  /** setUp: curr_user and other_user are members, each inviting one person */
  async function setUp() {
    const s = await sim();
    const curr = person(s);
    const other = person(s);
    const currInvite = invitation(s, { inviter: curr.user });
    const otherInvite = invitation(s, { inviter: other.user });
    return { s, curr, other, currInvite, otherInvite };
  }

  it(`${F}::UpdateOrganizationMemberTest.test_invalid_id`, async () => {
    const s = await sim();
    expect((await call(s, 'PUT', url('trash'), { body: { reinvite: 1 } })).status).toBe(404);
  });

  it(`${F}::UpdateOrganizationMemberTest.test_reinvite_pending_member`, async () => {
    const s = await sim();
    const inv = invitation(s);
    const r = await call(s, 'PUT', url(inv.id), { body: { reinvite: 1 } });
    expect(r.status).toBe(200);
    expect(lastAudit(s, 'member.reinvite')).toMatchObject({ targetObject: Number(inv.id), data: { email: inv.email } });
  });

  it(`${F}::UpdateOrganizationMemberTest.test_member_reinvite_pending_member`, async () => {
    const { s, curr, currInvite, otherInvite } = await setUp();
    s.state.org.allowMemberInvite = false;
    for (const inv of [currInvite, otherInvite]) {
      const r = await call(s, 'PUT', url(inv.id), { token: curr.token, body: { reinvite: 1 } });
      expect(r.status).toBe(403);
      expect(r.body.detail).toBe('You do not have permission to perform this action.');
    }
    expect(lastAudit(s, 'member.reinvite')).toBeUndefined();
    s.state.org.allowMemberInvite = true;
    expect((await call(s, 'PUT', url(currInvite.id), { token: curr.token, body: { reinvite: 1 } })).status).toBe(200);
    expect(lastAudit(s, 'member.reinvite')).toMatchObject({ targetObject: Number(currInvite.id) });
    const r = await call(s, 'PUT', url(otherInvite.id), { token: curr.token, body: { reinvite: 1 } });
    expect(r.status).toBe(403);
    expect(r.body.detail).toBe('You cannot modify invitations sent by someone else.');
  });

  it(`${F}::UpdateOrganizationMemberTest.test_member_can_only_reinvite`, async () => {
    const { s, curr, currInvite } = await setUp();
    const foo = team(s);
    for (const allow of [false, true]) {
      s.state.org.allowMemberInvite = allow;
      const r = await call(s, 'PUT', url(currInvite.id), { token: curr.token, body: { teams: [foo] } });
      expect(r.status).toBe(403);
      expect(r.body.detail).toBe('You do not have permission to perform this action.');
    }
    // the member's own invitation keeps its teams
    expect([...currInvite.teamRoles.keys()]).toEqual([]);
  });

  it(`${F}::UpdateOrganizationMemberTest.test_member_cannot_reinvite_non_pending_members`, async () => {
    const { s, curr, other } = await setUp();
    for (const allow of [false, true]) {
      s.state.org.allowMemberInvite = allow;
      const r = await call(s, 'PUT', url(other.member.id), { token: curr.token, body: { reinvite: 1 } });
      expect(r.status).toBe(403);
      expect(r.body.detail).toBe('You do not have permission to perform this action.');
    }
  });

  it(`${F}::UpdateOrganizationMemberTest.test_cannot_reinvite_and_modify_member`, async () => {
    const s = await sim();
    const inv = invitation(s);
    const r = await call(s, 'PUT', url(inv.id), { body: { reinvite: 1, role: 'manager' } });
    expect(r.status).toBe(403);
    expect(r.body.detail).toBe('You cannot modify member details when resending an invitation. Separate requests are required.');
    expect(inv.orgRole).toBe('member');
    expect(lastAudit(s, 'member.reinvite')).toBeUndefined();
  });

  it(`${F}::UpdateOrganizationMemberTest.test_member_details_not_modified_after_reinviting`, async () => {
    const s = await sim();
    const t = team(s);
    const inv = invitation(s, { teams: [[t, null]] });
    const r = await call(s, 'PUT', url(inv.id), { body: { reinvite: 1 } });
    expect(r.status).toBe(200);
    expect(lastAudit(s, 'member.reinvite')).toBeDefined();
    expect(inv.orgRole).toBe('member');
    expect([...inv.teamRoles]).toEqual([[t, null]]);
    expect(r.body.teamRoles).toEqual([{ teamSlug: t, role: null }]);
  });

  it(`${F}::UpdateOrganizationMemberTest.test_member_cannot_regenerate_pending_invite`, async () => {
    const { s, curr, currInvite } = await setUp();
    const inv = invitation(s);
    const other = person(s);
    expect((await call(s, 'PUT', url(inv.id), { token: other.token, body: { reinvite: 1, regenerate: 1 } })).status).toBe(403);
    s.state.org.allowMemberInvite = false;
    const off = await call(s, 'PUT', url(currInvite.id), { token: curr.token, body: { reinvite: 1, regenerate: 1 } });
    expect(off.status).toBe(403);
    expect(off.body.detail).toBe('You do not have permission to perform this action.');
    s.state.org.allowMemberInvite = true;
    const on = await call(s, 'PUT', url(currInvite.id), { token: curr.token, body: { reinvite: 1, regenerate: 1 } });
    expect(on.status).toBe(400);
    expect(on.body.detail).toBe('You are missing the member:admin scope.');
  });

  it(`${F}::UpdateOrganizationMemberTest.test_admin_can_regenerate_pending_invite`, async () => {
    const s = await sim();
    const inv = invitation(s);
    const r = await call(s, 'PUT', url(inv.id), { body: { reinvite: 1, regenerate: 1 } });
    expect(r.status).toBe(200);
    expect('invite_link' in r.body).toBe(false);
  });

  it(`${F}::UpdateOrganizationMemberTest.test_reinvite_invite_expired_member`, async () => {
    const s = await sim();
    const inv = invitation(s, { expired: true });
    const r = await call(s, 'PUT', url(inv.id), { body: { reinvite: 1 } });
    expect(r.status).toBe(400);
    expect(r.body.detail).toBe('You cannot resend an expired invitation without regenerating the token.');
    expect(inv.expired).toBe(true);
    expect(lastAudit(s, 'member.reinvite')).toBeUndefined();
  });

  it(`${F}::UpdateOrganizationMemberTest.test_regenerate_invite_expired_member`, async () => {
    const s = await sim();
    const inv = invitation(s, { expired: true });
    expect((await call(s, 'PUT', url(inv.id), { body: { reinvite: 1, regenerate: 1 } })).status).toBe(200);
    expect(inv.expired).toBe(false);
  });

  it(`${F}::UpdateOrganizationMemberTest.test_cannot_reinvite_unapproved_invite`, async () => {
    const s = await sim();
    const join = invitation(s, { status: 'requested_to_join' });
    expect((await call(s, 'PUT', url(join.id), { body: { reinvite: 1 } })).status).toBe(404);
  });

  it(`${F}::UpdateOrganizationMemberTest.test_cannot_regenerate_unapproved_invite`, async () => {
    const s = await sim();
    const join = invitation(s, { status: 'requested_to_join' });
    expect((await call(s, 'PUT', url(join.id), { body: { reinvite: 1, regenerate: 1 } })).status).toBe(404);
  });

  it(`${F}::UpdateOrganizationMemberTest.test_reinvite_sso_link`, async () => {
    const s = await sim();
    const p = person(s);
    s.state.org.authProvider = { id: '1', provider_name: 'dummy', pending_links_count: 0, login_url: '', default_role: 'member', require_link: true, scim_enabled: false };
    const r = await call(s, 'PUT', url(p.member.id), { body: { reinvite: 1 } });
    expect(r.status).toBe(200);
    expect(lastAudit(s, 'member.reinvite')).toMatchObject({ targetObject: Number(p.member.id), targetUser: { id: p.user.id } });
  });

  it(`${F}::UpdateOrganizationMemberTest.test_cannot_reinvite_normal_member`, async () => {
    const s = await sim();
    const p = person(s);
    const r = await call(s, 'PUT', url(p.member.id), { body: { reinvite: 1 } });
    expect(r.status).toBe(400);
    expect(r.body.detail).toBe('You cannot send an invitation to a user who is already a full member.');
  });

  it(`${F}::UpdateOrganizationMemberTest.test_on_role_change_not_called_when_reinviting`, async () => {
    const s = await sim();
    const inv = invitation(s);
    const edits = () => s.state.auditLog.filter((e) => e.event === 'member.edit').length;
    const before = edits();
    expect((await call(s, 'PUT', url(inv.id), { body: { reinvite: 1 } })).status).toBe(200);
    expect(edits()).toBe(before);
  });
});

describe(`${F} UpdateOrganizationMemberTest (roles and teams)`, () => {
  it(`${F}::UpdateOrganizationMemberTest.test_can_update_member_membership`, async () => {
    const s = await sim();
    const p = person(s);
    expect((await call(s, 'PUT', url(p.member.id), { body: { role: 'manager' } })).status).toBe(200);
    expect(p.member.orgRole).toBe('manager');
  });

  it(`${F}::UpdateOrganizationMemberTest.test_cannot_update_own_membership`, async () => {
    const s = await sim();
    expect((await call(s, 'PUT', url('1010'), { body: { role: 'manager' } })).status).toBe(400);
    expect(s.state.members.get('1010')!.orgRole).toBe('owner');
  });

  it(`${F}::UpdateOrganizationMemberTest.test_can_update_teams`, async () => {
    const s = await sim();
    const [foo, bar] = [team(s), team(s)];
    const p = person(s);
    expect((await call(s, 'PUT', url(p.member.id), { body: { teams: [foo, bar] } })).status).toBe(200);
    expect([...p.member.teamRoles.keys()].sort()).toEqual([foo, bar].sort());
  });

  it(`${F}::UpdateOrganizationMemberTest.test_can_update_teams_using_teamRoles`, async () => {
    const s = await sim();
    const [foo, bar] = [team(s), team(s)];
    const p = person(s);
    const body = { teamRoles: [{ teamSlug: foo, role: null }, { teamSlug: bar, role: null }] };
    expect((await call(s, 'PUT', url(p.member.id), { body })).status).toBe(200);
    expect([...p.member.teamRoles.keys()].sort()).toEqual([foo, bar].sort());
  });

  it(`${F}::UpdateOrganizationMemberTest.test_cannot_update_with_invalid_team`, async () => {
    const s = await sim();
    const p = person(s);
    const r = await call(s, 'PUT', url(p.member.id), { body: { teams: ['invalid'] } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ teams: ['Invalid teams'] });
    expect(p.member.teamRoles.size).toBe(0);
  });

  it(`${F}::UpdateOrganizationMemberTest.test_can_update_org_role`, async () => {
    const s = await sim();
    const p = person(s);
    expect((await call(s, 'PUT', url(p.member.id), { body: { role: 'manager' } })).status).toBe(200);
    expect(p.member.orgRole).toBe('manager');
    expect(lastAudit(s, 'member.edit')).toMatchObject({ data: { role: 'manager' } });
  });

  it(`${F}::UpdateOrganizationMemberTest.test_can_update_team_role`, async () => {
    const s = await sim();
    const foo = team(s);
    const p = person(s, { teams: [[foo, null]] });
    await call(s, 'PUT', url(p.member.id), { body: { teamRoles: [{ teamSlug: foo, role: 'admin' }] } });
    expect(p.member.teamRoles.get(foo)).toBe('admin');
    await call(s, 'PUT', url(p.member.id), { body: { teamRoles: [{ teamSlug: foo, role: null }] } });
    expect(p.member.teamRoles.get(foo)).toBeNull();
  });

  it(`${F}::UpdateOrganizationMemberTest.test_cannot_update_with_invalid_role`, async () => {
    const s = await sim();
    const p = person(s);
    const r = await call(s, 'PUT', url(p.member.id), { body: { role: 'invalid' } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ role: ['"invalid" is not a valid choice.'] });
    expect(p.member.orgRole).toBe('member');
  });

  it(`${F}::UpdateOrganizationMemberTest.test_can_update_from_retired_role_with_flag`, async () => {
    const s = await sim(); // the demo org has the team-roles feature
    const p = person(s, { role: 'admin' });
    expect((await call(s, 'PUT', url(p.member.id), { body: { role: 'member' } })).status).toBe(200);
    expect(p.member.orgRole).toBe('member');
  });

  it(`${F}::UpdateOrganizationMemberTest.test_cannot_update_to_retired_role_with_flag`, async () => {
    const s = await sim();
    const p = person(s);
    const r = await call(s, 'PUT', url(p.member.id), { body: { role: 'admin' } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ detail: "The role 'admin' is deprecated and may no longer be assigned." });
    expect(p.member.orgRole).toBe('member');
  });

  it(`${F}::UpdateOrganizationMemberTest.test_can_update_to_retired_role_without_flag`, async () => {
    const s = await sim();
    s.state.org.features = s.state.org.features.filter((f) => f !== 'team-roles');
    const p = person(s);
    expect((await call(s, 'PUT', url(p.member.id), { body: { role: 'admin' } })).status).toBe(200);
    expect(p.member.orgRole).toBe('admin');
  });

  it(`${F}::UpdateOrganizationMemberTest.test_cannot_lower_superior_role`, async () => {
    const s = await sim();
    const owner = person(s, { role: 'owner' });
    const manager = person(s, { role: 'manager' });
    const r = await call(s, 'PUT', url(owner.member.id), { token: manager.token, body: { role: 'member' } });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ role: 'You do not have permission to assign a role to the given user.' });
    expect(owner.member.orgRole).toBe('owner');
  });

  it(`${F}::UpdateOrganizationMemberTest.test_cannot_update_partnership_member`, async () => {
    const s = await sim();
    const p = person(s, { flags: { 'partnership:restricted': true } });
    const r = await call(s, 'PUT', url(p.member.id), { body: {} });
    expect(r.status).toBe(403);
    expect(r.body.detail).toBe('This member is managed by an active partnership and cannot be modified until the end of the partnership.');
  });

  // Sentry mocks the member role to refuse team roles; the simulator's role without team roles
  // is billing, so the billing role stands in for the mocked member role.
  it(`${F}::UpdateOrganizationMemberTest.test_cannot_add_to_team_when_team_roles_disabled (billing)`, async () => {
    const s = await sim();
    const t = team(s);
    const p = person(s, { role: 'billing' });
    const r = await call(s, 'PUT', url(p.member.id), { body: { teamRoles: [{ teamSlug: t, role: null }] } });
    expect(r.status).toBe(400);
    expect(r.body.detail).toBe("The user with a 'billing' role cannot have team-level permissions.");
    expect(p.member.teamRoles.size).toBe(0);
  });

  it(`${F}::UpdateOrganizationMemberTest.test_cannot_demote_team_member_to_role_where_team_roles_disabled (billing)`, async () => {
    const s = await sim();
    const t = team(s);
    const p = person(s, { role: 'manager', teams: [[t, null]] });
    // a role-only PUT counts the member's current teams
    const r = await call(s, 'PUT', url(p.member.id), { body: { orgRole: 'billing' } });
    expect(r.status).toBe(400);
    expect(r.body.detail).toBe("The user with a 'billing' role cannot have team-level permissions.");
    expect(p.member.orgRole).toBe('manager');
    expect([...p.member.teamRoles.keys()]).toEqual([t]);
  });

  it(`${F}::UpdateOrganizationMemberTest.test_can_demote_team_member_to_role_where_team_roles_disabled_with_team_removed (billing)`, async () => {
    const s = await sim();
    const t = team(s);
    const p = person(s, { role: 'manager', teams: [[t, null]] });
    expect((await call(s, 'PUT', url(p.member.id), { body: { orgRole: 'billing', teamRoles: [] } })).status).toBe(200);
    expect(p.member.orgRole).toBe('billing');
    expect(p.member.teamRoles.size).toBe(0);
  });

  it(`${F}::UpdateOrganizationMemberTest.test_can_promote_team_member_to_role_where_team_roles_enabled`, async () => {
    const s = await sim();
    const t = team(s);
    const p = person(s, { role: 'billing' });
    const r = await call(s, 'PUT', url(p.member.id), { body: { teamRoles: [{ teamSlug: t, role: null }], orgRole: 'manager' } });
    expect(r.status).toBe(200);
    expect(p.member.orgRole).toBe('manager');
  });

  it(`${F}::UpdateOrganizationMemberTest.test_on_role_change_not_called_when_role_unchanged`, async () => {
    const s = await sim();
    const p = person(s);
    expect((await call(s, 'PUT', url(p.member.id), { body: { teams: [] } })).status).toBe(200);
    expect(lastAudit(s, 'member.edit')).toMatchObject({ data: { role: 'member' } });
  });

  // Source, not a Sentry test: organization_member_details.py calls save_team_assignments(member,
  // None) when neither teams nor teamRoles is sent, which deletes every team row. The simulator
  // keeps that reading (the one that punishes a client forgetting the teams).
  it('organization_member_details.py put(): a role-only PUT replaces the teams with none', async () => {
    const s = await sim();
    const t = team(s);
    const p = person(s, { teams: [[t, null]] });
    expect((await call(s, 'PUT', url(p.member.id), { body: { orgRole: 'manager' } })).status).toBe(200);
    expect(p.member.teamRoles.size).toBe(0);
    expect(lastAudit(s, 'member.leave-team')).toMatchObject({ data: { team_slug: t } });
  });
});

describe(`${F} DeleteOrganizationMemberTest`, () => {
  async function setUp() {
    const s = await sim();
    return { s, curr: person(s), other: person(s) };
  }

  it(`${F}::DeleteOrganizationMemberTest.test_simple`, async () => {
    const { s } = await setUp();
    const p = person(s);
    expect((await call(s, 'DELETE', url(p.member.id))).status).toBe(204);
    expect(s.state.members.has(p.member.id)).toBe(false);
  });

  it(`${F}::DeleteOrganizationMemberTest.test_invalid_id`, async () => {
    const { s } = await setUp();
    expect((await call(s, 'DELETE', url('trash'))).status).toBe(404);
  });

  it(`${F}::DeleteOrganizationMemberTest.test_cannot_delete_member_with_higher_access`, async () => {
    const { s } = await setUp();
    const manager = person(s, { role: 'manager' });
    const r = await call(s, 'DELETE', url('1010'), { token: manager.token });
    expect(r.status).toBe(400);
    expect(r.body.detail).toBe('You cannot remove a member who has more access than you.');
    expect(s.state.members.has('1010')).toBe(true);
  });

  it(`${F}::DeleteOrganizationMemberTest.test_cannot_delete_only_owner`, async () => {
    const { s } = await setUp();
    // the only owner/manager left; a pending owner invitation does not count
    for (const m of s.state.members.values()) if (m.id !== '1010' && ['owner', 'manager'].includes(m.orgRole)) m.orgRole = 'member';
    invitation(s, { role: 'owner' });
    const r = await call(s, 'DELETE', url('1010'));
    expect(r.status).toBe(403);
    expect(r.body.detail).toBe('You cannot remove the only remaining owner or manager of the organization.');
    expect(s.state.members.has('1010')).toBe(true);
  });

  it(`${F}::DeleteOrganizationMemberTest.test_cannot_delete_only_owner_or_manager`, async () => {
    const { s } = await setUp();
    const manager = person(s, { role: 'manager' });
    for (const m of s.state.members.values()) if (m !== manager.member && ['owner', 'manager'].includes(m.orgRole)) m.orgRole = 'member';
    const r = await call(s, 'DELETE', url(manager.member.id), { token: manager.token });
    expect(r.status).toBe(403);
    expect(r.body.detail).toBe('You cannot remove the only remaining owner or manager of the organization.');
  });

  it(`${F}::DeleteOrganizationMemberTest.test_can_delete_self`, async () => {
    const { s } = await setUp();
    const p = person(s);
    expect((await call(s, 'DELETE', url('me'), { token: p.token })).status).toBe(204);
    expect(s.state.members.has(p.member.id)).toBe(false);
  });

  it(`${F}::DeleteOrganizationMemberTest.test_missing_scope`, async () => {
    const { s } = await setUp();
    const noScope = person(s);
    const target = person(s);
    const r = await call(s, 'DELETE', url(target.member.id), { token: noScope.token });
    expect(r.status).toBe(400);
    expect(s.state.members.has(target.member.id)).toBe(true);
  });

  it(`${F}::DeleteOrganizationMemberTest.test_cannot_delete_unapproved_invite`, async () => {
    const { s } = await setUp();
    expect((await call(s, 'DELETE', url(invitation(s, { status: 'requested_to_join' }).id))).status).toBe(404);
    expect((await call(s, 'DELETE', url(invitation(s, { status: 'requested_to_be_invited' }).id))).status).toBe(404);
  });

  it(`${F}::DeleteOrganizationMemberTest.test_disabled_member_can_remove`, async () => {
    const { s } = await setUp();
    const p = person(s, { flags: { 'member-limit:restricted': true } });
    expect((await call(s, 'DELETE', url('me'), { token: p.token })).status).toBe(204);
  });

  it(`${F}::DeleteOrganizationMemberTest.test_cannot_delete_idp_provisioned_member`, async () => {
    const { s } = await setUp();
    const p = person(s, { flags: { 'idp:provisioned': true } });
    const r = await call(s, 'DELETE', url(p.member.id));
    expect(r.status).toBe(403);
    expect(s.state.members.has(p.member.id)).toBe(true);
  });

  it(`${F}::DeleteOrganizationMemberTest.test_can_delete_pending_invite`, async () => {
    const { s } = await setUp();
    expect((await call(s, 'DELETE', url(invitation(s).id))).status).toBe(204);
  });

  it(`${F}::DeleteOrganizationMemberTest.test_cannot_delete_partnership_member`, async () => {
    const { s } = await setUp();
    const p = person(s, { flags: { 'partnership:restricted': true } });
    expect((await call(s, 'DELETE', url(p.member.id))).status).toBe(403);
  });

  it(`${F}::DeleteOrganizationMemberTest.test_member_delete_pending_invite`, async () => {
    const { s, curr, other } = await setUp();
    const currInvite = invitation(s, { inviter: curr.user });
    const otherInvite = invitation(s, { inviter: other.user });
    s.state.org.allowMemberInvite = false;
    expect((await call(s, 'DELETE', url(currInvite.id), { token: curr.token })).status).toBe(400);
    s.state.org.allowMemberInvite = true;
    expect((await call(s, 'DELETE', url(currInvite.id), { token: curr.token })).status).toBe(204);
    const r = await call(s, 'DELETE', url(otherInvite.id), { token: curr.token });
    expect(r.status).toBe(400);
    expect(r.body.detail).toBe('You cannot modify invitations sent by someone else.');
  });

  it(`${F}::DeleteOrganizationMemberTest.test_member_cannot_delete_members`, async () => {
    const { s, curr, other } = await setUp();
    for (const allow of [false, true]) {
      s.state.org.allowMemberInvite = allow;
      const r = await call(s, 'DELETE', url(other.member.id), { token: curr.token });
      expect(r.status).toBe(400);
      expect(r.body.detail).toBe('You are missing the member:admin scope.');
    }
  });

  it(`${F}::DeleteOrganizationMemberTest.test_related_invitations_are_deleted`, async () => {
    const { s } = await setUp();
    const manager = person(s, { role: 'manager' });
    const r = await call(s, 'POST', `${ORG}/members/`, { token: manager.token, body: { email: 'bar@example.com', role: 'member', teams: ['backend'] } });
    expect(r.status).toBe(201);
    expect((await call(s, 'DELETE', url(manager.member.id))).status).toBe(204);
    expect(s.state.members.has(r.body.id)).toBe(false);
  });

  it(`${F}::DeleteOrganizationMemberTest.test_invitations_dont_get_deleted_on_invite_detetion`, async () => {
    const { s } = await setUp();
    const manager = person(s, { role: 'manager' });
    const r = await call(s, 'POST', `${ORG}/members/`, { token: manager.token, body: { email: 'bar@example.com', role: 'member', teams: ['backend'] } });
    const before = s.state.members.size;
    expect((await call(s, 'DELETE', url(r.body.id), { token: manager.token })).status).toBe(204);
    expect(s.state.members.size).toBe(before - 1);
  });
});

describe(`${F} ResetOrganizationMember2faTest (what the detail shows)`, () => {
  it(`${F}::ResetOrganizationMember2faTest.test_org_owner_can_reset_member_2fa (authenticators visible)`, async () => {
    const s = await sim();
    const p = person(s, { twofa: ['totp'] });
    const r = await call(s, 'GET', url(p.member.id));
    expect(r.body.user).toMatchObject({ has2fa: true, canReset2fa: true });
    expect(r.body.user.authenticators).toHaveLength(1);
  });

  it(`${F}::ResetOrganizationMember2faTest.test_org_manager_can_reset_member_2fa (authenticators visible)`, async () => {
    const s = await sim();
    const p = person(s, { twofa: ['totp'] });
    const manager = person(s, { role: 'manager' });
    const r = await call(s, 'GET', url(p.member.id), { token: manager.token });
    expect(r.body.user.authenticators).toHaveLength(1);
  });

  for (const role of ['admin', 'member']) {
    it(`${F}::ResetOrganizationMember2faTest.test_org_${role}_cannot_reset_member_2fa (authenticators hidden)`, async () => {
      const s = await sim();
      const p = person(s, { twofa: ['totp'] });
      const caller = person(s, { role });
      const r = await call(s, 'GET', url(p.member.id), { token: caller.token });
      expect(r.status).toBe(200);
      expect('authenticators' in r.body.user).toBe(false);
      expect('canReset2fa' in r.body.user).toBe(false);
    });
  }
});
