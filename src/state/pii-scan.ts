// The PII-leak probe's scanner: finds, in one event payload as Sentry's events API returns it,
// values that data scrubbing should have removed. It returns where (path), what (kind) and a
// short masked hint, never the value: the value is dropped as soon as it is classified, so no
// caller can print or store it.
//
// What counts as already scrubbed comes from Relay: the replacement texts of relay-pii
// src/builtin.rs ("[Filtered]" for the legacy `:filter` rules and the default of
// src/redactions.rs, "[email]", "[ip]", "[creditcard]", "[iban]", "[pemkey]", "[auth]", ...)
// and `mask`, which overwrites each character with "*" (relay-pii src/processor.rs). Those texts
// contain no address, card or key, so the detectors below do not match them; they are listed so
// a field under a sensitive name that holds only a replacement is not counted either.

import { isIP } from 'node:net';

// Kind names are report keys (counts by kind): none may look like a secret's key name to
// src/secrets.ts ("token", "secret" ...), or the one secrets module would redact the count.
export const LEAK_KINDS = ['email', 'creditcard', 'iban', 'bearer', 'api-key', 'private-key', 'ip', 'sensitive-field'] as const;
export type LeakKind = (typeof LEAK_KINDS)[number];

export interface LeakHit {
  /** where in the event, e.g. `user.email`, `request.headers.Authorization`, `extra.card` */
  path: string;
  kind: LeakKind;
  /** e.g. `j***om (17 chars)`: enough to recognise, never the value */
  hint: string;
}

export interface ScanOptions {
  /** scan for IP addresses (only when IP scrubbing is on for the project) */
  ips: boolean;
  /** key names whose values scrubbing removes (the effective sensitive fields) */
  sensitiveFields: readonly string[];
  /** key names scrubbing leaves alone (the effective safe fields) */
  safeFields?: readonly string[];
}

/** Relay's replacement texts (relay-pii src/builtin.rs, src/redactions.rs). */
export const RELAY_REPLACEMENTS: ReadonlySet<string> = new Set([
  '[Filtered]', '[email]', '[ip]', '[creditcard]', '[iban]', '[pemkey]', '[auth]', '[user]',
  '[password]', '[us-ssn]', '[imei]', '[mac]', '[uuid]',
]);

/** A value Relay already redacted: a replacement text, or all "*" (mask), or empty. */
export function isScrubbedValue(v: string): boolean {
  const t = v.trim();
  return t === '' || RELAY_REPLACEMENTS.has(t) || /^\*+$/.test(t);
}

/** Luhn checksum (ISO/IEC 7812-1) over a digit string. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** IBAN check digits (ISO 13616: move the first four characters to the end, letters A=10 … Z=35, mod 97 = 1). */
export function ibanValid(raw: string): boolean {
  const s = raw.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const n = code >= 65 ? String(code - 55) : ch;
    for (const digit of n) rem = (rem * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/** First character, last two, and the length: recognisable by the owner, useless to anyone else. */
export function maskHint(value: string): string {
  const v = value.trim();
  const len = [...v].length;
  if (len < 8) return `*** (${len} chars)`;
  return `${v[0]}***${v.slice(-2)} (${len} chars)`;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// 13-19 digits, optionally grouped by single spaces or dashes, not inside a longer digit run;
// a payment-card prefix (2-6: Mastercard 2-series, Amex/Diners 3, Visa 4, Mastercard 5, Discover 6)
const CARD = /(?<![\d-])[2-6](?:[ -]?\d){12,18}(?![\d-])/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const BEARER = /\bBearer\s+[A-Za-z0-9\-._~+/]{16,}=*/gi;
// Well-known credential formats: Sentry tokens, AWS access key ids, Stripe secret keys, GitHub
// tokens, Slack tokens, Google API keys.
const API_KEY = /\b(?:sntry[usa]_[A-Za-z0-9+/=_-]{20,}|AKIA[0-9A-Z]{16}|sk_live_[0-9A-Za-z]{16,}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35})/g;
const PRIVATE_KEY = /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/g;
const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.])/g;
const IPV6_CANDIDATE = /(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])/g;

interface Match {
  kind: LeakKind;
  value: string;
}

/** Every leak-looking value inside one string. */
export function scanString(s: string, opts: Pick<ScanOptions, 'ips'>): Match[] {
  if (isScrubbedValue(s)) return [];
  const out: Match[] = [];
  for (const m of s.matchAll(PRIVATE_KEY)) out.push({ kind: 'private-key', value: m[0] });
  for (const m of s.matchAll(BEARER)) out.push({ kind: 'bearer', value: m[0] });
  for (const m of s.matchAll(API_KEY)) out.push({ kind: 'api-key', value: m[0] });
  for (const m of s.matchAll(EMAIL)) out.push({ kind: 'email', value: m[0] });
  for (const m of s.matchAll(CARD)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) out.push({ kind: 'creditcard', value: m[0] });
  }
  for (const m of s.matchAll(IBAN)) if (ibanValid(m[0])) out.push({ kind: 'iban', value: m[0] });
  if (opts.ips) {
    for (const m of s.matchAll(IPV4)) out.push({ kind: 'ip', value: m[0] });
    for (const m of s.matchAll(IPV6_CANDIDATE)) if (isIP(m[0]) === 6 && m[0] !== '::') out.push({ kind: 'ip', value: m[0] });
  }
  return out;
}

// Identifiers and bookkeeping of the event itself (never user data), and the fields Sentry derives
// from the payload (title, metadata, culprit, location: event.py / EventSerializer), which would
// count the message's value a second time.
const SKIP_TOP = new Set([
  'id', 'eventID', 'groupID', 'projectID', 'dateCreated', 'dateReceived', 'fingerprints', 'size', '_meta', 'sdk', 'packages', 'crashFile',
  'title', 'metadata', 'culprit', 'location',
]);

const fieldKey = (s: string): string => s.trim().toLowerCase();

/**
 * Relay matches a sensitive field when the key contains it, case-insensitively (relay-pii
 * src/convert.rs turns `sensitiveFields` into a `redact_pair` rule with a `(?i)` key pattern of
 * the escaped names); a safe field exempts its key the same way.
 */
function keyMatches(key: string, names: readonly string[]): boolean {
  const k = key.toLowerCase();
  return names.some((n) => n.length > 0 && k.includes(n));
}

/**
 * Scan one event; each hit has its path, kind and masked hint. A value found at several paths of
 * one event (the message is also the first entry's `formatted`) counts once, at the first path.
 */
export function scanEvent(event: unknown, opts: ScanOptions): LeakHit[] {
  const sensitive = opts.sensitiveFields.map(fieldKey).filter((s) => s !== '');
  const safe = (opts.safeFields ?? []).map(fieldKey).filter((s) => s !== '');
  const hits: LeakHit[] = [];
  // (kind, value) pairs already counted in this event; dropped with the event
  const seen = new Set<string>();
  const add = (path: string, kind: LeakKind, value: string): void => {
    const k = `${kind}\u0000${value.trim()}`;
    if (seen.has(k)) return;
    seen.add(k);
    hits.push({ path, kind, hint: maskHint(value) });
  };
  const visit = (v: unknown, path: string, key: string | null, depth: number): void => {
    if (depth > 40 || v === null || v === undefined) return;
    if (key !== null && safe.length > 0 && keyMatches(key, safe)) return;
    if (typeof v === 'string' || typeof v === 'number') {
      const s = String(v);
      if (key !== null && sensitive.length > 0 && keyMatches(key, sensitive) && !isScrubbedValue(s)) {
        add(path, 'sensitive-field', s);
        return;
      }
      for (const m of scanString(s, opts)) add(path, m.kind, m.value);
      return;
    }
    if (Array.isArray(v)) {
      // request headers, cookies, query strings and tags come as [name, value] pairs
      // (Sentry's EventSerializer / the request interface); name the path after the pair's key.
      const pairs = v.length > 0 && v.every((x) => Array.isArray(x) && x.length === 2 && typeof x[0] === 'string');
      v.forEach((x, i) => {
        if (pairs) {
          const [name, val] = x as [string, unknown];
          visit(val, `${path}.${name}`, name, depth + 1);
        } else if (path === 'entries' && x && typeof x === 'object' && typeof (x as { type?: unknown }).type === 'string') {
          // the full event's interfaces: entries[].{type, data}
          visit((x as { data?: unknown }).data, (x as { type: string }).type, null, depth + 1);
        } else if (path === 'tags' && x && typeof x === 'object' && typeof (x as { key?: unknown }).key === 'string') {
          const t = x as { key: string; value?: unknown };
          visit(t.value, `tags.${t.key}`, t.key, depth + 1);
        } else {
          visit(x, `${path}[${i}]`, null, depth + 1);
        }
      });
      return;
    }
    if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (depth === 0 && SKIP_TOP.has(k)) continue;
        visit(x, path === '' ? k : `${path}.${k}`, k, depth + 1);
      }
    }
  };
  visit(event, '', null, 0);
  return hits;
}
