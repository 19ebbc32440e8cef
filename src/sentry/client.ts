// The HTTP client for Sentry's web API (/api/0/), built on ky 1.14.
//
// - The token goes only to trusted hosts (hosts.ts); a region or next-page URL elsewhere is refused.
// - Control-silo endpoints go to the control host, org-scoped ones to the org's region URL.
// - Lists follow the Link header with per_page=100 (client keys default to 10 otherwise).
// - Plain http goes only to loopback unless the caller opted in (allowHttp): checked per request,
//   so a region URL, redirect or next-page link cannot send the token in clear text either.
// - GET/PUT/DELETE/HEAD are retried on 429, 5xx and network errors with exponential
//   backoff and jitter, honouring X-Sentry-Rate-Limit-Reset and Retry-After (Sentry sends none;
//   a proxy in front of it may), bounded in count and total time. A request that got no answer
//   within the timeout is not retried: a server silent that long is not hiccuping, and the user
//   waits at most the timeout they configured. POST is never resent: a POST that failed mid-flight is
//   reported so the caller reads the resource back instead.
// - A shared adaptive scheduler (scheduler.ts) bounds concurrency and follows the rate-limit headers.
//
// ky's own retry is off (retry: 0): Sentry's 429 needs the Reset header and the scheduler must
// release its slot while a request waits. Every URL is absolute and ky gets no prefixUrl, so
// next-page URLs need no special instance (TOOLCHAIN.md).

import { redactSecrets, redactString, registerSecret } from '../secrets.js';
import ky, { TimeoutError } from 'ky';
import { SentryApiError, errorFromHttp, type SentryApiErrorKind } from './errors.js';
import { controlUrlFor, describeUrl, isCleartext, isSentryIo, isTrustedUrl, normalizeBaseUrl } from './hosts.js';
import { nextPage } from './link-header.js';
import { AdaptiveScheduler, readRateLimitHeaders, serverWaitMs } from './scheduler.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
export type Silo = 'control' | 'region';
export type QueryValue = string | number | boolean | readonly (string | number)[] | null | undefined;

export interface RequestEvent {
  method: string;
  path: string;
  /** absent when no response arrived (network error, timeout) */
  status?: number;
  ms: number;
  attempt: number;
  error?: SentryApiErrorKind;
}

export interface SentryClientOptions {
  baseUrl: string;
  token: string;
  /** how long one attempt waits for an answer; default 30 s. A timed-out request is not retried */
  timeoutMs?: number;
  /**
   * plain http to a host that is not loopback; default false: such a request is refused before
   * anything is sent (the token would travel unencrypted). The user opts in explicitly.
   */
  allowHttp?: boolean;
  /** retries after the first attempt; default 4 */
  maxRetries?: number;
  /** total time a request may spend retrying (including waits); default 60 s */
  maxRetryTimeMs?: number;
  /** upper bound of parallel requests; default 24 (the scheduler shrinks it to ConcurrentLimit-1 and under rate limits) */
  concurrency?: number;
  userAgent?: string;
  /** first backoff step; default 250 ms (doubles each retry, with jitter, capped at 8 s) */
  retryBaseMs?: number;
  onRequest?: (e: RequestEvent) => void;
  onWarning?: (message: string) => void;
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  json?: unknown;
  /** default: derived from the path (see `siloFor`) */
  silo?: Silo;
  /** what the request is for, used in permission errors ("read the audit log") */
  purpose?: string;
  /** statuses returned as responses instead of thrown (e.g. 404 for a probe) */
  accept?: readonly number[];
}

export interface SentryResponse {
  status: number;
  data: unknown;
  headers: Headers;
}

export interface PaginateOptions {
  query?: Record<string, QueryValue>;
  silo?: Silo;
  purpose?: string;
  /** the list inside a page body (default: the body itself must be an array) */
  extract?: (body: unknown) => unknown;
  /** called with each page's items; return false to stop (the next page may already have been asked for) */
  onPage?: (items: unknown[]) => void | boolean;
  maxPages?: number;
}

export interface ClientStats {
  requests: number;
  retries: number;
  rateLimited: number;
  /** how often requests were held back for Sentry's rate limit (window used up, or a 429) */
  readonly rateLimitWaits: number;
  /** the time they were held, in all */
  readonly rateLimitWaitMs: number;
  /** true while requests are held back for the rate limit */
  readonly waiting: boolean;
}

export interface SentryClient {
  readonly baseUrl: string;
  readonly controlUrl: string;
  /** where org-scoped calls go: the trusted links.regionUrl, else the base URL */
  readonly regionUrl: string;
  readonly stats: Readonly<ClientStats>;
  readonly warnings: readonly string[];
  /** current parallelism bound (adapts to rate-limit headers) */
  readonly concurrency: number;
  /**
   * Route org-scoped calls to an org's `links.regionUrl`. Throws `untrusted_host` on sentry.io
   * for a URL outside sentry.io; on self-hosted a different hostname is not followed (warning).
   * Returns the URL now in use.
   */
  setRegionUrl(url: string): string;
  request(method: HttpMethod, path: string, opts?: RequestOptions): Promise<SentryResponse>;
  paginate(path: string, opts?: PaginateOptions): Promise<unknown[]>;
  /** removes the token from any text (defence in depth for server-provided messages) */
  scrub(text: string): string;
}

export const DEFAULT_CONCURRENCY = 24;
export const DEFAULT_USER_AGENT = 'sentry-harden/0.1.0';
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'PUT', 'DELETE', 'HEAD']);
const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);
const MAX_BACKOFF_MS = 8_000;
const MAX_REDIRECTS = 5;

/** Control-silo endpoints (organization.md §2.6): the index, the org list, audit logs, users. */
export function siloFor(path: string): Silo {
  if (path === '' || path === 'organizations/') return 'control';
  if (/^organizations\/[^/]+\/audit-logs\/$/.test(path)) return 'control';
  if (path.startsWith('users/')) return 'control';
  return 'region';
}

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function appendQuery(url: URL, query: Record<string, QueryValue> | undefined): void {
  if (!query) return;
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
    else url.searchParams.set(k, String(v));
  }
}

export function createSentryClient(opts: SentryClientOptions): SentryClient {
  const baseUrl = normalizeBaseUrl(opts.baseUrl);
  const controlUrl = controlUrlFor(baseUrl);
  const token = opts.token;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxRetries = opts.maxRetries ?? 4;
  const maxRetryTimeMs = opts.maxRetryTimeMs ?? 60_000;
  const retryBaseMs = opts.retryBaseMs ?? 250;
  const scheduler = new AdaptiveScheduler(opts.concurrency ?? DEFAULT_CONCURRENCY);
  const stats: ClientStats = {
    requests: 0,
    retries: 0,
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
  const warnings: string[] = [];
  let regionUrl = baseUrl;

  const http = ky.create({
    retry: 0,
    throwHttpErrors: false,
    redirect: 'manual',
    timeout: timeoutMs,
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      'User-Agent': opts.userAgent ?? DEFAULT_USER_AGENT,
    },
  });

  // the token goes nowhere: every writer removes it through src/secrets.ts
  registerSecret(token);
  const scrub = (text: string): string => redactString(text);

  // error bodies reach messages and fieldErrors: take the token out of them, whatever their shape
  const scrubDeep = (body: unknown): unknown => redactSecrets(body);

  const warn = (message: string): void => {
    const m = scrub(message);
    if (warnings.includes(m)) return;
    warnings.push(m);
    opts.onWarning?.(m);
  };

  function rootFor(silo: Silo): string {
    return silo === 'control' ? controlUrl : regionUrl;
  }

  function buildUrl(path: string, silo: Silo, query?: Record<string, QueryValue>): URL {
    if (path.startsWith('/') || /^[a-z]+:/i.test(path)) {
      throw new Error(`Sentry API paths are relative to /api/0/ (got ${path})`);
    }
    const url = new URL(`api/0/${path}`, `${rootFor(silo)}/`);
    appendQuery(url, query);
    return url;
  }

  function untrusted(method: string, path: string, url: string, why: string): SentryApiError {
    return new SentryApiError({
      kind: 'untrusted_host',
      method,
      path,
      message: `Refusing to send the auth token to ${describeUrl(url)} (${why}); it is only sent to ${describeUrl(baseUrl)}${isSentryIo(baseUrl) ? ' and sentry.io' : ''}. Nothing was sent there`,
    });
  }

  function transportError(e: unknown, method: string, path: string, url: URL): SentryApiError {
    const where = `${url.protocol}//${url.host}`;
    const unsure =
      method === 'POST'
        ? '; the change may or may not have been applied: read it back before trying again'
        : '';
    if (e instanceof TimeoutError) {
      return new SentryApiError({
        kind: 'timeout',
        method,
        path,
        reason: `no answer within ${seconds(timeoutMs)} (the request timeout)`,
        message: `${method} ${path} got no answer from ${where} within ${seconds(timeoutMs)} (the request timeout)${unsure}`,
      });
    }
    const err = e as { message?: string; cause?: { code?: string; message?: string } };
    const reason = scrub(err.cause?.code ?? err.cause?.message ?? err.message ?? 'connection failed');
    return new SentryApiError({
      kind: 'network',
      method,
      path,
      reason,
      message: `could not reach ${where} for ${method} ${path}: ${reason}${unsure}`,
    });
  }

  async function readBody(res: Response, method: string, path: string): Promise<unknown> {
    if (res.status === 204 || method === 'HEAD') return null;
    const text = await res.text();
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text);
    } catch {
      if (res.ok) {
        throw new SentryApiError({
          kind: 'bad_response',
          method,
          path,
          status: res.status,
          message: `Sentry answered ${method} ${path} with a body that is not JSON (${res.headers.get('content-type') ?? 'no content type'}); is ${describeUrl(baseUrl)} a Sentry server?`,
        });
      }
      return scrub(text.slice(0, 500));
    }
  }

  function backoff(attempt: number): number {
    const exp = Math.min(MAX_BACKOFF_MS, retryBaseMs * 2 ** (attempt - 1));
    return exp / 2 + Math.random() * (exp / 2);
  }

  async function send(
    method: HttpMethod,
    path: string,
    startUrl: URL,
    o: { json?: unknown; purpose?: string; accept?: readonly number[]; urgent?: boolean },
  ): Promise<SentryResponse & { url: URL }> {
    const idempotent = IDEMPOTENT.has(method);
    const deadline = Date.now() + maxRetryTimeMs;
    let url = startUrl;
    let attempt = 0;
    let redirects = 0;
    for (;;) {
      attempt += 1;
      if (isCleartext(url) && opts.allowHttp !== true) {
        throw untrusted(method, path, url.href, 'plain http: the token would travel unencrypted');
      }
      const ticket = await scheduler.acquire(o.urgent || attempt > 1 ? 'urgent' : 'normal');
      const t0 = Date.now();
      let res: Response | undefined;
      let body: unknown;
      let failure: SentryApiError | undefined;
      try {
        res = await http(url, { method, ...(o.json !== undefined ? { json: o.json } : {}) });
        body = await readBody(res, method, path);
      } catch (e) {
        failure = e instanceof SentryApiError ? e : transportError(e, method, path, url);
      } finally {
        scheduler.release(ticket, res ? { status: res.status, headers: res.headers } : undefined);
      }
      stats.requests += 1;
      if (res?.status === 429) stats.rateLimited += 1;
      const event: RequestEvent = { method, path, ms: Date.now() - t0, attempt };
      if (res) event.status = res.status;

      if (res && !failure) {
        if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
          const next = new URL(res.headers.get('location')!, url);
          if (method !== 'GET' || redirects >= MAX_REDIRECTS) {
            failure = new SentryApiError({
              kind: 'bad_response',
              method,
              path,
              status: res.status,
              message: `Sentry redirected ${method} ${path} (${res.status}); a renamed project or organization? Use its current slug`,
            });
          } else if (!isTrustedUrl(baseUrl, next)) {
            failure = untrusted(method, path, next.href, 'a redirect target outside the configured host');
          } else {
            opts.onRequest?.(event);
            redirects += 1;
            attempt -= 1;
            url = next;
            continue;
          }
        } else if ((res.status >= 200 && res.status < 300) || o.accept?.includes(res.status)) {
          opts.onRequest?.(event);
          return { status: res.status, data: body, headers: res.headers, url };
        } else {
          const rl = readRateLimitHeaders(res.headers);
          failure = errorFromHttp({
            method,
            path,
            status: res.status,
            body: scrubDeep(body),
            wwwAuthenticate: res.headers.get('www-authenticate'),
            settingsBaseUrl: controlUrl,
            ...(o.purpose !== undefined ? { purpose: o.purpose } : {}),
            ...(rl.reset !== undefined ? { resetAt: rl.reset } : {}),
          });
        }
      }
      const f = failure!;
      event.error = f.kind;
      opts.onRequest?.(event);

      const retriable =
        idempotent &&
        (f.kind === 'network' ||
          (res !== undefined && RETRY_STATUSES.has(res.status)));
      if (!retriable || attempt > maxRetries) throw f;
      let delay = backoff(attempt);
      const asked = res ? serverWaitMs(res.status, res.headers, Date.now()) : undefined;
      if (asked !== undefined) delay = asked + 30 + Math.random() * 100;
      if (res?.status === 429) scheduler.pause(Date.now() + delay);
      if (Date.now() + delay > deadline) throw f;
      stats.retries += 1;
      await sleep(delay);
    }
  }

  /** The next page's URL from a list response's Link header, or undefined on the last page. */
  function followingPage(path: string, res: SentryResponse & { url: URL }): URL | undefined {
    const next = nextPage(res.headers.get('link'));
    if (!next) return undefined;
    let nextUrl: URL;
    try {
      nextUrl = new URL(next.url, res.url);
    } catch {
      if (next.cursor === undefined) return undefined;
      nextUrl = new URL(res.url.href);
      nextUrl.searchParams.set('cursor', next.cursor);
    }
    if (!isTrustedUrl(baseUrl, nextUrl)) {
      if (next.cursor === undefined) {
        throw untrusted('GET', path, nextUrl.href, 'a next-page link outside the configured host');
      }
      // a proxy may build links with its internal hostname: keep our URL, take the cursor
      warn(`Sentry's next-page links point to ${describeUrl(nextUrl)}; following them on ${describeUrl(res.url)} instead`);
      nextUrl = new URL(res.url.href);
      nextUrl.searchParams.set('cursor', next.cursor);
    }
    if (!nextUrl.searchParams.has('per_page')) nextUrl.searchParams.set('per_page', '100');
    return nextUrl;
  }

  const client: SentryClient = {
    baseUrl,
    controlUrl,
    get regionUrl() {
      return regionUrl;
    },
    stats,
    warnings,
    get concurrency() {
      return scheduler.concurrency;
    },
    setRegionUrl(url: string): string {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw untrusted('GET', 'organizations/', String(url).slice(0, 80), 'not a valid URL');
      }
      if (isTrustedUrl(baseUrl, parsed)) {
        regionUrl = normalizeBaseUrl(parsed.href);
        return regionUrl;
      }
      if (isSentryIo(baseUrl)) {
        throw untrusted('GET', 'organizations/', parsed.href, "the organization's links.regionUrl is not an https URL under sentry.io");
      }
      warn(
        `The organization's region URL ${describeUrl(parsed)} does not match ${describeUrl(baseUrl)} ` +
          `(often a wrong system.url-prefix on the server); using ${describeUrl(baseUrl)} for every request`,
      );
      regionUrl = baseUrl;
      return regionUrl;
    },
    async request(method, path, o = {}) {
      const url = buildUrl(path, o.silo ?? siloFor(path), o.query);
      const { url: _u, ...res } = await send(method, path || '/api/0/', url, o);
      return res;
    },
    async paginate(path, o = {}) {
      const query = { per_page: 100, ...o.query };
      const purpose = o.purpose !== undefined ? { purpose: o.purpose } : {};
      const maxPages = o.maxPages ?? 10_000;
      const seen = new Set<string>();
      const fetchPage = (url: URL, page: number): Promise<SentryResponse & { url: URL }> => {
        seen.add(url.href);
        return send('GET', path, url, { ...purpose, urgent: page > 0 });
      };
      const all: unknown[] = [];
      let pending: Promise<SentryResponse & { url: URL }> | undefined = fetchPage(buildUrl(path, o.silo ?? siloFor(path), query), 0);
      let closeChain: (() => void) | undefined;
      try {
        for (let page = 0; pending; page++) {
          const res: SentryResponse & { url: URL } = await pending;
          // the chain's next link starts before this page is validated and handed over: a list is
          // as slow as its chain of pages, and the CPU work of one page overlaps the next one's wait
          const nextUrl = page + 1 < maxPages ? followingPage(path, res) : undefined;
          pending = nextUrl && !seen.has(nextUrl.href) ? fetchPage(nextUrl, page + 1) : undefined;
          if (pending && !closeChain) closeChain = scheduler.openChain();
          const items = o.extract ? o.extract(res.data) : res.data;
          if (!Array.isArray(items)) {
            throw new SentryApiError({
              kind: 'bad_response',
              method: 'GET',
              path,
              status: res.status,
              message: `Sentry answered GET ${path} with ${items === null ? 'an empty body' : 'something that is not a list'}; expected a list`,
            });
          }
          for (const item of items) all.push(item);
          if (o.onPage?.(items) === false) break;
        }
      } finally {
        closeChain?.();
        // a page already asked for but no longer wanted (an error, or onPage stopped): its outcome is dropped
        pending?.catch(() => undefined);
      }
      return all;
    },
    scrub,
  };
  return client;
}
