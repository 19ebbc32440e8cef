// What supplies a failing check's missing value, said the same way in every output: the policy
// parameter always; the wizard only when the check declares a guided edit (CheckDef.edit), since
// without one the wizard has nothing to ask (3.5.1's replayAccess is a list only the policy file
// gives).

import { findCheck } from '../../steps/index.js';

/** True when the wizard has an editor for the check (its CheckDef declares `edit`). */
export function wizardCanEdit(checkId: string): boolean {
  return findCheck(checkId)?.check.edit !== undefined;
}

export type TextStyle = 'text' | 'markdown' | 'html';

const CODE: Record<TextStyle, (s: string) => string> = {
  text: (s) => s,
  markdown: (s) => `\`${s}\``,
  html: (s) => `<code>${s}</code>`,
};

/** 'needs policy parameter "demoteOwners" (--policy FILE) or the wizard'; no wizard without an editor. */
export function missingValueText(checkId: string, parameter: string, style: TextStyle = 'text'): string {
  const code = CODE[style];
  const name = style === 'text' ? `"${parameter}"` : code(parameter);
  return `needs policy parameter ${name} (${code('--policy FILE')})${wizardCanEdit(checkId) ? ' or the wizard' : ''}`;
}
