// The values a person must choose in the wizard (POLICY.md "guided" checks, and the rate limit of
// 3.2.1). Each edit yields a policy override (re-evaluated by the engine) or a rate-limit override
// that replaces the proposed `after` of the check's planned changes. Pure: no I/O, no React.

import type { CheckResult, ControlResult, PlannedChange } from '../../steps/types.js';
import type { Policy } from '../../steps/policy.js';
import type { OrgState } from '../state/types.js';
import { isProductionProject, unlinkProjectTeam } from '../../steps/2.2-project-access.js';
import { memberRoleChange } from '../../steps/2.3-admin-access.js';
import { isMember, memberLabel } from '../../steps/lib.js';
import type { RateLimit } from '../sentry/types.js';

export interface EditOption {
  label: string;
  value: string;
}

export type EditSpec =
  | { kind: 'team'; checkId: string; label: string; options: EditOption[]; initial?: string }
  /** several picks: owners to demote (2.3.1), teams to take off production projects (2.2.2), admins who become managers (2.3.5) */
  | { kind: 'owners' | 'project-teams' | 'admin-roles'; checkId: string; label: string; options: EditOption[]; initial: string[] }
  | { kind: 'list'; checkId: string; param: 'allowedDomains' | 'blockedIps'; label: string; hint: string; projects: string[]; initial: string }
  | { kind: 'rate-limit'; checkId: string; label: string; initial: string };

/** What an edit produces: merged into the session's policy or change overrides. */
export interface EditResult {
  policy?: Partial<Policy>;
  rateLimit?: { checkId: string; value: RateLimit };
  /** the check's changes as the person picked them (no policy parameter names them) */
  changes?: { checkId: string; changes: PlannedChange[] };
}

const needsPerson = (c: CheckResult): boolean => c.status === 'fail';

function projectsOf(check: CheckResult): string[] {
  const out = new Set<string>();
  for (const f of check.findings) {
    if (f.resource.type === 'project') out.add(f.resource.id);
    else if ('project' in f.resource) out.add(f.resource.project);
  }
  for (const c of check.changes ?? []) {
    if (c.target.type === 'project') out.add(c.target.id);
  }
  return [...out];
}

/** The edits a person can make on this control now (failing guided checks, and 3.2.1). */
export function editSpecsFor(control: ControlResult, state: OrgState | undefined, policy: Policy): EditSpec[] {
  const specs: EditSpec[] = [];
  for (const check of control.checks) {
    if (!needsPerson(check)) continue;
    switch (check.id) {
      case '2.2.1': {
        const teams = state?.teams.ok ? state.teams.value : [];
        if (teams.length === 0) break;
        specs.push({
          kind: 'team',
          checkId: check.id,
          label: `2.2.1 team for projects without a team (${projectsOf(check).length || 'some'} projects)`,
          options: teams.map((t) => ({ label: `${t.slug} (${t.memberCount} members)`, value: t.slug })),
          ...(policy.orphanProjectTeam ? { initial: policy.orphanProjectTeam } : {}),
        });
        break;
      }
      case '2.3.1': {
        const members = state?.members.ok ? state.members.value : [];
        const me = state?.whoami.user?.email?.toLowerCase();
        const owners = members.filter((m) => !m.pending && m.orgRole === 'owner' && (m.user?.email ?? m.email).toLowerCase() !== me);
        if (owners.length === 0) break;
        specs.push({
          kind: 'owners',
          checkId: check.id,
          label: `2.3.1 owners to demote to manager (${members.filter((m) => !m.pending && m.orgRole === 'owner').length} owners now; at most ${policy.maxOwners})`,
          options: owners.map((m) => ({ label: m.user?.email ?? m.email, value: m.user?.email ?? m.email })),
          initial: policy.demoteOwners,
        });
        break;
      }
      case '2.2.2': {
        const projects = state?.projects.ok ? state.projects.value : [];
        const crowded = projects.filter((p) => isProductionProject(p, policy) && p.teams.length > policy.maxTeamsPerProductionProject);
        if (crowded.length === 0) break;
        specs.push({
          kind: 'project-teams',
          checkId: check.id,
          label: `2.2.2 teams to take off production projects (at most ${policy.maxTeamsPerProductionProject} each)`,
          options: crowded.flatMap((p) => p.teams.map((t) => ({ label: `${p.slug} ← ${t.slug}`, value: `${p.slug}|${t.slug}` }))),
          // opened again: the teams picked before stay marked (Enter alone must not drop them)
          initial: (check.changes ?? []).flatMap((c) => (c.target.type === 'project-team' ? [`${c.target.project}|${c.target.id}`] : [])),
        });
        break;
      }
      case '2.3.5': {
        const admins = (state?.members.ok ? state.members.value : []).filter((m) => isMember(m) && m.orgRole === 'admin');
        if (admins.length === 0) break;
        specs.push({
          kind: 'admin-roles',
          checkId: check.id,
          label: '2.3.5 mark who becomes manager (the others become member)',
          options: admins.map((m) => ({ label: memberLabel(m), value: m.id })),
          initial: (check.changes ?? []).flatMap((c) => (c.target.type === 'member' && c.after === 'manager' ? [c.target.id] : [])),
        });
        break;
      }
      case '3.2.2': {
        const projects = projectsOf(check);
        const first = projects[0];
        specs.push({
          kind: 'list',
          checkId: check.id,
          param: 'allowedDomains',
          label: `3.2.2 allowed origins for ${projects.length} browser project${projects.length === 1 ? '' : 's'}`,
          hint: 'comma separated, e.g. https://app.example.com, https://*.example.com',
          projects,
          initial: first ? (policy.allowedDomains[first] ?? []).join(', ') : '',
        });
        break;
      }
      case '3.3.4': {
        specs.push({
          kind: 'list',
          checkId: check.id,
          param: 'blockedIps',
          label: '3.3.4 IP ranges to block on every project',
          hint: 'comma separated IPv4, IPv6 or CIDR, e.g. 203.0.113.0/24',
          projects: [],
          initial: Array.isArray(policy.blockedIps) ? policy.blockedIps.join(', ') : '',
        });
        break;
      }
      case '3.2.1': {
        const first = (check.changes ?? []).find((c) => c.field === 'rateLimit');
        const rl = first?.after as RateLimit | undefined;
        if (!rl) break;
        specs.push({ kind: 'rate-limit', checkId: check.id, label: '3.2.1 rate limit for every client key', initial: `${rl.count}/${rl.window}` });
        break;
      }
      default:
        break;
    }
  }
  return specs;
}

export function splitList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** "1000/60" (events per seconds); returns an error message or the rate limit. */
export function parseRateLimit(text: string): RateLimit | string {
  const m = /^\s*(\d+)\s*(?:\/\s*(\d+)\s*s?)?\s*$/.exec(text);
  if (!m) return 'enter COUNT/WINDOW, e.g. 1000/60 (1000 events per 60 seconds)';
  const count = Number(m[1]);
  const window = m[2] === undefined ? 60 : Number(m[2]);
  if (count < 1) return 'the count must be at least 1';
  if (window < 1 || window > 86_400) return 'the window must be 1 to 86400 seconds';
  return { count, window };
}

/** Validate a person's answer; returns an error message or the result to apply. */
export function resolveEdit(spec: EditSpec, value: string | string[], policy: Policy, state?: OrgState): EditResult | string {
  switch (spec.kind) {
    case 'project-teams': {
      const picks = Array.isArray(value) ? value : splitList(value);
      const projects = state?.projects.ok ? state.projects.value : [];
      const changes: PlannedChange[] = [];
      for (const pick of picks) {
        const [slug, team] = pick.split('|');
        const project = projects.find((p) => p.slug === slug);
        if (!project || !team) return `unknown project or team: ${pick}`;
        changes.push(unlinkProjectTeam(project, { slug: team }));
      }
      return { changes: { checkId: spec.checkId, changes } };
    }
    case 'admin-roles': {
      const managers = new Set(Array.isArray(value) ? value : splitList(value));
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
    }
    case 'team': {
      const team = Array.isArray(value) ? value[0] : value;
      if (!team) return 'pick a team';
      return { policy: { orphanProjectTeam: team } };
    }
    case 'owners': {
      const list = Array.isArray(value) ? value : splitList(value);
      return { policy: { demoteOwners: list } };
    }
    case 'list': {
      const list = Array.isArray(value) ? value : splitList(value);
      if (list.length === 0) return `enter at least one value (${spec.hint})`;
      if (spec.param === 'blockedIps') return { policy: { blockedIps: list } };
      const domains: Record<string, string[]> = { ...policy.allowedDomains };
      for (const p of spec.projects) domains[p] = list;
      return { policy: { allowedDomains: domains } };
    }
    case 'rate-limit': {
      const rl = parseRateLimit(Array.isArray(value) ? (value[0] ?? '') : value);
      if (typeof rl === 'string') return rl;
      return { rateLimit: { checkId: spec.checkId, value: rl } };
    }
    default: {
      const never: never = spec;
      return never;
    }
  }
}

/** A check's changes as the person picked them (2.2.2, 2.3.5), while the check still fails. */
export function overrideChanges(control: ControlResult, picked: ReadonlyMap<string, PlannedChange[]>): ControlResult {
  if (picked.size === 0) return control;
  return {
    ...control,
    checks: control.checks.map((check) => {
      const changes = picked.get(check.id);
      return changes && check.status === 'fail' ? { ...check, changes } : check;
    }),
  };
}

/** Replace the proposed rate limit of a check's planned changes (the person's choice wins). */
export function overrideRateLimits(control: ControlResult, overrides: ReadonlyMap<string, RateLimit>): ControlResult {
  if (overrides.size === 0) return control;
  return {
    ...control,
    checks: control.checks.map((check) => {
      const rl = overrides.get(check.id);
      if (!rl || !check.changes) return check;
      return {
        ...check,
        // the consequence names the numbers: it must be the person's, as the confirmation shows it
        changes: check.changes.map((c): PlannedChange =>
          c.field === 'rateLimit'
            ? { ...c, after: { ...rl }, ...(c.consequence ? { consequence: `Events above ${rl.count} per ${rl.window} seconds sent with this DSN are dropped.` } : {}) }
            : c,
        ),
      };
    }),
  };
}
