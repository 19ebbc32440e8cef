// 2.3.1-2.3.6: whole outcomes and the boundaries the earlier tests left open, found by mutation
// testing (issue 21). Sentry facts: an SSO link protects only when the provider requires SSO
// (query_sso_state, src/sentry/auth/services/access/service.py; `require_link` in
// src/sentry/api/serializers/models/auth_provider.py); an invitation is dated by its newest
// member.invite / member.reinvite audit entry (target_object = the membership id,
// src/sentry/api/endpoints/organization_member/index.py and .../details.py); "u2f" is the WebAuthn
// authenticator type (src/sentry/auth/authenticators/u2f.py).
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuthProvider, Member, MemberDetail } from '../../src/sentry/types.js';
import { invitationSentAt } from '../../steps/2.3-admin-access.js';
import { findCheck } from '../../steps/index.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import type { CheckResult, PlannedChange } from '../../steps/types.js';
import { partError, partOk } from '../../src/state/types.js';
import { makeInvitation, makeMember, makeOrg, makeState, NOW, runCheck as run } from '../fixtures/state.js';

const DAY = 86_400_000;
const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();
const owner = (id: string, over: Parameters<typeof makeMember>[0] = {}) => makeMember({ id, email: `o${id}@acme.test`, orgRole: 'owner', ...over });
const detailOf = (m: Member): MemberDetail => ({ ...m, teams: ['platform'], teamRoles: [{ teamSlug: 'platform', role: null }] });
const details = (...ms: Member[]) => partOk(Object.fromEntries(ms.map((m) => [m.id, detailOf(m)])));
const provider: AuthProvider = { id: '1', provider_name: 'saml2', pending_links_count: 0, login_url: '', default_role: 'member', require_link: true, scim_enabled: true };
const linked = { 'sso:linked': true, 'sso:invalid': false };
const NOT_REQUIRED = 'the SSO provider does not require SSO (Require SSO / require_link is off), so a password alone signs in';

describe('2.3: unreadable members are named as "members"', () => {
  it.each(['2.3.1', '2.3.2', '2.3.3', '2.3.4', '2.3.5', '2.3.6'])('%s', (id) => {
    expect(run(id, makeState({ members: partError('403 member:read') }))).toEqual({ status: 'error', findings: [], reason: 'members: 403 member:read' });
  });
});

describe('2.3.1 demotions: findings and blockers', () => {
  const four = ['1', '2', '3', '4'].map((id) => owner(id));

  it('names each owner seat as an orgRole finding with the limit as expected value', () => {
    const out = run('2.3.1', makeState({ members: partOk(four) }), { maxOwners: 3 });
    expect(out.findings[1]).toEqual({ resource: { type: 'member', id: '2', email: 'o2@acme.test' }, field: 'orgRole', current: 'owner', expected: 'at most 3 owners', message: 'o2@acme.test is an owner.' });
    const inv = makeInvitation({ id: '9', email: 'inv@acme.test', orgRole: 'owner' });
    const withInv = run('2.3.1', makeState({ members: partOk([...four.slice(0, 3), inv]) }), { maxOwners: 3 });
    expect(withInv.findings[3]).toEqual({ resource: { type: 'invitation', id: '9', email: 'inv@acme.test' }, field: 'orgRole', current: 'owner', expected: 'at most 3 owners', message: 'inv@acme.test is invited as an owner.' });
  });

  it('blocks demotions that would leave too few protected owners, naming who would be demoted', () => {
    const out = run('2.3.1', makeState({ members: partOk(four), memberDetails: details(...four) }), { maxOwners: 2, minOwners: 3, demoteOwners: ['o3@acme.test', 'o4@acme.test'] });
    expect(out.changes?.map((c) => c.target.id)).toEqual(['3', '4']);
    expect(out.blockers).toEqual(['Demoting o3@acme.test, o4@acme.test would leave 2 owners who are active members with 2FA (SSO links do not count: SSO is not required, or whether it is could not be read) (o1@acme.test, o2@acme.test); policy minOwners is 3.']);
    expect(out.reason).toBe('4 owners and 0 unexpired owner invitations make 4; policy maxOwners is 2.');
  });

  it('no blocker when nothing can be demoted, even with too few protected owners; the reason says so', () => {
    const weak = ['1', '2', '3', '4'].map((id) => owner(id, { has2fa: false }));
    const out = run('2.3.1', makeState({ members: partOk(weak), memberDetails: details(...weak) }), { maxOwners: 3, minOwners: 2, demoteOwners: ['nobody@acme.test'] });
    expect(out.changes).toEqual([]);
    expect(out.blockers).toBeUndefined();
    expect(out.warnings).toEqual(['nobody@acme.test (policy demoteOwners) is not a member of this organization', 'After the planned demotions 4 owner seats remain; policy maxOwners is 3.']);
    expect(out.reason).toBe('4 owners and 0 unexpired owner invitations make 4; policy maxOwners is 3. None of the owners in policy demoteOwners can be demoted.');
  });
});

describe('2.3.2 enough protected owners: which SSO links count', () => {
  it('a linked member who is not an owner does not make the verdict depend on an unreadable SSO state', () => {
    const members = [owner('1'), makeMember({ id: '5', email: 'dev@acme.test', has2fa: false, flags: linked })];
    const out = run('2.3.2', makeState({ members: partOk(members), authProvider: partError('HTTP 500'), org: partOk(makeOrg({ hasAuthProvider: true })) }), { minOwners: 2 });
    expect(out.status).toBe('fail');
    expect(out.findings[0]?.message).toBe('Only 1 owner is an active member with 2FA (o1@acme.test); policy minOwners is 2.');
  });

  it('says why a linked owner does not count when SSO is not required, and points to Require SSO', () => {
    const members = [owner('1'), owner('2', { has2fa: false, flags: linked })];
    const out = run('2.3.2', makeState({ members: partOk(members), authProvider: partOk({ ...provider, require_link: false }) }), { minOwners: 2 });
    expect(out.findings).toEqual([
      { resource: { type: 'organization', id: 'acme' }, field: 'owners', current: ['o1@acme.test'], expected: 'at least 2', message: `Only 1 owner is an active member with 2FA (SSO links do not count: ${NOT_REQUIRED}) (o1@acme.test); policy minOwners is 2.` },
      { resource: { type: 'member', id: '2', email: 'o2@acme.test' }, field: 'orgRole', current: 'owner', expected: 'active owner with 2FA or required SSO', message: `Owner o2@acme.test has no 2FA and is SSO-linked, but ${NOT_REQUIRED}.` },
    ]);
    expect(out.manualSteps).toContain('Or turn on "Require SSO" at https://acme.sentry.io/settings/auth/ (1.1.2), so the SSO link protects the linked owners.');
  });

  it('with SSO required, offers linked members as candidates but never unprotected ones', () => {
    const members = [
      owner('1'), owner('2', { has2fa: false, flags: linked }),
      makeMember({ id: '5', email: 'linked@acme.test', has2fa: false, flags: linked }),
      makeMember({ id: '6', email: 'plain@acme.test', has2fa: false }),
    ];
    const out = run('2.3.2', makeState({ members: partOk(members), authProvider: partOk(provider) }), { minOwners: 3 });
    expect(out.findings[0]?.message).toBe('Only 2 owners are active members with 2FA or an SSO link (o1@acme.test, o2@acme.test); policy minOwners is 3.');
    expect(out.manualSteps?.[0]).toBe('Promote 1 trusted person to owner; candidates with 2FA or an SSO link: linked@acme.test (member).');
  });

  it('with SSO not required, a linked member without 2FA is no candidate', () => {
    const members = [owner('1'), makeMember({ id: '5', email: 'linked@acme.test', has2fa: false, flags: linked }), makeMember({ id: '7', email: 'tf@acme.test' })];
    const out = run('2.3.2', makeState({ members: partOk(members), authProvider: partOk({ ...provider, require_link: false }) }), { minOwners: 2 });
    expect(out.manualSteps?.[0]).toBe('Promote 1 trusted person to owner; candidates with 2FA: tf@acme.test (member).');
  });
});

describe('2.3.3 privileged members: whole outcomes', () => {
  it('fails for an unlinked and an unprotected linked manager, pointing to Require SSO', () => {
    const plain = makeMember({ id: '5', email: 'p@acme.test', orgRole: 'manager', has2fa: false });
    const link = makeMember({ id: '6', email: 'l@acme.test', orgRole: 'manager', has2fa: false, flags: linked });
    const out = run('2.3.3', makeState({ members: partOk([owner('1'), plain, link]), authProvider: partOk({ ...provider, require_link: false }) }));
    expect(out).toEqual({
      status: 'fail',
      findings: [
        { resource: { type: 'member', id: '5', email: 'p@acme.test' }, field: 'user.has2fa', current: false, expected: true, message: 'p@acme.test (manager) has no 2FA and no SSO link.' },
        { resource: { type: 'member', id: '6', email: 'l@acme.test' }, field: 'user.has2fa', current: false, expected: true, message: `l@acme.test (manager) has no 2FA, and the SSO link does not protect them: ${NOT_REQUIRED}.` },
      ],
      reason: 'each person must enroll 2FA themselves (or the organization must require SSO)',
      manualSteps: [
        'Ask these people to enable 2FA at https://sentry.io/settings/account/security/: p@acme.test (manager), l@acme.test (manager).',
        'Or turn on "Require SSO" at https://acme.sentry.io/settings/auth/ (1.1.2): an SSO link protects only when SSO is required.',
        'Or lower their role at https://acme.sentry.io/settings/members/.',
      ],
    });
  });

  it('does not point to Require SSO when nobody judged is linked', () => {
    const plain = makeMember({ id: '5', email: 'p@acme.test', orgRole: 'manager', has2fa: false });
    expect(run('2.3.3', makeState({ members: partOk([owner('1'), plain]) })).manualSteps).toHaveLength(2);
  });

  it('passes with nothing else when linked members are protected by required SSO', () => {
    const link = makeMember({ id: '6', orgRole: 'manager', has2fa: false, flags: linked });
    expect(run('2.3.3', makeState({ members: partOk([owner('1'), link]), authProvider: partOk(provider) }))).toEqual({ status: 'pass', findings: [] });
    expect(run('2.3.3', makeState())).toEqual({ status: 'pass', findings: [] });
  });

  it('with the SSO state unreadable: judges the unlinked, warns about one linked ("has") or two ("have")', () => {
    const plain = makeMember({ id: '5', email: 'p@acme.test', orgRole: 'manager', has2fa: false });
    const l1 = makeMember({ id: '6', email: 'l1@acme.test', orgRole: 'owner', has2fa: false, flags: linked });
    const l2 = makeMember({ id: '7', email: 'l2@acme.test', orgRole: 'manager', has2fa: false, flags: linked });
    const unknown = { authProvider: partError<AuthProvider | null>('HTTP 500'), org: partOk(makeOrg({ hasAuthProvider: true })) };
    const one = run('2.3.3', makeState({ members: partOk([owner('1'), plain, l1]), ...unknown }));
    expect(one.findings.map((f) => f.resource.id)).toEqual(['5']);
    expect(one.manualSteps).toHaveLength(2);
    expect(one.warnings).toEqual(['Not judged: l1@acme.test (owner) has no 2FA but an SSO link, and an SSO provider is configured (hasAuthProvider) but whether it requires SSO (require_link) could not be read: HTTP 500.']);
    const two = run('2.3.3', makeState({ members: partOk([owner('1'), plain, l1, l2]), ...unknown }));
    expect(two.warnings?.[0]).toMatch(/^Not judged: l1@acme\.test \(owner\), l2@acme\.test \(manager\) have no 2FA but an SSO link, and /);
  });
});

describe('2.3.4 stale invitations: boundaries and messages', () => {
  const mk = (createdMs: number) => makeInvitation({ id: '50', email: 'new@acme.test', orgRole: 'manager', dateCreated: ago(createdMs) });
  const entry = (m: Member, event: string, atMs: number, over: Partial<AuditEntry> = {}): AuditEntry => ({ id: String(Math.random()), actor: null, event, targetObject: Number(m.id), data: { email: m.email }, dateCreated: ago(atMs), ...over });

  it('a reinvite exactly maxInviteAgeDays ago keeps an old invitation fresh; a millisecond more makes it stale', () => {
    const m = mk(30 * DAY);
    const at = (ms: number) => run('2.3.4', makeState({ members: partOk([m]), memberDetails: details(m), auditLog: partOk([entry(m, 'member.invite', 30 * DAY), entry(m, 'member.reinvite', ms)]) }), { maxInviteAgeDays: 7 });
    expect(at(7 * DAY)).toEqual({ status: 'pass', findings: [] });
    const stale = at(7 * DAY + 1);
    expect(stale.status).toBe('fail');
    expect(stale.findings[0]?.message).toBe('new@acme.test is invited as manager; the invitation was sent 7 days ago.');
  });

  it('says when the age comes from dateCreated', () => {
    const m = mk(30 * DAY);
    const out = run('2.3.4', makeState({ members: partOk([m]), memberDetails: details(m), auditLog: partOk([entry(m, 'member.add', 30 * DAY, { data: {} })]) }), { maxInviteAgeDays: 7 });
    expect(out.findings[0]?.message).toBe('new@acme.test is invited as manager; the invitation was sent 30 days ago (no invite entry in the audit log; dated by its creation).');
    expect(out.manualSteps).toBeUndefined();
    expect(out.warnings).toBeUndefined();
  });

  it('a membership that had a user: manual, the date of the acceptance in the message, steps to ask the person', () => {
    const m = mk(30 * DAY);
    const log = [entry(m, 'member.invite', 30 * DAY), entry(m, 'member.accept-invite', 20 * DAY)];
    const out = run('2.3.4', makeState({ members: partOk([m]), memberDetails: details(m), auditLog: partOk(log) }), { maxInviteAgeDays: 7 });
    const acceptedOn = ago(20 * DAY).slice(0, 10);
    const why = `the audit log shows it had a user (member.accept-invite on ${acceptedOn}), so it is a person who lost access, not an unused invitation`;
    expect(out).toEqual({
      status: 'manual',
      findings: [{ resource: { type: 'invitation', id: '50', email: 'new@acme.test' }, field: 'age', current: 30, expected: 'at most 7 days', message: `new@acme.test is invited as manager; the invitation was sent 30 days ago; not deleted: ${why}.` }],
      reason: `stale privileged invitations whose origin the audit log does not prove are never deleted automatically: new@acme.test: ${why}`,
      manualSteps: [
        'Ask new@acme.test (manager) whether they still need access: a person turned pending by the 2FA requirement regains it by enabling 2FA and accepting the invitation (re-send it from https://acme.sentry.io/settings/members/).',
        'Delete an invitation by hand at https://acme.sentry.io/settings/members/ only once you know it is not such a person.',
      ],
    });
  });

  it('an undated invitation alone is an error with nothing else', () => {
    const m = makeInvitation({ id: '51', email: 'u@acme.test', orgRole: 'owner', dateCreated: 'not a date' });
    const out = run('2.3.4', makeState({ members: partOk([m]), auditLog: partOk([]) }));
    expect(out).toEqual({ status: 'error', findings: [], reason: 'the invitation of u@acme.test (owner) has no invite entry in the audit log and an unreadable dateCreated ("not a date"), so its age is unknown' });
  });

  it('names the audit log when it is needed and unreadable', () => {
    const m = mk(30 * DAY);
    expect(run('2.3.4', makeState({ members: partOk([m]), auditLog: partError('403') }), { maxInviteAgeDays: 7 })).toEqual({
      status: 'error', findings: [], reason: 'audit log (needed to date re-sent invitations and to tell members turned pending by the 2FA requirement from invitations): 403',
    });
  });
});

describe('2.3.5 guided edit starts from the members the plan makes managers', () => {
  it('picks member targets changed to manager only', () => {
    const a = makeMember({ id: '1', email: 'a@acme.test', orgRole: 'admin' });
    const changes: PlannedChange[] = [
      { checkId: '2.3.5', target: { type: 'member', id: '1', email: 'a' }, field: 'orgRole', before: 'admin', after: 'manager', risk: 'none', reversible: false },
      { checkId: '2.3.5', target: { type: 'invitation', id: '9', email: 'i' }, field: 'orgRole', before: 'admin', after: 'manager', risk: 'none', reversible: false },
      { checkId: '2.3.5', target: { type: 'member', id: '2', email: 'b' }, field: 'orgRole', before: 'admin', after: 'member', risk: 'none', reversible: false },
    ];
    const check = findCheck('2.3.5')!.check;
    const spec = check.edit!.spec({ ...check, status: 'fail', findings: [], changes } as unknown as CheckResult, { policy: DEFAULT_POLICY, state: makeState({ members: partOk([a]) }) });
    expect(spec).toMatchObject({ kind: 'admin-roles', options: [{ label: 'a@acme.test', value: '1' }], initial: ['1'] });
    expect(check.edit!.spec({ ...check, status: 'fail', findings: [] } as unknown as CheckResult, { policy: DEFAULT_POLICY, state: makeState({ members: partOk([a]) }) })).toMatchObject({ initial: [] });
  });
});

describe('2.3.6 security keys: whole outcomes', () => {
  it('under SSO: manual with the identity-provider step and nothing else', () => {
    expect(run('2.3.6', makeState({ authProvider: partOk(provider) }))).toEqual({
      status: 'manual', findings: [], reason: 'with SSO the identity provider decides which authenticators are accepted',
      manualSteps: ['In the identity provider, require phishing-resistant MFA (WebAuthn / FIDO2 security keys or passkeys) for everyone with the owner or manager role in Sentry.'],
    });
  });

  it('unreadable authenticators and details are errors with nothing else', () => {
    const m = owner('1');
    const noAuth: MemberDetail = { ...detailOf(m), user: m.user ? { ...m.user } : null };
    expect(run('2.3.6', makeState({ members: partOk([m]), memberDetails: partOk({ [m.id]: noAuth }) }))).toEqual({
      status: 'error', findings: [], reason: 'the authenticators of o1@acme.test could not be read: reading them needs a token with member:admin',
    });
    const noUser: MemberDetail = { ...detailOf(m), user: null };
    expect(run('2.3.6', makeState({ members: partOk([m]), memberDetails: partOk({ [m.id]: noUser }) })).status).toBe('error');
    expect(run('2.3.6', makeState({ members: partOk([m]), memberDetails: partError('403') }))).toEqual({
      status: 'error', findings: [], reason: 'member details (authenticators, readable with member:admin): 403',
    });
  });

  it('a finding names the field and lists the authenticator types the member has', () => {
    const m = owner('1');
    const d: MemberDetail = { ...detailOf(m), user: m.user ? { ...m.user, authenticators: [{ id: '1', type: 'totp', name: 'TOTP' }, { id: '2', type: 'recovery', name: 'Codes' }] } : null };
    const out = run('2.3.6', makeState({ members: partOk([m]), memberDetails: partOk({ [m.id]: d }) }));
    expect(out.findings).toEqual([{ resource: { type: 'member', id: '1', email: 'o1@acme.test' }, field: 'user.authenticators', current: ['totp', 'recovery'], expected: 'u2f', message: 'o1@acme.test (owner) has no security key or passkey.' }]);
    expect(out.reason).toBe('each person must register a security key themselves');
  });
});

// An invite entry without a target membership id (null, absent or empty) is matched by the email it
// names (data.email or the target user's), never by another person's email; one with an id only by
// that id (organization_member/index.py writes target_object = the membership id).
describe('invitationSentAt: the email fallback for entries without a membership id', () => {
  const m = makeInvitation({ id: '50', email: 'inv@acme.test', orgRole: 'owner', dateCreated: ago(30 * DAY) });
  const e = (over: Partial<AuditEntry>): AuditEntry => ({ id: String(Math.random()), actor: null, event: 'member.reinvite', data: { email: 'inv@acme.test' }, dateCreated: ago(2 * DAY), ...over });

  it.each([['null', null], ['absent', undefined], ['empty', '']])('target object %s: matched by its email', (_, targetObject) => {
    const entry = targetObject === undefined ? e({}) : e({ targetObject });
    expect(invitationSentAt(m, [entry])).toEqual({ at: ago(2 * DAY), source: 'audit' });
    expect(invitationSentAt(m, [{ ...entry, data: { email: 'other@acme.test' } }])).toEqual({ at: m.dateCreated, source: 'dateCreated' });
  });

  it('an entry with a membership id is about that membership only, whatever email it names', () => {
    expect(invitationSentAt(m, [e({ targetObject: 51 })])).toEqual({ at: m.dateCreated, source: 'dateCreated' });
    expect(invitationSentAt(m, [e({ targetObject: 50, data: {} })])).toEqual({ at: ago(2 * DAY), source: 'audit' });
  });

  it('an invitation without an email is never matched by email', () => {
    const noEmail = { ...m, email: ' ' };
    expect(invitationSentAt(noEmail, [e({ targetObject: null, data: { email: ' ' } })])).toEqual({ at: m.dateCreated, source: 'dateCreated' });
  });
});

describe('2.3.1 guided edit without a user behind the token', () => {
  it('offers every active owner when the token has no user (org auth token)', () => {
    const owners = [owner('1'), owner('2')];
    const check = findCheck('2.3.1')!.check;
    const state = makeState({ members: partOk(owners), whoami: { scopes: ['org:admin'], user: null } });
    const spec = check.edit!.spec({ ...check, status: 'fail', findings: [] } as unknown as CheckResult, { policy: DEFAULT_POLICY, state });
    expect(spec).toMatchObject({ options: [{ label: 'o1@acme.test', value: 'o1@acme.test' }, { label: 'o2@acme.test', value: 'o2@acme.test' }] });
  });
});
