// Collection for a selection of checks: what to fetch is derived from the checks' own
// definitions (`reads`, `memberDetails`, `auditLookbackDays`), never from a copy of them.

import type { Member } from '../sentry/types.js';
import { collectState, type CollectOptions, type Connection } from '../state/collect.js';
import type { OrgState, ReadPlan, StatePart } from '../state/types.js';
import { CONTROLS } from '../../steps/index.js';
import type { Policy } from '../../steps/policy.js';
import { levelRank, type CheckDef, type ControlDef, type Level } from '../../steps/types.js';

export interface CollectForChecksOptions extends Omit<CollectOptions, 'plan'> {
  level: Level;
  policy: Policy;
  /** the checks that will be evaluated; default every check at or below `level` */
  checkIds?: ReadonlySet<string>;
  /** the catalog (tests); default CONTROLS */
  controls?: readonly ControlDef[];
}

/** What the given checks read, with the policy they are evaluated under. */
export function readPlanFor(checks: readonly CheckDef[], policy: Policy): ReadPlan {
  const parts = new Set<StatePart>(checks.flatMap((c) => c.reads));
  const lookbacks = checks.map((c) => c.auditLookbackDays?.(policy) ?? policy.auditWindowDays);
  return {
    parts,
    auditLookbackDays: Math.max(policy.auditWindowDays, ...lookbacks),
    memberDetails(members: readonly Member[], now: Date): Member[] {
      const wanted = new Map<string, Member>();
      for (const c of checks) for (const m of c.memberDetails?.(members, { policy, now }) ?? []) wanted.set(m.id, m);
      return [...wanted.values()];
    },
  };
}

/** One OrgState with every part the selected checks read. */
export function collectOrgState(conn: Connection, opts: CollectForChecksOptions): Promise<OrgState> {
  const { level, policy, checkIds, controls = CONTROLS, ...rest } = opts;
  const checks = controls
    .flatMap((c) => c.checks)
    .filter((c) => (checkIds ? checkIds.has(c.id) : levelRank(c.level) <= levelRank(level)));
  return collectState(conn, { ...rest, plan: readPlanFor(checks, policy) });
}

export type { CollectProgress, Connection } from '../state/collect.js';
