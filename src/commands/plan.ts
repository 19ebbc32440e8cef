// `sentry-harden plan`: every change the wizard would make at a level, as diffs; changes
// nothing. Exit 0 when there is nothing to change, 1 otherwise: a planned change, a failing
// check the tool would fix once given a value (guided), or a check that could not be read.

import { plannedChanges } from '../engine/evaluate.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanTable, type PlanInput } from '../report/plan.js';
import { toolVersion } from '../version.js';
import { connectCollectEvaluate, emit, terminalOptions, type CommandHooks } from './shared.js';
import type { Io, PlanOptions } from './types.js';
import type { ControlResult, PlannedChange } from '../../steps/types.js';

export function planExitCode(results: readonly ControlResult[], changes: readonly PlannedChange[]): 0 | 1 {
  if (changes.length > 0) return 1;
  for (const c of results.flatMap((r) => r.checks)) {
    if (c.status === 'error') return 1;
    if (c.status === 'fail' && c.automation !== 'manual') return 1;
  }
  return 0;
}

export async function runPlan(opts: PlanOptions, io: Io, hooks: CommandHooks = {}): Promise<number> {
  const ev = await connectCollectEvaluate(opts, io, 'plan', { needKeyStats: true }, hooks);
  const changes = plannedChanges(ev.results);
  const input: PlanInput = {
    changes,
    results: ev.results,
    target: { baseUrl: ev.target.baseUrl, org: ev.target.org, sources: ev.sources },
    level: ev.level,
    generatedAt: ev.generatedAt,
    toolVersion: toolVersion(),
  };
  const format = opts.format ?? 'table';
  const text = format === 'json' ? renderPlanJson(input) : format === 'markdown' ? renderPlanMarkdown(input) : renderPlanTable(input, terminalOptions(opts, io));
  await emit(opts, io, text);
  return planExitCode(ev.results, changes);
}
