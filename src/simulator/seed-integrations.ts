// The demo org's org auth tokens, custom integrations, installed apps and Relay usage: one of each
// kind that 2.4, 2.5 and 3.4 report, next to ones that pass. Tests refer to DEMO_INTEGRATIONS.

import { DAY, daysAgo } from './seed-util.js';
import type { SimOrgAuthToken, SimSentryApp, SimState } from './state.js';

export const DEMO_INTEGRATIONS = {
  /** the org auth token the simulator's `orgCi` token authenticates as (created 34 days ago, used 2 days ago) */
  ciTokenId: '4001',
  /** last used 200 days ago (2.4.1) */
  staleTokenId: '4002',
  /** created 60 days ago, never used (2.4.2) */
  neverUsedTokenId: '4003',
  /** scopes project:releases + org:read instead of org:ci (2.4.3), used 5 days ago */
  broadScopeTokenId: '4004',
  /** internal integration with read-only scopes and an HTTPS webhook */
  readOnlyApp: 'deploy-notifier',
  /** internal integration with org:admin, member:write, project:admin and an http:// webhook (2.5.1, 2.5.2) */
  broadApp: 'ops-automation',
  /** a published third-party app the org installed, with project:write (2.5.1) */
  installedApp: 'pagerbridge',
  /** trusted Relays: seen an hour ago / last seen 200 days ago / never seen (3.4.1) */
  relays: { live: 'edge-eu', stale: 'edge-legacy', unseen: 'staging-relay' },
} as const;

const RELAY_KEYS = {
  live: 'nDJl79SbEYH9-8NEJAI7ezrgYfolPW3Bnkg00k1zOfA',
  stale: 'AitWAgB-oHFywmKnUMRKMXcrsyPkESV-5gR-vsMqXgQ',
  unseen: 'SMSesqan65THCV6M4qs4kBzPai60LzuDn-xNsvYpuP8',
} as const;

function token(id: string, name: string, scopes: string[], created: string, lastUsed: string | null, last4: string): SimOrgAuthToken {
  return { id, name, scopes, tokenLastCharacters: last4, dateCreated: created, dateLastUsed: lastUsed, projectLastUsedId: null, dateDeactivated: null };
}

function app(a: Omit<SimSentryApp, 'uuid' | 'clientId' | 'clientSecret'> & { n: number }): SimSentryApp {
  const { n, ...rest } = a;
  const h = (k: number) => String(n * 7919 + k).padStart(12, '0');
  return { ...rest, uuid: `8c4e${h(1).slice(0, 4)}-0000-4000-8000-${h(2)}`, clientId: `client${h(3)}${h(4)}`, clientSecret: `secret${h(5)}${h(6)}` };
}

export function seedIntegrations(state: SimState, now: number): void {
  const I = DEMO_INTEGRATIONS;
  for (const t of [
    token(I.ciTokenId, 'GitHub Actions', ['org:ci'], daysAgo(now, 34), daysAgo(now, 2), 'Q7xa'),
    token(I.staleTokenId, 'Old deploy script', ['org:ci'], daysAgo(now, 400), daysAgo(now, 200), 'm2Kd'),
    token(I.neverUsedTokenId, 'Vercel preview', ['org:ci'], daysAgo(now, 60), null, 'Zp0v'),
    // the scope set Sentry's own tests give a token created outside the UI (test_org_auth_token_details.py)
    token(I.broadScopeTokenId, 'Legacy release bot', ['project:releases', 'org:read'], daysAgo(now, 900), daysAgo(now, 5), 'b8Rw'),
  ]) {
    state.orgAuthTokens.set(t.id, t);
  }

  const org = state.org;
  const other = { ownerId: '9000001', ownerSlug: 'pagerbridge-inc' };
  const apps = [
    app({ n: 1, id: '5001', slug: I.readOnlyApp, name: 'Deploy notifier', status: 'internal', scopes: ['project:read', 'event:read', 'org:read'], webhookUrl: 'https://hooks.acme.example/sentry', events: ['issue'], ownerId: org.id, ownerSlug: org.slug, dateAdded: daysAgo(now, 120) }),
    app({ n: 2, id: '5002', slug: I.broadApp, name: 'Ops automation', status: 'internal', scopes: ['org:admin', 'member:write', 'project:admin', 'event:write', 'org:read'], webhookUrl: 'http://ops.acme.internal/sentry-hook', events: ['issue', 'error'], ownerId: org.id, ownerSlug: org.slug, dateAdded: daysAgo(now, 300) }),
    app({ n: 3, id: '5003', slug: I.installedApp, name: 'PagerBridge', status: 'published', scopes: ['org:read', 'project:write', 'event:write'], webhookUrl: 'https://api.pagerbridge.example/sentry', events: ['issue'], ...other, dateAdded: daysAgo(now, 700) }),
  ];
  for (const a of apps) state.sentryApps.set(a.slug, a);
  // internal integrations are installed in their own org when created (SentryAppCreator)
  apps.forEach((a, i) => {
    state.installations.push({ uuid: `1e2d3c4b-0000-4000-8000-00000000000${i + 1}`, appSlug: a.slug, status: 'installed', dateAdded: new Date(Date.parse(a.dateAdded) + DAY).toISOString(), code: `grantcode${i + 1}${a.id}` });
  });

  org.trustedRelays = [
    { name: I.relays.live, publicKey: RELAY_KEYS.live, description: 'EU edge', created: daysAgo(now, 300), lastModified: daysAgo(now, 300) },
    { name: I.relays.stale, publicKey: RELAY_KEYS.stale, description: 'old datacenter', created: daysAgo(now, 500), lastModified: daysAgo(now, 500) },
    { name: I.relays.unseen, publicKey: RELAY_KEYS.unseen, created: daysAgo(now, 100), lastModified: daysAgo(now, 100) },
  ];
  state.relayUsage.push(
    { relayId: '0d5e2c1a-1111-4f00-9c00-000000000001', version: '24.1.0', publicKey: RELAY_KEYS.live, firstSeen: daysAgo(now, 290), lastSeen: new Date(now - 3_600_000).toISOString() },
    { relayId: '0d5e2c1a-1111-4f00-9c00-000000000001', version: '23.11.2', publicKey: RELAY_KEYS.live, firstSeen: daysAgo(now, 299), lastSeen: daysAgo(now, 290) },
    { relayId: '0d5e2c1a-2222-4f00-9c00-000000000002', version: '22.6.0', publicKey: RELAY_KEYS.stale, firstSeen: daysAgo(now, 480), lastSeen: daysAgo(now, 200) },
  );
}
