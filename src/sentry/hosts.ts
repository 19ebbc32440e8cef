// Which hosts may receive the auth token (DESIGN "Safety rules"): the configured host, and on
// sentry.io any https host under sentry.io (regions us./de., org subdomains). On self-hosted a
// different port of the same hostname is trusted (a split region), never another hostname.

export const SENTRY_IO = 'https://sentry.io';

export function isSentryIoHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'sentry.io' || h.endsWith('.sentry.io');
}

/** sentry.io and its regions count as one host; otherwise the hostname */
export function hostGroup(url: string | URL): string {
  const u = typeof url === 'string' ? new URL(url) : url;
  return isSentryIoHostname(u.hostname) ? 'sentry.io' : u.hostname.toLowerCase();
}

export function isSentryIo(url: string | URL): boolean {
  const u = typeof url === 'string' ? new URL(url) : url;
  return isSentryIoHostname(u.hostname);
}

function parse(url: string | URL): URL | null {
  try {
    return typeof url === 'string' ? new URL(url) : url;
  } catch {
    return null;
  }
}

/** May the token configured for `base` be sent to `candidate`? */
export function isTrustedUrl(base: string | URL, candidate: string | URL): boolean {
  const b = parse(base);
  const c = parse(candidate);
  if (!b || !c) return false;
  if (c.protocol !== 'https:' && c.protocol !== 'http:') return false;
  if (c.username || c.password) return false;
  if (isSentryIoHostname(b.hostname)) {
    return c.protocol === 'https:' && isSentryIoHostname(c.hostname);
  }
  if (c.hostname.toLowerCase() !== b.hostname.toLowerCase()) return false;
  // same hostname: the same scheme, or an upgrade to https; never a downgrade to clear text
  return c.protocol === b.protocol || c.protocol === 'https:';
}

/** Control-silo host: https://sentry.io for every sentry.io host, else the base URL itself. */
export function controlUrlFor(baseUrl: string): string {
  return isSentryIo(baseUrl) ? SENTRY_IO : baseUrl;
}

/**
 * Loopback: traffic to it never leaves the machine (the simulator, a local port-forward), so
 * plain http there does not expose the token. Only the literal names: `*.localhost` depends on
 * the resolver, and 0.0.0.0 is not loopback everywhere.
 */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Plain http to a host that is not loopback: the token would cross the network unencrypted. */
export function isCleartext(url: string | URL): boolean {
  const u = parse(url);
  return u !== null && u.protocol === 'http:' && !isLoopbackHostname(u.hostname);
}

/** A URL without trailing slash, query or fragment, and never with credentials. */
export function normalizeBaseUrl(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  const path = u.pathname.replace(/\/+$/, '');
  return `${u.protocol}//${u.host}${path}`;
}

/** Origin + path for messages: no credentials, no query string. */
export function describeUrl(url: string | URL): string {
  const u = parse(url);
  if (!u) return '(invalid URL)';
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}
