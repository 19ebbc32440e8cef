// The words of collection progress (src/state/progress.ts).

import { describe, expect, it } from 'vitest';
import { progressCounts } from '../../src/state/progress.js';

describe('progressCounts', () => {
  it('names reads, requests and rate-limit waits; resent reads only when there were any', () => {
    const base = { done: 1204, total: 2031, label: 'keys web', requests: 1530, rateLimitWaits: 2, rateLimitWaitMs: 3100, waiting: false };
    expect(progressCounts(base)).toBe('1,204/2,031 reads · 1,530 requests · rate limit: 2 waits, 3.1 s');
    expect(progressCounts({ ...base, connectionRetries: 0 })).toBe('1,204/2,031 reads · 1,530 requests · rate limit: 2 waits, 3.1 s');
    expect(progressCounts({ ...base, connectionRetries: 1234 })).toBe('1,204/2,031 reads · 1,530 requests · rate limit: 2 waits, 3.1 s · 1,234 resent after a lost connection');
    expect(progressCounts({ ...base, waiting: true, connectionRetries: 1 })).toBe('1,204/2,031 reads · 1,530 requests · waiting for the rate limit · 1 resent after a lost connection');
  });
});
