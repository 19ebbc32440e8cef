// The simulator's in-memory organization. Everything is indexed by slug or id so that each
// request costs O(page) or O(1) even for the large seed (1,000 projects / 5,000 members).

import type { SimEvent } from './events.js';
import type { AuthProvider, AuthProviderChoice, MemberFlags, RateLimit, TrustedRelay } from '../sentry/types.js';

export interface SimAuthenticator {
  id: string;
  type: string; // totp | u2f | sms | recovery
  name: string;
  dateCreated: string;
  dateUsed: string | null;
}

export interface SimUser {
  id: string;
  email: string;
  name: string;
  username: string;
  isActive: boolean;
  authenticators: SimAuthenticator[];
  lastActive: string | null;
  lastLogin: string | null;
  dateJoined: string;
}

export interface SimMember {
  id: string;
  email: string;
  name: string;
  /** null for a pending invitation */
  userId: string | null;
  orgRole: string;
  pending: boolean;
  expired: boolean;
  flags: MemberFlags;
  dateCreated: string;
  inviteStatus: string;
  inviterName: string | null;
  /** the inviting user's id (`inviter_id`): who may resend or delete the invitation */
  inviterId: string | null;
  /** team slug -> team role (null = the role's minimum) */
  teamRoles: Map<string, string | null>;
}

export interface SimTeam {
  id: string;
  slug: string;
  name: string;
  dateCreated: string;
  flags: { 'idp:provisioned': boolean };
}

export interface SimProject {
  id: string;
  slug: string;
  name: string;
  platform: string | null;
  dateCreated: string;
  features: string[];
  teamSlugs: string[];
  /** the raw project option store (`sentry:origins`, `filters:localhost`, ...); unset = absent */
  options: Map<string, unknown>;
}

export interface SimKey {
  /** = the public key */
  id: string;
  secret: string;
  /** internal numeric id (list order is -id) */
  seq: number;
  projectSlug: string;
  name: string;
  isActive: boolean;
  rateLimit: RateLimit | null;
  browserSdkVersion: string;
  dateCreated: string | null;
  dynamicSdkLoaderOptions: Record<string, boolean>;
  /**
   * `use_case` of ProjectKey (user, profiling, escalating_issues, tempest, demo): keys of other use
   * cases are Sentry-internal, hidden from the list and 404 for non-superusers. Unset = `user`.
   */
  useCase?: string;
}

export interface SimToken {
  /** the user the token acts as; null for org auth tokens */
  userId: string | null;
  scopes: string[];
  kind: 'user' | 'org';
  /** which `RunningSimulator.tokens` entry this is, if any */
  role?: 'owner' | 'ownerNo2fa' | 'manager' | 'readonly' | 'orgCi';
}

export interface SimAuditEntry {
  id: string;
  actor: { id?: string; email?: string; name: string; username?: string } | null;
  event: string;
  ipAddress: string | null;
  note: string;
  targetObject: string | number | null;
  targetUser: { id: string; email: string; name: string } | null;
  data: Record<string, unknown>;
  dateCreated: string;
}

/** An org auth token (src/sentry/models/orgauthtoken.py): listed until revoked (date_deactivated set). */
export interface SimOrgAuthToken {
  id: string;
  name: string;
  scopes: string[];
  tokenLastCharacters: string;
  dateCreated: string;
  dateLastUsed: string | null;
  projectLastUsedId: string | null;
  dateDeactivated: string | null;
  /** the `state.tokens` key this record authenticates as, if any (revoking removes it) */
  token?: string;
}

/** A Sentry App (src/sentry/sentry_apps/models/sentry_app.py): a custom integration or a published app. */
export interface SimSentryApp {
  id: string;
  slug: string;
  name: string;
  uuid: string;
  /** internal | unpublished | published */
  status: 'internal' | 'unpublished' | 'published';
  scopes: string[];
  webhookUrl: string | null;
  events: string[];
  /** the owning org's id; another org's id for third-party apps */
  ownerId: string;
  ownerSlug: string;
  dateAdded: string;
  clientId: string;
  clientSecret: string;
}

export interface SimSentryAppInstallation {
  uuid: string;
  appSlug: string;
  status: 'installed' | 'pending';
  dateAdded: string;
  /** the API grant code (a secret the serializer shows to org:integrations callers) */
  code: string;
}

/** A RelayUsage row (src/sentry/models/relay.py): one per Relay instance and version. */
export interface SimRelayUsage {
  relayId: string;
  version: string;
  publicKey: string;
  firstSeen: string;
  lastSeen: string;
}

export interface SimOrg {
  id: string;
  slug: string;
  name: string;
  dateCreated: string;
  features: string[];
  require2FA: boolean;
  defaultRole: string;
  openMembership: boolean;
  allowJoinRequests: boolean;
  allowMemberInvite: boolean;
  allowMemberProjectCreation: boolean;
  allowSuperuserAccess: boolean;
  allowSharedIssues: boolean;
  enhancedPrivacy: boolean;
  isEarlyAdopter: boolean;
  attachmentsRole: string;
  debugFilesRole: string;
  eventsMemberAdmin: boolean;
  alertsMemberWrite: boolean;
  dataScrubber: boolean;
  dataScrubberDefaults: boolean;
  sensitiveFields: string[];
  safeFields: string[];
  scrubIPAddresses: boolean;
  scrapeJavaScript: boolean;
  relayPiiConfig: string | null;
  storeCrashReports: number | null;
  trustedRelays: TrustedRelay[];
  /** undefined: the server lacks the feature and the field is absent */
  ingestThroughTrustedRelaysOnly?: 'enabled' | 'disabled';
  /**
   * AI and Seer options (src/sentry/core/endpoints/organization_details.py ORG_OPTIONS,
   * serializers/models/organization.py). undefined: a server that predates them (field absent).
   */
  hideAiFeatures?: boolean;
  defaultSeerScannerAutomation?: boolean;
  defaultAutofixAutomationTuning?: string;
  /** Legal & Compliance consents: read-only through this API (getsentry's data-consent endpoint writes them) */
  genAIConsent?: boolean;
  aggregatedDataConsent?: boolean;
  /**
   * Option `sentry:granular-replay-permissions`: null = never set (GET shows false),
   * undefined = a server without granular replay permissions (both fields absent, PUT ignores them).
   */
  hasGranularReplayPermissions?: boolean | null;
  /** user ids of the OrganizationMemberReplayAccess allowlist */
  replayAccessUserIds?: string[];
  authProvider: AuthProvider | null;
  authProviders: AuthProviderChoice[];
  /** set by an organization DELETE (scheduled for deletion); unset = active */
  status?: 'active' | 'pending_deletion';
}

export interface SimState {
  org: SimOrg;
  users: Map<string, SimUser>;
  /** in member-id order (the list order) */
  members: Map<string, SimMember>;
  teams: Map<string, SimTeam>;
  /** by slug, in slug order as seeded (the list is sorted on read) */
  projects: Map<string, SimProject>;
  projectsById: Map<string, SimProject>;
  /** by public key */
  keys: Map<string, SimKey>;
  /** project slug -> its keys */
  keysByProject: Map<string, SimKey[]>;
  tokens: Map<string, SimToken>;
  /** oldest first (appended); served newest first */
  auditLog: SimAuditEntry[];
  /** by id, revoked ones included (date_deactivated set) */
  orgAuthTokens: Map<string, SimOrgAuthToken>;
  /** by slug: the org's own apps and the third-party apps it installed */
  sentryApps: Map<string, SimSentryApp>;
  installations: SimSentryAppInstallation[];
  relayUsage: SimRelayUsage[];
  /** project slug -> its events, newest first (the PII probe reads them) */
  events?: Map<string, SimEvent[]>;
  counters: {
    /** how many times a project detail GET created `sentry:token` (a side effect to avoid) */
    securityTokensCreated: number;
    nextId: number;
    nextKeySeq: number;
  };
}

/**
 * The project default JS-loader version: a key PUT without `browserSdkVersion` resets the key to
 * it (project_key_details.py). Real servers derive it from the project's SDK; 'latest' is what
 * new projects get, so it is the realistic reset value.
 */
export const DEFAULT_BROWSER_SDK_VERSION = 'latest';

export function emptyState(org: SimOrg): SimState {
  return {
    org,
    users: new Map(),
    members: new Map(),
    teams: new Map(),
    projects: new Map(),
    projectsById: new Map(),
    keys: new Map(),
    keysByProject: new Map(),
    tokens: new Map(),
    auditLog: [],
    orgAuthTokens: new Map(),
    sentryApps: new Map(),
    installations: [],
    relayUsage: [],
    counters: { securityTokensCreated: 0, nextId: 100_000, nextKeySeq: 1 },
  };
}

export function nextId(state: SimState): string {
  state.counters.nextId += 1;
  return String(state.counters.nextId);
}

export function addProject(state: SimState, project: SimProject): void {
  state.projects.set(project.slug, project);
  state.projectsById.set(project.id, project);
  if (!state.keysByProject.has(project.slug)) state.keysByProject.set(project.slug, []);
}

export function addKey(state: SimState, key: SimKey): void {
  state.keys.set(key.id, key);
  let list = state.keysByProject.get(key.projectSlug);
  if (!list) {
    list = [];
    state.keysByProject.set(key.projectSlug, list);
  }
  list.push(key);
}

export function has2fa(user: SimUser): boolean {
  // backup-only interfaces (recovery codes) do not count
  return user.authenticators.some((a) => a.type !== 'recovery');
}

export function memberOfUser(state: SimState, userId: string): SimMember | undefined {
  for (const m of state.members.values()) if (m.userId === userId) return m;
  return undefined;
}
