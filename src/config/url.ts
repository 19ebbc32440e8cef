// Validation of the configured Sentry URL.

import { UserError } from '../errors.js';
import { isLoopbackHostname, normalizeBaseUrl } from '../sentry/hosts.js';

export const DEFAULT_URL = 'https://sentry.io';

/** http(s), no credentials, no query; returns the normalized base URL (no trailing slash). */
export function validateSentryUrl(raw: string, source: string): string {
  const value = raw.trim();
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UserError(`Invalid Sentry URL from ${source}: it must start with https:// (e.g. https://sentry.io)`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new UserError(`Invalid Sentry URL from ${source}: only http:// and https:// are supported`);
  }
  if (u.username || u.password) {
    throw new UserError(`The Sentry URL from ${source} contains credentials; remove them (the token goes in SENTRY_AUTH_TOKEN)`);
  }
  if (u.search || u.hash) {
    throw new UserError(`The Sentry URL from ${source} must not have a query string or fragment`);
  }
  return normalizeBaseUrl(u.href);
}

/** The parsed URL, or undefined when `value` is not one. */
export function tryUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

export function isLoopback(url: string): boolean {
  return isLoopbackHostname(new URL(url).hostname);
}
