import { describe, expect, it } from 'vitest';
import { control2_2, unlinkProjectTeam } from '../../steps/2.2-project-access.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeProject, makeState, runCheck as run } from '../fixtures/state.js';

const team = (slug: string) => ({ id: slug, slug, name: slug });

describe('control 2.2', () => {
  it('carries the guide title and frameworks (no SOC 2 mapping)', () => {
    expect(control2_2).toMatchObject({ id: '2.2', title: 'Configure Project Access', level: 'L2', frameworks: { cis: ['5.4'], nist: ['AC-6'], soc2: [] } });
    expect(control2_2.checks.map((c) => `${c.id}:${c.level}:${c.automation}:${c.risk}`)).toEqual(['2.2.1:L2:guided:none', '2.2.2:L3:guided:risky', '2.2.3:L2:manual:none']);
  });
});

describe('2.2.1 every project has a team', () => {
  const orphan = makeProject({ slug: 'lonely', teams: [] });

  it('passes when every project has a team', () => {
    expect(run('2.2.1', makeState()).status).toBe('pass');
  });

  it('fails without changes and names orphanProjectTeam when the policy gives no team', () => {
    const out = run('2.2.1', makeState({ projects: partOk([makeProject(), orphan]) }));
    expect(out).toMatchObject({ status: 'fail', changes: [], missingParameter: 'orphanProjectTeam' });
    expect(out.findings.map((f) => f.resource.id)).toEqual(['lonely']);
  });

  it('plans POST project team when the policy team exists', () => {
    const out = run('2.2.1', makeState({ projects: partOk([orphan]) }), { orphanProjectTeam: ' Platform ' });
    expect(out.changes).toEqual([
      expect.objectContaining({ checkId: '2.2.1', target: { type: 'project-team', id: 'platform', project: 'lonely' }, field: 'linked', before: false, after: true }),
    ]);
  });

  it('keeps failing with a message when the policy team does not exist', () => {
    const out = run('2.2.1', makeState({ projects: partOk([orphan]) }), { orphanProjectTeam: 'ghosts' });
    expect(out).toMatchObject({ status: 'fail', changes: [] });
    expect(out.reason).toMatch(/"ghosts".*does not exist.*platform/);
  });

  it('fails without a plan when the teams cannot be read to verify the policy team (the rule itself was read)', () => {
    const out = run('2.2.1', makeState({ projects: partOk([orphan]), teams: partError('no team:read') }), { orphanProjectTeam: 'platform' });
    expect(out).toMatchObject({ status: 'fail', changes: [] });
    expect(out.findings.map((f) => f.resource.id)).toEqual(['lonely']);
    expect(out.reason).toMatch(/"platform".*no team:read/);
  });

  it('reports error when the projects cannot be read', () => {
    const out = run('2.2.1', makeState({ projects: partError('no project:read') }));
    expect(out.status).toBe('error');
    expect(out.reason).toContain('no project:read');
  });
});

describe('2.2.2 production projects have few teams', () => {
  const crowded = makeProject({ slug: 'api-prod', teams: [team('a'), team('b'), team('c')] });
  const staging = makeProject({ slug: 'api-staging', teams: [team('a'), team('b'), team('c')] });

  it('fails for a production project over the limit, not for others', () => {
    const out = run('2.2.2', makeState({ projects: partOk([crowded, staging]) }));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource.id)).toEqual(['api-prod']);
    expect(out.changes).toEqual([]);
    expect(run('2.2.2', makeState({ projects: partOk([staging]) })).status).toBe('pass');
  });

  it('honours productionPattern and maxTeamsPerProductionProject', () => {
    expect(run('2.2.2', makeState({ projects: partOk([crowded]) }), { maxTeamsPerProductionProject: 3 }).status).toBe('pass');
    expect(run('2.2.2', makeState({ projects: partOk([staging]) }), { productionPattern: 'staging' }).status).toBe('fail');
    expect(run('2.2.2', makeState({ projects: partOk([makeProject({ slug: 'production_web', teams: [team('a'), team('b'), team('c')] })]) })).status).toBe('fail');
    expect(run('2.2.2', makeState({ projects: partOk([makeProject({ slug: 'product', teams: [team('a'), team('b'), team('c')] })]) })).status).toBe('pass');
  });

  it('builds risky, irreversible removals that warn about alert-rule ownership', () => {
    expect(unlinkProjectTeam(crowded, team('c'))).toMatchObject({
      checkId: '2.2.2', target: { type: 'project-team', id: 'c', project: 'api-prod' }, field: 'linked', before: true, after: false, risk: 'risky', reversible: false,
    });
    expect(unlinkProjectTeam(crowded, team('c')).consequence).toMatch(/alert rules/);
  });
});

describe('2.2.3 access map review', () => {
  it('is manual and lists production projects first with member counts', () => {
    const prod = makeProject({ slug: 'web-prod' });
    const other = makeProject({ slug: 'aaa', teams: [] });
    const out = run('2.2.3', makeState({ projects: partOk([other, prod]) }));
    expect(out.status).toBe('manual');
    expect(out.findings.map((f) => f.message)).toEqual(['web-prod (production) -> platform (3 members)', 'aaa -> no team']);
  });

  it('reports error when the projects cannot be read', () => {
    expect(run('2.2.3', makeState({ projects: partError('boom') })).status).toBe('error');
  });
});
