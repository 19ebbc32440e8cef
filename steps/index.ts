// The control catalog, listed explicitly in the guide's order (sections 1.1 to 4.1; 2.4 and 3.4 from guide v0.2.1, 2.5 beyond it).

import { control1_1 } from './1.1-saml-sso.js';
import { control1_2 } from './1.2-two-factor.js';
import { control2_1 } from './2.1-team-access.js';
import { control2_2 } from './2.2-project-access.js';
import { control2_3 } from './2.3-admin-access.js';
import { control2_4 } from './2.4-org-auth-tokens.js';
import { control2_5 } from './2.5-integrations.js';
import { control3_1 } from './3.1-data-scrubbing.js';
import { control3_2 } from './3.2-dsn-security.js';
import { control3_3 } from './3.3-ip-filtering.js';
import { control3_4 } from './3.4-relay.js';
import { control3_5 } from './3.5-replay-ai-data.js';
import { control3_6 } from './3.6-client-security.js';
import { control4_1 } from './4.1-audit-logs.js';
import type { CheckDef, ControlDef } from './types.js';

export const CONTROLS: readonly ControlDef[] = [
  control1_1,
  control1_2,
  control2_1,
  control2_2,
  control2_3,
  control2_4,
  control2_5,
  control3_1,
  control3_2,
  control3_3,
  control3_4,
  control3_5,
  control3_6,
  control4_1,
];

/** A check and the control it belongs to, by check id ("2.3.4"); undefined when unknown. */
export function findCheck(id: string, controls: readonly ControlDef[] = CONTROLS): { control: ControlDef; check: CheckDef } | undefined {
  for (const control of controls) {
    const check = control.checks.find((c) => c.id === id);
    if (check !== undefined) return { control, check };
  }
  return undefined;
}

/** Every check id, in catalog order. */
export function allCheckIds(controls: readonly ControlDef[] = CONTROLS): string[] {
  return controls.flatMap((c) => c.checks.map((k) => k.id));
}
