// The wizard's flow: a reducer over a discriminated union of phases. Pure (no I/O, no React), so
// the Ink screen and the plain line mode drive the same session and tests need no rendering.

import type { CheckStatus, ControlResult, Level, PlannedChange } from '../../steps/types.js';
import type { ApiRequest, RequestOutcome, RequestStatus } from '../engine/types.js';
import type { EditSpec } from './edits.js';
import { wizardCanEdit } from '../report/missing-value.js';

export type ConfirmMode = 'plain' | 'disruptive' | 'risky';

export interface RequestView {
  request: ApiRequest;
  status: 'running' | RequestStatus;
  message?: string;
}

export type Decision =
  | { kind: 'passed' }
  | { kind: 'applied'; outcomes: RequestOutcome[]; stopped?: string }
  | { kind: 'skipped' }
  | { kind: 'manual' }
  | { kind: 'interrupted'; outcomes: RequestOutcome[] }
  /** added to the plan file instead of applied (`p`): `apply FILE` applies them later */
  | { kind: 'planned'; changes: number };

/** A finished control: shown in <Static> and in the summary. */
export interface ControlRecord {
  controlId: string;
  title: string;
  before: CheckStatus;
  /** read back after applying */
  after?: CheckStatus;
  decision: Decision;
}

export type Phase =
  | { kind: 'collecting'; message: string; done: number; total: number; /** reads, requests, rate-limit waits (progressCounts) */ counts?: string }
  | { kind: 'reviewing'; index: number; details: boolean; notice?: string; /** first row shown of a details view taller than the screen */ scroll?: number }
  | {
      kind: 'confirming'; index: number; mode: ConfirmMode; changes: PlannedChange[]; warnings: string[]; typed: string; error?: string; details?: boolean;
      /** `p`: the changes go to the plan file, nothing is written now (no slug: `apply FILE` holds risky ones back) */
      toPlan?: boolean;
    }
  | { kind: 'editing'; index: number; specs: EditSpec[]; pick: number | null; error?: string }
  | { kind: 'applying'; index: number; changes: PlannedChange[]; allowRisky: string[]; requests: RequestView[]; stopping: boolean; stopped?: string }
  | { kind: 'summary'; interrupted: boolean }
  | { kind: 'failed'; message: string };

export interface WizardState {
  org: string;
  /** the region host, e.g. us.sentry.io */
  region: string;
  level: Level;
  controls: ControlResult[];
  /** the controls as first evaluated (summary: before) */
  initial: ControlResult[];
  phase: Phase;
  records: ControlRecord[];
  session?: { id: string; dir: string };
  /** every control re-evaluated after the last apply (summary: before -> after) */
  after?: ControlResult[];
  /** a banner line (demo: the organization is simulated) */
  banner?: string;
  /** the organization is the demo's simulator, gone when the demo ends: no command can reach it later */
  ephemeral?: boolean;
  /** outcomes of a first apply of the control under review (a key rotation waits for deploy) */
  carried?: { controlId: string; outcomes: RequestOutcome[] };
  /** the changes the person added to the plan file (`p`), in review order */
  planned?: PlannedChange[];
  /** the plan file once the session ended: where it was written, or why it was not */
  planFile?: { path: string; command: string; changes: number } | { error: string };
}

export type WizardEvent =
  | { type: 'collect-progress'; message: string; done: number; total: number; counts?: string }
  | { type: 'collected'; controls: ControlResult[] }
  /** `a` (or `p`: `toPlan`, add them to the plan file instead), with the engine's pre-flight of the control's changes */
  | { type: 'apply'; blockers: string[]; warnings: string[]; refusedChecks?: string[]; toPlan?: boolean }
  | { type: 'skip' }
  | { type: 'toggle-details' }
  /** move the details view by `delta` rows (the view clamps at its end) */
  | { type: 'scroll'; delta: number }
  | { type: 'edit'; specs: EditSpec[] }
  | { type: 'edit-pick'; pick: number }
  | { type: 'edit-error'; message: string }
  | { type: 'edit-done'; control: ControlResult }
  | { type: 'cancel' }
  | { type: 'type-slug'; text: string }
  | { type: 'confirm' }
  | { type: 'session-started'; id: string; dir: string }
  | { type: 'request-started'; request: ApiRequest }
  | { type: 'request-finished'; outcome: RequestOutcome }
  | { type: 'control-stopped'; reason: string }
  /**
   * `refreshed`: every control re-evaluated on state read back after the apply; `stale`: nothing
   * was written because reviewed fields changed since they were read (named in it)
   */
  | { type: 'apply-finished'; outcomes: RequestOutcome[]; refreshed?: ControlResult[]; stale?: string }
  | { type: 'interrupt' }
  | { type: 'quit' }
  | { type: 'fatal'; message: string }
  /** at the summary: the planned changes were written to the plan file (or could not be) */
  | { type: 'plan-saved'; path: string; command: string; changes: number }
  | { type: 'plan-failed'; message: string };

export function initialState(init: { org: string; region: string; level: Level; banner?: string; ephemeral?: boolean }): WizardState {
  return {
    org: init.org,
    region: init.region,
    level: init.level,
    controls: [],
    initial: [],
    phase: { kind: 'collecting', message: 'Connecting', done: 0, total: 0 },
    records: [],
    ...(init.banner ? { banner: init.banner } : {}),
    ...(init.ephemeral ? { ephemeral: true } : {}),
  };
}

/** The changes `a` would apply: failing checks' changes, minus checks the engine refuses. */
export function applicableChanges(control: ControlResult): PlannedChange[] {
  return control.checks.filter((c) => c.status === 'fail' && (c.blockers ?? []).length === 0).flatMap((c) => c.changes ?? []);
}

export function confirmMode(changes: readonly PlannedChange[]): ConfirmMode {
  if (changes.some((c) => c.risk === 'risky')) return 'risky';
  if (changes.some((c) => c.risk === 'disruptive')) return 'disruptive';
  return 'plain';
}

/** A control the person must look at: something fails, errors or needs a manual step. */
export function needsAttention(control: ControlResult): boolean {
  return control.status === 'fail' || control.status === 'error' || control.status === 'manual';
}

function recordFor(state: WizardState, control: ControlResult, decision: Decision): ControlRecord {
  return { controlId: control.id, title: control.title, before: control.status, decision: withCarried(state, control.id, decision) };
}

/** A control applied in two steps is recorded once, with the outcomes of both. */
function withCarried(state: WizardState, controlId: string, decision: Decision): Decision {
  const carried = state.carried?.controlId === controlId ? state.carried.outcomes : [];
  if (carried.length === 0) return decision;
  switch (decision.kind) {
    case 'applied':
    case 'interrupted':
      // what was held back the first time was just sent (or is reported again)
      return { ...decision, outcomes: [...carried.filter((o) => o.status !== 'held-back'), ...decision.outcomes] };
    default:
      return { kind: 'applied', outcomes: carried };
  }
}

/** The first apply created rotation keys and held the old keys' deactivation back for deploy. */
function waitsForDeploy(outcomes: readonly RequestOutcome[]): boolean {
  return outcomes.some((o) => o.status === 'held-back' && o.request.changes.some((c) => c.field === 'isActive' && typeof c.context?.afterCreateOf === 'string'));
}

/** Status before the session and now (after the last read-back), for the summary. */
export function beforeAfter(state: WizardState, controlId: string): { before?: CheckStatus; after?: CheckStatus } {
  const before = state.initial.find((c) => c.id === controlId)?.status;
  const after = (state.after ?? state.controls).find((c) => c.id === controlId)?.status;
  return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

/** Move past controls that need nothing from the person; record them as passed. */
function advance(state: WizardState, from: number): WizardState {
  const records = [...state.records];
  let i = from;
  while (i < state.controls.length) {
    const control = state.controls[i]!;
    if (needsAttention(control)) {
      const { carried: _done, ...rest } = state;
      return { ...rest, records, phase: { kind: 'reviewing', index: i, details: false } };
    }
    records.push(recordFor(state, control, { kind: 'passed' }));
    i += 1;
  }
  return finish({ ...state, records }, false);
}

function finish(state: WizardState, interrupted: boolean): WizardState {
  return { ...state, phase: { kind: 'summary', interrupted } };
}

/** Quit or interrupt at control `index`: it and the controls after it are recorded as not done. */
function stopAt(state: WizardState, index: number, interrupted: boolean): WizardState {
  return finish({ ...state, records: [...state.records, ...pendingRecords(state, index)] }, interrupted);
}

function backToReview(state: WizardState, index: number): WizardState {
  return { ...state, phase: { kind: 'reviewing', index, details: false } };
}

function upsertRequest(requests: readonly RequestView[], view: RequestView): RequestView[] {
  const i = requests.findIndex((r) => r.request.id === view.request.id);
  if (i < 0) return [...requests, view];
  const next = [...requests];
  next[i] = view;
  return next;
}

export function wizardReducer(state: WizardState, event: WizardEvent): WizardState {
  const phase = state.phase;
  switch (phase.kind) {
    case 'collecting':
      if (event.type === 'collect-progress') {
        return { ...state, phase: { ...phase, message: event.message, done: event.done, total: event.total, ...(event.counts ? { counts: event.counts } : {}) } };
      }
      if (event.type === 'collected') return advance({ ...state, controls: event.controls, initial: event.controls }, 0);
      if (event.type === 'fatal') return { ...state, phase: { kind: 'failed', message: event.message } };
      if (event.type === 'quit' || event.type === 'interrupt') return { ...state, phase: { kind: 'summary', interrupted: event.type === 'interrupt' } };
      return state;

    case 'reviewing': {
      const control = state.controls[phase.index]!;
      switch (event.type) {
        case 'apply': {
          const refused = new Set(event.refusedChecks ?? []);
          const all = applicableChanges(control);
          const changes = all.filter((c) => !refused.has(c.checkId));
          if (all.length === 0) {
            const why = control.checks.some((c) => (c.blockers ?? []).length > 0)
              ? 'Nothing can be applied: the changes of this control are blocked (see above).'
              : control.checks.some((c) => c.missingParameter && wizardCanEdit(c.id))
                ? 'Nothing to apply yet: press e to choose the missing values first.'
                : control.checks.some((c) => c.missingParameter)
                  ? 'Nothing to apply yet: the missing values come from the policy file (--policy FILE); press s to continue.'
                : 'Nothing to apply here: follow the steps by hand, then press s to continue.';
            return { ...state, phase: { ...phase, notice: why } };
          }
          if (changes.length === 0 || (event.blockers.length > 0 && refused.size === 0)) {
            return { ...state, phase: { ...phase, notice: `Refused: ${event.blockers.join(' ')}` } };
          }
          const notApplied = event.blockers.map((b) => `Not applied: ${b}`);
          // what to know before confirming: the checks' own warnings (on the review screen they may
          // have been clipped), then the engine's view of this plan
          const applying = new Set(changes.map((c) => c.checkId));
          const checkWarnings = control.checks.filter((c) => applying.has(c.id)).flatMap((c) => c.warnings ?? []);
          const warnings = [...new Set([...checkWarnings, ...event.warnings, ...notApplied])];
          return { ...state, phase: { kind: 'confirming', index: phase.index, mode: confirmMode(changes), changes, warnings, typed: '', ...(event.toPlan ? { toPlan: true } : {}) } };
        }
        case 'skip': {
          // nothing the tool could apply: what is left is for a person to do by hand
          const byHand =
            control.status === 'manual' ||
            (applicableChanges(control).length === 0 &&
              !control.checks.some((c) => c.status === 'fail' && c.missingParameter) &&
              control.checks.some((c) => (c.manualSteps ?? []).length > 0));
          const decision: Decision = byHand ? { kind: 'manual' } : { kind: 'skipped' };
          return advance({ ...state, records: [...state.records, recordFor(state, control, decision)] }, phase.index + 1);
        }
        case 'toggle-details':
          return { ...state, phase: { kind: 'reviewing', index: phase.index, details: !phase.details } };
        case 'scroll':
          if (!phase.details) return state;
          return { ...state, phase: { ...phase, scroll: Math.max(0, (phase.scroll ?? 0) + event.delta) } };
        case 'edit':
          if (event.specs.length === 0) return { ...state, phase: { ...phase, notice: 'Nothing to choose on this control.' } };
          return { ...state, phase: { kind: 'editing', index: phase.index, specs: event.specs, pick: event.specs.length === 1 ? 0 : null } };
        case 'quit':
          return stopAt(state, phase.index, false);
        case 'interrupt':
          return stopAt(state, phase.index, true);
        case 'fatal':
          return { ...state, phase: { kind: 'failed', message: event.message } };
        default:
          return state;
      }
    }

    case 'editing':
      switch (event.type) {
        case 'edit-pick':
          return { ...state, phase: { ...phase, pick: event.pick } };
        case 'edit-error':
          return { ...state, phase: { ...phase, error: event.message } };
        case 'edit-done': {
          const controls = [...state.controls];
          controls[phase.index] = event.control;
          return backToReview({ ...state, controls }, phase.index);
        }
        case 'cancel':
          return backToReview(state, phase.index);
        case 'interrupt':
          return stopAt(state, phase.index, true);
        default:
          return state;
      }

    case 'confirming':
      switch (event.type) {
        case 'type-slug':
          // the text input reports its value again on re-renders: only a new value clears the error
          if (event.text === phase.typed) return state;
          return { ...state, phase: { ...phase, typed: event.text, error: undefined } };
        case 'confirm': {
          if (phase.toPlan) {
            // nothing is written now: the control is recorded as planned and the review goes on
            const control = state.controls[phase.index]!;
            const planned = [...(state.planned ?? []), ...phase.changes];
            const record = recordFor(state, control, { kind: 'planned', changes: phase.changes.length });
            return advance({ ...state, planned, records: [...state.records, record] }, phase.index + 1);
          }
          if (phase.mode === 'risky' && phase.typed.trim() !== state.org) {
            return { ...state, phase: { ...phase, error: `Type the organization slug "${state.org}" exactly to confirm, or press Esc.` } };
          }
          const allowRisky = [...new Set(phase.changes.filter((c) => c.risk === 'risky').map((c) => c.checkId))];
          return { ...state, phase: { kind: 'applying', index: phase.index, changes: phase.changes, allowRisky, requests: [], stopping: false } };
        }
        case 'toggle-details':
          // every consequence, not only the first few that fit the screen
          return { ...state, phase: { ...phase, details: !phase.details } };
        case 'cancel':
          return backToReview(state, phase.index);
        case 'interrupt':
          return stopAt(state, phase.index, true);
        default:
          return state;
      }

    case 'applying':
      switch (event.type) {
        case 'session-started':
          return { ...state, session: { id: event.id, dir: event.dir } };
        case 'request-started':
          return { ...state, phase: { ...phase, requests: upsertRequest(phase.requests, { request: event.request, status: 'running' }) } };
        case 'request-finished': {
          const { outcome } = event;
          const view: RequestView = { request: outcome.request, status: outcome.status, ...(outcome.message ? { message: outcome.message } : {}) };
          return { ...state, phase: { ...phase, requests: upsertRequest(phase.requests, view) } };
        }
        case 'control-stopped':
          return { ...state, phase: { ...phase, stopped: event.reason } };
        case 'interrupt':
          return { ...state, phase: { ...phase, stopping: true } };
        case 'apply-finished': {
          const control = state.controls[phase.index]!;
          if (event.stale !== undefined && event.outcomes.length === 0) {
            // nothing written: the person reviews the control again on what the server holds now
            const refreshed = event.refreshed;
            const controls = refreshed ? state.controls.map((c, i) => (i >= phase.index ? (refreshed.find((r) => r.id === c.id) ?? c) : c)) : state.controls;
            const notice = `Nothing was written: the organization changed since it was read: ${event.stale}.${refreshed ? ' Shown again as read now.' : ''}`;
            if (phase.stopping) return stopAt({ ...state, controls }, phase.index, true);
            return { ...state, controls, ...(refreshed ? { after: refreshed } : {}), phase: { kind: 'reviewing', index: phase.index, details: false, notice } };
          }
          if (phase.stopping) {
            const records = [...state.records, recordFor(state, control, { kind: 'interrupted', outcomes: event.outcomes }), ...pendingRecords(state, phase.index + 1)];
            return finish({ ...state, records }, true);
          }
          const readBack = event.refreshed?.find((c) => c.id === control.id);
          if (readBack && !phase.stopped && waitsForDeploy(event.outcomes) && applicableChanges(readBack).length > 0) {
            // stay on the control: the old keys are deactivated once the person has deployed the new DSNs
            const refreshed = event.refreshed!;
            const controls = state.controls.map((c, i) => (i >= phase.index ? (refreshed.find((r) => r.id === c.id) ?? c) : c));
            const previous = state.carried?.controlId === control.id ? state.carried.outcomes : [];
            return {
              ...state,
              controls,
              after: refreshed,
              carried: { controlId: control.id, outcomes: [...previous, ...event.outcomes] },
              phase: {
                kind: 'reviewing',
                index: phase.index,
                details: false,
                notice: 'New client keys were created. Deploy their DSNs (By hand; d shows all), then press a to deactivate the old keys, or s to keep them active for now.',
              },
            };
          }
          const decision: Decision = { kind: 'applied', outcomes: event.outcomes, ...(phase.stopped ? { stopped: phase.stopped } : {}) };
          const record = recordFor(state, control, decision);
          if (readBack) record.after = readBack.status;
          const next: WizardState = { ...state, records: [...state.records, record] };
          if (event.refreshed) {
            // later controls are judged on the state read back (the 2FA sweep turns members into invitations)
            const controls = state.controls.map((c, i) => (i > phase.index ? (event.refreshed!.find((r) => r.id === c.id) ?? c) : c));
            return advance({ ...next, controls, after: event.refreshed }, phase.index + 1);
          }
          return advance(next, phase.index + 1);
        }
        case 'fatal': {
          const control = state.controls[phase.index]!;
          const records = [...state.records, recordFor(state, control, { kind: 'interrupted', outcomes: [] })];
          return { ...state, records, phase: { kind: 'failed', message: event.message } };
        }
        default:
          return state;
      }

    case 'summary':
      if (event.type === 'plan-saved') return { ...state, planFile: { path: event.path, command: event.command, changes: event.changes } };
      if (event.type === 'plan-failed') return { ...state, planFile: { error: `not saved: ${event.message}` } };
      return state;
    case 'failed':
      return state;

    default: {
      const never: never = phase;
      return never;
    }
  }
}

/** Controls not reached when the person quits: recorded as skipped (or manual). */
function pendingRecords(state: WizardState, from: number): ControlRecord[] {
  return state.controls.slice(from).map((c) => recordFor(state, c, needsAttention(c) ? (c.status === 'manual' ? { kind: 'manual' } : { kind: 'skipped' }) : { kind: 'passed' }));
}

/** k of n for the header: the control being looked at (1-based) and how many there are. */
export function position(state: WizardState): { k: number; n: number } {
  const n = state.controls.length;
  const p = state.phase;
  if (p.kind === 'reviewing' || p.kind === 'confirming' || p.kind === 'editing' || p.kind === 'applying') return { k: p.index + 1, n };
  return { k: Math.min(state.records.length, n), n };
}

/** The changes to save as a plan when the session ends (not when it was interrupted or failed). */
export function planToSave(state: WizardState): PlannedChange[] {
  const p = state.phase;
  return p.kind === 'summary' && !p.interrupted ? (state.planned ?? []) : [];
}

/** Exit code of a finished session: 0 nothing left failing, 1 findings remain, 130 interrupted. */
export function exitCodeOf(state: WizardState): number {
  const p = state.phase;
  if (p.kind === 'failed') return 2;
  if (p.kind === 'summary' && p.interrupted) return 130;
  const final = state.after ?? state.controls;
  const failedRequest = state.records.some(
    (r) => (r.decision.kind === 'applied' || r.decision.kind === 'interrupted') && r.decision.outcomes.some((o) => o.status === 'failed' || o.status === 'not-effective'),
  );
  if (failedRequest) return 1;
  return final.some((c) => c.status === 'fail' || c.status === 'error') ? 1 : 0;
}
