// Ported from getsentry/sentry tests/sentry/core/endpoints/test_organization_auditlogs.py
// (GET organizations/{org}/audit-logs/). Entries are written into the simulator's log the way
// the Sentry tests create AuditLogEntry rows.

import { describe, expect, it } from 'vitest';
import { writeAudit } from '../../../src/simulator/audit.js';
import { AUDIT_EVENT_NAMES } from '../../../src/simulator/audit.js';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import { ORG, call, person, sim } from './parity.js';

const F = 'test_organization_auditlogs.py';
const URL = `${ORG}/audit-logs/`;

function entry(s: RunningSimulator, event: string, actorId: string, date: Date) {
  const u = s.state.users.get(actorId)!;
  return writeAudit(s.state, { event, actor: { id: u.id, email: u.email, name: u.name, username: u.username }, data: { thing: 'to True' }, date });
}

/** a fresh log, like the Sentry test database */
async function clean() {
  const s = await sim();
  s.state.auditLog.length = 0;
  return s;
}

describe(`${F} OrganizationAuditLogsTest`, () => {
  it(`${F}::OrganizationAuditLogsTest.test_simple`, async () => {
    const s = await clean();
    const now = Date.now();
    const e1 = entry(s, 'org.edit', '101', new Date(now));
    const e2 = entry(s, 'org.edit', '101', new Date(now + 1000));
    const r = await call(s, 'GET', URL);
    expect(r.body.rows.map((x: { id: string }) => x.id)).toEqual([e2.id, e1.id]);
  });

  it(`${F}::OrganizationAuditLogsTest.test_filter_by_event`, async () => {
    const s = await clean();
    const now = Date.now();
    const e1 = entry(s, 'org.edit', '101', new Date(now));
    entry(s, 'org.create', '101', new Date(now + 1000));
    expect((await call(s, 'GET', `${URL}?event=org.edit`)).body.rows.map((x: { id: string }) => x.id)).toEqual([e1.id]);
  });

  it(`${F}::OrganizationAuditLogsTest.test_filter_by_user`, async () => {
    const s = await clean();
    const other = person(s);
    const now = Date.now();
    const e1 = entry(s, 'org.edit', '101', new Date(now));
    entry(s, 'org.edit', other.user.id, new Date(now));
    expect((await call(s, 'GET', `${URL}?actor=101`)).body.rows.map((x: { id: string }) => x.id)).toEqual([e1.id]);
  });

  it(`${F}::OrganizationAuditLogsTest.test_filter_by_user_and_event`, async () => {
    const s = await clean();
    const other = person(s);
    const now = Date.now();
    const e1 = entry(s, 'org.edit', '101', new Date(now));
    entry(s, 'org.edit', other.user.id, new Date(now));
    entry(s, 'org.create', '101', new Date(now + 1000));
    expect((await call(s, 'GET', `${URL}?event=org.edit&actor=101`)).body.rows.map((x: { id: string }) => x.id)).toEqual([e1.id]);
  });

  it(`${F}::OrganizationAuditLogsTest.test_invalid_event`, async () => {
    const s = await clean();
    entry(s, 'org.edit', '101', new Date());
    expect((await call(s, 'GET', `${URL}?event=wrong`)).body.rows).toEqual([]);
  });

  it(`${F}::OrganizationAuditLogsTest.test_user_out_of_bounds`, async () => {
    const s = await clean();
    entry(s, 'org.edit', '101', new Date());
    const r = await call(s, 'GET', `${URL}?actor=111111111111`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ actor: ['Ensure this value is less than or equal to 2147483647.'] });
  });

  it(`${F}::OrganizationAuditLogsTest.test_options_data_included`, async () => {
    const s = await clean();
    entry(s, 'org.edit', '101', new Date());
    const r = await call(s, 'GET', URL);
    expect(Object.keys(r.body)).toHaveLength(2);
    expect(r.body.options).toEqual(AUDIT_EVENT_NAMES);
  });

  it(`${F}::OrganizationAuditLogsTest.test_filter_by_date`, async () => {
    const s = await clean();
    const now = Date.now();
    const e1 = entry(s, 'org.edit', '101', new Date(now - 86_400_000));
    entry(s, 'org.create', '101', new Date(now));
    const start = new Date(now - 86_400_000).toISOString();
    const end = new Date(now - 3_600_000).toISOString();
    const r = await call(s, 'GET', `${URL}?event=org.edit&start=${start}&end=${end}`);
    expect(r.body.rows.map((x: { id: string }) => x.id)).toEqual([e1.id]);
  });

  it(`${F}::OrganizationAuditLogsTest.test_filter_by_stats_period`, async () => {
    const s = await clean();
    const now = Date.now();
    entry(s, 'org.edit', '101', new Date(now - 2 * 86_400_000));
    const recent = entry(s, 'org.create', '101', new Date(now - 12 * 3_600_000));
    expect((await call(s, 'GET', `${URL}?statsPeriod=1d`)).body.rows.map((x: { id: string }) => x.id)).toEqual([recent.id]);
  });

  it(`${F} (OrganizationAuditPermission: org:write; a member gets 403)`, async () => {
    const s = await sim();
    const p = person(s);
    expect((await call(s, 'GET', URL, { token: p.token })).status).toBe(403);
    expect((await call(s, 'GET', URL, { token: s.tokens.manager })).status).toBe(200);
  });
});
