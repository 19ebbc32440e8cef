// The words of collection progress, shared by verify's progress line, its Ink bar and the wizard.

import type { CollectProgress } from './collect.js';
import { word } from '../words.js';

const n = (v: number): string => v.toLocaleString('en-US');

/**
 * "1,204/2,031 reads · 1,530 requests · rate limit: 2 waits, 3.1 s": reads done of those known so
 * far (a list with all its pages counts once), HTTP requests sent, and the time held back for
 * Sentry's rate limit ("waiting for the rate limit" while it happens), and reads resent after
 * a lost connection when there were any.
 */
export function progressCounts(p: CollectProgress): string {
  const parts = [`${n(p.done)}/${n(p.total)} reads`];
  if (p.requests !== undefined) parts.push(`${n(p.requests)} ${word(p.requests, 'request')}`);
  if (p.waiting) parts.push('waiting for the rate limit');
  else if (p.rateLimitWaits) parts.push(`rate limit: ${n(p.rateLimitWaits)} ${word(p.rateLimitWaits, 'wait')}, ${((p.rateLimitWaitMs ?? 0) / 1000).toFixed(1)} s`);
  // a busy server or proxy closing connections shows here instead of as a failed read
  if (p.connectionRetries) parts.push(`${n(p.connectionRetries)} resent after a lost connection`);
  return parts.join(' · ');
}
