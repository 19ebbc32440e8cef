// Shapes of the Sentry web API responses the tool reads, limited to the fields it uses.
// Field names are Sentry's JSON names (../shared/sentry-api/). Unknown fields are tolerated
// everywhere: responses are validated for these fields only (see schemas.ts).

export type OrgRole = 'member' | 'admin' | 'manager' | 'owner' | 'billing';

export interface Whoami {
  /** scopes of the presented token; null for anonymous or session auth */
  scopes: string[] | null;
  /** the acting user; null for org auth tokens (no user) */
  user: ApiUser | null;
}

export interface ApiUser {
  id: string;
  email: string;
  name: string;
  username?: string;
  isActive: boolean;
  has2fa: boolean;
  lastActive?: string | null;
  lastLogin?: string | null;
  /** only in the member detail for callers with member:admin */
  authenticators?: { id: string; type: string; name: string; dateCreated?: string | null; dateUsed?: string | null }[];
}

export interface OrgSummary {
  id: string;
  slug: string;
  name: string;
  links?: { organizationUrl: string; regionUrl: string };
  require2FA?: boolean;
  hasAuthProvider?: boolean;
}

export interface TrustedRelay {
  name: string;
  publicKey: string;
  description?: string;
  created?: string;
  lastModified?: string;
}

/** GET /organizations/{org}/?include_feature_flags=1 (detailed). */
export interface OrgDetails extends OrgSummary {
  links: { organizationUrl: string; regionUrl: string };
  features?: string[];
  require2FA: boolean;
  hasAuthProvider: boolean;
  defaultRole: string;
  openMembership: boolean;
  allowJoinRequests: boolean;
  allowMemberInvite: boolean;
  allowMemberProjectCreation: boolean;
  allowSharedIssues: boolean;
  enhancedPrivacy: boolean;
  attachmentsRole: string;
  debugFilesRole: string;
  eventsMemberAdmin: boolean;
  alertsMemberWrite: boolean;
  dataScrubber: boolean;
  dataScrubberDefaults: boolean;
  sensitiveFields: string[];
  safeFields: string[];
  scrubIPAddresses: boolean;
  relayPiiConfig: string | null;
  storeCrashReports: number | null;
  trustedRelays: TrustedRelay[];
  /** option `sentry:ingest-through-trusted-relays-only`; absent on servers without the feature */
  ingestThroughTrustedRelaysOnly?: 'enabled' | 'disabled' | null;
  orgRole?: string;
  /** inverted flag `prevent_superuser_access` (serializers/models/organization.py, summary) */
  allowSuperuserAccess?: boolean;
  /** option `sentry:scrape_javascript` (default true) */
  scrapeJavaScript?: boolean;
  /** AI / Seer options; absent on servers that predate them (organization_details.py ORG_OPTIONS) */
  hideAiFeatures?: boolean;
  genAIConsent?: boolean;
  aggregatedDataConsent?: boolean;
  defaultSeerScannerAutomation?: boolean;
  defaultAutofixAutomationTuning?: string;
  /** option `sentry:granular-replay-permissions`; absent on servers without granular replay permissions */
  hasGranularReplayPermissions?: boolean;
  /** USER ids (as strings) allowed to see replays when granular replay permissions are on */
  replayAccessMembers?: string[];
}

/** GET /organizations/{org}/auth-provider/ (200; 204 means none → null) */
export interface AuthProvider {
  id: string;
  provider_name: string;
  pending_links_count: number;
  login_url: string;
  default_role: string;
  require_link: boolean;
  scim_enabled: boolean;
}

export interface AuthProviderChoice {
  key: string;
  name: string;
  requiredFeature: string;
}

export interface MemberFlags {
  'sso:linked': boolean;
  'sso:invalid': boolean;
  'idp:provisioned'?: boolean;
  'idp:role-restricted'?: boolean;
  [flag: string]: boolean | undefined;
}

export interface TeamRole {
  teamSlug: string;
  role: string | null;
}

/** An item of GET /organizations/{org}/members/ (members and approved invitations). */
export interface Member {
  id: string;
  email: string;
  name: string;
  user: ApiUser | null;
  orgRole: string;
  pending: boolean;
  expired: boolean;
  flags: MemberFlags;
  dateCreated: string;
}

/** GET /organizations/{org}/members/{id}/ adds teams and team roles. */
export interface MemberDetail extends Member {
  teams: string[];
  teamRoles: TeamRole[];
  isOnlyOwner?: boolean;
}

/** An item of GET /teams/{org}/{team}/members/ (team_members.py): the member plus its STORED team role. */
export interface TeamMember extends Member {
  /** "admin", "contributor", or null (the org role's minimum team role) */
  teamRole: string | null;
  teamSlug: string;
}

export interface Team {
  id: string;
  slug: string;
  name: string;
  memberCount: number;
}

export interface ProjectTeamRef {
  id: string;
  slug: string;
  name: string;
}

/**
 * An item of GET /organizations/{org}/projects/?options=...: `options` holds the RAW stored
 * option values (an unset key is absent), see projects.md §1.1.
 */
export interface ProjectSummary {
  id: string;
  slug: string;
  name: string;
  platform: string | null;
  dateCreated: string;
  features: string[];
  teams: ProjectTeamRef[];
  hasAccess?: boolean;
  options?: Record<string, unknown>;
}

/** GET /projects/{org}/{p}/ (only used where the options expansion is unsupported). */
export interface ProjectDetails extends ProjectSummary {
  dataScrubber: boolean;
  dataScrubberDefaults: boolean;
  sensitiveFields: string[];
  safeFields: string[];
  scrubIPAddresses: boolean;
  storeCrashReports: number | null;
  relayPiiConfig: string | null;
  allowedDomains: string[];
  debugFilesRole: string | null;
  options: Record<string, unknown>;
  scrapeJavaScript?: boolean;
  verifySSL?: boolean;
  /** redacted on read: only whether it is set is kept */
  securityToken?: string | null;
  securityTokenHeader?: string | null;
}

export interface RateLimit {
  window: number;
  count: number;
}

export interface ClientKey {
  id: string;
  name: string;
  label?: string;
  public: string | null;
  /** never stored, logged or shown: redacted by the client on read */
  secret?: string | null;
  projectId: number | string;
  isActive: boolean;
  rateLimit: RateLimit | null;
  dsn: { public: string; secret?: string; [k: string]: unknown };
  browserSdkVersion: string;
  dateCreated: string | null;
  dynamicSdkLoaderOptions?: Record<string, boolean>;
}

export interface KeyStatPoint {
  ts: number;
  total: number;
  accepted?: number;
  filtered?: number;
  dropped?: number;
}

export interface InboundFilter {
  id: string;
  /** bool, or the list of enabled subfilters for legacy-browsers */
  active: boolean | string[];
}

export interface AuditEntry {
  id: string;
  actor: { id?: string; email?: string; name?: string; username?: string } | null;
  event: string;
  ipAddress?: string | null;
  note?: string;
  targetObject?: string | number | null;
  targetUser?: { id?: string; email?: string; name?: string } | string | null;
  data: Record<string, unknown>;
  dateCreated: string;
}

/** The typed endpoint functions of src/sentry/api.ts. Every method throws a SentryApiError. */
/**
 * GET /organizations/{org}/org-auth-tokens/ (src/sentry/api/endpoints/org_auth_tokens.py; fields:
 * src/sentry/api/serializers/models/orgauthtoken.py). Active tokens only (date_deactivated null),
 * never the token itself (it is shown once, at creation).
 */
export interface OrgAuthToken {
  id: string;
  name: string;
  scopes: string[];
  /** the last 4 characters, as Sentry's settings page shows them (not a secret: src/secrets.ts) */
  tokenLastCharacters: string | null;
  dateCreated: string;
  /** null: never used */
  dateLastUsed: string | null;
  projectLastUsedId: string | null;
}

/**
 * A custom integration of the org: GET /organizations/{org}/sentry-apps/
 * (src/sentry/sentry_apps/api/endpoints/organization_sentry_apps.py; fields:
 * src/sentry/sentry_apps/api/serializers/sentry_app.py), or an installed app's GET /sentry-apps/{slug}/.
 * `clientId`/`clientSecret` are dropped on read.
 */
export interface SentryApp {
  slug: string;
  name: string;
  uuid: string;
  /** `internal`, `unpublished`, `published`, `publish_request_inprogress`, ... */
  status: string;
  scopes: string[];
  webhookUrl: string | null;
  events: string[];
  /** the organization that owns the app (present for the caller's own orgs) */
  owner?: { id: string; slug: string };
}

/**
 * GET /organizations/{org}/sentry-app-installations/ (sentry_app_installations.py; fields:
 * src/sentry/sentry_apps/api/serializers/sentry_app_installation.py). The grant `code` is dropped on read.
 */
export interface SentryAppInstallation {
  uuid: string;
  status: string;
  app: { uuid: string; slug: string };
}

/**
 * GET /organizations/{org}/relay_usage/ (src/sentry/api/endpoints/organization_relay_usage.py;
 * fields: src/sentry/api/serializers/models/relay.py `RelayUsageSerializer`): one row per Relay
 * instance and version that connected with one of the org's trusted public keys, newest first.
 */
export interface RelayUsage {
  relayId: string;
  version: string;
  publicKey: string | null;
  firstSeen: string;
  lastSeen: string;
}

export interface SentryApi {
  whoami(): Promise<Whoami>;
  listOrganizations(): Promise<OrgSummary[]>;
  getOrganization(org: string, opts?: { featureFlags?: boolean }): Promise<OrgDetails>;
  updateOrganization(org: string, body: Record<string, unknown>): Promise<OrgDetails>;
  /** null when no provider is configured (204) */
  getAuthProvider(org: string): Promise<AuthProvider | null>;
  listAuthProviders(org: string): Promise<AuthProviderChoice[]>;
  /** `onPage`: each page's members as it arrives, so per-member reads can start before the last page */
  listMembers(org: string, opts?: { onPage?: (members: Member[]) => void }): Promise<Member[]>;
  getMember(org: string, memberId: string): Promise<MemberDetail>;
  updateMember(org: string, memberId: string, body: { orgRole?: string; teamRoles?: TeamRole[] }): Promise<MemberDetail>;
  deleteMember(org: string, memberId: string): Promise<void>;
  inviteMember(org: string, body: { email: string; orgRole: string; teamRoles?: TeamRole[]; sendInvite?: boolean }): Promise<Member>;
  listTeams(org: string): Promise<Team[]>;
  listTeamMembers(org: string, team: string): Promise<TeamMember[]>;
  /** the org project list with the `options=` expansion (every page) */
  listProjects(
    org: string,
    opts?: {
      options?: readonly string[];
      /** Sentry's search, e.g. `slug:web-app` (the engine reads one project back this way); callers still filter */
      query?: string;
      /** each page's projects as it arrives, so per-project reads can start before the last page */
      onPage?: (projects: ProjectSummary[]) => void;
    },
  ): Promise<ProjectSummary[]>;
  getProject(org: string, project: string): Promise<ProjectDetails>;
  updateProject(org: string, project: string, body: Record<string, unknown>): Promise<ProjectDetails>;
  listKeys(org: string, project: string): Promise<ClientKey[]>;
  getKey(org: string, project: string, keyId: string): Promise<ClientKey>;
  createKey(org: string, project: string, body: Record<string, unknown>): Promise<ClientKey>;
  updateKey(org: string, project: string, keyId: string, body: Record<string, unknown>): Promise<ClientKey>;
  getKeyStats(org: string, project: string, keyId: string, opts: { since: number; until?: number; resolution: string }): Promise<KeyStatPoint[]>;
  listFilters(org: string, project: string): Promise<InboundFilter[]>;
  updateFilter(org: string, project: string, filterId: string, body: { active?: boolean; subfilters?: string[] }): Promise<void>;
  addProjectTeam(org: string, project: string, team: string): Promise<ProjectSummary>;
  removeProjectTeam(org: string, project: string, team: string): Promise<ProjectSummary>;
  /** 'unavailable' when GET answers 404 (self-hosted); 'available' on any other status (405 on sentry.io) */
  probeSpikeProtection(org: string): Promise<'available' | 'unavailable'>;
  enableSpikeProtection(org: string, projects: string[]): Promise<void>;
  disableSpikeProtection(org: string, projects: string[]): Promise<void>;
  /** newest first; `since` bounds the window (statsPeriod/start) */
  listAuditLogs(org: string, opts?: { since?: Date; event?: string; onPage?: (rows: AuditEntry[]) => void }): Promise<AuditEntry[]>;
  /**
   * The newest events of a project with their full payload (`full=true`), at most `limit`, page by
   * page to `onPage`; only the event ids are kept, so payloads are not held (the PII probe).
   */
  sampleProjectEvents(org: string, project: string, opts: { limit: number; onPage: (events: SentryEvent[]) => void }): Promise<number>;
  /** active org auth tokens (one unpaginated list) */
  listOrgAuthTokens(org: string): Promise<OrgAuthToken[]>;
  /** one active token; 404 once revoked */
  getOrgAuthToken(org: string, tokenId: string): Promise<OrgAuthToken>;
  /** revoke (Sentry sets date_deactivated; it cannot be undone) */
  deleteOrgAuthToken(org: string, tokenId: string): Promise<void>;
  /** the org's own custom integrations (internal and public) */
  listSentryApps(org: string): Promise<SentryApp[]>;
  listSentryAppInstallations(org: string): Promise<SentryAppInstallation[]>;
  /** one app by slug (published apps are readable by any signed-in caller) */
  getSentryApp(slug: string): Promise<SentryApp>;
  /** 404 when the org lacks the `organizations:relay` feature */
  listRelayUsage(org: string): Promise<RelayUsage[]>;
}

/**
 * One event of `GET /api/0/projects/{org}/{project}/events/?full=true` (src/sentry/api/endpoints/
 * project_events.py: EventSerializer with `full`, else SimpleEventSerializer; the OpenAPI schema
 * lists eventID, id, title, message, user, tags, dateCreated ...; `full` adds entries, contexts,
 * context (extra), request data). Everything besides the id is user data the probe scans.
 */
export interface SentryEvent {
  eventID: string;
  [k: string]: unknown;
}
