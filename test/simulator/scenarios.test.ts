// The scenario seeds (src/simulator/seed-scenarios.ts) answer over HTTP as the Sentry states they
// stand for: each fact below names the Sentry source it comes from.

import { describe, expect, it } from 'vitest';
import { SCENARIO } from '../../src/simulator/seed-scenarios.js';
import { closedAfterEach } from '../helpers/simulators.js';
import { call } from './helpers.js';

const { sim } = closedAfterEach();
const DAY = 86_400_000;
const ORG = '/api/0/organizations/acme';

describe('--seed demo-swept-long-ago', () => {
  it('Finley is a pending, expired invitation as old as his membership; the sweep entry predates 90 days', async () => {
    const s = await sim({ seed: 'demo-swept-long-ago' });
    const m = await call(s, 'GET', `${ORG}/members/${SCENARIO.finleyMemberId}/`);
    // src/sentry/models/organizationmember.py remove_user: user unset, email kept, date_added kept
    expect(m.body).toMatchObject({ pending: true, expired: true, user: null, email: 'finley@acme.example', orgRole: 'manager' });
    expect(Date.now() - Date.parse(m.body.dateCreated)).toBeGreaterThan(300 * DAY);
    // src/sentry/tasks/auth/auth.py remove_non_compliant_members: target_object = org id, target_user = the user
    const all = await call(s, 'GET', `${ORG}/audit-logs/?event=member.pending`);
    expect(all.body.rows).toHaveLength(1);
    expect(all.body.rows[0]).toMatchObject({ targetObject: Number(s.state.org.id), targetUser: { email: 'finley@acme.example' }, data: { email: 'finley@acme.example', role: 'manager' } });
    expect(Date.now() - Date.parse(all.body.rows[0].dateCreated)).toBeGreaterThan(90 * DAY);
    const start = new Date(Date.now() - 90 * DAY).toISOString();
    const window = await call(s, 'GET', `${ORG}/audit-logs/?event=member.pending&start=${encodeURIComponent(start)}&end=${encodeURIComponent(new Date().toISOString())}`);
    expect(window.body.rows).toEqual([]);
    expect(s.state.org.require2FA).toBe(false);
  });
});

describe('--seed demo-sso-optional', () => {
  it('a SAML2 provider without Require SSO, and four privileged members linked without 2FA', async () => {
    const s = await sim({ seed: 'demo-sso-optional' });
    // src/sentry/api/serializers/models/auth_provider.py: require_link = not allow_unlinked
    const p = await call(s, 'GET', `${ORG}/auth-provider/`);
    expect(p.body).toMatchObject({ provider_name: 'saml2', require_link: false });
    const org = await call(s, 'GET', `${ORG}/`);
    expect(org.body.hasAuthProvider).toBe(true);
    for (const id of [...SCENARIO.linkedOwnerMemberIds, SCENARIO.finleyMemberId]) {
      const m = await call(s, 'GET', `${ORG}/members/${id}/`);
      expect(m.body.flags['sso:linked'], id).toBe(true);
      expect(m.body.user.has2fa, id).toBe(false);
    }
  });
});
