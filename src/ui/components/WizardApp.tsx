// The Ink wizard: reducer + controller hook + key bindings around the pure screen.

import React, { useCallback, useMemo, useReducer } from 'react';
import { useApp, useInput, useStdin } from 'ink';
import { applicableChanges, initialState, wizardReducer, type WizardState } from '../wizard-state.js';
import type { WizardDriver } from '../wizard-driver.js';
import type { EditSpec } from '../edits.js';
import { useWizardController } from '../use-wizard-controller.js';
import { WizardScreen } from './WizardScreen.js';

export interface WizardAppProps {
  driver: WizardDriver;
  init: Parameters<typeof initialState>[0];
  verifyCommand: string;
  onDone: (state: WizardState) => void;
  width?: number;
}

export function WizardApp({ driver, init, verifyCommand, onDone, width }: WizardAppProps): React.JSX.Element {
  const [state, dispatch] = useReducer(wizardReducer, init, initialState);
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const finished = useCallback(
    (s: WizardState) => {
      onDone(s);
      exit();
    },
    [onDone, exit],
  );
  const controller = useWizardController(state, dispatch, driver, finished);
  const phase = state.phase;
  const control = phase.kind === 'reviewing' || phase.kind === 'editing' ? state.controls[phase.index] : undefined;
  const canEdit = useMemo(() => (control ? driver.editSpecs(control).length > 0 : false), [control, driver]);

  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') {
        controller.interrupt();
        return;
      }
      switch (phase.kind) {
        case 'reviewing': {
          const current = state.controls[phase.index]!;
          if (input === 'a') dispatch({ type: 'apply', ...driver.preflight(applicableChanges(current)) });
          else if (input === 's') dispatch({ type: 'skip' });
          else if (input === 'd') dispatch({ type: 'toggle-details' });
          else if (input === 'e') dispatch({ type: 'edit', specs: driver.editSpecs(current) });
          else if (input === 'q') dispatch({ type: 'quit' });
          return;
        }
        case 'confirming':
          if (key.escape) dispatch({ type: 'cancel' });
          else if (phase.mode !== 'risky' && (input === 'y' || input === 'Y')) dispatch({ type: 'confirm' });
          else if (phase.mode !== 'risky' && (input === 'n' || input === 'N')) dispatch({ type: 'cancel' });
          return;
        case 'editing':
          if (key.escape) dispatch({ type: 'cancel' });
          return;
        case 'collecting':
          if (input === 'q') dispatch({ type: 'quit' });
          return;
        default:
          return;
      }
    },
    { isActive: isRawModeSupported === true },
  );

  const onEditSubmit = useCallback(
    (spec: EditSpec, value: string | string[]) => {
      if (state.phase.kind !== 'editing') return;
      const result = driver.submitEdit(state.controls[state.phase.index]!, spec, value);
      if (typeof result === 'string') dispatch({ type: 'edit-error', message: result });
      else dispatch({ type: 'edit-done', control: result });
    },
    [state, driver],
  );

  const onTyped = useCallback((text: string) => dispatch({ type: 'type-slug', text }), []);
  const onConfirm = useCallback(() => dispatch({ type: 'confirm' }), []);
  const onEditPick = useCallback((pick: number) => dispatch({ type: 'edit-pick', pick }), []);

  return (
    <WizardScreen
      state={state}
      verifyCommand={verifyCommand}
      canEdit={canEdit}
      onTyped={onTyped}
      onConfirm={onConfirm}
      onEditPick={onEditPick}
      onEditSubmit={onEditSubmit}
      {...(width ? { width } : {})}
    />
  );
}
