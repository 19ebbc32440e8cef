// `sentry-harden plan`: every change the wizard would make at a level, as diffs; changes
// nothing. Exit 0 when there is nothing to change, 1 otherwise: a planned change, a failing
// check the tool would fix once given a value (guided), or a check that could not be read.

import { plannedChanges } from '../engine/evaluate.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanTable, type PlanInput } from '../report/plan.js';
import { toolVersion } from '../version.js';
import path from 'node:path';
import { buildSavedPlan, serializeSavedPlan, type SavedPlan } from '../engine/saved-plan.js';
import { UserError } from '../errors.js';
import { complianceView } from '../report/compliance.js';
import { connectCollectEvaluate, emit, terminalOptions, writeFileAtomic, type CommandHooks } from './shared.js';
import type { Io, PlanOptions } from './types.js';
import type { ControlResult, PlannedChange } from '../../steps/types.js';
import { plural } from '../words.js';

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
  // --compliance: the framework's controls take the place of the tool's, as in verify; a check
  // under several of them is one set of changes
  const results = opts.compliance ? complianceView(ev.results, opts.compliance) : ev.results;
  if (results.length === 0) throw new UserError(`--compliance ${opts.compliance}: none of the selected checks maps to a ${opts.compliance} control`);
  const changes = [...new Set(plannedChanges(results))];
  const input: PlanInput = {
    changes,
    results,
    ...(opts.compliance ? { compliance: opts.compliance } : {}),
    target: { baseUrl: ev.target.baseUrl, org: ev.target.org, sources: ev.sources },
    level: ev.level,
    generatedAt: ev.generatedAt,
    toolVersion: toolVersion(),
  };
  const format = opts.format ?? 'table';
  const text = format === 'json' ? renderPlanJson(input) : format === 'markdown' ? renderPlanMarkdown(input) : renderPlanTable(input, terminalOptions(opts, io));
  await emit(opts, io, text);
  if (opts.out !== undefined) await savePlan(opts.out, io, buildSavedPlan({
    target: { url: ev.target.baseUrl, org: ev.target.org },
    level: ev.level,
    only: opts.only,
    skip: opts.skip,
    policy: ev.policy,
    // with --compliance the reviewer saw only the framework's checks: only their changes are saved
    changes,
    createdAt: ev.generatedAt,
    toolVersion: toolVersion(),
  }));
  return planExitCode(results, changes);
}

/** Writes a saved plan whole or not at all (0600); says where on stderr, so stdout stays the plan. */
export async function savePlan(file: string, io: Io, plan: SavedPlan): Promise<string> {
  const { path: abs, command } = await writePlanFile(file, io.cwd, plan);
  io.stderr.write(`sentry-harden: saved the plan (${plural(plan.changes.length, 'change')}) to ${abs}; apply exactly it with: ${command}\n`);
  return abs;
}

/** The plan file written whole (0600) at `file` (relative to `cwd`); the command that applies it. */
export async function writePlanFile(file: string, cwd: string, plan: SavedPlan): Promise<{ path: string; command: string }> {
  const abs = path.resolve(cwd, file);
  try {
    await writeFileAtomic(abs, serializeSavedPlan(plan), 0o600);
  } catch (err) {
    throw new UserError(`--out ${file}: cannot write the plan: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
  }
  return { path: abs, command: `sentry-harden apply ${/\s/.test(file) ? JSON.stringify(file) : file}` };
}

/** The wizard's plan file without --out: named after the org and the time, so none is overwritten. */
export function defaultPlanFile(org: string, at: Date): string {
  return `sentry-harden-${org}-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.plan.json`;
}
