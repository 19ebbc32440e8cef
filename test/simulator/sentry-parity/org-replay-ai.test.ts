// Ported from getsentry/sentry tests/sentry/core/endpoints/test_organization_details.py: the
// granular replay permissions (hasGranularReplayPermissions, replayAccessMembers) and the AI
// option hideAiFeatures (OrganizationUpdateTest.test_various_options), as
// src/sentry/core/endpoints/organization_details.py (OrganizationSerializer.save,
// _validate_granular_replay_permissions) writes them.

import { describe, expect, it } from 'vitest';
import { ORG, call, lastAudit, person, sim } from './parity.js';

const F = 'test_organization_details.py';
const URL = `${ORG}/`;

describe(`${F} OrganizationUpdateTest (replay access, AI)`, () => {
  it(`${F}::OrganizationUpdateTest.test_various_options (hideAiFeatures)`, async () => {
    const s = await sim();
    const r = await call(s, 'PUT', URL, { body: { hideAiFeatures: true } });
    expect(r.status).toBe(200);
    expect(r.body.hideAiFeatures).toBe(true);
    expect(lastAudit(s, 'org.edit')!.data.hideAiFeatures).toContain('to True');
  });

  it(`${F}::OrganizationUpdateTest.test_granular_replay_permissions_flag_set`, async () => {
    const s = await sim();
    await call(s, 'PUT', URL, { body: { hasGranularReplayPermissions: true } });
    expect(s.state.org.hasGranularReplayPermissions).toBe(true);
    expect(lastAudit(s, 'org.edit')!.data.hasGranularReplayPermissions).toContain('to True');
  });

  it(`${F}::OrganizationUpdateTest.test_granular_replay_permissions_no_spurious_audit_log`, async () => {
    const s = await sim();
    s.state.org.hasGranularReplayPermissions = true;
    const before = s.state.auditLog.length;
    await call(s, 'PUT', URL, { body: { hasGranularReplayPermissions: true } });
    expect(s.state.auditLog.length).toBe(before);
  });

  it(`${F}::OrganizationUpdateTest.test_granular_replay_permissions_change_logs_old_value`, async () => {
    const s = await sim();
    s.state.org.hasGranularReplayPermissions = false;
    await call(s, 'PUT', URL, { body: { hasGranularReplayPermissions: true } });
    expect(lastAudit(s, 'org.edit')!.data.hasGranularReplayPermissions).toBe('from False to True');
  });

  it(`${F}::OrganizationUpdateTest.test_granular_replay_permissions_member_cannot_edit_boolean`, async () => {
    const s = await sim();
    const m = person(s, { role: 'member' });
    const r = await call(s, 'PUT', URL, { token: m.token, body: { hasGranularReplayPermissions: true } });
    expect(r.status).toBe(403);
    expect(s.state.org.hasGranularReplayPermissions).toBe(null);
  });

  it(`${F}::OrganizationUpdateTest.test_replay_access_members_add / _add_and_remove / _clear_all`, async () => {
    const s = await sim();
    const a = person(s);
    const b = person(s);
    const c = person(s);
    await call(s, 'PUT', URL, { body: { replayAccessMembers: [Number(a.user.id), Number(b.user.id)] } });
    expect(lastAudit(s, 'org.edit')!.data.replayAccessMembers).toBe('added 2 user(s) (total: 2 user(s) with access)');
    await call(s, 'PUT', URL, { body: { replayAccessMembers: [Number(b.user.id), Number(c.user.id)] } });
    expect(lastAudit(s, 'org.edit')!.data.replayAccessMembers).toBe('added 1 user(s) and removed 1 user(s) (total: 2 user(s) with access)');
    await call(s, 'PUT', URL, { body: { replayAccessMembers: [] } });
    expect(lastAudit(s, 'org.edit')!.data.replayAccessMembers).toBe('removed 2 user(s) (total: 0 user(s) with access)');
  });

  it(`${F}::OrganizationUpdateTest.test_replay_access_members_mixed_valid_and_invalid`, async () => {
    const s = await sim();
    const valid = person(s);
    const r = await call(s, 'PUT', URL, { body: { replayAccessMembers: [Number(valid.user.id), 999999999] } });
    expect(r.status).toBe(400);
    expect(String(r.body.replayAccessMembers)).toContain('999999999');
    expect(String(r.body.replayAccessMembers)).not.toContain(String(valid.user.id));
    expect(s.state.org.replayAccessUserIds).toEqual([]);
  });

  it(`${F}::OrganizationUpdateTest.test_replay_access_members_requires_admin_scope`, async () => {
    const s = await sim();
    const m = person(s, { role: 'member' });
    const other = person(s);
    const r = await call(s, 'PUT', URL, { token: m.token, body: { replayAccessMembers: [Number(other.user.id)] } });
    expect(r.status).toBe(403);
  });

  it(`${F}::OrganizationUpdateTest.test_granular_replay_permissions_owner_can_edit / _retrieve_as_owner`, async () => {
    const s = await sim();
    const m = person(s);
    const r = await call(s, 'PUT', URL, { body: { hasGranularReplayPermissions: true, replayAccessMembers: [Number(m.user.id)] } });
    expect(r.body.hasGranularReplayPermissions).toBe(true);
    expect(r.body.replayAccessMembers).toContain(Number(m.user.id));
    const g = await call(s, 'GET', URL);
    expect(g.body.hasGranularReplayPermissions).toBe(true);
    expect(g.body.replayAccessMembers).toEqual([Number(m.user.id)]);
  });

  it(`${F}::OrganizationUpdateTest.test_granular_replay_permissions_retrieve_without_option`, async () => {
    const s = await sim();
    const g = await call(s, 'GET', URL);
    expect(g.body.hasGranularReplayPermissions).toBe(false);
    expect(g.body.replayAccessMembers).toEqual([]);
  });

  it('a server that predates granular replay permissions and AI options omits the fields and ignores the keys (DRF drops unknown fields)', async () => {
    const s = await sim();
    s.state.org.hasGranularReplayPermissions = undefined;
    s.state.org.hideAiFeatures = undefined;
    const r = await call(s, 'PUT', URL, { body: { hasGranularReplayPermissions: true, hideAiFeatures: true } });
    expect(r.status).toBe(200);
    expect('hasGranularReplayPermissions' in r.body).toBe(false);
    expect('replayAccessMembers' in r.body).toBe(false);
    expect('hideAiFeatures' in r.body).toBe(false);
  });
});
