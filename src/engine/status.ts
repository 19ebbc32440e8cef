// A control's status from its checks' statuses. Its own file (no catalogue import) because the
// compliance grouping uses it and that module is reached by the flag table, which `--help` loads.

import type { CheckStatus } from '../../steps/types.js';

/** Worst first: a control's status is the worst of its checks. */
// accepted sits between pass and manual: a person decided, nothing to do until it expires
const STATUS_SEVERITY: Record<CheckStatus, number> = { error: 5, fail: 4, manual: 3, accepted: 2, pass: 1, not_applicable: 0 };

export function worstStatus(statuses: readonly CheckStatus[]): CheckStatus {
  let worst: CheckStatus = 'not_applicable';
  for (const s of statuses) if (STATUS_SEVERITY[s] > STATUS_SEVERITY[worst]) worst = s;
  return worst;
}
