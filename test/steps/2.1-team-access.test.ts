import { describe, expect, it } from 'vitest';
import { control2_1 } from '../../steps/2.1-team-access.js';
import type { AuditEntry, Member, OrgDetails } from '../../src/sentry/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeInvitation, makeMember, makeOrg, makeProject, makeState, NOW, runCheck as run } from '../fixtures/state.js';

const withOrg = (over: Partial<OrgDetails>, state: Partial<OrgState> = {}): OrgState => makeState({ org: partOk(makeOrg(over)), ...state });

describe('control 2.1', () => {
  it('carries the guide title and frameworks', () => {
    expect(control2_1).toMatchObject({ id: '2.1', title: 'Configure Team Access', level: 'L1', frameworks: { cis: ['5.4'], nist: ['AC-6'], soc2: ['CC6.2'] } });
    expect(control2_1.checks.map((c) => `${c.id}:${c.level}:${c.automation}:${c.risk}`)).toEqual([
      '2.1.1:L1:auto:none', '2.1.2:L1:auto:none', '2.1.3:L2:auto:disruptive', '2.1.4:L2:auto:none', '2.1.5:L2:auto:none',
      '2.1.6:L2:auto:none', '2.1.7:L2:auto:none', '2.1.8:L3:auto:none', '2.1.9:L2:manual:none', '2.1.10:L2:auto:risky',
    ]);
  });

  it('every auto check passes on the hardened fixture', () => {
    for (const c of control2_1.checks.filter((k) => k.automation === 'auto')) expect(run(c.id, makeState()).status, c.id).toBe('pass');
  });

  it('every check of an org setting reports error when the org cannot be read', () => {
    // 2.1.10 reads the members and the audit log, not the org settings
    for (const c of control2_1.checks.filter((k) => k.automation === 'auto' && k.id !== '2.1.10')) {
      const out = run(c.id, makeState({ org: partError('HTTP 500') }));
      expect(out.status, c.id).toBe('error');
      expect(out.reason).toContain('HTTP 500');
    }
  });
});

describe('org setting checks', () => {
  const cases: [string, Partial<OrgDetails>, string, unknown, unknown][] = [
    ['2.1.1', { defaultRole: 'admin' }, 'defaultRole', 'admin', 'member'],
    ['2.1.2', { allowJoinRequests: true }, 'allowJoinRequests', true, false],
    ['2.1.3', { openMembership: true }, 'openMembership', true, false],
    ['2.1.4', { allowMemberInvite: true }, 'allowMemberInvite', true, false],
    ['2.1.5', { allowMemberProjectCreation: true }, 'allowMemberProjectCreation', true, false],
    ['2.1.6', { attachmentsRole: 'member' }, 'attachmentsRole', 'member', 'admin'],
    ['2.1.7', { debugFilesRole: 'member' }, 'debugFilesRole', 'member', 'admin'],
    ['2.1.8', { alertsMemberWrite: true }, 'alertsMemberWrite', true, false],
  ];
  for (const [id, over, field, before, after] of cases) {
    it(`${id} fails on ${field}=${String(before)} and plans the org PUT`, () => {
      const out = run(id, withOrg(over));
      expect(out.status).toBe('fail');
      expect(out.findings).toEqual([expect.objectContaining({ field, current: before, expected: after })]);
      expect(out.changes).toEqual([expect.objectContaining({ checkId: id, target: { type: 'organization', id: 'acme' }, field, before, after })]);
    });
  }

  it('2.1.6 accepts manager and owner as well as admin', () => {
    expect(run('2.1.6', withOrg({ attachmentsRole: 'manager' })).status).toBe('pass');
    expect(run('2.1.6', withOrg({ attachmentsRole: 'owner' })).status).toBe('pass');
  });

  it('2.1.8 plans both settings when both are on', () => {
    const out = run('2.1.8', withOrg({ eventsMemberAdmin: true, alertsMemberWrite: true }));
    expect(out.changes?.map((c) => c.field)).toEqual(['eventsMemberAdmin', 'alertsMemberWrite']);
  });

  // issue 10 item 6: Sentry gives defaultRole to SSO sign-ups (src/sentry/auth/helper.py) and,
  // single-org, to new accounts (web/frontend/auth_login.py); invitations default to
  // SENTRY_DEFAULT_ROLE "member" (api/endpoints/organization_member/index.py, conf/server.py)
  it('2.1.1 says what defaultRole governs: SSO sign-ups, not invitations', () => {
    const check = control2_1.checks.find((c) => c.id === '2.1.1');
    expect(check?.rationale).toMatch(/joins through SSO/);
    expect(check?.rationale).toMatch(/invitations start at member regardless/);
    expect(check?.rationale).not.toMatch(/invited member/);
    const msg = run('2.1.1', withOrg({ defaultRole: 'admin' })).findings[0]?.message ?? '';
    expect(msg).toMatch(/join through SSO.*"admin" role/);
    expect(msg).not.toMatch(/New members/);
  });

  it('2.1.1 warns when the token cannot set defaultRole', () => {
    const state = withOrg({ defaultRole: 'manager' });
    expect(run('2.1.1', state).warnings).toBeUndefined();
    const out = run('2.1.1', { ...state, whoami: { ...state.whoami, scopes: ['org:write', 'org:read'] } });
    expect(out.warnings?.join(' ')).toMatch(/owner/);
  });
});

describe('2.1.3 open membership', () => {
  it('is disruptive and counts the members who would lose access', () => {
    const owner = makeMember({ id: '1', email: 'owner@acme.test', orgRole: 'owner' });
    const onAll = makeMember({ id: '20', email: 'onall@acme.test' });
    const onNone = makeMember({ id: '21', email: 'onnone@acme.test' });
    const unknown = makeMember({ id: '22', email: 'unknown@acme.test' });
    const details = {
      '20': { ...onAll, teams: ['platform'], teamRoles: [{ teamSlug: 'platform', role: null }] },
      '21': { ...onNone, teams: [], teamRoles: [] },
    };
    const out = run('2.1.3', withOrg({ openMembership: true }, { members: partOk([owner, onAll, onNone, unknown]), memberDetails: partOk(details) }));
    expect(out.changes?.[0]).toMatchObject({ risk: 'disruptive', reversible: true });
    expect(out.warnings?.join(' ')).toMatch(/^Up to 2 members would lose access.*\(1 of them counted because their team memberships were not read\)/);
    expect(out.warnings?.join(' ')).toContain('onnone@acme.test');
    expect(out.warnings?.join(' ')).not.toContain('onall@acme.test');
    expect(out.changes?.[0]?.consequence).toContain('2 members would lose access');
  });

  it('gives an exact count when every team membership is known', () => {
    const owner = makeMember({ id: '1', email: 'owner@acme.test', orgRole: 'owner' });
    const onNone = makeMember({ id: '21', email: 'onnone@acme.test', orgRole: 'admin' });
    const out = run('2.1.3', withOrg({ openMembership: true }, { members: partOk([owner, onNone]), memberDetails: partOk({ '21': { ...onNone, teams: [], teamRoles: [] } }) }));
    expect(out.warnings).toEqual([expect.stringMatching(/^1 member would lose access to the projects of teams they are not on: onnone@acme.test\./)]);
  });
});

describe('2.1.7 debug files role', () => {
  it('fails on a project that overrides with member, planning debugFilesRole null on that project', () => {
    const p = makeProject({ slug: 'web', debugFilesRole: 'member' });
    const ok = makeProject({ slug: 'api', debugFilesRole: 'owner' });
    const out = run('2.1.7', makeState({ projects: partOk([p, ok]) }));
    expect(out.status).toBe('fail');
    expect(out.changes).toEqual([
      expect.objectContaining({ checkId: '2.1.7', target: { type: 'project', id: 'web', name: 'web' }, field: 'debugFilesRole', before: 'member', after: null }),
    ]);
  });

  it('plans the org and the project together', () => {
    const out = run('2.1.7', withOrg({ debugFilesRole: 'member' }, { projects: partOk([makeProject({ debugFilesRole: 'member' })]) }));
    expect(out.changes?.map((c) => c.target.type)).toEqual(['organization', 'project']);
  });

  it('reports error when the projects cannot be read', () => {
    expect(run('2.1.7', makeState({ projects: partError('no project:read') })).status).toBe('error');
  });

  it('fails on the org value even when the projects cannot be read (the rule is already broken)', () => {
    const out = run('2.1.7', withOrg({ debugFilesRole: 'member' }, { projects: partError('no project:read') }));
    expect(out.status).toBe('fail');
    expect(out.changes).toEqual([expect.objectContaining({ target: { type: 'organization', id: 'acme' }, field: 'debugFilesRole', after: 'admin' })]);
    expect(out.reason).toContain('no project:read');
  });
});

describe('2.1.9 access review', () => {
  it('is manual and lists inactive and deactivated members with role and teams', () => {
    const active = makeMember({ email: 'active@acme.test', lastActiveDaysAgo: 10 });
    const stale = makeMember({ id: '30', email: 'stale@acme.test', lastActiveDaysAgo: 120, orgRole: 'manager' });
    const gone = makeMember({ email: 'gone@acme.test' });
    const deactivated = { ...gone, user: gone.user ? { ...gone.user, isActive: false } : null };
    const details = { '30': { ...stale, teams: ['platform'], teamRoles: [] } };
    const out = run('2.1.9', makeState({ members: partOk([active, stale, deactivated]), memberDetails: partOk(details) }));
    expect(out.status).toBe('manual');
    expect(out.findings.map((f) => (f.resource.type === 'member' ? f.resource.email : ''))).toEqual(['stale@acme.test', 'gone@acme.test']);
    expect(out.findings[0]?.message).toMatch(/manager, teams platform\): inactive for 120 days/);
    expect(out.manualSteps?.join(' ')).toContain('https://acme.sentry.io/settings/members/');
  });

  it('honours inactiveDays', () => {
    const m = makeMember({ lastActiveDaysAgo: 40 });
    expect(run('2.1.9', makeState({ members: partOk([m]) }), { inactiveDays: 30 }).findings).toHaveLength(1);
    expect(run('2.1.9', makeState({ members: partOk([m]) })).findings).toHaveLength(0);
  });

  it('lists a member inactive for exactly inactiveDays (and more than inactiveDays, part days included)', () => {
    const exact = makeMember({ email: 'exact@acme.test', lastActiveDaysAgo: 90 });
    const partDay = makeMember({ email: 'part@acme.test', lastActiveDaysAgo: 90.5 });
    const recent = makeMember({ email: 'recent@acme.test', lastActiveDaysAgo: 89.9 });
    const out = run('2.1.9', makeState({ members: partOk([exact, partDay, recent]) }));
    expect(out.findings.map((f) => (f.resource.type === 'member' ? f.resource.email : ''))).toEqual(['exact@acme.test', 'part@acme.test']);
    expect(out.findings[0]?.message).toContain('inactive for 90 days');
  });

  it('reports error when the members cannot be read', () => {
    expect(run('2.1.9', makeState({ members: partError('no member:read') })).status).toBe('error');
  });
});

describe('2.1.10 stale invitations of non-privileged roles (the 2.3.4 rule)', () => {
  const daysAgo = (d: number): string => new Date(NOW.getTime() - d * 86_400_000).toISOString();
  const invited = (m: Member, days: number): AuditEntry => ({ id: `a${m.id}`, actor: null, event: 'member.invite', targetObject: Number(m.id), data: { email: m.email, role: m.orgRole }, dateCreated: daysAgo(days) });

  it('plans the deletion of an old member invitation, naming its team admin role, and leaves privileged ones to 2.3.4', () => {
    const inv = makeInvitation({ id: '80', email: 'old@acme.test', orgRole: 'member', dateCreated: daysAgo(30) });
    const owner = makeInvitation({ id: '81', email: 'boss@acme.test', orgRole: 'owner', dateCreated: daysAgo(30) });
    const teamRoles = [{ teamSlug: 'platform', role: 'admin' }];
    const detail = { ...inv, teams: ['platform'], teamRoles };
    const out = run('2.1.10', makeState({ members: partOk([inv, owner]), memberDetails: partOk({ '80': detail }), auditLog: partOk([invited(inv, 30), invited(owner, 30)]) }));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource.id)).toEqual(['80']);
    expect(out.findings[0]?.message).toContain('team admin of platform');
    expect(out.changes).toEqual([expect.objectContaining({ checkId: '2.1.10', field: 'exists', after: false, context: { email: 'old@acme.test', orgRole: 'member', teamRoles } })]);
  });

  it('passes with fresh invitations only, without reading the audit log', () => {
    const inv = makeInvitation({ orgRole: 'member', dateCreated: daysAgo(2) });
    expect(run('2.1.10', makeState({ members: partOk([inv]), auditLog: partError('403') })).status).toBe('pass');
  });

  it('never deletes a membership the audit log does not prove to be an invitation (a member the 2FA requirement turned pending)', () => {
    const inv = makeInvitation({ id: '82', email: 'swept@acme.test', orgRole: 'member', dateCreated: daysAgo(400) });
    const out = run('2.1.10', makeState({ members: partOk([inv]), auditLog: partOk([]) }));
    expect(out.status).toBe('manual');
    expect(out.changes ?? []).toEqual([]);
  });

  it('is an error when a stale invitation needs the audit log and it cannot be read', () => {
    const inv = makeInvitation({ orgRole: 'billing', expired: true });
    expect(run('2.1.10', makeState({ members: partOk([inv]), auditLog: partError('cannot read the audit log: 403') })).status).toBe('error');
  });
});
