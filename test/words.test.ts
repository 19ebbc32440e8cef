// The one plural helper and the one time format for people (src/words.ts).

import { describe, expect, it } from 'vitest';
import { humanTime, plural, word } from '../src/words.js';

describe('words', () => {
  it('agrees with the count: one for 1, the plural otherwise (0 included)', () => {
    expect([0, 1, 2].map((n) => plural(n, 'owner'))).toEqual(['0 owners', '1 owner', '2 owners']);
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
    expect([1, 2].map((n) => word(n, 'is', 'are'))).toEqual(['is', 'are']);
    expect(word(0, 'team')).toBe('teams');
  });

  it('prints a time to the minute in UTC, whatever offset it was given', () => {
    expect(humanTime('2026-11-25T12:30:59.999+01:00')).toBe('2026-11-25 11:30 UTC');
    expect(humanTime('2026-11-25T12:00:00.000Z')).toBe('2026-11-25 12:00 UTC');
    expect(humanTime('not a date')).toBe('not a date');
  });
});
