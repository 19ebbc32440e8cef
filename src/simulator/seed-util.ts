// Building blocks shared by the seeds: a seeded PRNG and constructors with realistic defaults.

import { writeAudit } from './audit.js';
import { ALL_SCOPES } from './roles.js';
import type { SimAuditEntry, SimAuthenticator, SimKey, SimMember, SimOrg, SimProject, SimState, SimUser } from './state.js';
import { DEFAULT_BROWSER_SDK_VERSION, addKey, addProject } from './state.js';

/** mulberry32: small, fast, deterministic */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hex(rand: () => number, len: number): string {
  let s = '';
  while (s.length < len) s += Math.floor(rand() * 0x100000000).toString(16).padStart(8, '0');
  return s.slice(0, len);
}

export const DAY = 86_400_000;
export function daysAgo(now: number, days: number): string {
  return new Date(now - days * DAY).toISOString();
}

export const READ_SCOPES = ['org:read', 'member:read', 'team:read', 'project:read', 'event:read', 'alerts:read'];

export function baseOrg(slug: string, name: string, now: number): SimOrg {
  return {
    id: '4507001',
    slug,
    name,
    dateCreated: daysAgo(now, 900),
    features: ['sso-basic', 'sso-saml2', 'invite-members', 'team-roles', 'relay', 'open-membership', 'shared-issues', 'change-org-role'],
    require2FA: false,
    defaultRole: 'member',
    openMembership: true,
    allowJoinRequests: true,
    allowMemberInvite: true,
    allowMemberProjectCreation: true,
    allowSuperuserAccess: true,
    allowSharedIssues: true,
    enhancedPrivacy: false,
    isEarlyAdopter: false,
    attachmentsRole: 'member',
    debugFilesRole: 'admin',
    eventsMemberAdmin: true,
    alertsMemberWrite: true,
    dataScrubber: false,
    dataScrubberDefaults: false,
    sensitiveFields: [],
    safeFields: [],
    scrubIPAddresses: false,
    scrapeJavaScript: true,
    hideAiFeatures: false,
    defaultSeerScannerAutomation: false,
    defaultAutofixAutomationTuning: 'off',
    genAIConsent: false,
    aggregatedDataConsent: false,
    hasGranularReplayPermissions: null,
    replayAccessUserIds: [],
    relayPiiConfig: null,
    storeCrashReports: null,
    trustedRelays: [],
    authProvider: null,
    authProviders: [
      { key: 'saml2', name: 'SAML2', requiredFeature: 'organizations:sso-saml2' },
      { key: 'google', name: 'Google', requiredFeature: 'organizations:sso-basic' },
      { key: 'github', name: 'GitHub', requiredFeature: 'organizations:sso-basic' },
    ],
  };
}

export function authenticator(id: string, type: string, created: string, used: string | null): SimAuthenticator {
  const names: Record<string, string> = { totp: 'Authenticator App', u2f: 'Passkey / Security Key', sms: 'Text Message', recovery: 'Recovery Codes' };
  return { id, type, name: names[type] ?? type, dateCreated: created, dateUsed: used };
}

export interface PersonInput {
  id: string;
  name: string;
  email: string;
  role: string;
  /** authenticator types; [] = no 2FA */
  twofa: string[];
  lastActiveDays: number;
  joinedDays: number;
  isActive?: boolean;
  teams: [string, string | null][];
}

export function addPerson(state: SimState, now: number, p: PersonInput): { user: SimUser; member: SimMember } {
  const user: SimUser = {
    id: p.id,
    email: p.email,
    name: p.name,
    username: p.email,
    isActive: p.isActive ?? true,
    authenticators: p.twofa.map((t, i) => authenticator(`${p.id}${i}`, t, daysAgo(now, Math.max(1, p.joinedDays - 5)), daysAgo(now, p.lastActiveDays))),
    lastActive: daysAgo(now, p.lastActiveDays),
    lastLogin: daysAgo(now, p.lastActiveDays),
    dateJoined: daysAgo(now, p.joinedDays),
  };
  state.users.set(user.id, user);
  const member: SimMember = {
    id: `${p.id}0`,
    email: p.email,
    name: p.name,
    userId: user.id,
    orgRole: p.role,
    pending: false,
    expired: false,
    flags: defaultFlags(),
    dateCreated: daysAgo(now, p.joinedDays),
    inviteStatus: 'approved',
    inviterName: null,
    inviterId: null,
    teamRoles: new Map(p.teams),
  };
  state.members.set(member.id, member);
  return { user, member };
}

export function defaultFlags(): SimMember['flags'] {
  return { 'sso:linked': false, 'sso:invalid': false, 'idp:provisioned': false, 'idp:role-restricted': false, 'member-limit:restricted': false, 'partnership:restricted': false };
}

export function addInvite(state: SimState, id: string, email: string, role: string, created: string, inviterName: string, teams: [string, string | null][], inviterId: string | null = null): SimMember {
  const m: SimMember = {
    id,
    email,
    name: email,
    userId: null,
    orgRole: role,
    pending: true,
    expired: false,
    flags: defaultFlags(),
    dateCreated: created,
    inviteStatus: 'approved',
    inviterName,
    inviterId,
    teamRoles: new Map(teams),
  };
  state.members.set(m.id, m);
  return m;
}

export function addTeam(state: SimState, id: string, slug: string, name: string, created: string): void {
  state.teams.set(slug, { id, slug, name, dateCreated: created, flags: { 'idp:provisioned': false } });
}

export function project(id: string, slug: string, name: string, platform: string, created: string, teams: string[], features: string[], options: Record<string, unknown> = {}): SimProject {
  return { id, slug, name, platform, dateCreated: created, features, teamSlugs: teams, options: new Map(Object.entries(options)) };
}

export function putProject(state: SimState, p: SimProject): void {
  addProject(state, p);
}

export function makeKey(state: SimState, rand: () => number, projectSlug: string, name: string, created: string | null, opts: Partial<SimKey> = {}): SimKey {
  const key: SimKey = {
    id: hex(rand, 32),
    secret: hex(rand, 32),
    seq: state.counters.nextKeySeq++,
    projectSlug,
    name,
    isActive: true,
    rateLimit: null,
    browserSdkVersion: DEFAULT_BROWSER_SDK_VERSION,
    dateCreated: created,
    dynamicSdkLoaderOptions: { hasReplay: true, hasPerformance: true, hasDebug: false, hasFeedback: false, hasLogsAndMetrics: false },
    ...opts,
  };
  addKey(state, key);
  return key;
}

export function addUserToken(state: SimState, rand: () => number, userId: string, role: 'owner' | 'ownerNo2fa' | 'manager' | 'readonly', scopes: readonly string[] = ALL_SCOPES): string {
  const tok = `sntryu_${hex(rand, 64)}`;
  state.tokens.set(tok, { userId, scopes: [...scopes], kind: 'user', role });
  return tok;
}

/** An org auth token like real ones: `sntrys_<base64 JSON {iat,url,region_url,org}>_<secret>`. */
export function addOrgToken(state: SimState, url: string, regionUrl: string): string {
  for (const [tok, t] of state.tokens) if (t.role === 'orgCi') state.tokens.delete(tok);
  const payload = { iat: Math.floor(Date.now() / 1000), url, region_url: regionUrl, org: state.org.slug };
  const b64 = Buffer.from(JSON.stringify(payload)).toString('base64').replace(/=+$/, '');
  const secret = hex(prng(state.members.size + 7), 43).replace(/[^0-9a-f]/g, '0');
  const tok = `sntrys_${b64}_${secret}`;
  state.tokens.set(tok, { userId: null, scopes: ['org:ci'], kind: 'org', role: 'orgCi' });
  // the org-auth-tokens list shows it: the demo's "GitHub Actions" record, else a new one
  const rec = state.orgAuthTokens.get('4001') ?? {
    id: '4001', name: 'sentry-harden CI', scopes: ['org:ci'], tokenLastCharacters: '', dateCreated: new Date().toISOString(),
    dateLastUsed: null, projectLastUsedId: null, dateDeactivated: null,
  };
  rec.token = tok;
  rec.tokenLastCharacters = tok.slice(-4);
  state.orgAuthTokens.set(rec.id, rec);
  return tok;
}

export function seedAudit(state: SimState, e: { event: string; actor: SimUser | null; days: number; now: number; data: Record<string, unknown>; note?: string; targetObject?: number | null; targetUser?: SimUser | null; actorName?: string }): SimAuditEntry {
  return writeAudit(state, {
    event: e.event,
    actor: e.actor ? { id: e.actor.id, email: e.actor.email, name: e.actor.name, username: e.actor.username } : { name: e.actorName ?? 'Sentry' },
    date: new Date(e.now - e.days * DAY),
    data: e.data,
    note: e.note ?? e.event,
    targetObject: e.targetObject ?? null,
    targetUser: e.targetUser ?? null,
  });
}

/** The member list is ordered by member id. */
export function sortMembers(state: SimState): void {
  const sorted = [...state.members.values()].sort((a, b) => Number(a.id) - Number(b.id));
  state.members.clear();
  for (const m of sorted) state.members.set(m.id, m);
}
