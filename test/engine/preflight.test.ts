// The owner-count and 2FA pre-flight as a pure function of OrgState (fixtures).

import { describe, expect, it } from 'vitest';
import { preflight } from '../../src/engine/preflight.js';
import { partError, partOk } from '../../src/state/types.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import type { PlannedChange } from '../../steps/types.js';
import { makeMember, makeState } from '../fixtures/state.js';

const require2fa: PlannedChange = { checkId: '1.2.1', target: { type: 'organization', id: 'acme' }, field: 'require2FA', before: false, after: true, risk: 'risky', reversible: false };
const demote = (id: string, email: string): PlannedChange => ({
  checkId: '2.3.1', target: { type: 'member', id, email }, field: 'orgRole', before: 'owner', after: 'manager', risk: 'risky', reversible: true,
});

describe('preflight', () => {
  const acting = makeMember({ id: '1', email: 'owner@acme.test', orgRole: 'owner' });
  const o2 = makeMember({ id: '2', email: 'o2@acme.test', orgRole: 'owner' });
  const o3 = makeMember({ id: '3', email: 'o3@acme.test', orgRole: 'owner', has2fa: false, flags: { 'sso:linked': true, 'sso:invalid': false } });
  const dev = makeMember({ id: '4', email: 'dev@acme.test', has2fa: false });
  const state = makeState({ members: partOk([acting, o2, o3, dev]), whoami: { scopes: ['org:admin'], user: acting.user } });

  it('counts demotions and the 2FA sweep together against minOwners', () => {
    // alone, each leaves 2 qualified owners
    expect(preflight(state, [demote('2', 'o2@acme.test')], DEFAULT_POLICY).blockers).toEqual([]);
    expect(preflight(state, [require2fa], DEFAULT_POLICY).refusedChecks).toEqual([]);
    // together they leave 1
    const pf = preflight(state, [demote('2', 'o2@acme.test'), require2fa], DEFAULT_POLICY);
    expect(pf.refusedChecks.sort()).toEqual(['1.2.1', '2.3.1']);
    expect(pf.blockers.join(' ')).toMatch(/leave 1 owner.*minOwners 2.*2FA requirement/);
    expect(pf.reasons['2.3.1']![0]).toMatch(/minOwners/);
  });

  it('lists the members the 2FA requirement removes', () => {
    const pf = preflight(state, [require2fa], DEFAULT_POLICY);
    expect(pf.removedBy2fa.map((m) => m.email)).toEqual(['o3@acme.test', 'dev@acme.test']);
    expect(pf.warnings[0]).toMatch(/o3@acme\.test \(owner\), dev@acme\.test \(member\)/);
  });

  it('refuses require2FA without members, without a user, or without the acting user\'s 2FA', () => {
    expect(preflight(makeState({ members: partError('403') }), [require2fa], DEFAULT_POLICY).refusedChecks).toEqual(['1.2.1']);
    expect(preflight(makeState({ whoami: { scopes: null, user: null } }), [require2fa], DEFAULT_POLICY).blockers[0]).toMatch(/no user/);
    const no2fa = makeMember({ id: '9', email: 'me@acme.test', has2fa: false, orgRole: 'owner' });
    expect(preflight(makeState({ whoami: { scopes: null, user: no2fa.user } }), [require2fa], DEFAULT_POLICY).blockers[0]).toMatch(/me@acme\.test has no two-factor/);
  });

  it('refuses changing the acting user\'s own role', () => {
    const pf = preflight(state, [demote('1', 'owner@acme.test')], DEFAULT_POLICY);
    expect(pf.reasons['2.3.1']![0]).toMatch(/own role/);
  });
});
