// Shared by the issue-10 regression tests: run one check of a control on a fixture state.
import { control3_1 } from '../../steps/3.1-data-scrubbing.js';
import { control3_2 } from '../../steps/3.2-dsn-security.js';
import { control3_3 } from '../../steps/3.3-ip-filtering.js';
import { control4_1 } from '../../steps/4.1-audit-logs.js';
import { DEFAULT_POLICY, type Policy } from '../../steps/policy.js';
import type { CheckOutcome, ControlDef } from '../../steps/types.js';
import type { OrgState } from '../../src/state/types.js';
import { NOW } from '../fixtures/state.js';

const CONTROLS: ControlDef[] = [control3_1, control3_2, control3_3, control4_1];

export function runCheck(id: string, state: OrgState, policy: Partial<Policy> = {}): CheckOutcome {
  const check = CONTROLS.flatMap((c) => c.checks).find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check.evaluate({ state, policy: { ...DEFAULT_POLICY, ...policy }, now: NOW });
}

export function allText(out: CheckOutcome): string {
  return JSON.stringify([out.reason, out.warnings, out.manualSteps, out.findings.map((f) => f.message), out.changes?.map((c) => c.consequence)]);
}
