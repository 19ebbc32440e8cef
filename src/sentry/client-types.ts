// The client's public shapes: options, requests, responses, statistics (client.ts builds it).

import type { SentryApiErrorKind } from './errors.js';

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
  /**
   * of `retries`: GETs sent again after the connection failed with no answer (a keep-alive socket
   * the server closed, UND_ERR_SOCKET, ECONNRESET): only reads are resent so (send.ts)
   */
  connectionRetries: number;
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
