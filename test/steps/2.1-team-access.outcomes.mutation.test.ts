// 2.1: the project-level debug files role, who is selected for member details, and whole outcomes,
// from mutation testing (issue 21, session 5). Sentry: a debug file download needs
// `project.get_option("sentry:debug_files_role") or organization.get_option(...) or "admin"`
// and a role that can_manage it (src/sentry/api/endpoints/debug_files.py, has_download_permission):
// a project value replaces the org value, whatever the org says; project_details.py accepts any
// role id `roles.get()` knows (validate_debugFilesRole) and null deletes the option (inherit).
// Owner and manager are the global roles (is_global, src/sentry/conf/server.py SENTRY_ROLES).
import { describe, expect, it } from 'vitest';
import { control2_1 } from '../../steps/2.1-team-access.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import type { CheckDef } from '../../steps/types.js';
import type { Member, MemberDetail } from '../../src/sentry/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeInvitation, makeMember, makeOrg, makeProject, makeState, NOW, runCheck as run } from '../fixtures/state.js';

const DAY = 86_400_000;
const def = (id: string): CheckDef => control2_1.checks.find((c) => c.id === id)!;
const team = (slug: string) => ({ id: slug, slug, name: slug });
const detail = (m: Member, teams: string[]): MemberDetail => ({ ...m, teams, teamRoles: teams.map((t) => ({ teamSlug: t, role: null })) });
const open = (over: Partial<OrgState> = {}): OrgState => makeState({ org: partOk(makeOrg({ openMembership: true })), ...over });
const lastActive = (m: Member, at: string | null): Member => ({ ...m, user: { ...m.user!, lastActive: at } });

describe('2.1.7 project overrides are judged by the org rule (admin or higher)', () => {
  it('fails on a project override below admin other than member, and plans inheriting the org value', () => {
    const billing = makeProject({ slug: 'web', debugFilesRole: 'billing' });
    const out = run('2.1.7', makeState({ projects: partOk([billing]) }));
    expect(out.status).toBe('fail');
    expect(out.findings).toEqual([{
      resource: { type: 'project', id: 'web', name: 'web' }, field: 'debugFilesRole', current: 'billing', expected: null, source: 'project',
      message: 'Project web lets members with the "billing" role download debug files, overriding the organization setting.',
    }]);
    expect(out.changes).toEqual([{ checkId: '2.1.7', target: { type: 'project', id: 'web', name: 'web' }, field: 'debugFilesRole', before: 'billing', after: null, risk: 'none', reversible: true }]);
  });

  it('passes with overrides of admin, manager or owner and with inherited (null) values', () => {
    const projects = ['admin', 'manager', 'owner', null].map((role, i) => makeProject({ slug: `p${i}`, debugFilesRole: role }));
    expect(run('2.1.7', makeState({ projects: partOk(projects) }))).toEqual({ status: 'pass', findings: [] });
  });

  it('a member override is named with its role, next to an admin override that is left alone', () => {
    const out = run('2.1.7', makeState({ projects: partOk([makeProject({ slug: 'a', debugFilesRole: 'admin' }), makeProject({ slug: 'b', debugFilesRole: 'member' })]) }));
    expect(out.findings.map((f) => [f.resource.id, f.current, f.message])).toEqual([['b', 'member', 'Project b lets members with the "member" role download debug files, overriding the organization setting.']]);
  });
});

describe('2.1.9 member details are read for every member it lists', () => {
  const select = (members: Member[], inactiveDays = 90): string[] =>
    def('2.1.9').memberDetails!(members, { policy: { ...DEFAULT_POLICY, inactiveDays }, now: NOW }).map((m) => m.id);

  it('selects a member inactive for exactly inactiveDays (2.1.9 lists them), not one a millisecond more recent', () => {
    const exactly = lastActive(makeMember({ id: '1' }), new Date(NOW.getTime() - 90 * DAY).toISOString());
    const recent = lastActive(makeMember({ id: '2' }), new Date(NOW.getTime() - 90 * DAY + 1).toISOString());
    expect(select([exactly, recent])).toEqual(['1']);
    const listed = run('2.1.9', makeState({ members: partOk([exactly, recent]) })).findings.map((f) => f.resource.id);
    expect(listed).toEqual(['1']);
  });

  it('selects deactivated users and users without readable activity, not invitations or active members', () => {
    const active = makeMember({ id: '3', lastActiveDaysAgo: 5 });
    const deactivated = { ...active, id: '4', user: { ...active.user!, isActive: false } };
    const never = lastActive(makeMember({ id: '5' }), null);
    const garbled = lastActive(makeMember({ id: '6' }), 'not a date');
    const invited = makeInvitation({ id: '7' });
    expect(select([active, deactivated, never, garbled, invited])).toEqual(['4', '5', '6']);
    expect(select([makeMember({ id: '8', lastActiveDaysAgo: 40 })], 30)).toEqual(['8']);
  });
});

describe('2.1.9 whole outcomes', () => {
  it('names one member in the singular, with teams unknown when the details could not be read', () => {
    const m = makeMember({ email: 'old@acme.test', lastActiveDaysAgo: 100 });
    const out = run('2.1.9', makeState({ members: partOk([m]), memberDetails: partError('403') }));
    expect(out.findings.map((f) => f.message)).toEqual(['old@acme.test (member, teams not read): inactive for 100 days.']);
    expect(out.manualSteps).toEqual([
      'Review this member: old@acme.test (member, teams not read): inactive for 100 days.',
      'Remove members who no longer need access, and lower roles that are higher than needed, at https://acme.sentry.io/settings/members/.',
      'Record the review (date, reviewer, outcome) as your access-review evidence.',
    ]);
    expect(out.reason).toBe('a person must review who has access and remove what is no longer needed');
  });

  it('gives the whole finding of a deactivated user', () => {
    const m = makeMember({ id: '31', email: 'gone@acme.test' });
    expect(run('2.1.9', makeState({ members: partOk([{ ...m, user: { ...m.user!, isActive: false } }]) })).findings).toEqual([{
      resource: { type: 'member', id: '31', email: 'gone@acme.test' }, field: 'user.isActive', current: false, expected: true, message: 'gone@acme.test (member, teams not read): the user account is deactivated.',
    }]);
  });

  it('gives the whole finding of an inactive member', () => {
    const at = new Date(NOW.getTime() - 120 * DAY).toISOString();
    const m = lastActive(makeMember({ id: '30', email: 'p@acme.test' }), at);
    expect(run('2.1.9', makeState({ members: partOk([m]) })).findings).toEqual([{
      resource: { type: 'member', id: '30', email: 'p@acme.test' }, field: 'user.lastActive', current: at, expected: 'within 90 days', message: 'p@acme.test (member, teams not read): inactive for 120 days.',
    }]);
  });
});

describe('2.1.10 member details: invitations of non-privileged roles that may be stale', () => {
  it('selects old or expired member and billing invitations, not privileged or fresh ones', () => {
    const at = (d: number) => new Date(NOW.getTime() - d * DAY).toISOString();
    const members = [
      makeInvitation({ id: '1', orgRole: 'member', dateCreated: at(30) }),
      makeInvitation({ id: '2', orgRole: 'billing', dateCreated: at(1), expired: true }),
      makeInvitation({ id: '3', orgRole: 'admin', dateCreated: at(30) }),
      makeInvitation({ id: '4', orgRole: 'member', dateCreated: at(1) }),
      makeMember({ id: '5', orgRole: 'member' }),
    ];
    expect(def('2.1.10').memberDetails!(members, { policy: DEFAULT_POLICY, now: NOW }).map((m) => m.id)).toEqual(['1', '2']);
  });
});

describe('2.1.10 outcome', () => {
  it('names the non-privileged invitations the audit log does not prove, in the manual reason', () => {
    const inv = makeInvitation({ id: '82', email: 'swept@acme.test', orgRole: 'member', dateCreated: new Date(NOW.getTime() - 400 * DAY).toISOString() });
    const out = run('2.1.10', makeState({ members: partOk([inv]), auditLog: partOk([]) }));
    expect(out.status).toBe('manual');
    expect(out.reason).toMatch(/^stale non-privileged invitations whose origin the audit log does not prove are never deleted automatically: swept@acme\.test: /);
  });
});

describe('2.1.3 members who would lose access, at the edges', () => {
  const projects = partOk([makeProject({ slug: 'a', teams: [team('red')] })]);

  it('names exactly ten members without "and more"', () => {
    const members = Array.from({ length: 10 }, (_, i) => makeMember({ email: `m${i}@acme.test` }));
    const out = run('2.1.3', open({ projects, members: partOk(members), memberDetails: partOk(Object.fromEntries(members.map((m) => [m.id, detail(m, [])]))) }));
    expect(out.warnings).toEqual([`10 members would lose access to the projects of teams they are not on: ${members.map((m) => m.email).join(', ')}. Add them to the teams they need first.`]);
  });

  it('counts every member as unsure when the member details could not be read', () => {
    const a = makeMember({ email: 'a@acme.test' });
    const b = makeMember({ email: 'b@acme.test', orgRole: 'admin' });
    const out = run('2.1.3', open({ projects, members: partOk([a, b]), memberDetails: partError('403') }));
    expect(out.warnings).toEqual(['Up to 2 members would lose access to the projects of teams they are not on (2 of them counted because their team memberships were not read): a@acme.test, b@acme.test. Add them to the teams they need first.']);
  });

  it('does not count a deactivated user', () => {
    const gone = makeMember({ email: 'gone@acme.test' });
    const out = run('2.1.3', open({ projects, members: partOk([{ ...gone, user: { ...gone.user!, isActive: false } }]), memberDetails: partOk({}) }));
    expect(out.warnings).toEqual(['No member would lose access: everyone has a global role or is on every team with projects.']);
  });

  it('a member on the only team with projects keeps access although other teams exist', () => {
    const m = makeMember({ email: 'red@acme.test' });
    const out = run('2.1.3', open({ projects, members: partOk([m]), memberDetails: partOk({ [m.id]: detail(m, ['red', 'green']) }) }));
    expect(out.warnings?.[0]).toMatch(/^No member would lose access/);
  });
});

describe('2.1 org setting checks: whole outcomes', () => {
  it('2.1.1 fails with the finding naming the role, and without a warning for an org:admin token', () => {
    expect(run('2.1.1', makeState({ org: partOk(makeOrg({ defaultRole: 'manager' })) }))).toEqual({
      status: 'fail',
      findings: [{ resource: { type: 'organization', id: 'acme' }, field: 'defaultRole', current: 'manager', expected: 'member', message: 'Users who join through SSO (or sign up on a single-organization self-hosted server) get the "manager" role.' }],
      changes: [{ checkId: '2.1.1', target: { type: 'organization', id: 'acme' }, field: 'defaultRole', before: 'manager', after: 'member', risk: 'none', reversible: true }],
    });
  });

  it('2.1.2 gives the whole finding and an org change without consequence', () => {
    expect(run('2.1.2', makeState({ org: partOk(makeOrg({ allowJoinRequests: true })) }))).toEqual({
      status: 'fail',
      findings: [{ resource: { type: 'organization', id: 'acme' }, field: 'allowJoinRequests', current: true, expected: false, message: 'Users can request to join the organization.' }],
      changes: [{ checkId: '2.1.2', target: { type: 'organization', id: 'acme' }, field: 'allowJoinRequests', before: true, after: false, risk: 'none', reversible: true }],
    });
  });

  it('2.1.8 plans both settings with their own messages', () => {
    const out = run('2.1.8', makeState({ org: partOk(makeOrg({ eventsMemberAdmin: true, alertsMemberWrite: true })) }));
    expect(out.findings.map((f) => [f.field, f.message])).toEqual([
      ['eventsMemberAdmin', 'Members with the member role can delete and discard events.'],
      ['alertsMemberWrite', 'Members with the member role can create and edit alert rules.'],
    ]);
    expect(out.warnings).toBeUndefined();
  });

  it('every org check passes with nothing else on the hardened org', () => {
    for (const id of ['2.1.1', '2.1.2', '2.1.3', '2.1.4', '2.1.5', '2.1.6', '2.1.7', '2.1.8']) expect(run(id, makeState()), id).toEqual({ status: 'pass', findings: [] });
  });
});
