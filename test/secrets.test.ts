// src/secrets.ts: the one definition of a secret, used by every writer.
import { describe, expect, it } from 'vitest';
import { containsSecretDigest, isSecretKeyName, redactSecrets, redactString, registerSecret, REDACTED, secretDigest } from '../src/secrets.js';

describe('secrets', () => {
  it('PII hash keys become a stable digest marker, idempotently', () => {
    const cfg = JSON.stringify({ rules: { password: { type: 'password' } }, applications: { '**.password': ['password'] }, vars: { hashKey: 'k1-very-secret' } });
    const once = redactString(cfg);
    expect(once).not.toContain('k1-very-secret');
    expect(redactString(once)).toBe(once);
    expect(JSON.parse(once)).toEqual({ rules: { password: { type: 'password' } }, applications: { '**.password': ['password'] }, vars: { hashKey: secretDigest('k1-very-secret') } });
    expect(containsSecretDigest(once)).toBe(true);
    expect(secretDigest('a')).not.toBe(secretDigest('b'));
  });

  it('a truncated config in an error text loses its hash key too', () => {
    expect(redactString('bad config {"vars":{"hashKey":"k1-very-secret"')).not.toContain('k1-very-secret');
  });

  it('tokens, registered secrets and DSN secrets are removed from any text', () => {
    registerSecret('plain-token-value-1234');
    const t = redactString('a sntryu_0123456789abcdef b plain-token-value-1234 c https://pub:sec@o1.ingest.sentry.io/1');
    expect(t).toBe(`a ${REDACTED} b ${REDACTED} c https://pub@o1.ingest.sentry.io/1`);
  });

  it('secret key names, not headers, counts or selectors', () => {
    for (const k of ['secret', 'secret_key', 'securityToken', 'sentry:token', 'token', 'password', 'hashKey', 'api_key', 'key', 'Authorization']) expect(isSecretKeyName(k), k).toBe(true);
    for (const k of ['sentry:token_header', 'tokenLastCharacters', 'rate_limit_count', 'scopes', '**.password', '$http.headers.authorization', 'label']) expect(isSecretKeyName(k), k).toBe(false);
    expect(redactSecrets({ token: 'x'.repeat(10), label: 'ok' })).toEqual({ token: REDACTED, label: 'ok' });
  });
});
