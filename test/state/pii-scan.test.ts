// The PII probe's scanner. Card numbers: the published test numbers (Visa 4111 1111 1111 1111,
// Stripe's 4000 0566 5566 5556) and their Luhn-failing neighbours; IBANs: the ISO 13616 examples
// (GB82 WEST 1234 5698 7654 32, DE89 3704 0044 0532 0130 00) and the same with wrong check
// digits; replacements: Relay's texts (relay-pii src/builtin.rs, src/redactions.rs "[Filtered]",
// mask = "*" per character).

import { describe, expect, it } from 'vitest';
import { ibanValid, isScrubbedValue, luhnValid, maskHint, scanEvent, scanString } from '../../src/state/pii-scan.js';

const kinds = (s: string, ips = false): string[] => scanString(s, { ips }).map((m) => m.kind);

describe('checksums', () => {
  it('Luhn: valid test cards pass, a changed last digit fails', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4000056655665556')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('4000056655665557')).toBe(false);
    expect(luhnValid('41111111111111a1')).toBe(false);
  });
  it('IBAN mod 97: the ISO examples pass, wrong check digits or a changed digit fail', () => {
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('DE89370400440532013001')).toBe(false);
    expect(ibanValid('GB83WEST12345698765432')).toBe(false);
    expect(ibanValid('GB82')).toBe(false);
  });
});

describe('scanString', () => {
  it('finds each kind', () => {
    expect(kinds('mail jane.doe@example.com now')).toEqual(['email']);
    expect(kinds('card 4111 1111 1111 1111 declined')).toEqual(['creditcard']);
    expect(kinds('card 4111-1111-1111-1111')).toEqual(['creditcard']);
    expect(kinds('pay to DE89 3704 0044 0532 0130 00')).toEqual(['iban']);
    expect(kinds('Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345')).toEqual(['bearer']);
    expect(kinds('key AKIAIOSFODNN7EXAMPLE')).toEqual(['api-key']);
    expect(kinds(`sntrys_${'a'.repeat(40)}`)).toEqual(['api-key']);
    expect(kinds('-----BEGIN RSA PRIVATE KEY-----\nMIIE')).toEqual(['private-key']);
    expect(kinds('-----BEGIN PRIVATE KEY-----')).toEqual(['private-key']);
  });
  it('real negatives: Luhn-failing numbers, bad IBANs, long digit runs, public keys', () => {
    expect(kinds('ref 4111 1111 1111 1112')).toEqual([]);
    expect(kinds('order 4000056655665557')).toEqual([]);
    expect(kinds('DE89370400440532013001')).toEqual([]);
    expect(kinds('GB83 WEST 1234 5698 7654 32')).toEqual([]);
    // a Luhn-valid 16-digit number inside a longer run of digits is not a card
    expect(kinds('trace 94111111111111111')).toEqual([]);
    // a number without a card prefix (1...) is not a card even when Luhn-valid
    expect(luhnValid('1111111111111117')).toBe(true);
    expect(kinds('id 1111111111111117')).toEqual([]);
    expect(kinds('-----BEGIN PUBLIC KEY-----')).toEqual([]);
    expect(kinds('Bearer short')).toEqual([]);
    expect(kinds('user@localhost')).toEqual([]);
  });
  it("Relay's replacements and masks are scrubbed values, never leaks", () => {
    for (const v of ['[Filtered]', '[email]', '[ip]', '[creditcard]', '[iban]', '[pemkey]', '[auth]', '********', '****************', '']) {
      expect(isScrubbedValue(v)).toBe(true);
      expect(kinds(v, true)).toEqual([]);
    }
    expect(isScrubbedValue('[Filtered] 4111')).toBe(false);
  });
  it('IP addresses only when asked (IP scrubbing on), v4 and v6', () => {
    expect(kinds('from 203.0.113.7', false)).toEqual([]);
    expect(kinds('from 203.0.113.7', true)).toEqual(['ip']);
    expect(kinds('from 2001:db8::1', true)).toEqual(['ip']);
    expect(kinds('version 1.2.3.4.5', true)).toEqual([]);
    expect(kinds('999.1.1.1', true)).toEqual([]);
    expect(kinds('at 12:30:45', true)).toEqual([]);
  });
});

describe('maskHint', () => {
  it('keeps the first character, the last two and the length only', () => {
    expect(maskHint('jane.doe@example.com')).toBe('j***om (20 chars)');
    expect(maskHint('short')).toBe('*** (5 chars)');
    expect(maskHint('4111 1111 1111 1111')).not.toContain('1111 1111');
  });
});

describe('scanEvent', () => {
  const event = {
    eventID: 'e1',
    id: 'e1',
    title: 'Payout to GB82 WEST 1234 5698 7654 32 rejected',
    message: 'Payout to GB82 WEST 1234 5698 7654 32 rejected',
    user: { email: 'jane@example.com', ip_address: '203.0.113.9' },
    tags: [{ key: 'customer', value: 'bob@example.org' }],
    entries: [
      { type: 'message', data: { formatted: 'Payout to GB82 WEST 1234 5698 7654 32 rejected' } },
      { type: 'request', data: { headers: [['Authorization', 'Bearer abcdefghijklmnopqrstuvwxyz012345'], ['Cookie', '[Filtered]']], data: { password: '********' } } },
    ],
    context: { Credit_Card_No: '1234', card_number: '[Filtered]', note: 'ok', allowed_email: 'x@example.com' },
  };
  const paths = (opts: Parameters<typeof scanEvent>[1]) => scanEvent(event, opts).map((h) => `${h.kind} ${h.path}`);

  it('names paths after the interface and header names; a value seen twice in one event counts once', () => {
    expect(paths({ ips: false, sensitiveFields: ['credit_card'], safeFields: ['allowed_email'] })).toEqual([
      'iban message',
      'email user.email',
      'email tags.customer',
      'bearer request.headers.Authorization',
      'sensitive-field context.Credit_Card_No',
    ]);
  });
  it('IPs only when IP scrubbing is on; a safe field is not scanned; without sensitive fields a short value is nothing', () => {
    expect(paths({ ips: true, sensitiveFields: [] })).toEqual([
      'iban message',
      'email user.email',
      'ip user.ip_address',
      'email tags.customer',
      'bearer request.headers.Authorization',
      'email context.allowed_email',
    ]);
  });
  it('never returns the value', () => {
    const text = JSON.stringify(scanEvent(event, { ips: true, sensitiveFields: ['credit_card'] }));
    for (const v of ['jane@example.com', 'GB82 WEST', 'abcdefghijklmnop', '203.0.113.9', 'bob@example.org']) expect(text).not.toContain(v);
  });
});
