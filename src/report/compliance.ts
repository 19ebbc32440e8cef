// `verify --compliance soc2|cis|nist`: the checks selected and grouped by that framework's
// controls. The mapping is each control's `frameworks` (steps/*.ts); a check belongs to every
// framework control its control maps to. The groups take the place of the tool's controls, so
// every report format shows the framework's view without a renderer of its own.

import { worstStatus } from '../engine/status.js';
import { LEVELS } from '../levels.js';
import type { ControlResult, Frameworks } from '../../steps/types.js';

export const COMPLIANCE_FRAMEWORKS = ['soc2', 'cis', 'nist'] as const;
export type ComplianceFramework = (typeof COMPLIANCE_FRAMEWORKS)[number];
const NAME: Record<ComplianceFramework, string> = { soc2: 'SOC 2', cis: 'CIS', nist: 'NIST 800-53' };

/** Groups in the framework's own order of ids (natural sort: CC6.1 before CC6.10). */
export function complianceView(results: readonly ControlResult[], framework: ComplianceFramework): ControlResult[] {
  const groups = new Map<string, ControlResult[]>();
  for (const control of results) {
    for (const id of control.frameworks[framework]) groups.set(id, [...(groups.get(id) ?? []), control]);
  }
  const ids = [...groups.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return ids.map((id) => {
    const controls = groups.get(id)!;
    const checks = controls.flatMap((c) => c.checks);
    const frameworks: Frameworks = { cis: [], nist: [], soc2: [] };
    frameworks[framework] = [id];
    return {
      id,
      title: `${NAME[framework]} (sentry-harden ${controls.map((c) => c.id).join(', ')})`,
      level: LEVELS.find((l) => controls.some((c) => c.level === l)) ?? 'L1',
      frameworks,
      rationale: `Sentry controls: ${controls.map((c) => `${c.id} ${c.title}`).join('; ')}`,
      status: worstStatus(checks.map((k) => k.status)),
      checks,
    };
  });
}
