import { describe, expect, it } from 'vitest';
import { redactSecrets, REDACTED } from '../../src/secrets.js';

describe('redactSecrets', () => {
  it('redacts secret keys at any depth and DSN secrets inside strings', () => {
    const out = redactSecrets({
      key: { id: 'a', secret: 'deadbeef', dsn: { public: 'https://pub@h/1', secret: 'https://pub:s3cr3t@h/1' } },
      audit: [{ data: { secret_key: 'abc', securityToken: 'tok', label: 'ok' } }],
      text: 'DSN https://pub:s3cr3t@o1.ingest.sentry.io/1 here',
    });
    expect(out.key.secret).toBe(REDACTED);
    expect(out.key.dsn).toEqual({ public: 'https://pub@h/1', secret: REDACTED });
    expect(out.audit[0]!.data).toEqual({ secret_key: REDACTED, securityToken: REDACTED, label: 'ok' });
    expect(out.text).toBe('DSN https://pub@o1.ingest.sentry.io/1 here');
  });

  it('redacts hashKey inside a relayPiiConfig JSON string but keeps selectors such as **.password', () => {
    const cfg = JSON.stringify({ rules: { h: { type: 'anything', redaction: { method: 'hash', algorithm: 'HMAC-SHA1', key: 'x' } }, v: { type: 'x', vars: { hashKey: 'topsecret' } } }, applications: { '**.password': ['h'] } });
    const out = redactSecrets({ relayPiiConfig: cfg });
    expect(out.relayPiiConfig).not.toContain('topsecret');
    expect(out.relayPiiConfig).toMatch(/"key":"\[redacted sha256:[0-9a-f]{12}\]"/);
    expect(out.relayPiiConfig).toContain('"**.password":["h"]');
  });

  it('leaves values without secrets untouched', () => {
    const v = { a: [1, 'two', null, { b: false }], token_header: null };
    expect(redactSecrets(v)).toEqual(v);
  });
});
