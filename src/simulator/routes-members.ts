// Members: list, detail (`me`), role/team update, removal, invitations (organization.md §3).

import { audit } from './audit.js';
import type { Ctx, Reply } from './http.js';
import { HttpError, NO_PERMISSION, bodyObject, json, notFound, paged, requireScope } from './http.js';
import { ORG_ROLES, roleRank, roleScopes } from './roles.js';
import { ownerCount, serializeMember, serializeMemberDetail } from './serialize.js';
import { addInvite } from './seed-util.js';
import type { SimMember } from './state.js';
import { has2fa, nextId } from './state.js';

function findMember(ctx: Ctx): SimMember {
  const id = ctx.params.member_id ?? '';
  const m = id === 'me' ? ctx.member : ctx.state.members.get(id);
  // only approved members and invitations are visible here
  if (!m || m.inviteStatus !== 'approved') throw notFound();
  return m;
}

function matchesQuery(ctx: Ctx, m: SimMember, tokens: [string, string][]): boolean {
  const user = m.userId ? ctx.state.users.get(m.userId) : undefined;
  for (const [key, raw] of tokens) {
    const v = raw.toLowerCase();
    switch (key) {
      case 'email':
        if (m.email.toLowerCase() !== v && user?.email.toLowerCase() !== v) return false;
        break;
      case 'id':
        if (m.id !== raw) return false;
        break;
      case 'user.id':
        if (m.userId !== raw) return false;
        break;
      case 'role':
        if (m.orgRole !== v) return false;
        break;
      case 'scope':
        if (!roleScopes(m.orgRole, ctx.state.org).has(v)) return false;
        break;
      case 'isInvited':
        if (m.pending !== (v === 'true')) return false;
        break;
      case 'ssoLinked':
        if (Boolean(m.flags['sso:linked']) !== (v === 'true')) return false;
        break;
      case 'has2fa':
        // true: a non-backup authenticator; false: no authenticator rows at all; invites never match
        if (!user) return false;
        if (v === 'true' ? !has2fa(user) : user.authenticators.length > 0) return false;
        break;
      case 'query': {
        const hay = `${m.email} ${user?.email ?? ''} ${user?.name ?? ''}`.toLowerCase();
        if (!hay.includes(v)) return false;
        break;
      }
      default:
        return false; // unknown keys: empty result, no error
    }
  }
  return true;
}

export function listMembers(ctx: Ctx): Reply {
  requireScope(ctx, ['member:read', 'member:write', 'member:admin']);
  const q = (ctx.url.searchParams.get('query') ?? '').trim();
  const tokens: [string, string][] = [];
  if (q) {
    for (const part of q.split(/\s+/)) {
      const i = part.indexOf(':');
      tokens.push(i < 0 ? ['query', part] : [part.slice(0, i), part.slice(i + 1)]);
    }
  }
  const list: SimMember[] = [];
  for (const m of ctx.state.members.values()) {
    if (m.inviteStatus !== 'approved') continue;
    if (tokens.length > 0 && !matchesQuery(ctx, m, tokens)) continue;
    list.push(m);
  }
  return paged(ctx, list, (m) => serializeMember(ctx.state, m));
}

export function getMember(ctx: Ctx): Reply {
  requireScope(ctx, ['member:read', 'member:write', 'member:admin']);
  return json(200, serializeMemberDetail(ctx, findMember(ctx)));
}

function parseTeamRoles(ctx: Ctx, body: Record<string, unknown>): Map<string, string | null> | undefined {
  if (Array.isArray(body.teamRoles)) {
    const out = new Map<string, string | null>();
    for (const item of body.teamRoles as Record<string, unknown>[]) {
      const slug = item?.teamSlug;
      const role = item?.role ?? null;
      if (typeof slug !== 'string' || !ctx.state.teams.has(slug)) throw new HttpError(400, { teams: ['Invalid teams'] });
      if (role !== null && role !== 'contributor' && role !== 'admin') throw new HttpError(400, { teamRoles: ['Invalid team-role'] });
      out.set(slug, role as string | null);
    }
    return out;
  }
  if (Array.isArray(body.teams)) {
    const out = new Map<string, string | null>();
    for (const slug of body.teams as unknown[]) {
      if (typeof slug !== 'string' || !ctx.state.teams.has(slug)) throw new HttpError(400, { teams: ['Invalid teams'] });
      out.set(slug, null);
    }
    return out;
  }
  return undefined;
}

function callerRank(ctx: Ctx): number {
  // the assignable set is empty without member:admin (get_allowed_org_roles)
  if (!ctx.scopes.has('member:admin') || !ctx.member) return -1;
  return roleRank(ctx.member.orgRole);
}

/** PUT organizations/{org}/members/{id}/ (organization.md §3.4). */
export function updateMember(ctx: Ctx): Reply {
  requireScope(ctx, ['member:invite', 'member:write', 'member:admin']);
  if (!ctx.user) return { status: 400 };
  const m = findMember(ctx);
  const body = bodyObject(ctx);
  const roleIn = body.orgRole ?? body.role;
  const roleField = 'orgRole' in body ? 'orgRole' : 'role';
  if (roleIn !== undefined && (typeof roleIn !== 'string' || !(ORG_ROLES as readonly string[]).includes(roleIn))) {
    throw new HttpError(400, { [roleField]: ['You do not have permission to set that org-level role'] });
  }
  const newTeams = parseTeamRoles(ctx, body);
  if (!ctx.scopes.has('member:write') && !ctx.scopes.has('member:admin')) {
    if (!m.pending || m.inviterName !== ctx.user.name) throw new HttpError(403, { detail: 'You cannot modify invitations sent by someone else.' });
  }
  const role = roleIn as string | undefined;
  const changingRole = role !== undefined && role !== m.orgRole;
  if (changingRole && m.userId === ctx.user.id) throw new HttpError(400, { detail: 'You cannot make changes to your own role.' });
  if (changingRole) {
    const rank = callerRank(ctx);
    if (roleRank(role) > rank) throw new HttpError(403, { role: 'You do not have permission to assign the given role.' });
    if (roleRank(m.orgRole) > rank) throw new HttpError(403, { role: 'You do not have permission to assign a role to the given user.' });
    if (role === 'admin') throw new HttpError(400, { role: ["The role 'admin' is retired and cannot be assigned."] });
  }
  const targetRole = role ?? m.orgRole;
  // Team assignment runs before the role change. Without `teamRoles`/`teams` the handler calls
  // the team-assignment routine with no teams, deleting every team row (code reading,
  // UNCONFIRMED at runtime). We simulate the deletion: it is the reading that punishes a client
  // which forgets to re-send the member's teams, so tools tested here must always send them.
  const teams = newTeams ?? new Map<string, string | null>();
  if (targetRole === 'billing' && teams.size > 0) {
    throw new HttpError(400, { detail: `The user with a '${targetRole}' role cannot have team-level permissions.` });
  }
  if (changingRole && m.orgRole === 'owner' && !m.pending && ownerCount(ctx.state) <= 1) {
    throw new HttpError(400, ['An organization must have at least one owner']);
  }
  const user = m.userId ? ctx.state.users.get(m.userId) ?? null : null;
  for (const slug of m.teamRoles.keys()) {
    if (!teams.has(slug)) audit(ctx, { event: 'member.leave-team', targetObject: Number(m.id), targetUser: user, data: { email: m.email, team_slug: slug } });
  }
  for (const slug of teams.keys()) {
    if (!m.teamRoles.has(slug)) audit(ctx, { event: 'member.join-team', targetObject: Number(m.id), targetUser: user, data: { email: m.email, team_slug: slug } });
  }
  m.teamRoles = teams;
  if (role !== undefined) m.orgRole = role;
  audit(ctx, {
    event: 'member.edit',
    targetObject: Number(m.id),
    targetUser: user,
    data: {
      email: m.email,
      user: m.userId,
      teams: [...teams.keys()].map((s) => ctx.state.teams.get(s)?.id),
      teams_slugs: [...teams.keys()],
      has_global_access: roleRank(m.orgRole) >= roleRank('manager'),
      role: m.orgRole,
      invite_status: m.inviteStatus,
    },
    note: `edited member ${m.email}`,
  });
  return json(200, serializeMemberDetail(ctx, m));
}

/** DELETE organizations/{org}/members/{id}/ (organization.md §3.5). */
export function deleteMember(ctx: Ctx): Reply {
  requireScope(ctx, ['member:read', 'member:write', 'member:admin']);
  if (!ctx.user) return { status: 400 };
  const m = findMember(ctx);
  if (!ctx.member) throw new HttpError(400, { detail: 'You cannot remove a member who has more access than you.' });
  const self = m.userId === ctx.user.id;
  if (!self) {
    if (!ctx.scopes.has('member:admin')) {
      const ownInvite = m.pending && m.inviterName === ctx.user.name && ctx.scopes.has('member:invite');
      if (!ownInvite) throw new HttpError(400, { detail: 'You are missing the member:admin scope.' });
    } else if (roleRank(m.orgRole) > roleRank(ctx.member.orgRole)) {
      throw new HttpError(400, { detail: 'You cannot remove a member who has more access than you.' });
    }
  }
  if (m.flags['idp:provisioned']) throw new HttpError(403, { detail: "This user is managed through your organization's identity provider." });
  if (m.orgRole === 'owner' && !m.pending && ownerCount(ctx.state) <= 1) {
    throw new HttpError(403, { detail: 'You cannot remove the only remaining owner or manager of the organization.' });
  }
  const user = m.userId ? ctx.state.users.get(m.userId) ?? null : null;
  ctx.state.members.delete(m.id);
  audit(ctx, {
    event: 'member.remove',
    targetObject: Number(m.id),
    targetUser: user,
    data: { email: m.email, user: m.userId, role: m.orgRole, teams_slugs: [...m.teamRoles.keys()], invite_status: m.inviteStatus },
    note: `removed member ${m.email}`,
  });
  return { status: 204 };
}

/** POST organizations/{org}/members/ (organization.md §3.3). */
export function inviteMember(ctx: Ctx): Reply {
  requireScope(ctx, ['member:write', 'member:admin', 'member:invite']);
  if (!ctx.user || !ctx.member) throw new HttpError(403, NO_PERMISSION);
  const body = bodyObject(ctx);
  const email = body.email;
  if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email) || email.length > 75) {
    throw new HttpError(400, { email: ['Enter a valid email address.'] });
  }
  const role = body.orgRole ?? body.role ?? 'member';
  if (typeof role !== 'string' || !(ORG_ROLES as readonly string[]).includes(role)) {
    throw new HttpError(400, { orgRole: ['Invalid role'] });
  }
  const rank = ctx.scopes.has('member:admin') ? roleRank(ctx.member.orgRole) : roleRank('member');
  if (roleRank(role) > rank) throw new HttpError(400, { orgRole: ['You do not have permission to set that org-level role'] });
  const teams = parseTeamRoles(ctx, body) ?? new Map<string, string | null>();
  const lower = email.toLowerCase();
  for (const other of ctx.state.members.values()) {
    const u = other.userId ? ctx.state.users.get(other.userId) : undefined;
    if (other.email.toLowerCase() === lower || u?.email.toLowerCase() === lower) {
      throw new HttpError(400, { email: [other.pending ? `The user ${email} has already been invited` : `The user ${email} is already a member`] });
    }
  }
  const m = addInvite(ctx.state, nextId(ctx.state), email, role, ctx.now().toISOString(), ctx.user.name, [...teams]);
  audit(ctx, {
    event: 'member.invite',
    targetObject: Number(m.id),
    data: { email, role, teams_slugs: [...teams.keys()], invite_status: 'approved' },
    note: `invited member ${email}`,
  });
  return json(201, serializeMember(ctx.state, m));
}
