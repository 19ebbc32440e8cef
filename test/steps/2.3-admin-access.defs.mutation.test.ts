// 2.3: what each check asks collection to read (member details, audit lookback) and what its
// guided edit offers and produces — negative cases next to positive ones (issue 21). Sentry: a
// role PUT without the member's full teamRoles drops their team rows
// (organization_member/details.py), so a demotion or admin change needs the member detail; an
// invitation's age comes from its newest member.invite / member.reinvite audit entry.
import { describe, expect, it } from 'vitest';
import type { EditSpec } from '../../steps/edits.js';
import { findCheck } from '../../steps/index.js';
import { DEFAULT_POLICY, type Policy } from '../../steps/policy.js';
import type { CheckDef, CheckResult, PlannedChange } from '../../steps/types.js';
import type { Member, MemberDetail } from '../../src/sentry/types.js';
import { partError, partOk } from '../../src/state/types.js';
import { makeInvitation, makeMember, makeState, NOW } from '../fixtures/state.js';

const DAY = 86_400_000;
const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();
const def = (id: string): CheckDef => findCheck(id)!.check;
const details = (id: string, members: Member[], policy: Partial<Policy> = {}): string[] =>
  def(id).memberDetails!(members, { policy: { ...DEFAULT_POLICY, ...policy }, now: NOW }).map((m) => m.id);
const result = (id: string, changes: PlannedChange[] = []): CheckResult => ({ ...def(id), status: 'fail', findings: [], changes } as unknown as CheckResult);
const detailOf = (m: Member): MemberDetail => ({ ...m, teams: ['platform'], teamRoles: [{ teamSlug: 'platform', role: 'admin' }] });

describe('2.3.1 member details: only when there are too many owners', () => {
  const owners = ['1', '2', '3'].map((id) => makeMember({ id, orgRole: 'owner' }));
  it('reads no detail at maxOwners seats, and every active owner one seat above', () => {
    expect(details('2.3.1', owners, { maxOwners: 3 })).toEqual([]);
    expect(details('2.3.1', owners, { maxOwners: 2 })).toEqual(['1', '2', '3']);
  });

  it('counts an unexpired owner invitation as a seat but reads no detail of it; an expired one is no seat', () => {
    const inv = makeInvitation({ id: '9', orgRole: 'owner' });
    expect(details('2.3.1', [...owners, inv], { maxOwners: 3 })).toEqual(['1', '2', '3']);
    expect(details('2.3.1', [...owners, { ...inv, expired: true }], { maxOwners: 3 })).toEqual([]);
  });

  it('does not count managers or members', () => {
    expect(details('2.3.1', [...owners, makeMember({ id: '7', orgRole: 'manager' })], { maxOwners: 3 })).toEqual([]);
  });
});

describe('2.3.4 member details and audit lookback', () => {
  const inv = (id: string, orgRole: string, ageMs: number, over: Partial<Member> = {}): Member => makeInvitation({ id, orgRole, dateCreated: ago(ageMs), ...over });
  it('reads details of privileged invitations older than maxInviteAgeDays, not at the limit', () => {
    const members = [inv('1', 'owner', 7 * DAY), inv('2', 'owner', 7 * DAY + 1), inv('3', 'manager', 30 * DAY), inv('4', 'member', 30 * DAY)];
    expect(details('2.3.4', members, { maxInviteAgeDays: 7 })).toEqual(['2', '3']);
  });

  it('reads details of expired and undated privileged invitations, never of members', () => {
    const members = [inv('1', 'owner', DAY, { expired: true }), inv('2', 'manager', 0, { dateCreated: 'garbage' }), makeMember({ id: '3', orgRole: 'owner', dateCreated: ago(300 * DAY) })];
    expect(details('2.3.4', members, { maxInviteAgeDays: 7 })).toEqual(['1', '2']);
  });

  it('reads the audit log back the longest of the audit window, 90 days and one day past the invitation limit', () => {
    const days = (p: Partial<Policy>): number => def('2.3.4').auditLookbackDays!({ ...DEFAULT_POLICY, ...p });
    expect(days({ auditWindowDays: 30, maxInviteAgeDays: 7 })).toBe(90);
    expect(days({ auditWindowDays: 120, maxInviteAgeDays: 7 })).toBe(120);
    expect(days({ auditWindowDays: 30, maxInviteAgeDays: 100 })).toBe(101);
    expect(days({ auditWindowDays: 30, maxInviteAgeDays: 89 })).toBe(90);
    expect(days({ auditWindowDays: 30, maxInviteAgeDays: 90 })).toBe(91);
  });
});

describe('2.3.5 and 2.3.6 member details', () => {
  const deactivated = makeMember({ id: '5', orgRole: 'admin' });
  const members = [
    makeMember({ id: '1', orgRole: 'admin' }), makeMember({ id: '2', orgRole: 'owner' }), makeMember({ id: '3', orgRole: 'manager' }),
    makeMember({ id: '4', orgRole: 'member' }), makeInvitation({ id: '6', orgRole: 'admin' }), { ...deactivated, user: { ...deactivated.user!, isActive: false } },
  ];
  it('2.3.5 reads the details of active admins only', () => {
    expect(details('2.3.5', members)).toEqual(['1']);
  });
  it('2.3.6 reads the details of active privileged members only', () => {
    expect(details('2.3.6', members)).toEqual(['1', '2', '3']);
  });
});

describe('2.3.1 guided edit: which owners can be picked', () => {
  const me = makeMember({ id: '1', email: 'owner@acme.test', orgRole: 'owner' });
  const other = makeMember({ id: '2', email: 'Other@acme.test', orgRole: 'owner' });
  const invited = makeInvitation({ id: '3', email: 'inv@acme.test', orgRole: 'owner' });
  const manager = makeMember({ id: '4', email: 'mgr@acme.test', orgRole: 'manager' });
  const spec = (members: Member[], policy: Partial<Policy> = {}) =>
    def('2.3.1').edit!.spec(result('2.3.1'), { policy: { ...DEFAULT_POLICY, ...policy }, state: makeState({ members: partOk(members) }) });

  it('offers the other active owners, never the acting user, an invitation or a manager', () => {
    const s = spec([me, other, invited, manager], { maxOwners: 1, demoteOwners: ['Other@acme.test'] });
    expect(s).toEqual({
      kind: 'owners', checkId: '2.3.1',
      label: '2.3.1 owners to demote to manager (2 owners now; at most 1)',
      options: [{ label: 'Other@acme.test', value: 'Other@acme.test' }],
      initial: ['Other@acme.test'],
    });
  });

  it('offers nothing when the acting user is the only owner, or the members are unreadable', () => {
    expect(spec([me, manager])).toBeUndefined();
    expect(def('2.3.1').edit!.spec(result('2.3.1'), { policy: DEFAULT_POLICY, state: makeState({ members: partError('403') }) })).toBeUndefined();
    expect(def('2.3.1').edit!.spec(result('2.3.1'), { policy: DEFAULT_POLICY, state: undefined })).toBeUndefined();
  });

  it('turns the picks into policy demoteOwners', () => {
    const s = spec([me, other])!;
    expect(def('2.3.1').edit!.resolve(s, ['Other@acme.test'], { policy: DEFAULT_POLICY, state: undefined })).toEqual({ policy: { demoteOwners: ['Other@acme.test'] } });
    expect(def('2.3.1').edit!.resolve(s, 'a@x, b@x', { policy: DEFAULT_POLICY, state: undefined })).toEqual({ policy: { demoteOwners: ['a@x', 'b@x'] } });
  });
});

describe('2.3.5 guided edit: manager or member for each retired admin', () => {
  const a = makeMember({ id: '1', email: 'a@acme.test', orgRole: 'admin' });
  const b = makeMember({ id: '2', email: 'b@acme.test', orgRole: 'admin' });
  const gone = { ...makeMember({ id: '3', email: 'c@acme.test', orgRole: 'admin' }), pending: true };
  const state = (withDetails: Member[]) => makeState({
    members: partOk([a, b, gone, makeMember({ id: '4', orgRole: 'manager' })]),
    memberDetails: partOk(Object.fromEntries(withDetails.map((m) => [m.id, detailOf(m)]))),
  });
  const edit = def('2.3.5').edit!;

  it('offers each active admin, with those the plan already makes managers picked', () => {
    const planned = [
      { checkId: '2.3.5', target: { type: 'member', id: '2', email: 'b' }, field: 'orgRole', before: 'admin', after: 'manager', risk: 'none', reversible: false },
      { checkId: '2.3.5', target: { type: 'member', id: '1', email: 'a' }, field: 'orgRole', before: 'admin', after: 'member', risk: 'none', reversible: false },
      { checkId: '2.3.5', target: { type: 'organization', id: '2' }, field: 'x', before: 1, after: 'manager', risk: 'none', reversible: true },
    ] as PlannedChange[];
    expect(edit.spec(result('2.3.5', planned), { policy: DEFAULT_POLICY, state: state([a, b]) })).toEqual({
      kind: 'admin-roles', checkId: '2.3.5', label: '2.3.5 mark who becomes manager (the others become member)',
      options: [{ label: 'a@acme.test', value: '1' }, { label: 'b@acme.test', value: '2' }],
      initial: ['2'],
    });
    expect(edit.spec(result('2.3.5'), { policy: DEFAULT_POLICY, state: makeState() })).toBeUndefined();
    expect(edit.spec(result('2.3.5'), { policy: DEFAULT_POLICY, state: undefined })).toBeUndefined();
  });

  it('makes the picked admins managers and the others members, each with their team roles', () => {
    const s = edit.spec(result('2.3.5'), { policy: DEFAULT_POLICY, state: state([a, b]) })!;
    const out = edit.resolve(s, ['2'], { policy: DEFAULT_POLICY, state: state([a, b]) });
    expect(typeof out).toBe('object');
    const changes = (out as { changes: { checkId: string; changes: PlannedChange[] } }).changes;
    expect(changes.checkId).toBe('2.3.5');
    expect(changes.changes.map((c) => [c.target.id, c.after, c.reversible, c.risk])).toEqual([['1', 'member', false, 'none'], ['2', 'manager', false, 'none']]);
    expect(changes.changes[0]?.context).toEqual({ teamRoles: [{ teamSlug: 'platform', role: 'admin' }] });
  });

  it('refuses when an admin\'s team roles are unknown, naming the person, and rejects another editor', () => {
    const s = edit.spec(result('2.3.5'), { policy: DEFAULT_POLICY, state: state([a, b]) })!;
    expect(edit.resolve(s, [], { policy: DEFAULT_POLICY, state: state([a]) })).toBe('the team roles of b@acme.test could not be read; change the role in Sentry\'s member settings');
    expect(edit.resolve(s, [], { policy: DEFAULT_POLICY, state: makeState({ members: partOk([b]), memberDetails: partOk({ 1: detailOf(a), 2: detailOf(b) }) }) })).toBe('the team roles of a@acme.test could not be read; change the role in Sentry\'s member settings');
    expect(edit.resolve(s, [], { policy: DEFAULT_POLICY, state: undefined })).toMatch(/^the team roles of a@acme\.test could not be read/);
    expect(edit.resolve({ ...s, kind: 'owners' } as EditSpec, [], { policy: DEFAULT_POLICY, state: state([a, b]) })).toBe('internal: not the 2.3.5 editor');
  });
});
