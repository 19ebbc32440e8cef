// NO_COLOR and --no-color turn colour off; every status keeps its own icon and word.

import { describe, expect, it } from 'vitest';
import { colorEnabled, STATUS_ICON, STATUS_WORD } from '../../src/ui/theme.js';

describe('colour', () => {
  it('is on by default, off with NO_COLOR (any non-empty value) or --no-color', () => {
    expect(colorEnabled({}, true)).toBe(true);
    expect(colorEnabled({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: '' }, true)).toBe(true);
    expect(colorEnabled({}, false)).toBe(false);
  });

  it('statuses differ without colour', () => {
    expect(new Set(Object.values(STATUS_ICON)).size).toBe(Object.keys(STATUS_ICON).length);
    expect(new Set(Object.values(STATUS_WORD)).size).toBe(Object.keys(STATUS_WORD).length);
  });
});
