// `sentry-harden verify`: evaluate a level and report; changes nothing.
// Exit 0 when no evaluated check fails or errors, 1 otherwise, 2 when it could not run.

import { exitCodeFor } from '../engine/evaluate.js';
import { renderReport } from '../report/index.js';
import { toolVersion } from '../version.js';
import { connectCollectEvaluate, emit, terminalOptions, type CommandHooks } from './shared.js';
import type { GlobalOptions, Io } from './types.js';

export async function runVerify(opts: GlobalOptions, io: Io, hooks: CommandHooks = {}): Promise<number> {
  // On a terminal an Ink progress bar on stderr; it is loaded only then, so CI runs stay lean.
  const bar = !hooks.onProgress && io.stderr.isTTY === true && !opts.plain
    ? (await import('../ui/progress-ui.js')).startInkProgress(io.stderr, { color: opts.color })
    : undefined;
  let ev;
  try {
    ev = await connectCollectEvaluate(opts, io, 'verify', { needKeyStats: false }, bar ? { ...hooks, onProgress: bar.onProgress } : hooks);
  } finally {
    bar?.done();
  }
  const text = renderReport(
    opts.format ?? 'table',
    {
      results: ev.results,
      target: { baseUrl: ev.target.baseUrl, org: ev.target.org, sources: ev.sources },
      level: ev.level,
      generatedAt: ev.generatedAt,
      toolVersion: toolVersion(),
    },
    terminalOptions(opts, io),
  );
  await emit(opts, io, text);
  return exitCodeFor(ev.results);
}
