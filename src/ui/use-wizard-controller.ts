// The wizard's effects as a hook: collect on mount, run the engine when the reducer enters
// `applying` (with an AbortSignal for Ctrl+C), end the snapshot session at the summary. The
// screens stay pure; this hook only turns driver results into reducer events.

import { useEffect, useRef, type Dispatch } from 'react';
import type { EngineEvent } from '../engine/types.js';
import { progressCounts } from '../state/progress.js';
import type { WizardDriver } from './wizard-driver.js';
import { planToSave, type WizardEvent, type WizardState } from './wizard-state.js';
import type { PlannedChange } from '../../steps/types.js';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function engineEventToWizard(e: EngineEvent): WizardEvent | undefined {
  switch (e.type) {
    case 'session-started':
      return { type: 'session-started', id: e.sessionId, dir: e.dir };
    case 'request-started':
      return { type: 'request-started', request: e.request };
    case 'request-finished':
      return { type: 'request-finished', outcome: e.outcome };
    case 'control-stopped':
      return { type: 'control-stopped', reason: e.reason };
    case 'session-finished':
      return undefined;
    default: {
      const never: never = e;
      return never;
    }
  }
}

/**
 * The end of a session with changes added by `p`: the driver writes the plan file; the result
 * (path and apply command, or why it was not written) becomes an event. Shared with line mode.
 */
export async function savePlanOf(driver: WizardDriver, changes: PlannedChange[], dispatch: (e: WizardEvent) => void): Promise<void> {
  if (changes.length === 0 || !driver.savePlan) return;
  try {
    const saved = await driver.savePlan(changes);
    dispatch({ type: 'plan-saved', path: saved.path, command: saved.command, changes: changes.length });
  } catch (err) {
    dispatch({ type: 'plan-failed', message: message(err) });
  }
}

/** The session ended with changes added by `p` whose plan file is not written yet. */
export function planPending(state: WizardState, driver: WizardDriver): boolean {
  return driver.savePlan !== undefined && planToSave(state).length > 0 && state.planFile === undefined;
}

export interface Controller {
  /** Ctrl+C: abort before the next request (the one in flight finishes and is journaled) */
  interrupt(): void;
}

export function useWizardController(state: WizardState, dispatch: Dispatch<WizardEvent>, driver: WizardDriver, onFinished: (state: WizardState) => void): Controller {
  const abortRef = useRef<AbortController | null>(null);
  const applyingIndex = state.phase.kind === 'applying' ? state.phase.index : -1;
  const finished = state.phase.kind === 'summary' || state.phase.kind === 'failed';
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => {
    let live = true;
    driver
      .collect((p) => {
        if (live) dispatch({ type: 'collect-progress', message: p.label, done: p.done, total: p.total, counts: progressCounts(p) });
      })
      .then(
        (controls) => live && dispatch({ type: 'collected', controls }),
        (err: unknown) => live && dispatch({ type: 'fatal', message: message(err) }),
      );
    return () => {
      live = false;
    };
  }, [driver, dispatch]);

  useEffect(() => {
    const phase = latest.current.phase;
    if (phase.kind !== 'applying') return;
    const abort = new AbortController();
    abortRef.current = abort;
    driver
      .apply(
        phase.changes,
        phase.allowRisky,
        (e) => {
          const ev = engineEventToWizard(e);
          if (ev) dispatch(ev);
        },
        abort.signal,
      )
      .then(
        (r) => dispatch({ type: 'apply-finished', outcomes: r.outcomes, ...(r.refreshed ? { refreshed: r.refreshed } : {}), ...(r.stale !== undefined ? { stale: r.stale } : {}) }),
        (err: unknown) => dispatch({ type: 'fatal', message: message(err) }),
      )
      .finally(() => {
        if (abortRef.current === abort) abortRef.current = null;
      });
    // one run per entry into `applying` for a control
  }, [applyingIndex, driver, dispatch]);

  // at the summary: first the plan file of the changes added with `p` (its path is part of the
  // summary), then the snapshot session ends and the caller gets the final state
  const savingPlan = planPending(state, driver);
  useEffect(() => {
    if (!savingPlan) return;
    void savePlanOf(driver, planToSave(latest.current), dispatch);
  }, [savingPlan, driver, dispatch]);

  const ending = finished && !savingPlan;
  useEffect(() => {
    if (!ending) return;
    const s = latest.current;
    const interrupted = s.phase.kind === 'summary' && s.phase.interrupted;
    driver.finish(interrupted || s.phase.kind === 'failed').then(
      () => onFinished(latest.current),
      () => onFinished(latest.current),
    );
  }, [ending, driver, onFinished]);

  return {
    interrupt() {
      abortRef.current?.abort();
      dispatch({ type: 'interrupt' });
    },
  };
}
