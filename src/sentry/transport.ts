// What one attempt's answer or failure means, before any retry: the body as JSON, a transport
// failure (timeout, network) and a refused host, each as a SentryApiError with a one-line message.

import { TimeoutError } from 'ky';
import { SentryApiError } from './errors.js';
import { describeUrl, isSentryIo } from './hosts.js';

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/** The token stays home: `url` is not `baseUrl` (or sentry.io), so nothing is sent there. */
export function untrustedHost(baseUrl: string, method: string, path: string, url: string, why: string): SentryApiError {
  return new SentryApiError({
    kind: 'untrusted_host',
    method,
    path,
    message: `Refusing to send the auth token to ${describeUrl(url)} (${why}); it is only sent to ${describeUrl(baseUrl)}${isSentryIo(baseUrl) ? ' and sentry.io' : ''}. Nothing was sent there`,
  });
}

/** No answer: the timeout, or the connection failed (`scrub` takes the token out of the reason). */
export function transportError(e: unknown, method: string, path: string, url: URL, timeoutMs: number, scrub: (text: string) => string): SentryApiError {
  const where = `${url.protocol}//${url.host}`;
  // a write that got no answer is not resent (send.ts): it may have been applied
  const unsure =
    method !== 'GET' && method !== 'HEAD'
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

/**
 * The body as JSON (null when empty); a success that is not JSON is `bad_response`, an error
 * body that is not JSON is kept as (scrubbed) text for the error message.
 */
export async function readBody(res: Response, method: string, path: string, baseUrl: string, scrub: (text: string) => string): Promise<unknown> {
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
