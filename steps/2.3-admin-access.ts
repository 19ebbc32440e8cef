// 2.3 Limit Admin Access (POLICY.md §2.3): few owners, all of them well protected.

import type { AuditEntry, Member, MemberDetail } from '../src/sentry/types.js';
import { ssoConfigured, ssoEnforced } from './1.1-saml-sso.js';
import { isActingUser, ownerSeats, planDemotions, qualifyingOwners, ssoLinksCount, sweepPlanned } from './1.2-two-factor.js';
import { accountSecurityUrl, DAY_MS, isInvitation, isMember, isPrivileged, isSsoLinked, memberLabel, memberRef, need, normName, orgRef, orgSettingsUrl } from './lib.js';
import type { CheckContext, CheckDef, CheckOutcome, ControlDef, Finding, PlannedChange } from './types.js';
import type { OrgState } from '../src/state/types.js';
import type { Policy } from './policy.js';
import { picks } from './edits.js';
import { plural, word } from '../src/words.js';
import { z } from 'zod';
import { param, stringList } from './policy-params.js';

/** The policy-file parameters 2.3's checks (and 1.2.1's sweep) read (steps/policy.ts builds the policy file from them). */
export const policyParams2_3 = {
  maxOwners: param(z.number().int().min(1).describe('Most organization owners allowed, pending owner invitations included'), 3),
  minOwners: param(
    z.number().int().min(1).describe('Fewest owners to keep: no change (a demotion, the 2FA requirement) may leave fewer owners with access'),
    2,
  ),
  maxInviteAgeDays: param(z.number().int().min(0).describe('Pending invitations older than this many days are flagged for removal'), 7),
  demoteOwners: param(stringList.describe('Emails of owners to demote to manager when there are more than maxOwners; without it the wizard asks'), []),
};

/** 2.3.4 reads the audit log at least this many days back to age invitations. */
const INVITE_AUDIT_LOOKBACK_DAYS = 90;

const invitationRef = (m: Member) => ({ type: 'invitation' as const, id: m.id, email: memberLabel(m) });

/** Demote an owner (2.3.1) or change a retired admin (2.3.5): PUT orgRole with the full teamRoles. */
export function memberRoleChange(checkId: string, member: Member, detail: MemberDetail, after: 'manager' | 'member'): PlannedChange {
  return {
    checkId,
    target: memberRef(member),
    field: 'orgRole',
    before: member.orgRole,
    after,
    risk: checkId === '2.3.1' ? 'risky' : 'none',
    // Sentry no longer assigns the retired admin role, so leaving it cannot be rolled back
    reversible: member.orgRole !== 'admin',
    consequence: after === 'manager'
      ? `${memberLabel(member)} loses the owner role (billing, owner management, deleting the organization) and becomes a manager.`
      : `${memberLabel(member)} gets the ${after} role instead of the retired admin role (Sentry cannot assign admin again, so rollback cannot return to it).`,
    context: { teamRoles: detail.teamRoles },
  };
}

const check2_3_1: CheckDef = {
  id: '2.3.1',
  params: ['maxOwners', 'minOwners', 'demoteOwners'],
  title: 'Few owners',
  level: 'L1',
  reads: ['members', 'teams'],
  edit: {
    spec(check, { state, policy }) {
      const members = state?.members.ok ? state.members.value : [];
      const me = state?.whoami.user?.email?.toLowerCase();
      const owners = members.filter((m) => !m.pending && m.orgRole === 'owner' && (m.user?.email ?? m.email).toLowerCase() !== me);
      if (owners.length === 0) return undefined;
      return {
        kind: 'owners',
        checkId: check.id,
        label: `2.3.1 owners to demote to manager (${members.filter((m) => !m.pending && m.orgRole === 'owner').length} owners now; at most ${policy.maxOwners})`,
        options: owners.map((m) => ({ label: m.user?.email ?? m.email, value: m.user?.email ?? m.email })),
        initial: policy.demoteOwners,
      };
    },
    resolve: (_spec, value) => ({ policy: { demoteOwners: picks(value) } }),
  },
  // a demotion must send the member's full teamRoles: only when there are too many owners
  memberDetails(members, { policy }) {
    const owners = members.filter((m) => m.orgRole === 'owner' && (!m.pending || !m.expired));
    return owners.length > policy.maxOwners ? owners.filter(isMember) : [];
  },
  automation: 'guided',
  risk: 'risky',
  rationale: 'Owners can delete the organization, change billing and remove everyone else; every extra owner is another account whose takeover means total loss.',
  evaluate({ state, policy }) {
    const members = need(state.members, 'members');
    if ('outcome' in members) return members.outcome;
    const { owners, invitations } = ownerSeats(members.value);
    const count = owners.length + invitations.length;
    if (count <= policy.maxOwners) return { status: 'pass', findings: [] };
    const findings: Finding[] = [
      ...owners.map((m) => ({ resource: memberRef(m), field: 'orgRole', current: 'owner', expected: `at most ${policy.maxOwners} owners`, message: `${memberLabel(m)} is an owner${isActingUser(state, m) ? ' (you)' : ''}.` })),
      ...invitations.map((m) => ({ resource: invitationRef(m), field: 'orgRole', current: 'owner', expected: `at most ${policy.maxOwners} owners`, message: `${memberLabel(m)} is invited as an owner.` })),
    ];
    const summary = `${plural(owners.length, 'owner')} and ${plural(invitations.length, 'unexpired owner invitation')} make ${count}; policy maxOwners is ${policy.maxOwners}.`;
    if (policy.demoteOwners.length === 0) {
      return {
        status: 'fail',
        findings,
        changes: [],
        missingParameter: 'demoteOwners',
        reason: `${summary} Pick the owners to demote to manager in the wizard, or list their emails in policy demoteOwners.`,
      };
    }
    const plan = planDemotions(state, policy, members.value);
    const blockers = [...plan.blockers];
    const demoted = new Set(plan.demote.map((d) => d.member.id));
    const afterSweep = sweepPlanned(state);
    // an SSO link protects only when the provider requires SSO (ssoEnforced); unknown counts none
    const linksCount = ssoLinksCount(state, afterSweep);
    const remaining = qualifyingOwners(members.value, linksCount).filter((m) => !demoted.has(m.id));
    if (demoted.size > 0 && remaining.length < policy.minOwners) {
      blockers.push(
        `Demoting ${plan.demote.map((d) => memberLabel(d.member)).join(', ')} would leave ${plural(remaining.length, 'owner')} who ${word(remaining.length, 'is an active member', 'are active members')} with 2FA${linksCount ? ' or an SSO link' : ''}` +
          `${afterSweep ? ' (counting the 2FA sweep of 1.2.1)' : linksCount ? '' : ' (SSO links do not count: SSO is not required, or whether it is could not be read)'} (${remaining.map(memberLabel).join(', ') || 'none'}); policy minOwners is ${policy.minOwners}.`,
      );
    }
    const warnings = [...plan.skipped];
    if (count - demoted.size > policy.maxOwners) {
      warnings.push(`After the planned demotions ${plural(count - demoted.size, 'owner seat')} ${word(count - demoted.size, 'remains', 'remain')}; policy maxOwners is ${policy.maxOwners}.`);
    }
    return {
      status: 'fail',
      findings,
      changes: plan.demote.map((d) => memberRoleChange('2.3.1', d.member, d.detail, 'manager')),
      reason: plan.demote.length === 0 ? `${summary} None of the owners in policy demoteOwners can be demoted.` : summary,
      ...(warnings.length > 0 ? { warnings } : {}),
      ...(blockers.length > 0 ? { blockers } : {}),
    };
  },
};

/** Owners and privileged members who are SSO-linked but have no 2FA: protected only if SSO is required. */
const linkedWithout2fa = (m: Member): boolean => isMember(m) && m.user?.has2fa !== true && isSsoLinked(m);
const NOT_REQUIRED = 'the SSO provider does not require SSO (Require SSO / require_link is off), so a password alone signs in';
const UNKNOWN_REQUIRED = 'whether the SSO provider requires SSO could not be read';

/**
 * 2.3.3 and 2.3.8's one rule: of the people without 2FA, who is unprotected. An SSO link protects
 * only when the provider requires SSO (ssoEnforced, Sentry's query_sso_state), and that is read
 * only when someone is linked. When it cannot be read, linked people are not judged
 * (`notJudged`, with the reason); when nobody else is left, the verdict itself is unknown.
 * `pass` when everyone is protected.
 */
function withoutProtection<T>(
  state: OrgState,
  no2fa: readonly T[],
  memberOf: (x: T) => Member,
): { outcome: CheckOutcome } | { judged: T[]; notJudged: T[]; whyNotJudged: string } {
  const pass = { outcome: { status: 'pass' as const, findings: [] } };
  if (no2fa.length === 0) return pass;
  const linked = no2fa.filter((x) => isSsoLinked(memberOf(x)));
  const sso = linked.length > 0 ? ssoEnforced(state) : { value: false };
  if ('value' in sso) {
    const judged = no2fa.filter((x) => !(sso.value && isSsoLinked(memberOf(x))));
    return judged.length === 0 ? pass : { judged, notJudged: [], whyNotJudged: '' };
  }
  const judged = no2fa.filter((x) => !linked.includes(x));
  // only linked people whose protection is unknown: the verdict itself is unknown
  if (judged.length === 0) return sso;
  return { judged, notJudged: linked, whyNotJudged: sso.outcome.reason ?? UNKNOWN_REQUIRED };
}

const check2_3_2: CheckDef = {
  id: '2.3.2',
  params: ['minOwners'],
  title: 'Enough protected owners',
  level: 'L1',
  reads: ['authProvider', 'members'],
  automation: 'manual',
  risk: 'none',
  rationale: 'With a single usable owner, one lost phone or departed person orphans the organization; keep at least two active owners with 2FA or required SSO.',
  evaluate({ state, policy }) {
    const members = need(state.members, 'members');
    if ('outcome' in members) return members.outcome;
    const by2fa = qualifyingOwners(members.value, false);
    if (by2fa.length >= policy.minOwners) return { status: 'pass', findings: [] };
    // an SSO link counts only when the provider requires SSO (ssoEnforced, Sentry's query_sso_state)
    const linkedOwners = members.value.filter((m) => m.orgRole === 'owner' && linkedWithout2fa(m));
    const sso = linkedOwners.length > 0 ? ssoEnforced(state) : { value: false };
    const ssoOn = 'value' in sso && sso.value;
    const good = qualifyingOwners(members.value, ssoOn);
    if (good.length >= policy.minOwners) return { status: 'pass', findings: [] };
    // the verdict hinges on an SSO state that could not be read: never guess it
    if ('outcome' in sso && by2fa.length + linkedOwners.length >= policy.minOwners) return sso.outcome;
    const findings: Finding[] = [];
    for (const m of members.value) {
      if (m.orgRole !== 'owner' || good.includes(m)) continue;
      const why = m.pending ? 'is an invitation, not a member'
        : !isMember(m) ? 'has a deactivated user account'
        : isSsoLinked(m) ? `has no 2FA and is SSO-linked, but ${'outcome' in sso ? UNKNOWN_REQUIRED : NOT_REQUIRED}`
        : 'has neither 2FA nor an SSO link';
      findings.push({ resource: m.pending ? invitationRef(m) : memberRef(m), field: 'orgRole', current: 'owner', expected: 'active owner with 2FA or required SSO', message: `Owner ${memberLabel(m)} ${why}.` });
    }
    const candidates = members.value.filter((m) => isMember(m) && m.orgRole !== 'owner' && (m.user?.has2fa === true || (ssoOn && isSsoLinked(m))))
      .sort((a, b) => Number(b.orgRole === 'manager') - Number(a.orgRole === 'manager'));
    const needed = policy.minOwners - good.length;
    const unprotected = members.value.filter((m) => m.orgRole === 'owner' && isMember(m) && !good.includes(m));
    const protectedBy = ssoOn ? '2FA or an SSO link' : '2FA';
    return {
      status: 'fail',
      findings: [
        { resource: { type: 'organization', id: state.target.org }, field: 'owners', current: good.map(memberLabel), expected: `at least ${policy.minOwners}`, message: `Only ${plural(good.length, 'owner')} ${word(good.length, 'is an active member', 'are active members')} with ${protectedBy}${linkedOwners.length > 0 && !ssoOn ? ' (SSO links do not count: ' + ('outcome' in sso ? UNKNOWN_REQUIRED : NOT_REQUIRED) + ')' : ''} (${good.map(memberLabel).join(', ') || 'none'}); policy minOwners is ${policy.minOwners}.` },
        ...findings,
      ],
      reason: 'promoting an owner is a decision for a person',
      manualSteps: [
        candidates.length > 0
          ? `Promote ${plural(needed, 'trusted person', 'trusted people')} to owner; candidates with ${protectedBy}: ${candidates.slice(0, 10).map((m) => `${memberLabel(m)} (${m.orgRole})`).join(', ')}.`
          : `Promote ${plural(needed, 'trusted person', 'trusted people')} to owner after they enable 2FA; no other member has ${protectedBy} yet.`,
        ...unprotected.map((m) => `Or ask owner ${memberLabel(m)} to enable 2FA at ${accountSecurityUrl(state)}.`),
        ...(linkedOwners.length > 0 && !ssoOn ? [`Or turn on "Require SSO" at ${orgSettingsUrl(state, 'auth/')} (1.1.2), so the SSO link protects the linked owners.`] : []),
        `Change roles at ${orgSettingsUrl(state, 'members/')}.`,
      ],
    };
  },
};

const check2_3_3: CheckDef = {
  id: '2.3.3',
  title: 'Privileged members use 2FA or SSO',
  level: 'L1',
  reads: ['authProvider', 'members'],
  automation: 'manual',
  risk: 'none',
  rationale: 'Owners, managers and admins can change security settings and membership; a password alone must not be enough to take their accounts.',
  evaluate({ state }) {
    const members = need(state.members, 'members');
    if ('outcome' in members) return members.outcome;
    const no2fa = members.value.filter((m) => isMember(m) && isPrivileged(m.orgRole) && m.user?.has2fa !== true);
    const split = withoutProtection(state, no2fa, (m) => m);
    if ('outcome' in split) return split.outcome;
    const { judged, notJudged: unknownLinked, whyNotJudged } = split;
    const settings = orgSettingsUrl(state, 'auth/');
    return {
      status: 'fail',
      findings: judged.map((m) => ({
        resource: memberRef(m), field: 'user.has2fa', current: false, expected: true,
        message: isSsoLinked(m)
          ? `${memberLabel(m)} (${m.orgRole}) has no 2FA, and the SSO link does not protect them: ${NOT_REQUIRED}.`
          : `${memberLabel(m)} (${m.orgRole}) has no 2FA and no SSO link.`,
      })),
      reason: 'each person must enroll 2FA themselves (or the organization must require SSO)',
      manualSteps: [
        `Ask these people to enable 2FA at ${accountSecurityUrl(state)}: ${judged.map((m) => `${memberLabel(m)} (${m.orgRole})`).join(', ')}.`,
        ...(judged.some(isSsoLinked) ? [`Or turn on "Require SSO" at ${settings} (1.1.2): an SSO link protects only when SSO is required.`] : []),
        `Or lower their role at ${orgSettingsUrl(state, 'members/')}.`,
      ],
      ...(unknownLinked.length > 0
        ? { warnings: [`Not judged: ${unknownLinked.map((m) => `${memberLabel(m)} (${m.orgRole})`).join(', ')} ${word(unknownLinked.length, 'has', 'have')} no 2FA but an SSO link, and ${whyNotJudged}.`] }
        : {}),
    };
  },
};

const INVITE_EVENTS = new Set(['member.invite', 'member.reinvite']);

function auditEmails(e: AuditEntry): string[] {
  const out: string[] = [];
  if (typeof e.data.email === 'string') out.push(normName(e.data.email));
  if (e.targetUser !== null && typeof e.targetUser === 'object' && typeof e.targetUser.email === 'string') out.push(normName(e.targetUser.email));
  return out;
}

const hasTargetObject = (e: AuditEntry): boolean => e.targetObject !== null && e.targetObject !== undefined && String(e.targetObject) !== '';
/** Sentry writes target_object = the membership id for invite, reinvite, accept and SSO join entries. */
const targetsMembership = (e: AuditEntry, m: Member): boolean => hasTargetObject(e) && String(e.targetObject) === m.id;
const namesEmail = (e: AuditEntry, m: Member): boolean => m.email.trim() !== '' && auditEmails(e).includes(normName(m.email));
const hasTargetUser = (e: AuditEntry): boolean => e.targetUser !== null && e.targetUser !== undefined && e.targetUser !== '';

/**
 * An invite entry that names a membership id is about that membership only: a deleted and
 * re-invited person gets a new id, and the old membership's entries must not date the new
 * invitation. Only entries without a target id fall back to the email.
 */
function inviteEntryMatches(e: AuditEntry, m: Member): boolean {
  return hasTargetObject(e) ? targetsMembership(e, m) : namesEmail(e, m);
}

/** The invitation's age: its newest member.invite / member.reinvite entry, else dateCreated. */
export function invitationSentAt(m: Member, audit: readonly AuditEntry[]): { at: string; source: 'audit' | 'dateCreated' } {
  let newest: string | undefined;
  for (const e of audit) {
    if (!INVITE_EVENTS.has(e.event) || !inviteEntryMatches(e, m)) continue;
    if (newest === undefined || Date.parse(e.dateCreated) > Date.parse(newest)) newest = e.dateCreated;
  }
  return newest !== undefined ? { at: newest, source: 'audit' } : { at: m.dateCreated, source: 'dateCreated' };
}

/**
 * Where a pending membership comes from, proven only from the audit log in hand:
 * - `invited`: an entry created it as an invitation (member.invite, or member.add without a
 *   target user: Sentry's invite endpoint with invites disabled) and no later entry shows a user.
 *   The log is read newest first down to a start date, so holding the creation entry means
 *   holding every later entry of that membership.
 * - `swept`: a `member.pending` entry names its email. Sentry's compliance sweep
 *   (src/sentry/tasks/auth/auth.py, remove_non_compliant_members) writes it with target_object =
 *   the ORGANIZATION id, target_user = the user and the email in data, and
 *   OrganizationMember.remove_user (src/sentry/models/organizationmember.py) keeps date_added:
 *   the person looks like an invitation as old as their membership.
 * - `had-user`: it was accepted (member.accept-invite, src/sentry/api/invite_helper.py) or joined
 *   through SSO (member.add with a target user, src/sentry/auth/helper.py), yet is pending now.
 * - `unproven`: no creation entry in the log read (created before its start, e.g. a member swept
 *   more than 90 days ago): nothing in hand tells an invitation from a person.
 * An entry older than the creation entry belongs to an earlier membership of the same email.
 */
export type InvitationOrigin =
  | { kind: 'invited'; at: string }
  | { kind: 'swept'; at: string }
  | { kind: 'had-user'; event: string; at: string }
  | { kind: 'unproven' };

export function invitationOrigin(m: Member, audit: readonly AuditEntry[]): InvitationOrigin {
  const created = audit
    .filter((e) => targetsMembership(e, m) && (e.event === 'member.invite' || (e.event === 'member.add' && !hasTargetUser(e))))
    .map((e) => ({ at: e.dateCreated, t: Date.parse(e.dateCreated) }))
    .filter((c) => Number.isFinite(c.t))
    .sort((a, b) => a.t - b.t)[0];
  // an entry of unknown date, or not older than the creation, may be about this membership
  const sinceCreation = (e: AuditEntry): boolean => created === undefined || !(Date.parse(e.dateCreated) < created.t);
  const swept = audit.find((e) => e.event === 'member.pending' && namesEmail(e, m) && sinceCreation(e));
  if (swept) return { kind: 'swept', at: swept.dateCreated };
  const joined = audit.find((e) => targetsMembership(e, m) && sinceCreation(e) && (e.event === 'member.accept-invite' || (e.event === 'member.add' && hasTargetUser(e))));
  if (joined) return { kind: 'had-user', event: joined.event, at: joined.dateCreated };
  return created ? { kind: 'invited', at: created.at } : { kind: 'unproven' };
}

/** Members the 2FA requirement turned into invitations are people, not stale invitations. */
export function turnedPendingBy2fa(m: Member, audit: readonly AuditEntry[]): boolean {
  return invitationOrigin(m, audit).kind === 'swept';
}

export function inviteAuditLookbackDays(policy: Policy): number {
  return Math.max(policy.auditWindowDays, INVITE_AUDIT_LOOKBACK_DAYS, policy.maxInviteAgeDays + 1);
}

const check2_3_4: CheckDef = {
  id: '2.3.4',
  params: ['maxInviteAgeDays', 'auditWindowDays'],
  title: 'No stale privileged invitations',
  level: 'L2',
  reads: ['members', 'auditLog'],
  // a deleted invitation's teamRoles let rollback re-invite; dateCreated is never newer than
  // an invite's audit entries, so this is a superset of the deletions
  memberDetails: (members, { policy, now }) => staleInvitationCandidates(members, (m) => isPrivileged(m.orgRole), policy.maxInviteAgeDays, now),
  // An invitation is aged by its newest member.invite/member.reinvite entry: the audit window
  // reaches back max(auditWindowDays, 90) days (and at least one day past maxInviteAgeDays). Any
  // invitation without an entry in that window is older than the limit anyway, and its
  // dateCreated (never newer than its invite entries) says so.
  auditLookbackDays: inviteAuditLookbackDays,
  automation: 'auto',
  risk: 'risky',
  rationale: 'An invitation for owner or manager that lies around for weeks can be accepted by whoever gets the email; expired and old ones should be withdrawn.',
  evaluate: (ctx) => staleInvitations('2.3.4', (m) => isPrivileged(m.orgRole), 'privileged', ctx),
};

/** Invitations the stale-invitation rule looks at: expired, or dated (by creation) beyond the limit. */
export function staleInvitationCandidates(members: readonly Member[], which: (m: Member) => boolean, maxInviteAgeDays: number, now: Date): Member[] {
  return members.filter((m) => isInvitation(m) && which(m) && (m.expired || !((now.getTime() - Date.parse(m.dateCreated)) / DAY_MS <= maxInviteAgeDays)));
}

/** The team roles an invitation carries that make its holder a team admin (from its detail). */
function teamAdminOf(state: OrgState, m: Member): string[] {
  const detail = state.memberDetails.ok ? state.memberDetails.value[m.id] : undefined;
  return (detail?.teamRoles ?? []).filter((t) => t.role === 'admin').map((t) => t.teamSlug);
}

/**
 * The stale-invitation rule of 2.3.4 (privileged roles) and 2.1.10 (every other role): expired
 * invitations and those sent longer ago than maxInviteAgeDays (dated by their newest invite or
 * reinvite audit entry) are deleted, except memberships the audit log does not prove to be
 * invitations (members the 2FA requirement turned pending keep their old date).
 */
export function staleInvitations(checkId: string, which: (m: Member) => boolean, noun: string, { state, policy, now }: CheckContext): CheckOutcome {
  const members = need(state.members, 'members');
  if ('outcome' in members) return members.outcome;
  const maxMs = policy.maxInviteAgeDays * DAY_MS;
  const ageMs = (at: string): number => now.getTime() - Date.parse(at);
  const teamAdmin = (m: Member): string => {
    const teams = teamAdminOf(state, m);
    return teams.length === 0 ? '' : ` and team admin of ${teams.join(', ')}`;
  };
  // dateCreated is the oldest possible send time, so without candidates the audit log is not needed;
  // an unreadable dateCreated makes the invitation a candidate (never pass by not looking)
  const candidates = staleInvitationCandidates(members.value, which, policy.maxInviteAgeDays, now);
  if (candidates.length === 0) return { status: 'pass', findings: [] };
  const audit = need(state.auditLog, 'audit log (needed to date re-sent invitations and to tell members turned pending by the 2FA requirement from invitations)');
  if ('outcome' in audit) return audit.outcome;

  const findings: Finding[] = [];
  const changes: PlannedChange[] = [];
  const warnings: string[] = [];
  const undated: string[] = [];
  const unproven: { m: Member; why: string }[] = [];
  for (const m of candidates) {
    const origin = invitationOrigin(m, audit.value);
    if (origin.kind === 'swept') continue;
    const sent = invitationSentAt(m, audit.value);
    if (!m.expired && !Number.isFinite(ageMs(sent.at))) {
      undated.push(`the invitation of ${memberLabel(m)} (${m.orgRole}) has no invite entry in the audit log and an unreadable dateCreated (${JSON.stringify(m.dateCreated)}), so its age is unknown`);
      continue;
    }
    const days = Math.floor(ageMs(sent.at) / DAY_MS);
    if (!m.expired && ageMs(sent.at) <= maxMs) continue;
    const stale = m.expired ? 'has expired' : `was sent ${days} days ago`;
    const finding: Finding = {
      resource: invitationRef(m),
      field: m.expired ? 'expired' : 'age',
      current: m.expired ? true : days,
      expected: m.expired ? false : `at most ${policy.maxInviteAgeDays} days`,
      message: `${memberLabel(m)} is invited as ${m.orgRole}${teamAdmin(m)}; the invitation ${stale}${sent.source === 'dateCreated' ? ' (no invite entry in the audit log; dated by its creation)' : ''}.`,
    };
    // never delete a membership that had a user, or whose origin the audit log does not prove
    if (origin.kind !== 'invited') {
      const why = origin.kind === 'had-user'
        ? `the audit log shows it had a user (${origin.event} on ${origin.at.slice(0, 10)}), so it is a person who lost access, not an unused invitation`
        : 'the audit log read has no entry that created it as an invitation (it predates the log\'s start), so it may be a member the 2FA requirement turned into an invitation (Sentry keeps the membership\'s date): its origin cannot be proven';
      unproven.push({ m, why });
      findings.push({ ...finding, message: `${finding.message.slice(0, -1)}; not deleted: ${why}.` });
      continue;
    }
    findings.push(finding);
    const detail = state.memberDetails.ok ? state.memberDetails.value[m.id] : undefined;
    if (detail === undefined) {
      warnings.push(`The invitation of ${memberLabel(m)} is not deleted: its team roles could not be read, so a rollback could not re-invite it as it was.`);
      continue;
    }
    changes.push({
      checkId,
      target: invitationRef(m),
      field: 'exists',
      before: true,
      after: false,
      risk: 'risky',
      reversible: false,
      consequence: `The ${m.orgRole} invitation of ${memberLabel(m)} is deleted and its link stops working; a rollback sends a new invitation with the same role and teams.`,
      context: { email: memberLabel(m), orgRole: m.orgRole, teamRoles: detail.teamRoles },
    });
  }
  const manualSteps = unproven.length === 0 ? [] : [
    `Ask ${unproven.map(({ m }) => `${memberLabel(m)} (${m.orgRole})`).join(', ')} whether they still need access: a person turned pending by the 2FA requirement regains it by enabling 2FA and accepting the invitation (re-send it from ${orgSettingsUrl(state, 'members/')}).`,
    `Delete an invitation by hand at ${orgSettingsUrl(state, 'members/')} only once you know it is not such a person.`,
  ];
  if (findings.length === 0) {
    return undated.length === 0 ? { status: 'pass', findings: [] } : { status: 'error', findings: [], reason: undated.join('; ') };
  }
  warnings.push(...undated.map((u) => `Not judged: ${u}.`));
  if (findings.length === unproven.length) {
    // nothing can be deleted safely: a person decides (an undated invitation is named too)
    return {
      status: 'manual',
      findings,
      reason: `stale ${noun} invitations whose origin the audit log does not prove are never deleted automatically: ${unproven.map(({ m, why }) => `${memberLabel(m)}: ${why}`).join('; ')}`,
      manualSteps,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }
  warnings.push(...unproven.map(({ m, why }) => `The invitation of ${memberLabel(m)} is not deleted: ${why}.`));
  return { status: 'fail', findings, changes, ...(manualSteps.length > 0 ? { manualSteps } : {}), ...(warnings.length > 0 ? { warnings } : {}) };

}

const check2_3_5: CheckDef = {
  id: '2.3.5',
  title: 'Nobody has the retired admin role',
  level: 'L3',
  reads: ['members', 'teams'],
  edit: {
    spec(check, { state }) {
      const admins = (state?.members.ok ? state.members.value : []).filter((m) => isMember(m) && m.orgRole === 'admin');
      if (admins.length === 0) return undefined;
      return {
        kind: 'admin-roles',
        checkId: check.id,
        label: '2.3.5 mark who becomes manager (the others become member)',
        options: admins.map((m) => ({ label: memberLabel(m), value: m.id })),
        initial: (check.changes ?? []).flatMap((c) => (c.target.type === 'member' && c.after === 'manager' ? [c.target.id] : [])),
      };
    },
    resolve(spec, value, { state }) {
      if (spec.kind !== 'admin-roles') return 'internal: not the 2.3.5 editor';
      const managers = new Set(picks(value));
      const members = state?.members.ok ? state.members.value : [];
      const details = state?.memberDetails.ok ? state.memberDetails.value : {};
      const changes: PlannedChange[] = [];
      for (const option of spec.options) {
        const member = members.find((m) => m.id === option.value);
        const detail = details[option.value];
        // the role change must carry the member's team roles, or Sentry drops them
        if (!member || !detail) return `the team roles of ${option.label} could not be read; change the role in Sentry's member settings`;
        changes.push(memberRoleChange(spec.checkId, member, detail, managers.has(option.value) ? 'manager' : 'member'));
      }
      return { changes: { checkId: spec.checkId, changes } };
    },
  },
  // the role change carries each admin's full teamRoles
  memberDetails: (members) => members.filter((m) => isMember(m) && m.orgRole === 'admin'),
  automation: 'guided',
  risk: 'none',
  rationale: 'Sentry retired the admin org role; its holders keep broad project rights that no current role describes. Move them to member or manager deliberately.',
  evaluate({ state }) {
    const members = need(state.members, 'members');
    if ('outcome' in members) return members.outcome;
    const admins = members.value.filter((m) => isMember(m) && m.orgRole === 'admin');
    if (admins.length === 0) return { status: 'pass', findings: [] };
    return {
      status: 'fail',
      findings: admins.map((m) => ({ resource: memberRef(m), field: 'orgRole', current: 'admin', expected: 'member or manager', message: `${memberLabel(m)} has the retired admin role.` })),
      changes: [],
      reason: 'pick member or manager for each person in the wizard; no policy parameter chooses it, so apply --yes leaves this check failing',
    };
  },
};

const check2_3_6: CheckDef = {
  id: '2.3.6',
  title: 'Privileged members have a security key',
  level: 'L3',
  reads: ['authProvider', 'members'],
  // the authenticators of privileged members are in their detail only
  memberDetails: (members) => members.filter((m) => isMember(m) && isPrivileged(m.orgRole)),
  automation: 'manual',
  risk: 'none',
  rationale: 'One-time codes can be phished in real time; security keys and passkeys (WebAuthn) cannot. Accounts that can change everything deserve them.',
  evaluate({ state }): CheckOutcome {
    const sso = ssoConfigured(state);
    if ('outcome' in sso) return sso.outcome;
    if (sso.value) {
      return {
        status: 'manual',
        findings: [],
        reason: 'with SSO the identity provider decides which authenticators are accepted',
        manualSteps: ['In the identity provider, require phishing-resistant MFA (WebAuthn / FIDO2 security keys or passkeys) for everyone with the owner or manager role in Sentry.'],
      };
    }
    const members = need(state.members, 'members');
    if ('outcome' in members) return members.outcome;
    const details = need(state.memberDetails, 'member details (authenticators, readable with member:admin)');
    if ('outcome' in details) return details.outcome;
    const lacking: Member[] = [];
    for (const m of members.value.filter((x) => isMember(x) && isPrivileged(x.orgRole))) {
      const detail = details.value[m.id];
      if (detail === undefined) {
        return { status: 'error', findings: [], reason: `the member detail of ${memberLabel(m)} (${m.orgRole}) was not collected, so its authenticators are unknown` };
      }
      const auths = detail.user?.authenticators;
      if (auths === undefined) {
        return { status: 'error', findings: [], reason: `the authenticators of ${memberLabel(m)} could not be read: reading them needs a token with member:admin` };
      }
      if (!auths.some((a) => a.type === 'u2f')) lacking.push(m);
    }
    if (lacking.length === 0) return { status: 'pass', findings: [] };
    return {
      status: 'fail',
      findings: lacking.map((m) => ({ resource: memberRef(m), field: 'user.authenticators', current: (details.value[m.id]?.user?.authenticators ?? []).map((a) => a.type), expected: 'u2f', message: `${memberLabel(m)} (${m.orgRole}) has no security key or passkey.` })),
      reason: 'each person must register a security key themselves',
      manualSteps: [
        `Ask these people to add a security key or passkey at ${accountSecurityUrl(state)}: ${lacking.map((m) => `${memberLabel(m)} (${m.orgRole})`).join(', ')}.`,
      ],
    };
  },
};

/**
 * Sentry staff ("superuser") access to the organization. The flag is enforced only where
 * src/sentry/data_secrecy/data_secrecy_logic.py (should_allow_superuser_access) lets it: never
 * on a self-hosted install (SENTRY_SELF_HOSTED: superusers are your own instance admins), and on
 * sentry.io only for organizations with the `data-secrecy` feature (a plan feature, exposed in
 * the org's features by src/sentry/features/temporary.py). Elsewhere staff access is allowed
 * whatever allowSuperuserAccess says, so the check never passes on the flag alone.
 */
const check2_3_7: CheckDef = {
  id: '2.3.7',
  title: 'Sentry staff cannot access the organization',
  level: 'L3',
  reads: [],
  automation: 'auto',
  risk: 'none',
  rationale: 'Sentry employees with superuser rights can open any organization that allows it and read its events; with Data Secrecy they need a time-limited waiver granted by an owner, which the audit log records.',
  sources: [
    'getsentry/sentry:src/sentry/data_secrecy/data_secrecy_logic.py',
    'getsentry/sentry:src/sentry/core/endpoints/organization_details.py',
    'getsentry/sentry:src/sentry/api/serializers/models/organization.py',
    'getsentry/sentry:src/sentry/features/temporary.py',
  ],
  evaluate({ state }) {
    const org = need(state.org, 'organization settings');
    if ('outcome' in org) return org.outcome;
    if (state.target.selfHosted) {
      return { status: 'not_applicable', findings: [], reason: 'on a self-hosted server the superusers are your own instance administrators, and Sentry ignores allowSuperuserAccess there (data_secrecy_logic.py allows superuser access when SENTRY_SELF_HOSTED)' };
    }
    const allowed = org.value.allowSuperuserAccess;
    if (typeof allowed !== 'boolean') {
      return { status: 'error', findings: [], reason: 'the organization settings carry no allowSuperuserAccess field, so whether Sentry staff may access the organization is unknown' };
    }
    const features = org.value.features;
    if (!Array.isArray(features)) {
      return { status: 'error', findings: [], reason: 'the organization features were not read, so whether Data Secrecy (the data-secrecy feature) enforces the setting is unknown' };
    }
    const settings = orgSettingsUrl(state, 'security-and-privacy/');
    if (!features.includes('data-secrecy')) {
      return {
        status: 'manual',
        findings: [{ resource: orgRef(state), field: 'features', current: 'no data-secrecy', expected: 'data-secrecy', message: 'The plan has no Data Secrecy: Sentry staff access is allowed whatever "Allow Sentry staff access" says.' }],
        reason: `without the data-secrecy feature Sentry enforces no restriction on staff access (should_allow_superuser_access returns true), so allowSuperuserAccess=${String(allowed)} has no effect`,
        manualSteps: [
          'Data Secrecy is a sentry.io plan feature: ask Sentry (or your account manager) to enable it for the organization, then turn off "Allow Sentry staff access" at ' + settings + '.',
          'Until then, treat Sentry support as able to see your events, and keep PII out of them (3.1).',
        ],
      };
    }
    if (!allowed) return { status: 'pass', findings: [] };
    return {
      status: 'fail',
      findings: [{ resource: orgRef(state), field: 'allowSuperuserAccess', current: true, expected: false, message: 'Sentry staff may open the organization and read its data without a waiver.' }],
      changes: [{
        checkId: '2.3.7', target: orgRef(state), field: 'allowSuperuserAccess', before: true, after: false, risk: 'none', reversible: true,
        consequence: `Sentry support can no longer look into the organization unless an owner grants a time-limited waiver (Data Secrecy, ${settings}).`,
      }],
    };
  },
};

/** Team roles an org role can hold (src/sentry/conf/server.py SENTRY_TEAM_ROLES): "admin" is the team admin. */
const TEAM_ADMIN = 'admin';

/**
 * Team admins (stored teamRole "admin", team_members.py) hold team:admin and project:admin on
 * the team's projects (SENTRY_TEAM_ROLES in src/sentry/conf/server.py): they change scrubbing,
 * DSNs and allowed domains of those projects and manage the team's membership. Owners, managers
 * and admins are judged by 2.3.3; this check covers members who are privileged only on teams.
 */
const check2_3_8: CheckDef = {
  id: '2.3.8',
  title: 'Team admins use 2FA or SSO',
  level: 'L2',
  reads: ['teamMembers', 'authProvider'],
  automation: 'manual',
  risk: 'none',
  rationale: 'A team admin can change the scrubbing, client keys and allowed domains of the team\'s projects and add people to the team; a password alone must not be enough to take that account.',
  sources: ['getsentry/sentry:src/sentry/core/endpoints/team_members.py', 'getsentry/sentry:src/sentry/conf/server.py'],
  evaluate({ state }) {
    const lists = need(state.teamMembers, 'team member lists');
    if ('outcome' in lists) return lists.outcome;
    // one person may be admin of several teams: judge each person once, name their teams
    const admins = new Map<string, { m: Member; teams: string[] }>();
    for (const [team, rows] of Object.entries(lists.value)) {
      for (const m of rows) {
        if (m.teamRole !== TEAM_ADMIN || !isMember(m) || isPrivileged(m.orgRole)) continue;
        const e = admins.get(m.id) ?? { m, teams: [] };
        e.teams.push(team);
        admins.set(m.id, e);
      }
    }
    const no2fa = [...admins.values()].filter(({ m }) => m.user?.has2fa !== true);
    const split = withoutProtection(state, no2fa, (x) => x.m);
    if ('outcome' in split) return split.outcome;
    const { judged, notJudged: unknown, whyNotJudged } = split;
    const label = ({ m, teams }: { m: Member; teams: string[] }): string => `${memberLabel(m)} (team admin of ${teams.sort().join(', ')})`;
    return {
      status: 'fail',
      findings: judged.map((x) => ({
        resource: memberRef(x.m), field: 'user.has2fa', current: false, expected: true,
        message: `${label(x)} has no 2FA${isSsoLinked(x.m) ? `, and the SSO link does not protect them: ${NOT_REQUIRED}` : ' and no SSO link'}.`,
      })),
      reason: 'each person must enroll 2FA themselves (or the organization must require SSO)',
      manualSteps: [
        `Ask these team admins to enable 2FA at ${accountSecurityUrl(state)}: ${judged.map(label).join(', ')}.`,
        `Or make them contributors on those teams (Settings > Teams > the team > Members) at ${orgSettingsUrl(state, 'teams/')}.`,
        ...(judged.some(({ m }) => isSsoLinked(m)) ? [`Or turn on "Require SSO" at ${orgSettingsUrl(state, 'auth/')} (1.1.2): an SSO link protects only when SSO is required.`] : []),
      ],
      ...(unknown.length > 0 ? { warnings: [`Not judged: ${unknown.map(label).join(', ')} ${word(unknown.length, 'has', 'have')} no 2FA but an SSO link, and ${whyNotJudged}.`] } : {}),
    };
  },
};

export const control2_3: ControlDef = {
  id: '2.3',
  title: 'Limit Admin Access',
  level: 'L1',
  frameworks: { cis: ['5.4'], nist: ['AC-6(1)'], soc2: ['CC6.3'] },
  rationale:
    'Owners and managers can change every security setting and every membership.\n' +
    'Keep them few (two or three owners), protected by 2FA or SSO, and without stale invitations;\n' +
    'team admins get the same care, and Sentry staff access stays behind Data Secrecy.',
  checks: [check2_3_1, check2_3_2, check2_3_3, check2_3_4, check2_3_5, check2_3_6, check2_3_7, check2_3_8],
};
