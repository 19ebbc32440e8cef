// Ported from getsentry/sentry tests/sentry/core/endpoints/test_organization_member_team_details.py
// (organizations/{org}/members/{member_id}/teams/{team}/). Sentry's fixture org has open
// membership unless the class says closed; `fixture` builds the same cast in the demo org.

import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import { ORG, call, lastAudit, person, sim, team, tokenFor } from './parity.js';

const F = 'test_organization_member_team_details.py';
const url = (member: string, t: string) => `${ORG}/members/${member}/teams/${t}/`;

async function fixture(open: boolean) {
  const s = await sim();
  s.state.org.openMembership = open;
  const t = team(s);
  const idp = team(s, { idp: true });
  const cast = {
    s,
    t,
    idp,
    member: person(s),
    admin: person(s, { role: 'admin' }),
    manager: person(s, { role: 'manager' }),
    memberOnTeam: person(s, { teams: [[t, null]] }),
    adminOnTeam: person(s, { role: 'admin', teams: [[t, null]] }),
    managerOnTeam: person(s, { role: 'manager', teams: [[t, null]] }),
    ownerOnTeam: person(s, { role: 'owner', teams: [[t, null]] }),
    teamAdmin: person(s, { teams: [[t, 'admin']] }),
  };
  return cast;
}

const onTeam = (s: RunningSimulator, memberId: string, t: string) => s.state.members.get(memberId)!.teamRoles.has(t);

for (const open of [true, false]) {
  const cls = open ? 'CreateOrganizationMemberTeamTest' : 'CreateWithClosedMembershipTest';
  describe(`${F} ${cls} (POST)`, () => {
    it(`${F}::${cls}.test_manager_can_join_team`, async () => {
      const { s, t, manager } = await fixture(open);
      expect((await call(s, 'POST', url(manager.member.id, t), { token: manager.token })).status).toBe(201);
      expect(onTeam(s, manager.member.id, t)).toBe(true);
      expect(lastAudit(s, 'member.join-team')).toMatchObject({ data: { team_slug: t } });
    });

    it(`${F}::${cls}.test_owner_can_join_team`, async () => {
      const { s, t } = await fixture(open);
      const owner = person(s, { role: 'owner' });
      expect((await call(s, 'POST', url(owner.member.id, t), { token: owner.token })).status).toBe(201);
    });

    it(`${F}::${cls}.test_admin_on_team_can_add_members_to_team`, async () => {
      const { s, t, adminOnTeam, member, manager } = await fixture(open);
      expect((await call(s, 'POST', url(member.member.id, t), { token: adminOnTeam.token })).status).toBe(201);
      expect((await call(s, 'POST', url(manager.member.id, t), { token: adminOnTeam.token })).status).toBe(201);
      expect(onTeam(s, member.member.id, t) && onTeam(s, manager.member.id, t)).toBe(true);
    });

    it(`${F}::${cls}.test_manager_can_add_members_to_team`, async () => {
      const { s, t, manager, member } = await fixture(open);
      expect((await call(s, 'POST', url(member.member.id, t), { token: manager.token })).status).toBe(201);
      expect((await call(s, 'POST', url('1010', t), { token: manager.token })).status).toBe(201);
    });

    it(`${F}::${cls}.test_owner_can_add_members_to_team`, async () => {
      const { s, t, member, manager } = await fixture(open);
      const target = person(s, { role: 'owner' });
      for (const id of [member.member.id, manager.member.id, target.member.id]) {
        expect((await call(s, 'POST', url(id, t))).status).toBe(201);
        expect(onTeam(s, id, t)).toBe(true);
      }
    });

    it(`${F}::${cls}.test_cannot_add_to_team_when_team_roles_disabled (billing)`, async () => {
      const { s, t, manager } = await fixture(open);
      const billing = person(s, { role: 'billing' });
      const r = await call(s, 'POST', url(billing.member.id, t), { token: manager.token });
      expect(r.status).toBe(403);
      expect(r.body.detail).toBe("The user with a 'billing' role cannot have team-level permissions.");
    });
  });
}

describe(`${F} CreateWithOpenMembershipTest`, () => {
  it(`${F}::CreateWithOpenMembershipTest.test_member_can_join_team`, async () => {
    const { s, t, member } = await fixture(true);
    expect((await call(s, 'POST', url(member.member.id, t), { token: member.token })).status).toBe(201);
  });

  it(`${F}::CreateWithOpenMembershipTest.test_admin_can_join_team`, async () => {
    const { s, t, admin } = await fixture(true);
    expect((await call(s, 'POST', url(admin.member.id, t), { token: admin.token })).status).toBe(201);
  });

  it(`${F}::CreateWithOpenMembershipTest.test_cannot_join_idp_team`, async () => {
    const { s, idp, admin, member } = await fixture(true);
    for (const p of [admin, member]) {
      const r = await call(s, 'POST', url(p.member.id, idp), { token: p.token });
      expect(r.status).toBe(403);
      expect(r.body.detail).toBe("This team is managed through your organization's identity provider.");
      expect(onTeam(s, p.member.id, idp)).toBe(false);
    }
  });

  it(`${F}::CreateWithOpenMembershipTest.test_member_can_add_member_to_team`, async () => {
    const { s, t, member } = await fixture(true);
    const target = person(s);
    expect((await call(s, 'POST', url(target.member.id, t), { token: member.token })).status).toBe(201);
  });

  it(`${F}::CreateWithOpenMembershipTest.test_admin_can_add_member_to_team`, async () => {
    const { s, t, admin, member } = await fixture(true);
    expect((await call(s, 'POST', url(member.member.id, t), { token: admin.token })).status).toBe(201);
  });

  it(`${F}::CreateWithOpenMembershipTest.test_cannot_add_to_idp_team`, async () => {
    const { s, idp, member, admin } = await fixture(true);
    const target = person(s);
    expect((await call(s, 'POST', url(target.member.id, idp), { token: member.token })).status).toBe(403);
    expect((await call(s, 'POST', url(member.member.id, idp), { token: admin.token })).status).toBe(403);
  });

  it(`${F}::CreateWithOpenMembershipTest.test_team_admin_can_add_member`, async () => {
    const { s, t, teamAdmin, member } = await fixture(true);
    expect((await call(s, 'POST', url(member.member.id, t), { token: teamAdmin.token })).status).toBe(201);
  });

  it(`${F} (already on the team) answers 204 and changes nothing`, async () => {
    const { s, t, memberOnTeam } = await fixture(true);
    const before = s.state.auditLog.length;
    expect((await call(s, 'POST', url(memberOnTeam.member.id, t))).status).toBe(204);
    expect(s.state.auditLog.length).toBe(before);
  });
});

describe(`${F} CreateWithClosedMembershipTest`, () => {
  it(`${F}::CreateWithClosedMembershipTest.test_member_must_request_access_to_join_team`, async () => {
    const { s, t, member } = await fixture(false);
    expect((await call(s, 'POST', url(member.member.id, t), { token: member.token })).status).toBe(202);
    expect(onTeam(s, member.member.id, t)).toBe(false);
  });

  it(`${F}::CreateWithClosedMembershipTest.test_admin_must_request_access_to_join_team`, async () => {
    const { s, t, admin } = await fixture(false);
    expect((await call(s, 'POST', url(admin.member.id, t), { token: admin.token })).status).toBe(202);
    expect(onTeam(s, admin.member.id, t)).toBe(false);
  });

  it(`${F}::CreateWithClosedMembershipTest.test_member_on_team_must_request_access_to_add_member_to_team`, async () => {
    const { s, t, memberOnTeam, member } = await fixture(false);
    expect((await call(s, 'POST', url(member.member.id, t), { token: memberOnTeam.token })).status).toBe(202);
    expect(onTeam(s, member.member.id, t)).toBe(false);
  });

  it(`${F}::CreateWithClosedMembershipTest.test_admin_must_request_access_to_add_member_to_team`, async () => {
    const { s, t, admin, member } = await fixture(false);
    expect((await call(s, 'POST', url(member.member.id, t), { token: admin.token })).status).toBe(202);
    expect(onTeam(s, member.member.id, t)).toBe(false);
  });

  it(`${F}::CreateWithClosedMembershipTest.test_team_admin_can_add_member`, async () => {
    const { s, t, teamAdmin, member } = await fixture(false);
    expect((await call(s, 'POST', url(member.member.id, t), { token: teamAdmin.token })).status).toBe(201);
    expect(onTeam(s, member.member.id, t)).toBe(true);
  });

  it(`${F}::CreateWithClosedMembershipTest.test_team_admin_can_add_member_using_user_token`, async () => {
    const { s, t, teamAdmin, member } = await fixture(false);
    const token = tokenFor(s, teamAdmin.user, ['org:read', 'team:write']);
    expect((await call(s, 'POST', url(member.member.id, t), { token })).status).toBe(201);
  });

  it(`${F}::CreateWithClosedMembershipTest.test_multiple_of_the_same_access_request`, async () => {
    const { s, t, member, memberOnTeam, admin } = await fixture(false);
    expect((await call(s, 'POST', url(admin.member.id, t), { token: member.token })).status).toBe(202);
    expect((await call(s, 'POST', url(admin.member.id, t), { token: memberOnTeam.token })).status).toBe(202);
    expect(onTeam(s, admin.member.id, t)).toBe(false);
  });
});

describe(`${F} DeleteOrganizationMemberTeamTest`, () => {
  const ERR = "You do not have permission to edit that user's membership.";

  it(`${F}::DeleteOrganizationMemberTeamTest.test_member_can_leave`, async () => {
    const { s, t, memberOnTeam } = await fixture(true);
    const r = await call(s, 'DELETE', url(memberOnTeam.member.id, t), { token: memberOnTeam.token });
    expect(r.status).toBe(200);
    expect(r.body.isMember).toBe(false);
    expect(onTeam(s, memberOnTeam.member.id, t)).toBe(false);
    expect(lastAudit(s, 'member.leave-team')).toMatchObject({ data: { team_slug: t } });
  });

  it(`${F}::DeleteOrganizationMemberTeamTest.test_member_can_leave_without_membership`, async () => {
    const { s, t, member } = await fixture(true);
    expect((await call(s, 'DELETE', url(member.member.id, t), { token: member.token })).status).toBe(200);
  });

  it(`${F}::DeleteOrganizationMemberTeamTest.test_member_cannot_remove_member`, async () => {
    const { s, t, memberOnTeam } = await fixture(true);
    const target = person(s, { teams: [[t, null]] });
    const r = await call(s, 'DELETE', url(target.member.id, t), { token: memberOnTeam.token });
    expect(r.status).toBe(400);
    expect(r.body.detail).toBe(ERR);
    expect(onTeam(s, target.member.id, t)).toBe(true);
  });

  it(`${F}::DeleteOrganizationMemberTeamTest.test_admin_cannot_remove_member`, async () => {
    const { s, t, admin, memberOnTeam } = await fixture(true);
    expect((await call(s, 'DELETE', url(memberOnTeam.member.id, t), { token: admin.token })).status).toBe(400);
    expect(onTeam(s, memberOnTeam.member.id, t)).toBe(true);
  });

  it(`${F}::DeleteOrganizationMemberTeamTest.test_admin_cannot_remove_member_using_user_token`, async () => {
    const { s, t, admin, memberOnTeam } = await fixture(true);
    const r = await call(s, 'DELETE', url(memberOnTeam.member.id, t), { token: tokenFor(s, admin.user, ['team:admin']) });
    expect(r.status).toBe(400);
    expect(r.body.detail).toBe(ERR);
  });

  it(`${F}::DeleteOrganizationMemberTeamTest.test_admin_on_team_can_remove_members`, async () => {
    const { s, t, adminOnTeam, memberOnTeam, managerOnTeam, ownerOnTeam } = await fixture(true);
    for (const p of [memberOnTeam, managerOnTeam, ownerOnTeam]) {
      expect((await call(s, 'DELETE', url(p.member.id, t), { token: adminOnTeam.token })).status).toBe(200);
      expect(onTeam(s, p.member.id, t)).toBe(false);
    }
  });

  it(`${F}::DeleteOrganizationMemberTeamTest.test_admin_on_team_can_remove_members_using_user_token`, async () => {
    const { s, t, adminOnTeam, memberOnTeam } = await fixture(true);
    expect((await call(s, 'DELETE', url(memberOnTeam.member.id, t), { token: tokenFor(s, adminOnTeam.user, ['team:admin']) })).status).toBe(200);
    expect(onTeam(s, memberOnTeam.member.id, t)).toBe(false);
  });

  it(`${F}::DeleteOrganizationMemberTeamTest.test_manager_can_remove_members`, async () => {
    const { s, t, managerOnTeam, memberOnTeam, ownerOnTeam } = await fixture(true);
    for (const p of [memberOnTeam, managerOnTeam, ownerOnTeam]) {
      expect((await call(s, 'DELETE', url(p.member.id, t), { token: managerOnTeam.token })).status).toBe(200);
    }
  });

  it(`${F}::DeleteOrganizationMemberTeamTest.test_manager_can_remove_members_using_user_token`, async () => {
    for (const scope of ['org:write', 'team:admin']) {
      const { s, t, manager, memberOnTeam, managerOnTeam, ownerOnTeam } = await fixture(true);
      for (const p of [memberOnTeam, managerOnTeam, ownerOnTeam]) {
        expect((await call(s, 'DELETE', url(p.member.id, t), { token: tokenFor(s, manager.user, [scope]) })).status).toBe(200);
        expect(onTeam(s, p.member.id, t)).toBe(false);
      }
    }
  });

  it(`${F}::DeleteOrganizationMemberTeamTest.test_owner_can_remove_members`, async () => {
    const { s, t, memberOnTeam, managerOnTeam, ownerOnTeam } = await fixture(true);
    for (const p of [memberOnTeam, managerOnTeam, ownerOnTeam]) expect((await call(s, 'DELETE', url(p.member.id, t))).status).toBe(200);
  });

  it(`${F}::DeleteOrganizationMemberTeamTest.test_owner_can_remove_members_using_user_token`, async () => {
    for (const scope of ['org:write', 'org:admin', 'team:admin']) {
      const { s, t, memberOnTeam } = await fixture(true);
      const owner = s.state.users.get('101')!;
      expect((await call(s, 'DELETE', url(memberOnTeam.member.id, t), { token: tokenFor(s, owner, [scope]) })).status).toBe(200);
    }
  });

  it(`${F}::DeleteOrganizationMemberTeamTest.test_cannot_leave_idp_provisioned_team`, async () => {
    const { s, idp } = await fixture(false);
    const p = person(s, { teams: [[idp, null]] });
    expect((await call(s, 'DELETE', url(p.member.id, idp), { token: p.token })).status).toBe(403);
    expect(onTeam(s, p.member.id, idp)).toBe(true);
  });
});

describe(`${F} ReadOrganizationMemberTeamTest`, () => {
  it(`${F}::ReadOrganizationMemberTeamTest.test_get`, async () => {
    const { s, t, memberOnTeam } = await fixture(true);
    const r = await call(s, 'GET', url(memberOnTeam.member.id, t));
    expect(r.status).toBe(200);
    expect(r.body.isActive).toBe(true);
  });

  it(`${F}::ReadOrganizationMemberTeamTest.test_get_role`, async () => {
    const { s, t, teamAdmin } = await fixture(true);
    expect((await call(s, 'GET', url(teamAdmin.member.id, t))).body).toEqual({ isActive: true, teamRole: 'admin' });
  });

  it(`${F}::ReadOrganizationMemberTeamTest.test_not_found`, async () => {
    const { s, t, teamAdmin } = await fixture(true);
    expect((await call(s, 'GET', `/api/0/organizations/bad_slug/members/${teamAdmin.member.id}/teams/${t}/`)).status).toBe(404);
    expect((await call(s, 'GET', url(teamAdmin.member.id, 'bad_team'))).status).toBe(404);
  });
});

describe(`${F} UpdateOrganizationMemberTeamTest`, () => {
  it(`${F}::UpdateOrganizationMemberTeamTest.test_cannot_set_nonexistent_role`, async () => {
    const { s, t, memberOnTeam } = await fixture(true);
    expect((await call(s, 'PUT', url(memberOnTeam.member.id, t), { body: { teamRole: 'poobah' } })).status).toBe(400);
  });

  it(`${F}::UpdateOrganizationMemberTeamTest.test_cannot_promote_nonmember`, async () => {
    const { s, t, member } = await fixture(true);
    expect((await call(s, 'PUT', url(member.member.id, t), { body: { teamRole: 'admin' } })).status).toBe(404);
  });

  it(`${F}::UpdateOrganizationMemberTeamTest.test_owner_can_promote_member`, async () => {
    const { s, t, memberOnTeam } = await fixture(true);
    const r = await call(s, 'PUT', url(memberOnTeam.member.id, t), { body: { teamRole: 'admin' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ isActive: true, teamRole: 'admin' });
    expect(s.state.members.get(memberOnTeam.member.id)!.teamRoles.get(t)).toBe('admin');
  });

  it(`${F}::UpdateOrganizationMemberTeamTest.test_member_cannot_promote_member`, async () => {
    const { s, t, memberOnTeam } = await fixture(true);
    const target = person(s, { teams: [[t, null]] });
    const r = await call(s, 'PUT', url(target.member.id, t), { token: memberOnTeam.token, body: { teamRole: 'admin' } });
    expect(r.status).toBe(400);
    expect(r.body.detail).toBe("You do not have permission to edit that user's membership.");
    expect(target.member.teamRoles.get(t)).toBeNull();
  });

  it(`${F}::UpdateOrganizationMemberTeamTest.test_team_admin_can_promote_member`, async () => {
    const { s, t, teamAdmin, memberOnTeam } = await fixture(true);
    expect((await call(s, 'PUT', url(memberOnTeam.member.id, t), { token: teamAdmin.token, body: { teamRole: 'admin' } })).status).toBe(200);
    expect(s.state.members.get(memberOnTeam.member.id)!.teamRoles.get(t)).toBe('admin');
  });

  it(`${F}::UpdateOrganizationMemberTeamTest.test_admin_can_promote_member`, async () => {
    const { s, t, adminOnTeam, memberOnTeam } = await fixture(true);
    expect((await call(s, 'PUT', url(memberOnTeam.member.id, t), { token: adminOnTeam.token, body: { teamRole: 'admin' } })).status).toBe(200);
    expect(s.state.members.get(memberOnTeam.member.id)!.teamRoles.get(t)).toBe('admin');
  });

  it(`${F}::UpdateOrganizationMemberTeamTest.test_team_contributor_cannot_downgrade_team_admin`, async () => {
    const { s, t, member, teamAdmin } = await fixture(true);
    const r = await call(s, 'PUT', url(teamAdmin.member.id, t), { token: member.token, body: { teamRole: 'contributor' } });
    expect(r.status).toBe(400);
    expect(r.body.detail).toBe("You do not have permission to edit that user's membership.");
    expect(teamAdmin.member.teamRoles.get(t)).toBe('admin');
  });

  // Source: organization_member_team_details.py _change_team_member_role writes null for a role
  // at or below the member's minimum team role (a manager's minimum is admin).
  it('organization_member_team_details.py _change_team_member_role: a minimum team role is stored as null', async () => {
    const { s, t, managerOnTeam } = await fixture(true);
    const r = await call(s, 'PUT', url(managerOnTeam.member.id, t), { body: { teamRole: 'admin' } });
    expect(r.body).toEqual({ isActive: true, teamRole: null });
  });
});
