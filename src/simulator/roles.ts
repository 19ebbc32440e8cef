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
