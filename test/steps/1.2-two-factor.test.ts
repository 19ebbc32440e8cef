import { describe, expect, it } from 'vitest';
import { control1_2 } from '../../steps/1.2-two-factor.js';
import { DEFAULT_POLICY, type Policy } from '../../steps/policy.js';
import type { CheckOutcome } from '../../steps/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeMember, makeOrg, makeState, NOW } from '../fixtures/state.js';

function run(state: OrgState, policy: Partial<Policy> = {}): CheckOutcome {
  const check = control1_2.checks[0];
  if (!check) throw new Error('no check');
  return check.evaluate({ state, policy: { ...DEFAULT_POLICY, ...policy }, now: NOW });
}

const off = (over: Partial<OrgState> = {}): OrgState => makeState({ org: partOk(makeOrg({ require2FA: false })), ...over });

describe('control 1.2', () => {
  it('carries the guide title and frameworks', () => {
    expect(control1_2).toMatchObject({ id: '1.2', title: 'Enforce Two-Factor Authentication', level: 'L1', frameworks: { cis: ['6.5'], nist: ['IA-2(1)'], soc2: ['CC6.1'] } });
    expect(control1_2.checks[0]).toMatchObject({ id: '1.2.1', level: 'L1', automation: 'auto', risk: 'risky' });
  });
});

describe('1.2.1 require2FA', () => {
  it('passes when 2FA is required', () => {
    expect(run(makeState())).toMatchObject({ status: 'pass' });
  });

  it('fails and plans a risky org change when it is not', () => {
    const out = run(off());
    expect(out.status).toBe('fail');
    expect(out.blockers).toBeUndefined();
    expect(out.changes).toEqual([
      expect.objectContaining({ checkId: '1.2.1', target: { type: 'organization', id: 'acme' }, field: 'require2FA', before: false, after: true, risk: 'risky', reversible: true }),
    ]);
  });

  it('warns by email about members who would become pending invitations', () => {
    const owner = makeMember({ id: '1', email: 'owner@acme.test', orgRole: 'owner' });
    const owner2 = makeMember({ id: '2', email: 'owner2@acme.test', orgRole: 'owner' });
    const no2fa = makeMember({ id: '5', email: 'lazy@acme.test', has2fa: false });
    const invite = makeMember({ id: '6', email: 'invited@acme.test', user: null, pending: true });
    const out = run(off({ members: partOk([owner, owner2, no2fa, invite]) }));
    expect(out.warnings?.join(' ')).toContain('lazy@acme.test');
    expect(out.warnings?.join(' ')).not.toContain('invited@acme.test');
    expect(out.changes?.[0]).toMatchObject({ reversible: false, context: { membersWithout2fa: ['lazy@acme.test'] } });
    expect(out.changes?.[0]?.consequence).toContain('lazy@acme.test');
  });

  it('is manual under SSO (the server refuses require2FA) and carries a blocker', () => {
    const out = run(off({ authProvider: partOk({ id: '1', provider_name: 'saml2', pending_links_count: 0, login_url: '', default_role: 'member', require_link: true, scim_enabled: false }) }));
    expect(out.status).toBe('manual');
    expect(out.reason).toContain('identity provider');
    expect(out.changes ?? []).toEqual([]);
    expect(out.blockers?.join(' ')).toMatch(/SSO/);
  });

  it('falls back to the org hasAuthProvider when the provider cannot be read', () => {
    const out = run(makeState({ org: partOk(makeOrg({ require2FA: false, hasAuthProvider: true })), authProvider: partError('timeout') }));
    expect(out.status).toBe('manual');
  });

  it('refuses when the acting user has no 2FA', () => {
    const base = off();
    const me = base.whoami.user;
    if (!me) throw new Error('fixture has an acting user');
    const out = run({ ...base, whoami: { ...base.whoami, user: { ...me, has2fa: false } } });
    expect(out.status).toBe('fail');
    expect(out.blockers?.join(' ')).toContain('owner@acme.test');
    expect(out.blockers?.join(' ')).toContain('no two-factor');
  });

  it('refuses with an org auth token (no user)', () => {
    const base = off();
    expect(run({ ...base, whoami: { scopes: ['org:ci'], user: null } }).blockers?.join(' ')).toMatch(/no user/);
  });

  it('refuses when the sweep would leave fewer than minOwners owners', () => {
    const owner = makeMember({ id: '1', email: 'owner@acme.test', orgRole: 'owner' });
    const owner2 = makeMember({ id: '2', email: 'owner2@acme.test', orgRole: 'owner', has2fa: false });
    const out = run(off({ members: partOk([owner, owner2]) }));
    expect(out.blockers?.join(' ')).toMatch(/only 1 owner would remain.*minOwners is 2/);
    expect(run(off({ members: partOk([owner, owner2]) }), { minOwners: 1 }).blockers).toBeUndefined();
  });

  it('does not refuse a sweep that removes no owner (too few owners is 2.3.2)', () => {
    const owner = makeMember({ id: '1', email: 'owner@acme.test', orgRole: 'owner' });
    const dev = makeMember({ id: '5', email: 'dev@acme.test', has2fa: false });
    expect(run(off({ members: partOk([owner, dev]) })).blockers).toBeUndefined();
  });

  it('counts the owner demotions of the policy with the sweep', () => {
    const owners = ['1', '2', '3', '4'].map((id) => makeMember({ id, email: `o${id}@acme.test`, orgRole: 'owner', has2fa: id !== '4' }));
    const first = owners[0];
    if (!first?.user) throw new Error('fixture');
    const details = Object.fromEntries(owners.map((m) => [m.id, { ...m, teams: [], teamRoles: [] }]));
    const state = off({ members: partOk(owners), memberDetails: partOk(details), whoami: { scopes: ['org:admin'], user: first.user } });
    expect(run(state).blockers).toBeUndefined();
    const out = run(state, { demoteOwners: ['o2@acme.test', 'o3@acme.test'] });
    expect(out.blockers?.join(' ')).toMatch(/demotions of policy demoteOwners/);
  });

  it('reports error when the org cannot be read', () => {
    const out = run(makeState({ org: partError('403 Forbidden') }));
    expect(out).toMatchObject({ status: 'error' });
    expect(out.reason).toContain('403 Forbidden');
  });

  it('fails without a plan, and refuses, when the members cannot be read (the rule itself was read)', () => {
    const out = run(off({ members: partError('missing member:read') }));
    expect(out).toMatchObject({ status: 'fail', changes: [] });
    expect(out.findings).toEqual([expect.objectContaining({ field: 'require2FA', current: false, expected: true })]);
    expect(out.blockers?.join(' ')).toMatch(/members could not be read.*missing member:read/);
    // require2FA on passes: the members are needed only for the plan
    expect(run(makeState({ members: partError('missing member:read') })).status).toBe('pass');
  });
});
