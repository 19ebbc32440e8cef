// Level and framework tags of a control, as one line.

import type { ControlResult } from '../../../steps/types.js';

export function frameworkTagsText(control: Pick<ControlResult, 'level' | 'frameworks'>): string {
  const parts: string[] = [control.level];
  if (control.frameworks.cis.length) parts.push(`CIS ${control.frameworks.cis.join(', ')}`);
  if (control.frameworks.nist.length) parts.push(`NIST ${control.frameworks.nist.join(', ')}`);
  if (control.frameworks.soc2.length) parts.push(`SOC 2 ${control.frameworks.soc2.join(', ')}`);
  return parts.join(' · ');
}
