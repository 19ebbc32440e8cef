// What the summary says, computed once for the Ink screen and the plain line mode: before -> after
// per control, what was done, the snapshot session, the manual steps left, the CI command.

import type { CheckStatus } from '../../steps/types.js';
import type { RequestOutcome } from '../engine/types.js';
import { beforeAfter, type ControlRecord, type Decision, type WizardState } from './wizard-state.js';
import { plural } from '../words.js';

export interface SummaryRow {
  controlId: string;
  title: string;
  before?: CheckStatus;
  after?: CheckStatus;
  done: string;
}

export interface SummaryModel {
  rows: SummaryRow[];
  interrupted: boolean;
  session?: { id: string; dir: string };
  rollbackCommand?: string;
  manualLeft: { checkId: string; title: string }[];
  failingLeft: number;
  verifyCommand: string;
  /** the plan file of the changes added with `p`: saved (path, the apply command), or why not */
  plan?: { path: string; command: string; changes: number } | { error: string };
}

function count(outcomes: readonly RequestOutcome[], status: RequestOutcome['status']): number {
  return outcomes.filter((o) => o.status === status).length;
}

export function describeDecision(d: Decision): string {
  switch (d.kind) {
    case 'passed':
      return 'already passes';
    case 'skipped':
      return 'skipped';
    case 'manual':
      return 'manual steps';
    case 'planned':
      return `${plural(d.changes, 'change')} added to the plan file`;
    case 'applied':
    case 'interrupted': {
      const parts: string[] = [];
      const applied = count(d.outcomes, 'applied');
      const total = d.outcomes.length;
      parts.push(`${applied}/${plural(total, 'request')} applied`);
      const ne = count(d.outcomes, 'not-effective');
      const failed = count(d.outcomes, 'failed');
      const held = count(d.outcomes, 'held-back');
      if (ne) parts.push(`${ne} not effective`);
      if (failed) parts.push(`${failed} failed`);
      if (held) parts.push(`${held} held back`);
      if (d.kind === 'interrupted') parts.push('interrupted');
      else if (d.stopped) parts.push('stopped');
      return parts.join(', ');
    }
    default: {
      const never: never = d;
      return String(never);
    }
  }
}

export function summaryModel(state: WizardState, verifyCommand: string): SummaryModel {
  const rows: SummaryRow[] = state.records.map((r: ControlRecord) => ({
    controlId: r.controlId,
    title: r.title,
    ...beforeAfter(state, r.controlId),
    done: describeDecision(r.decision),
  }));
  const final = state.after ?? state.controls;
  const manualLeft = final.flatMap((c) => c.checks.filter((k) => k.status === 'manual').map((k) => ({ checkId: k.id, title: k.title })));
  const failingLeft = final.flatMap((c) => c.checks).filter((k) => k.status === 'fail' || k.status === 'error').length;
  const interrupted = state.phase.kind === 'summary' && state.phase.interrupted;
  const planned = state.planned?.length ?? 0;
  const plan: SummaryModel['plan'] =
    state.planFile ?? (planned > 0 ? { error: `not saved (${state.phase.kind === 'failed' ? 'the session failed' : 'interrupted'}): ${plural(planned, 'change')} planned` } : undefined);
  return {
    ...(plan ? { plan } : {}),
    rows,
    interrupted,
    // the demo's organization stops with the demo: point at what still works then
    ...(state.session
      ? { session: state.session, rollbackCommand: state.ephemeral ? 'answer the question below (the demo organization stops with the demo)' : `sentry-harden rollback ${state.session.id}` }
      : {}),
    manualLeft,
    failingLeft,
    verifyCommand: state.ephemeral ? `sentry-harden verify --level ${state.level} (on your organization)` : verifyCommand,
  };
}

/** The command to put in CI: same target and level, no prompts. */
export function verifyCommandFor(target: { baseUrl: string; org: string }, level: string, defaultUrl = 'https://sentry.io'): string {
  const url = target.baseUrl.replace(/\/$/, '');
  const urlFlag = url === defaultUrl ? '' : ` --url ${url}`;
  return `sentry-harden verify${urlFlag} --org ${target.org} --level ${level}`;
}
