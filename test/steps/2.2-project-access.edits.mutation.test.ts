// 2.2: the guided edits of 2.2.1 (a team for projects without one) and 2.2.2 (teams to take off
// crowded production projects), and whole outcomes, from mutation testing (issue 21, session 5).
// Sentry: a project reaches people through its teams; POST/DELETE
// projects/{org}/{project}/teams/{team}/ adds or removes one (src/sentry/api/endpoints/
// project_team_details.py), and removing a team clears its ownership of the project's alert
// rules (the same endpoint's delete); team slugs are unique per organization.
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../steps/index.js';
import { DEFAULT_POLICY, type Policy } from '../../steps/policy.js';
import type { CheckDef, CheckOutcome, CheckResult } from '../../steps/types.js';
import type { EditSpec } from '../../steps/edits.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeProject, makeState, runCheck as run } from '../fixtures/state.js';

const def = (id: string): CheckDef => findCheck(id)!.check;
const asResult = (id: string, out: CheckOutcome): CheckResult => ({ ...def(id), ...out } as unknown as CheckResult);
const team = (slug: string) => ({ id: slug, slug, name: slug });
const spec = (id: string, out: CheckOutcome, state: OrgState | undefined, policy: Policy = DEFAULT_POLICY): EditSpec | undefined =>
  def(id).edit!.spec(asResult(id, out), { policy, state });

describe('2.2.1 guided edit: a team for projects without one', () => {
  const lonely = makeProject({ slug: 'lonely', teams: [] });
  const teams = partOk([{ ...team('web'), memberCount: 1 }, { ...team('platform'), memberCount: 3 }]);

  it('offers every team with its member count, counting the projects of the check', () => {
    const state = makeState({ projects: partOk([lonely, makeProject({ slug: 'alone', teams: [] })]), teams });
    const s = spec('2.2.1', run('2.2.1', state), state);
    expect(s).toEqual({
      kind: 'team', checkId: '2.2.1', label: '2.2.1 team for projects without a team (2 projects)',
      options: [{ label: 'web (1 member)', value: 'web' }, { label: 'platform (3 members)', value: 'platform' }],
    });
  });

  it('starts at the policy team, and says "some" projects when the check names none', () => {
    const state = makeState({ projects: partOk([lonely]), teams });
    expect(spec('2.2.1', { status: 'fail', findings: [] }, state, { ...DEFAULT_POLICY, orphanProjectTeam: 'web' })).toMatchObject({
      label: '2.2.1 team for projects without a team (some projects)', initial: 'web',
    });
  });

  it('has nothing to offer without readable teams or without any team', () => {
    const out = run('2.2.1', makeState({ projects: partOk([lonely]) }));
    expect(spec('2.2.1', out, makeState({ teams: partError('403') }))).toBeUndefined();
    expect(spec('2.2.1', out, makeState({ teams: partOk([]) }))).toBeUndefined();
    expect(spec('2.2.1', out, undefined)).toBeUndefined();
  });

  it('turns the pick into the policy team; an empty pick asks again', () => {
    const state = makeState({ projects: partOk([lonely]), teams });
    const s = spec('2.2.1', run('2.2.1', state), state)!;
    const resolve = (v: string | string[]) => def('2.2.1').edit!.resolve(s, v, { policy: DEFAULT_POLICY, state });
    expect(resolve('web')).toEqual({ policy: { orphanProjectTeam: 'web' } });
    expect(resolve(['platform', 'web'])).toEqual({ policy: { orphanProjectTeam: 'platform' } });
    expect(resolve('')).toBe('pick a team');
    expect(resolve([])).toBe('pick a team');
  });
});

describe('2.2.2 guided edit: teams to take off production projects', () => {
  const crowded = makeProject({ slug: 'api-prod', teams: [team('a'), team('b'), team('c')] });
  const atLimit = makeProject({ slug: 'web-prod', teams: [team('a'), team('b')] });
  const staging = makeProject({ slug: 'api-staging', teams: [team('a'), team('b'), team('c')] });
  const state = makeState({ projects: partOk([crowded, atLimit, staging]) });

  it('offers the teams of crowded production projects only, with nothing picked at first', () => {
    expect(spec('2.2.2', run('2.2.2', state), state)).toEqual({
      kind: 'project-teams', checkId: '2.2.2', label: '2.2.2 teams to take off production projects (at most 2 each)',
      options: [
        { label: 'api-prod ← a', value: 'api-prod|a' },
        { label: 'api-prod ← b', value: 'api-prod|b' },
        { label: 'api-prod ← c', value: 'api-prod|c' },
      ],
      initial: [],
    });
  });

  it('keeps earlier picks marked, from project-team changes only', () => {
    const picked: CheckOutcome = {
      status: 'fail', findings: [],
      changes: [
        { checkId: '2.2.2', target: { type: 'project-team', id: 'c', project: 'api-prod' }, field: 'linked', before: true, after: false, risk: 'risky', reversible: false },
        { checkId: '2.2.2', target: { type: 'project', id: 'api-prod' }, field: 'x', before: 1, after: 2, risk: 'none', reversible: true },
      ],
    };
    expect(spec('2.2.2', picked, state)).toMatchObject({ initial: ['api-prod|c'] });
  });

  it('starts with nothing picked when the check result carries no changes at all', () => {
    expect(spec('2.2.2', { status: 'fail', findings: [] }, state)).toMatchObject({ initial: [] });
  });

  it('has nothing to offer without readable projects, even with a pattern that matches anything', () => {
    const any = { ...DEFAULT_POLICY, productionPattern: '.*' };
    expect(spec('2.2.2', { status: 'fail', findings: [] }, undefined, any)).toBeUndefined();
    expect(spec('2.2.2', { status: 'fail', findings: [] }, makeState({ projects: partError('403') }), any)).toBeUndefined();
  });

  it('has nothing to offer when no production project is over the limit or the projects are unknown', () => {
    expect(spec('2.2.2', { status: 'fail', findings: [] }, makeState({ projects: partOk([atLimit, staging]) }))).toBeUndefined();
    expect(spec('2.2.2', { status: 'fail', findings: [] }, undefined)).toBeUndefined();
    expect(spec('2.2.2', { status: 'fail', findings: [] }, makeState({ projects: partError('403') }))).toBeUndefined();
    expect(spec('2.2.2', { status: 'fail', findings: [] }, state, { ...DEFAULT_POLICY, maxTeamsPerProductionProject: 3 })).toBeUndefined();
  });

  it('turns picks into DELETE project-team changes and refuses an unknown project or a pick without a team', () => {
    const s = spec('2.2.2', run('2.2.2', state), state)!;
    const resolve = (v: string | string[]) => def('2.2.2').edit!.resolve(s, v, { policy: DEFAULT_POLICY, state });
    const out = resolve(['api-prod|c', 'api-prod|b']);
    expect(out).toEqual({
      changes: {
        checkId: '2.2.2',
        changes: ['c', 'b'].map((t) => ({
          checkId: '2.2.2', target: { type: 'project-team', id: t, project: 'api-prod' }, field: 'linked', before: true, after: false, risk: 'risky', reversible: false,
          consequence: `Team ${t} loses access to project api-prod, and Sentry clears the team's ownership of the project's alert rules; re-adding the team does not restore that ownership.`,
        })),
      },
    });
    expect(resolve('api-prod|c')).toMatchObject({ changes: { changes: [{ target: { id: 'c', project: 'api-prod' } }] } });
    expect(resolve(['ghost-prod|a'])).toBe('unknown project or team: ghost-prod|a');
    expect(resolve(['api-prod|a', 'api-prod'])).toBe('unknown project or team: api-prod');
    expect(resolve([])).toEqual({ changes: { checkId: '2.2.2', changes: [] } });
    expect(def('2.2.2').edit!.resolve(s, ['api-prod|a'], { policy: DEFAULT_POLICY, state: undefined })).toBe('unknown project or team: api-prod|a');
  });
});

describe('2.2 whole outcomes', () => {
  it('2.2.1 and 2.2.2 pass with nothing else', () => {
    expect(run('2.2.1', makeState())).toEqual({ status: 'pass', findings: [] });
    expect(run('2.2.2', makeState())).toEqual({ status: 'pass', findings: [] });
  });

  it('2.2.1 plans one link per project without a team, to the policy team', () => {
    const out = run('2.2.1', makeState({ projects: partOk([makeProject({ slug: 'x', teams: [] }), makeProject({ slug: 'owned' }), makeProject({ slug: 'y', teams: [] })]) }), { orphanProjectTeam: 'platform' });
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource.id)).toEqual(['x', 'y']);
    expect(out.changes?.map((c) => c.target)).toEqual([
      { type: 'project-team', id: 'platform', project: 'x' },
      { type: 'project-team', id: 'platform', project: 'y' },
    ]);
    expect(out.reason).toBeUndefined();
  });

  it('2.2.1 without a policy team says how to pick one', () => {
    expect(run('2.2.1', makeState({ projects: partOk([makeProject({ slug: 'x', teams: [] })]) }))).toEqual({
      status: 'fail',
      findings: [{ resource: { type: 'project', id: 'x', name: 'x' }, field: 'teams', current: [], expected: 'at least one team', message: 'Project x has no team.' }],
      changes: [],
      missingParameter: 'orphanProjectTeam',
      reason: 'pick a team for each project in the wizard, or name one with policy orphanProjectTeam',
    });
  });

  it('2.2.2 fails with the reason that no parameter names the teams, and the ownership warning', () => {
    const out = run('2.2.2', makeState({ projects: partOk([makeProject({ slug: 'prod', teams: [team('a'), team('b'), team('c')] })]) }), { maxTeamsPerProductionProject: 1 });
    expect(out.findings[0]).toMatchObject({ expected: 'at most 1 team', message: 'Production project prod has 3 teams (a, b, c); at most 1 allowed.' });
    expect(out.reason).toBe('pick the teams to remove from each production project in the wizard; no policy parameter names them, so apply --yes leaves this check failing');
    expect(out.warnings).toEqual(['Removing a team from a project clears that team\'s ownership of the project\'s alert rules; this cannot be undone.']);
  });

  it('2.2.3 is manual with the reason, the review steps, and a project marked production by the policy pattern', () => {
    const out = run('2.2.3', makeState({ projects: partOk([makeProject({ slug: 'live' }), makeProject({ slug: 'dev' })]) }), { productionPattern: '^live$' });
    expect(out.status).toBe('manual');
    expect(out.reason).toBe('a person must confirm that each project is reachable only by the teams that need it');
    expect(out.manualSteps?.slice(0, 3)).toEqual(['Review the project access map (production projects first):', '  live (production) -> platform (3 members)', '  dev -> platform (3 members)']);
    expect(out.findings.map((f) => [f.resource, f.field, f.expected])).toEqual([
      [{ type: 'project', id: 'live', name: 'live' }, 'teams', null],
      [{ type: 'project', id: 'dev', name: 'dev' }, 'teams', null],
    ]);
  });
});
