// The keys that work on a control under review (shown on the Ink screen, offered in plain mode).

import type { ControlResult } from '../../../steps/types.js';
import { applicableChanges, confirmMode } from '../wizard-state.js';

export interface KeyHint {
  key: string;
  label: string;
}

export function reviewHints(control: ControlResult, canEdit: boolean): KeyHint[] {
  const changes = applicableChanges(control);
  const hints: KeyHint[] = [];
  if (changes.length > 0) {
    const mode = confirmMode(changes);
    hints.push({ key: 'a', label: `apply ${changes.length} change${changes.length === 1 ? '' : 's'}${mode === 'plain' ? '' : ` (${mode})`}` });
  }
  hints.push({ key: 's', label: changes.length > 0 ? 'skip' : 'continue' });
  if (canEdit) hints.push({ key: 'e', label: 'edit values' });
  hints.push({ key: 'd', label: 'details' });
  hints.push({ key: 'q', label: 'quit' });
  return hints;
}

