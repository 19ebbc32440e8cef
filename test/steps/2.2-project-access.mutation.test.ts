// 2.2: negative cases and boundaries found missing by mutation testing (issue 21). Sentry facts:
// a project reaches people through its teams (POST/DELETE projects/{org}/{p}/teams/{team}/,
// src/sentry/api/endpoints/project_team_details.py); team slugs are unique per organization.
import { describe, expect, it } from 'vitest';
import { control2_2 } from '../../steps/2.2-project-access.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeProject, makeState, runCheck as run } from '../fixtures/state.js';

const team = (slug: string) => ({ id: slug, slug, name: slug });

describe('2.2 with unreadable projects', () => {
  it('every check is an error naming the projects', () => {
    for (const c of control2_2.checks) {
      expect(run(c.id, makeState({ projects: partError('403 project:read') })), c.id).toEqual({ status: 'error', findings: [], reason: 'projects: 403 project:read' });
    }
  });
});

describe('2.2.1 which projects, which team', () => {
  const lonely = makeProject({ slug: 'lonely', teams: [] });

  it('lists only the project without a team, next to one with a team', () => {
    const out = run('2.2.1', makeState({ projects: partOk([makeProject({ slug: 'owned' }), lonely]) }));
    expect(out.findings).toEqual([{ resource: { type: 'project', id: 'lonely', name: 'lonely' }, field: 'teams', current: [], expected: 'at least one team', message: 'Project lonely has no team.' }]);
  });

  it('links the policy team found trimmed and case-insensitively, as a reversible change without risk', () => {
    const state = makeState({ projects: partOk([lonely]), teams: partOk([{ ...team('web'), memberCount: 1 }, { ...team('platform'), memberCount: 3 }]) });
    const out = run('2.2.1', state, { orphanProjectTeam: ' Platform ' });
    expect(out.status).toBe('fail');
    expect(out.changes).toEqual([{
      checkId: '2.2.1', target: { type: 'project-team', id: 'platform', project: 'lonely' }, field: 'linked', before: false, after: true,
      risk: 'none', reversible: true, consequence: 'Members of team platform get access to project lonely.',
    }]);
  });

  it('does not link a team whose slug only contains the policy name', () => {
    const state = makeState({ projects: partOk([lonely]), teams: partOk([{ ...team('platform-eu'), memberCount: 1 }]) });
    const out = run('2.2.1', state, { orphanProjectTeam: 'platform' });
    expect(out.changes).toEqual([]);
    expect(out.reason).toBe('policy orphanProjectTeam names team "platform", which does not exist in this organization (teams: platform-eu)');
  });

  it('says "none" when the organization has no team', () => {
    const out = run('2.2.1', makeState({ projects: partOk([lonely]), teams: partOk([]) }), { orphanProjectTeam: 'platform' });
    expect(out.reason).toBe('policy orphanProjectTeam names team "platform", which does not exist in this organization (teams: none)');
  });

  it('fails without a plan and with the teams\' reason when the teams are unreadable', () => {
    const out = run('2.2.1', makeState({ projects: partOk([lonely]), teams: partError('403 team:read') }), { orphanProjectTeam: 'platform' });
    expect(out).toMatchObject({ status: 'fail', changes: [] });
    expect(out.reason).toBe('policy orphanProjectTeam names team "platform", but the teams could not be read to check it exists (teams: 403 team:read)');
  });

  it('treats a blank policy team as missing', () => {
    const out = run('2.2.1', makeState({ projects: partOk([lonely]) }), { orphanProjectTeam: '  ' });
    expect(out.missingParameter).toBe('orphanProjectTeam');
    expect(out.changes).toEqual([]);
  });
});

describe('2.2.2 boundary of maxTeamsPerProductionProject', () => {
  const prod = (n: number) => makeProject({ slug: 'api-prod', teams: Array.from({ length: n }, (_, i) => team(`t${i + 1}`)) });

  it('passes at the limit and fails one above it', () => {
    expect(run('2.2.2', makeState({ projects: partOk([prod(2)]) }), { maxTeamsPerProductionProject: 2 })).toEqual({ status: 'pass', findings: [] });
    const out = run('2.2.2', makeState({ projects: partOk([prod(3)]) }), { maxTeamsPerProductionProject: 2 });
    expect(out.status).toBe('fail');
    expect(out.findings).toEqual([{
      resource: { type: 'project', id: 'api-prod', name: 'api-prod' }, field: 'teams', current: ['t1', 't2', 't3'], expected: 'at most 2 teams',
      message: 'Production project api-prod has 3 teams (t1, t2, t3); at most 2 allowed.',
    }]);
    expect(out.warnings).toHaveLength(1);
    expect(out.changes).toEqual([]);
  });

  it('does not count a non-production project with many teams', () => {
    const staging = makeProject({ slug: 'api-staging', teams: [team('a'), team('b'), team('c')] });
    expect(run('2.2.2', makeState({ projects: partOk([staging]) })).status).toBe('pass');
  });
});

describe('2.2.3 access map', () => {
  it('gives member counts with singular and plural, and unknown counts when teams are unreadable', () => {
    const projects = partOk([makeProject({ slug: 'web', teams: [team('solo'), team('duo')] })]);
    const counts = run('2.2.3', makeState({ projects, teams: partOk([{ ...team('solo'), memberCount: 1 }, { ...team('duo'), memberCount: 2 }]) }));
    expect(counts.findings[0]?.message).toBe('web -> solo (1 member), duo (2 members)');
    expect(counts.findings[0]?.current).toEqual([{ team: 'solo', memberCount: 1 }, { team: 'duo', memberCount: 2 }]);
    const unknown = run('2.2.3', makeState({ projects, teams: partError('403') }));
    expect(unknown.findings[0]?.message).toBe('web -> solo (member count unknown), duo (member count unknown)');
    expect(unknown.findings[0]?.current).toEqual([{ team: 'solo', memberCount: null }, { team: 'duo', memberCount: null }]);
  });

  it('orders production projects first, then by slug, and says "no team"', () => {
    const projects = partOk([
      makeProject({ slug: 'zeta', teams: [] }),
      makeProject({ slug: 'beta-prod', teams: [] }),
      makeProject({ slug: 'alpha', teams: [] }),
      makeProject({ slug: 'alpha-prod', teams: [] }),
    ]);
    const out = run('2.2.3', makeState({ projects, teams: partOk([]) }));
    expect(out.findings.map((f) => f.message)).toEqual(['alpha-prod (production) -> no team', 'beta-prod (production) -> no team', 'alpha -> no team', 'zeta -> no team']);
    expect(out.manualSteps?.slice(1, 5)).toEqual(out.findings.map((f) => `  ${f.message}`));
    expect(out.manualSteps?.at(-1)).toBe('Change team access in each project\'s settings (https://acme.sentry.io/settings/projects/), then record the review.');
  });
});
