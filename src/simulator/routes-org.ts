// Token introspection, organization list/details/update, auth providers, teams, spike protection.

import { audit } from './audit.js';
import type { Ctx, Reply } from './http.js';
import { HttpError, NOT_BOOLEAN, NOT_FOUND, NO_PERMISSION, bodyObject, drfBool, json, paged, requireScope } from './http.js';
import { tokenizeQuery } from './query.js';
import { validateRelayPiiConfig } from './pii.js';
import { ORG_ROLES } from './roles.js';
import { serializeOrgDetail, serializeOrgSummary, serializeTeam, serializeUser } from './serialize.js';
import type { SimMember, SimOrg } from './state.js';
import { has2fa } from './state.js';

const ORG_SCOPES = ['org:read', 'org:write', 'org:admin'];

export function index(ctx: Ctx): Reply {
  return json(200, {
    version: '0',
    auth: { scopes: [...ctx.token.scopes] },
    user: ctx.user ? serializeUser(ctx.user) : null,
  });
}

export function listOrganizations(ctx: Ctx): Reply {
  // a token bound to one org (org auth tokens included) lists just that org (organization.md §2.1)
  if (ctx.token.kind !== 'org') requireScope(ctx, ORG_SCOPES);
  return paged(ctx, [ctx.state.org], () => serializeOrgSummary(ctx));
}

export function getOrganization(ctx: Ctx): Reply {
  const features = (ctx.url.searchParams.get('include_feature_flags') ?? '0') !== '0';
  requireScope(ctx, ORG_SCOPES);
  const detailed = ctx.url.searchParams.get('detailed') !== '0';
  return json(200, serializeOrgDetail(ctx, { features, detailed }));
}

type FieldErrors = Record<string, string[]>;

const BOOL_FLAGS: [keyof SimOrg & string, string, boolean][] = [
  // [API field, internal flag name, inverted]
  ['require2FA', 'require_2fa', false],
  ['openMembership', 'allow_joinleave', false],
  ['enhancedPrivacy', 'enhanced_privacy', false],
  ['allowSharedIssues', 'disable_shared_issues', true],
  ['allowMemberInvite', 'disable_member_invite', true],
  ['allowMemberProjectCreation', 'disable_member_project_creation', true],
  ['allowSuperuserAccess', 'prevent_superuser_access', true],
  ['isEarlyAdopter', 'early_adopter', false],
];

const BOOL_OPTIONS: (keyof SimOrg & string)[] = [
  'eventsMemberAdmin', 'alertsMemberWrite', 'allowJoinRequests', 'dataScrubber', 'dataScrubberDefaults',
  'scrubIPAddresses', 'scrapeJavaScript',
];

function fmt(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'string' ? `'${x}'` : JSON.stringify(x))).join(', ')}]`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function changeText(oldV: unknown, newV: unknown): string {
  const unset = oldV === null || oldV === undefined || (Array.isArray(oldV) && oldV.length === 0);
  return unset ? `to ${fmt(newV)}` : `from ${fmt(oldV)} to ${fmt(newV)}`;
}

function asBool(v: unknown, field: string, errors: FieldErrors): boolean | undefined {
  const b = drfBool(v);
  if (b === undefined) errors[field] = [NOT_BOOLEAN];
  return b;
}

function stringList(v: unknown, field: string, errors: FieldErrors): string[] | undefined {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    errors[field] = ['Expected a list of items but got type "' + typeof v + '".'];
    return undefined;
  }
  if (v.some((x) => (x as string).trim() === '')) {
    errors[field] = ['Empty values are not allowed.'];
    return undefined;
  }
  return v as string[];
}

const AUTOFIX_TUNING = ['off', 'super_low', 'low', 'medium', 'high', 'always'];

interface ReplayUpdate {
  flag?: boolean;
  userIds?: string[];
}

/**
 * Granular replay permissions (OrganizationSerializer in src/sentry/core/endpoints/
 * organization_details.py, _validate_granular_replay_permissions and save): both fields need
 * org:write (else 403 with Sentry's message); replayAccessMembers holds USER ids, each must be a
 * member's user (else 400, field-keyed string, nothing saved); null means an empty list.
 */
function replayAccessUpdate(ctx: Ctx, body: Record<string, unknown>, errors: FieldErrors): ReplayUpdate | undefined {
  const hasFlag = 'hasGranularReplayPermissions' in body;
  const hasList = 'replayAccessMembers' in body;
  if (!hasFlag && !hasList) return undefined;
  if (!ctx.scopes.has('org:write')) throw new HttpError(403, { detail: 'You do not have permission to modify granular replay permissions.' });
  const out: ReplayUpdate = {};
  if (hasFlag) {
    const b = asBool(body.hasGranularReplayPermissions, 'hasGranularReplayPermissions', errors);
    if (b !== undefined) out.flag = b;
  }
  if (hasList) {
    const v = body.replayAccessMembers;
    if (v === null) out.userIds = [];
    else if (!Array.isArray(v) || v.some((x) => !/^\d+$/.test(String(x)) || typeof x === 'boolean')) errors.replayAccessMembers = ['A valid integer is required.'];
    else {
      const ids = [...new Set(v.map((x) => String(Number(x))))];
      const current = new Set(ctx.state.org.replayAccessUserIds ?? []);
      const memberUsers = new Set([...ctx.state.members.values()].map((m) => m.userId).filter((u): u is string => u !== null));
      const invalid = ids.filter((id) => !current.has(id) && !memberUsers.has(id)).map(Number).sort((a, b) => a - b);
      if (invalid.length > 0) errors.replayAccessMembers = `Invalid user IDs (not members of this organization): [${invalid.join(', ')}]` as unknown as string[];
      else out.userIds = ids;
    }
  }
  return out;
}

function applyReplayAccess(org: SimOrg, u: ReplayUpdate, data: Record<string, unknown>): void {
  if (u.flag !== undefined) {
    const old = org.hasGranularReplayPermissions;
    // get_or_create: a first write logs "to X"; an unchanged value logs nothing
    if (old === null || old === undefined) data.hasGranularReplayPermissions = `to ${u.flag ? 'True' : 'False'}`;
    else if (old !== u.flag) data.hasGranularReplayPermissions = `from ${old ? 'True' : 'False'} to ${u.flag ? 'True' : 'False'}`;
    org.hasGranularReplayPermissions = u.flag;
  }
  if (u.userIds !== undefined) {
    const current = new Set(org.replayAccessUserIds ?? []);
    const next = new Set(u.userIds);
    const added = [...next].filter((id) => !current.has(id)).length;
    const removed = [...current].filter((id) => !next.has(id)).length;
    if (added > 0 || removed > 0) {
      const changes = [...(added > 0 ? [`added ${added} user(s)`] : []), ...(removed > 0 ? [`removed ${removed} user(s)`] : [])];
      data.replayAccessMembers = `${changes.join(' and ')} (total: ${next.size} user(s) with access)`;
    }
    org.replayAccessUserIds = [...next];
  }
}

/** PUT organizations/{org}/ (organization.md §2.4-2.5). */
export function updateOrganization(ctx: Ctx): Reply {
  requireScope(ctx, ['org:write', 'org:admin']);
  const body = bodyObject(ctx);
  const org = ctx.state.org;
  const errors: FieldErrors = {};
  const next: Partial<SimOrg> = {};

  for (const [field] of BOOL_FLAGS) {
    if (field in body) {
      const b = asBool(body[field], field, errors);
      if (b !== undefined) (next as Record<string, unknown>)[field] = b;
    }
  }
  for (const field of BOOL_OPTIONS) {
    if (field in body) {
      const b = asBool(body[field], field, errors);
      if (b !== undefined) (next as Record<string, unknown>)[field] = b;
    }
  }
  if ('name' in body) {
    if (typeof body.name !== 'string' || body.name.trim() === '' || body.name.length > 64) errors.name = ['This field may not be blank.'];
    else next.name = body.name;
  }
  // owner-only field: silently ignored for callers without org:admin (DRF's owner serializer)
  if ('defaultRole' in body && ctx.scopes.has('org:admin')) {
    if (typeof body.defaultRole !== 'string' || !['member', 'admin', 'manager', 'owner'].includes(body.defaultRole)) {
      errors.defaultRole = [`"${String(body.defaultRole)}" is not a valid choice.`];
    } else next.defaultRole = body.defaultRole;
  }
  for (const field of ['attachmentsRole', 'debugFilesRole'] as const) {
    if (field in body) {
      const v = body[field];
      if (typeof v !== 'string' || !(ORG_ROLES as readonly string[]).includes(v) || v === 'billing') errors[field] = ['Invalid role'];
      else next[field] = v;
    }
  }
  if ('sensitiveFields' in body) {
    const list = body.sensitiveFields === null ? [] : stringList(body.sensitiveFields, 'sensitiveFields', errors);
    if (list) {
      if (list.reduce((n, s) => n + s.length, 0) > 4000) errors.sensitiveFields = ['List of sensitive fields is too long.'];
      else next.sensitiveFields = list;
    }
  }
  if ('safeFields' in body) {
    const list = body.safeFields === null ? [] : stringList(body.safeFields, 'safeFields', errors);
    if (list) next.safeFields = list;
  }
  if ('relayPiiConfig' in body) {
    const v = body.relayPiiConfig;
    if (v === null || v === '') next.relayPiiConfig = v === '' ? '' : null;
    else if (typeof v !== 'string') errors.relayPiiConfig = ['Not a valid string.'];
    else {
      const err = validateRelayPiiConfig(v);
      if (err) errors.relayPiiConfig = [err];
      else next.relayPiiConfig = v;
    }
  }
  if ('storeCrashReports' in body) {
    const v = body.storeCrashReports;
    if (v === null) next.storeCrashReports = null;
    else if (typeof v !== 'number' || !Number.isInteger(v) || v < -1 || v > 100) errors.storeCrashReports = ['Invalid value'];
    else next.storeCrashReports = v;
  }
  if ('trustedRelays' in body) {
    const v = body.trustedRelays;
    if (!Array.isArray(v)) errors.trustedRelays = ['Expected a list of items.'];
    else {
      const seen = new Set<string>();
      const out: SimOrg['trustedRelays'] = [];
      for (const item of v as Record<string, unknown>[]) {
        const name = item?.name;
        const key = item?.publicKey;
        if (name === undefined) { errors.trustedRelays = ['Relay key info with missing name in Trusted Relays']; break; }
        if (typeof name !== 'string' || name.trim() === '') { errors.trustedRelays = ['Relay key info with empty name in Trusted Relays']; break; }
        if (key === undefined || key === null || key === '') { errors.trustedRelays = [`Missing public key for relay key info with name:'${name}' in Trusted Relays`]; break; }
        if (typeof key !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(key)) { errors.trustedRelays = [`Invalid public key for relay key info with name:'${name}' in Trusted Relays`]; break; }
        if (seen.has(key)) { errors.trustedRelays = [`Duplicated key in Trusted Relays: '${key}'`]; break; }
        seen.add(key);
        const old = org.trustedRelays.find((r) => r.publicKey === key);
        const now = ctx.now().toISOString();
        out.push({ name, publicKey: key, description: typeof item.description === 'string' ? item.description : '', created: old?.created ?? now, lastModified: now });
      }
      if (!errors.trustedRelays) next.trustedRelays = out;
    }
  }
  if ('ingestThroughTrustedRelaysOnly' in body) {
    if (!org.features.includes('ingest-through-trusted-relays-only')) {
      throw new HttpError(400, { detail: 'Organization does not have the ingest through trusted relays only feature enabled.' });
    }
    const v = body.ingestThroughTrustedRelaysOnly;
    if (v !== 'enabled' && v !== 'disabled') errors.ingestThroughTrustedRelaysOnly = [`"${String(v)}" is not a valid choice.`];
    else next.ingestThroughTrustedRelaysOnly = v;
  }
  // AI / Seer options: a server that predates them ignores the keys (DRF drops unknown fields)
  for (const field of ['hideAiFeatures', 'defaultSeerScannerAutomation'] as const) {
    if (field in body && org[field] !== undefined) {
      const b = asBool(body[field], field, errors);
      if (b !== undefined) next[field] = b;
    }
  }
  if ('defaultAutofixAutomationTuning' in body && org.defaultAutofixAutomationTuning !== undefined) {
    // ChoiceField over AutofixAutomationTuningSettings (src/sentry/seer/autofix/constants.py)
    const v = body.defaultAutofixAutomationTuning;
    if (typeof v !== 'string' || !AUTOFIX_TUNING.includes(v)) errors.defaultAutofixAutomationTuning = [`"${String(v)}" is not a valid choice.`];
    else next.defaultAutofixAutomationTuning = v;
  }
  const replay = org.hasGranularReplayPermissions !== undefined ? replayAccessUpdate(ctx, body, errors) : undefined;
  if (next.require2FA === true && ctx.user) {
    if (!has2fa(ctx.user)) errors.require2FA = ['Cannot require two-factor authentication without personal two-factor enabled.'];
    else if (org.authProvider) errors.require2FA = ['Cannot require two-factor authentication with SSO enabled'];
  } else if (next.require2FA === true && !ctx.user) {
    errors.require2FA = ['Cannot require two-factor authentication without personal two-factor enabled.'];
  }
  if (Object.keys(errors).length > 0) throw new HttpError(400, errors);

  // apply and build the org.edit data (organization.md §6.3)
  const data: Record<string, unknown> = {};
  const flagName = new Map(BOOL_FLAGS.map(([f, n, inv]) => [f, [n, inv] as const]));
  const columns: Record<string, string> = { name: 'name', defaultRole: 'default_role' };
  for (const [field, value] of Object.entries(next)) {
    const old = (org as unknown as Record<string, unknown>)[field];
    if (JSON.stringify(old) === JSON.stringify(value)) continue;
    const flag = flagName.get(field as keyof SimOrg & string);
    if (flag) {
      const [internal, inverted] = flag;
      data[internal] = `to ${(inverted ? !value : value) ? 'True' : 'False'}`;
    } else if (columns[field]) {
      data[columns[field]] = changeText(old, value);
    } else if (field === 'trustedRelays') {
      data.trustedRelays = changeText(old, value);
    } else {
      data[field] = changeText(old, value);
    }
    (org as unknown as Record<string, unknown>)[field] = value;
  }
  if (replay) applyReplayAccess(org, replay, data);
  if (Object.keys(data).length > 0) audit(ctx, { event: 'org.edit', targetObject: Number(org.id), data, note: `edited the organization setting(s): ${Object.keys(data).join(', ')}` });

  // The 2FA sweep runs on EVERY PUT carrying require2FA: true, even when it was already on.
  if (next.require2FA === true) twoFactorSweep(ctx);

  return json(200, serializeOrgDetail(ctx, { features: false, detailed: true }));
}

/**
 * Members whose user lacks 2FA become pending invitations (organization.md §2.5). Whether team
 * rows survive is UNCONFIRMED; we keep them (role and team rows kept, as the model code reads),
 * which matters to the tool only through rollback: the invite keeps its teams.
 *
 * As Sentry writes it (src/sentry/tasks/auth/auth.py, OrganizationComplianceTask
 * .remove_non_compliant_members, and src/sentry/models/organizationmember.py remove_user):
 * - the membership keeps its id, role and `date_added` (our dateCreated): a swept member looks
 *   like an invitation as old as the membership; a fresh token is valid 30 days (INVITE_DAYS_VALID);
 * - the `member.pending` entry has target_object = the ORGANIZATION id and target_user = the
 *   user, and its data is the membership's get_audit_log_data() taken before the user was
 *   removed (email = the user's email, user = the user id, teams, role, invite_status).
 */
function twoFactorSweep(ctx: Ctx): void {
  const teamIds = (m: SimMember): number[] => [...m.teamRoles.keys()].map((slug) => Number(ctx.state.teams.get(slug)?.id ?? NaN)).filter(Number.isFinite);
  for (const m of ctx.state.members.values()) {
    if (!m.userId) continue;
    const user = ctx.state.users.get(m.userId);
    if (!user || has2fa(user)) continue;
    const data = {
      email: user.email, user: Number(user.id), teams: teamIds(m), teams_slugs: [...m.teamRoles.keys()],
      has_global_access: true, role: m.orgRole, invite_status: 'approved',
    };
    m.userId = null;
    m.pending = true;
    m.expired = false;
    m.email = user.email;
    m.inviteStatus = 'approved';
    audit(ctx, {
      event: 'member.pending',
      targetObject: Number(ctx.state.org.id),
      targetUser: user,
      data,
      note: `required member ${user.email} to setup 2FA`,
    });
  }
}

export function getAuthProvider(ctx: Ctx): Reply {
  requireScope(ctx, ORG_SCOPES);
  const p = ctx.state.org.authProvider;
  if (!p) return { status: 204 };
  let pending = 0;
  for (const m of ctx.state.members.values()) if (!m.pending && !m.flags['sso:linked']) pending += 1;
  return json(200, { ...p, pending_links_count: pending, default_role: ctx.state.org.defaultRole });
}

export function listAuthProviders(ctx: Ctx): Reply {
  requireScope(ctx, ORG_SCOPES);
  return json(200, ctx.state.org.authProviders.map((p) => ({ ...p })));
}

/**
 * DELETE organizations/{org}/ (organization_details.py handle_delete): owners only (org:admin);
 * schedules the deletion (202, status pending_deletion, audit org.remove). A self-hosted
 * single-organization install refuses to remove its default organization.
 */
export function deleteOrganization(ctx: Ctx): Reply {
  requireScope(ctx, ['org:admin']);
  if (!ctx.user) throw new HttpError(401, { detail: 'This request requires an authenticated user.' });
  if (ctx.selfHosted) throw new HttpError(400, { detail: 'You cannot remove the default organization.' });
  const org = ctx.state.org;
  if (org.status !== 'pending_deletion') {
    org.status = 'pending_deletion';
    audit(ctx, { event: 'org.remove', targetObject: Number(org.id), data: { id: org.id, slug: org.slug, name: org.name }, note: `removed organization ${org.slug}` });
  }
  return json(202, serializeOrgDetail(ctx, { features: false, detailed: false }));
}

/** GET users/{id}/ (user_details.py): UserPermission has no token scopes, so every token gets 403. */
export function userDetails(): Reply {
  throw new HttpError(403, NO_PERMISSION);
}

/** `query=` of organization_teams.py: free text on name/slug, `slug:`, `id:`, `hasExternalTeams:`. */
function teamMatches(t: { id: string; slug: string; name: string }, tokens: Map<string, string[]>): boolean {
  for (const [key, values] of tokens) {
    if (key === 'query') {
      const text = values.join(' ').toLowerCase();
      if (!t.name.toLowerCase().includes(text) && !t.slug.toLowerCase().includes(text)) return false;
    } else if (key === 'slug') {
      if (!values.includes(t.slug)) return false;
    } else if (key === 'id') {
      if (!values.includes(t.id)) return false;
    } else if (key === 'hasExternalTeams') {
      // the simulator has no external teams
      if (values.includes('true')) return false;
    } else return false;
  }
  return true;
}

export function listTeams(ctx: Ctx): Reply {
  requireScope(ctx, ORG_SCOPES);
  const tokens = tokenizeQuery(ctx.url.searchParams.get('query') ?? '');
  if ((tokens.get('id') ?? []).some((v) => !/^\d+$/.test(v))) throw new HttpError(400, { detail: 'Invalid id value' });
  const counts = new Map<string, number>();
  for (const m of ctx.state.members.values()) {
    if (m.pending) continue;
    for (const slug of m.teamRoles.keys()) counts.set(slug, (counts.get(slug) ?? 0) + 1);
  }
  const teams = [...ctx.state.teams.values()].filter((t) => teamMatches(t, tokens)).sort((a, b) => a.slug.localeCompare(b.slug));
  return paged(ctx, teams, (t) => serializeTeam(ctx, t, counts.get(t.slug) ?? 0));
}

/** POST/DELETE organizations/{org}/spike-protections/ (sentry.io only; projects.md §6.1). */
export function spikeProtection(ctx: Ctx): Reply {
  if (ctx.selfHosted) return json(404, NOT_FOUND);
  // sentry.io has no GET on this path: Django answers 405 for an unregistered method
  if (ctx.method === 'GET') return json(405, { detail: 'Method "GET" not allowed.' });
  requireScope(ctx, ['project:read', 'project:write', 'project:admin']);
  const body = bodyObject(ctx);
  const list = body.projects;
  if (!Array.isArray(list) || list.length === 0 || list.some((x) => typeof x !== 'string')) {
    throw new HttpError(400, { projects: ['This field is required.'] });
  }
  const projects = list.includes('$all')
    ? [...ctx.state.projects.values()]
    : (list as string[]).map((slug) => {
        const p = ctx.state.projects.get(slug);
        if (!p) throw new HttpError(400, { projects: [`Invalid project slug: ${slug}`] });
        return p;
      });
  const disable = ctx.method === 'DELETE';
  for (const p of projects) {
    const old = p.options.get('quotas:spike-protection-disabled');
    if (disable) p.options.set('quotas:spike-protection-disabled', true);
    else p.options.set('quotas:spike-protection-disabled', false);
    if (old !== disable) {
      audit(ctx, {
        event: 'project.edit',
        targetObject: Number(p.id),
        data: { slug: p.slug, 'quotas:spike-protection-disabled': disable },
        note: `${disable ? 'disabled' : 'enabled'} spike protection for ${p.slug}`,
      });
    }
  }
  return disable ? json(200, { detail: 'Spike protection disabled' }) : json(201, { detail: 'Spike protection enabled' });
}
