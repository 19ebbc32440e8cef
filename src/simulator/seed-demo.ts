// The `demo` seed: org `acme` ("Acme Corp"), realistic and badly configured so that every
// control of POLICY.md has something to fix. Tests rely on the facts listed in the comments.

import { seedDemoEvents } from './seed-events.js';
import { seedIntegrations } from './seed-integrations.js';
import { prng, DAY, READ_SCOPES, addInvite, addPerson, addTeam, addUserToken, baseOrg, daysAgo, makeKey, project, putProject, seedAudit, sortMembers } from './seed-util.js';
import type { SimState } from './state.js';
import { emptyState } from './state.js';

/** Stable ids of the demo seed that tests refer to. */
export const DEMO = {
  org: 'acme',
  /** acting owner (token `owner`): 2FA with u2f + totp */
  ownerMemberId: '1010',
  /** the other owners, 2FA with totp */
  otherOwnerMemberIds: ['1020', '1030', '1040'],
  /** manager with 2FA (token `manager`) */
  managerMemberId: '1050',
  /** the ONLY member without 2FA, a manager (token `ownerNo2fa` acts as this user) */
  no2faMemberId: '1060',
  /** retired `admin` role */
  adminRoleMemberId: '1080',
  /** lastActive 120 and 200 days ago */
  inactiveMemberIds: ['1200', '1210'],
  /** user.isActive false */
  deactivatedMemberId: '1220',
  /** pending OWNER invitation, 20 days old, with a member.invite audit entry */
  staleOwnerInviteId: '1900',
  /** pending member invitation, 1 day old */
  freshInviteId: '1910',
  /** pending MEMBER invitation, 30 days old, team admin of frontend, with a member.invite entry (2.1.10) */
  staleMemberInviteId: '1920',
  /** fetches JavaScript without verifying TLS (sentry:verify_ssl false, 3.6.1) */
  noVerifySslProject: 'web-app',
  /** production project linked to 3 teams */
  prodProject: 'api-prod',
  /** project with no team */
  orphanProject: 'data-pipeline',
  /** project with debugFilesRole "member" */
  debugFilesMemberProject: 'payments-service',
  /** project with safeFields ["user.email"] */
  safeFieldsProject: 'worker',
  /** project with storeCrashReports -1 */
  unlimitedCrashProject: 'mobile-app',
  /** project without the `rate-limits` feature */
  noRateLimitFeatureProject: 'ingest-gateway',
  /** projects with quotas:spike-protection-disabled true */
  spikeOffProjects: ['web-app', 'android-app'],
  /** browser JS projects (platform javascript*) */
  browserJsProjects: ['admin-dashboard', 'checkout-web', 'marketing-site', 'web-app'],
  /** the browser JS project with real origins (the others allow "*") */
  realOriginsProject: 'marketing-site',
  /** the browser JS project whose inbound filters are on (the others are off) */
  filtersOnProject: 'checkout-web',
  /** the project with a non-empty IP blocklist */
  ipBlocklistProject: 'api-prod',
  /** 2 active keys + 1 inactive key */
  multiKeyProject: 'web-app',
  /** the only key with a rate limit is on this project */
  rateLimitedKeyProject: 'worker',
  /** the key created more than 365 days ago is on this project */
  oldKeyProject: 'api-prod',
} as const;

/**
 * The demo org's advanced scrubbing rules. `vars.hashKey` is a canary: a secret (relay-pii
 * src/config.rs `Vars`) that must never show up in a snapshot, report or log.
 */
export const DEMO_PII_HASH_KEY = 'canary-hashkey-7c1e9a4f52d8b036';
export const DEMO_RELAY_PII_CONFIG = JSON.stringify({
  rules: { '0': { type: 'pattern', pattern: 'acct_[0-9]{6,}', redaction: { method: 'replace', text: '[account]' } } },
  applications: { $string: ['0'] },
  vars: { hashKey: DEMO_PII_HASH_KEY },
});

export function buildDemoState(nowMs = Date.now()): SimState {
  const now = nowMs;
  const rand = prng(20_260_101);
  const org = baseOrg('acme', 'Acme Corp', now);
  // Every setting below fails a control of POLICY.md.
  Object.assign(org, {
    require2FA: false,
    defaultRole: 'admin',
    openMembership: true,
    allowJoinRequests: true,
    allowMemberInvite: true,
    allowMemberProjectCreation: true,
    allowSharedIssues: true,
    enhancedPrivacy: false,
    attachmentsRole: 'member',
    debugFilesRole: 'admin',
    eventsMemberAdmin: true,
    alertsMemberWrite: true,
    dataScrubber: false,
    dataScrubberDefaults: false,
    sensitiveFields: ['credit_card', 'internal_id'],
    safeFields: [],
    scrubIPAddresses: false,
    relayPiiConfig: DEMO_RELAY_PII_CONFIG,
    storeCrashReports: 5,
    trustedRelays: [], // three Relays: seed-integrations.ts
    // the server has the feature, the org has not turned it on (3.3.5)
    ingestThroughTrustedRelaysOnly: 'disabled',
    authProvider: null,
    // issue 13: Sentry staff may access the org (2.3.7; not applicable on the demo's self-hosted
    // URL), Seer runs on new projects by itself (3.5.2), AI features are shown (3.5.3), the
    // generative-AI consent is given (3.5.4), replay access is not restricted (3.5.1: never set)
    allowSuperuserAccess: true,
    hideAiFeatures: false,
    defaultSeerScannerAutomation: true,
    defaultAutofixAutomationTuning: 'medium',
    genAIConsent: true,
    aggregatedDataConsent: false,
    hasGranularReplayPermissions: null,
    replayAccessUserIds: [],
  });
  org.features.push('ingest-through-trusted-relays-only', 'data-secrecy', 'session-replay');
  const state = emptyState(org);

  // ---- teams
  const teams: [string, string, string][] = [
    ['2001', 'backend', 'Backend'], ['2002', 'frontend', 'Frontend'], ['2003', 'mobile', 'Mobile'],
    ['2004', 'platform', 'Platform'], ['2005', 'data', 'Data'], ['2006', 'sre', 'SRE'], ['2007', 'security', 'Security'],
  ];
  for (const [id, slug, name] of teams) addTeam(state, id, slug, name, daysAgo(now, 800));

  // ---- members (31 rows: 28 members + 3 invitations; ids = person id + '0')
  const owner = addPerson(state, now, { id: '101', name: 'Alex Rivera', email: 'alex@acme.example', role: 'owner', twofa: ['u2f', 'totp', 'recovery'], lastActiveDays: 0, joinedDays: 900, teams: [['platform', 'admin'], ['security', 'admin']] });
  const o2 = addPerson(state, now, { id: '102', name: 'Blake Chen', email: 'blake@acme.example', role: 'owner', twofa: ['totp', 'recovery'], lastActiveDays: 2, joinedDays: 880, teams: [['backend', 'admin']] });
  const o3 = addPerson(state, now, { id: '103', name: 'Casey Morgan', email: 'casey@acme.example', role: 'owner', twofa: ['totp'], lastActiveDays: 5, joinedDays: 700, teams: [['frontend', 'admin']] });
  addPerson(state, now, { id: '104', name: 'Dana Okafor', email: 'dana@acme.example', role: 'owner', twofa: ['totp'], lastActiveDays: 12, joinedDays: 650, teams: [['sre', 'admin']] });
  const mgr = addPerson(state, now, { id: '105', name: 'Evan Park', email: 'evan@acme.example', role: 'manager', twofa: ['totp'], lastActiveDays: 1, joinedDays: 500, teams: [['backend', null], ['data', null]] });
  const no2fa = addPerson(state, now, { id: '106', name: 'Finley Brooks', email: 'finley@acme.example', role: 'manager', twofa: [], lastActiveDays: 3, joinedDays: 400, teams: [['mobile', null], ['frontend', null]] });
  addPerson(state, now, { id: '107', name: 'Gray Patel', email: 'gray@acme.example', role: 'manager', twofa: ['totp'], lastActiveDays: 8, joinedDays: 350, teams: [['sre', null]] });
  addPerson(state, now, { id: '108', name: 'Harper Lee', email: 'harper@acme.example', role: 'admin', twofa: ['totp'], lastActiveDays: 4, joinedDays: 820, teams: [['backend', 'admin'], ['platform', 'admin']] });
  const regulars: [string, string, string[]][] = [
    ['Ivy Nguyen', 'ivy', ['backend']], ['Jordan Smith', 'jordan', ['frontend']], ['Kai Müller', 'kai', ['mobile']],
    ['Lena Rossi', 'lena', ['data']], ['Milo Garcia', 'milo', ['backend', 'sre']], ['Nora Kim', 'nora', ['frontend']],
    ['Omar Haddad', 'omar', ['platform']], ['Priya Shah', 'priya', ['data', 'backend']], ['Quinn Adams', 'quinn', ['mobile']],
    ['Rosa Diaz', 'rosa', ['frontend']], ['Sam Taylor', 'sam', ['backend']], ['Tara Singh', 'tara', ['security']],
    ['Uma Wright', 'uma', ['sre']], ['Victor Hugo', 'victor', ['frontend', 'mobile']], ['Wren Cole', 'wren', ['data']],
    ['Xavi Torres', 'xavi', ['backend']],
  ];
  regulars.forEach(([name, handle, t], i) => {
    addPerson(state, now, { id: String(130 + i), name, email: `${handle}@acme.example`, role: 'member', twofa: ['totp'], lastActiveDays: 1 + (i % 20), joinedDays: 300 + i * 10, teams: t.map((s) => [s, null]) });
  });
  // billing-only member (no team roles allowed)
  addPerson(state, now, { id: '150', name: 'Bea Finance', email: 'billing@acme.example', role: 'billing', twofa: ['totp'], lastActiveDays: 10, joinedDays: 400, teams: [] });
  // inactive > 90 days (2.1.9)
  addPerson(state, now, { id: '120', name: 'Yara Lind', email: 'yara@acme.example', role: 'member', twofa: ['totp'], lastActiveDays: 120, joinedDays: 600, teams: [['data', null]] });
  addPerson(state, now, { id: '121', name: 'Zeke Ford', email: 'zeke@acme.example', role: 'member', twofa: ['totp'], lastActiveDays: 200, joinedDays: 750, teams: [['backend', null]] });
  // deactivated user (2.1.9)
  addPerson(state, now, { id: '122', name: 'Ash Gray', email: 'ash@acme.example', role: 'member', twofa: ['totp'], lastActiveDays: 45, joinedDays: 500, isActive: false, teams: [['frontend', null]] });
  // invitations: a stale OWNER invite (2.3.1, 2.3.4) and a fresh member invite
  const staleInvite = addInvite(state, '1900', 'new-cto@acme.example', 'owner', daysAgo(now, 20), owner.user.name, [['platform', null]], owner.user.id);
  addInvite(state, '1910', 'intern@acme.example', 'member', daysAgo(now, 1), mgr.user.name, [['frontend', null]], mgr.user.id);
  // a stale MEMBER invitation that would make its holder team admin of frontend (2.1.10)
  const staleMemberInvite = addInvite(state, '1920', 'contractor@acme.example', 'member', daysAgo(now, 30), o3.user.name, [['frontend', 'admin']], o3.user.id);

  // ---- tokens (simulator tokens; printing them is fine)
  addUserToken(state, rand, owner.user.id, 'owner');
  addUserToken(state, rand, owner.user.id, 'readonly', READ_SCOPES);
  addUserToken(state, rand, mgr.user.id, 'manager');
  // Named `ownerNo2fa` by the public API, but the demo's only member without 2FA is the manager
  // Finley (the seed has no owner without 2FA): enough org:write to exercise the require2FA
  // refusal for a caller without 2FA.
  addUserToken(state, rand, no2fa.user.id, 'ownerNo2fa');

  // ---- projects
  const feat = ['rate-limits', 'custom-inbound-filters', 'data-forwarding', 'discard-groups', 'similarity-embeddings'];
  const noRl = feat.filter((f) => f !== 'rate-limits');
  const js = (extra: Record<string, unknown> = {}) => ({ 'filters:localhost': '0', 'filters:web-crawlers': '0', 'filters:browser-extensions': '0', 'filters:legacy-browsers': '0', ...extra });
  const P: [string, string, string, string, string[], string[], Record<string, unknown>][] = [
    ['3001', 'api-prod', 'API (production)', 'python', ['backend', 'platform', 'sre'], feat, { 'sentry:blacklisted_ips': ['10.0.0.0/8', '203.0.113.7'] }],
    ['3002', 'web-app', 'Web App', 'javascript-react', ['frontend'], feat, js({ 'sentry:origins': ['*'], 'quotas:spike-protection-disabled': true, 'sentry:verify_ssl': false })],
    ['3003', 'marketing-site', 'Marketing Site', 'javascript-nextjs', ['frontend'], feat, js({ 'sentry:origins': ['https://www.acme.example', 'https://acme.example'] })],
    // filters on; origins never set (raw option absent = the default ["*"])
    ['3004', 'checkout-web', 'Checkout', 'javascript', ['frontend', 'backend'], feat, { 'filters:localhost': '1', 'filters:web-crawlers': '1', 'filters:browser-extensions': '1', 'filters:legacy-browsers': ['chrome', 'edge', 'firefox', 'ie', 'safari'] }],
    ['3005', 'admin-dashboard', 'Admin Dashboard', 'javascript', ['platform'], feat, js({ 'sentry:origins': ['*'] })],
    ['3006', 'mobile-app', 'Mobile App', 'react-native', ['mobile'], feat, { 'sentry:store_crash_reports': -1 }],
    ['3007', 'payments-service', 'Payments Service', 'java', ['backend'], feat, { 'sentry:debug_files_role': 'member' }],
    ['3008', 'worker', 'Background Worker', 'node', ['backend'], feat, { 'sentry:safe_fields': ['user.email'] }],
    ['3009', 'ingest-gateway', 'Ingest Gateway', 'go', ['platform'], noRl, {}],
    ['3010', 'data-pipeline', 'Data Pipeline', 'python', [], feat, { 'sentry:scrub_data': false }],
    ['3011', 'android-app', 'Android App', 'android', ['mobile'], feat, { 'quotas:spike-protection-disabled': true }],
    ['3012', 'internal-tools', 'Internal Tools', 'python-django', ['data'], feat, {}],
  ];
  P.forEach(([id, slug, name, platform, t, f, o], i) => putProject(state, project(id, slug, name, platform, daysAgo(now, 800 - i * 40), t, f, o)));

  // ---- keys: 1-3 per project; only worker's key has a rate limit; api-prod's is 500 days old;
  // web-app has 2 active keys and an inactive one
  for (const [, slug] of P) {
    const created = slug === 'api-prod' ? daysAgo(now, 500) : daysAgo(now, 200);
    makeKey(state, rand, slug, 'Default', created, slug === 'worker' ? { rateLimit: { window: 60, count: 1000 }, browserSdkVersion: '8.x' } : {});
  }
  makeKey(state, rand, 'web-app', 'Mobile web', daysAgo(now, 90), { browserSdkVersion: '8.x' });
  makeKey(state, rand, 'web-app', 'Old key', daysAgo(now, 300), { isActive: false });
  makeKey(state, rand, 'mobile-app', 'CI builds', daysAgo(now, 30));

  // ---- audit log: ~40 entries over the last 60 days, oldest first
  const u = (id: string) => state.users.get(id) ?? null;
  const entries: { days: number; event: string; actor: string | null; data: Record<string, unknown>; note?: string; actorName?: string; target?: string }[] = [
    { days: 59, event: 'project.create', actor: '102', data: { slug: 'internal-tools' } },
    { days: 57, event: 'team.create', actor: '101', data: { slug: 'security' } },
    { days: 55, event: 'member.join-team', actor: '101', data: { email: 'tara@acme.example', team_slug: 'security' } },
    { days: 53, event: 'org.edit', actor: '102', data: { require_2fa: 'to False' }, note: 'edited the organization setting(s): require_2fa' },
    { days: 52, event: 'member.edit', actor: '101', data: { email: 'evan@acme.example', role: 'manager', teams_slugs: ['backend', 'data'] }, target: '105' },
    { days: 50, event: 'alertrule.create', actor: '130', data: { label: 'High error rate' } },
    { days: 48, event: 'projectkey.create', actor: '102', data: { label: 'CI builds', public_key: 'f3b2a1c4d5e6f7a8b9c0d1e2f3a4b5c6', secret_key: '0a1b2c3d4e5f60718293a4b5c6d7e8f9', status: 0 } },
    { days: 46, event: 'sso.disable', actor: '101', data: { provider: 'google' } },
    { days: 45, event: 'api-key.create', actor: '103', data: { label: 'legacy-deploy-key' } },
    { days: 44, event: 'rule.edit', actor: '131', data: { label: 'New issue' } },
    { days: 42, event: 'member.add', actor: '105', data: { email: 'xavi@acme.example', role: 'member' } },
    { days: 41, event: 'project.edit', actor: '108', data: { slug: 'worker', 'sentry:safe_fields': ['user.email'] } },
    { days: 40, event: 'org.edit', actor: '103', data: { default_role: 'from member to admin' } },
    { days: 38, event: 'team.edit', actor: '104', data: { slug: 'sre' } },
    { days: 37, event: 'project.disable', actor: '131', data: { state: false, slug: 'web-app', filter: 'localhost' } },
    { days: 35, event: 'member.join-team', actor: '105', data: { email: 'priya@acme.example', team_slug: 'backend' } },
    { days: 34, event: 'org-auth-token.create', actor: '102', data: { name: 'GitHub Actions' } },
    { days: 33, event: 'integration.add', actor: '104', data: { provider: 'slack', name: 'acme' } },
    { days: 31, event: 'monitor.edit', actor: '132', data: { name: 'nightly-export' } },
    { days: 29, event: 'org.edit', actor: '101', data: { dataScrubber: 'from True to False' } },
    { days: 28, event: 'project-team.add', actor: '101', data: { team_slug: 'sre', project_slug: 'api-prod' } },
    { days: 27, event: 'member.remove', actor: '105', data: { email: 'former@acme.example', role: 'member' } },
    { days: 26, event: 'alertrule.edit', actor: '133', data: { label: 'Latency p95' } },
    { days: 25, event: 'projectkey.edit', actor: '108', data: { label: 'Default', public_key: 'a1a1a1a1b2b2b2b2c3c3c3c3d4d4d4d4', secret_key: 'e5e5e5e5f6f6f6f6a7a7a7a7b8b8b8b8', rate_limit_count: 1000, rate_limit_window: 60 } },
    { days: 24, event: 'team.create', actor: '104', data: { slug: 'sre-oncall' } },
    { days: 23, event: 'team.remove', actor: '104', data: { slug: 'sre-oncall' } },
    { days: 22, event: 'project.edit', actor: '130', data: { slug: 'web-app', 'sentry:origins': ['*'] } },
    { days: 21, event: 'member.join-team', actor: '106', data: { email: 'victor@acme.example', team_slug: 'mobile' } },
    { days: 18, event: 'rule.edit', actor: '134', data: { label: 'Regression' } },
    { days: 16, event: 'org.edit', actor: '102', data: { allow_joinleave: 'to True' } },
    { days: 14, event: 'integration.edit', actor: '104', data: { provider: 'github' } },
    { days: 12, event: 'member.edit', actor: '101', data: { email: 'harper@acme.example', role: 'admin', teams_slugs: ['backend', 'platform'] }, target: '108' },
    { days: 10, event: 'alertrule.create', actor: '135', data: { label: 'Crash free rate' } },
    { days: 8, event: 'project.enable', actor: '130', data: { state: true, slug: 'checkout-web', filter: 'localhost' } },
    { days: 6, event: 'monitor.edit', actor: '136', data: { name: 'billing-sync' } },
    { days: 5, event: 'member.join-team', actor: '105', data: { email: 'wren@acme.example', team_slug: 'data' } },
    { days: 3, event: 'team.edit', actor: '107', data: { slug: 'sre' } },
    { days: 2, event: 'rule.edit', actor: '137', data: { label: 'Slack notify' } },
  ];
  // the stale owner invitation's member.invite (20 days ago) and the fresh invite (1 day ago)
  entries.push({ days: 20, event: 'member.invite', actor: '101', data: { email: staleInvite.email, role: 'owner', teams_slugs: ['platform'], invite_status: 'approved' }, target: staleInvite.id });
  entries.push({ days: 1, event: 'member.invite', actor: '105', data: { email: 'intern@acme.example', role: 'member', teams_slugs: ['frontend'], invite_status: 'approved' }, target: '1910' });
  entries.push({ days: 30, event: 'member.invite', actor: '103', data: { email: staleMemberInvite.email, role: 'member', teams_slugs: ['frontend'], invite_status: 'approved' }, target: staleMemberInvite.id });
  entries.sort((a, b) => b.days - a.days);
  for (const e of entries) {
    seedAudit(state, {
      event: e.event,
      actor: e.actor ? u(e.actor) : null,
      days: e.days - (Number(e.actor ?? 0) % 7) / 24, // spread within the day, deterministic
      now,
      data: e.data,
      ...(e.note ? { note: e.note } : {}),
      ...(e.actorName ? { actorName: e.actorName } : {}),
      targetObject: e.target ? Number(e.target) : null,
    });
  }
  void o2;
  void o3;
  void DAY;
  sortMembers(state);
  seedDemoEvents(state, now);
  seedIntegrations(state, now);
  return state;
}
