// Collect one OrgState: every part the selected checks read, each resource fetched once, all
// requests fired at once (the client bounds concurrency and follows the rate-limit headers).
// Collecting changes nothing: project settings come from the org project list's `options=`
// expansion, never from the project detail GET (which creates a security token on first read).

import type { ClientStats } from '../sentry/client.js';
import { isSentryApiError } from '../sentry/errors.js';
import type { ClientKey, InboundFilter, KeyStatPoint, Member, MemberDetail, OrgAuthToken, OrgDetails, ProjectSummary, RelayUsage, SentryApi, SentryApp, SentryAppInstallation, Team, TeamMember, Whoami } from '../sentry/types.js';
import { PROJECT_OPTION_KEYS, projectStateFromDetail, projectStateFromOptions } from './project-options.js';
import { readQueue, type ReadQueue } from './read-queue.js';
import { DAY_MS, hasBrowserSide } from './vocabulary.js';
import { word } from '../words.js';
import { partError, partNotApplicable, partOk, type OrgState, type Part, type PartCause, type ProjectState, type ReadPlan, type StatePart, type Target } from './types.js';

export interface CollectProgress {
  /** reads (a list with all its pages, or one resource) finished, of those known so far */
  done: number;
  total: number;
  label: string;
  /** HTTP requests sent so far, retries included (when the connection's client is known) */
  requests?: number;
  /** how often requests were held back for Sentry's rate limit, and for how long in all */
  rateLimitWaits?: number;
  rateLimitWaitMs?: number;
  /** requests are being held back for the rate limit right now */
  waiting?: boolean;
  /** reads sent again after their connection was lost without an answer (client stats) */
  connectionRetries?: number;
}

/** While collecting, progress is sent at least this often, so a rate-limit wait shows as it happens. */
const PROGRESS_HEARTBEAT_MS = 250;

export interface CollectOptions {
  /** what to fetch: derived from the selected checks (engine/collect.ts) */
  plan: ReadPlan;
  /** planning 3.2.1: read the last 30 days of stats of active keys without a rate limit */
  needKeyStats?: boolean;
  /** the PII probe samples every project's events: read the projects whatever the checks */
  needProjects?: boolean;
  onProgress?: (e: CollectProgress) => void;
  now?: Date;
}

export interface Connection {
  api: SentryApi;
  target: Target;
  whoami: Whoami;
  /** the org as read while connecting: reused when it carries `features` (read with flags) */
  org?: OrgDetails;
  /** request and rate-limit counts for progress */
  client?: { readonly stats: Readonly<ClientStats> };
}

/** Key stats window for the 3.2.1 proposal (POLICY.md: the busiest minute of the last 30 days). */
const KEY_STATS_DAYS = 30;
/**
 * Hourly points: Sentry's stats rollups are 10s, 1h and 1d, and 10s points are kept only for
 * hours, so 30 days can be read at 1h at best (the rule derives its per-minute estimate).
 */
const KEY_STATS_RESOLUTION = '1h';

/** One line saying why a part could not be read; never contains the token. */
export function reasonFor(err: unknown, what: string): string {
  if (isSentryApiError(err)) {
    if (err.kind === 'permission') {
      const scopes = err.missingScopes?.length ? `the token lacks the scope ${err.missingScopes.join(' or ')}` : 'permission denied (403)';
      return `cannot read ${what}: ${scopes}`;
    }
    if (err.kind === 'not_found') return `cannot read ${what}: not found (404)`;
    return `cannot read ${what}: ${err.message}`;
  }
  const msg = err instanceof Error ? err.message : String(err);
  return `cannot read ${what}: ${msg}`;
}

const notCollected = <T>(what: string): Part<T> => partError(`${what} was not collected (no selected check reads it)`, 'not_collected');

/** What code may act on: the kind of failure behind a part's reason. */
export function causeOf(err: unknown): PartCause {
  if (isSentryApiError(err)) return err.kind === 'permission' ? 'permission' : err.kind === 'not_found' ? 'not_found' : 'other';
  return 'other';
}

/** One collection's shared means: the API, what to read, and progress counting. */
interface Run {
  api: SentryApi;
  org: string;
  now: Date;
  plan: ReadPlan;
  needKeyStats: boolean;
  wants(part: StatePart): boolean;
  /** Count a request in the progress total now, and as done when it settles. */
  track<T>(label: string, run: () => Promise<T>): Promise<T>;
  /**
   * A request whose failure becomes an error part, or a not_applicable part when a 404 means
   * the server lacks the feature or endpoint (`notFoundMeans` says so in words).
   */
  part<T>(label: string, what: string, run: () => Promise<T>, notFoundMeans?: string): Promise<Part<T>>;
  /** Per-resource reads (one per project, member or team) start through this queue (read-queue.ts). */
  queued: ReadQueue;
  /** A project's key list, read once: started early from a project page, or when the list ends. */
  readKeys(slug: string): Promise<Part<ClientKey[]>>;
  /** A project's inbound filters, read once (same as readKeys). */
  readFilters(slug: string): Promise<Part<InboundFilter[]>>;
  /** A member's detail, read once: started from a page of the member list (never rejects). */
  readMemberDetail(m: Member): Promise<{ detail: MemberDetail } | { failure: string }>;
  /** Send the progress again with the last label (the heartbeat during rate-limit waits). */
  reportAgain(): void;
}

function startRun(conn: Connection, opts: CollectOptions): Run {
  let done = 0;
  let total = 0;
  let lastLabel = 'organization';
  const report = (label: string): void => {
    if (!opts.onProgress) return;
    lastLabel = label;
    const stats = conn.client?.stats;
    opts.onProgress(
      stats
        ? { done, total, label, requests: stats.requests, rateLimitWaits: stats.rateLimitWaits, rateLimitWaitMs: stats.rateLimitWaitMs, waiting: stats.waiting, ...(stats.connectionRetries ? { connectionRetries: stats.connectionRetries } : {}) }
        : { done, total, label },
    );
  };
  const track = <T>(label: string, run: () => Promise<T>): Promise<T> => {
    total += 1;
    report(label);
    return run().finally(() => {
      done += 1;
      report(label);
    });
  };
  const part = async <T>(label: string, what: string, run: () => Promise<T>, notFoundMeans?: string): Promise<Part<T>> => {
    try {
      return partOk(await track(label, run));
    } catch (err) {
      if (notFoundMeans && isSentryApiError(err) && err.kind === 'not_found') return partNotApplicable(notFoundMeans);
      return partError(reasonFor(err, what), causeOf(err));
    }
  };
  const { api } = conn;
  const org = conn.target.org;
  const keyReads = new Map<string, Promise<Part<ClientKey[]>>>();
  const filterReads = new Map<string, Promise<Part<InboundFilter[]>>>();
  const detailReads = new Map<string, Promise<{ detail: MemberDetail } | { failure: string }>>();
  const queued = readQueue();
  return {
    api,
    org,
    now: opts.now ?? new Date(),
    plan: opts.plan,
    needKeyStats: opts.needKeyStats === true,
    wants: (p) => opts.plan.parts.has(p),
    track,
    part,
    queued,
    readKeys(slug) {
      let read = keyReads.get(slug);
      if (!read) keyReads.set(slug, (read = part(`keys ${slug}`, `the client keys of ${slug}`, () => queued(() => api.listKeys(org, slug)))));
      return read;
    },
    readFilters(slug) {
      let read = filterReads.get(slug);
      if (!read) filterReads.set(slug, (read = part(`filters ${slug}`, `the inbound filters of ${slug}`, () => queued(() => api.listFilters(org, slug)))));
      return read;
    },
    readMemberDetail(m) {
      let read = detailReads.get(m.id);
      if (!read) {
        read = track(`member ${m.email}`, () => queued(() => api.getMember(org, m.id))).then(
          (detail) => ({ detail }),
          (err: unknown) => ({ failure: reasonFor(err, `the member detail of ${m.email || m.id}`) }),
        );
        detailReads.set(m.id, read);
      }
      return read;
    },
    reportAgain: () => report(lastLabel),
  };
}

export async function collectState(conn: Connection, opts: CollectOptions): Promise<OrgState> {
  const { target, whoami } = conn;
  const r = startRun(conn, opts);
  const { api, org, now, plan, wants, part } = r;
  const known = conn.org;
  const orgP: Promise<Part<OrgDetails>> =
    known && known.slug === org && Array.isArray(known.features)
      ? Promise.resolve(partOk(known))
      : part('organization', 'the organization settings', () => api.getOrganization(org, { featureFlags: true }));

  const authProviderP = wants('authProvider')
    ? part('SSO provider', 'the SSO provider', () => api.getAuthProvider(org), 'this server has no SSO (the auth-provider endpoint answers 404)')
    : Promise.resolve(notCollected<null>('the SSO provider'));

  const authProvidersP = wants('authProviders')
    ? part('SSO providers', 'the available SSO providers', () => api.listAuthProviders(org), 'this server offers no SSO providers (404)')
    : Promise.resolve(notCollected<[]>('the available SSO providers'));

  const membersP = wants('members')
    ? part('members', 'the members', () => api.listMembers(org, { onPage: (page) => startMemberDetails(r, page) }))
    : Promise.resolve(notCollected<Member[]>('the member list'));

  const memberDetailsP = membersP.then((members) => collectMemberDetails(r, members));

  const teamsP = wants('teams') || wants('teamMembers') ? part('teams', 'the teams', () => api.listTeams(org)) : Promise.resolve(notCollected<[]>('the team list'));
  const teamMembersP = teamsP.then((teams) => collectTeamMembers(r, teams));

  const projectsP: Promise<Part<ProjectState[]>> =
    wants('projects') || wants('keys') || wants('filters') || opts.needProjects === true
      ? collectProjects(r)
      : Promise.resolve(notCollected<ProjectState[]>('the project list'));

  const keysP = projectsP.then((projects) => collectKeys(r, projects));
  const keyStatsP = Promise.all([projectsP, keysP]).then(([projects, keys]) => collectKeyStats(r, projects, keys));
  const filtersP = projectsP.then((projects) => collectFilters(r, projects));

  // 'unavailable' (404, self-hosted) stays a value: 3.2.3 turns it into not_applicable
  const spikeP = wants('spikeProtection')
    ? part('spike protection', 'spike protection', () => api.probeSpikeProtection(org))
    : Promise.resolve(notCollected<'available'>('spike protection'));

  const auditP = wants('auditLog')
    ? part('audit log', 'the audit log', () =>
        api.listAuditLogs(org, { since: new Date(now.getTime() - plan.auditLookbackDays * DAY_MS) }),
      ).then((p) =>
        // 4.1.1 tells the person which scope to add: the audit log needs org:write
        !p.ok && p.cause === 'permission' ? partError<[]>(`${p.reason}; reading the audit log needs the scope org:write`, 'permission') : p,
      )
    : Promise.resolve(notCollected<[]>('the audit log'));

  const orgAuthTokensP = wants('orgAuthTokens')
    ? part('org auth tokens', 'organization auth tokens', () => api.listOrgAuthTokens(org))
    : Promise.resolve(notCollected<OrgAuthToken[]>('the organization auth tokens'));

  const sentryAppsP = wants('sentryApps') || wants('installedApps')
    ? part('integrations', 'custom integrations', () => api.listSentryApps(org))
    : Promise.resolve(notCollected<SentryApp[]>('the custom integrations'));
  // the installation list starts with the app list; each other org's app is read once both are in
  const installedAppsP = wants('installedApps')
    ? ((installs) => Promise.all([sentryAppsP, installs]).then(([own, inst]) => collectInstalledApps(r, own, inst)))(
        part('installations', 'installed integrations', () => api.listSentryAppInstallations(org)),
      )
    : Promise.resolve(notCollected<SentryApp[]>('the installed integrations'));

  // relay_usage lists what connected with the org's trusted keys: without keys there is nothing
  const relayUsageP = wants('relayUsage')
    ? orgP.then((o) =>
        o.ok && (o.value.trustedRelays ?? []).length === 0 ? partOk<RelayUsage[]>([]) : part('Relay usage', 'Relay usage', () => api.listRelayUsage(org)),
      )
    : Promise.resolve(notCollected<RelayUsage[]>('the Relay usage'));

  // a wait for the rate limit finishes no read: the heartbeat keeps the counts moving meanwhile
  const heartbeat = opts.onProgress ? setInterval(() => r.reportAgain(), PROGRESS_HEARTBEAT_MS) : undefined;
  heartbeat?.unref();
  const [orgPart, authProvider, authProviders, members, memberDetails, teams, projects, keys, keyStats, filters, spikeProtection, auditLog, teamMembers, orgAuthTokens, sentryApps, installedApps, relayUsage] =
    await Promise.all([orgP, authProviderP, authProvidersP, membersP, memberDetailsP, teamsP, projectsP, keysP, keyStatsP, filtersP, spikeP, auditP, teamMembersP, orgAuthTokensP, sentryAppsP, installedAppsP, relayUsageP]).finally(() =>
      clearInterval(heartbeat),
    );

  return {
    target,
    collectedAt: now.toISOString(),
    whoami,
    org: orgPart,
    authProvider,
    authProviders,
    members,
    memberDetails,
    teams,
    projects,
    keys,
    keyStats,
    filters,
    spikeProtection,
    auditLog,
    teamMembers,
    orgAuthTokens,
    sentryApps,
    installedApps,
    relayUsage,
  };
}

/**
 * The apps of other organizations installed in this one, each read by slug for its scopes and
 * webhook (the installation list names only the app: sentry_app_installation.py). The org's own
 * apps (internal integrations are installed in their org) are already in the sentry-apps list.
 */
async function collectInstalledApps(r: Run, ownPart: Part<SentryApp[]>, installs: Part<SentryAppInstallation[]>): Promise<Part<SentryApp[]>> {
  const { api, track } = r;
  if (!installs.ok) return installs;
  if (!ownPart.ok) return partError(`installed integrations: telling them from the org's own needs ${ownPart.reason}`, ownPart.cause);
  const own = new Set(ownPart.value.map((a) => a.slug));
  const slugs = [...new Set(installs.value.map((i) => i.app.slug))].filter((s) => !own.has(s));
  const out: SentryApp[] = [];
  const failures: { reason: string; cause: PartCause }[] = [];
  await Promise.all(
    slugs.map(async (slug) => {
      try {
        out.push(await track(`integration ${slug}`, () => api.getSentryApp(slug)));
      } catch (err) {
        failures.push({ reason: reasonFor(err, `the installed integration ${slug}`), cause: causeOf(err) });
      }
    }),
  );
  if (failures.length > 0) {
    const extra = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
    return partError(`${failures[0]!.reason}${extra}`, failures[0]!.cause);
  }
  return partOk(out.sort((a, b) => a.slug.localeCompare(b.slug)));
}

// ---- parts that depend on another part ---------------------------------------------------

/**
 * Member details (teams, teamRoles, authenticators) only where a rule or a plan needs them:
 * 2.3.6 reads the authenticators of privileged members; a role change (2.3.1 demotion when
 * there are too many owners, 2.3.5) must send the member's full teamRoles; 2.3.4 keeps the
 * teamRoles of an invitation it deletes so rollback can re-invite; 2.1.9 names the teams of
 * inactive and deactivated members. Not for every member: 2.1.3's "who would lose access"
 * count would cost one request per member (thousands in large orgs) and reports the
 * members whose teams were not read as uncertain instead.
 */
async function collectMemberDetails(r: Run, membersPart: Part<Member[]>): Promise<Part<Record<string, MemberDetail>>> {
  const { now, plan } = r;
  const wanted = new Map<string, Member>();
  if (!membersPart.ok) {
    return membersPart.cause === 'not_collected'
      ? notCollected('member details')
      : partError(`member details: ${membersPart.reason}`, membersPart.cause);
  }
  const list = membersPart.value;
  // the whole list decides (2.3.1 counts every owner); most details were started from its pages
  for (const m of plan.memberDetails(list, now)) wanted.set(m.id, m);
  const out: Record<string, MemberDetail> = {};
  const failures: string[] = [];
  await Promise.all(
    [...wanted.values()].map(async (m) => {
      const read = await r.readMemberDetail(m);
      if ('detail' in read) out[m.id] = read.detail;
      else failures.push(read.failure);
    }),
  );
  if (failures.length > 0) {
    const extra = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
    return partError(`${failures[0]}${extra}`);
  }
  return partOk(out);
}

/**
 * Team admins (teamRole "admin") are named only by each team's member list (team_members.py):
 * the org member list carries no team roles and a member detail per member would cost one
 * request per member. One paginated list per team, all in parallel through the client.
 */
async function collectTeamMembers(r: Run, teamsPart: Part<Team[]>): Promise<Part<Record<string, TeamMember[]>>> {
  if (!r.wants('teamMembers')) return notCollected('the team member lists');
  if (!teamsPart.ok) return partError(`team member lists: ${teamsPart.reason}`, teamsPart.cause);
  const out: Record<string, TeamMember[]> = {};
  const failures: string[] = [];
  await Promise.all(
    teamsPart.value.map(async (t) => {
      const p = await r.part(`team ${t.slug}`, `the members of team ${t.slug}`, () => r.queued(() => r.api.listTeamMembers(r.org, t.slug)));
      // rows with a stored team role only: a null role is the org role's minimum (team_members.py),
      // so the row says nothing the org member list does not; with every member on a team or two,
      // keeping them would hold a second copy of the member list (about 60 MB at 50,000 members)
      if (p.ok) out[t.slug] = p.value.filter((m) => m.teamRole !== null);
      else failures.push(p.reason);
    }),
  );
  if (failures.length > 0) return partError(`${failures[0]}${failures.length > 1 ? ` (and ${failures.length - 1} more)` : ''}`);
  return partOk(sortedRecord(out));
}

/**
 * Member details start as soon as a page of the member list names a member the checks want, not
 * after the list's last page: with thousands of members the list is a long chain of pages, and
 * the details then cost no time of their own. A page chooses a subset of what the whole list
 * chooses (CheckDef.memberDetails); the whole list still decides what is kept.
 */
function startMemberDetails(r: Run, page: Member[]): void {
  for (const m of r.plan.memberDetails(page, r.now)) void r.readMemberDetail(m);
}

/**
 * Key lists and inbound filters start as soon as a project page names the project, not after
 * the project list's last page: the per-project reads fill the connection pool while the list
 * is still paging. Only projects whose row carries its settings (`options`) start early.
 */
function startProjectReads(r: Run, page: ProjectSummary[]): void {
  for (const p of page) {
    if (p.options === undefined || p.options === null || typeof p.options !== 'object') continue;
    if (r.wants('keys')) void r.readKeys(p.slug);
    // the same test as collectFilters: the platform is all it reads
    if (r.wants('filters') && hasBrowserSide({ platform: p.platform })) void r.readFilters(p.slug);
  }
}

async function collectProjects(r: Run): Promise<Part<ProjectState[]>> {
  const { api, org, track } = r;
  let list: ProjectSummary[];
  try {
    list = await track('projects', () => api.listProjects(org, { options: PROJECT_OPTION_KEYS, onPage: (page) => startProjectReads(r, page) }));
  } catch (err) {
    return partError(reasonFor(err, 'the projects'));
  }
  const withOptions = list.filter((p) => p.options !== undefined && p.options !== null && typeof p.options === 'object');
  if (withOptions.length === list.length) {
    return partOk(list.map((p) => projectStateFromOptions(p, p.options as Record<string, unknown>)));
  }
  if (withOptions.length > 0) {
    // The expansion works, but Sentry withholds `options` from projects the caller has no
    // access to; their detail GET would be refused as well (and could create a token).
    const missing = list.filter((p) => !withOptions.includes(p)).map((p) => p.slug);
    return partError(
      `cannot read the settings of ${word(missing.length, 'project')} ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}: the token's user has no access to ${word(missing.length, 'it', 'them')}; use an owner's or manager's token`,
    );
  }
  // Fallback: the server ignores `options=` (older or self-hosted Sentry without the
  // expansion). Only then is the detail GET used; it stores a security token for projects
  // that never had one (projects.md §2.2) — unavoidable on such servers.
  const states: ProjectState[] = [];
  try {
    await Promise.all(
      list.map(async (p, i) => {
        const d = await track(`project ${p.slug}`, () => r.queued(() => api.getProject(org, p.slug)));
        states[i] = projectStateFromDetail({ ...d, teams: d.teams ?? p.teams, features: d.features ?? p.features });
      }),
    );
  } catch (err) {
    return partError(reasonFor(err, 'the project settings'));
  }
  return partOk(states);
}

async function collectKeys(r: Run, projectsPart: Part<ProjectState[]>): Promise<Record<string, Part<ClientKey[]>>> {
  const out: Record<string, Part<ClientKey[]>> = {};
  if (!r.wants('keys') || !projectsPart.ok) return out;
  await Promise.all(
    projectsPart.value.map(async (p) => {
      out[p.slug] = await r.readKeys(p.slug);
    }),
  );
  return sortedRecord(out);
}

async function collectKeyStats(
  r: Run,
  projectsPart: Part<ProjectState[]>,
  keysByProject: Record<string, Part<ClientKey[]>>,
): Promise<Record<string, Part<KeyStatPoint[]>>> {
  const { api, org, now, wants, part } = r;
  const out: Record<string, Part<KeyStatPoint[]>> = {};
  if (!r.needKeyStats || !wants('keyStats') || !projectsPart.ok) return out;
  const since = Math.floor((now.getTime() - KEY_STATS_DAYS * DAY_MS) / 1000);
  const until = Math.floor(now.getTime() / 1000);
  const jobs: Promise<void>[] = [];
  for (const p of projectsPart.value) {
    if (!p.features.includes('rate-limits')) continue;
    const keys = keysByProject[p.slug];
    if (!keys?.ok) continue;
    for (const k of keys.value) {
      if (!k.isActive || k.rateLimit) continue;
      jobs.push(
        part(
          `key stats ${p.slug}`,
          `the stats of key ${k.name} (${p.slug})`,
          () => r.queued(() => api.getKeyStats(org, p.slug, k.id, { since, until, resolution: KEY_STATS_RESOLUTION })),
          'this server has no key statistics (404)',
        ).then((r) => {
          out[k.id] = r;
        }),
      );
    }
  }
  await Promise.all(jobs);
  return out;
}

async function collectFilters(r: Run, projectsPart: Part<ProjectState[]>): Promise<Record<string, Part<InboundFilter[]>>> {
  const out: Record<string, Part<InboundFilter[]>> = {};
  if (!r.wants('filters') || !projectsPart.ok) return out;
  await Promise.all(
    projectsPart.value.filter(hasBrowserSide).map(async (p) => {
      out[p.slug] = await r.readFilters(p.slug);
    }),
  );
  return sortedRecord(out);
}

/** Stable key order regardless of which response came first (snapshots and reports diff well). */
function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k] as T;
  return out;
}
