// The wizard's side of guided edits: which editors a control shows now, and what an answer
// does. Each editor is declared by its check (`CheckDef.edit`, steps/edits.ts); nothing here
// knows a check id. Pure: no I/O, no React.

import { findCheck } from '../../steps/index.js';
import type { EditResult, EditSpec } from '../../steps/edits.js';
import type { Policy } from '../../steps/policy.js';
import type { ControlResult, PlannedChange } from '../../steps/types.js';
import type { RateLimit } from '../sentry/types.js';
import type { OrgState } from '../state/types.js';
import { missingValueText, wizardCanEdit } from '../report/missing-value.js';

export { parseRateLimit, splitList, type EditOption, type EditResult, type EditSpec } from '../../steps/edits.js';

/** The edits a person can make on this control now: its failing checks that declare one. */
export function editSpecsFor(control: ControlResult, state: OrgState | undefined, policy: Policy): EditSpec[] {
  return control.checks.flatMap((check) => {
    if (check.status !== 'fail') return [];
    const spec = findCheck(check.id)?.check.edit?.spec(check, { policy, state });
    return spec ? [spec] : [];
  });
}

/**
 * The wizard's line for a failing check that waits for a value: the edit key (`press e`, `choose
 * "edit"`) only when the check has an editor, else what the reports say (the policy parameter).
 */
export function missingValueLine(checkId: string, parameter: string, editKey: string): string {
  return wizardCanEdit(checkId) ? `${checkId} needs a value from you: ${editKey} (or set "${parameter}" in --policy).` : `${checkId} ${missingValueText(checkId, parameter)}.`;
}

/** Validate a person's answer; returns an error message or the result to apply. */
export function resolveEdit(spec: EditSpec, value: string | string[], policy: Policy, state?: OrgState): EditResult | string {
  const edit = findCheck(spec.checkId)?.check.edit;
  if (!edit) return `check ${spec.checkId} has no editor`;
  return edit.resolve(spec, value, { policy, state });
}

/** A check's changes as the person picked them (2.2.2, 2.3.5), while the check still fails. */
export function overrideChanges(control: ControlResult, picked: ReadonlyMap<string, PlannedChange[]>): ControlResult {
  if (picked.size === 0) return control;
  return {
    ...control,
    checks: control.checks.map((check) => {
      const changes = picked.get(check.id);
      return changes && check.status === 'fail' ? { ...check, changes } : check;
    }),
  };
}

/** Replace the proposed rate limit of a check's planned changes (the person's choice wins). */
export function overrideRateLimits(control: ControlResult, overrides: ReadonlyMap<string, RateLimit>): ControlResult {
  if (overrides.size === 0) return control;
  return {
    ...control,
    checks: control.checks.map((check) => {
      const rl = overrides.get(check.id);
      if (!rl || !check.changes) return check;
      return {
        ...check,
        // the consequence names the numbers: it must be the person's, as the confirmation shows it
        changes: check.changes.map((c): PlannedChange =>
          c.field === 'rateLimit'
            ? { ...c, after: { ...rl }, ...(c.consequence ? { consequence: `Events above ${rl.count} per ${rl.window} seconds sent with this DSN are dropped.` } : {}) }
            : c,
        ),
      };
    }),
  };
}
