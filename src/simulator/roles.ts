// Org roles and their scopes (organization.md §3.6). A user token's effective scopes are the
// intersection of the token's scopes and the member role's scopes.

import type { SimOrg } from './state.js';

export const ALL_SCOPES = [
  'org:read', 'org:write', 'org:admin', 'org:billing', 'org:integrations',
  'member:read', 'member:write', 'member:admin', 'member:invite',
  'team:read', 'team:write', 'team:admin',
  'project:read', 'project:write', 'project:admin', 'project:releases',
  'event:read', 'event:write', 'event:admin',
  'alerts:read', 'alerts:write',
] as const;

export const ORG_ROLES = ['member', 'admin', 'manager', 'owner', 'billing'] as const;
const ROLE_RANK: Record<string, number> = { billing: 0, member: 1, admin: 2, manager: 3, owner: 4 };

export function roleRank(role: string): number {
  return ROLE_RANK[role] ?? -1;
}

export function roleScopes(role: string, org: SimOrg): Set<string> {
  const member = ['event:read', 'event:write', 'project:read', 'project:releases', 'org:read', 'member:read', 'team:read', 'alerts:read'];
  if (org.eventsMemberAdmin) member.push('event:admin');
  if (org.alertsMemberWrite) member.push('alerts:write');
  // How member:invite is granted is UNCONFIRMED; we grant it to members only while invites are
  // allowed (the setting's documented meaning).
  if (org.allowMemberInvite) member.push('member:invite');
  const admin = [...member, 'event:admin', 'alerts:write', 'team:write', 'team:admin', 'project:write', 'project:admin', 'org:integrations'];
  const manager = [...admin, 'org:write', 'member:write', 'member:admin', 'member:invite'];
  const owner = [...manager, 'org:admin', 'org:billing'];
  switch (role) {
    case 'billing': return new Set(['org:billing']);
    case 'member': return new Set(member);
    case 'admin': return new Set(admin);
    case 'manager': return new Set(manager);
    case 'owner': return new Set(owner);
    default: return new Set();
  }
}

export function orgRoleList(): Record<string, unknown>[] {
  const desc: Record<string, [string, string, boolean, boolean]> = {
    member: ['Member', 'Members can view and act on events, as well as view most other data within the organization.', false, false],
    admin: ['Admin', 'Admin privileges on any teams of which they\'re a member.', true, false],
    manager: ['Manager', 'Gains admin access on all teams as well as the ability to add and remove members.', false, true],
    owner: ['Owner', 'Unrestricted access to the organization, its data, and its settings.', false, true],
    billing: ['Billing', 'Can manage payment and compliance details.', false, false],
  };
  return ['member', 'admin', 'manager', 'owner', 'billing'].map((id) => {
    const [name, d, isRetired, isGlobal] = desc[id] ?? ['', '', false, false];
    return { id, name, desc: d, scopes: [], allowed: true, isAllowed: true, isRetired, is_global: isGlobal, isGlobal, minimumTeamRole: id === 'member' ? 'contributor' : 'admin', isTeamRolesAllowed: id !== 'billing' };
  });
}

export function teamRoleList(): Record<string, unknown>[] {
  return [
    { id: 'contributor', name: 'Contributor', desc: 'Contributors can view and act on events.', scopes: [], allowed: true, isAllowed: true, isRetired: false, isMinimumRoleFor: 'member', isTeamRolesAllowed: true },
    { id: 'admin', name: 'Team Admin', desc: 'Admin privileges on the team.', scopes: [], allowed: true, isAllowed: true, isRetired: false, isMinimumRoleFor: 'admin', isTeamRolesAllowed: true },
  ];
}

/** `is_team_roles_allowed` of the org role (src/sentry/conf/server.py SENTRY_ROLES): not billing. */
export function teamRolesAllowed(role: string): boolean {
  return role !== 'billing';
}

/** Team roles by priority (SENTRY_TEAM_ROLES): contributor < admin. */
export const TEAM_ROLES = ['contributor', 'admin'] as const;
export function teamRoleRank(role: string | null | undefined): number {
  return role ? TEAM_ROLES.indexOf(role as (typeof TEAM_ROLES)[number]) : -1;
}

/** The org role's `minimumTeamRole`: members get contributor, admins/managers/owners admin. */
export function minimumTeamRole(orgRole: string): string | null {
  if (orgRole === 'member') return 'contributor';
  if (orgRole === 'admin' || orgRole === 'manager' || orgRole === 'owner') return 'admin';
  return null;
}

/** A member's effective role on a team they belong to: the stored role or the org minimum. */
export function effectiveTeamRole(orgRole: string, stored: string | null | undefined): string | null {
  const min = minimumTeamRole(orgRole);
  return teamRoleRank(stored) > teamRoleRank(min) ? (stored ?? null) : min;
}

/** Scopes a team role grants on its team (organization.md §3.6). */
export function teamRoleScopes(teamRole: string | null): Set<string> {
  const contributor = ['event:read', 'event:write', 'project:read', 'project:releases', 'member:read', 'team:read', 'alerts:read', 'org:read'];
  if (teamRole === 'contributor') return new Set(contributor);
  if (teamRole === 'admin') return new Set([...contributor, 'event:admin', 'team:write', 'team:admin', 'project:write', 'project:admin', 'org:integrations', 'alerts:write']);
  return new Set();
}

/** Roles whose scopes include org:write (owner, manager): `is_only_member_with_org_write`. */
export function hasOrgWriteRole(role: string): boolean {
  return role === 'owner' || role === 'manager';
}
