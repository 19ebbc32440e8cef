// Ported from getsentry/sentry tests/sentry/sentry_apps/api/endpoints/test_organization_sentry_apps.py,
// test_organization_sentry_app_installations.py and test_sentry_app_details.py (GET only).

import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import { DEMO_INTEGRATIONS } from '../../../src/simulator/seed-integrations.js';
import type { SimSentryApp } from '../../../src/simulator/state.js';
import { ORG, call, person, sim } from './parity.js';

const F = 'test_organization_sentry_apps.py';
const I = 'test_organization_sentry_app_installations.py';
const D = 'test_sentry_app_details.py';

function app(s: RunningSimulator, o: Partial<SimSentryApp> & { slug: string }): SimSentryApp {
  const a: SimSentryApp = {
    id: String(70_000 + s.state.sentryApps.size),
    name: o.slug,
    uuid: `uuid-${o.slug}`,
    status: 'unpublished',
    scopes: [],
    webhookUrl: 'https://example.com/webhook',
    events: [],
    ownerId: s.state.org.id,
    ownerSlug: s.state.org.slug,
    dateAdded: new Date().toISOString(),
    clientId: `cid-${o.slug}`,
    clientSecret: `csecret-${o.slug}`,
    ...o,
  };
  s.state.sentryApps.set(a.slug, a);
  return a;
}

async function clean() {
  const s = await sim();
  s.state.sentryApps.clear();
  s.state.installations.length = 0;
  return s;
}

describe(`${F} GetOrganizationSentryAppsTest`, () => {
  it(`${F}::GetOrganizationSentryAppsTest.test_gets_all_apps_in_own_org`, async () => {
    const s = await clean();
    app(s, { slug: 'test', status: 'published', ownerId: '999', ownerSlug: 'super-org' });
    const mine = app(s, { slug: 'testin' });
    const r = await call(s, 'GET', `${ORG}/sentry-apps/`);
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(1);
    expect(r.body[0]).toMatchObject({
      slug: mine.slug,
      uuid: mine.uuid,
      status: 'unpublished',
      scopes: [],
      webhookUrl: mine.webhookUrl,
      clientId: mine.clientId,
      // created within the day, caller with org:write: the real secret (serializer is_secret_visible)
      clientSecret: mine.clientSecret,
      owner: { slug: 'acme' },
    });
  });

  it(`${F}::GetOrganizationSentryAppsTest.test_filter_for_internal`, async () => {
    const s = await clean();
    app(s, { slug: 'testin' });
    const internal = app(s, { slug: 'internal-one', status: 'internal' });
    const r = await call(s, 'GET', `${ORG}/sentry-apps/?status=internal`);
    expect(r.body.map((a: { uuid: string }) => a.uuid)).toEqual([internal.uuid]);
  });

  it('the secret is hidden a day after creation (sentry_app.py serializer: is_secret_visible)', async () => {
    const s = await clean();
    app(s, { slug: 'old', dateAdded: new Date(Date.now() - 2 * 86_400_000).toISOString() });
    const r = await call(s, 'GET', `${ORG}/sentry-apps/`);
    expect(r.body[0].clientSecret).toBeNull();
  });
});

describe(`${I} GetSentryAppInstallationsTest`, () => {
  it(`${I}::GetSentryAppInstallationsTest.test_users_only_sees_installs_on_their_org`, async () => {
    const s = await clean();
    const a = app(s, { slug: 'testin' });
    s.state.installations.push({ uuid: 'inst-1', appSlug: a.slug, status: 'installed', dateAdded: new Date().toISOString(), code: 'grant-1' });
    const r = await call(s, 'GET', `${ORG}/sentry-app-installations/`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual([{ app: { slug: 'testin', uuid: a.uuid }, organization: { slug: 'acme', id: Number(s.state.org.id) }, uuid: 'inst-1', code: 'grant-1', status: 'installed' }]);
  });

  it('the grant code only for callers with org:integrations (sentry_app_installation.py serializer)', async () => {
    const s = await clean();
    const a = app(s, { slug: 'testin' });
    s.state.installations.push({ uuid: 'inst-1', appSlug: a.slug, status: 'installed', dateAdded: new Date().toISOString(), code: 'grant-1' });
    const reader = person(s, { role: 'member', scopes: ['org:read'] });
    const r = await call(s, 'GET', `${ORG}/sentry-app-installations/`, { token: reader.token });
    expect(r.body[0].code).toBeUndefined();
  });
});

describe(`${D} SentryAppDetails GET`, () => {
  it(`${D}::GetSentryAppDetailsTest.test_users_see_published_app`, async () => {
    const s = await clean();
    app(s, { slug: 'published', status: 'published', ownerId: '999', ownerSlug: 'other', scopes: ['project:write'] });
    const m = person(s, { role: 'member' });
    const r = await call(s, 'GET', '/api/0/sentry-apps/published/', { token: m.token });
    expect(r.status).toBe(200);
    expect(r.body.scopes).toEqual(['project:write']);
    expect(r.body.clientSecret).toBeUndefined();
  });

  it(`${D}::GetSentryAppDetailsTest.test_users_do_not_see_unowned_unpublished_apps`, async () => {
    const s = await clean();
    app(s, { slug: 'theirs', status: 'unpublished', ownerId: '999', ownerSlug: 'other' });
    expect((await call(s, 'GET', '/api/0/sentry-apps/theirs/')).status).toBe(400);
  });

  it(`${D}::GetSentryAppDetailsTest.test_retrieving_internal_integrations_as_org_member`, async () => {
    const s = await clean();
    app(s, { slug: 'mine-internal', status: 'internal' });
    const m = person(s, { role: 'member' });
    expect((await call(s, 'GET', '/api/0/sentry-apps/mine-internal/', { token: m.token })).status).toBe(200);
  });

  it('an unknown slug is 404 (SentryAppBaseEndpoint.convert_args, bases/sentryapps.py)', async () => {
    const s = await clean();
    expect((await call(s, 'GET', '/api/0/sentry-apps/nope/')).status).toBe(404);
  });

  it('the demo org has a read-only internal app, a broad one with an http:// webhook and an installed third-party app', async () => {
    const s = await sim();
    const own = await call(s, 'GET', `${ORG}/sentry-apps/`);
    expect(own.body.map((a: { slug: string }) => a.slug).sort()).toEqual([DEMO_INTEGRATIONS.broadApp, DEMO_INTEGRATIONS.readOnlyApp].sort());
    const inst = await call(s, 'GET', `${ORG}/sentry-app-installations/`);
    expect(inst.body.map((i: { app: { slug: string } }) => i.app.slug)).toContain(DEMO_INTEGRATIONS.installedApp);
  });
});
