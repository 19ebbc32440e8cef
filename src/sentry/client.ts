// The HTTP client for Sentry's web API (/api/0/), built on ky 1.14.
//
// - The token goes only to trusted hosts (hosts.ts); a region or next-page URL elsewhere is refused.
// - Control-silo endpoints go to the control host, org-scoped ones to the org's region URL.
// - Lists follow the Link header with per_page=100 (client keys default to 10 otherwise).
// - Plain http goes only to loopback unless the caller opted in (allowHttp): checked per request,
//   so a region URL, redirect or next-page link cannot send the token in clear text either.
// - GET/PUT/DELETE/HEAD are retried on 429 and 5xx with exponential backoff and jitter,
//   honouring X-Sentry-Rate-Limit-Reset and Retry-After (Sentry sends none; a proxy in front of
//   it may), bounded in count and total time. A connection that failed without an answer (a
//   keep-alive socket the server closed under load: UND_ERR_SOCKET, a reset) is retried for
//   GET and HEAD only, and counted: a write may have been applied before the socket went, and a
//   resent DELETE would then answer 404 for a deletion that happened; the caller reads it back. A request that got no answer
//   within the timeout is not retried: a server silent that long is not hiccuping, and the user
//   waits at most the timeout they configured. POST is never resent: a POST that failed mid-flight is
//   reported so the caller reads the resource back instead.
// - A shared adaptive scheduler (scheduler.ts) bounds concurrency and follows the rate-limit headers.
//
// ky's own retry is off (retry: 0): Sentry's 429 needs the Reset header and the scheduler must
// release its slot while a request waits. Every URL is absolute and ky gets no prefixUrl, so
// next-page URLs need no special instance (TOOLCHAIN.md).

import ky from 'ky';
import { redactString, registerSecret } from '../secrets.js';
import type { ClientStats, QueryValue, SentryClient, SentryClientOptions, Silo } from './client-types.js';
import { controlUrlFor, describeUrl, isSentryIo, isTrustedUrl, normalizeBaseUrl } from './hosts.js';
import { paginate } from './paginate.js';
import { AdaptiveScheduler } from './scheduler.js';
import { send, type ClientCore } from './send.js';
import { untrustedHost } from './transport.js';

export type {
  ClientStats,
  HttpMethod,
  PaginateOptions,
  QueryValue,
  RequestEvent,
  RequestOptions,
  SentryClient,
  SentryClientOptions,
  SentryResponse,
  Silo,
} from './client-types.js';

export const DEFAULT_CONCURRENCY = 24;
export const DEFAULT_USER_AGENT = 'sentry-harden/0.1.0';

/** Control-silo endpoints (organization.md §2.6): the index, the org list, audit logs, users, tokens and apps. */
export function siloFor(path: string): Silo {
  if (path === '' || path === 'organizations/') return 'control';
  if (/^organizations\/[^/]+\/audit-logs\/$/.test(path)) return 'control';
  // @control_silo_endpoint: org_auth_tokens.py, org_auth_token_details.py,
  // organization_sentry_apps.py, sentry_app_installations.py, sentry_app_details.py
  if (/^organizations\/[^/]+\/(org-auth-tokens|sentry-apps|sentry-app-installations)\//.test(path)) return 'control';
  if (path.startsWith('sentry-apps/')) return 'control';
  if (path.startsWith('users/')) return 'control';
  return 'region';
}

function appendQuery(url: URL, query: Record<string, QueryValue> | undefined): void {
  if (!query) return;
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
    else url.searchParams.set(k, String(v));
  }
}

export function createSentryClient(opts: SentryClientOptions): SentryClient {
  const core = createCore(opts);
  let regionUrl = core.baseUrl;
  const buildUrl = (path: string, silo: Silo, query?: Record<string, QueryValue>): URL => {
    if (path.startsWith('/') || /^[a-z]+:/i.test(path)) {
      throw new Error(`Sentry API paths are relative to /api/0/ (got ${path})`);
    }
    const url = new URL(`api/0/${path}`, `${silo === 'control' ? core.controlUrl : regionUrl}/`);
    appendQuery(url, query);
    return url;
  };
  return {
    baseUrl: core.baseUrl,
    controlUrl: core.controlUrl,
    get regionUrl() {
      return regionUrl;
    },
    stats: core.stats,
    warnings: core.warnings,
    get concurrency() {
      return core.scheduler.concurrency;
    },
    setRegionUrl(url: string): string {
      regionUrl = chooseRegionUrl(core, url);
      return regionUrl;
    },
    async request(method, path, o = {}) {
      const url = buildUrl(path, o.silo ?? siloFor(path), o.query);
      const { url: _u, ...res } = await send(core, method, path || '/api/0/', url, o);
      return res;
    },
    paginate: (path, o = {}) => paginate(core, path, buildUrl(path, o.silo ?? siloFor(path), { per_page: 100, ...o.query }), o),
    scrub: core.scrub,
  };
}

/** The parts every request shares: settings, the ky instance, the scheduler, counts, warnings. */
function createCore(opts: SentryClientOptions): ClientCore & { warnings: string[] } {
  const baseUrl = normalizeBaseUrl(opts.baseUrl);
  const scheduler = new AdaptiveScheduler(opts.concurrency ?? DEFAULT_CONCURRENCY);
  const stats: ClientStats = {
    requests: 0,
    retries: 0,
    connectionRetries: 0,
    rateLimited: 0,
    get rateLimitWaits() {
      return scheduler.waits.count;
    },
    get rateLimitWaitMs() {
      return scheduler.waits.ms;
    },
    get waiting() {
      return scheduler.waiting;
    },
  };
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const http = ky.create({
    retry: 0,
    throwHttpErrors: false,
    redirect: 'manual',
    timeout: timeoutMs,
    headers: {
      Authorization: `Bearer ${opts.token}`,
      Accept: 'application/json',
      'User-Agent': opts.userAgent ?? DEFAULT_USER_AGENT,
    },
  });
  // the token goes nowhere: every writer removes it through src/secrets.ts
  registerSecret(opts.token);
  const scrub = (text: string): string => redactString(text);
  const warnings: string[] = [];
  return {
    baseUrl,
    controlUrl: controlUrlFor(baseUrl),
    timeoutMs,
    maxRetries: opts.maxRetries ?? 4,
    maxRetryTimeMs: opts.maxRetryTimeMs ?? 60_000,
    retryBaseMs: opts.retryBaseMs ?? 250,
    allowHttp: opts.allowHttp === true,
    http,
    scheduler,
    stats,
    onRequest: opts.onRequest,
    warnings,
    warn(message: string): void {
      const m = scrub(message);
      if (warnings.includes(m)) return;
      warnings.push(m);
      opts.onWarning?.(m);
    },
    scrub,
  };
}

/**
 * Where org-scoped calls go for an org's `links.regionUrl`: the URL when trusted; on sentry.io
 * anything else is refused; on self-hosted a different hostname is not followed (warning).
 */
function chooseRegionUrl(core: ClientCore, url: string): string {
  const { baseUrl } = core;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw untrustedHost(baseUrl, 'GET', 'organizations/', String(url).slice(0, 80), 'not a valid URL');
  }
  if (isTrustedUrl(baseUrl, parsed)) return normalizeBaseUrl(parsed.href);
  if (isSentryIo(baseUrl)) {
    throw untrustedHost(baseUrl, 'GET', 'organizations/', parsed.href, "the organization's links.regionUrl is not an https URL under sentry.io");
  }
  core.warn(
    `The organization's region URL ${describeUrl(parsed)} does not match ${describeUrl(baseUrl)} ` +
      `(often a wrong system.url-prefix on the server); using ${describeUrl(baseUrl)} for every request`,
  );
  return baseUrl;
}
