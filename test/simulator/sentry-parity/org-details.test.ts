// Ported from getsentry/sentry tests/sentry/core/endpoints/test_organization_details.py
// (GET/PUT/DELETE organizations/{org}/): the update and delete behaviours the hardening client
// can observe. The 2FA side effects live in test/simulator/org.test.ts.

import { describe, expect, it } from 'vitest';
import { ORG, call, person, sim } from './parity.js';

const F = 'test_organization_details.py';
const URL = `${ORG}/`;

describe(`${F} OrganizationUpdateTest`, () => {
  it(`${F}::OrganizationUpdateTest.test_include_feature_flag_query_param`, async () => {
    const s = await sim();
    expect('features' in (await call(s, 'GET', `${URL}?include_feature_flags=1`)).body).toBe(true);
    expect('features' in (await call(s, 'GET', URL)).body).toBe(false);
  });

  it(`${F}::OrganizationUpdateTest.test_various_options`, async () => {
    const s = await sim();
    const data = {
      openMembership: false,
      isEarlyAdopter: true,
      allowSuperuserAccess: false,
      allowMemberInvite: false,
      allowSharedIssues: false,
      enhancedPrivacy: true,
      dataScrubber: true,
      dataScrubberDefaults: true,
      sensitiveFields: ['password'],
      eventsMemberAdmin: false,
      alertsMemberWrite: false,
      safeFields: ['email'],
      storeCrashReports: 10,
      scrubIPAddresses: true,
      scrapeJavaScript: false,
      defaultRole: 'owner',
      require2FA: true,
      allowJoinRequests: false,
    };
    const r = await call(s, 'PUT', URL, { body: data });
    expect(r.status).toBe(200);
    expect(s.state.org).toMatchObject({ ...data, sensitiveFields: ['password'], safeFields: ['email'] });
    const log = [...s.state.auditLog].reverse().find((e) => e.event === 'org.edit')!;
    expect(log.data.default_role).toContain('to owner');
    expect(log.data.allow_joinleave).toContain('to False');
    expect(log.data.early_adopter).toContain('to True');
    expect(log.data.prevent_superuser_access).toContain('to True');
    expect(log.data.disable_member_invite).toContain('to True');
    expect(log.data.enhanced_privacy).toContain('to True');
    expect(log.data.disable_shared_issues).toContain('to True');
    expect(log.data.require_2fa).toContain('to True');
    expect(log.data.sensitiveFields).toContain("to ['password']");
    expect(log.data.storeCrashReports).toContain('to 10');
    expect(log.data.scrapeJavaScript).toContain('to False');
  });

  it(`${F}::OrganizationUpdateTest.test_setting_duplicate_trusted_keys`, async () => {
    const s = await sim();
    s.state.org.trustedRelays = []; // the Sentry test's org has none (the demo has three)
    const key = 'ZnmSg_hqlvaa9MxpKBnEC8RMVP_2mhsQu7T_yPBntGU';
    const relays = [{ publicKey: key, name: 'name1' }, { publicKey: 'A'.repeat(43), name: 'name2' }, { publicKey: key, name: 'name1 2' }];
    const r = await call(s, 'PUT', URL, { body: { trustedRelays: relays } });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.trustedRelays)).toContain(key);
    expect(s.state.org.trustedRelays).toEqual([]);
  });

  it(`${F}::OrganizationUpdateTest.test_creating_trusted_relays`, async () => {
    const s = await sim();
    s.state.org.trustedRelays = []; // the Sentry test's org has none (the demo has three)
    const relays = [{ publicKey: 'A'.repeat(43), name: 'name1', description: 'description1' }];
    const r = await call(s, 'PUT', URL, { body: { trustedRelays: relays } });
    expect(r.body.trustedRelays[0]).toMatchObject(relays[0]!);
    const log = [...s.state.auditLog].reverse().find((e) => e.event === 'org.edit')!;
    expect(String(log.data.trustedRelays)).toMatch(/^to /);
  });

  it(`${F}::OrganizationUpdateTest.test_deleting_trusted_relays`, async () => {
    const s = await sim();
    await call(s, 'PUT', URL, { body: { trustedRelays: [{ publicKey: 'A'.repeat(43), name: 'n' }] } });
    const r = await call(s, 'PUT', URL, { body: { trustedRelays: [] } });
    expect(r.body.trustedRelays).toEqual([]);
    expect(s.state.org.trustedRelays).toEqual([]);
  });

  it(`${F}::OrganizationUpdateTest.test_safe_fields_as_string_regression`, async () => {
    const s = await sim();
    expect((await call(s, 'PUT', URL, { body: { safeFields: 'email' } })).status).toBe(400);
    expect(s.state.org.safeFields).toEqual([]);
  });

  it(`${F}::OrganizationUpdateTest.test_manager_cannot_set_default_role`, async () => {
    const s = await sim();
    const before = s.state.org.defaultRole;
    const r = await call(s, 'PUT', URL, { token: s.tokens.manager, body: { defaultRole: 'owner' } });
    expect(r.status).toBe(200);
    expect(s.state.org.defaultRole).toBe(before);
  });

  it(`${F}::OrganizationUpdateTest.test_empty_string_in_array_safe_fields`, async () => {
    const s = await sim();
    expect((await call(s, 'PUT', URL, { body: { safeFields: [''] } })).status).toBe(400);
    expect(s.state.org.safeFields).toEqual([]);
  });

  it(`${F}::OrganizationUpdateTest.test_empty_string_in_array_sensitive_fields`, async () => {
    const s = await sim();
    s.state.org.sensitiveFields = ['foobar'];
    expect((await call(s, 'PUT', URL, { body: { sensitiveFields: [''] } })).status).toBe(400);
    expect(s.state.org.sensitiveFields).toEqual(['foobar']);
  });

  it(`${F}::OrganizationUpdateTest.test_empty_sensitive_fields`, async () => {
    const s = await sim();
    s.state.org.sensitiveFields = ['foobar'];
    expect((await call(s, 'PUT', URL, { body: { sensitiveFields: [] } })).status).toBe(200);
    expect(s.state.org.sensitiveFields).toEqual([]);
  });

  it(`${F}::OrganizationDetailsTest.test_sensitive_fields_too_long`, async () => {
    const s = await sim();
    const value = [...Array.from({ length: 1000 }, () => '0123456789'), '1'];
    expect((await call(s, 'PUT', URL, { body: { sensitiveFields: value } })).status).toBe(400);
  });

  it(`${F}::OrganizationUpdateTest.test_relay_pii_config`, async () => {
    const s = await sim();
    const value = '{"applications": {"freeform": []}}';
    const r = await call(s, 'PUT', URL, { body: { relayPiiConfig: value } });
    expect(r.body.relayPiiConfig).toBe(value);
    expect(s.state.org.relayPiiConfig).toBe(value);
  });

  it(`${F}::OrganizationUpdateTest.test_store_crash_reports_exceeded`, async () => {
    const s = await sim();
    const before = s.state.org.storeCrashReports;
    const r = await call(s, 'PUT', URL, { body: { storeCrashReports: 101 } });
    expect(r.status).toBe(400);
    expect('storeCrashReports' in r.body).toBe(true);
    expect(s.state.org.storeCrashReports).toBe(before);
  });

  it(`${F}::OrganizationUpdateTest.test_ingest_through_trusted_relays_only_option`, async () => {
    const s = await sim(); // the demo org has the feature
    expect((await call(s, 'PUT', URL, { body: { ingestThroughTrustedRelaysOnly: 'enabled' } })).status).toBe(200);
    expect(s.state.org.ingestThroughTrustedRelaysOnly).toBe('enabled');
    expect((await call(s, 'PUT', URL, { body: { ingestThroughTrustedRelaysOnly: 'invalid' } })).status).toBe(400);
    s.state.org.features = s.state.org.features.filter((f) => f !== 'ingest-through-trusted-relays-only');
    expect((await call(s, 'PUT', URL, { body: { ingestThroughTrustedRelaysOnly: 'enabled' } })).status).toBe(400);
  });

  it(`${F}::OrganizationUpdateTest (a flag that is not a boolean is refused and nothing changes)`, async () => {
    // DRF BooleanField: "true"/"1"/"on" are booleans, anything else "Must be a valid boolean."
    const s = await sim();
    const r = await call(s, 'PUT', URL, { body: { enhancedPrivacy: 'maybe', openMembership: false } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ enhancedPrivacy: ['Must be a valid boolean.'] });
    expect(s.state.org.openMembership).toBe(true);
    expect((await call(s, 'PUT', URL, { body: { enhancedPrivacy: 'true' } })).status).toBe(200);
    expect(s.state.org.enhancedPrivacy).toBe(true);
  });

  it(`${F}::OrganizationUpdateTest.test_granular_replay_permissions_flag_requires_admin_scope (member PUT is 403)`, async () => {
    const s = await sim();
    const p = person(s);
    const r = await call(s, 'PUT', URL, { token: p.token, body: { enhancedPrivacy: true } });
    expect(r.status).toBe(403);
    expect(s.state.org.enhancedPrivacy).toBe(false);
  });
});

describe(`${F} OrganizationDeleteTest`, () => {
  it(`${F}::OrganizationDeleteTest.test_can_remove_as_owner`, async () => {
    const s = await sim();
    const r = await call(s, 'DELETE', URL);
    expect(r.status).toBe(202);
    expect(s.state.org.status).toBe('pending_deletion');
    expect((await call(s, 'GET', URL)).body.status).toEqual({ id: 'pending_deletion', name: 'pending deletion' });
    expect([...s.state.auditLog].reverse().find((e) => e.event === 'org.remove')).toMatchObject({ actor: { id: '101' } });
  });

  it(`${F}::OrganizationDeleteTest.test_cannot_remove_as_admin`, async () => {
    const s = await sim();
    const admin = person(s, { role: 'admin' });
    const r = await call(s, 'DELETE', URL, { token: admin.token });
    expect(r.status).toBe(403);
    expect(s.state.org.status).toBeUndefined();
  });

  it(`${F}::OrganizationDeleteTest (a manager cannot remove the organization either)`, async () => {
    const s = await sim();
    expect((await call(s, 'DELETE', URL, { token: s.tokens.manager })).status).toBe(403);
    expect(s.state.org.status).toBeUndefined();
  });

  it(`${F}::OrganizationDeleteTest.test_cannot_remove_default (self-hosted single organization)`, async () => {
    const s = await sim({ selfHosted: true });
    const r = await call(s, 'DELETE', URL);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ detail: 'You cannot remove the default organization.' });
    expect(s.state.org.status).toBeUndefined();
  });

  it(`${F}::OrganizationDeleteTest.test_redo_deletion`, async () => {
    const s = await sim();
    expect((await call(s, 'DELETE', URL)).status).toBe(202);
    expect((await call(s, 'DELETE', URL)).status).toBe(202);
    expect(s.state.auditLog.filter((e) => e.event === 'org.remove')).toHaveLength(1);
  });

  it(`${F}::OrganizationDeleteTest.test_organization_does_not_exist`, async () => {
    const s = await sim();
    expect((await call(s, 'DELETE', '/api/0/organizations/nonexistent-slug/')).status).toBe(404);
  });
});
