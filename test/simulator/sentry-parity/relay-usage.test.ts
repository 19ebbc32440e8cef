// Ported from getsentry/sentry tests/sentry/api/endpoints/test_organization_relay_usage.py
// (GET organizations/{org}/relay_usage/). RelayUsage rows are written into the simulator the way
// the Sentry test creates them.

import { describe, expect, it } from 'vitest';
import { ORG, call, sim } from './parity.js';

const F = 'test_organization_relay_usage.py';
const URL = `${ORG}/relay_usage/`;
const PKS = ['nDJl79SbEYH9-8NEJAI7ezrgYfolPW3Bnkg00k1zOfA', 'AitWAgB-oHFywmKnUMRKMXcrsyPkESV-5gR-vsMqXgQ', 'SMSesqan65THCV6M4qs4kBzPai60LzuDn-xNsvYpuP8'];

async function withHistory() {
  const s = await sim();
  s.state.org.trustedRelays = [];
  s.state.relayUsage.length = 0;
  s.state.relayUsage.push(
    { relayId: 'r1', publicKey: PKS[0]!, version: '1.1.1', firstSeen: '2001-01-01T00:00:00Z', lastSeen: '2001-01-02T00:00:00Z' },
    { relayId: 'r1', publicKey: PKS[0]!, version: '1.1.2', firstSeen: '2001-02-01T00:00:00Z', lastSeen: '2001-02-02T00:00:00Z' },
    { relayId: 'r2', publicKey: PKS[1]!, version: '1.1.1', firstSeen: '2002-01-01T00:00:00Z', lastSeen: '2002-01-01T00:00:00Z' },
    { relayId: 'r3', publicKey: PKS[2]!, version: '1.1.1', firstSeen: '2003-01-01T00:00:00Z', lastSeen: '2003-01-01T00:00:00Z' },
  );
  return s;
}

describe(`${F} OrganizationRelayHistoryTest`, () => {
  it(`${F}::OrganizationRelayHistoryTest.test_no_valid_public_keys`, async () => {
    const s = await withHistory();
    const r = await call(s, 'GET', URL);
    expect(r.status).toBe(200);
    expect(r.body).toEqual([]);
  });

  it(`${F}::OrganizationRelayHistoryTest.test_endpoint_checks_feature_present`, async () => {
    const s = await withHistory();
    s.state.org.features = s.state.org.features.filter((f) => f !== 'relay');
    expect((await call(s, 'GET', URL)).status).toBe(404);
  });

  it(`${F}::OrganizationRelayHistoryTest.test_only_records_for_known_public_keys_are_returned`, async () => {
    const s = await withHistory();
    const put = await call(s, 'PUT', `${ORG}/`, { body: { trustedRelays: [PKS[0], PKS[1]].map((pk, i) => ({ name: `n_${i}`, description: `d_${i}`, publicKey: pk })) } });
    expect(put.status).toBe(200);
    const r = await call(s, 'GET', URL);
    expect(r.body).toHaveLength(3);
    expect(r.body.filter((x: { relayId: string; version: string }) => x.relayId === 'r1' && x.version === '1.1.1')).toHaveLength(1);
    expect(r.body.filter((x: { relayId: string; version: string }) => x.relayId === 'r1' && x.version === '1.1.2')).toHaveLength(1);
    expect(r.body.filter((x: { relayId: string }) => x.relayId === 'r2')).toHaveLength(1);
    // order_by("-last_seen")
    expect(r.body.map((x: { lastSeen: string }) => x.lastSeen)).toEqual(['2002-01-01T00:00:00Z', '2001-02-02T00:00:00Z', '2001-01-02T00:00:00Z']);
    expect(Object.keys(r.body[0]).sort()).toEqual(['firstSeen', 'lastSeen', 'publicKey', 'relayId', 'version']);
  });
});
