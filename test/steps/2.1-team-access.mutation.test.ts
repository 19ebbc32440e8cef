// 2.1: which members and settings count, boundaries and unreadable parts, found missing by
// mutation testing (issue 21). Sentry: owner and manager are the global roles (is_global in
// SENTRY_ROLES, src/sentry/conf/server.py): they reach every team's projects whatever their
// teams; attachmentsRole / debugFilesRole take a role id (organization_details.py), and a
// project's `sentry:debug_files_role` of null inherits the org value.
import { describe, expect, it } from 'vitest';
import { control2_1 } from '../../steps/2.1-team-access.js';
import type { Member, MemberDetail } from '../../src/sentry/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeMember, makeOrg, makeProject, makeState, NOW, runCheck as run } from '../fixtures/state.js';

const team = (slug: string) => ({ id: slug, slug, name: slug });
const detail = (m: Member, teams: string[]): MemberDetail => ({ ...m, teams, teamRoles: teams.map((t) => ({ teamSlug: t, role: null })) });
const open = (over: Partial<OrgState> = {}): OrgState => makeState({ org: partOk(makeOrg({ openMembership: true })), ...over });

describe('2.1 organization checks with an unreadable org', () => {
  it('every org check is an error naming the organization settings', () => {
    for (const id of ['2.1.1', '2.1.2', '2.1.3', '2.1.4', '2.1.5', '2.1.6', '2.1.7', '2.1.8']) {
      expect(run(id, makeState({ org: partError('403') })), id).toEqual({ status: 'error', findings: [], reason: 'organization settings: 403' });
    }
  });
});

describe('2.1.1 default role', () => {
  it('warns that only an owner token can change it, unless the token has org:admin or its scopes are unknown', () => {
    const base = makeState();
    const org = partOk(makeOrg({ defaultRole: 'admin' }));
    const without = run('2.1.1', makeState({ org, whoami: { ...base.whoami, scopes: ['org:write'] } }));
    expect(without.warnings).toHaveLength(1);
    expect(without.changes).toEqual([{ checkId: '2.1.1', target: { type: 'organization', id: 'acme' }, field: 'defaultRole', before: 'admin', after: 'member', risk: 'none', reversible: true }]);
    expect(run('2.1.1', makeState({ org, whoami: { ...base.whoami, scopes: ['org:admin'] } })).warnings).toBeUndefined();
    expect(run('2.1.1', makeState({ org, whoami: { ...base.whoami, scopes: null } })).warnings).toBeUndefined();
  });
});

describe('2.1.8 two settings in one check', () => {
  it('changes only the setting that is wrong', () => {
    const out = run('2.1.8', makeState({ org: partOk(makeOrg({ alertsMemberWrite: true })) }));
    expect(out.findings.map((f) => [f.field, f.current, f.expected])).toEqual([['alertsMemberWrite', true, false]]);
    expect(out.changes).toEqual([{ checkId: '2.1.8', target: { type: 'organization', id: 'acme' }, field: 'alertsMemberWrite', before: true, after: false, risk: 'none', reversible: true }]);
  });
});

describe('2.1.3 who would lose access', () => {
  const projects = partOk([makeProject({ slug: 'a', teams: [team('red')] }), makeProject({ slug: 'b', teams: [team('blue')] })]);

  it('counts only members without a global role who miss a team with projects', () => {
    const onBoth = makeMember({ email: 'both@acme.test' });
    const onRed = makeMember({ email: 'red@acme.test' });
    const manager = makeMember({ email: 'mgr@acme.test', orgRole: 'manager' });
    const billing = makeMember({ email: 'bill@acme.test', orgRole: 'billing' });
    const admin = makeMember({ email: 'adm@acme.test', orgRole: 'admin' });
    const invited = makeMember({ email: 'inv@acme.test', user: null, pending: true });
    const members = [onBoth, onRed, manager, billing, admin, invited];
    const details = Object.fromEntries([onBoth, onRed, admin].map((m) => [m.id, detail(m, m === onBoth ? ['red', 'blue'] : m === admin ? ['red', 'blue'] : ['red'])]));
    const out = run('2.1.3', open({ projects, members: partOk(members), memberDetails: partOk(details) }));
    expect(out.warnings).toEqual(['1 member would lose access to the projects of teams they are not on: red@acme.test. Add them to the teams they need first.']);
    expect(out.changes).toEqual([{
      checkId: '2.1.3', target: { type: 'organization', id: 'acme' }, field: 'openMembership', before: true, after: false, risk: 'disruptive', reversible: true,
      consequence: out.warnings?.[0],
    }]);
  });

  it('says nobody loses access when everyone is global or on every team', () => {
    const out = run('2.1.3', open({ projects, members: partOk([makeMember({ orgRole: 'owner' })]) }));
    expect(out.warnings).toEqual(['No member would lose access: everyone has a global role or is on every team with projects.']);
  });

  it('counts members whose teams were not read as "up to"', () => {
    const m = makeMember({ email: 'x@acme.test' });
    const out = run('2.1.3', open({ projects, members: partOk([m]), memberDetails: partOk({}) }));
    expect(out.warnings).toEqual(['Up to 1 member would lose access to the projects of teams they are not on (1 of them counted because their team memberships were not read): x@acme.test. Add them to the teams they need first.']);
    const unreadProjects = run('2.1.3', open({ projects: partError('403'), members: partOk([m]), memberDetails: partOk({ [m.id]: detail(m, ['red', 'blue']) }) }));
    expect(unreadProjects.warnings?.[0]).toMatch(/^Up to 1 member would/);
  });

  it('names ten members and counts the rest', () => {
    const members = Array.from({ length: 12 }, (_, i) => makeMember({ email: `m${i}@acme.test` }));
    const out = run('2.1.3', open({ projects, members: partOk(members), memberDetails: partOk(Object.fromEntries(members.map((m) => [m.id, detail(m, [])]))) }));
    expect(out.warnings?.[0]).toContain(`${members.slice(0, 10).map((m) => m.email).join(', ')}, and 2 more.`);
  });

  it('still warns when the members are unreadable', () => {
    const out = run('2.1.3', open({ members: partError('403') }));
    expect(out.status).toBe('fail');
    expect(out.warnings?.[0]).toMatch(/could not be read to count them/);
  });
});

describe('2.1.6 / 2.1.7 download roles', () => {
  it('accepts admin, manager and owner, and rejects member and billing', () => {
    for (const role of ['admin', 'manager', 'owner']) expect(run('2.1.6', makeState({ org: partOk(makeOrg({ attachmentsRole: role })) })).status, role).toBe('pass');
    for (const role of ['member', 'billing']) {
      const out = run('2.1.6', makeState({ org: partOk(makeOrg({ attachmentsRole: role })) }));
      expect(out.findings, role).toEqual([{ resource: { type: 'organization', id: 'acme' }, field: 'attachmentsRole', current: role, expected: 'admin', message: `Members with the "${role}" role can download event attachments.` }]);
      expect(out.changes?.[0]).toMatchObject({ field: 'attachmentsRole', before: role, after: 'admin', risk: 'none' });
    }
  });

  it('2.1.7 resets only project overrides to member, to inherit', () => {
    const projects = partOk([makeProject({ slug: 'a', debugFilesRole: 'member' }), makeProject({ slug: 'b', debugFilesRole: 'admin' }), makeProject({ slug: 'c', debugFilesRole: null })]);
    const out = run('2.1.7', makeState({ projects }));
    expect(out.status).toBe('fail');
    expect(out.changes).toEqual([{ checkId: '2.1.7', target: { type: 'project', id: 'a', name: 'a' }, field: 'debugFilesRole', before: 'member', after: null, risk: 'none', reversible: true }]);
    expect(out.findings[0]).toMatchObject({ source: 'project', current: 'member', expected: null });
  });

  it('2.1.7 with unreadable projects: error when the org is right, fail naming the gap when it is not', () => {
    expect(run('2.1.7', makeState({ projects: partError('403') }))).toEqual({ status: 'error', findings: [], reason: 'projects: 403' });
    const out = run('2.1.7', makeState({ org: partOk(makeOrg({ debugFilesRole: 'member' })), projects: partError('403') }));
    expect(out.status).toBe('fail');
    expect(out.reason).toBe('the project overrides were not checked: projects: 403');
    expect(out.changes?.map((c) => c.field)).toEqual(['debugFilesRole']);
  });
});

describe('2.1.9 inactivity boundary and who is listed', () => {
  const at = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();
  const DAY = 86_400_000;
  const withActivity = (lastActive: string | null, over: Partial<Member> = {}): Member => {
    const m = makeMember({ email: 'p@acme.test', ...over });
    return { ...m, user: m.user ? { ...m.user, lastActive } : null };
  };

  it('lists a member inactive for exactly inactiveDays and not one a millisecond more recent', () => {
    const exactly = run('2.1.9', makeState({ members: partOk([withActivity(at(90 * DAY))]) }), { inactiveDays: 90 });
    expect(exactly.findings).toHaveLength(1);
    expect(exactly.findings[0]).toMatchObject({ field: 'user.lastActive', expected: 'within 90 days', message: 'p@acme.test (member, teams not read): inactive for 90 days.' });
    const recent = run('2.1.9', makeState({ members: partOk([withActivity(at(90 * DAY - 1))]) }), { inactiveDays: 90 });
    expect(recent.findings).toEqual([]);
    expect(recent.manualSteps?.[0]).toBe('No member has been inactive for more than 90 days and no user account is deactivated.');
  });

  it('lists deactivated users and users without readable activity, skips invitations', () => {
    const gone = makeMember({ email: 'gone@acme.test' });
    const deactivated = { ...gone, user: gone.user ? { ...gone.user, isActive: false } : null };
    const never = withActivity(null, { email: 'never@acme.test' });
    const garbled = withActivity('not a date', { email: 'garbled@acme.test' });
    const invited = makeMember({ email: 'inv@acme.test', user: null, pending: true });
    const out = run('2.1.9', makeState({ members: partOk([deactivated, never, garbled, invited]), memberDetails: partOk({ [never.id]: detail(never, []), [garbled.id]: detail(garbled, ['red', 'blue']) }) }));
    expect(out.findings.map((f) => f.message)).toEqual([
      'gone@acme.test (member, teams not read): the user account is deactivated.',
      'never@acme.test (member, no teams): no recorded activity.',
      'garbled@acme.test (member, teams red, blue): no recorded activity.',
    ]);
    expect(out.findings.map((f) => f.field)).toEqual(['user.isActive', 'user.lastActive', 'user.lastActive']);
    expect(out.manualSteps?.[0]).toMatch(/^Review these 3 members: gone@acme\.test/);
  });

  it('is an error when the members are unreadable', () => {
    expect(run('2.1.9', makeState({ members: partError('403') }))).toEqual({ status: 'error', findings: [], reason: 'members: 403' });
  });
});
