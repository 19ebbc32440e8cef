// What a person should know before confirming: the engine's warnings and each change's consequence.

import type { PlannedChange } from '../../../steps/types.js';

export function consequences(changes: readonly PlannedChange[], warnings: readonly string[]): string[] {
  const out = new Set<string>(warnings);
  // each change's own consequence too: it follows the person's edits (a rate limit they typed)
  for (const c of changes) if (c.consequence) out.add(c.consequence);
  for (const c of changes) if (!c.reversible) out.add(`${c.checkId}: this change cannot be fully undone by rollback.`);
  return [...out];
}

