// What a person should know before confirming: the engine's warnings and each change's consequence.

import type { PlannedChange } from '../../../steps/types.js';

export function consequences(changes: readonly PlannedChange[], warnings: readonly string[]): string[] {
  const out = new Set<string>(warnings);
  // the engine's warnings already describe the plan; a change's own consequence only when it has none
  if (warnings.length === 0) for (const c of changes) if (c.consequence) out.add(c.consequence);
  for (const c of changes) if (!c.reversible) out.add(`${c.checkId}: this change cannot be fully undone by rollback.`);
  return [...out];
}

