// The simulator's latency clock (src/simulator/deadline.ts): an answer held for the latency never
// leaves before its time, although Node's timers run on a whole-millisecond clock.

import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../src/simulator/deadline.js';

describe('waitUntil', () => {
  it('never resolves before its deadline, for deadlines between and across milliseconds', async () => {
    for (let i = 0; i < 60; i += 1) {
      // fractions of a millisecond ahead up to a few ms, from a random phase of the loop's clock
      await new Promise((r) => setTimeout(r, i % 3));
      const deadline = performance.now() + (i % 12) * 0.37;
      await waitUntil(deadline);
      expect(performance.now()).toBeGreaterThanOrEqual(deadline);
    }
  });

  it('a deadline already past resolves at once', async () => {
    const before = performance.now();
    await waitUntil(before - 5);
    expect(performance.now()).toBeGreaterThanOrEqual(before);
  });
});
