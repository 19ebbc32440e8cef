// Shapes of the Sentry web API responses the tool reads, limited to the fields it uses: each is
// the output of its zod schema (schemas.ts, the one home of a field's name, type and default).
// Field names are Sentry's JSON names (../shared/sentry-api/).

import type { z } from 'zod';
import type {
  auditEntrySchema,
  authProviderChoicesSchema,
  authProviderSchema,
  clientKeySchema,
  eventSchema,
  filtersSchema,
  keyStatsSchema,
  memberDetailSchema,
  memberSchema,
  orgAuthTokenSchema,
  orgDetailsSchema,
  orgSummarySchema,
  projectDetailsSchema,
  projectSummarySchema,
  relayUsageSchema,
  sentryAppInstallationSchema,
  sentryAppSchema,
  teamMemberSchema,
  teamRoleSchema,
  teamSchema,
  userSchema,
  whoamiSchema,
} from './schemas.js';

export type OrgRole = 'member' | 'admin' | 'manager' | 'owner' | 'billing';

/** The token's scopes (null for anonymous or session auth) and its user (null for org auth tokens). */
export type Whoami = z.output<typeof whoamiSchema>;
/** `authenticators` only in the member detail for callers with member:admin */
export type ApiUser = z.output<typeof userSchema>;
export type OrgSummary = z.output<typeof orgSummarySchema>;
/** GET /organizations/{org}/?include_feature_flags=1 (detailed). */
export type OrgDetails = z.output<typeof orgDetailsSchema>;
export type TrustedRelay = OrgDetails['trustedRelays'][number];
/** GET /organizations/{org}/auth-provider/ (200; 204 means none → null) */
export type AuthProvider = z.output<typeof authProviderSchema>;
export type AuthProviderChoice = z.output<typeof authProviderChoicesSchema>[number];
/** An item of GET /organizations/{org}/members/ (members and approved invitations). */
export type Member = z.output<typeof memberSchema>;
/** `sso:linked`, `sso:invalid`, `idp:provisioned`, `idp:role-restricted`, ... */
export type MemberFlags = Member['flags'];
/** GET /organizations/{org}/members/{id}/ adds teams and team roles. */
export type MemberDetail = z.output<typeof memberDetailSchema>;
export type TeamRole = z.output<typeof teamRoleSchema>;
/** An item of GET /teams/{org}/{team}/members/ (team_members.py): the member plus its STORED team role. */
export type TeamMember = z.output<typeof teamMemberSchema>;
export type Team = z.output<typeof teamSchema>;
export type ProjectTeamRef = ProjectSummary['teams'][number];
/**
 * An item of GET /organizations/{org}/projects/?options=...: `options` holds the RAW stored
 * option values (an unset key is absent), see projects.md §1.1.
 */
export type ProjectSummary = z.output<typeof projectSummarySchema>;
/** GET /projects/{org}/{p}/ (only used where the options expansion is unsupported). */
export type ProjectDetails = z.output<typeof projectDetailsSchema>;
/** A client key; its `secret` is never stored, logged or shown: redacted by the API on read. */
export type ClientKey = z.output<typeof clientKeySchema>;
export type RateLimit = NonNullable<ClientKey['rateLimit']>;
export type KeyStatPoint = z.output<typeof keyStatsSchema>[number];
/** `active`: bool, or the list of enabled subfilters for legacy-browsers */
export type InboundFilter = z.output<typeof filtersSchema>[number];
export type AuditEntry = z.output<typeof auditEntrySchema>;

/**
 * GET /organizations/{org}/org-auth-tokens/ (src/sentry/api/endpoints/org_auth_tokens.py; fields:
 * src/sentry/api/serializers/models/orgauthtoken.py). Active tokens only (date_deactivated null),
 * never the token itself (it is shown once, at creation). `tokenLastCharacters`: the last 4
 * characters, as Sentry's settings page shows them (not a secret: src/secrets.ts);
 * `dateLastUsed` null: never used.
 */
export type OrgAuthToken = z.output<typeof orgAuthTokenSchema>;
/**
 * A custom integration of the org: GET /organizations/{org}/sentry-apps/
 * (src/sentry/sentry_apps/api/endpoints/organization_sentry_apps.py; fields:
 * src/sentry/sentry_apps/api/serializers/sentry_app.py), or an installed app's GET /sentry-apps/{slug}/.
 * `clientId`/`clientSecret` are dropped on read. `status`: `internal`, `unpublished`, `published`,
 * `publish_request_inprogress`, ...; `owner`: the organization that owns the app (present for the
 * caller's own orgs).
 */
export type SentryApp = z.output<typeof sentryAppSchema>;
/**
 * GET /organizations/{org}/sentry-app-installations/ (sentry_app_installations.py; fields:
 * src/sentry/sentry_apps/api/serializers/sentry_app_installation.py). The grant `code` is dropped on read.
 */
export type SentryAppInstallation = z.output<typeof sentryAppInstallationSchema>;
/**
 * GET /organizations/{org}/relay_usage/ (src/sentry/api/endpoints/organization_relay_usage.py;
 * fields: src/sentry/api/serializers/models/relay.py `RelayUsageSerializer`): one row per Relay
 * instance and version that connected with one of the org's trusted public keys, newest first.
 */
export type RelayUsage = z.output<typeof relayUsageSchema>;

/** The typed endpoint functions of src/sentry/api.ts. Every method throws a SentryApiError. */
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
export type SentryEvent = z.output<typeof eventSchema>;
