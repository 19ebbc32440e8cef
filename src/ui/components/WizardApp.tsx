// The Ink wizard: reducer + controller hook + key bindings around the pure screen.

import React, { useCallback, useMemo, useReducer } from 'react';
import { useApp } from 'ink';
import { initialState, wizardReducer, type WizardState } from '../wizard-state.js';
import type { WizardDriver } from '../wizard-driver.js';
import type { EditSpec } from '../edits.js';
import { planPending, useWizardController } from '../use-wizard-controller.js';
import { useWizardKeys } from '../use-wizard-keys.js';
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

  useWizardKeys(state, dispatch, driver, controller.interrupt);

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
  // Enter right after a paste can beat the slug's onChange: confirm once the typed value settled
  const onConfirm = useCallback(() => void setTimeout(() => dispatch({ type: 'confirm' }), 0), []);
  const onEditPick = useCallback((pick: number) => dispatch({ type: 'edit-pick', pick }), []);

  return (
    <WizardScreen
      state={state}
      verifyCommand={verifyCommand}
      canEdit={canEdit}
      canPlan={driver.savePlan !== undefined}
      savingPlan={planPending(state, driver)}
      onTyped={onTyped}
      onConfirm={onConfirm}
      onEditPick={onEditPick}
      onEditSubmit={onEditSubmit}
      {...(width ? { width } : {})}
    />
  );
}
