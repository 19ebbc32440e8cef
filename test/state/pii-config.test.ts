import { describe, expect, it } from 'vitest';
import {
  hasPiiRule,
  mergePiiRules,
  missingPiiRules,
  parsePiiConfig,
  redactPiiConfigText,
  REQUIRED_PII_RULES,
  serializePiiConfig,
  validatePiiConfig,
  type PiiConfig,
} from '../../src/state/pii-config.js';
import { makeOrg } from '../fixtures/state.js';

function parse(raw: string | null): PiiConfig {
  const r = parsePiiConfig(raw);
  if (!r.ok) throw new Error(r.error);
  return r.config;
}

describe('parsePiiConfig', () => {
  it('treats null and "" as an empty config', () => {
    expect(parse(null)).toEqual({});
    expect(parse('')).toEqual({});
    expect(parse('  ')).toEqual({});
  });

  it('rejects invalid JSON and non-objects', () => {
    const bad = parsePiiConfig('{"rules": ');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/not valid JSON/);
    expect(parsePiiConfig('[1]').ok).toBe(false);
    expect(parsePiiConfig('"x"').ok).toBe(false);
  });
});

describe('rule detection', () => {
  it('finds every required rule in the UI-named fixture config', () => {
    const config = parse(makeOrg().relayPiiConfig);
    expect(missingPiiRules(config)).toEqual([]);
  });

  it('recognises rules whatever their names', () => {
    const config: PiiConfig = {
      rules: { 'my card rule': { type: 'creditcard', redaction: { method: 'mask' } } },
      applications: { $string: ['my card rule'] },
    };
    expect(hasPiiRule(config, { type: 'creditcard', method: 'mask', selector: '$string' })).toBe(true);
  });

  it('needs the same type, method and selector', () => {
    const config: PiiConfig = {
      rules: { '0': { type: 'creditcard', redaction: { method: 'replace' } }, '1': { type: 'anything', redaction: { method: 'remove' } } },
      applications: { $string: ['0'], '$http.cookies': ['1'], $message: ['1'] },
    };
    expect(hasPiiRule(config, { type: 'creditcard', method: 'mask', selector: '$string' })).toBe(false);
    expect(hasPiiRule(config, { type: 'anything', method: 'remove', selector: '$http.cookies' })).toBe(true);
    expect(hasPiiRule(config, { type: 'anything', method: 'remove', selector: '**.password' })).toBe(false);
  });

  it('does not count a rule that is defined but not applied', () => {
    const config: PiiConfig = { rules: { '0': { type: 'creditcard', redaction: { method: 'mask' } } }, applications: {} };
    expect(hasPiiRule(config, { type: 'creditcard', method: 'mask', selector: '$string' })).toBe(false);
  });

  it('recognises built-in rule references', () => {
    const config: PiiConfig = { applications: { $string: ['@creditcard:mask', '@iban'], '**.password': ['@anything:remove'] } };
    expect(hasPiiRule(config, { type: 'creditcard', method: 'mask', selector: '$string' })).toBe(true);
    expect(hasPiiRule(config, { type: 'iban', method: 'replace', selector: '$string' })).toBe(true);
    expect(hasPiiRule(config, { type: 'anything', method: 'remove', selector: '**.password' })).toBe(true);
    expect(hasPiiRule({ applications: { $string: ['@creditcard'] } }, { type: 'creditcard', method: 'mask', selector: '$string' })).toBe(false);
    // `:filter` built-ins replace with [Filtered]: same type, method replace
    expect(hasPiiRule({ applications: { $string: ['@iban:filter'] } }, { type: 'iban', method: 'replace', selector: '$string' })).toBe(true);
    expect(hasPiiRule({ applications: { $string: ['@creditcard:filter'] } }, { type: 'creditcard', method: 'mask', selector: '$string' })).toBe(false);
  });
});

describe('mergePiiRules', () => {
  it('adds every required rule to an empty config and validates', () => {
    const merged = mergePiiRules({});
    expect(missingPiiRules(merged)).toEqual([]);
    expect(validatePiiConfig(merged)).toEqual([]);
    // one rule per type and method, shared by the four "anything remove" selectors
    expect(Object.keys(merged.rules ?? {})).toHaveLength(3);
  });

  it('keeps existing rules, applications and vars, and avoids name collisions', () => {
    const existing: PiiConfig = {
      rules: {
        '0': { type: 'pattern', pattern: '[a-z]{3}-\\d+', redaction: { method: 'replace', text: '[ticket]' } },
        'sentry-harden-creditcard-mask': { type: 'email', redaction: { method: 'hash' } },
      },
      vars: { hashKey: 'k' },
      applications: { $message: ['0'], $string: ['sentry-harden-creditcard-mask'] },
    };
    const snapshot = structuredClone(existing);
    const merged = mergePiiRules(existing);
    expect(existing).toEqual(snapshot); // input not mutated
    expect(merged.rules?.['0']).toEqual(existing.rules?.['0']);
    expect(merged.rules?.['sentry-harden-creditcard-mask']).toEqual({ type: 'email', redaction: { method: 'hash' } });
    expect(merged.vars).toEqual({ hashKey: 'k' });
    expect(merged.applications?.['$message']).toEqual(['0']);
    expect(merged.applications?.['$string']?.[0]).toBe('sentry-harden-creditcard-mask');
    expect(merged.rules?.['sentry-harden-creditcard-mask-2']).toEqual({ type: 'creditcard', redaction: { method: 'mask' } });
    expect(missingPiiRules(merged)).toEqual([]);
    expect(validatePiiConfig(merged)).toEqual([]);
  });

  it('reuses an existing plain rule of the same type and method', () => {
    const existing: PiiConfig = {
      rules: { '0': { type: 'anything', redaction: { method: 'remove' } } },
      applications: { '$http.cookies': ['0'] },
    };
    const merged = mergePiiRules(existing);
    expect(merged.applications?.['**.password']).toEqual(['0']);
    expect(merged.applications?.['$http.cookies']).toEqual(['0']);
    expect(Object.values(merged.rules ?? {}).filter((r) => r.type === 'anything')).toHaveLength(1);
  });

  it('returns the same config when nothing is missing, and round-trips through a string', () => {
    const config = parse(makeOrg().relayPiiConfig);
    expect(mergePiiRules(config)).toBe(config);
    const text = serializePiiConfig(mergePiiRules({}));
    expect(missingPiiRules(parse(text))).toEqual([]);
  });

  it('uses the required list of POLICY 3.1.9', () => {
    expect(REQUIRED_PII_RULES.map((r) => `${r.type}/${r.method}/${r.selector}`)).toEqual([
      'creditcard/mask/$string',
      'iban/replace/$string',
      'anything/remove/$http.headers.authorization',
      'anything/remove/$http.headers.x-api-key',
      'anything/remove/$http.cookies',
      'anything/remove/**.password',
    ]);
  });
});

describe('validatePiiConfig', () => {
  it('rejects unknown types and methods and undefined rule references', () => {
    const errors = validatePiiConfig({
      rules: {
        a: { type: 'creditcards', redaction: { method: 'mask' } },
        b: { type: 'email', redaction: { method: 'scramble' } },
        c: { type: 'pattern', redaction: { method: 'remove' } },
      },
      applications: { $string: ['a', 'missing', '@email'] },
    });
    expect(errors.join('\n')).toMatch(/rule "a" has unknown type "creditcards"/);
    expect(errors.join('\n')).toMatch(/rule "b" has unknown redaction method "scramble"/);
    expect(errors.join('\n')).toMatch(/rule "c" \(pattern\) needs a "pattern"/);
    expect(errors.join('\n')).toMatch(/undefined rule "missing"/);
    expect(errors).toHaveLength(4);
  });

  it('rejects a redaction without a method and a selector with two deep wildcards', () => {
    const errors = validatePiiConfig({
      rules: { a: { type: 'email', redaction: {} }, b: { type: 'ip' } },
      applications: { '**.x.**': ['b'], $string: ['a'] },
    });
    expect(errors.join('\n')).toMatch(/rule "a": "redaction" has no "method"/);
    expect(errors.join('\n')).toMatch(/selector "\*\*\.x\.\*\*" uses the deep wildcard \*\* more than once/);
    expect(errors).toHaveLength(2); // rule "b" without redaction uses the default: valid
  });

  it('accepts the documented types and methods', () => {
    for (const method of ['remove', 'replace', 'mask', 'hash']) {
      expect(validatePiiConfig({ rules: { x: { type: 'us_ssn', redaction: { method } } }, applications: { $string: ['x'] } })).toEqual([]);
    }
  });
});

describe('redactPiiConfigText', () => {
  it('hides vars.hashKey', () => {
    const text = JSON.stringify({ rules: {}, vars: { hashKey: 'supersecret' } });
    const red = redactPiiConfigText(text);
    expect(red).not.toContain('supersecret');
    expect(red).toContain('[redacted');
    expect(redactPiiConfigText('{"vars":{"hashKey":"supersecret"')).not.toContain('supersecret');
    expect(redactPiiConfigText(null)).toBeNull();
  });
});

describe('PII_RULE_TYPES is Relay\'s RuleType (relay-pii src/config.rs, serde snake_case + alias redactPair)', () => {
  it('has exactly these names', async () => {
    const { PII_RULE_TYPES } = await import('../../src/state/pii-config.js');
    expect([...PII_RULE_TYPES].sort()).toEqual([
      'alias', 'anything', 'bearer', 'creditcard', 'email', 'iban', 'imei', 'ip', 'mac', 'multiple', 'password',
      'pattern', 'pemkey', 'redactPair', 'redact_pair', 'url_auth', 'us_ssn', 'userpath', 'uuid',
    ]);
  });
});
