// Start-up timing marks for the benchmark: with SENTRY_HARDEN_TIMING=<file>, each mark appends
// "<name> <ms since process start>" to that file. Costs nothing otherwise.

import { appendFileSync } from 'node:fs';

export function mark(name: string): void {
  const file = process.env.SENTRY_HARDEN_TIMING;
  if (!file) return;
  appendFileSync(file, `${name} ${performance.now().toFixed(1)}\n`);
}
