// effective.ts: fieldsMissing returns the wanted entries trimmed (they are written to the org's
// sensitiveFields as they are), found by mutation testing (issue 21).
import { describe, expect, it } from 'vitest';
import { fieldsMissing } from '../../src/state/effective.js';

describe('fieldsMissing', () => {
  it('returns each missing entry trimmed, once', () => {
    expect(fieldsMissing(['cvv'], [' iban ', 'IBAN', ' cvv'])).toEqual(['iban']);
  });
});
