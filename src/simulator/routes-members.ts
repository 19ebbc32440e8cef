// Members: list, detail (`me`), role/team update, reinvite, removal, invitations
// (organization.md §3). Rules and messages follow src/sentry/core/endpoints/
// organization_member_index.py, organization_member_details.py and organization_member_utils.py;
// test/simulator/sentry-parity/ holds the ported Sentry tests.

import { audit } from './audit.js';
import type { Ctx, Reply } from './http.js';
import { HttpError, NOT_BOOLEAN, NO_PERMISSION, bodyObject, drfBool, json, notFound, paged, requireScope } from './http.js';
import { tokenizeQuery } from './query.js';
import { ORG_ROLES, hasOrgWriteRole, roleRank, roleScopes, teamRolesAllowed } from './roles.js';
import { ownerCount, serializeMember, serializeMemberDetail } from './serialize.js';
import { addInvite } from './seed-util.js';
import type { SimMember, SimUser } from './state.js';
import { has2fa, nextId } from './state.js';

const ERR_INSUFFICIENT_ROLE = 'You cannot remove a member who has more access than you.';
const ERR_INSUFFICIENT_SCOPE = 'You are missing the member:admin scope.';
const ERR_MEMBER_INVITE = 'You cannot modify invitations sent by someone else.';
const ERR_EDIT_WHEN_REINVITING = 'You cannot modify member details when resending an invitation. Separate requests are required.';
const ERR_ONLY_OWNER_OR_MANAGER = 'You cannot remove the only remaining owner or manager of the organization.';
const ERR_UNINVITABLE = 'You cannot send an invitation to a user who is already a full member.';
const ERR_EXPIRED = 'You cannot resend an expired invitation without regenerating the token.';
const ERR_PARTNERSHIP = 'This member is managed by an active partnership and cannot be modified until the end of the partnership.';
/** roles.get_choices() of the legacy `role` field; `orgRole` takes ROLE_CHOICES (the same ids). */
const ROLE_CHOICES: readonly string[] = ORG_ROLES;
/** AllowedEmailField refuses these domains (settings.INVALID_EMAIL_ADDRESS_PATTERNS). */
const REFUSED_EMAIL = /@qq\.com$/i;

export function findMember(ctx: Ctx): SimMember {
  const id = ctx.params.member_id ?? '';
  const m = id === 'me' ? ctx.member : ctx.state.members.get(id);
  // only approved members and invitations are visible here
  if (!m || m.inviteStatus !== 'approved') throw notFound();
  return m;
}

/** Whether `user` sent the invitation `m` (inviter_id; seeds without an id compare names). */
function invitedBy(m: SimMember, user: SimUser): boolean {
  return m.inviterId !== null ? m.inviterId === user.id : m.inviterName === user.name;
}

function matchesQuery(ctx: Ctx, m: SimMember, tokens: Map<string, string[]>): boolean {
  const user = m.userId ? ctx.state.users.get(m.userId) : undefined;
  for (const [key, values] of tokens) {
    const lower = values.map((v) => v.toLowerCase());
    switch (key) {
      case 'email':
        if (!lower.includes(m.email.toLowerCase()) && !(user && lower.includes(user.email.toLowerCase()))) return false;
        break;
      case 'id':
        // digits only; non-digit values match nothing
        if (!values.filter((v) => /^\d+$/.test(v)).includes(m.id)) return false;
        break;
      case 'user.id':
        if (!m.userId || !values.filter((v) => /^\d+$/.test(v)).includes(m.userId)) return false;
        break;
      case 'role':
        if (!values.includes(m.orgRole)) return false;
        break;
      case 'scope': {
        const scopes = roleScopes(m.orgRole, ctx.state.org);
        if (!values.some((v) => scopes.has(v))) return false;
        break;
      }
      case 'isInvited':
        if (m.userId === null !== values.includes('true')) return false;
        break;
      case 'ssoLinked':
        if (Boolean(m.flags['sso:linked']) !== values.includes('true')) return false;
        break;
      case 'has2fa':
        // true: a non-backup authenticator; false: no authenticator rows at all; invites never match
        if (!user) return false;
        if (values.includes('true') ? !has2fa(user) : user.authenticators.length > 0) return false;
        break;
      case 'hasExternalUsers':
        // the simulator has no external-user mappings
        if (values.includes('true')) return false;
        break;
      case 'query': {
        // user_service query (name, username, email) or the invitation email, substring, any case
        const text = values.join(' ').toLowerCase();
        const hay = user ? [user.email, user.name, user.username] : [m.email];
        if (!hay.some((h) => h.toLowerCase().includes(text)) && !m.email.toLowerCase().includes(text)) return false;
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
  const tokens = tokenizeQuery(ctx.url.searchParams.get('query') ?? '');
  const list: SimMember[] = [];
  for (const m of ctx.state.members.values()) {
    if (m.inviteStatus !== 'approved') continue;
    if (m.userId && ctx.state.users.get(m.userId)?.isActive === false) continue;
    if (tokens.size > 0 && !matchesQuery(ctx, m, tokens)) continue;
    list.push(m);
  }
  return paged(ctx, list, (m) => serializeMember(ctx.state, m));
}

export function getMember(ctx: Ctx): Reply {
  requireScope(ctx, ['member:read', 'member:write', 'member:admin']);
  return json(200, serializeMemberDetail(ctx, findMember(ctx)));
}

/**
 * get_allowed_org_roles: roles at or below the caller's own, and none without member:admin
 * (inviting skips that scope test) or without a member row (integration tokens).
 */
function allowedRoles(ctx: Ctx, creatingInvite = false): string[] {
  if (!ctx.member || (!creatingInvite && !ctx.scopes.has('member:admin'))) return [];
  const rank = roleRank(ctx.member.orgRole);
  return ORG_ROLES.filter((r) => roleRank(r) <= rank);
}

type TeamList = [string, string | null][];

interface MemberRequest {
  /** the request keys the serializer knows and the body carries */
  keys: Set<string>;
  email?: string;
  role?: string;
  orgRole?: string;
  teams?: TeamList;
  teamRoles?: TeamList;
  sendInvite?: boolean;
  reinvite?: boolean;
  regenerate?: boolean;
}

/**
 * OrganizationMemberRequestSerializer (organization_member_index.py). `partial` is the PUT: only
 * sent fields are validated and defaults are not applied. Errors are collected per field, as DRF
 * does, and thrown together as one 400.
 */
function parseMemberRequest(ctx: Ctx, body: Record<string, unknown>, opts: { partial: boolean; allowed: string[]; allowRetired: boolean }): MemberRequest {
  const errors: Record<string, string[]> = {};
  const out: MemberRequest = { keys: new Set() };
  const known = ['email', 'role', 'orgRole', 'teams', 'teamRoles', 'sendInvite', 'reinvite', 'regenerate'];
  for (const k of known) if (k in body) out.keys.add(k);

  if ('email' in body || !opts.partial) {
    const email = body.email;
    if (email === undefined || email === null || email === '') errors.email = ['This field is required.'];
    else if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$|^[^@\s]+@localhost$/.test(email) || REFUSED_EMAIL.test(email)) errors.email = ['Enter a valid email address.'];
    else if (email.length > 75) errors.email = ['Ensure this field has no more than 75 characters.'];
    else if (!opts.partial) {
      const lower = email.toLowerCase();
      for (const other of ctx.state.members.values()) {
        if (other.inviteStatus !== 'approved') continue;
        const u = other.userId ? ctx.state.users.get(other.userId) : undefined;
        if (other.email.toLowerCase() === lower || u?.email.toLowerCase() === lower) {
          errors.email = [other.userId === null ? `The user ${email} has already been invited` : `The user ${email} is already a member`];
        }
      }
      if (!errors.email) out.email = email;
    }
  }
  for (const field of ['role', 'orgRole'] as const) {
    if (!(field in body) && opts.partial) continue;
    const v = field in body ? body[field] : 'member';
    if (typeof v !== 'string' || !ROLE_CHOICES.includes(v)) {
      errors[field] = [`"${String(v)}" is not a valid choice.`];
    } else if (!opts.allowed.includes(v)) {
      errors[field] = ['You do not have permission to set that org-level role'];
    } else if (!opts.allowRetired && v === 'admin') {
      errors[field] = [`The role '${v}' is deprecated and may no longer be assigned.`];
    } else out[field] = v;
  }
  const validTeams = (slugs: unknown[]): string[] | null =>
    slugs.every((s) => typeof s === 'string' && ctx.state.teams.has(s)) ? (slugs as string[]) : null;
  if ('teams' in body) {
    const v = body.teams;
    if (!Array.isArray(v)) errors.teams = [`Expected a list of items but got type "${typeof v === 'string' ? 'str' : typeof v}".`];
    else {
      const slugs = validTeams(v);
      if (!slugs) errors.teams = ['Invalid teams'];
      else out.teams = slugs.map((s) => [s, null]);
    }
  }
  if ('teamRoles' in body && body.teamRoles !== null) {
    const v = body.teamRoles;
    if (!Array.isArray(v)) errors.teamRoles = [`Expected a list of items but got type "${typeof v === 'string' ? 'str' : typeof v}".`];
    else {
      const items = v as Record<string, unknown>[];
      const roles = items.map((i) => i?.role ?? null);
      const slugs = validTeams(items.map((i) => i?.teamSlug));
      if (roles.some((r) => r !== null && r !== 'contributor' && r !== 'admin')) errors.teamRoles = ['Invalid team-role'];
      else if (!slugs) errors.teamRoles = ['Invalid teams'];
      else out.teamRoles = slugs.map((s, i) => [s, (roles[i] as string | null) ?? null]);
    }
  } else if ('teamRoles' in body) out.teamRoles = [];
  for (const field of ['sendInvite', 'reinvite', 'regenerate'] as const) {
    if (!(field in body)) continue;
    const b = drfBool(body[field]);
    if (b === undefined) errors[field] = [NOT_BOOLEAN];
    else out[field] = b;
  }
  if (Object.keys(errors).length > 0) throw new HttpError(400, errors);
  return out;
}

function memberAuditData(ctx: Ctx, m: SimMember): Record<string, unknown> {
  // OrganizationMember.get_audit_log_data
  return {
    email: m.email,
    user: m.userId,
    teams: [...m.teamRoles.keys()].map((s) => ctx.state.teams.get(s)?.id),
    teams_slugs: [...m.teamRoles.keys()],
    has_global_access: roleRank(m.orgRole) >= roleRank('manager'),
    role: m.orgRole,
    invite_status: m.inviteStatus,
  };
}

/** Replaces the member's team rows (save_team_assignments) and writes join/leave entries. */
function saveTeams(ctx: Ctx, m: SimMember, teams: TeamList): void {
  const next = new Map(teams);
  const user = m.userId ? ctx.state.users.get(m.userId) ?? null : null;
  for (const slug of next.keys()) {
    if (!m.teamRoles.has(slug)) audit(ctx, { event: 'member.join-team', targetObject: Number(m.id), targetUser: user, data: { email: m.email, team_slug: slug } });
  }
  for (const slug of m.teamRoles.keys()) {
    if (!next.has(slug)) audit(ctx, { event: 'member.leave-team', targetObject: Number(m.id), targetUser: user, data: { email: m.email, team_slug: slug } });
  }
  m.teamRoles = next;
}

/** PUT organizations/{org}/members/{id}/: reinvite, or team and role changes (organization.md §3.4). */
export function updateMember(ctx: Ctx): Reply {
  requireScope(ctx, ['member:invite', 'member:write', 'member:admin']);
  const m = findMember(ctx);
  const user = ctx.user;
  if (!user) return { status: 400 };
  const allowed = allowedRoles(ctx);
  const req = parseMemberRequest(ctx, bodyObject(ctx), { partial: true, allowed, allowRetired: true });
  if (m.flags['partnership:restricted']) throw new HttpError(403, { detail: ERR_PARTNERSHIP });

  // Members (member:invite without member:admin) may only resend their own pending invitations.
  const reinviteOnly = [...req.keys].every((k) => k === 'reinvite' || k === 'regenerate');
  if (!ctx.scopes.has('member:admin') && ctx.scopes.has('member:invite')) {
    if (!(ctx.state.org.allowMemberInvite && m.pending && reinviteOnly)) throw new HttpError(403, NO_PERMISSION);
    if (!invitedBy(m, user)) throw new HttpError(403, { detail: ERR_MEMBER_INVITE });
  }

  if (req.reinvite) {
    if (!reinviteOnly) throw new HttpError(403, { detail: ERR_EDIT_WHEN_REINVITING });
    if (m.pending) {
      if (req.regenerate) {
        if (!ctx.scopes.has('member:admin')) throw new HttpError(400, { detail: ERR_INSUFFICIENT_SCOPE });
        m.expired = false; // a new token
      }
      if (m.expired) throw new HttpError(400, { detail: ERR_EXPIRED });
    } else if (!(ctx.state.org.authProvider && !m.flags['sso:linked'])) {
      // a linked member of an SSO org gets the SSO link email; anyone else cannot be reinvited
      throw new HttpError(400, { detail: ERR_UNINVITABLE });
    }
    const target = m.userId ? ctx.state.users.get(m.userId) ?? null : null;
    audit(ctx, { event: 'member.reinvite', targetObject: Number(m.id), targetUser: target, data: memberAuditData(ctx, m), note: `reinvited member ${m.email}` });
    return json(200, serializeMemberDetail(ctx, m));
  }

  const assigned = req.orgRole ?? req.role;
  // Without the team-roles feature every team role is stored as null.
  const withRoles = (t: TeamList): TeamList => (ctx.state.org.features.includes('team-roles') ? t : t.map(([s]) => [s, null]));
  const teams = req.teamRoles !== undefined ? withRoles(req.teamRoles) : req.teams;
  const target = assigned ?? m.orgRole;
  if ((teams !== undefined && teams.length > 0) || (teams === undefined && m.teamRoles.size > 0)) {
    if (!teamRolesAllowed(target)) throw new HttpError(400, { detail: `The user with a '${target}' role cannot have team-level permissions.` });
  }
  // Team rows are replaced BEFORE the role checks below, and a PUT without teamRoles/teams
  // replaces them with nothing: save_team_assignments(member, None) deletes every row (code
  // reading of organization_member_details.py + organization_member_utils.py). A refused role
  // change therefore still keeps the team change, as on Sentry.
  saveTeams(ctx, m, teams ?? []);

  if (assigned !== undefined && assigned !== m.orgRole) {
    if (!allowed.includes(assigned)) throw new HttpError(403, { role: 'You do not have permission to assign the given role.' });
    if (!allowed.includes(m.orgRole)) throw new HttpError(403, { role: 'You do not have permission to assign a role to the given user.' });
    if (m.userId === user.id) throw new HttpError(400, { detail: 'You cannot make changes to your own role.' });
    if (ctx.state.org.features.includes('team-roles') && assigned === 'admin') {
      throw new HttpError(400, { detail: `The role '${assigned}' is deprecated and may no longer be assigned.` });
    }
    // the pre-save hook of src/sentry/receivers/owners.py
    if (m.orgRole === 'owner' && !m.pending && ownerCount(ctx.state) <= 1) {
      throw new HttpError(400, ['An organization must have at least one owner']);
    }
    m.orgRole = assigned;
  }
  const target2 = m.userId ? ctx.state.users.get(m.userId) ?? null : null;
  audit(ctx, { event: 'member.edit', targetObject: Number(m.id), targetUser: target2, data: memberAuditData(ctx, m), note: `edited member ${m.email}` });
  return json(200, serializeMemberDetail(ctx, m));
}

/** is_only_member_with_org_write: no other active, accepted owner or manager is left. */
function onlyMemberWithOrgWrite(ctx: Ctx, m: SimMember): boolean {
  if (!hasOrgWriteRole(m.orgRole) || m.pending) return false;
  for (const o of ctx.state.members.values()) {
    if (o === m || o.pending || !hasOrgWriteRole(o.orgRole)) continue;
    if (o.userId && ctx.state.users.get(o.userId)?.isActive !== false) return false;
  }
  return true;
}

function removeMember(ctx: Ctx, m: SimMember): void {
  const data = { ...memberAuditData(ctx, m) };
  const user = m.userId ? ctx.state.users.get(m.userId) ?? null : null;
  ctx.state.members.delete(m.id);
  // the removed user's pending invitations go with them
  if (m.userId) {
    for (const o of [...ctx.state.members.values()]) if (o.pending && o.inviterId === m.userId) ctx.state.members.delete(o.id);
  }
  audit(ctx, { event: 'member.remove', targetObject: Number(m.id), targetUser: user, data, note: `removed member ${m.email}` });
}

/** DELETE organizations/{org}/members/{id}/ (organization.md §3.5). */
export function deleteMember(ctx: Ctx): Reply {
  requireScope(ctx, ['member:read', 'member:write', 'member:admin']);
  const m = findMember(ctx);
  if (ctx.user) {
    const acting = ctx.member;
    if (!acting) throw new HttpError(400, { detail: ERR_INSUFFICIENT_ROLE });
    if (acting !== m) {
      if (!ctx.scopes.has('member:admin')) {
        if (!(ctx.state.org.allowMemberInvite && ctx.scopes.has('member:invite'))) throw new HttpError(400, { detail: ERR_INSUFFICIENT_SCOPE });
        // _handle_deletion_by_member: only pending invitations the caller sent
        if (!m.pending) throw new HttpError(400, { detail: ERR_INSUFFICIENT_SCOPE });
        if (!invitedBy(m, ctx.user)) throw new HttpError(400, { detail: ERR_MEMBER_INVITE });
        removeMember(ctx, m);
        return { status: 204 };
      }
      if (roleRank(acting.orgRole) < roleRank(m.orgRole)) throw new HttpError(400, { detail: ERR_INSUFFICIENT_ROLE });
    }
  } else if (!ctx.scopes.has('member:admin')) {
    throw new HttpError(400, { detail: ERR_INSUFFICIENT_SCOPE });
  }
  if (onlyMemberWithOrgWrite(ctx, m)) throw new HttpError(403, { detail: ERR_ONLY_OWNER_OR_MANAGER });
  if (m.flags['idp:provisioned']) throw new HttpError(403, { detail: "This user is managed through your organization's identity provider." });
  if (m.flags['partnership:restricted']) throw new HttpError(403, { detail: ERR_PARTNERSHIP });
  removeMember(ctx, m);
  return { status: 204 };
}

/** POST organizations/{org}/members/ (organization.md §3.3). */
export function inviteMember(ctx: Ctx): Reply {
  requireScope(ctx, ['member:write', 'member:admin', 'member:invite']);
  if (!ctx.user || !ctx.member) throw new HttpError(403, NO_PERMISSION);
  const body = bodyObject(ctx);
  const org = ctx.state.org;
  if (!org.features.includes('invite-members')) throw new HttpError(403, { organization: 'Your organization is not allowed to invite members' });
  const req = parseMemberRequest(ctx, body, { partial: false, allowed: allowedRoles(ctx, true), allowRetired: !org.features.includes('team-roles') });
  const email = req.email ?? '';
  const role = typeof body.orgRole === 'string' && body.orgRole ? body.orgRole : typeof body.role === 'string' && body.role ? body.role : 'member';
  // "Do not set team-roles when inviting members": the teams are kept, their roles are not
  const teams: TeamList = (req.teamRoles && req.teamRoles.length > 0 ? req.teamRoles : req.teams ?? []).map(([s]) => [s, null]);
  const isMember = !ctx.scopes.has('member:admin') && ctx.scopes.has('member:invite');
  if (isMember && !org.openMembership && org.allowMemberInvite && teams.length > 0) {
    const mine = new Set(ctx.member.teamRoles.keys());
    if (teams.some(([s]) => !mine.has(s))) throw new HttpError(400, { detail: 'You cannot assign members to teams you are not a member of.' });
  }
  if (teams.length > 0 && !teamRolesAllowed(role)) {
    throw new HttpError(400, { email: `The user with a '${role}' role cannot have team-level permissions.` });
  }
  // an earlier join request or invite request for this email gives way to the invitation
  for (const o of [...ctx.state.members.values()]) {
    if (o.inviteStatus !== 'approved' && o.email.toLowerCase() === email.toLowerCase()) ctx.state.members.delete(o.id);
  }
  const m = addInvite(ctx.state, nextId(ctx.state), email, role, ctx.now().toISOString(), ctx.user.name, teams, ctx.user.id);
  audit(ctx, { event: 'member.invite', targetObject: Number(m.id), data: memberAuditData(ctx, m), note: `invited member ${email}` });
  return json(201, serializeMember(ctx.state, m));
}
