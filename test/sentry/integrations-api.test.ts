// The reads behind 2.4, 2.5 and 3.4 over real HTTP against the simulator: silo routing (the
// token and app endpoints are @control_silo_endpoint), and that no secret Sentry sends with
// them (an app's clientSecret, an installation's grant code) is kept.

import { describe, expect, it } from 'vitest';
import { createSentryApi } from '../../src/sentry/api.js';
import { createSentryClient } from '../../src/sentry/client.js';
import { SentryApiError } from '../../src/sentry/errors.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { DEMO_INTEGRATIONS } from '../../src/simulator/seed-integrations.js';
import { rejectsWith } from '../helpers/rejects.js';
import { closedAfterEach } from '../helpers/simulators.js';

const { sim } = closedAfterEach();

function apiFor(s: RunningSimulator, token = s.token) {
  const client = createSentryClient({ baseUrl: s.url, token, retryBaseMs: 20 });
  client.setRegionUrl(s.regionUrl);
  return createSentryApi(client);
}

describe('org auth tokens, apps and relay usage', () => {
  it('reads tokens, apps and installations on the control port and relay usage on the region port', async () => {
    const s = await sim({ splitRegion: true });
    const api = apiFor(s);
    const controlPort = Number(new URL(s.url).port);
    const regionPort = Number(new URL(s.regionUrl).port);
    s.stats.reset();
    const tokens = await api.listOrgAuthTokens(s.org);
    const apps = await api.listSentryApps(s.org);
    const installs = await api.listSentryAppInstallations(s.org);
    const installed = await api.getSentryApp(DEMO_INTEGRATIONS.installedApp);
    expect(s.stats.byPort.get(controlPort)).toBe(4);
    const relays = await api.listRelayUsage(s.org);
    expect(s.stats.byPort.get(regionPort)).toBe(1);

    expect(tokens.map((t) => t.id).sort()).toEqual(['4001', '4002', '4003', '4004']);
    const broad = tokens.find((t) => t.id === DEMO_INTEGRATIONS.broadScopeTokenId)!;
    expect(broad).toMatchObject({ name: 'Legacy release bot', scopes: ['project:releases', 'org:read'], dateLastUsed: expect.any(String) });
    expect(tokens.find((t) => t.id === DEMO_INTEGRATIONS.neverUsedTokenId)!.dateLastUsed).toBeNull();
    expect(apps.map((a) => a.slug).sort()).toEqual([DEMO_INTEGRATIONS.broadApp, DEMO_INTEGRATIONS.readOnlyApp].sort());
    expect(installed.scopes).toContain('project:write');
    expect(relays.map((r) => r.version)).toEqual(['24.1.0', '22.6.0', '23.11.2']); // most recently seen first

    // Sentry sends the owner's apps with clientId/clientSecret and installations with the grant code
    const raw = JSON.stringify([apps, installs, installed]);
    for (const a of s.state.sentryApps.values()) expect(raw).not.toContain(a.clientSecret);
    for (const i of s.state.installations) expect(raw).not.toContain(i.code);
    expect(raw).not.toContain('clientSecret');
    expect(raw).not.toContain('"code"');
  });

  it('a revoked token reads 404 afterwards; a member cannot revoke (403, org:write)', async () => {
    const s = await sim();
    const api = apiFor(s);
    const member = s.tokens.readonly;
    const e = await rejectsWith(apiFor(s, member).deleteOrgAuthToken(s.org, DEMO_INTEGRATIONS.staleTokenId), SentryApiError);
    expect(e.kind).toBe('permission');
    await api.deleteOrgAuthToken(s.org, DEMO_INTEGRATIONS.staleTokenId);
    const gone = await rejectsWith(api.getOrgAuthToken(s.org, DEMO_INTEGRATIONS.staleTokenId), SentryApiError);
    expect(gone.kind).toBe('not_found');
  });

  it('relay usage is 404 (not_found) on an org without the relay feature', async () => {
    const s = await sim();
    s.state.org.features = s.state.org.features.filter((f) => f !== 'relay');
    const e = await rejectsWith(apiFor(s).listRelayUsage(s.org), SentryApiError);
    expect(e.kind).toBe('not_found');
  });
});
