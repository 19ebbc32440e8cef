// OrgState: one snapshot of everything the checks read, collected once per run.
// Every part can be missing (missing scope, feature, endpoint): checks that need a missing part
// report `error` or `not_applicable` with the part's reason, the rest still run.

import type {
  AuditEntry,
  AuthProvider,
  AuthProviderChoice,
  ClientKey,
  InboundFilter,
  KeyStatPoint,
  Member,
  MemberDetail,
  OrgAuthToken,
  OrgDetails,
  ProjectTeamRef,
  RelayUsage,
  SentryApp,
  Team,
  TeamMember,
  Whoami,
} from '../sentry/types.js';

/**
 * Why a part could not be read, for code to act on (the `reason` is for people): the server
 * refused (403), the resource or endpoint is missing (404), no selected check asked for it, or
 * anything else.
 */
export type PartCause = 'permission' | 'not_found' | 'not_collected' | 'other';

export type Part<T> =
  | { ok: true; value: T }
  | { ok: false; kind: 'error' | 'not_applicable'; reason: string; cause?: PartCause };

export const partOk = <T>(value: T): Part<T> => ({ ok: true, value });
export const partError = <T>(reason: string, cause?: PartCause): Part<T> => ({ ok: false, kind: 'error', reason, ...(cause ? { cause } : {}) });
export const partNotApplicable = <T>(reason: string): Part<T> => ({ ok: false, kind: 'not_applicable', reason });

/** The parts of OrgState a check can ask for (the organization settings are always read). */
export type StatePart =
  | 'authProvider'
  | 'authProviders'
  | 'members'
  | 'teams'
  | 'projects'
  | 'keys'
  /** 30 days of stats of active keys without a rate limit, read only when planning (needKeyStats) */
  | 'keyStats'
  | 'filters'
  | 'spikeProtection'
  | 'auditLog'
  /** every team's member list with team roles (one paginated list per team; implies `teams`) */
  | 'teamMembers'
  /** organization auth tokens (org-auth-tokens/) */
  | 'orgAuthTokens'
  /** the org's own custom integrations (sentry-apps/) */
  | 'sentryApps'
  /** installations of other organizations' apps, with each app's scopes and webhook */
  | 'installedApps'
  /** relay_usage/ (read only when trusted Relays are registered) */
  | 'relayUsage';

/** What one collection fetches: derived from the selected checks' definitions (engine/collect.ts). */
export interface ReadPlan {
  parts: ReadonlySet<StatePart>;
  /** the members whose detail (teams, team roles, authenticators) a selected check needs */
  memberDetails(members: readonly Member[], now: Date): Member[];
  /** how many days back the audit log is read */
  auditLookbackDays: number;
}

/**
 * A project's settings as stored: built from the org project list's `options=` expansion
 * (raw values; unset options get the defaults of projects.md §2.2) or, where a server does not
 * support the expansion, from the project detail GET.
 */
export interface ProjectState {
  id: string;
  slug: string;
  name: string;
  platform: string | null;
  dateCreated: string;
  features: string[];
  teams: ProjectTeamRef[];
  dataScrubber: boolean; // default true
  dataScrubberDefaults: boolean; // default true
  scrubIPAddresses: boolean; // default false
  sensitiveFields: string[];
  safeFields: string[];
  relayPiiConfig: string | null;
  allowedDomains: string[]; // default ["*"]
  storeCrashReports: number | null; // null = inherit the org value
  debugFilesRole: string | null; // null = inherit the org value
  blockedIps: string[]; // options sentry:blacklisted_ips, as a list
  spikeProtectionDisabled: boolean | null; // options quotas:spike-protection-disabled
  /**
   * JavaScript source fetching (src/sentry/lang/native/sources.py get_scraping_config):
   * `sentry:scrape_javascript` (unset = on) and `sentry:verify_ssl` as stored (null = never set,
   * and the fetcher then verifies; `verifySSLUnknown` when only the detail GET was read, whose
   * verifySSL shows false for an unset option too), and whether a security token is set. The
   * token itself is never kept (redacted on read).
   */
  scrapeJavaScript: boolean;
  verifySSL: boolean | null;
  verifySSLUnknown?: true;
  hasSecurityToken: boolean;
  securityTokenHeader: string | null;
}

export interface Target {
  /** base URL as configured (no credentials), e.g. https://sentry.io */
  baseUrl: string;
  /** host for control-silo endpoints and SAML URLs: https://sentry.io on sentry.io, else baseUrl */
  controlUrl: string;
  /** the org's links.regionUrl when trusted, else baseUrl */
  regionUrl: string;
  /** the org's web URL (links.organizationUrl), for settings links */
  organizationUrl: string;
  org: string;
  selfHosted: boolean;
}

export interface OrgState {
  target: Target;
  collectedAt: string;
  whoami: Whoami;
  org: Part<OrgDetails>;
  /** null: no provider configured (204) */
  authProvider: Part<AuthProvider | null>;
  authProviders: Part<AuthProviderChoice[]>;
  /** members and approved invitations */
  members: Part<Member[]>;
  /** member details (teams, teamRoles, authenticators) by member id; collected for privileged members */
  memberDetails: Part<Record<string, MemberDetail>>;
  teams: Part<Team[]>;
  projects: Part<ProjectState[]>;
  /** by project slug */
  keys: Record<string, Part<ClientKey[]>>;
  /** by key id; only collected when planning 3.2.1 (active keys without a rate limit) */
  keyStats: Record<string, Part<KeyStatPoint[]>>;
  /** by project slug; collected for browser JavaScript projects */
  filters: Record<string, Part<InboundFilter[]>>;
  spikeProtection: Part<'available' | 'unavailable'>;
  /** the audit-log window (newest first) */
  auditLog: Part<AuditEntry[]>;
  /**
   * by team slug: the team's members that hold a stored team role (team_members.py). A member
   * whose stored role is null has the org role's minimum team role: that row repeats the org
   * member list and is not kept (collect.ts)
   */
  teamMembers: Part<Record<string, TeamMember[]>>;
  /** the active organization auth tokens (2.4) */
  orgAuthTokens: Part<OrgAuthToken[]>;
  /** the org's own custom integrations, internal and public (2.5) */
  sentryApps: Part<SentryApp[]>;
  /** apps of other organizations installed in this one, with their scopes and webhook (2.5) */
  installedApps: Part<SentryApp[]>;
  /** what Sentry knows of the org's trusted Relays connecting (3.4) */
  relayUsage: Part<RelayUsage[]>;
}
