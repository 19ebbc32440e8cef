import { describe, expect, it } from 'vitest';
import { mergeList, mergePiiConfig, sameValue, sensitiveFieldsTooLong } from '../../src/engine/values.js';
import { validatePiiConfigText as validatePiiConfig } from '../../src/state/pii-config.js';

describe('mergeList', () => {
  it('applies the plan delta to the live list, keeping live order and entries added since', () => {
    expect(mergeList(['a', 'X', 'b'], ['a', 'b'], ['a', 'b', 'c'])).toEqual(['a', 'X', 'b', 'c']);
    expect(mergeList(['a', 'X', 'b'], ['a', 'b'], ['b'])).toEqual(['X', 'b']);
    expect(mergeList(['*'], ['*'], ['https://a.example'])).toEqual(['https://a.example']);
    expect(mergeList(['A '], [], ['a'])).toEqual(['A ']); // case-insensitive, trimmed
  });
});

describe('mergePiiConfig', () => {
  const base = { rules: { r: { type: 'email', redaction: { method: 'hash' } } }, applications: { '$user.email': ['r'] } };
  const add = {
    rules: { ...base.rules, cc: { type: 'creditcard', redaction: { method: 'mask' } } },
    applications: { ...base.applications, $string: ['cc'] },
  };
  it('adds planned rule applications to the live config, whatever the rule names', () => {
    const live = { rules: { '0': { type: 'email', redaction: { method: 'hash' } }, '1': { type: 'ip', redaction: { method: 'remove' } } }, applications: { '$user.email': ['0'], $string: ['1'] } };
    const out = JSON.parse(mergePiiConfig(JSON.stringify(live), JSON.stringify(base), JSON.stringify(add))!) as typeof live & { rules: Record<string, unknown> };
    expect(out.rules['0']).toEqual(live.rules['0']);
    expect(out.rules['1']).toEqual(live.rules['1']);
    expect(out.applications.$string).toHaveLength(2);
    expect(Object.values(out.rules)).toContainEqual({ type: 'creditcard', redaction: { method: 'mask' } });
  });
  it('removes exactly the planned applications (restore) and keeps the rest', () => {
    const live = { ...add, applications: { ...add.applications, '$extra': ['r'] } };
    const out = JSON.parse(mergePiiConfig(JSON.stringify(live), JSON.stringify(add), JSON.stringify(base))!) as typeof live;
    expect(out.applications).toEqual({ '$user.email': ['r'], '$extra': ['r'] });
    expect(Object.keys(out.rules)).toEqual(['r']);
  });
  it('compares configs as JSON, not text', () => {
    expect(sameValue('relayPiiConfig', JSON.stringify(base), JSON.stringify(JSON.parse(JSON.stringify(base)), null, 2))).toBe(true);
    expect(sameValue('relayPiiConfig', null, '')).toBe(true);
    expect(sameValue('relayPiiConfig', JSON.stringify(base), JSON.stringify(add))).toBe(false);
  });
  it('validates rule types and methods locally', () => {
    expect(validatePiiConfig(JSON.stringify(add))).toEqual([]);
    expect(validatePiiConfig(JSON.stringify({ rules: { x: { type: 'nope', redaction: { method: 'zap' } } }, applications: { $string: ['y'] } }))).toHaveLength(3);
  });
});

describe('limits', () => {
  it('knows the 4,000-character sensitive fields limit', () => {
    expect(sensitiveFieldsTooLong(['x'.repeat(4000)])).toBe(false);
    expect(sensitiveFieldsTooLong(['x'.repeat(4000), 'y'])).toBe(true);
  });
});
