// The wizard's key bindings: which key does what in which phase. Widgets (@inkjs/ui TextInput,
// Select) take their own keys; this hook handles the rest, and Ctrl+C everywhere.

import type { Dispatch } from 'react';
import { useInput, useStdin, useStdout } from 'ink';
import { applicableChanges, type WizardEvent, type WizardState } from './wizard-state.js';
import type { WizardDriver } from './wizard-driver.js';
import { screenRows } from './ink-stdout.js';

export function useWizardKeys(state: WizardState, dispatch: Dispatch<WizardEvent>, driver: WizardDriver, interrupt: () => void): void {
  const { isRawModeSupported } = useStdin();
  const { stdout } = useStdout();
  const phase = state.phase;
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') {
        interrupt();
        return;
      }
      switch (phase.kind) {
        case 'reviewing': {
          const current = state.controls[phase.index]!;
          if (input === 'a') dispatch({ type: 'apply', ...driver.preflight(applicableChanges(current)) });
          else if (input === 'p' && driver.savePlan) dispatch({ type: 'apply', ...driver.preflight(applicableChanges(current)), toPlan: true });
          else if (input === 's') dispatch({ type: 'skip' });
          else if (input === 'd') dispatch({ type: 'toggle-details' });
          else if (input === 'e') dispatch({ type: 'edit', specs: driver.editSpecs(current) });
          else if (input === 'q') dispatch({ type: 'quit' });
          else if (phase.details && (key.upArrow || key.downArrow)) dispatch({ type: 'scroll', delta: key.upArrow ? -1 : 1 });
          else if (phase.details && (key.pageUp || key.pageDown)) dispatch({ type: 'scroll', delta: (key.pageUp ? -1 : 1) * Math.max(1, screenRows(stdout) - 6) });
          return;
        }
        case 'confirming': {
          // adding to the plan file is a y/n question whatever the risk: nothing is written now
          const slug = phase.mode === 'risky' && !phase.toPlan;
          if (key.escape) dispatch({ type: 'cancel' });
          // the slug field takes every letter: Tab (which it ignores) shows all consequences there
          else if (slug ? key.tab : input === 'd') dispatch({ type: 'toggle-details' });
          else if (!slug && (input === 'y' || input === 'Y')) dispatch({ type: 'confirm' });
          else if (!slug && (input === 'n' || input === 'N')) dispatch({ type: 'cancel' });
          return;
        }
        case 'editing':
          if (key.escape) dispatch({ type: 'cancel' });
          return;
        case 'collecting':
          if (input === 'q') dispatch({ type: 'quit' });
          return;
        case 'applying':
        case 'summary':
        case 'failed':
          return;
        default: {
          const never: never = phase;
          return never;
        }
      }
    },
    // a pipe has no raw mode: useInput would throw (TOOLCHAIN.md)
    { isActive: isRawModeSupported === true },
  );
}
