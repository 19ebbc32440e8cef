// 2.3.7 and 2.3.8: whole outcomes, found missing by mutation testing (issue 21); the earlier tests
// checked statuses. Sentry facts: staff access is enforced only with the data-secrecy feature and
// never on self-hosted (src/sentry/data_secrecy/data_secrecy_logic.py should_allow_superuser_access);
// the team role "admin" (src/sentry/core/endpoints/team_members.py, SENTRY_TEAM_ROLES in
// src/sentry/conf/server.py); an SSO link protects only when the provider requires SSO
// (query_sso_state, src/sentry/auth/services/access/service.py; `require_link` in
// src/sentry/api/serializers/models/auth_provider.py).
import { describe, expect, it } from 'vitest';
import type { AuthProvider, Member } from '../../src/sentry/types.js';
import { partError, partOk } from '../../src/state/types.js';
import { makeInvitation, makeMember, makeOrg, makeState, runCheck as run } from '../fixtures/state.js';

const provider: AuthProvider = { id: '1', provider_name: 'saml2', pending_links_count: 0, login_url: '', default_role: 'member', require_link: true, scim_enabled: true };
const org = (over: Parameters<typeof makeOrg>[0]) => partOk(makeOrg(over));
const ORG = { type: 'organization', id: 'acme' };
const SETTINGS = 'https://acme.sentry.io/settings/security-and-privacy/';

describe('2.3.7 staff access: whole outcomes', () => {
  it('fails with the field named and a reversible change whose consequence names the settings page', () => {
    expect(run('2.3.7', makeState({ org: org({ allowSuperuserAccess: true }) }))).toEqual({
      status: 'fail',
      findings: [{ resource: ORG, field: 'allowSuperuserAccess', current: true, expected: false, message: 'Sentry staff may open the organization and read its data without a waiver.' }],
      changes: [{
        checkId: '2.3.7', target: ORG, field: 'allowSuperuserAccess', before: true, after: false, risk: 'none', reversible: true,
        consequence: `Sentry support can no longer look into the organization unless an owner grants a time-limited waiver (Data Secrecy, ${SETTINGS}).`,
      }],
    });
  });

  it('passes with nothing else when staff access is off under Data Secrecy', () => {
    expect(run('2.3.7', makeState({ org: org({ allowSuperuserAccess: false }) }))).toEqual({ status: 'pass', findings: [] });
  });

  it('without data-secrecy: manual with a features finding and the value that has no effect', () => {
    const out = run('2.3.7', makeState({ org: org({ allowSuperuserAccess: false, features: ['sso-saml2'] }) }));
    expect(out.findings).toEqual([{ resource: ORG, field: 'features', current: 'no data-secrecy', expected: 'data-secrecy', message: 'The plan has no Data Secrecy: Sentry staff access is allowed whatever "Allow Sentry staff access" says.' }]);
    expect(out.reason).toBe('without the data-secrecy feature Sentry enforces no restriction on staff access (should_allow_superuser_access returns true), so allowSuperuserAccess=false has no effect');
    expect(out.manualSteps?.[0]).toContain(`turn off "Allow Sentry staff access" at ${SETTINGS}.`);
    expect(out.manualSteps).toHaveLength(2);
  });

  it('a feature merely containing the name is not data-secrecy', () => {
    expect(run('2.3.7', makeState({ org: org({ allowSuperuserAccess: false, features: ['data-secrecy-ui'] }) })).status).toBe('manual');
  });

  it('self-hosted: not applicable with nothing else, also without the flag', () => {
    const s = makeState({ org: org({ allowSuperuserAccess: undefined }) });
    expect(run('2.3.7', { ...s, target: { ...s.target, selfHosted: true } })).toEqual({
      status: 'not_applicable', findings: [],
      reason: 'on a self-hosted server the superusers are your own instance administrators, and Sentry ignores allowSuperuserAccess there (data_secrecy_logic.py allows superuser access when SENTRY_SELF_HOSTED)',
    });
  });

  it('errors say which value is missing, and an unreadable org is named', () => {
    expect(run('2.3.7', makeState({ org: org({ allowSuperuserAccess: undefined }) }))).toEqual({ status: 'error', findings: [], reason: 'the organization settings carry no allowSuperuserAccess field, so whether Sentry staff may access the organization is unknown' });
    expect(run('2.3.7', makeState({ org: org({ features: undefined }) }))).toEqual({ status: 'error', findings: [], reason: 'the organization features were not read, so whether Data Secrecy (the data-secrecy feature) enforces the setting is unknown' });
    expect(run('2.3.7', makeState({ org: partError('HTTP 500') }))).toEqual({ status: 'error', findings: [], reason: 'organization settings: HTTP 500' });
  });
});

describe('2.3.8 team admins: whole outcomes', () => {
  const tm = (m: Member, teamRole: string | null, teamSlug = 'platform') => ({ ...m, teamRole, teamSlug });
  const linkedFlags = { 'sso:linked': true, 'sso:invalid': false };

  it('fails naming each person once with their teams sorted, the 2FA page and the teams page', () => {
    const weak = makeMember({ id: '80', email: 'lead@acme.test', has2fa: false });
    const out = run('2.3.8', makeState({ teamMembers: partOk({ web: [tm(weak, 'admin', 'web')], api: [tm(weak, 'admin', 'api')] }) }));
    expect(out).toEqual({
      status: 'fail',
      findings: [{ resource: { type: 'member', id: '80', email: 'lead@acme.test' }, field: 'user.has2fa', current: false, expected: true, message: 'lead@acme.test (team admin of api, web) has no 2FA and no SSO link.' }],
      reason: 'each person must enroll 2FA themselves (or the organization must require SSO)',
      manualSteps: [
        'Ask these team admins to enable 2FA at https://sentry.io/settings/account/security/: lead@acme.test (team admin of api, web).',
        'Or make them contributors on those teams (Settings > Teams > the team > Members) at https://acme.sentry.io/settings/teams/.',
      ],
    });
  });

  it('skips invitations and deactivated users among team admins', () => {
    const invited = { ...makeInvitation({ id: '81', email: 'inv@acme.test' }), teamRole: 'admin', teamSlug: 'platform' };
    const inactive = makeMember({ id: '82', has2fa: false });
    const gone = { ...inactive, user: inactive.user ? { ...inactive.user, isActive: false } : null };
    expect(run('2.3.8', makeState({ teamMembers: partOk({ platform: [invited, tm(gone, 'admin')] }) }))).toEqual({ status: 'pass', findings: [] });
  });

  it('names the SSO link that does not protect, and points to Require SSO', () => {
    const linked = makeMember({ id: '83', email: 'l@acme.test', has2fa: false, flags: linkedFlags });
    const out = run('2.3.8', makeState({ teamMembers: partOk({ platform: [tm(linked, 'admin')] }), authProvider: partOk({ ...provider, require_link: false }) }));
    expect(out.findings[0]?.message).toBe('l@acme.test (team admin of platform) has no 2FA, and the SSO link does not protect them: the SSO provider does not require SSO (Require SSO / require_link is off), so a password alone signs in.');
    expect(out.manualSteps?.[2]).toBe('Or turn on "Require SSO" at https://acme.sentry.io/settings/auth/ (1.1.2): an SSO link protects only when SSO is required.');
    expect(out.warnings).toBeUndefined();
  });

  it('with SSO state unreadable: an unlinked admin fails, a linked one is not judged (warning), alone it is the error', () => {
    const linked = makeMember({ id: '84', email: 'l@acme.test', has2fa: false, flags: linkedFlags });
    const plain = makeMember({ id: '85', email: 'p@acme.test', has2fa: false });
    const unknownSso = { authProvider: partError<AuthProvider | null>('HTTP 500'), org: org({ hasAuthProvider: true }) };
    const both = run('2.3.8', makeState({ teamMembers: partOk({ platform: [tm(linked, 'admin'), tm(plain, 'admin')] }), ...unknownSso }));
    expect(both.status).toBe('fail');
    expect(both.findings.map((f) => f.resource.id)).toEqual(['85']);
    expect(both.manualSteps).toHaveLength(2);
    expect(both.warnings).toEqual(['Not judged: l@acme.test (team admin of platform) has no 2FA but an SSO link, and an SSO provider is configured (hasAuthProvider) but whether it requires SSO (require_link) could not be read: HTTP 500.']);
    const alone = run('2.3.8', makeState({ teamMembers: partOk({ platform: [tm(linked, 'admin')] }), ...unknownSso }));
    expect(alone).toEqual({ status: 'error', findings: [], reason: 'an SSO provider is configured (hasAuthProvider) but whether it requires SSO (require_link) could not be read: HTTP 500' });
  });

  it('two unjudged people are joined with "have"', () => {
    const a = makeMember({ id: '86', email: 'a@acme.test', has2fa: false, flags: linkedFlags });
    const b = makeMember({ id: '87', email: 'b@acme.test', has2fa: false, flags: linkedFlags });
    const c = makeMember({ id: '88', email: 'c@acme.test', has2fa: false });
    const out = run('2.3.8', makeState({ teamMembers: partOk({ platform: [tm(a, 'admin'), tm(b, 'admin'), tm(c, 'admin')] }), authProvider: partError('HTTP 500'), org: org({ hasAuthProvider: true }) }));
    expect(out.warnings?.[0]).toMatch(/^Not judged: a@acme\.test \(team admin of platform\), b@acme\.test \(team admin of platform\) have no 2FA but an SSO link, and /);
  });

  it('a linked admin with SSO required passes; with no provider at all the link does not count', () => {
    const linked = makeMember({ id: '89', has2fa: false, flags: linkedFlags });
    const lists = partOk({ platform: [tm(linked, 'admin')] });
    expect(run('2.3.8', makeState({ teamMembers: lists, authProvider: partOk(provider) }))).toEqual({ status: 'pass', findings: [] });
    expect(run('2.3.8', makeState({ teamMembers: lists, authProvider: partOk(null) })).status).toBe('fail');
  });

  it('names the unreadable team lists', () => {
    expect(run('2.3.8', makeState({ teamMembers: partError('403') }))).toEqual({ status: 'error', findings: [], reason: 'team member lists: 403' });
  });
});
