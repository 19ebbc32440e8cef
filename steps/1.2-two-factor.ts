// 1.2 Enforce Two-Factor Authentication (POLICY.md §1.2), plus the owner-safety helpers that
// 1.2.1 and 2.3.1 share: the 2FA sweep and owner demotions are judged together (DESIGN.md).

import type { Member, MemberDetail } from '../src/sentry/types.js';
import type { OrgState } from '../src/state/types.js';
import type { Policy } from './policy.js';
import { ssoConfigured, ssoEnforced } from './1.1-saml-sso.js';
import { accountSecurityUrl, containsName, isMember, isSsoLinked, memberLabel, need, normName, orgSettingsUrl } from './lib.js';
import type { CheckDef, ControlDef, PlannedChange } from './types.js';
import { plural, word } from '../src/words.js';

/** The membership of the user behind the token (matched by user id, else by email). */
export function isActingUser(state: OrgState, m: Member): boolean {
  const me = state.whoami.user;
  if (me === null || m.user === null) return false;
  if (me.id !== '' && m.user.id === me.id) return true;
  return me.email !== '' && normName(m.user.email) === normName(me.email);
}

/** Members `require2FA: true` turns into pending invitations: everyone with a user and no 2FA. */
export function twoFactorSweep(members: readonly Member[]): Member[] {
  return members.filter((m) => !m.pending && m.user !== null && !m.user.has2fa);
}

/** True when a plan would switch `require2FA` on: it is off and no SSO provider blocks it. */
export function sweepPlanned(state: OrgState): boolean {
  if (!state.org.ok || state.org.value.require2FA) return false;
  const sso = ssoConfigured(state);
  return !('outcome' in sso) && !sso.value;
}

const isOwner = (m: Member): boolean => !m.pending && m.orgRole === 'owner';

/**
 * An owner who keeps the org reachable (POLICY.md 2.3.2): a member (not an invitation), active,
 * with 2FA, or with an SSO link when `ssoLinkProtects` (the provider requires SSO: see
 * ssoEnforced in 1.1; after the 2FA sweep, which needs no provider, only 2FA counts).
 */
export function qualifyingOwners(members: readonly Member[], ssoLinkProtects: boolean): Member[] {
  return members.filter(
    (m) => isOwner(m) && isMember(m) && (m.user?.has2fa === true || (ssoLinkProtects && isSsoLinked(m))),
  );
}

/**
 * Whether SSO links count for the owner-safety guards (2.3.1, 1.2.1): only when SSO is enforced
 * and no 2FA sweep is planned. An unreadable SSO state counts no link: a guard that counts fewer
 * protected owners refuses more, never less.
 */
export function ssoLinksCount(state: OrgState, afterSweep: boolean): boolean {
  if (afterSweep) return false;
  const enforced = ssoEnforced(state);
  return 'value' in enforced && enforced.value;
}

/** Owners and unexpired owner invitations, as 2.3.1 counts them against `maxOwners`. */
export function ownerSeats(members: readonly Member[]): { owners: Member[]; invitations: Member[] } {
  return {
    owners: members.filter(isOwner),
    invitations: members.filter((m) => m.pending && !m.expired && m.orgRole === 'owner'),
  };
}

export interface DemotionPlan {
  /** owners whose demotion is planned, with the detail that carries their teamRoles */
  demote: { member: Member; detail: MemberDetail }[];
  /** pre-flight refusals (the acting user named) */
  blockers: string[];
  /** names in `demoteOwners` that cannot be planned, and why */
  skipped: string[];
}

/**
 * The demotions 2.3.1 would plan from policy `demoteOwners`: only while owners exceed
 * `maxOwners`, never the acting user, and only with the member's full teamRoles at hand.
 */
export function planDemotions(state: OrgState, policy: Policy, members: readonly Member[]): DemotionPlan {
  const plan: DemotionPlan = { demote: [], blockers: [], skipped: [] };
  const { owners, invitations } = ownerSeats(members);
  if (owners.length + invitations.length <= policy.maxOwners) return plan;
  const seen = new Set<string>();
  for (const email of policy.demoteOwners) {
    const key = normName(email);
    if (seen.has(key)) continue;
    seen.add(key);
    const m = members.find((x) => !x.pending && containsName([x.user?.email ?? '', x.email], email));
    if (m === undefined) {
      const invite = members.find((x) => x.pending && normName(x.email) === key);
      plan.skipped.push(invite
        ? `${email} is an invitation, not an owner who is a member: invitations are handled by 2.3.4`
        : `${email} (policy demoteOwners) is not a member of this organization`);
      continue;
    }
    if (m.orgRole !== 'owner') {
      plan.skipped.push(`${email} (policy demoteOwners) is not an owner (role ${m.orgRole})`);
      continue;
    }
    if (isActingUser(state, m)) {
      plan.blockers.push(`policy demoteOwners names ${email}, the user of this token: sentry-harden never changes your own role (Sentry refuses it too); remove it from demoteOwners`);
      continue;
    }
    if (!state.memberDetails.ok) {
      plan.skipped.push(`${email}: the member's team roles could not be read (${state.memberDetails.reason}); a role change without the full teamRoles would drop their team memberships, so it is not planned`);
      continue;
    }
    const detail = state.memberDetails.value[m.id];
    if (detail === undefined) {
      plan.skipped.push(`${email}: the member's team roles were not collected; a role change without the full teamRoles would drop their team memberships, so it is not planned`);
      continue;
    }
    plan.demote.push({ member: m, detail });
  }
  return plan;
}

const check1_2_1: CheckDef = {
  id: '1.2.1',
  params: ['minOwners', 'maxOwners', 'demoteOwners'],
  title: 'Two-factor authentication is required',
  level: 'L1',
  reads: ['authProvider', 'members'],
  automation: 'auto',
  risk: 'risky',
  rationale: 'A stolen or reused password alone must not open an account that can read stack traces and event data; requiring 2FA closes that door for every member.',
  evaluate({ state, policy }) {
    const org = need(state.org, 'organization settings');
    if ('outcome' in org) return org.outcome;
    const orgRef = { type: 'organization' as const, id: state.target.org };
    if (org.value.require2FA) return { status: 'pass', findings: [] };

    const sso = ssoConfigured(state);
    if ('outcome' in sso) return sso.outcome;
    if (sso.value) {
      return {
        status: 'manual',
        findings: [{ resource: orgRef, field: 'require2FA', current: false, expected: true, message: 'An SSO provider is configured, so Sentry refuses require2FA: multi-factor authentication is enforced by the identity provider.' }],
        reason: 'enforce phishing-resistant MFA in the identity provider',
        blockers: ['An SSO provider is configured: Sentry refuses require2FA while SSO is enabled.'],
        manualSteps: [
          'In your identity provider, require multi-factor authentication for the Sentry application, with phishing-resistant methods (WebAuthn / FIDO2 security keys or passkeys) for owners and managers.',
          `Turn on "Require SSO" at ${orgSettingsUrl(state, 'auth/')} so nobody can bypass the IdP with a password (1.1.2).`,
        ],
      };
    }

    const notRequired = { resource: orgRef, field: 'require2FA', current: false, expected: true, message: 'Two-factor authentication is not required for members.' };
    const members = need(state.members, 'members');
    if ('outcome' in members) {
      // the rule itself was read (require2FA is off): fail, but plan nothing while nobody can
      // say who the sweep would turn into invitations
      return {
        status: 'fail',
        findings: [notRequired],
        changes: [],
        reason: members.outcome.reason,
        blockers: [`The members could not be read (${members.outcome.reason ?? 'unknown reason'}): who loses access to the 2FA sweep and how many owners remain is unknown, so require2FA is not planned.`],
      };
    }
    const swept = twoFactorSweep(members.value);
    const blockers: string[] = [];
    const me = state.whoami.user;
    if (me === null) {
      blockers.push('The token has no user (an org auth token): Sentry requires the user who switches on require2FA to have 2FA. Use a user auth token of an owner with 2FA.');
    } else if (!me.has2fa) {
      blockers.push(`Your account (${me.email}) has no two-factor authentication: Sentry refuses require2FA, and the sweep would lock you out. Enable 2FA at ${accountSecurityUrl(state)} first.`);
    }
    const demotions = planDemotions(state, policy, members.value);
    const demoted = new Set(demotions.demote.map((d) => d.member.id));
    const remaining = qualifyingOwners(members.value, ssoLinksCount(state, true)).filter((m) => !demoted.has(m.id));
    // an org that already has too few owners is 2.3.2's finding; refuse only a sweep that removes owners
    const sweptOwners = swept.filter((m) => m.orgRole === 'owner');
    if (sweptOwners.length > 0 && remaining.length < policy.minOwners) {
      const names = remaining.map(memberLabel).join(', ') || 'none';
      const withDemotions = demoted.size > 0 ? ' and the demotions of policy demoteOwners' : '';
      blockers.push(
        `The 2FA sweep removes ${word(sweptOwners.length, 'owner')} ${sweptOwners.map(memberLabel).join(', ')}: after it${withDemotions} only ${plural(remaining.length, 'owner')} would remain (${names}); policy minOwners is ${policy.minOwners}. ` +
          'Have the other owners enable 2FA, or promote a member with 2FA to owner first (2.3.2).',
      );
    }

    const emails = swept.map(memberLabel);
    const warnings = swept.length === 0
      ? []
      : [`Loses access (no 2FA): ${emails.join(', ')}. ${swept.length === 1 ? 'This member becomes a pending invitation' : `These ${swept.length} members become pending invitations`}, emailed a link to set up 2FA; access returns once they enable 2FA and accept it.`];
    const change: PlannedChange = {
      checkId: '1.2.1',
      target: orgRef,
      field: 'require2FA',
      before: false,
      after: true,
      risk: 'risky',
      // the setting can be switched off again, but members already turned into invitations stay so
      reversible: swept.length === 0,
      consequence: swept.length === 0
        ? 'Every member already has 2FA; from now on members must keep it to stay in the organization.'
        : `Members without 2FA are turned into pending invitations and emailed: ${emails.join(', ')}. Rolling back the setting does not restore their membership.`,
      context: { membersWithout2fa: emails },
    };
    return {
      status: 'fail',
      findings: [notRequired],
      changes: [change],
      warnings,
      ...(blockers.length > 0 ? { blockers } : {}),
    };
  },
};

export const control1_2: ControlDef = {
  id: '1.2',
  title: 'Enforce Two-Factor Authentication',
  level: 'L1',
  frameworks: { cis: ['6.5'], nist: ['IA-2(1)'], soc2: ['CC6.1'] },
  rationale:
    'Passwords get phished and reused; a second factor stops most account takeovers.\n' +
    'Sentry holds stack traces and event data, so every member should need 2FA (or IdP MFA under SSO).',
  checks: [check1_2_1],
};
