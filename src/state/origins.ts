// Allowed domains (`allowedDomains`, the project option `sentry:origins`) as Relay matches them.
// Sentry sends the list to Relay lower-cased, without a trailing "/" and without empty entries
// (get_origins, src/sentry/utils/http.py; the API field trims whitespace); Relay parses each entry
// into scheme / domain / port, where "*" in a position matches anything (SchemeDomainPort and
// matches_any_origin, relay-filter src/csp.rs; used for the Origin header by is_valid_origin,
// relay-server src/services/projects/project/info.rs). An empty list rejects every origin.

import { parse } from 'tldts';

export const ORIGIN_SOURCES = [
  'getsentry/relay:relay-filter/src/csp.rs',
  'getsentry/relay:relay-server/src/services/projects/project/info.rs',
  'getsentry/sentry:src/sentry/utils/http.py',
] as const;

/** `null` = "*" (anything in that position). */
export interface OriginPattern {
  scheme: string | null;
  domain: string | null;
  port: string | null;
}

const wild = (s: string): string | null => (s === '*' ? null : s.toLowerCase());

/** Relay's `SchemeDomainPort::from`. */
export function parseOriginPattern(text: string): OriginPattern {
  const i = text.indexOf('://');
  const scheme = i >= 0 ? wild(text.slice(0, i)) : null;
  const rest = i >= 0 ? text.slice(i + 3) : text;
  const slash = rest.indexOf('/');
  const hostPort = slash >= 0 ? rest.slice(0, slash) : rest;
  const colon = hostPort.indexOf(':');
  if (colon >= 0) return { scheme, domain: wild(hostPort.slice(0, colon)), port: wild(hostPort.slice(colon + 1)) };
  return { scheme, domain: wild(hostPort), port: null };
}

/** What Sentry hands Relay for one stored entry (get_origins + the API's whitespace trim). */
export function normalizeOriginEntry(entry: string): string {
  return entry.trim().toLowerCase().replace(/\/+$/, '');
}

/** Relay's `matches_any_origin` over the entries as Sentry sends them. */
export function matchesAnyOrigin(url: string | null, entries: readonly string[]): boolean {
  const origins = entries.map(normalizeOriginEntry).filter((e) => e !== '').map(parseOriginPattern);
  if (origins.some((o) => o.scheme === null && o.domain === null && o.port === null)) return true;
  if (url === null) return false;
  const u = parseOriginPattern(url);
  for (const o of origins) {
    if (o.scheme !== null && u.scheme !== o.scheme) continue;
    if (o.port !== null && u.port !== o.port) continue;
    if (o.domain !== null && u.domain !== o.domain) {
      if (o.domain.startsWith('*') && u.domain !== null && (u.domain.endsWith(o.domain.slice(1)) || u.domain === o.domain.slice(2))) return true;
      continue;
    }
    return true;
  }
  return false;
}

/**
 * A wildcard domain that matches hosts anyone can register. Relay matches "*<suffix>" by a plain
 * `ends_with(suffix)` (matches_any_origin, relay-filter src/csp.rs; its own table matches
 * "abc.def.ghc.com" against "*.com"), so "*.com" admits every .com site and "*example.com" (no
 * dot after the star) admits "evilexample.com". A dotted suffix is open when it is on the Public
 * Suffix List (tldts): "*.co.uk" admits every .co.uk site, and the list's private section counts
 * too, because anyone can publish a page at "evil.vercel.app" or "evil.github.io". A suffix the
 * list only guesses (its default rule, as for "internal" or "localhost") is not judged open.
 */
function openWildcardDomain(domain: string): string | null {
  if (!domain.startsWith('*')) return null;
  const suffix = domain.slice(1);
  // a second star is compared literally by Relay and matches no real host
  if (suffix === '' || suffix === '.' || suffix.includes('*')) return null;
  if (!suffix.startsWith('.')) return `every host ending in "${suffix}" (such as "evil${suffix}")`;
  const name = suffix.slice(1);
  if (!name.includes('.')) return `every ${suffix} site`;
  return isPublicSuffix(name) ? `every site under ${name} (a public suffix: anyone can register a name there)` : null;
}

/**
 * True when the Public Suffix List (ICANN or private section) lists the dotted `name` itself as a
 * suffix. The list's default rule only ever yields the last label, so a dotted name equal to the
 * suffix found is always one the list names (mutation testing showed an isIcann/isPrivate test
 * here could never decide anything).
 */
function isPublicSuffix(name: string): boolean {
  return parse(`x.${name}`, { allowPrivateDomains: true }).publicSuffix === name;
}

/**
 * An entry that accepts pages of hosts the owner does not control: "*", "*://*", "*:*",
 * "https://*", "http://*:*", " * ", "*" with a trailing slash (the domain is a wildcard; a scheme or a port narrows it
 * only to every site of that scheme or port), and the open wildcard domains above ("*.com",
 * "*example.com"). Returns how wide it is, or null for a real origin.
 */
export function everyHostOrigin(entry: string): string | null {
  const e = normalizeOriginEntry(entry);
  if (e === '') return null;
  const o = parseOriginPattern(e);
  const narrowing = [o.scheme !== null ? `of scheme ${o.scheme}` : '', o.port !== null ? `on port ${o.port}` : ''].filter(Boolean);
  if (o.domain !== null) {
    const open = openWildcardDomain(o.domain);
    return open === null ? null : [open, ...narrowing].join(' ');
  }
  if (o.scheme === null && o.port === null) return 'every origin';
  const parts = [o.scheme !== null ? `every ${o.scheme} site` : 'every site', o.port !== null ? `on port ${o.port}` : ''].filter(Boolean);
  return parts.join(' ');
}
