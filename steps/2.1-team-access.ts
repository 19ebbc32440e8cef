// 2.1 Configure Team Access (POLICY.md §2.1): organization-wide membership and role settings.

import type { Member, OrgDetails } from '../src/sentry/types.js';
import type { OrgState } from '../src/state/types.js';
import { inviteAuditLookbackDays, staleInvitationCandidates, staleInvitations } from './2.3-admin-access.js';
import { DAY_MS, daysBetween, isMember, isPrivileged, memberLabel, memberRef, need, orgRef, orgSettingsUrl } from './lib.js';
import type { CheckContext, CheckDef, CheckOutcome, ControlDef, Finding, PlannedChange, Risk } from './types.js';
import { plural, word } from '../src/words.js';
import { z } from 'zod';
import { param } from './policy-params.js';

/** The policy-file parameters 2.1's checks read (steps/policy.ts builds the policy file from them). */
export const policyParams2_1 = {
  inactiveDays: param(z.number().int().min(1).describe('Members without activity for this many days are listed for review'), 90),
};

/** Roles that see every team's projects whatever their team memberships (Sentry's global roles). */
const GLOBAL_ROLES = new Set(['owner', 'manager']);
const ADMIN_OR_HIGHER = new Set(['admin', 'manager', 'owner']);

type BoolField = 'allowJoinRequests' | 'openMembership' | 'allowMemberInvite' | 'allowMemberProjectCreation' | 'eventsMemberAdmin' | 'alertsMemberWrite';

function orgChange(state: OrgState, checkId: string, field: string, before: unknown, after: unknown, risk: Risk, consequence?: string): PlannedChange {
  return { checkId, target: orgRef(state), field, before, after, risk, reversible: true, ...(consequence ? { consequence } : {}) };
}

/** A check that compares org boolean settings with their hardened values and PUTs the difference. */
function orgBoolCheck(
  def: Omit<CheckDef, 'evaluate'>,
  fields: { field: BoolField; expected: boolean; message: string }[],
  extra?: (ctx: CheckContext, org: OrgDetails) => Partial<CheckOutcome>,
): CheckDef {
  return {
    ...def,
    evaluate(ctx) {
      const org = need(ctx.state.org, 'organization settings');
      if ('outcome' in org) return org.outcome;
      const wrong = fields.filter((f) => org.value[f.field] !== f.expected);
      if (wrong.length === 0) return { status: 'pass', findings: [] };
      const more = extra?.(ctx, org.value) ?? {};
      const consequence = more.warnings?.join(' ');
      return {
        status: 'fail',
        findings: wrong.map((f) => ({ resource: orgRef(ctx.state), field: f.field, current: org.value[f.field], expected: f.expected, message: f.message })),
        changes: wrong.map((f) => orgChange(ctx.state, def.id, f.field, org.value[f.field], f.expected, def.risk, consequence)),
        ...more,
      };
    },
  };
}

/**
 * What defaultRole governs (issue 10): Sentry gives it to every user who signs up through the
 * SSO provider (src/sentry/auth/helper.py, _handle_membership: role=organization.default_role)
 * and, on a single-organization self-hosted install, to every new account
 * (src/sentry/web/frontend/auth_login.py, add_user_to_organization). Invitations do NOT take it:
 * the invite API defaults orgRole to organization_roles.get_default() = SENTRY_DEFAULT_ROLE
 * "member" (src/sentry/api/endpoints/organization_member/index.py, src/sentry/conf/server.py),
 * and the invite dialog starts at "member" (static/app/components/modals/inviteMembersModal/
 * useInviteModal.tsx).
 */
const check2_1_1: CheckDef = {
  id: '2.1.1',
  title: 'New members join with the member role',
  level: 'L1',
  reads: [],
  automation: 'auto',
  risk: 'none',
  rationale: 'The default role is what Sentry gives every user who joins through SSO (and every new account on a single-organization self-hosted server), with nobody choosing it; invitations start at member regardless. Anything above member hands privileges to whoever the identity provider lets in.',
  evaluate({ state }) {
    const org = need(state.org, 'organization settings');
    if ('outcome' in org) return org.outcome;
    if (org.value.defaultRole === 'member') return { status: 'pass', findings: [] };
    const scopes = state.whoami.scopes;
    const warnings = scopes !== null && !scopes.includes('org:admin')
      ? ['Only an owner\'s token (scope org:admin) can change defaultRole; Sentry silently ignores it from anyone else, so the change will be read back and reported as not effective.']
      : [];
    return {
      status: 'fail',
      findings: [{ resource: orgRef(state), field: 'defaultRole', current: org.value.defaultRole, expected: 'member', message: `Users who join through SSO (or sign up on a single-organization self-hosted server) get the "${org.value.defaultRole}" role.` }],
      changes: [orgChange(state, '2.1.1', 'defaultRole', org.value.defaultRole, 'member', 'none')],
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  },
};

const check2_1_2 = orgBoolCheck(
  {
    id: '2.1.2',
    title: 'Join requests are off',
    level: 'L1',
    reads: [],
    automation: 'auto',
    risk: 'none',
    rationale: 'Join requests let anyone with a Sentry account ask for membership; access should start from a deliberate invitation.',
  },
  [{ field: 'allowJoinRequests', expected: false, message: 'Users can request to join the organization.' }],
);

/**
 * Members without a global role who are not on every team that has projects: they would lose
 * access. `unsure` are those whose teams were not read (counted, as they may lose access).
 */
function membersLosingAccess(state: OrgState, members: readonly Member[]): { losing: Member[]; unsure: number } {
  const teamsWithProjects = state.projects.ok
    ? new Set(state.projects.value.flatMap((p) => p.teams.map((t) => t.slug)))
    : undefined;
  const details = state.memberDetails.ok ? state.memberDetails.value : {};
  let unsure = 0;
  const losing = members.filter((m) => {
    if (!isMember(m) || GLOBAL_ROLES.has(m.orgRole) || m.orgRole === 'billing') return false;
    const detail = details[m.id];
    if (detail === undefined || teamsWithProjects === undefined) {
      unsure += 1;
      return true;
    }
    return [...teamsWithProjects].some((t) => !detail.teams.includes(t));
  });
  return { losing, unsure };
}

const check2_1_3 = orgBoolCheck(
  {
    id: '2.1.3',
    title: 'Open membership is off',
    level: 'L2',
    reads: ['members', 'teams', 'projects'],
    automation: 'auto',
    risk: 'disruptive',
    rationale: 'With open membership any member can join any team and so read every project\'s events; least privilege needs team membership to be granted.',
  },
  [{ field: 'openMembership', expected: false, message: 'Members can join any team, and so see its projects, without approval.' }],
  ({ state }) => {
    if (!state.members.ok) {
      return { warnings: ['Members without the owner or manager role will see only the projects of the teams they are on (the members could not be read to count them).'] };
    }
    const { losing, unsure } = membersLosingAccess(state, state.members.value);
    const names = losing.slice(0, 10).map(memberLabel).join(', ') + (losing.length > 10 ? `, and ${losing.length - 10} more` : '');
    const upTo = unsure > 0 ? 'Up to ' : '';
    const note = unsure > 0 ? ` (${unsure} of them counted because their team memberships were not read)` : '';
    return {
      warnings: [losing.length === 0
        ? 'No member would lose access: everyone has a global role or is on every team with projects.'
        : `${upTo}${plural(losing.length, 'member')} would lose access to the projects of teams they are not on${note}: ${names}. Add them to the teams they need first.`],
    };
  },
);

const check2_1_4 = orgBoolCheck(
  {
    id: '2.1.4',
    title: 'Members cannot invite others',
    level: 'L2',
    reads: [],
    automation: 'auto',
    risk: 'none',
    rationale: 'Invitations decide who sees your data; only owners and managers should hand them out.',
  },
  [{ field: 'allowMemberInvite', expected: false, message: 'Members with the member role can invite new people.' }],
);

const check2_1_5 = orgBoolCheck(
  {
    id: '2.1.5',
    title: 'Members cannot create projects',
    level: 'L2',
    reads: [],
    automation: 'auto',
    risk: 'none',
    rationale: 'Projects created by anyone escape the team and scrubbing review that project owners apply.',
  },
  [{ field: 'allowMemberProjectCreation', expected: false, message: 'Members with the member role can create projects.' }],
);

function roleCheck(state: OrgState, checkId: string, field: 'attachmentsRole' | 'debugFilesRole', org: OrgDetails, what: string): { findings: Finding[]; changes: PlannedChange[] } {
  if (ADMIN_OR_HIGHER.has(org[field])) return { findings: [], changes: [] };
  return {
    findings: [{ resource: orgRef(state), field, current: org[field], expected: 'admin', message: `Members with the "${org[field]}" role can download ${what}.` }],
    changes: [orgChange(state, checkId, field, org[field], 'admin', 'none')],
  };
}

const check2_1_6: CheckDef = {
  id: '2.1.6',
  title: 'Only admins download event attachments',
  level: 'L2',
  reads: [],
  automation: 'auto',
  risk: 'none',
  rationale: 'Attachments (minidumps, log files) often hold memory contents and personal data; restrict their download to admins and above.',
  evaluate({ state }) {
    const org = need(state.org, 'organization settings');
    if ('outcome' in org) return org.outcome;
    const r = roleCheck(state, '2.1.6', 'attachmentsRole', org.value, 'event attachments');
    return r.findings.length === 0 ? { status: 'pass', findings: [] } : { status: 'fail', ...r };
  },
};

const check2_1_7: CheckDef = {
  id: '2.1.7',
  title: 'Only admins download debug files',
  level: 'L2',
  reads: ['projects'],
  automation: 'auto',
  risk: 'none',
  rationale: 'Debug files and source maps reveal your source code; restrict their download to admins and above, in the organization and in every project that overrides it.',
  sources: ['getsentry/sentry:src/sentry/api/endpoints/debug_files.py', 'getsentry/sentry:src/sentry/core/endpoints/project_details.py'],
  evaluate({ state }) {
    const org = need(state.org, 'organization settings');
    if ('outcome' in org) return org.outcome;
    const r = roleCheck(state, '2.1.7', 'debugFilesRole', org.value, 'debug files and source maps');
    const projects = need(state.projects, 'projects');
    if ('outcome' in projects) {
      // an org value below admin fails the rule whatever the projects say; a pass needs them read
      return r.findings.length === 0 ? projects.outcome : { status: 'fail', ...r, reason: `the project overrides were not checked: ${projects.outcome.reason ?? 'projects could not be read'}` };
    }
    // A project value replaces the org value for downloads (debug_files.py, has_download_permission:
    // project option, else org option, else admin), so an override is judged by the org's rule:
    // any role below admin (member, and billing where the server knows that role) fails.
    for (const p of projects.value) {
      const role = p.debugFilesRole;
      if (role === null || ADMIN_OR_HIGHER.has(role)) continue;
      const resource = { type: 'project' as const, id: p.slug, name: p.name };
      r.findings.push({ resource, field: 'debugFilesRole', current: role, expected: null, source: 'project', message: `Project ${p.slug} lets members with the "${role}" role download debug files, overriding the organization setting.` });
      r.changes.push({ checkId: '2.1.7', target: resource, field: 'debugFilesRole', before: role, after: null, risk: 'none', reversible: true });
    }
    return r.findings.length === 0 ? { status: 'pass', findings: [] } : { status: 'fail', ...r };
  },
};

const check2_1_8 = orgBoolCheck(
  {
    id: '2.1.8',
    title: 'Members cannot delete events or edit alerts',
    level: 'L3',
    reads: [],
    automation: 'auto',
    risk: 'none',
    rationale: 'Deleting events and changing alert rules can hide an incident; keep both with team admins and above.',
  },
  [
    { field: 'eventsMemberAdmin', expected: false, message: 'Members with the member role can delete and discard events.' },
    { field: 'alertsMemberWrite', expected: false, message: 'Members with the member role can create and edit alert rules.' },
  ],
);

const check2_1_9: CheckDef = {
  id: '2.1.9',
  params: ['inactiveDays'],
  title: 'Access is reviewed (inactive and deactivated members)',
  level: 'L2',
  reads: ['members'],
  // the access review lists inactive and deactivated members with their teams (few rows)
  memberDetails: (members, { policy, now }) =>
    members.filter((m) => {
      if (m.pending || m.user === null) return false;
      const last = m.user.lastActive ? Date.parse(m.user.lastActive) : NaN;
      // the same boundary as evaluate: exactly inactiveDays without activity is listed
      const inactive = !Number.isFinite(last) || now.getTime() - last >= policy.inactiveDays * DAY_MS;
      return !m.user.isActive || inactive;
    }),
  automation: 'manual',
  risk: 'none',
  rationale: 'Accounts nobody uses are the ones nobody notices being taken over; a regular review removes leavers and dormant access.',
  evaluate({ state, policy, now }) {
    const members = need(state.members, 'members');
    if ('outcome' in members) return members.outcome;
    const details = state.memberDetails.ok ? state.memberDetails.value : {};
    const teamsOf = (m: Member): string => {
      const d = details[m.id];
      return d === undefined ? 'teams not read' : d.teams.length === 0 ? 'no teams' : `teams ${d.teams.join(', ')}`;
    };
    const findings: Finding[] = [];
    for (const m of members.value) {
      if (m.pending || m.user === null) continue;
      const ref = memberRef(m);
      if (!m.user.isActive) {
        findings.push({ resource: ref, field: 'user.isActive', current: false, expected: true, message: `${memberLabel(m)} (${m.orgRole}, ${teamsOf(m)}): the user account is deactivated.` });
        continue;
      }
      const last = m.user.lastActive ?? null;
      if (last === null || Number.isNaN(Date.parse(last))) {
        findings.push({ resource: ref, field: 'user.lastActive', current: null, expected: `within ${policy.inactiveDays} days`, message: `${memberLabel(m)} (${m.orgRole}, ${teamsOf(m)}): no recorded activity.` });
        continue;
      }
      const days = daysBetween(last, now);
      // "inactive for inactiveDays": exactly inactiveDays without activity already counts
      if (now.getTime() - Date.parse(last) >= policy.inactiveDays * DAY_MS) {
        findings.push({ resource: ref, field: 'user.lastActive', current: last, expected: `within ${policy.inactiveDays} days`, message: `${memberLabel(m)} (${m.orgRole}, ${teamsOf(m)}): inactive for ${days} days.` });
      }
    }
    const membersPage = orgSettingsUrl(state, 'members/');
    return {
      status: 'manual',
      findings,
      reason: 'a person must review who has access and remove what is no longer needed',
      manualSteps: [
        findings.length === 0
          ? `No member has been inactive for more than ${policy.inactiveDays} days and no user account is deactivated.`
          : `Review ${word(findings.length, 'this member', `these ${findings.length} members`)}: ${findings.map((f) => f.message).join(' ')}`,
        `Remove members who no longer need access, and lower roles that are higher than needed, at ${membersPage}.`,
        'Record the review (date, reviewer, outcome) as your access-review evidence.',
      ],
    };
  },
};

const check2_1_10: CheckDef = {
  id: '2.1.10',
  params: ['maxInviteAgeDays', 'auditWindowDays'],
  title: 'No stale invitations',
  level: 'L2',
  reads: ['members', 'auditLog'],
  // the same rule as 2.3.4 for the roles it does not cover (member, billing): the details keep
  // the invitation's team roles (a team admin invitation is named as such) for rollback
  memberDetails: (members, { policy, now }) => staleInvitationCandidates(members, (m) => !isPrivileged(m.orgRole), policy.maxInviteAgeDays, now),
  auditLookbackDays: inviteAuditLookbackDays,
  automation: 'auto',
  risk: 'risky',
  rationale: 'Every unanswered invitation is a link that lets whoever holds the email join and see the invited teams\' projects; expired and old ones should be withdrawn whatever the role.',
  sources: ['getsentry/sentry:src/sentry/api/endpoints/organization_member/index.py', 'getsentry/sentry:src/sentry/tasks/auth/auth.py'],
  evaluate: (ctx) => staleInvitations('2.1.10', (m) => !isPrivileged(m.orgRole), 'non-privileged', ctx),
};

export const control2_1: ControlDef = {
  id: '2.1',
  title: 'Configure Team Access',
  level: 'L1',
  frameworks: { cis: ['5.4'], nist: ['AC-6'], soc2: ['CC6.2'] },
  rationale:
    'Least privilege in Sentry comes from teams and roles: members should see the projects of their own teams only.\n' +
    'Organization settings decide who joins, who invites, and what the member role may do.',
  checks: [check2_1_1, check2_1_2, check2_1_3, check2_1_4, check2_1_5, check2_1_6, check2_1_7, check2_1_8, check2_1_9, check2_1_10],
};
