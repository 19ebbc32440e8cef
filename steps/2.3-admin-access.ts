// 2.3 Limit Admin Access (POLICY.md §2.3): few owners, all of them well protected.

import type { AuditEntry, Member, MemberDetail } from '../src/sentry/types.js';
import { ssoConfigured } from './1.1-saml-sso.js';
import { isActingUser, ownerSeats, planDemotions, qualifyingOwners, sweepPlanned } from './1.2-two-factor.js';
import { accountSecurityUrl, DAY_MS, isMember, isPrivileged, isSsoLinked, memberLabel, memberRef, need, normName, orgSettingsUrl } from './lib.js';
import type { CheckDef, CheckOutcome, ControlDef, Finding, PlannedChange } from './types.js';

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
  title: 'Few owners',
  level: 'L1',
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
    const summary = `${owners.length} owner(s) and ${invitations.length} unexpired owner invitation(s) make ${count}; policy maxOwners is ${policy.maxOwners}.`;
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
    const remaining = qualifyingOwners(members.value, afterSweep).filter((m) => !demoted.has(m.id));
    if (demoted.size > 0 && remaining.length < policy.minOwners) {
      blockers.push(
        `Demoting ${plan.demote.map((d) => memberLabel(d.member)).join(', ')} would leave ${remaining.length} owner(s) who are active members with 2FA or an SSO link` +
          `${afterSweep ? ' (counting the 2FA sweep of 1.2.1)' : ''} (${remaining.map(memberLabel).join(', ') || 'none'}); policy minOwners is ${policy.minOwners}.`,
      );
    }
    const warnings = [...plan.skipped];
    if (count - demoted.size > policy.maxOwners) {
      warnings.push(`After the planned demotions ${count - demoted.size} owner seat(s) remain; policy maxOwners is ${policy.maxOwners}.`);
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

const check2_3_2: CheckDef = {
  id: '2.3.2',
  title: 'Enough protected owners',
  level: 'L1',
  automation: 'manual',
  risk: 'none',
  rationale: 'With a single usable owner, one lost phone or departed person orphans the organization; keep at least two active owners with 2FA or SSO.',
  evaluate({ state, policy }) {
    const members = need(state.members, 'members');
    if ('outcome' in members) return members.outcome;
    const good = qualifyingOwners(members.value, false);
    if (good.length >= policy.minOwners) return { status: 'pass', findings: [] };
    const findings: Finding[] = [];
    for (const m of members.value) {
      if (m.orgRole !== 'owner' || good.includes(m)) continue;
      const why = m.pending ? 'is an invitation, not a member' : !isMember(m) ? 'has a deactivated user account' : 'has neither 2FA nor an SSO link';
      findings.push({ resource: m.pending ? invitationRef(m) : memberRef(m), field: 'orgRole', current: 'owner', expected: 'active owner with 2FA or SSO link', message: `Owner ${memberLabel(m)} ${why}.` });
    }
    const candidates = members.value.filter((m) => isMember(m) && m.orgRole !== 'owner' && (m.user?.has2fa === true || isSsoLinked(m)))
      .sort((a, b) => Number(b.orgRole === 'manager') - Number(a.orgRole === 'manager'));
    const needed = policy.minOwners - good.length;
    const unprotected = members.value.filter((m) => m.orgRole === 'owner' && isMember(m) && !good.includes(m));
    return {
      status: 'fail',
      findings: [
        { resource: { type: 'organization', id: state.target.org }, field: 'owners', current: good.map(memberLabel), expected: `at least ${policy.minOwners}`, message: `Only ${good.length} owner(s) are active members with 2FA or an SSO link (${good.map(memberLabel).join(', ') || 'none'}); policy minOwners is ${policy.minOwners}.` },
        ...findings,
      ],
      reason: 'promoting an owner is a decision for a person',
      manualSteps: [
        candidates.length > 0
          ? `Promote ${needed} trusted person/people to owner; candidates with 2FA or an SSO link: ${candidates.slice(0, 10).map((m) => `${memberLabel(m)} (${m.orgRole})`).join(', ')}.`
          : `Promote ${needed} trusted person/people to owner after they enable 2FA; no other member has 2FA or an SSO link yet.`,
        ...unprotected.map((m) => `Or ask owner ${memberLabel(m)} to enable 2FA at ${accountSecurityUrl(state)}.`),
        `Change roles at ${orgSettingsUrl(state, 'members/')}.`,
      ],
    };
  },
};

const check2_3_3: CheckDef = {
  id: '2.3.3',
  title: 'Privileged members use 2FA or SSO',
  level: 'L1',
  automation: 'manual',
  risk: 'none',
  rationale: 'Owners, managers and admins can change security settings and membership; a password alone must not be enough to take their accounts.',
  evaluate({ state }) {
    const members = need(state.members, 'members');
    if ('outcome' in members) return members.outcome;
    const no2fa = members.value.filter((m) => isMember(m) && isPrivileged(m.orgRole) && m.user?.has2fa !== true);
    if (no2fa.length === 0) return { status: 'pass', findings: [] };
    const ssoRead = ssoConfigured(state);
    // whether SSO is configured matters only for an SSO-linked member without 2FA
    if ('outcome' in ssoRead && no2fa.some(isSsoLinked)) return ssoRead.outcome;
    const ssoOn = 'value' in ssoRead && ssoRead.value;
    const weak = no2fa.filter((m) => !(ssoOn && isSsoLinked(m)));
    if (weak.length === 0) return { status: 'pass', findings: [] };
    return {
      status: 'fail',
      findings: weak.map((m) => ({
        resource: memberRef(m), field: 'user.has2fa', current: false, expected: true,
        message: `${memberLabel(m)} (${m.orgRole}) has no 2FA${ssoOn ? ' and no SSO link' : ''}.`,
      })),
      reason: 'each person must enroll 2FA (or link SSO) themselves',
      manualSteps: [
        `Ask these people to enable 2FA at ${accountSecurityUrl(state)}${ssoOn ? ' or sign in through SSO once' : ''}: ${weak.map((m) => `${memberLabel(m)} (${m.orgRole})`).join(', ')}.`,
        `Or lower their role at ${orgSettingsUrl(state, 'members/')}.`,
      ],
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

/**
 * An entry that names a membership id is about that membership only: a deleted and re-invited
 * person gets a new id, and their old entries (a `member.pending` of the old membership) must not
 * speak for the new invitation. Only entries without a target id fall back to the email.
 */
function auditMatches(e: AuditEntry, m: Member): boolean {
  if (e.targetObject !== null && e.targetObject !== undefined && String(e.targetObject) !== '') return String(e.targetObject) === m.id;
  return m.email !== '' && auditEmails(e).includes(normName(m.email));
}

/** The invitation's age: its newest member.invite / member.reinvite entry, else dateCreated. */
export function invitationSentAt(m: Member, audit: readonly AuditEntry[]): { at: string; source: 'audit' | 'dateCreated' } {
  let newest: string | undefined;
  for (const e of audit) {
    if (!INVITE_EVENTS.has(e.event) || !auditMatches(e, m)) continue;
    if (newest === undefined || Date.parse(e.dateCreated) > Date.parse(newest)) newest = e.dateCreated;
  }
  return newest !== undefined ? { at: newest, source: 'audit' } : { at: m.dateCreated, source: 'dateCreated' };
}

/** Members the 2FA requirement turned into invitations are people, not stale invitations. */
export function turnedPendingBy2fa(m: Member, audit: readonly AuditEntry[]): boolean {
  return audit.some((e) => e.event === 'member.pending' && auditMatches(e, m));
}

const check2_3_4: CheckDef = {
  id: '2.3.4',
  title: 'No stale privileged invitations',
  level: 'L2',
  automation: 'auto',
  risk: 'risky',
  rationale: 'An invitation for owner or manager that lies around for weeks can be accepted by whoever gets the email; expired and old ones should be withdrawn.',
  evaluate({ state, policy, now }) {
    const members = need(state.members, 'members');
    if ('outcome' in members) return members.outcome;
    const maxMs = policy.maxInviteAgeDays * DAY_MS;
    const ageMs = (at: string): number => now.getTime() - Date.parse(at);
    const privileged = members.value.filter((m) => m.pending && isPrivileged(m.orgRole));
    // dateCreated is the oldest possible send time, so without candidates the audit log is not needed;
    // an unreadable dateCreated makes the invitation a candidate (never pass by not looking)
    const candidates = privileged.filter((m) => m.expired || !(ageMs(m.dateCreated) <= maxMs));
    if (candidates.length === 0) return { status: 'pass', findings: [] };
    const audit = need(state.auditLog, 'audit log (needed to date re-sent invitations and to tell members turned pending by the 2FA requirement from invitations)');
    if ('outcome' in audit) return audit.outcome;

    const findings: Finding[] = [];
    const changes: PlannedChange[] = [];
    const warnings: string[] = [];
    const undated: string[] = [];
    for (const m of candidates) {
      if (turnedPendingBy2fa(m, audit.value)) continue;
      const sent = invitationSentAt(m, audit.value);
      if (!m.expired && !Number.isFinite(ageMs(sent.at))) {
        undated.push(`the invitation of ${memberLabel(m)} (${m.orgRole}) has no invite entry in the audit log and an unreadable dateCreated (${JSON.stringify(m.dateCreated)}), so its age is unknown`);
        continue;
      }
      const days = Math.floor(ageMs(sent.at) / DAY_MS);
      if (!m.expired && ageMs(sent.at) <= maxMs) continue;
      findings.push({
        resource: invitationRef(m),
        field: m.expired ? 'expired' : 'age',
        current: m.expired ? true : days,
        expected: m.expired ? false : `at most ${policy.maxInviteAgeDays} days`,
        message: `${memberLabel(m)} is invited as ${m.orgRole}; the invitation ${m.expired ? 'has expired' : `was sent ${days} days ago`}${sent.source === 'dateCreated' ? ' (no invite entry in the audit log; dated by its creation)' : ''}.`,
      });
      // a swept member's member.pending entry may predate the audit window the collector read
      if (sent.source === 'dateCreated' && state.org.ok && state.org.value.require2FA) {
        warnings.push(`${memberLabel(m)} has no invite entry in the audit log read; with 2FA required it may be a member turned pending by the requirement before that window: check before deleting.`);
      }
      const detail = state.memberDetails.ok ? state.memberDetails.value[m.id] : undefined;
      if (detail === undefined) {
        warnings.push(`The invitation of ${memberLabel(m)} is not deleted: its team roles could not be read, so a rollback could not re-invite it as it was.`);
        continue;
      }
      changes.push({
        checkId: '2.3.4',
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
    if (findings.length === 0) {
      return undated.length === 0 ? { status: 'pass', findings: [] } : { status: 'error', findings: [], reason: undated.join('; ') };
    }
    warnings.push(...undated.map((u) => `Not judged: ${u}.`));
    return { status: 'fail', findings, changes, ...(warnings.length > 0 ? { warnings } : {}) };
  },
};

const check2_3_5: CheckDef = {
  id: '2.3.5',
  title: 'Nobody has the retired admin role',
  level: 'L3',
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

export const control2_3: ControlDef = {
  id: '2.3',
  title: 'Limit Admin Access',
  level: 'L1',
  frameworks: { cis: ['5.4'], nist: ['AC-6(1)'], soc2: ['CC6.3'] },
  rationale:
    'Owners and managers can change every security setting and every membership.\n' +
    'Keep them few (two or three owners), protected by 2FA or SSO, and without stale invitations.',
  checks: [check2_3_1, check2_3_2, check2_3_3, check2_3_4, check2_3_5, check2_3_6],
};
