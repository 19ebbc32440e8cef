import { describe, expect, it } from 'vitest';
import {
  effectiveDebugFilesRole,
  effectiveScrubbing,
  effectiveStoreCrashReports,
  effectiveToggle,
  fieldsMissing,
  fieldsOutside,
  totalChars,
  unionFields,
} from '../../src/state/effective.js';
import { makeOrg, makeProject } from '../fixtures/state.js';

describe('effective scrubbing (org OR project)', () => {
  it('an org requirement wins over a project that turns scrubbing off', () => {
    const eff = effectiveScrubbing(makeOrg({ dataScrubber: true }), makeProject({ dataScrubber: false }));
    expect(eff.dataScrubber).toEqual({ value: true, source: 'organization' });
  });

  it('without an org requirement the project value is in effect', () => {
    const org = makeOrg({ dataScrubber: false, dataScrubberDefaults: false, scrubIPAddresses: false });
    const on = effectiveScrubbing(org, makeProject({ dataScrubber: true, dataScrubberDefaults: true, scrubIPAddresses: true }));
    expect(on.dataScrubber).toEqual({ value: true, source: 'project' });
    expect(on.dataScrubberDefaults).toEqual({ value: true, source: 'project' });
    expect(on.scrubIPAddresses).toEqual({ value: true, source: 'project' });
    const off = effectiveScrubbing(org, makeProject({ dataScrubber: false }));
    expect(off.dataScrubber).toEqual({ value: false, source: 'project' });
    expect(off.scrubIPAddresses).toEqual({ value: false, source: 'project' });
  });

  it('effectiveToggle covers the truth table', () => {
    expect(effectiveToggle(true, true)).toEqual({ value: true, source: 'organization' });
    expect(effectiveToggle(true, false)).toEqual({ value: true, source: 'organization' });
    expect(effectiveToggle(false, true)).toEqual({ value: true, source: 'project' });
    expect(effectiveToggle(false, false)).toEqual({ value: false, source: 'project' });
  });

  it('safe and sensitive fields are the union, with the level of each value', () => {
    const eff = effectiveScrubbing(
      makeOrg({ sensitiveFields: ['credit_card', 'tax_id'], safeFields: ['trace_id'] }),
      makeProject({ sensitiveFields: ['TAX_ID', 'employee_number'], safeFields: ['request.cookies', ' trace_id '] }),
    );
    expect(eff.sensitiveFields).toEqual([
      { value: 'credit_card', source: 'organization' },
      { value: 'tax_id', source: 'organization' },
      { value: 'employee_number', source: 'project' },
    ]);
    expect(eff.safeFields).toEqual([
      { value: 'trace_id', source: 'organization' },
      { value: 'request.cookies', source: 'project' },
    ]);
  });

  it('unionFields drops blanks and duplicates', () => {
    expect(unionFields(['a', '', 'A'], ['b', 'a'])).toEqual([
      { value: 'a', source: 'organization' },
      { value: 'b', source: 'project' },
    ]);
  });
});

describe('inherited values', () => {
  it('storeCrashReports: project value when set, else the org value', () => {
    expect(effectiveStoreCrashReports({ storeCrashReports: 5 }, { storeCrashReports: null })).toEqual({ value: 5, source: 'organization' });
    expect(effectiveStoreCrashReports({ storeCrashReports: 0 }, { storeCrashReports: -1 })).toEqual({ value: -1, source: 'project' });
    expect(effectiveStoreCrashReports({ storeCrashReports: 5 }, { storeCrashReports: 0 })).toEqual({ value: 0, source: 'project' });
  });

  it('debugFilesRole: project value when set, else the org value', () => {
    expect(effectiveDebugFilesRole({ debugFilesRole: 'admin' }, { debugFilesRole: null })).toEqual({ value: 'admin', source: 'organization' });
    expect(effectiveDebugFilesRole({ debugFilesRole: 'admin' }, { debugFilesRole: 'member' })).toEqual({ value: 'member', source: 'project' });
  });
});

describe('list helpers', () => {
  it('fieldsMissing compares trimmed and case-insensitively, keeping policy order', () => {
    expect(fieldsMissing(['Credit_Card ', 'cvv'], ['credit_card', 'tax_id', 'cvv', 'TAX_ID', 'iban'])).toEqual(['tax_id', 'iban']);
  });

  it('fieldsOutside lists entries not allowed', () => {
    expect(fieldsOutside(['trace_id', 'Password', 'x'], ['TRACE_ID'])).toEqual(['Password', 'x']);
    expect(fieldsOutside([], [])).toEqual([]);
  });

  it('totalChars sums entry lengths', () => {
    expect(totalChars(['abc', 'de'])).toBe(5);
  });
});
