// Organization auth tokens, custom integrations (Sentry Apps) and their installations, Relay usage.
// Each handler follows the Sentry endpoint named above it; the parity tests in
// test/simulator/sentry-parity/ port the Sentry tests of each.

import { audit } from './audit.js';
import type { Ctx, Reply } from './http.js';
import { HttpError, NOT_FOUND, json, paged, requireScope } from './http.js';
import type { SimOrgAuthToken, SimSentryApp, SimSentryAppInstallation } from './state.js';

/** OrganizationPermission / OrgAuthTokenPermission GET (src/sentry/api/bases/organization.py) */
const ORG_READ = ['org:read', 'org:write', 'org:admin'];
/** OrgAuthTokenPermission DELETE */
const ORG_WRITE = ['org:write', 'org:admin'];
/** SentryAppInstallationsPermission / SentryAppPermission (unpublished) GET (sentry_apps/api/bases/sentryapps.py) */
const APP_READ = ['org:read', 'org:integrations', 'org:write', 'org:admin'];

/** never_cache (org_auth_tokens.py): the answer must not be stored by proxies */
const NEVER_CACHE = { 'Cache-Control': 'max-age=0, no-cache, no-store, must-revalidate, private' };

/** src/sentry/api/serializers/models/orgauthtoken.py (`token` only in the create answer) */
function serializeOrgAuthToken(t: SimOrgAuthToken): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    scopes: [...t.scopes],
    tokenLastCharacters: t.tokenLastCharacters,
    dateCreated: t.dateCreated,
    dateLastUsed: t.dateLastUsed,
    projectLastUsedId: t.projectLastUsedId,
  };
}

const activeToken = (ctx: Ctx): SimOrgAuthToken => {
  const t = ctx.state.orgAuthTokens.get(ctx.params.token_id ?? '');
  if (!t || t.dateDeactivated !== null) throw new HttpError(404, NOT_FOUND);
  return t;
};

/**
 * GET organizations/{org}/org-auth-tokens/ (src/sentry/api/endpoints/org_auth_tokens.py): active
 * tokens only, one unpaginated list ordered by last use (never used last), then name, then newest.
 */
export function listOrgAuthTokens(ctx: Ctx): Reply {
  requireScope(ctx, ORG_READ);
  const lastUsed = (t: SimOrgAuthToken): number => (t.dateLastUsed ? Date.parse(t.dateLastUsed) : -Infinity);
  const rows = [...ctx.state.orgAuthTokens.values()]
    .filter((t) => t.dateDeactivated === null)
    .sort((a, b) => lastUsed(b) - lastUsed(a) || a.name.localeCompare(b.name) || Date.parse(b.dateCreated) - Date.parse(a.dateCreated));
  return json(200, rows.map(serializeOrgAuthToken), NEVER_CACHE);
}

/** GET organizations/{org}/org-auth-tokens/{id}/ (org_auth_token_details.py): 404 once revoked. */
export function getOrgAuthToken(ctx: Ctx): Reply {
  requireScope(ctx, ORG_READ);
  return json(200, serializeOrgAuthToken(activeToken(ctx)));
}

/**
 * DELETE organizations/{org}/org-auth-tokens/{id}/ (org_auth_token_details.py): sets
 * date_deactivated (the row stays, the token stops working), writes ORGAUTHTOKEN_REMOVE with the
 * token's name and scopes, 204. A revoked token answers 404 like an unknown one.
 */
export function deleteOrgAuthToken(ctx: Ctx): Reply {
  requireScope(ctx, ORG_WRITE);
  const t = activeToken(ctx);
  t.dateDeactivated = ctx.now().toISOString();
  if (t.token) ctx.state.tokens.delete(t.token);
  audit(ctx, { event: 'org-auth-token.remove', targetObject: Number(t.id), data: { name: t.name, scopes: [...t.scopes] } });
  return { status: 204 };
}

/**
 * src/sentry/sentry_apps/api/serializers/sentry_app.py. clientId/clientSecret/owner only for
 * callers in the owning org; the secret only within a day of the app's creation (else null).
 */
function serializeSentryApp(ctx: Ctx, a: SimSentryApp): Record<string, unknown> {
  const out: Record<string, unknown> = {
    allowedOrigins: [],
    author: a.ownerSlug,
    avatars: [],
    events: [...a.events],
    featureData: [],
    isAlertable: false,
    metadata: '',
    name: a.name,
    overview: null,
    popularity: a.status === 'published' ? 10 : 1,
    redirectUrl: null,
    schema: '',
    scopes: [...a.scopes],
    slug: a.slug,
    status: a.status,
    uuid: a.uuid,
    verifyInstall: a.status === 'published',
    webhookUrl: a.webhookUrl,
  };
  if (a.ownerId === ctx.state.org.id && ctx.member) {
    const visible = Date.parse(a.dateAdded) > ctx.now().getTime() - 86_400_000;
    const secret = ctx.scopes.has('org:write') || ctx.scopes.has('org:admin') ? a.clientSecret : '************';
    Object.assign(out, { clientId: a.clientId, clientSecret: visible ? secret : null, owner: { id: Number(ctx.state.org.id), slug: ctx.state.org.slug } });
  }
  return out;
}

/**
 * GET organizations/{org}/sentry-apps/ (sentry_apps/api/endpoints/organization_sentry_apps.py):
 * the apps the org owns, newest first, OffsetPaginator; `?status=` filters.
 */
export function listOrgSentryApps(ctx: Ctx): Reply {
  requireScope(ctx, ORG_READ);
  const status = ctx.url.searchParams.get('status');
  const rows = [...ctx.state.sentryApps.values()]
    .filter((a) => a.ownerId === ctx.state.org.id && (status === null || a.status === status))
    .sort((a, b) => Date.parse(b.dateAdded) - Date.parse(a.dateAdded));
  return paged(ctx, rows, (a) => serializeSentryApp(ctx, a));
}

/**
 * GET organizations/{org}/sentry-app-installations/ (sentry_app_installations.py): newest first,
 * OffsetPaginator; the grant `code` for callers with org:integrations (sentry_app_installation.py).
 */
export function listSentryAppInstallations(ctx: Ctx): Reply {
  requireScope(ctx, APP_READ);
  const rows = [...ctx.state.installations].sort((a, b) => Date.parse(b.dateAdded) - Date.parse(a.dateAdded));
  return paged(ctx, rows, (i: SimSentryAppInstallation) => {
    const app = ctx.state.sentryApps.get(i.appSlug);
    return {
      app: { uuid: app?.uuid ?? '', slug: i.appSlug },
      organization: { slug: ctx.state.org.slug, id: Number(ctx.state.org.id) },
      uuid: i.uuid,
      status: i.status,
      ...(ctx.scopes.has('org:integrations') ? { code: i.code } : {}),
    };
  });
}

/**
 * GET sentry-apps/{slug}/ (sentry_app_details.py, SentryAppPermission in bases/sentryapps.py): a
 * published app answers any signed-in caller; an unpublished or internal one only members of the
 * owning org with a read scope (others: 400, the SentryAppIntegratorError of SentryAppPermission, as
 * test_sentry_app_details.py expects).
 */
export function getSentryApp(ctx: Ctx): Reply {
  const a = ctx.state.sentryApps.get(ctx.params.app ?? '');
  if (!a) throw new HttpError(404, { detail: 'Could not find the requested sentry app' });
  if (a.status !== 'published') {
    if (a.ownerId !== ctx.state.org.id || !ctx.member) throw new HttpError(400, { detail: "User must be in the app owner's organization for unpublished apps" });
    requireScope(ctx, APP_READ);
  }
  return json(200, serializeSentryApp(ctx, a));
}

/**
 * GET organizations/{org}/relay_usage/ (src/sentry/api/endpoints/organization_relay_usage.py): 404
 * without the `organizations:relay` feature; [] without trusted relays; else the usage rows of
 * the org's trusted public keys, most recently seen first (serializer: models/relay.py).
 */
export function listRelayUsage(ctx: Ctx): Reply {
  requireScope(ctx, ORG_READ);
  if (!ctx.state.org.features.includes('relay')) return { status: 404 };
  const keys = new Set(ctx.state.org.trustedRelays.map((r) => r.publicKey));
  if (keys.size === 0) return json(200, []);
  const rows = ctx.state.relayUsage
    .filter((r) => keys.has(r.publicKey))
    .sort((a, b) => Date.parse(b.lastSeen) - Date.parse(a.lastSeen))
    .map((r) => ({ relayId: r.relayId, version: r.version, firstSeen: r.firstSeen, lastSeen: r.lastSeen, publicKey: r.publicKey }));
  return json(200, rows);
}
