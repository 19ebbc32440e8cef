// JSON shapes as Sentry's serializers emit them (organization.md §2.3, §3.1-3.2; projects.md
// §1.1, §2.2, §4.2), with the fields the OpenAPI schema marks required.

import type { Ctx } from './http.js';
import { orgRoleList, teamRoleList } from './roles.js';
import type { SimKey, SimMember, SimProject, SimState, SimTeam, SimUser } from './state.js';
import { has2fa } from './state.js';

const AVATAR = { avatarType: 'letter_avatar', avatarUuid: null, avatarUrl: null };

/**
 * The user serializer. `emails` (every address of the user) is only in the acting user's own
 * view (`GET /api/0/`); member rows leave it out (test_does_not_include_secondary_emails).
 */
export function serializeUser(user: SimUser, detailed = false, withEmails = true): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: user.id,
    name: user.name,
    username: user.username,
    email: user.email,
    avatarUrl: null,
    isActive: user.isActive,
    isSuspended: false,
    hasPasswordAuth: true,
    isManaged: false,
    dateJoined: user.dateJoined,
    lastLogin: user.lastLogin,
    has2fa: has2fa(user),
    lastActive: user.lastActive,
    isSuperuser: false,
    isStaff: false,
    experiments: {},
    avatar: AVATAR,
  };
  if (withEmails) out.emails = [{ id: user.id, email: user.email, is_verified: true }];
  if (detailed) {
    out.authenticators = user.authenticators
      .filter((a) => a.type !== 'recovery')
      .map((a) => ({ id: a.id, type: a.type, name: a.name, dateCreated: a.dateCreated, dateUsed: a.dateUsed }));
    out.canReset2fa = true;
  }
  return out;
}

export function serializeMember(state: SimState, m: SimMember, detailedUser = false): Record<string, unknown> {
  const user = m.userId ? state.users.get(m.userId) ?? null : null;
  return {
    id: m.id,
    email: m.email,
    name: user ? user.name : m.email,
    user: user ? serializeUser(user, detailedUser, false) : null,
    role: m.orgRole,
    roleName: m.orgRole[0]?.toUpperCase() + m.orgRole.slice(1),
    orgRole: m.orgRole,
    groupOrgRoles: [],
    pending: m.pending,
    expired: m.expired,
    flags: { ...m.flags },
    dateCreated: m.dateCreated,
    inviteStatus: m.inviteStatus,
    inviterName: m.inviterName,
  };
}

export function ownerCount(state: SimState): number {
  let n = 0;
  for (const m of state.members.values()) if (m.orgRole === 'owner' && !m.pending) n += 1;
  return n;
}

export function serializeMemberDetail(ctx: Ctx, m: SimMember): Record<string, unknown> {
  const canAdmin = ctx.scopes.has('member:admin');
  const out = serializeMember(ctx.state, m, canAdmin);
  out.teams = [...m.teamRoles.keys()];
  out.teamRoles = [...m.teamRoles.entries()].map(([teamSlug, role]) => ({ teamSlug, role }));
  out.isOnlyOwner = m.orgRole === 'owner' && !m.pending && ownerCount(ctx.state) === 1;
  out.orgRoleList = orgRoleList();
  out.teamRoleList = teamRoleList();
  out.roles = orgRoleList();
  // no invite_link: current Sentry leaves it out for everyone (test_invite_link_does_not_exist)
  return out;
}

export function teamMemberCount(state: SimState, teamSlug: string): number {
  let n = 0;
  for (const m of state.members.values()) if (!m.pending && m.teamRoles.has(teamSlug)) n += 1;
  return n;
}

export function serializeTeam(ctx: Ctx, t: SimTeam, memberCount?: number): Record<string, unknown> {
  const isMember = ctx.member?.teamRoles.has(t.slug) ?? false;
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    dateCreated: t.dateCreated,
    isMember,
    teamRole: isMember ? ctx.member?.teamRoles.get(t.slug) ?? null : null,
    flags: { ...t.flags },
    access: [...ctx.scopes].filter((s) => /^(event|project|team|alerts|member|org):/.test(s)).sort(),
    hasAccess: true,
    isPending: false,
    memberCount: memberCount ?? teamMemberCount(ctx.state, t.slug),
    avatar: { avatarType: 'letter_avatar', avatarUuid: null },
  };
}

function teamRefs(state: SimState, p: SimProject): { id: string; slug: string; name: string }[] {
  const out: { id: string; slug: string; name: string }[] = [];
  for (const slug of p.teamSlugs) {
    const t = state.teams.get(slug);
    if (t) out.push({ id: t.id, slug: t.slug, name: t.name });
  }
  return out;
}

function projectAccess(ctx: Ctx): string[] {
  return [...ctx.scopes].filter((s) => /^(event|project|team|alerts|member):/.test(s)).sort();
}

const HAS_FLAGS = [
  'hasFeedbacks', 'hasFlags', 'hasInsightsAgentMonitoring', 'hasInsightsAppStart', 'hasInsightsAssets',
  'hasInsightsCaches', 'hasInsightsDb', 'hasInsightsHttp', 'hasInsightsMCP', 'hasInsightsQueues',
  'hasInsightsScreenLoad', 'hasInsightsVitals', 'hasLogs', 'hasMinifiedStackTrace', 'hasMonitors',
  'hasNewFeedbacks', 'hasProfiles', 'hasReplays', 'hasSessions', 'hasTraceMetrics', 'hasUserReports',
];

function baseProject(ctx: Ctx, p: SimProject): Record<string, unknown> {
  const teams = teamRefs(ctx.state, p);
  const isMember = ctx.member ? p.teamSlugs.some((s) => ctx.member?.teamRoles.has(s)) : false;
  const out: Record<string, unknown> = {
    id: p.id,
    slug: p.slug,
    name: p.name,
    platform: p.platform,
    platforms: p.platform ? [p.platform] : [],
    dateCreated: p.dateCreated,
    isBookmarked: false,
    isMember,
    features: [...p.features],
    firstEvent: p.dateCreated,
    firstTransactionEvent: false,
    access: projectAccess(ctx),
    hasAccess: true,
    isInternal: false,
    isPublic: false,
    avatar: { avatarType: 'letter_avatar', avatarUuid: null },
    color: '#3f70bf',
    status: 'active',
    environments: ['production'],
    latestRelease: null,
    team: teams[0] ?? null,
    teams,
  };
  for (const f of HAS_FLAGS) out[f] = false;
  return out;
}

/** An org project-list item; `optionKeys` = the requested `options=` expansion (raw values). */
export function serializeProjectSummary(ctx: Ctx, p: SimProject, optionKeys: readonly string[] | null): Record<string, unknown> {
  const out = baseProject(ctx, p);
  out.latestDeploys = null;
  if (optionKeys) {
    const opts: Record<string, unknown> = {};
    for (const k of optionKeys) if (p.options.has(k)) opts[k] = p.options.get(k);
    out.options = opts;
  }
  return out;
}

export function serializeProjectWithTeams(ctx: Ctx, p: SimProject): Record<string, unknown> {
  return baseProject(ctx, p);
}

function opt<T>(p: SimProject, key: string, dflt: T): T {
  return p.options.has(key) ? (p.options.get(key) as T) : dflt;
}

function listOpt(p: SimProject, key: string): string[] {
  const v = p.options.get(key);
  return Array.isArray(v) ? (v as string[]) : [];
}

/** The project detail (projects.md §2.2). Callers handle the `sentry:token` side effect. */
export function serializeProjectDetail(ctx: Ctx, p: SimProject): Record<string, unknown> {
  const out = baseProject(ctx, p);
  const org = ctx.state.org;
  Object.assign(out, {
    dataScrubber: Boolean(opt(p, 'sentry:scrub_data', true)),
    dataScrubberDefaults: Boolean(opt(p, 'sentry:scrub_defaults', true)),
    sensitiveFields: listOpt(p, 'sentry:sensitive_fields'),
    safeFields: listOpt(p, 'sentry:safe_fields'),
    scrubIPAddresses: Boolean(opt(p, 'sentry:scrub_ip_address', false)),
    storeCrashReports: opt<number | null>(p, 'sentry:store_crash_reports', null),
    relayPiiConfig: opt<string | null>(p, 'sentry:relay_pii_config', null),
    allowedDomains: p.options.has('sentry:origins') ? listOpt(p, 'sentry:origins') : ['*'],
    securityToken: opt<string>(p, 'sentry:token', ''),
    securityTokenHeader: opt<string | null>(p, 'sentry:token_header', null),
    verifySSL: Boolean(opt(p, 'sentry:verify_ssl', false)),
    scrapeJavaScript: Boolean(opt(p, 'sentry:scrape_javascript', true)),
    defaultEnvironment: opt<string | null>(p, 'sentry:default_environment', null),
    debugFilesRole: opt<string | null>(p, 'sentry:debug_files_role', null),
    subjectPrefix: opt<string>(p, 'mail:subject_prefix', ''),
    subjectTemplate: '$shortID - $title',
    digestsMinDelay: 300,
    digestsMaxDelay: 1800,
    resolveAge: Number(opt<number>(p, 'sentry:resolve_age', 0)),
    groupingConfig: 'newstyle:2023-01-11',
    secondaryGroupingConfig: null,
    secondaryGroupingExpiry: null,
    groupingEnhancements: '',
    derivedGroupingEnhancements: '',
    fingerprintingRules: '',
    builtinSymbolSources: [],
    symbolSources: '[]',
    dynamicSamplingBiases: null,
    enableAutoReleaseCreation: true,
    highlightTags: [],
    highlightContext: {},
    highlightPreset: { tags: [], context: {} },
    isDynamicallySampled: false,
    processingIssues: 0,
    scmSourceContextEnabled: false,
    tempestFetchScreenshots: false,
    autofixAutomationTuning: 'off',
    seerScannerAutomation: false,
    seerNightshiftTweaks: null,
    options: {
      'sentry:csp_ignored_sources_defaults': Boolean(opt(p, 'sentry:csp_ignored_sources_defaults', true)),
      'sentry:csp_ignored_sources': listOpt(p, 'sentry:csp_ignored_sources').join('\n'),
      'filters:blacklisted_ips': listOpt(p, 'sentry:blacklisted_ips').join('\n'),
      'filters:releases': listOpt(p, 'sentry:releases').join('\n'),
      'filters:error_messages': listOpt(p, 'sentry:error_messages').join('\n'),
      'filters:react-hydration-errors': opt<unknown>(p, 'filters:react-hydration-errors', '1') !== '0',
      'filters:chunk-load-error': opt<unknown>(p, 'filters:chunk-load-error', '1') !== '0',
      'quotas:spike-protection-disabled': opt<unknown>(p, 'quotas:spike-protection-disabled', null),
    },
    organization: serializeOrgSummary(ctx),
  });
  return out;
}

export function orgLinks(ctx: Ctx): { organizationUrl: string; regionUrl: string } {
  return { organizationUrl: ctx.controlUrl, regionUrl: ctx.regionUrl };
}

export function serializeOrgSummary(ctx: Ctx, withFeatures = false): Record<string, unknown> {
  const o = ctx.state.org;
  const out: Record<string, unknown> = {
    id: o.id,
    slug: o.slug,
    status: o.status === 'pending_deletion' ? { id: 'pending_deletion', name: 'pending deletion' } : { id: 'active', name: 'active' },
    name: o.name,
    dateCreated: o.dateCreated,
    isEarlyAdopter: o.isEarlyAdopter,
    require2FA: o.require2FA,
    requireEmailVerification: false,
    avatar: AVATAR,
    allowMemberInvite: o.allowMemberInvite,
    allowMemberProjectCreation: o.allowMemberProjectCreation,
    allowSuperuserAccess: o.allowSuperuserAccess,
    links: orgLinks(ctx),
    hasAuthProvider: o.authProvider !== null,
  };
  if (withFeatures) out.features = [...o.features];
  return out;
}

export function serializeOrgDetail(ctx: Ctx, opts: { features: boolean; detailed: boolean }): Record<string, unknown> {
  const o = ctx.state.org;
  const out = serializeOrgSummary(ctx, opts.features);
  Object.assign(out, {
    experiments: {},
    quota: { maxRate: null, maxRateInterval: 60, accountLimit: 0, projectLimit: 100 },
    isDefault: false,
    defaultRole: o.defaultRole,
    availableRoles: orgRoleList().map((r) => ({ id: r.id, name: r.name })),
    orgRoleList: orgRoleList(),
    teamRoleList: teamRoleList(),
    openMembership: o.openMembership,
    allowSharedIssues: o.allowSharedIssues,
    enhancedPrivacy: o.enhancedPrivacy,
    dataScrubber: o.dataScrubber,
    dataScrubberDefaults: o.dataScrubberDefaults,
    sensitiveFields: [...o.sensitiveFields],
    safeFields: [...o.safeFields],
    storeCrashReports: o.storeCrashReports,
    attachmentsRole: o.attachmentsRole,
    debugFilesRole: o.debugFilesRole,
    eventsMemberAdmin: o.eventsMemberAdmin,
    alertsMemberWrite: o.alertsMemberWrite,
    scrubIPAddresses: o.scrubIPAddresses,
    scrapeJavaScript: o.scrapeJavaScript,
    allowJoinRequests: o.allowJoinRequests,
    relayPiiConfig: o.relayPiiConfig,
    trustedRelays: o.trustedRelays.map((r) => ({ ...r })),
    requiresSso: o.authProvider?.require_link ?? false,
    pendingAccessRequests: 0,
    codecovAccess: false,
    githubPRBot: true,
    githubOpenPRBot: true,
    githubNudgeInvite: true,
    issueAlertsThreadFlag: true,
    metricAlertsThreadFlag: true,
    rollbackEnabled: false,
    streamlineOnly: null,
    isDynamicallySampled: false,
    relayDsnEndpoint: null,
    enableSeerCoding: false,
    defaultCodingAgent: null,
    defaultCodingAgentIntegrationId: null,
    defaultAutomatedRunStoppingPoint: null,
    autoEnableCodeReview: false,
    autoOpenPrs: false,
    defaultCodeReviewTriggers: [],
    access: [...ctx.scopes].sort(),
  });
  if (o.ingestThroughTrustedRelaysOnly !== undefined) out.ingestThroughTrustedRelaysOnly = o.ingestThroughTrustedRelaysOnly;
  // fields a server that predates them does not send (the tool must not read absence as a value)
  for (const f of ['hideAiFeatures', 'genAIConsent', 'aggregatedDataConsent', 'defaultSeerScannerAutomation', 'defaultAutofixAutomationTuning'] as const) {
    if (o[f] !== undefined) out[f] = o[f];
  }
  if (o.hasGranularReplayPermissions !== undefined) {
    // test_granular_replay_permissions_retrieve_*: false and [] when never set; user ids as integers
    out.hasGranularReplayPermissions = o.hasGranularReplayPermissions === true;
    out.replayAccessMembers = (o.replayAccessUserIds ?? []).map(Number);
  }
  if (ctx.member) {
    out.role = ctx.member.orgRole;
    out.orgRole = ctx.member.orgRole;
  }
  if (opts.detailed) {
    const counts = new Map<string, number>();
    for (const m of ctx.state.members.values()) {
      if (m.pending) continue;
      for (const slug of m.teamRoles.keys()) counts.set(slug, (counts.get(slug) ?? 0) + 1);
    }
    out.teams = [...ctx.state.teams.values()].map((t) => serializeTeam(ctx, t, counts.get(t.slug) ?? 0));
    out.projects = [...ctx.state.projects.values()].map((p) => serializeProjectWithTeams(ctx, p));
  }
  return out;
}

export function serializeKey(ctx: Ctx, k: SimKey): Record<string, unknown> {
  const project = ctx.state.projects.get(k.projectSlug);
  const host = new URL(ctx.regionUrl).host;
  const pid = project?.id ?? '0';
  const scheme = ctx.regionUrl.startsWith('https') ? 'https' : 'http';
  const dsnPublic = `${scheme}://${k.id}@${host}/${pid}`;
  return {
    id: k.id,
    name: k.name,
    label: k.name,
    public: k.id,
    secret: k.secret,
    projectId: Number(pid),
    isActive: k.isActive,
    rateLimit: k.rateLimit && k.rateLimit.count > 0 && k.rateLimit.window > 0 ? { ...k.rateLimit } : null,
    dsn: {
      secret: `${scheme}://${k.id}:${k.secret}@${host}/${pid}`,
      public: dsnPublic,
      csp: `${scheme}://${host}/api/${pid}/csp-report/?sentry_key=${k.id}`,
      security: `${scheme}://${host}/api/${pid}/security/?sentry_key=${k.id}`,
      minidump: `${scheme}://${host}/api/${pid}/minidump/?sentry_key=${k.id}`,
      nel: `${scheme}://${host}/api/${pid}/nel/?sentry_key=${k.id}`,
      unreal: `${scheme}://${host}/api/${pid}/unreal/${k.id}/`,
      crons: `${scheme}://${host}/api/${pid}/cron/___MONITOR_SLUG___/${k.id}/`,
      cdn: `${scheme}://${host}/js-sdk-loader/${k.id}.min.js`,
      playstation: `${scheme}://${host}/api/${pid}/playstation/?sentry_key=${k.id}`,
      integration: `${scheme}://${host}/api/${pid}/integration/`,
      otlp_traces: `${scheme}://${host}/api/${pid}/integration/otlp/v1/traces`,
      otlp_logs: `${scheme}://${host}/api/${pid}/integration/otlp/v1/logs`,
    },
    browserSdkVersion: k.browserSdkVersion,
    browserSdk: { choices: [['latest', 'latest'], ['9.x', '9.x'], ['8.x', '8.x'], ['7.x', '7.x']] },
    dateCreated: k.dateCreated,
    dynamicSdkLoaderOptions: { ...k.dynamicSdkLoaderOptions },
    // no useCase: only superusers see it (test_project_keys.py::ListProjectKeysTest.test_use_case)
  };
}
