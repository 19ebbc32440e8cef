// A member's membership of one team: organizations/{org}/members/{member_id}/teams/{team}/
// (organization.md §5.3). Rules and messages follow
// src/sentry/core/endpoints/organization_member_team_details.py and can_admin_team /
// can_set_team_role in organization_member_utils.py; the ported tests are in
// test/simulator/sentry-parity/member-teams.test.ts.

import { audit } from './audit.js';
import type { Ctx, Reply } from './http.js';
import { HttpError, bodyObject, json, notFound, paged, requireScope } from './http.js';
import { findMember } from './routes-members.js';
import { TEAM_ROLES, effectiveTeamRole, hasOrgWriteRole, minimumTeamRole, roleRank, teamRoleRank, teamRoleScopes, teamRolesAllowed } from './roles.js';
import { serializeMember, serializeTeam } from './serialize.js';
import type { SimMember, SimTeam } from './state.js';

const ERR_INSUFFICIENT_ROLE = "You do not have permission to edit that user's membership.";
const ERR_IDP_TEAM = "This team is managed through your organization's identity provider.";

function findTeam(ctx: Ctx): SimTeam {
  const key = ctx.params.team ?? '';
  const t = ctx.state.teams.get(key) ?? [...ctx.state.teams.values()].find((x) => x.id === key);
  if (!t) throw notFound();
  return t;
}

/**
 * access.has_team_scope: the caller's role ON THE TEAM (its stored team role or the org role's
 * minimum). Sentry does not narrow team scopes by the token's scopes: a team admin's token with
 * only `team:admin` still removes members (test_admin_on_team_can_remove_members_using_user_token).
 */
function hasTeamScope(ctx: Ctx, t: SimTeam, scope: string): boolean {
  const me = ctx.member;
  if (!me || !me.teamRoles.has(t.slug)) return false;
  return teamRoleScopes(effectiveTeamRole(me.orgRole, me.teamRoles.get(t.slug))).has(scope);
}

/** can_admin_team: on the team, and team:write there or org:write / member:write. */
function canAdminTeam(ctx: Ctx, t: SimTeam): boolean {
  if (!ctx.member?.teamRoles.has(t.slug)) return false;
  return hasTeamScope(ctx, t, 'team:write') || ctx.scopes.has('org:write') || ctx.scopes.has('member:write');
}

/** access.has_global_access: open membership, or a global org role (manager, owner). */
function hasGlobalAccess(ctx: Ctx): boolean {
  if (ctx.state.org.openMembership) return true;
  return ctx.member ? roleRank(ctx.member.orgRole) >= roleRank('manager') : false;
}

function teamAuditData(m: SimMember, t: SimTeam): Record<string, unknown> {
  // OrganizationMemberTeam.get_audit_log_data
  return { team_slug: t.slug, member_id: Number(m.id), email: m.email, is_active: true };
}

function omtBody(m: SimMember, t: SimTeam): Record<string, unknown> {
  return { isActive: true, teamRole: m.teamRoles.get(t.slug) ?? null };
}

export function getMemberTeam(ctx: Ctx): Reply {
  requireScope(ctx, ['org:read', 'org:write', 'org:admin', 'member:read', 'member:write', 'member:admin']);
  const m = findMember(ctx);
  const t = findTeam(ctx);
  if (!m.teamRoles.has(t.slug)) throw notFound();
  return json(200, omtBody(m, t));
}

/** POST: 201 added, 202 an access request instead, 204 already on the team. */
export function addMemberTeam(ctx: Ctx): Reply {
  requireScope(ctx, ['org:read', 'org:write', 'team:write']);
  const m = findMember(ctx);
  const t = findTeam(ctx);
  if (!ctx.user) return { status: 401 };
  if (!teamRolesAllowed(m.orgRole)) throw new HttpError(403, { detail: `The user with a '${m.orgRole}' role cannot have team-level permissions.` });
  if (m.teamRoles.has(t.slug)) return { status: 204 };
  if (t.flags['idp:provisioned']) throw new HttpError(403, { detail: ERR_IDP_TEAM });
  // Without the right an access request is created (the simulator keeps none): nothing changes.
  if (!(hasGlobalAccess(ctx) || canAdminTeam(ctx, t))) return { status: 202 };
  m.teamRoles.set(t.slug, null);
  const user = m.userId ? ctx.state.users.get(m.userId) ?? null : null;
  audit(ctx, { event: 'member.join-team', targetObject: Number(m.id), targetUser: user, data: teamAuditData(m, t), note: `added member ${m.email} to team ${t.slug}` });
  return json(201, serializeTeam(ctx, t));
}

/** PUT: the member's team role; the member must be on the team. */
export function updateMemberTeam(ctx: Ctx): Reply {
  requireScope(ctx, ['org:read', 'org:write', 'org:admin', 'member:read', 'member:write', 'member:admin', 'team:admin', 'team:write']);
  const m = findMember(ctx);
  const t = findTeam(ctx);
  if (!m.teamRoles.has(t.slug)) throw notFound();
  const body = bodyObject(ctx);
  if ('teamRole' in body) {
    const v = body.teamRole;
    if (typeof v !== 'string' || !(TEAM_ROLES as readonly string[]).includes(v)) throw new HttpError(400, { teamRole: [`"${String(v)}" is not a valid choice.`] });
    if (ctx.state.org.features.includes('team-roles')) {
      const canSet = (role: string): boolean => {
        if (canAdminTeam(ctx, t)) return true;
        const me = ctx.member;
        if (!me) return false;
        // the caller's org role may manage team roles up to its minimum team role
        if (teamRoleRank(minimumTeamRole(me.orgRole)) >= teamRoleRank(role)) return true;
        const mine = me.teamRoles.has(t.slug) ? effectiveTeamRole(me.orgRole, me.teamRoles.get(t.slug)) : null;
        return mine !== null && teamRoleRank(mine) >= teamRoleRank(role);
      };
      const old = m.teamRoles.get(t.slug) ?? null;
      if (!canSet(v) || (old !== null && !canSet(old))) throw new HttpError(400, { detail: ERR_INSUFFICIENT_ROLE });
      // a role at or below the member's minimum is stored as null (_change_team_member_role)
      m.teamRoles.set(t.slug, teamRoleRank(v) > teamRoleRank(minimumTeamRole(m.orgRole)) ? v : null);
    }
  }
  return json(200, omtBody(m, t));
}

/** DELETE: self, org owners/managers (by role), or team admins; 200 with the team. */
export function removeMemberTeam(ctx: Ctx): Reply {
  requireScope(ctx, ['org:read', 'org:write', 'org:admin', 'team:admin']);
  const m = findMember(ctx);
  const t = findTeam(ctx);
  const self = ctx.user !== null && ctx.user.id === m.userId;
  // _is_org_owner_or_manager reads the ROLE's scopes, not the token's
  const ownerOrManager = ctx.member !== null && hasOrgWriteRole(ctx.member.orgRole);
  if (!ctx.user || !(self || ownerOrManager || canAdminTeam(ctx, t))) throw new HttpError(400, { detail: ERR_INSUFFICIENT_ROLE });
  if (t.flags['idp:provisioned']) throw new HttpError(403, { detail: ERR_IDP_TEAM });
  if (m.teamRoles.has(t.slug)) {
    const user = m.userId ? ctx.state.users.get(m.userId) ?? null : null;
    audit(ctx, { event: 'member.leave-team', targetObject: Number(m.id), targetUser: user, data: teamAuditData(m, t), note: `removed member ${m.email} from team ${t.slug}` });
    m.teamRoles.delete(t.slug);
  }
  return json(200, serializeTeam(ctx, t));
}

/**
 * GET teams/{org}/{team}/members/ (src/sentry/core/endpoints/team_members.py, TeamMembersEndpoint):
 * the team's approved memberships (active users, or invitations without a user), ordered by
 * email, each the org member serialization plus `teamRole` (the STORED team role, null when the
 * member has the role's minimum) and `teamSlug`. Offset-paginated.
 */
export function listTeamMembers(ctx: Ctx): Reply {
  requireScope(ctx, ['team:read', 'team:write', 'team:admin', 'org:read', 'org:write', 'org:admin']);
  const t = findTeam(ctx);
  const rows = [...ctx.state.members.values()].filter((m) => {
    if (!m.teamRoles.has(t.slug) || m.inviteStatus !== 'approved') return false;
    if (m.userId === null) return true;
    return ctx.state.users.get(m.userId)?.isActive === true;
  });
  // order_by organizationmember__email, id: a member with a user has no email of its own (NULL,
  // last in PostgreSQL), so invitations come first
  const key = (m: SimMember): string => (m.userId === null ? m.email : '\uffff');
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : Number(a.id) - Number(b.id)));
  return paged(ctx, rows, (m) => ({ ...serializeMember(ctx.state, m), teamRole: m.teamRoles.get(t.slug) ?? null, teamSlug: t.slug }));
}
