// Variants of the `demo` seed for states a real organization reaches only through Sentry's web UI
// or over months, which the API cannot produce: SSO is configured only in the web UI, and time
// does not pass on demand. Each is the demo org plus the changes listed, written the way Sentry
// writes them (issue 18). `sentry-harden simulator --seed <name>` starts one.

import { buildDemoState } from './seed-demo.js';
import { DAY, daysAgo, seedAudit } from './seed-util.js';
import type { SimState } from './state.js';

export const SCENARIO_SEEDS = ['demo-sso-optional', 'demo-swept-long-ago'] as const;
export type ScenarioSeed = (typeof SCENARIO_SEEDS)[number];

/** Members of the demo seed the scenarios change (see seed-demo.ts). */
export const SCENARIO = {
  /** demo-sso-optional: owners Blake, Casey, Dana, SSO-linked, without 2FA */
  linkedOwnerMemberIds: ['1020', '1030', '1040'],
  /** both: manager Finley (no 2FA); SSO-linked in demo-sso-optional, swept in demo-swept-long-ago */
  finleyMemberId: '1060',
  /** demo-swept-long-ago: days since the 2FA requirement swept Finley (past the 90-day audit read) */
  sweptDaysAgo: 120,
} as const;

/**
 * demo-sso-optional: a SAML2 provider is configured with "Require SSO" off (`require_link: false`,
 * Sentry's `allow_unlinked` flag, src/sentry/api/serializers/models/auth_provider.py), and owners
 * Blake, Casey and Dana plus manager Finley are SSO-linked but have no 2FA. With allow_unlinked,
 * query_sso_state (src/sentry/auth/services/access/service.py) requires SSO of nobody, so those
 * four sign in with a password alone.
 */
function ssoOptional(state: SimState): void {
  state.org.authProvider = {
    id: '7001', provider_name: 'saml2', pending_links_count: 0, login_url: 'https://acme.example/saml/login/',
    default_role: state.org.defaultRole, require_link: false, scim_enabled: false,
  };
  for (const id of [...SCENARIO.linkedOwnerMemberIds, SCENARIO.finleyMemberId]) {
    const m = state.members.get(id);
    if (!m?.userId) throw new Error(`demo seed has no member ${id}`);
    m.flags['sso:linked'] = true;
    const user = state.users.get(m.userId);
    if (user) user.authenticators = [];
  }
}

/**
 * demo-swept-long-ago: `require2FA` was switched on 120 days ago, and the sweep turned manager
 * Finley (no 2FA) into an invitation; it was switched off again 53 days ago (the demo's own
 * `org.edit require_2fa: to False` entry). As Sentry does it: the membership keeps its id, role,
 * teams and date_added (src/sentry/models/organizationmember.py remove_user); the invitation
 * token lapsed after 30 days (INVITE_DAYS_VALID), so it is expired; the `member.pending` entry
 * names the organization as target_object and the user as target_user, with the email in data
 * (src/sentry/tasks/auth/auth.py remove_non_compliant_members). Both entries are older than the
 * 90 days sentry-harden reads, so nothing in the log it reads tells this person from an invitation.
 */
function sweptLongAgo(state: SimState, now: number): void {
  const m = state.members.get(SCENARIO.finleyMemberId);
  if (!m?.userId) throw new Error(`demo seed has no member ${SCENARIO.finleyMemberId}`);
  const user = state.users.get(m.userId);
  if (!user) throw new Error('demo seed has no user for Finley');
  const owner = state.users.get('101') ?? null;
  const days = SCENARIO.sweptDaysAgo;
  seedAudit(state, { event: 'org.edit', actor: owner, days, now, data: { require_2fa: 'to True' }, note: 'edited the organization setting(s): require_2fa', targetObject: Number(state.org.id) });
  seedAudit(state, {
    event: 'member.pending', actor: owner, days: days - 1 / 24, now,
    data: { email: user.email, user: Number(user.id), teams_slugs: [...m.teamRoles.keys()], has_global_access: true, role: m.orgRole, invite_status: 'approved' },
    note: `required member ${user.email} to setup 2FA`, targetObject: Number(state.org.id), targetUser: user,
  });
  state.auditLog.sort((a, b) => Date.parse(a.dateCreated) - Date.parse(b.dateCreated));
  m.userId = null;
  m.pending = true;
  m.email = user.email;
  m.expired = Date.parse(daysAgo(now, days)) + 30 * DAY < now;
}

export function buildScenarioState(seed: ScenarioSeed, nowMs = Date.now()): SimState {
  const state = buildDemoState(nowMs);
  if (seed === 'demo-sso-optional') ssoOptional(state);
  else sweptLongAgo(state, nowMs);
  return state;
}
