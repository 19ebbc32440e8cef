// 2.3: boundaries and negative cases found missing by mutation testing (issue 21): the owner
// count at maxOwners, the invitation age at maxInviteAgeDays, who holds the retired admin role,
// and which unreadable part makes 2.3.6 an error. Sentry: a member's authenticators are listed
// in the member detail only for member:admin tokens (organization_member/details.py); "u2f" is
// the WebAuthn / security-key authenticator type (src/sentry/auth/authenticators/u2f.py).
import { describe, expect, it } from 'vitest';
import { control2_3, invitationOrigin, invitationSentAt, memberRoleChange, turnedPendingBy2fa } from '../../steps/2.3-admin-access.js';
import type { AuditEntry, AuthProvider, Member, MemberDetail } from '../../src/sentry/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeInvitation, makeMember, makeOrg, makeState, NOW, runCheck as run } from '../fixtures/state.js';

const DAY = 86_400_000;
const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();
const detailOf = (m: Member): MemberDetail => ({ ...m, teams: ['platform'], teamRoles: [{ teamSlug: 'platform', role: null }] });
const owner = (id: string, over: Parameters<typeof makeMember>[0] = {}) => makeMember({ id, email: `o${id}@acme.test`, orgRole: 'owner', ...over });
const provider: AuthProvider = { id: '1', provider_name: 'saml2', pending_links_count: 0, login_url: '', default_role: 'member', require_link: true, scim_enabled: true };

describe('2.3.1 owner count boundary', () => {
  it('passes at maxOwners seats and fails one above, counting an unexpired owner invitation as a seat', () => {
    const three = [owner('1'), owner('2'), owner('3')];
    expect(run('2.3.1', makeState({ members: partOk(three) }), { maxOwners: 3 })).toEqual({ status: 'pass', findings: [] });
    const inv = makeInvitation({ id: '9', email: 'inv@acme.test', orgRole: 'owner' });
    const out = run('2.3.1', makeState({ members: partOk([...three, inv]) }), { maxOwners: 3 });
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => [f.resource.type, f.resource.id])).toEqual([['member', '1'], ['member', '2'], ['member', '3'], ['invitation', '9']]);
    expect(out.findings[0]?.message).toBe('o1@acme.test is an owner (you).');
    expect(out.findings[1]?.message).toBe('o2@acme.test is an owner.');
    expect(out.findings[3]?.message).toBe('inv@acme.test is invited as an owner.');
    expect(out.reason).toMatch(/^3 owners and 1 unexpired owner invitation make 4; policy maxOwners is 3\./);
  });

  it('warns when the planned demotions still leave too many seats, and not when they are enough', () => {
    const owners = ['1', '2', '3', '4', '5'].map((id) => owner(id));
    const state = makeState({ members: partOk(owners), memberDetails: partOk(Object.fromEntries(owners.map((m) => [m.id, detailOf(m)]))) });
    const one = run('2.3.1', state, { maxOwners: 3, demoteOwners: ['o5@acme.test'] });
    expect(one.changes?.map((c) => c.target.id)).toEqual(['5']);
    expect(one.warnings).toEqual(['After the planned demotions 4 owner seats remain; policy maxOwners is 3.']);
    const two = run('2.3.1', state, { maxOwners: 3, demoteOwners: ['o5@acme.test', 'o4@acme.test'] });
    expect(two.changes?.map((c) => c.target.id)).toEqual(['5', '4']);
    expect(two.warnings).toBeUndefined();
    expect(two.reason).toMatch(/policy maxOwners is 3\.$/);
    expect(two.changes?.[0]).toMatchObject({ field: 'orgRole', before: 'owner', after: 'manager', risk: 'risky', reversible: true, context: { teamRoles: [{ teamSlug: 'platform', role: null }] } });
  });
});

describe('2.3.2 boundary of minOwners', () => {
  it('passes with exactly minOwners owners with 2FA and fails with one fewer', () => {
    const members = [owner('1'), owner('2'), owner('3', { has2fa: false })];
    expect(run('2.3.2', makeState({ members: partOk(members) }), { minOwners: 2 })).toEqual({ status: 'pass', findings: [] });
    const out = run('2.3.2', makeState({ members: partOk(members) }), { minOwners: 3 });
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource.id)).toEqual(['acme', '3']);
  });
});

describe('2.3.4 invitation age boundary', () => {
  const inv = (ms: number) => makeInvitation({ id: '50', email: 'new@acme.test', orgRole: 'manager', dateCreated: ago(ms) });
  const invite = (m: Member): AuditEntry => ({ id: 'a1', actor: null, event: 'member.invite', targetObject: Number(m.id), data: { email: m.email }, dateCreated: m.dateCreated });

  it('passes an invitation exactly maxInviteAgeDays old without reading the audit log', () => {
    const m = inv(7 * DAY);
    expect(run('2.3.4', makeState({ members: partOk([m]), auditLog: partError('403') }), { maxInviteAgeDays: 7 })).toEqual({ status: 'pass', findings: [] });
  });

  it('fails one a millisecond older, counting whole days', () => {
    const m = inv(7 * DAY + 1);
    const out = run('2.3.4', makeState({ members: partOk([m]), memberDetails: partOk({ [m.id]: detailOf(m) }), auditLog: partOk([invite(m)]) }), { maxInviteAgeDays: 7 });
    expect(out.status).toBe('fail');
    expect(out.findings[0]).toMatchObject({ field: 'age', current: 7, expected: 'at most 7 days' });
    expect(out.changes?.[0]).toMatchObject({ field: 'exists', before: true, after: false, risk: 'risky', reversible: false, context: { email: 'new@acme.test', orgRole: 'manager' } });
  });

  it('leaves non-privileged invitations and members alone', () => {
    const member = makeInvitation({ id: '51', email: 'm@acme.test', orgRole: 'member', dateCreated: ago(90 * DAY) });
    const billing = makeInvitation({ id: '52', email: 'b@acme.test', orgRole: 'billing', dateCreated: ago(90 * DAY) });
    expect(run('2.3.4', makeState({ members: partOk([member, billing]), auditLog: partError('403') }))).toEqual({ status: 'pass', findings: [] });
  });
});

describe('2.3.5 retired admin role', () => {
  it('lists active admins only, not deactivated ones or admin invitations', () => {
    const admin = makeMember({ id: '7', email: 'adm@acme.test', orgRole: 'admin' });
    const gone = makeMember({ id: '8', email: 'gone@acme.test', orgRole: 'admin' });
    const deactivated = { ...gone, user: gone.user ? { ...gone.user, isActive: false } : null };
    const invited = makeInvitation({ id: '9', email: 'inv@acme.test', orgRole: 'admin' });
    const out = run('2.3.5', makeState({ members: partOk([admin, deactivated, invited, owner('1')]) }));
    expect(out.findings).toEqual([{ resource: { type: 'member', id: '7', email: 'adm@acme.test' }, field: 'orgRole', current: 'admin', expected: 'member or manager', message: 'adm@acme.test has the retired admin role.' }]);
    expect(out.changes).toEqual([]);
    expect(run('2.3.5', makeState({ members: partOk([deactivated, invited]) }))).toEqual({ status: 'pass', findings: [] });
  });
});

describe('2.3.6 security keys: which members, which parts', () => {
  const withAuth = (m: Member, types: string[]): MemberDetail => {
    const d = detailOf(m);
    return { ...d, user: d.user ? { ...d.user, authenticators: types.map((type, i) => ({ id: String(i), type, name: type })) } : null };
  };

  it('is an error when the SSO state is unreadable, never a judgement of the members', () => {
    const m = owner('1');
    const state = makeState({ authProvider: partError('HTTP 502'), org: partError('HTTP 500'), members: partOk([m]), memberDetails: partOk({ [m.id]: withAuth(m, ['totp']) }) });
    expect(run('2.3.6', state)).toEqual({ status: 'error', findings: [], reason: 'organization settings: HTTP 500' });
  });

  it('is manual under SSO, also when only the org says a provider exists', () => {
    expect(run('2.3.6', makeState({ authProvider: partOk(provider) })).status).toBe('manual');
    expect(run('2.3.6', makeState({ authProvider: partError('502'), org: partOk(makeOrg({ hasAuthProvider: true })) })).status).toBe('manual');
  });

  it('asks only privileged active members, and names whose detail is missing', () => {
    const m = owner('1');
    const plain = makeMember({ id: '2', email: 'dev@acme.test', orgRole: 'member' });
    const inv = makeInvitation({ id: '3', email: 'inv@acme.test', orgRole: 'owner' });
    const ok = makeState({ members: partOk([m, plain, inv]), memberDetails: partOk({ [m.id]: withAuth(m, ['u2f']) }) });
    expect(run('2.3.6', ok)).toEqual({ status: 'pass', findings: [] });
    const missing = run('2.3.6', makeState({ members: partOk([m]), memberDetails: partOk({}) }));
    expect(missing).toEqual({ status: 'error', findings: [], reason: 'the member detail of o1@acme.test (owner) was not collected, so its authenticators are unknown' });
  });

  it('lists each privileged member without u2f among several, with the manager too', () => {
    const a = owner('1');
    const b = makeMember({ id: '2', email: 'mgr@acme.test', orgRole: 'manager' });
    const c = owner('3');
    const state = makeState({ members: partOk([a, b, c]), memberDetails: partOk({ [a.id]: withAuth(a, ['u2f']), [b.id]: withAuth(b, ['totp']), [c.id]: withAuth(c, []) }) });
    const out = run('2.3.6', state);
    expect(out.findings.map((f) => [f.resource.id, f.current])).toEqual([['2', ['totp']], ['3', []]]);
    expect(out.manualSteps).toEqual(['Ask these people to add a security key or passkey at https://sentry.io/settings/account/security/: mgr@acme.test (manager), o3@acme.test (owner).']);
  });

  it('is an error when the members are unreadable', () => {
    expect(run('2.3.6', makeState({ members: partError('403') }))).toEqual({ status: 'error', findings: [], reason: 'members: 403' });
  });
});

describe('invitationOrigin and invitationSentAt: which entry is about which membership', () => {
  const m = makeInvitation({ id: '50', email: 'inv@acme.test', orgRole: 'owner', dateCreated: ago(30 * DAY) });
  const e = (event: string, over: Partial<AuditEntry>): AuditEntry => ({ id: String(Math.random()), actor: null, event, data: {}, dateCreated: ago(DAY), ...over });

  it('takes the earliest creation entry of this membership, not of another, and not one without a date', () => {
    const entries = [
      e('member.invite', { targetObject: 50, dateCreated: ago(10 * DAY) }),
      e('member.invite', { targetObject: 50, dateCreated: ago(20 * DAY) }),
      e('member.invite', { targetObject: 51, dateCreated: ago(40 * DAY) }),
      e('member.invite', { targetObject: 50, dateCreated: 'not a date' }),
    ];
    expect(invitationOrigin(m, entries)).toEqual({ kind: 'invited', at: ago(20 * DAY) });
    expect(invitationOrigin(m, [entries[2]!, entries[3]!])).toEqual({ kind: 'unproven' });
  });

  it('a member.add without a target user creates an invitation; with one it is a person who joined', () => {
    expect(invitationOrigin(m, [e('member.add', { targetObject: 50, dateCreated: ago(9 * DAY) })])).toEqual({ kind: 'invited', at: ago(9 * DAY) });
    expect(invitationOrigin(m, [e('member.add', { targetObject: 50, targetUser: '', dateCreated: ago(9 * DAY) })])).toEqual({ kind: 'invited', at: ago(9 * DAY) });
    const joined = e('member.add', { targetObject: 50, targetUser: { id: '9', email: 'inv@acme.test' }, dateCreated: ago(8 * DAY) });
    expect(invitationOrigin(m, [joined])).toEqual({ kind: 'had-user', event: 'member.add', at: ago(8 * DAY) });
    const accepted = e('member.accept-invite', { targetObject: 50, dateCreated: ago(5 * DAY) });
    expect(invitationOrigin(m, [e('member.invite', { targetObject: 50, dateCreated: ago(9 * DAY) }), accepted])).toEqual({ kind: 'had-user', event: 'member.accept-invite', at: ago(5 * DAY) });
  });

  it('ignores an acceptance of another membership and one older than this membership\'s creation', () => {
    const created = e('member.invite', { targetObject: 50, dateCreated: ago(9 * DAY) });
    expect(invitationOrigin(m, [created, e('member.accept-invite', { targetObject: 51, dateCreated: ago(5 * DAY) })]).kind).toBe('invited');
    expect(invitationOrigin(m, [created, e('member.accept-invite', { targetObject: 50, dateCreated: ago(12 * DAY) })]).kind).toBe('invited');
  });

  it('a member.pending naming the email counts when undated or at/after the creation, not before it', () => {
    const created = e('member.invite', { targetObject: 50, dateCreated: ago(9 * DAY) });
    const pending = (at: string) => e('member.pending', { targetObject: 1, data: { email: 'INV@acme.test ' }, dateCreated: at });
    expect(invitationOrigin(m, [created, pending(ago(9 * DAY))]).kind).toBe('swept');
    expect(invitationOrigin(m, [created, pending('unknown')]).kind).toBe('swept');
    expect(invitationOrigin(m, [created, pending(ago(9 * DAY + 1))]).kind).toBe('invited');
    expect(invitationOrigin(m, [created, e('member.pending', { targetObject: 1, data: { email: 'other@acme.test' } })]).kind).toBe('invited');
    // a membership without an email is never matched by email
    expect(invitationOrigin({ ...m, email: ' ' }, [pending(ago(DAY))]).kind).toBe('unproven');
  });

  it('reads the email from data or the target user, only when it is a string', () => {
    expect(invitationOrigin(m, [e('member.pending', { targetUser: { id: '9', email: 'inv@acme.test' }, data: { email: 7 } })]).kind).toBe('swept');
    expect(invitationOrigin(m, [e('member.pending', { targetUser: { id: '9', email: 7 as unknown as string }, data: {} })]).kind).toBe('unproven');
    expect(invitationOrigin(m, [e('member.pending', { targetUser: null, data: { email: 'inv@acme.test' } })]).kind).toBe('swept');
  });

  it('dates by the newest invite or reinvite of this membership, else by dateCreated', () => {
    expect(invitationSentAt(m, [])).toEqual({ at: m.dateCreated, source: 'dateCreated' });
    const entries = [
      e('member.invite', { targetObject: 50, dateCreated: ago(20 * DAY) }),
      e('member.reinvite', { targetObject: '50', dateCreated: ago(4 * DAY) }),
      e('member.reinvite', { targetObject: 50, dateCreated: ago(6 * DAY) }),
      e('member.accept-invite', { targetObject: 50, dateCreated: ago(DAY) }),
      e('member.reinvite', { targetObject: '', data: { email: 'other@acme.test' }, dateCreated: ago(2 * DAY) }),
    ];
    expect(invitationSentAt(m, entries)).toEqual({ at: ago(4 * DAY), source: 'audit' });
  });
});

describe('2.3.4 outcomes beyond a plain deletion', () => {
  const inv = (id: string, over: Partial<Member> = {}) => makeInvitation({ id, email: `i${id}@acme.test`, orgRole: 'manager', dateCreated: ago(30 * DAY), ...over });
  const created = (m: Member): AuditEntry => ({ id: `c${m.id}`, actor: null, event: 'member.invite', targetObject: Number(m.id), data: {}, dateCreated: ago(30 * DAY) });

  it('an expired invitation is named by its state, not its age', () => {
    const m = inv('50', { expired: true, dateCreated: ago(DAY) });
    const out = run('2.3.4', makeState({ members: partOk([m]), memberDetails: partOk({ [m.id]: detailOf(m) }), auditLog: partOk([{ ...created(m), dateCreated: ago(DAY) }]) }));
    expect(out.findings[0]).toMatchObject({ field: 'expired', current: true, expected: false, message: 'i50@acme.test is invited as manager; the invitation has expired.' });
  });

  it('an undated invitation alone is an error; next to a stale one it is a warning', () => {
    const undated = inv('51', { dateCreated: 'garbled' });
    const alone = run('2.3.4', makeState({ members: partOk([undated]), auditLog: partOk([]) }));
    expect(alone.status).toBe('error');
    expect(alone.reason).toBe('the invitation of i51@acme.test (manager) has no invite entry in the audit log and an unreadable dateCreated ("garbled"), so its age is unknown');
    const stale = inv('52');
    const both = run('2.3.4', makeState({ members: partOk([undated, stale]), memberDetails: partOk({ [stale.id]: detailOf(stale) }), auditLog: partOk([created(stale)]) }));
    expect(both.status).toBe('fail');
    expect(both.changes?.map((c) => c.target.id)).toEqual(['52']);
    expect(both.warnings).toEqual([`Not judged: ${alone.reason}.`]);
  });

  it('a stale invitation whose team roles are unknown is a finding without a change, with the reason', () => {
    const m = inv('53');
    const out = run('2.3.4', makeState({ members: partOk([m]), memberDetails: partError('403'), auditLog: partOk([created(m)]) }));
    expect(out.status).toBe('fail');
    expect(out.changes).toEqual([]);
    expect(out.warnings).toEqual(['The invitation of i53@acme.test is not deleted: its team roles could not be read, so a rollback could not re-invite it as it was.']);
  });

  it('only unproven invitations make the check manual; one proven next to them makes it fail', () => {
    const unproven = inv('54');
    const manual = run('2.3.4', makeState({ members: partOk([unproven]), auditLog: partOk([]) }));
    expect(manual.status).toBe('manual');
    expect(manual.manualSteps).toHaveLength(2);
    const proven = inv('55');
    const mixed = run('2.3.4', makeState({ members: partOk([unproven, proven]), memberDetails: partOk({ [proven.id]: detailOf(proven) }), auditLog: partOk([created(proven)]) }));
    expect(mixed.status).toBe('fail');
    expect(mixed.changes?.map((c) => c.target.id)).toEqual(['55']);
    expect(mixed.warnings?.[0]).toMatch(/^The invitation of i54@acme\.test is not deleted: /);
    expect(mixed.manualSteps).toHaveLength(2);
  });
});

describe('memberRoleChange and turnedPendingBy2fa', () => {
  it('a demotion of an owner is risky and reversible; leaving the retired admin role is not reversible', () => {
    const o = owner('4');
    expect(memberRoleChange('2.3.1', o, detailOf(o), 'manager')).toEqual({
      checkId: '2.3.1', target: { type: 'member', id: '4', email: 'o4@acme.test' }, field: 'orgRole', before: 'owner', after: 'manager', risk: 'risky', reversible: true,
      consequence: 'o4@acme.test loses the owner role (billing, owner management, deleting the organization) and becomes a manager.',
      context: { teamRoles: [{ teamSlug: 'platform', role: null }] },
    });
    const a = makeMember({ id: '7', email: 'adm@acme.test', orgRole: 'admin' });
    expect(memberRoleChange('2.3.5', a, detailOf(a), 'member')).toMatchObject({
      risk: 'none', reversible: false, after: 'member',
      consequence: 'adm@acme.test gets the member role instead of the retired admin role (Sentry cannot assign admin again, so rollback cannot return to it).',
    });
  });

  it('only a member.pending entry of the person marks a membership as turned pending by 2FA', () => {
    const m = makeInvitation({ id: '50', email: 'p@acme.test', orgRole: 'owner' });
    const pending: AuditEntry = { id: 'x', actor: null, event: 'member.pending', targetObject: 1, data: { email: 'p@acme.test' }, dateCreated: ago(DAY) };
    expect(turnedPendingBy2fa(m, [pending])).toBe(true);
    expect(turnedPendingBy2fa(m, [{ ...pending, event: 'member.invite' }])).toBe(false);
    expect(turnedPendingBy2fa(m, [{ ...pending, data: { email: 'q@acme.test' } }])).toBe(false);
  });
});

describe('2.3.2 what a person is asked to do', () => {
  it('names every unprotected owner with the reason, and candidates with 2FA, managers first', () => {
    const o1 = owner('1');
    const o2 = owner('2', { has2fa: false });
    const goneBase = owner('3');
    const gone = { ...goneBase, user: goneBase.user ? { ...goneBase.user, isActive: false } : null };
    const inv = makeInvitation({ id: '4', email: 'o4@acme.test', orgRole: 'owner' });
    const dev = makeMember({ id: '5', email: 'dev@acme.test', orgRole: 'member' });
    const mgr = makeMember({ id: '6', email: 'mgr@acme.test', orgRole: 'manager' });
    const no2fa = makeMember({ id: '7', email: 'x@acme.test', orgRole: 'manager', has2fa: false });
    const out = run('2.3.2', makeState({ members: partOk([o1, o2, gone, inv, dev, mgr, no2fa]) }), { minOwners: 2 });
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.message)).toEqual([
      'Only 1 owner is an active member with 2FA (o1@acme.test); policy minOwners is 2.',
      'Owner o2@acme.test has neither 2FA nor an SSO link.',
      'Owner o3@acme.test has a deactivated user account.',
      'Owner o4@acme.test is an invitation, not a member.',
    ]);
    expect(out.findings[3]?.resource).toEqual({ type: 'invitation', id: '4', email: 'o4@acme.test' });
    expect(out.findings[0]).toMatchObject({ current: ['o1@acme.test'], expected: 'at least 2' });
    expect(out.manualSteps).toEqual([
      'Promote 1 trusted person to owner; candidates with 2FA: mgr@acme.test (manager), dev@acme.test (member).',
      'Or ask owner o2@acme.test to enable 2FA at https://sentry.io/settings/account/security/.',
      'Change roles at https://acme.sentry.io/settings/members/.',
    ]);
  });

  it('says nobody has 2FA yet when there is no candidate', () => {
    const out = run('2.3.2', makeState({ members: partOk([owner('1', { has2fa: false })]) }), { minOwners: 2 });
    expect(out.findings[0]?.message).toBe('Only 0 owners are active members with 2FA (none); policy minOwners is 2.');
    expect(out.manualSteps?.[0]).toBe('Promote 2 trusted people to owner after they enable 2FA; no other member has 2FA yet.');
  });
});
