// Evaluate the selected checks of the catalog on one OrgState: pure, never throws for a check.

import { UsageError, UserError } from '../errors.js';
import type { OrgState } from '../state/types.js';
import { CONTROLS } from '../../steps/index.js';
import { applyAcceptedRisks } from '../../steps/accepted-risks.js';
import type { Policy } from '../../steps/policy.js';
import { levelRank } from '../../steps/types.js';
import { worstStatus } from './status.js';
import type { CheckResult, CheckStatus, ControlDef, ControlResult, Level, PlannedChange } from '../../steps/types.js';

export interface EvaluateOptions {
  level: Level;
  /** control ids ("1.2") or check ids ("3.1.4"); empty or absent = everything */
  only?: readonly string[];
  skip?: readonly string[];
  now: Date;
  /** the catalog to evaluate (tests); default CONTROLS */
  controls?: readonly ControlDef[];
}

const cleanIds = (ids: readonly string[] | undefined): string[] => (ids ?? []).map((s) => s.trim()).filter((s) => s !== '');

/**
 * The ids of the checks to evaluate, in catalog order: at or below `level` (levels are
 * cumulative), inside `only` when given, outside `skip`. An id names a control or a check;
 * an unknown id is a usage error naming it.
 */
export function selectChecks(
  level: Level,
  only?: readonly string[],
  skip?: readonly string[],
  controls: readonly ControlDef[] = CONTROLS,
): string[] {
  const known = new Set(controls.flatMap((c) => [c.id, ...c.checks.map((k) => k.id)]));
  const onlyIds = cleanIds(only);
  const skipIds = cleanIds(skip);
  for (const [flag, ids] of [['--only', onlyIds], ['--skip', skipIds]] as const) {
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new UsageError(`${flag}: unknown control or check id ${unknown.map((id) => `"${id}"`).join(', ')}; run \`sentry-harden controls\` to list them`);
    }
  }
  const onlySet = new Set(onlyIds);
  const skipSet = new Set(skipIds);
  const selected: string[] = [];
  for (const control of controls) {
    for (const check of control.checks) {
      if (levelRank(check.level) > levelRank(level)) continue;
      if (onlySet.size > 0 && !onlySet.has(check.id) && !onlySet.has(control.id)) continue;
      if (skipSet.has(check.id) || skipSet.has(control.id)) continue;
      selected.push(check.id);
    }
  }
  return selected;
}

/**
 * `selectChecks` for a command that reports on what it evaluated: a selection that leaves no
 * check is a usage error (exit 2, one line) naming why (the level the checks need, or the --skip that removed
 * them). A run that evaluates nothing must never look like a pass.
 */
export function requireSelection(
  level: Level,
  only?: readonly string[],
  skip?: readonly string[],
  controls: readonly ControlDef[] = CONTROLS,
): string[] {
  const selected = selectChecks(level, only, skip, controls);
  if (selected.length > 0) return selected;
  const onlyIds = cleanIds(only);
  const skipIds = cleanIds(skip);
  const named = controls.flatMap((c) =>
    c.checks.filter((k) => onlyIds.length === 0 || onlyIds.includes(k.id) || onlyIds.includes(c.id)),
  );
  const atLevel = named.filter((k) => levelRank(k.level) <= levelRank(level));
  const onlyText = onlyIds.length > 0 ? `--only ${onlyIds.join(',')}` : '';
  if (onlyIds.length > 0 && atLevel.length === 0) {
    const need = named.reduce<Level>((min, k) => (levelRank(k.level) < levelRank(min) ? k.level : min), 'L3');
    const what = named.length === 1 ? `check ${named[0]!.id} is at ${need}` : `its checks start at ${need}`;
    throw new UserError(`${onlyText} selects nothing at ${level}: ${what}; pass --level ${need}`);
  }
  throw new UserError(
    `--skip ${skipIds.join(',')} leaves no check${onlyText ? ` of ${onlyText}` : ''} to evaluate at ${level}; nothing would be checked`,
  );
}

/** Evaluate the selected checks; a control without a selected check is left out. */
export function evaluate(state: OrgState, policy: Policy, opts: EvaluateOptions): ControlResult[] {
  const controls = opts.controls ?? CONTROLS;
  const selected = new Set(selectChecks(opts.level, opts.only, opts.skip, controls));
  const results: ControlResult[] = [];
  for (const control of controls) {
    const checks: CheckResult[] = [];
    for (const check of control.checks) {
      if (!selected.has(check.id)) continue;
      const meta = { id: check.id, title: check.title, level: check.level, automation: check.automation, risk: check.risk, rationale: check.rationale };
      try {
        checks.push({ ...meta, ...check.evaluate({ state, policy, now: opts.now }) });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        checks.push({ ...meta, status: 'error', findings: [], reason: `the check failed unexpectedly: ${message}` });
      }
    }
    if (checks.length === 0) continue;
    results.push({
      id: control.id,
      title: control.title,
      level: control.level,
      frameworks: control.frameworks,
      rationale: control.rationale,
      status: worstStatus(checks.map((c) => c.status)),
      checks,
    });
  }
  // the policy's accepted risks, here so that every command agrees: verify reports them as
  // `accepted`, plan and apply leave their changes out (and say why), until they expire
  return applyAcceptedRisks(results, policy.acceptedRisks ?? [], opts.now, worstStatus);
}

export type StatusCounts = Record<CheckStatus, number>;

/** Counts of checks by status. */
export function summarize(results: readonly ControlResult[]): StatusCounts {
  const counts: StatusCounts = { pass: 0, fail: 0, manual: 0, not_applicable: 0, error: 0, accepted: 0 };
  for (const control of results) for (const check of control.checks) counts[check.status] += 1;
  return counts;
}

/** Every change of every failing check, in catalog order. */
export function plannedChanges(results: readonly ControlResult[]): PlannedChange[] {
  return results.flatMap((control) => control.checks.filter((c) => c.status === 'fail').flatMap((c) => c.changes ?? []));
}

/** 0 when no evaluated check fails or errors, else 1 (`manual` and `not_applicable` never fail a run). */
export function exitCodeFor(results: readonly ControlResult[]): 0 | 1 {
  const { fail, error } = summarize(results);
  return fail + error === 0 ? 0 : 1;
}
