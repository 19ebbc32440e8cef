// Negative cases for recognising, reusing and validating Advanced Data Scrubbing rules (issue 21).
// Expected values come from Relay: relay-pii/src/builtin.rs (built-in rules and their
// redactions: `@creditcard` = `@creditcard:replace`, `@mac`/`@uuid`/`@usssn` mask, `@password`
// remove, `@imei:mask` hashes, `:filter` replaces with "[Filtered]") and relay-pii/src/config.rs
// (rule types, serde snake_case with the `redactPair` alias; `Redaction` tagged by `method`).
import { describe, expect, it } from 'vitest';
import { secretDigest } from '../../src/secrets.js';
import {
  describePiiRule,
  hasPiiRule,
  mergePiiRules,
  missingPiiRules,
  parsePiiConfig,
  redactPiiConfigText,
  validatePiiConfig,
  type PiiConfig,
  type RequiredPiiRule,
} from '../../src/state/pii-config.js';

const CARD_MASK: RequiredPiiRule = { type: 'creditcard', method: 'mask', selector: '$string' };
const on = (selector: string, ...names: string[]): PiiConfig => ({ applications: { [selector]: names } });

describe('hasPiiRule: built-in references resolve as Relay defines them', () => {
  it.each([
    ['@mac', 'mac', 'mask', true],
    ['@uuid', 'uuid', 'mask', true],
    ['@usssn', 'us_ssn', 'mask', true],
    ['@urlauth', 'url_auth', 'replace', true],
    ['@password', 'password', 'remove', true],
    ['@email', 'email', 'replace', true],
    ['@ip', 'ip', 'replace', true],
    ['@creditcard', 'creditcard', 'replace', true],
    ['@creditcard', 'creditcard', 'mask', false],
    ['@imei:mask', 'imei', 'mask', false],
    ['@imei:mask', 'imei', 'hash', true],
    ['@imei:remove', 'imei', 'remove', true],
    ['@anything:filter', 'anything', 'replace', true],
    ['@password:filter', 'password', 'replace', true],
    ['@mac:hash', 'mac', 'hash', true],
    ['@mac:hash', 'uuid', 'hash', false],
    ['@email:remove', 'email', 'hash', false],
  ])('%s applied to $string is a %s rule with redaction %s: %s', (ref, type, method, expected) => {
    expect(hasPiiRule(on('$string', ref), { type, method: method as RequiredPiiRule['method'], selector: '$string' })).toBe(expected);
  });

  it('does not resolve unknown or malformed references', () => {
    for (const ref of ['@nothing', '@creditcard:mask:x', 'x@creditcard:mask', '@creditcard:', '@', 'creditcard']) {
      expect(hasPiiRule(on('$string', ref), CARD_MASK), ref).toBe(false);
    }
  });

  it('does not take a built-in reference Relay does not define (no @bearer rule in builtin.rs)', () => {
    expect(hasPiiRule(on('$string', '@bearer:mask'), { type: 'bearer', method: 'mask', selector: '$string' })).toBe(false);
    expect(hasPiiRule(on('$string', '@bearer'), { type: 'bearer', method: 'replace', selector: '$string' })).toBe(false);
  });

  it('ignores rule names that are not strings, even when a rule has that key (Relay reads names as strings)', () => {
    const config = { rules: { '1': { type: 'creditcard', redaction: { method: 'mask' } } }, applications: { $string: [1] } } as unknown as PiiConfig;
    expect(hasPiiRule(config, CARD_MASK)).toBe(false);
  });

  it('prefers a rule of the config over a built-in of the same name', () => {
    const config: PiiConfig = { rules: { '@creditcard:mask': { type: 'email', redaction: { method: 'mask' } } }, applications: { $string: ['@creditcard:mask'] } };
    expect(hasPiiRule(config, CARD_MASK)).toBe(false);
    expect(hasPiiRule(config, { type: 'email', method: 'mask', selector: '$string' })).toBe(true);
  });

  it('does not take names of Object.prototype as rules', () => {
    expect(hasPiiRule({ rules: {}, applications: { $string: ['toString', 'constructor'] } }, CARD_MASK)).toBe(false);
  });

  it('reads the redactPair alias as redact_pair', () => {
    const config: PiiConfig = { rules: { p: { type: 'redactPair', keyPattern: 'token', redaction: { method: 'remove' } } }, applications: { $string: ['p'] } };
    expect(hasPiiRule(config, { type: 'redact_pair', method: 'remove', selector: '$string' })).toBe(true);
    expect(hasPiiRule(config, { type: 'redactPair', method: 'remove', selector: '$string' })).toBe(false);
  });
});

describe('hasPiiRule: the right rule on the right selector', () => {
  it('wants the type: a mask rule of another type is not the credit-card mask', () => {
    const config: PiiConfig = { rules: { a: { type: 'iban', redaction: { method: 'mask' } } }, applications: { $string: ['a'] } };
    expect(hasPiiRule(config, CARD_MASK)).toBe(false);
  });

  it('wants the method: a credit-card rule with another redaction is not the mask', () => {
    for (const method of ['replace', 'hash', 'remove']) {
      const config: PiiConfig = { rules: { a: { type: 'creditcard', redaction: { method } } }, applications: { $string: ['a'] } };
      expect(hasPiiRule(config, CARD_MASK), method).toBe(false);
    }
    // no redaction at all is the default redaction, not a mask
    expect(hasPiiRule({ rules: { a: { type: 'creditcard' } }, applications: { $string: ['a'] } }, CARD_MASK)).toBe(false);
  });

  it('finds the right rule among two applied to the selector', () => {
    const config: PiiConfig = {
      rules: { a: { type: 'creditcard', redaction: { method: 'replace' } }, b: { type: 'creditcard', redaction: { method: 'mask' } } },
      applications: { $string: ['a', 'b'] },
    };
    expect(hasPiiRule(config, CARD_MASK)).toBe(true);
  });

  it('wants the selector: the rule applied elsewhere does not count, a padded selector does', () => {
    const rules = { a: { type: 'creditcard', redaction: { method: 'mask' } } };
    expect(hasPiiRule({ rules, applications: { $message: ['a'] } }, CARD_MASK)).toBe(false);
    expect(hasPiiRule({ rules, applications: { ' $string ': ['a'] } }, CARD_MASK)).toBe(true);
  });

  it('skips applications that are not lists and names that are not strings', () => {
    const rules = { a: { type: 'creditcard', redaction: { method: 'mask' } } };
    expect(hasPiiRule({ rules, applications: { $string: 'a' as unknown as string[] } }, CARD_MASK)).toBe(false);
    expect(hasPiiRule({ rules, applications: { $string: [1, null, 'a'] as unknown as string[] } }, CARD_MASK)).toBe(true);
    expect(hasPiiRule({ rules }, CARD_MASK)).toBe(false);
  });
});

describe('mergePiiRules reuses only an exact rule', () => {
  it('does not reuse a rule of another type or another method', () => {
    const config: PiiConfig = {
      rules: { wrongType: { type: 'iban', redaction: { method: 'mask' } }, wrongMethod: { type: 'creditcard', redaction: { method: 'replace' } } },
      applications: {},
    };
    const merged = mergePiiRules(config, [CARD_MASK]);
    expect(merged.applications).toEqual({ $string: ['sentry-harden-creditcard-mask'] });
    expect(merged.rules?.['sentry-harden-creditcard-mask']).toEqual({ type: 'creditcard', redaction: { method: 'mask' } });
  });

  it('does not reuse a rule with extra parameters or without a redaction, but reuses the plain one', () => {
    const config: PiiConfig = {
      rules: {
        extra: { type: 'creditcard', redaction: { method: 'mask' }, note: 'x' },
        bare: { type: 'creditcard' },
        plain: { type: 'creditcard', redaction: { method: 'mask' } },
      },
    };
    expect(mergePiiRules(config, [CARD_MASK]).applications).toEqual({ $string: ['plain'] });
    const withoutPlain: PiiConfig = { rules: { extra: config.rules!.extra!, bare: config.rules!.bare! } };
    expect(mergePiiRules(withoutPlain, [CARD_MASK]).applications).toEqual({ $string: ['sentry-harden-creditcard-mask'] });
  });

  it('skips entries that are not rule objects', () => {
    const config = { rules: { n: null, s: 'creditcard' } } as unknown as PiiConfig;
    expect(mergePiiRules(config, [CARD_MASK]).applications).toEqual({ $string: ['sentry-harden-creditcard-mask'] });
  });

  it('counts up the name suffix past every taken name', () => {
    const config: PiiConfig = {
      rules: {
        'sentry-harden-creditcard-mask': { type: 'email', redaction: { method: 'hash' } },
        'sentry-harden-creditcard-mask-2': { type: 'ip', redaction: { method: 'hash' } },
      },
    };
    const merged = mergePiiRules(config, [CARD_MASK]);
    expect(merged.applications).toEqual({ $string: ['sentry-harden-creditcard-mask-3'] });
  });

  it('gives replacement text only to replace rules it creates', () => {
    const merged = mergePiiRules({}, [
      { type: 'iban', method: 'replace', selector: '$string', text: '[iban]' },
      { type: 'creditcard', method: 'mask', selector: '$string', text: '[card]' },
      { type: 'email', method: 'replace', selector: '$string' },
    ]);
    expect(merged.rules).toEqual({
      'sentry-harden-iban-replace': { type: 'iban', redaction: { method: 'replace', text: '[iban]' } },
      'sentry-harden-creditcard-mask': { type: 'creditcard', redaction: { method: 'mask' } },
      'sentry-harden-email-replace': { type: 'email', redaction: { method: 'replace' } },
    });
  });

  it('appends to the existing application of a padded selector, once, without touching the input', () => {
    const config: PiiConfig = {
      rules: { other: { type: 'email', redaction: { method: 'hash' } } },
      applications: { ' $string ': ['other'], $message: ['other'] },
    };
    const snapshot = structuredClone(config);
    const merged = mergePiiRules(config, [CARD_MASK, { type: 'iban', method: 'replace', selector: '$string' }]);
    expect(merged.applications).toEqual({
      ' $string ': ['other', 'sentry-harden-creditcard-mask', 'sentry-harden-iban-replace'],
      $message: ['other'],
    });
    expect(config).toEqual(snapshot);
  });

  it('replaces an application that is not a list and does not list a rule twice', () => {
    const merged = mergePiiRules({ applications: { $string: 'x' as unknown as string[] } }, [CARD_MASK]);
    expect(merged.applications).toEqual({ $string: ['sentry-harden-creditcard-mask'] });
    // the rule is applied on another selector but missing on this one: listed once on each
    const twice = mergePiiRules({}, [CARD_MASK, { ...CARD_MASK, selector: '$message' }, CARD_MASK]);
    expect(twice.applications).toEqual({ $string: ['sentry-harden-creditcard-mask'], $message: ['sentry-harden-creditcard-mask'] });
    expect(Object.keys(twice.rules ?? {})).toEqual(['sentry-harden-creditcard-mask']);
  });

  it('adds only the missing rules', () => {
    const config: PiiConfig = on('$string', '@creditcard:mask');
    const merged = mergePiiRules(config, [CARD_MASK, { type: 'iban', method: 'replace', selector: '$string' }]);
    expect(merged.applications).toEqual({ $string: ['@creditcard:mask', 'sentry-harden-iban-replace'] });
    expect(Object.keys(merged.rules ?? {})).toEqual(['sentry-harden-iban-replace']);
  });
});

describe('missingPiiRules', () => {
  it('lists exactly the missing ones in order', () => {
    const required: RequiredPiiRule[] = [CARD_MASK, { type: 'iban', method: 'replace', selector: '$string' }, { type: 'password', method: 'remove', selector: '$string' }];
    expect(missingPiiRules(on('$string', '@iban'), required)).toEqual([CARD_MASK, required[2]]);
  });

  it('describes a rule by type, method and selector', () => {
    expect(describePiiRule(CARD_MASK)).toBe('creditcard (mask) on $string');
  });
});

describe('parsePiiConfig', () => {
  it('rejects JSON null and arrays as not an object', () => {
    expect(parsePiiConfig('null')).toEqual({ ok: false, error: 'relayPiiConfig is not a JSON object' });
    expect(parsePiiConfig('[]')).toEqual({ ok: false, error: 'relayPiiConfig is not a JSON object' });
    expect(parsePiiConfig('{}')).toEqual({ ok: true, config: {} });
    expect(parsePiiConfig(undefined)).toEqual({ ok: true, config: {} });
  });
});

describe('validatePiiConfig: each rule Relay would reject', () => {
  const v = (config: unknown): string[] => validatePiiConfig(config as PiiConfig);

  it('accepts a config without rules and applications', () => {
    expect(v({})).toEqual([]);
  });

  it('needs rules and applications to be objects', () => {
    expect(v({ rules: [] })).toEqual(['"rules" must be an object']);
    expect(v({ rules: 'x' })).toEqual(['"rules" must be an object']);
    expect(v({ applications: [] })).toEqual(['"applications" must be an object']);
    expect(v({ applications: 'x' })).toEqual(['"applications" must be an object']);
  });

  it('needs each rule to be an object with a known string type', () => {
    expect(v({ rules: { a: null, b: [], c: 'x' } })).toEqual(['rule "a" must be an object', 'rule "b" must be an object', 'rule "c" must be an object']);
    expect(v({ rules: { a: {} } })).toEqual(['rule "a" has unknown type undefined']);
    expect(v({ rules: { a: { type: 7 } } })).toEqual(['rule "a" has unknown type 7']);
  });

  it('checks the parameters of pattern, redact_pair, multiple and alias rules, and only theirs', () => {
    expect(v({ rules: { p: { type: 'pattern', pattern: 'x' } } })).toEqual([]);
    expect(v({ rules: { p: { type: 'pattern', pattern: 1 } } })).toEqual(['rule "p" (pattern) needs a "pattern" string']);
    expect(v({ rules: { r: { type: 'redact_pair' } } })).toEqual(['rule "r" (redact_pair) needs a "keyPattern" string']);
    expect(v({ rules: { r: { type: 'redactPair' } } })).toEqual(['rule "r" (redact_pair) needs a "keyPattern" string']);
    expect(v({ rules: { r: { type: 'redactPair', keyPattern: 'k' } } })).toEqual([]);
    expect(v({ rules: { m: { type: 'multiple', rules: ['a', 'b'] } } })).toEqual([]);
    expect(v({ rules: { m: { type: 'multiple', rules: 'a' } } })).toEqual(['rule "m" (multiple) needs a "rules" list of rule names']);
    expect(v({ rules: { m: { type: 'multiple', rules: ['a', 1] } } })).toEqual(['rule "m" (multiple) needs a "rules" list of rule names']);
    expect(v({ rules: { m: { type: 'multiple' } } })).toEqual(['rule "m" (multiple) needs a "rules" list of rule names']);
    expect(v({ rules: { l: { type: 'alias', rule: 'x' } } })).toEqual([]);
    expect(v({ rules: { l: { type: 'alias' } } })).toEqual(['rule "l" (alias) needs a "rule" name']);
    // parameters of other types are not required of simple types
    expect(v({ rules: { e: { type: 'email' }, i: { type: 'ip' } } })).toEqual([]);
  });

  it('checks the redaction of a rule even when its type is unknown', () => {
    expect(v({ rules: { a: { type: 'x', redaction: { method: 'zap' } } } })).toEqual([
      'rule "a" has unknown type "x"',
      'rule "a" has unknown redaction method "zap" (allowed: remove, replace, mask, hash)',
    ]);
  });

  it('needs a redaction to be an object with a known method', () => {
    expect(v({ rules: { a: { type: 'email', redaction: null } } })).toEqual(['rule "a": "redaction" must be an object']);
    expect(v({ rules: { a: { type: 'email', redaction: [] } } })).toEqual(['rule "a": "redaction" must be an object']);
    expect(v({ rules: { a: { type: 'email', redaction: 'mask' } } })).toEqual(['rule "a": "redaction" must be an object']);
    expect(v({ rules: { a: { type: 'email', redaction: {} } } })).toEqual(['rule "a": "redaction" has no "method" (allowed: remove, replace, mask, hash)']);
  });

  it('checks selectors and the rule names of applications', () => {
    expect(v({ applications: { ' ': ['@email'] } })).toEqual(['an application has an empty selector']);
    expect(v({ applications: { '**.a': ['@email'] } })).toEqual([]);
    expect(v({ applications: { '**.a.**': ['@email'] } })).toEqual(['selector "**.a.**" uses the deep wildcard ** more than once']);
    expect(v({ applications: { $string: '@email' } })).toEqual(['application "$string" must be a list of rule names']);
    expect(v({ applications: { $string: ['@email', 3] } })).toEqual(['application "$string" must be a list of rule names']);
    expect(v({ rules: { a: { type: 'email' } }, applications: { $string: ['a', '@anything', 'b', 'toString'] } })).toEqual([
      'application "$string" refers to undefined rule "b"',
      'application "$string" refers to undefined rule "toString"',
    ]);
  });
});

describe('redactPiiConfigText', () => {
  it('returns the text unchanged when it has no hashKey', () => {
    const text = '{ "rules": {}, "vars": {} }';
    expect(redactPiiConfigText(text)).toBe(text);
  });

  it('returns a config without vars unchanged', () => {
    const text = '{"rules": {}}';
    expect(redactPiiConfigText(text)).toBe(text);
  });

  it('replaces only the hashKey and keeps the other vars', () => {
    const out = redactPiiConfigText(JSON.stringify({ vars: { hashKey: 's3cr3t', other: 1 } }));
    // a digest marker (src/secrets.ts), so a journal can tell keys apart without holding them
    expect(JSON.parse(out ?? '')).toEqual({ vars: { hashKey: secretDigest('s3cr3t'), other: 1 } });
  });

  it('redacts a hashKey with escaped quotes in text that is not valid JSON', () => {
    const out = redactPiiConfigText('{"vars": {"hashKey" : "a\\"b", "x": 1');
    expect(out).toMatch(/^\{"vars": \{"hashKey" : "\[redacted sha256:[0-9a-f]{12}\]", "x": 1$/);
    expect(redactPiiConfigText('{"a": "hashKey" ')).toBe('{"a": "hashKey" ');
  });
});
