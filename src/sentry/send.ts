// One request to Sentry, retried: an attempt through the scheduler, what its answer means
// (done, a redirect to follow, or a failure), and whether and how long to wait before the next.
// The rules are in client.ts's header comment.

import type { KyInstance } from 'ky';
import { redactSecrets } from '../secrets.js';
import type { ClientStats, HttpMethod, RequestEvent, SentryResponse } from './client-types.js';
import { SentryApiError, errorFromHttp } from './errors.js';
import { isCleartext, isTrustedUrl } from './hosts.js';
import { readRateLimitHeaders, serverWaitMs, type AdaptiveScheduler } from './scheduler.js';
import { readBody, transportError, untrustedHost } from './transport.js';

const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'PUT', 'DELETE', 'HEAD']);
/** resent after a connection failure with no answer: reads only (client.ts header) */
const SAFE: ReadonlySet<string> = new Set(['GET', 'HEAD']);
const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);
const MAX_BACKOFF_MS = 8_000;
const MAX_REDIRECTS = 5;

/** What every request of one client shares (built once by createSentryClient). */
export interface ClientCore {
  readonly baseUrl: string;
  readonly controlUrl: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly maxRetryTimeMs: number;
  readonly retryBaseMs: number;
  readonly allowHttp: boolean;
  readonly http: KyInstance;
  readonly scheduler: AdaptiveScheduler;
  readonly stats: ClientStats;
  readonly onRequest: ((e: RequestEvent) => void) | undefined;
  warn(message: string): void;
  scrub(text: string): string;
}

export interface SendOptions {
  json?: unknown;
  purpose?: string;
  accept?: readonly number[];
  /** a list's next page: goes before new work (scheduler) */
  urgent?: boolean;
  /**
   * Called with a 2xx answer's headers as soon as they arrive, before its body is read: a list
   * asks for its next page from the Link header then (paginate.ts). May be called once per attempt.
   */
  onHeaders?: (headers: Headers, url: URL) => void;
}

export type SentResponse = SentryResponse & { url: URL };

interface Attempt {
  res: Response | undefined;
  body: unknown;
  failure: SentryApiError | undefined;
  event: RequestEvent;
}

type Verdict = { done: SentResponse } | { redirect: URL } | { failure: SentryApiError };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends until an answer counts as done, a failure is final, or retries run out. */
export async function send(core: ClientCore, method: HttpMethod, path: string, startUrl: URL, o: SendOptions): Promise<SentResponse> {
  const deadline = Date.now() + core.maxRetryTimeMs;
  let url = startUrl;
  let attempt = 0;
  let redirects = 0;
  for (;;) {
    attempt += 1;
    if (isCleartext(url) && !core.allowHttp) {
      throw untrustedHost(core.baseUrl, method, path, url.href, 'plain http: the token would travel unencrypted');
    }
    const a = await attemptOnce(core, method, path, url, o, attempt);
    const verdict: Verdict = a.res && !a.failure ? judge(core, method, path, url, a.res, a.body, o, redirects) : { failure: a.failure! };
    if ('done' in verdict) {
      core.onRequest?.(a.event);
      return verdict.done;
    }
    if ('redirect' in verdict) {
      core.onRequest?.(a.event);
      redirects += 1;
      attempt -= 1;
      url = verdict.redirect;
      continue;
    }
    const f = verdict.failure;
    a.event.error = f.kind;
    core.onRequest?.(a.event);
    const delay = retryDelay(core, method, f, a.res, attempt, deadline);
    if (delay === undefined) throw f;
    core.stats.retries += 1;
    if (f.kind === 'network') core.stats.connectionRetries += 1;
    await sleep(delay);
  }
}

/** One attempt through the scheduler: its response (if any), body or failure, and its event. */
async function attemptOnce(core: ClientCore, method: HttpMethod, path: string, url: URL, o: SendOptions, attempt: number): Promise<Attempt> {
  const ticket = await core.scheduler.acquire(o.urgent || attempt > 1 ? 'urgent' : 'normal');
  const t0 = Date.now();
  let res: Response | undefined;
  let body: unknown;
  let failure: SentryApiError | undefined;
  let released = false;
  try {
    res = await core.http(url, { method, ...(o.json !== undefined ? { json: o.json } : {}) });
    // with the headers in, the server is done with the request: its slot is free while the body
    // streams in, and a list may already ask for its next page (the chain does not wait on the body)
    core.scheduler.release(ticket, { status: res.status, headers: res.headers });
    released = true;
    if (res.status >= 200 && res.status < 300) o.onHeaders?.(res.headers, url);
    body = await readBody(res, method, path, core.baseUrl, core.scrub);
  } catch (e) {
    failure = e instanceof SentryApiError ? e : transportError(e, method, path, url, core.timeoutMs, core.scrub);
  } finally {
    if (!released) core.scheduler.release(ticket, undefined);
  }
  core.stats.requests += 1;
  if (res?.status === 429) core.stats.rateLimited += 1;
  const event: RequestEvent = { method, path, ms: Date.now() - t0, attempt };
  if (res) event.status = res.status;
  return { res, body, failure, event };
}

/** An answer: done (2xx or accepted), a trusted GET redirect to follow, or an error. */
function judge(core: ClientCore, method: HttpMethod, path: string, url: URL, res: Response, body: unknown, o: SendOptions, redirects: number): Verdict {
  if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
    const next = new URL(res.headers.get('location')!, url);
    if (method !== 'GET' || redirects >= MAX_REDIRECTS) {
      return {
        failure: new SentryApiError({
          kind: 'bad_response',
          method,
          path,
          status: res.status,
          message: `Sentry redirected ${method} ${path} (${res.status}); a renamed project or organization? Use its current slug`,
        }),
      };
    }
    if (!isTrustedUrl(core.baseUrl, next)) {
      return { failure: untrustedHost(core.baseUrl, method, path, next.href, 'a redirect target outside the configured host') };
    }
    return { redirect: next };
  }
  if ((res.status >= 200 && res.status < 300) || o.accept?.includes(res.status)) {
    return { done: { status: res.status, data: body, headers: res.headers, url } };
  }
  const rl = readRateLimitHeaders(res.headers);
  return {
    failure: errorFromHttp({
      method,
      path,
      status: res.status,
      // error bodies reach messages and fieldErrors: take the token out of them, whatever their shape
      body: redactSecrets(body),
      wwwAuthenticate: res.headers.get('www-authenticate'),
      settingsBaseUrl: core.controlUrl,
      ...(o.purpose !== undefined ? { purpose: o.purpose } : {}),
      ...(rl.reset !== undefined ? { resetAt: rl.reset } : {}),
    }),
  };
}

/**
 * How long to wait before the next attempt, or undefined when the failure is final: 429/5xx for
 * idempotent methods, a connection lost without an answer for GET and HEAD only, within the
 * retry count and deadline. A
 * server's own wait (Retry-After, the rate-limit reset) wins over the backoff; a 429 holds back
 * every request of the client until then.
 */
function retryDelay(core: ClientCore, method: HttpMethod, f: SentryApiError, res: Response | undefined, attempt: number, deadline: number): number | undefined {
  const retriable = f.kind === 'network' ? SAFE.has(method) : IDEMPOTENT.has(method) && res !== undefined && RETRY_STATUSES.has(res.status);
  if (!retriable || attempt > core.maxRetries) return undefined;
  let delay = backoff(core.retryBaseMs, attempt);
  const asked = res ? serverWaitMs(res.status, res.headers, Date.now()) : undefined;
  if (asked !== undefined) delay = asked + 30 + Math.random() * 100;
  if (res?.status === 429) core.scheduler.pause(Date.now() + delay);
  if (Date.now() + delay > deadline) return undefined;
  return delay;
}

/** Exponential backoff with jitter: half the step plus up to another half, capped. */
function backoff(baseMs: number, attempt: number): number {
  const exp = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (attempt - 1));
  return exp / 2 + Math.random() * (exp / 2);
}
