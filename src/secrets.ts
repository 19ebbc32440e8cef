// The one place that knows what a secret is. Every writer (snapshot journal, reports, the
// audit-log export, error messages, preferences) passes what it writes through here, so a new
// kind of secret is added once. Secrets: auth tokens (sntryu_/sntrys_/sntrya_ and the token in
// use, registered at start-up), DSN secret parts, client-key secrets, project security tokens,
// audit `secret_key`s, and the PII hash keys (`vars.hashKey`, a hash redaction's `key`; Relay
// relay-pii src/config.rs `Vars`).
//
// PII hash keys become a digest marker `[redacted sha256:<12 hex>]`, not a bare "[redacted]": the
// journal then says whether the key changed without holding it, and rollback compares the live
// key's digest with the journal's and merges rule changes into the live config, which keeps the
// live key (engine/values.ts).

import { createHash } from 'node:crypto';

export const REDACTED = '[redacted]';

const DIGEST_MARKER = /^\[redacted sha256:[0-9a-f]{12}\]$/;

/** `[redacted sha256:…]` for a secret whose identity matters (compare without keeping it). */
export function secretDigest(value: string): string {
  if (DIGEST_MARKER.test(value)) return value;
  return `[redacted sha256:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12)}]`;
}

/** A value this module wrote in place of a secret. */
export function isRedactionMarker(v: unknown): boolean {
  return typeof v === 'string' && (v === REDACTED || DIGEST_MARKER.test(v));
}

/**
 * Some string in `v` (at any depth, or inside a JSON string) is a digest marker: a value read back
 * from the journal, which must never be sent to Sentry in place of the secret.
 */
export function containsSecretDigest(v: unknown): boolean {
  if (typeof v === 'string') return /\[redacted sha256:[0-9a-f]{12}\]/.test(v);
  if (Array.isArray(v)) return v.some(containsSecretDigest);
  if (v !== null && typeof v === 'object') return Object.values(v).some(containsSecretDigest);
  return false;
}

/** Exact secret strings known at run time (the auth token in use): removed wherever they appear. */
const known = new Set<string>();

export function registerSecret(value: string | null | undefined): void {
  if (typeof value === 'string' && value.length >= 8) known.add(value);
}

/**
 * Key names whose values are secrets. Names of headers, counts, scopes and expiry dates are not
 * (`sentry:token_header` names a header; `tokenLastCharacters` is shown by Sentry itself).
 */
export function isSecretKeyName(name: string): boolean {
  const n = name.toLowerCase();
  // selectors and paths (`**.password`, `$http.headers.authorization`) name data, they hold none
  if (/[$*.\s'|&!()]/.test(n)) return false;
  if (/(header|_name|count|scopes?|expires(_at)?|lastcharacters|last_characters|_last4|type)$/.test(n)) return false;
  return /secret|passw|token|hash_?key|private_?key|api_?key|credential|signing|^key$|^authorization$|^sentry:token$/.test(n);
}

/** Key names whose secret identity is kept as a digest (PII hash keys). */
const DIGEST_KEYS = new Set(['hashkey', 'hash_key']);

const TOKEN = /\bsntr[a-z]{1,2}_[A-Za-z0-9+/=_-]{8,}/g;
/** `https://public:secret@host/1` (a DSN with its secret part) keeps only the public key. */
const DSN_SECRET = /(\b[a-z][a-z0-9+.-]*:\/\/[^:@/\s"]+):[^@/\s"]+@/gi;
/** hashKey in text that is not (complete) JSON, e.g. a truncated config in an error message */
const HASHKEY_TEXT = /(["']?hash_?key["']?\s*[:=]\s*)(["'])((?:(?!\2)[^\\]|\\.)*)\2/gi;

/** A string without secrets; JSON inside it is redacted structurally (relayPiiConfig). */
export function redactString(s: string): string {
  const out = redactTextOnly(s);
  const t = out.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      const parsed: unknown = JSON.parse(t);
      const red = walk(parsed, 0);
      if (JSON.stringify(red) !== JSON.stringify(parsed)) return JSON.stringify(red);
      return out;
    } catch {
      // not JSON: fall through to the text patterns
    }
  }
  return out.replace(HASHKEY_TEXT, (_m, pre: string, q: string, v: string) => `${pre}${q}${isRedactionMarker(v) ? v : secretDigest(v)}${q}`);
}

/** A deep copy of `value` without secrets (same shape; secret values replaced by markers). */
export function redactSecrets<T>(value: T): T {
  return walk(value, 0) as T;
}

/**
 * A PII config (relay-pii src/config.rs `PiiConfig`): its keys are rule names and selectors chosen
 * by people (a rule may be called "password"), so only `vars.hashKey` and hash keys are secrets.
 */
function isPiiConfig(o: Record<string, unknown>): boolean {
  const keys = Object.keys(o);
  return keys.length > 0 && keys.every((k) => k === 'rules' || k === 'applications' || k === 'vars') && ('rules' in o || 'applications' in o);
}

function walk(v: unknown, depth: number, pii = false): unknown {
  if (depth > 50) return v;
  if (typeof v === 'string') return pii ? redactTextOnly(v) : redactString(v);
  if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1, pii));
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const inPii = pii || isPiiConfig(o);
    const out: Record<string, unknown> = {};
    // a (legacy) PII `hash` redaction carries its HMAC key as `key`
    const hashRedaction = o.method === 'hash';
    for (const [k, x] of Object.entries(o)) {
      const digest = DIGEST_KEYS.has(k.toLowerCase()) || (hashRedaction && k === 'key');
      if (x === null || x === undefined || x === '') out[k] = x;
      else if (digest && typeof x === 'string') out[k] = secretDigest(x);
      // `key` holds an API key's value in audit data, but also names objects (a client key in a
      // report): an object is searched, not blanked
      else if (digest || (!inPii && isSecretKeyName(k) && !(k.toLowerCase() === 'key' && typeof x === 'object'))) out[k] = isRedactionMarker(x) ? x : REDACTED;
      else out[k] = walk(x, depth + 1, inPii);
    }
    return out;
  }
  return v;
}

/** Tokens and DSN secrets in plain text (no JSON parsing). */
function redactTextOnly(s: string): string {
  let out = s;
  for (const k of known) if (out.includes(k)) out = out.split(k).join(REDACTED);
  return out.replace(TOKEN, REDACTED).replace(DSN_SECRET, '$1@');
}
