// effective.ts: fieldsMissing returns the wanted entries trimmed (they are written to the org's
// sensitiveFields as they are), found by mutation testing (issue 21).
import { describe, expect, it } from 'vitest';
import { appliedScrubbing, fieldsMissing } from '../../src/state/effective.js';

describe('fieldsMissing', () => {
  it('returns each missing entry trimmed, once', () => {
    expect(fieldsMissing(['cvv'], [' iban ', 'IBAN', ' cvv'])).toEqual(['iban']);
  });
});

// Relay builds the scrubbing config from the effective toggles: no data scrubbing → neither the
// defaults nor the sensitive fields; scrubbing without defaults → the sensitive fields only
// (relay-pii src/convert.rs `to_pii_config`).
describe('appliedScrubbing', () => {
  it('applies the defaults only when data scrubbing and the defaults are both on', () => {
    expect(appliedScrubbing(true, true)).toEqual({ defaultsApplied: true, sensitiveFieldsApplied: true, notApplied: null });
    expect(appliedScrubbing(true, false)).toEqual({
      defaultsApplied: false, sensitiveFieldsApplied: true,
      notApplied: 'the default scrubbers are off, so Relay scrubs only the sensitive fields (and IPs and advanced rules)',
    });
    const off = 'data scrubbing is off, so Relay applies neither the default scrubbers nor the sensitive fields (only IP scrubbing and advanced rules run)';
    expect(appliedScrubbing(false, true)).toEqual({ defaultsApplied: false, sensitiveFieldsApplied: false, notApplied: off });
    expect(appliedScrubbing(false, false)).toEqual({ defaultsApplied: false, sensitiveFieldsApplied: false, notApplied: off });
  });
});
