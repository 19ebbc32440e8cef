// Which advanced scrubbing configs Relay cannot load at all, and how a rule name is looked up.
// Relay facts: `PiiConfig.rules` is a map of `RuleSpec` structs and `applications` a map of
// selector to a list of names (relay-pii src/config.rs), read by serde, so one malformed part
// makes the whole config unreadable; Relay's own test `test_validate_pii_config`
// (py/tests/test_processing.py) accepts `{}` and `{"applications": {}}` and rejects
// `{"applications": []}` and `{"applications": true}`; an unknown redaction method is
// `Redaction::Other` (redactions.rs `test_redaction_deser_other`, `{"method": "foo"}`); a name is
// looked up in the config's rules before the built-ins (compiledconfig.rs `get_rule`).
import { describe, expect, it } from 'vitest';
import { hasPiiRule, parsePiiConfig, relayLoadProblems, unknownRuleTypes, validatePiiConfig, validatePiiConfigText, type PiiConfig, type RequiredPiiRule } from '../../src/state/pii-config.js';

const CARD_MASK: RequiredPiiRule = { type: 'creditcard', method: 'mask', selector: '$string' };
const load = (text: string): string[] => {
  const parsed = parsePiiConfig(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return relayLoadProblems(parsed.config);
};

describe('relayLoadProblems: what Relay cannot deserialise', () => {
  it('follows Relay\'s test_validate_pii_config', () => {
    expect(load('{}')).toEqual([]);
    expect(load('{"applications": {}}')).toEqual([]);
    expect(load('{"applications": []}')).toEqual(['"applications" must be an object']);
    expect(load('{"applications": true}')).toEqual(['"applications" must be an object']);
  });

  it('cannot load a rule that is not an object, whatever its name', () => {
    expect(load('{"rules": {"@creditcard:mask": "x"}, "applications": {"$string": ["@creditcard:mask"]}}')).toEqual(['rule "@creditcard:mask" must be an object']);
    expect(load('{"rules": {"a": null, "b": [], "c": 1}}')).toEqual(['rule "a" must be an object', 'rule "b" must be an object', 'rule "c" must be an object']);
  });

  it('cannot load rules or applications that are null (serde default covers only a missing key)', () => {
    expect(load('{"rules": null}')).toEqual(['"rules" must be an object']);
    expect(load('{"applications": null}')).toEqual(['"applications" must be an object']);
    expect(validatePiiConfig({} as PiiConfig)).toEqual([]);
  });

  it('cannot load a rule without a type tag, but leaves a type string it does not know to the check', () => {
    expect(load('{"rules": {"a": {}}}')).toEqual(['rule "a" has unknown type undefined']);
    expect(load('{"rules": {"a": {"type": 3}}}')).toEqual(['rule "a" has unknown type 3']);
    expect(load('{"rules": {"a": {"type": "newer_type"}}}')).toEqual([]);
    expect(validatePiiConfig({ rules: { a: { type: 'newer_type' } } })).toEqual(['rule "a" has unknown type "newer_type"']);
  });

  it('cannot load a rule missing what its type needs, a malformed redaction or a bad selector', () => {
    expect(load('{"rules": {"p": {"type": "pattern"}}}')).toEqual(['rule "p" (pattern) needs a "pattern" string']);
    expect(load('{"rules": {"a": {"type": "email", "redaction": {}}}}')).toEqual(['rule "a": "redaction" has no "method" (allowed: remove, replace, mask, hash)']);
    expect(load('{"rules": {"a": {"type": "email", "redaction": "mask"}}}')).toEqual(['rule "a": "redaction" must be an object']);
    expect(load('{"applications": {"**.a.**": ["@email"]}}')).toEqual(['selector "**.a.**" uses the deep wildcard ** more than once']);
    expect(load('{"applications": {"$string": "@email"}}')).toEqual(['application "$string" must be a list of rule names']);
  });

  it('loads a config with an unknown redaction method or a name that is no rule (Relay skips them)', () => {
    const text = '{"rules": {"a": {"type": "email", "redaction": {"method": "foo", "text": "[filter]"}}}, "applications": {"$string": ["a", "missing"]}}';
    expect(load(text)).toEqual([]);
    const parsed = parsePiiConfig(text);
    expect(parsed.ok && validatePiiConfig(parsed.config)).toEqual([
      'rule "a" has unknown redaction method "foo" (allowed: remove, replace, mask, hash)',
      'application "$string" refers to undefined rule "missing"',
    ]);
  });
});

describe('hasPiiRule: a name of the config\'s rules is never the built-in', () => {
  it('does not read a non-object rule named like a built-in as that built-in', () => {
    for (const value of ['x', null, [], 1, true]) {
      const config = { rules: { '@creditcard:mask': value }, applications: { $string: ['@creditcard:mask'] } } as unknown as PiiConfig;
      expect(hasPiiRule(config, CARD_MASK), JSON.stringify(value)).toBe(false);
    }
  });

  it('reads the built-in when the config has no rule of that name, and the config\'s rule when it has one', () => {
    expect(hasPiiRule({ rules: { other: { type: 'email' } }, applications: { $string: ['@creditcard:mask'] } }, CARD_MASK)).toBe(true);
    expect(hasPiiRule({ rules: { '@creditcard:mask': { type: 'creditcard', redaction: { method: 'mask' } } }, applications: { $string: ['@creditcard:mask'] } }, CARD_MASK)).toBe(true);
    expect(hasPiiRule({ rules: { '@creditcard:mask': { type: 'creditcard', redaction: { method: 'replace' } } }, applications: { $string: ['@creditcard:mask'] } }, CARD_MASK)).toBe(false);
  });
});

describe('unknownRuleTypes and validatePiiConfigText', () => {
  it('lists the object rules whose type is not one of Relay\'s, with the type found', () => {
    const rules = { a: null, b: 'x', c: { type: 'email' }, d: { type: 'zip_code' }, e: {}, f: { type: 'redactPair' } } as unknown as PiiConfig['rules'];
    expect(unknownRuleTypes({ rules })).toEqual([{ name: 'd', type: 'zip_code' }, { name: 'e', type: undefined }]);
    for (const r of [undefined, [], 'x', null]) expect(unknownRuleTypes({ rules: r } as unknown as PiiConfig), JSON.stringify(r)).toEqual([]);
  });

  it('validates a config as the API carries it: none for null or blank, the JSON error, or the problems', () => {
    expect(validatePiiConfigText(null)).toEqual([]);
    expect(validatePiiConfigText('  ')).toEqual([]);
    expect(validatePiiConfigText('{"rules":')[0]).toMatch(/^relayPiiConfig is not valid JSON \(/);
    expect(validatePiiConfigText('[]')).toEqual(['relayPiiConfig is not a JSON object']);
    expect(validatePiiConfigText('{"applications": []}')).toEqual(['"applications" must be an object']);
    expect(validatePiiConfigText('{"applications": {"$string": ["@ip"]}}')).toEqual([]);
  });
});
