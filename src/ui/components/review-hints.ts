// The keys that work on a control under review (shown on the Ink screen, offered in plain mode).

import type { ControlResult, PlannedChange } from '../../../steps/types.js';
import { applicableChanges, confirmMode } from '../wizard-state.js';
import { plural } from '../../words.js';

export interface KeyHint {
  key: string;
  label: string;
}

/** `canPlan`: the session can save a plan file, so `p` adds the changes to it instead of applying. */
export function reviewHints(control: ControlResult, canEdit: boolean, canPlan = false): KeyHint[] {
  const changes = applicableChanges(control);
  const hints: KeyHint[] = [];
  if (changes.length > 0) {
    const mode = confirmMode(changes);
    hints.push({ key: 'a', label: `apply ${plural(changes.length, 'change')}${mode === 'plain' ? '' : ` (${mode})`}` });
    if (canPlan) hints.push({ key: 'p', label: 'add to plan file instead' });
  }
  hints.push({ key: 's', label: changes.length > 0 ? 'skip' : 'continue' });
  if (canEdit) hints.push({ key: 'e', label: 'edit values' });
  hints.push({ key: 'd', label: 'details' });
  hints.push({ key: 'q', label: 'quit' });
  return hints;
}


/** The opt-in `apply FILE` needs for the risky changes among these: `--allow-risky 1.2.1,2.1.10`. */
export function riskyFlag(changes: readonly PlannedChange[]): string {
  return `--allow-risky ${[...new Set(changes.filter((c) => c.risk === 'risky').map((c) => c.checkId))].join(',')}`;
}
