// Secrets never reach a report: client-key secrets (`secret`, `dsn.secret`), security tokens,
// `secret_key` in audit data and `vars.hashKey` in PII configs are replaced wherever they
// appear, however deeply nested, including inside JSON strings (relayPiiConfig).

export const REDACTED = '[redacted]';

const SECRET_KEYS = new Set(['secret', 'secret_key', 'secretkey', 'securitytoken', 'sentry:token', 'token', 'hashkey', 'auth_token', 'authtoken']);

/** `https://public:secret@host/1` (a DSN with its secret part) keeps only the public key. */
const DSN_SECRET = /(\b[a-z][a-z0-9+.-]*:\/\/[^:@/\s"]+):[^@/\s"]+@/gi;

export function redactString(s: string): string {
  let out = s.replace(DSN_SECRET, '$1@');
  const t = out.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      const parsed: unknown = JSON.parse(t);
      const red = redactSecrets(parsed);
      if (JSON.stringify(red) !== JSON.stringify(parsed)) out = JSON.stringify(red);
    } catch {
      // not JSON: the text stays as it is
    }
  }
  return out;
}

export function redactSecrets<T>(value: T): T {
  return walk(value, 0) as T;
}

function walk(v: unknown, depth: number): unknown {
  if (depth > 50) return v;
  if (typeof v === 'string') return redactString(v);
  if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    // a PII rule's `hash` redaction carries its HMAC key as `key`
    const hashRedaction = (v as Record<string, unknown>).method === 'hash';
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const secret = SECRET_KEYS.has(k.toLowerCase()) || (hashRedaction && k === 'key');
      if (secret && x !== null && x !== undefined && x !== '') out[k] = REDACTED;
      else out[k] = walk(x, depth + 1);
    }
    return out;
  }
  return v;
}
