// 2.2 Configure Project Access (POLICY.md §2.2): which teams reach which projects.

import type { ProjectTeamRef, Team } from '../src/sentry/types.js';
import type { ProjectState } from '../src/state/types.js';
import type { Policy } from './policy.js';
import { need, normName, orgSettingsUrl } from './lib.js';
import type { CheckDef, ControlDef, Finding, PlannedChange } from './types.js';
import { picks, projectsOf } from './edits.js';
import { plural } from '../src/words.js';
import { z } from 'zod';
import { param } from './policy-params.js';

/** The policy-file parameters 2.2's checks read (steps/policy.ts builds the policy file from them). */
export const policyParams2_2 = {
  orphanProjectTeam: param(z.string().trim().min(1).describe('Team slug given to projects that have no team; without it the wizard asks'), ''),
  productionPattern: param(
    z
      .string()
      .refine(
        (s) => {
          try {
            new RegExp(s);
            return true;
          } catch {
            return false;
          }
        },
        { message: 'not a valid regular expression' },
      )
      .describe('Regular expression matched against project slugs to find production projects'),
    '(^|[-_])prod(uction)?($|[-_])',
  ),
  maxTeamsPerProductionProject: param(z.number().int().min(1).describe('Most teams with access to one production project'), 2),
};

const projectRef = (p: ProjectState) => ({ type: 'project' as const, id: p.slug, name: p.name });

export function isProductionProject(p: Pick<ProjectState, 'slug'>, policy: Policy): boolean {
  return new RegExp(policy.productionPattern).test(p.slug);
}

/** Give a project without a team one team (2.2.1): POST projects/{org}/{p}/teams/{team}/. */
export function linkProjectTeam(project: ProjectState, teamSlug: string): PlannedChange {
  return {
    checkId: '2.2.1',
    target: { type: 'project-team', id: teamSlug, project: project.slug },
    field: 'linked',
    before: false,
    after: true,
    risk: 'none',
    reversible: true,
    consequence: `Members of team ${teamSlug} get access to project ${project.slug}.`,
  };
}

/** Take a team off a production project (2.2.2), for the wizard's pick: DELETE the project team. */
export function unlinkProjectTeam(project: ProjectState, team: Pick<ProjectTeamRef, 'slug'>): PlannedChange {
  return {
    checkId: '2.2.2',
    target: { type: 'project-team', id: team.slug, project: project.slug },
    field: 'linked',
    before: true,
    after: false,
    risk: 'risky',
    // re-adding the team restores access, but not its ownership of alert rules
    reversible: false,
    consequence: `Team ${team.slug} loses access to project ${project.slug}, and Sentry clears the team's ownership of the project's alert rules; re-adding the team does not restore that ownership.`,
  };
}

const check2_2_1: CheckDef = {
  id: '2.2.1',
  params: ['orphanProjectTeam'],
  title: 'Every project belongs to a team',
  level: 'L2',
  reads: ['teams', 'projects'],
  edit: {
    spec(check, { state, policy }) {
      const teams = state?.teams.ok ? state.teams.value : [];
      if (teams.length === 0) return undefined;
      return {
        kind: 'team',
        checkId: check.id,
        label: `2.2.1 team for projects without a team (${projectsOf(check).length || 'some'} projects)`,
        options: teams.map((t) => ({ label: `${t.slug} (${plural(t.memberCount, 'member')})`, value: t.slug })),
        ...(policy.orphanProjectTeam ? { initial: policy.orphanProjectTeam } : {}),
      };
    },
    resolve(_spec, value) {
      const team = Array.isArray(value) ? value[0] : value;
      if (!team) return 'pick a team';
      return { policy: { orphanProjectTeam: team } };
    },
  },
  automation: 'guided',
  risk: 'none',
  rationale: 'A project without a team has no owner: nobody is responsible for its alerts, and only org-wide roles can reach it.',
  evaluate({ state, policy }) {
    const projects = need(state.projects, 'projects');
    if ('outcome' in projects) return projects.outcome;
    const orphans = projects.value.filter((p) => p.teams.length === 0);
    if (orphans.length === 0) return { status: 'pass', findings: [] };
    const findings: Finding[] = orphans.map((p) => ({
      resource: projectRef(p), field: 'teams', current: [], expected: 'at least one team', message: `Project ${p.slug} has no team.`,
    }));
    const wanted = policy.orphanProjectTeam.trim();
    if (wanted === '') {
      return {
        status: 'fail',
        findings,
        changes: [],
        missingParameter: 'orphanProjectTeam',
        reason: 'pick a team for each project in the wizard, or name one with policy orphanProjectTeam',
      };
    }
    const teams = need(state.teams, 'teams');
    // the rule was read (projects without a team): fail, but plan nothing for a team not verified
    if ('outcome' in teams) {
      return { status: 'fail', findings, changes: [], reason: `policy orphanProjectTeam names team "${wanted}", but the teams could not be read to check it exists (${teams.outcome.reason ?? 'unknown reason'})` };
    }
    const team: Team | undefined = teams.value.find((t) => normName(t.slug) === normName(wanted));
    if (team === undefined) {
      const known = teams.value.map((t) => t.slug).join(', ') || 'none';
      return {
        status: 'fail',
        findings,
        changes: [],
        reason: `policy orphanProjectTeam names team "${wanted}", which does not exist in this organization (teams: ${known})`,
      };
    }
    return { status: 'fail', findings, changes: orphans.map((p) => linkProjectTeam(p, team.slug)) };
  },
};

const check2_2_2: CheckDef = {
  id: '2.2.2',
  params: ['productionPattern', 'maxTeamsPerProductionProject'],
  title: 'Production projects are limited to few teams',
  level: 'L3',
  reads: ['teams', 'projects'],
  edit: {
    spec(check, { state, policy }) {
      const projects = state?.projects.ok ? state.projects.value : [];
      const crowded = projects.filter((p) => isProductionProject(p, policy) && p.teams.length > policy.maxTeamsPerProductionProject);
      if (crowded.length === 0) return undefined;
      return {
        kind: 'project-teams',
        checkId: check.id,
        label: `2.2.2 teams to take off production projects (at most ${policy.maxTeamsPerProductionProject} each)`,
        options: crowded.flatMap((p) => p.teams.map((t) => ({ label: `${p.slug} ← ${t.slug}`, value: `${p.slug}|${t.slug}` }))),
        // opened again: the teams picked before stay marked (Enter alone must not drop them)
        initial: (check.changes ?? []).flatMap((c) => (c.target.type === 'project-team' ? [`${c.target.project}|${c.target.id}`] : [])),
      };
    },
    resolve(spec, value, { state }) {
      const projects = state?.projects.ok ? state.projects.value : [];
      const changes: PlannedChange[] = [];
      for (const pick of picks(value)) {
        const [slug, team] = pick.split('|');
        const project = projects.find((p) => p.slug === slug);
        if (!project || !team) return `unknown project or team: ${pick}`;
        changes.push(unlinkProjectTeam(project, { slug: team }));
      }
      return { changes: { checkId: spec.checkId, changes } };
    },
  },
  automation: 'guided',
  risk: 'risky',
  rationale: 'Every team on a production project can read its events and change its settings; keep production access to the teams that run it.',
  evaluate({ state, policy }) {
    const projects = need(state.projects, 'projects');
    if ('outcome' in projects) return projects.outcome;
    const max = policy.maxTeamsPerProductionProject;
    const crowded = projects.value.filter((p) => isProductionProject(p, policy) && p.teams.length > max);
    if (crowded.length === 0) return { status: 'pass', findings: [] };
    return {
      status: 'fail',
      findings: crowded.map((p) => ({
        resource: projectRef(p),
        field: 'teams',
        current: p.teams.map((t) => t.slug),
        expected: `at most ${plural(max, 'team')}`,
        message: `Production project ${p.slug} has ${p.teams.length} teams (${p.teams.map((t) => t.slug).join(', ')}); at most ${max} allowed.`,
      })),
      changes: [],
      reason: 'pick the teams to remove from each production project in the wizard; no policy parameter names them, so apply --yes leaves this check failing',
      warnings: ['Removing a team from a project clears that team\'s ownership of the project\'s alert rules; this cannot be undone.'],
    };
  },
};

const check2_2_3: CheckDef = {
  id: '2.2.3',
  title: 'The project access map is reviewed',
  level: 'L2',
  reads: ['members', 'teams', 'projects'],
  automation: 'manual',
  risk: 'none',
  rationale: 'Team-to-project links drift as teams change; a person who knows the teams must confirm that each project is reachable only by the right people.',
  evaluate({ state, policy }) {
    const projects = need(state.projects, 'projects');
    if ('outcome' in projects) return projects.outcome;
    const counts = new Map((state.teams.ok ? state.teams.value : []).map((t) => [t.slug, t.memberCount]));
    const describe = (t: ProjectTeamRef): string => {
      const n = counts.get(t.slug);
      return n === undefined ? `${t.slug} (member count unknown)` : `${t.slug} (${plural(n, 'member')})`;
    };
    const ordered = [...projects.value].sort((a, b) => Number(isProductionProject(b, policy)) - Number(isProductionProject(a, policy)) || a.slug.localeCompare(b.slug));
    const findings: Finding[] = ordered.map((p) => {
      const prod = isProductionProject(p, policy);
      return {
        resource: projectRef(p),
        field: 'teams',
        current: p.teams.map((t) => ({ team: t.slug, memberCount: counts.get(t.slug) ?? null })),
        expected: null,
        message: `${p.slug}${prod ? ' (production)' : ''} -> ${p.teams.length === 0 ? 'no team' : p.teams.map(describe).join(', ')}`,
      };
    });
    return {
      status: 'manual',
      findings,
      reason: 'a person must confirm that each project is reachable only by the teams that need it',
      manualSteps: [
        'Review the project access map (production projects first):',
        ...findings.map((f) => `  ${f.message}`),
        `Change team access in each project's settings (${orgSettingsUrl(state, 'projects/')}), then record the review.`,
      ],
    };
  },
};

export const control2_2: ControlDef = {
  id: '2.2',
  title: 'Configure Project Access',
  level: 'L2',
  frameworks: { cis: ['5.4'], nist: ['AC-6'], soc2: [] },
  rationale:
    'Projects are reached through teams; each project should belong to a team, and production data only to the teams that run it.\n' +
    'Cross-team access widens who can read stack traces and personal data.',
  checks: [check2_2_1, check2_2_2, check2_2_3],
};
