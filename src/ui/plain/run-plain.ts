// The wizard as line-by-line questions (the line prompter: numbered choices, no cursor control)
// and plain-text output: the same reducer and driver as the Ink screen, for --plain, TERM=dumb
// and a stdout that is not a TTY.

import { createLinePrompter } from '../../config/line-prompts.js';
import type { Prompter } from '../../config/prompts.js';
import type { ControlResult } from '../../../steps/types.js';
import type { EditSpec } from '../edits.js';
import type { WizardDriver } from '../wizard-driver.js';
import { engineEventToWizard, savePlanOf } from '../use-wizard-controller.js';
import { applicableChanges, initialState, planToSave, position, wizardReducer, type WizardEvent, type WizardState } from '../wizard-state.js';
import { reviewHints } from '../components/review-hints.js';
import { consequences } from '../components/consequences.js';
import { riskyFlag } from '../components/review-hints.js';
import { summaryModel } from '../summary-model.js';
import { controlText, recordText, requestText, summaryText } from './text.js';
import { isPromptExit } from '../onboarding.js';
import { plural } from '../../words.js';
import { wrapLine } from '../../report/text.js';

export interface PlainOptions {
  driver: WizardDriver;
  init: Parameters<typeof initialState>[0];
  verifyCommand: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Ctrl+C while requests run: the caller wires SIGINT (or a test) to this registration */
  onInterrupt?: (handler: () => void) => () => void;
  /** asks the questions; default: a line prompter on input/output, closed at the end */
  prompter?: Prompter;
  /** columns to wrap lines at, at word boundaries (a terminal's); none: lines stay whole for logs */
  width?: number;
}

type Action = 'apply' | 'plan' | 'skip' | 'edit' | 'details' | 'quit';

export async function runPlainWizard(opts: PlainOptions): Promise<WizardState> {
  const own = opts.prompter ? undefined : createLinePrompter({ input: opts.input, output: opts.output });
  const ask: Prompter = opts.prompter ?? own!;
  try {
    return await run(opts, ask);
  } finally {
    own?.close();
  }
}

async function run(opts: PlainOptions, ask: Prompter): Promise<WizardState> {
  const say = (text: string): void => {
    const lines = opts.width === undefined ? [text] : text.split('\n').flatMap((l) => wrapLine(l, opts.width!));
    opts.output.write(`${lines.join('\n')}\n`);
  };
  let state = initialState(opts.init);
  let printed = 0;
  const dispatch = (e: WizardEvent): void => {
    state = wizardReducer(state, e);
    for (; printed < state.records.length; printed++) say(`done: ${recordText(state.records[printed]!)}`);
  };

  if (state.banner) say(state.banner);
  say(`sentry-harden: ${state.org} (${state.region}), level ${state.level}`);
  say('Reading the organization...');
  // a log wants a few lines, not one per request: every quarter
  let quarter = 0;
  try {
    const controls = await opts.driver.collect((p) => {
      const q = p.total > 0 ? Math.floor((p.done / p.total) * 4) : 0;
      if (q > quarter) {
        quarter = q;
        say(`  ${p.done}/${p.total} read`);
      }
    });
    dispatch({ type: 'collected', controls });
  } catch (err) {
    dispatch({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
  }

  let shown = '';
  try {
    await questions();
  } catch (err) {
    // Ctrl+C inside a prompt: end the session as interrupted and say what was done
    if (!isPromptExit(err)) throw err;
    say('');
    dispatch({ type: 'interrupt' });
  }

  await savePlanOf(opts.driver, planToSave(state), dispatch);
  const p = state.phase;
  await opts.driver.finish(p.kind === 'failed' || (p.kind === 'summary' && p.interrupted)).catch(() => undefined);
  if (p.kind === 'failed') say(`error: ${p.message}`);
  for (const line of summaryText(summaryModel(state, opts.verifyCommand), state.org, state.level)) say(line);
  return state;

  async function questions(): Promise<void> {
    loop: for (;;) {
      const phase = state.phase;
      switch (phase.kind) {
        case 'collecting':
          break loop;
        case 'reviewing': {
          const control = state.controls[phase.index]!;
          const key = `${phase.index}:${phase.details}:${JSON.stringify(control.checks.map((c) => c.changes))}`;
          if (key !== shown) {
            shown = key;
            const { k, n } = position(state);
            for (const line of controlText(control, { details: phase.details, k, n })) say(line);
          }
          if (phase.notice) say(phase.notice);
          const action = await askAction(control, opts.driver.editSpecs(control).length > 0, opts.driver.savePlan !== undefined, ask);
          if (action === 'apply' || action === 'plan') dispatch({ type: 'apply', ...opts.driver.preflight(applicableChanges(control)), ...(action === 'plan' ? { toPlan: true } : {}) });
          else if (action === 'skip') dispatch({ type: 'skip' });
          else if (action === 'details') dispatch({ type: 'toggle-details' });
          else if (action === 'edit') dispatch({ type: 'edit', specs: opts.driver.editSpecs(control) });
          else dispatch({ type: 'quit' });
          break;
        }
        case 'confirming': {
          const lines = consequences(phase.changes, phase.warnings);
          if (lines.length) {
            say(phase.mode === 'risky' ? 'RISKY: someone may lose access, or this cannot be fully undone:' : 'WARNING:');
            for (const l of lines) say(`  ! ${l}`);
          }
          const what = plural(phase.changes.length, 'change');
          if (phase.toPlan) {
            if (phase.mode === 'risky') say(`Risky changes in a plan file are held back by \`apply FILE\` unless you pass ${riskyFlag(phase.changes)}.`);
            const ok = await ask.confirm(`Add ${what} to the plan file (nothing is written to ${state.org} now)?`, true);
            dispatch(ok ? { type: 'confirm' } : { type: 'cancel' });
          } else if (phase.mode === 'risky') {
            if (phase.error) say(phase.error);
            const typed = await ask.input(`Type the organization slug "${state.org}" to apply ${what} (empty to go back)`);
            if (typed.trim() === '') dispatch({ type: 'cancel' });
            else {
              dispatch({ type: 'type-slug', text: typed });
              dispatch({ type: 'confirm' });
            }
          } else {
            const ok = await ask.confirm(`Apply ${what} to ${state.org}?`, false);
            dispatch(ok ? { type: 'confirm' } : { type: 'cancel' });
          }
          break;
        }
        case 'editing': {
          if (phase.error) say(phase.error);
          if (phase.pick === null) {
            const pick = await ask.select('What do you want to choose?', [...phase.specs.map((s, i) => ({ value: i, name: s.label })), { value: -1, name: 'go back' }]);
            dispatch(pick < 0 ? { type: 'cancel' } : { type: 'edit-pick', pick });
            break;
          }
          const spec = phase.specs[phase.pick]!;
          const value = await askEdit(spec, ask);
          if (value === null) {
            dispatch({ type: 'cancel' });
            break;
          }
          const result = opts.driver.submitEdit(state.controls[phase.index]!, spec, value);
          dispatch(typeof result === 'string' ? { type: 'edit-error', message: result } : { type: 'edit-done', control: result });
          break;
        }
        case 'applying': {
          say('Applying (Ctrl+C stops after the request in flight):');
          const abort = new AbortController();
          const release = opts.onInterrupt?.(() => {
            say('Stopping after the request in flight...');
            abort.abort();
            dispatch({ type: 'interrupt' });
          });
          try {
            const r = await opts.driver.apply(
              phase.changes,
              phase.allowRisky,
              (e) => {
                const ev = engineEventToWizard(e);
                if (!ev) return;
                if (ev.type === 'request-started') say(requestText({ request: ev.request, status: 'running' }));
                if (ev.type === 'request-finished') say(requestText({ request: ev.outcome.request, status: ev.outcome.status, ...(ev.outcome.message ? { message: ev.outcome.message } : {}) }));
                if (ev.type === 'control-stopped') say(`  stopped: ${ev.reason}`);
                dispatch(ev);
              },
              abort.signal,
            );
            dispatch({ type: 'apply-finished', outcomes: r.outcomes, ...(r.refreshed ? { refreshed: r.refreshed } : {}), ...(r.stale !== undefined ? { stale: r.stale } : {}) });
          } catch (err) {
            dispatch({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
          } finally {
            release?.();
          }
          break;
        }
        case 'summary':
        case 'failed':
          break loop;
        default: {
          const never: never = phase;
          return never;
        }
      }
    }
  }
}

async function askAction(control: ControlResult, canEdit: boolean, canPlan: boolean, ask: Prompter): Promise<Action> {
  const byKey: Record<string, Action> = { a: 'apply', p: 'plan', s: 'skip', e: 'edit', d: 'details', q: 'quit' };
  // numbered, and the letters of the Ink screen work too
  const choices = reviewHints(control, canEdit, canPlan).map((h) => ({ value: byKey[h.key]!, name: `${h.label} [${h.key}]`, key: h.key }));
  return ask.select(`${control.id}: what now?`, choices);
}

async function askEdit(spec: EditSpec, ask: Prompter): Promise<string | string[] | null> {
  switch (spec.kind) {
    case 'team': {
      const v = await ask.select(spec.label, [...spec.options.map((o) => ({ value: o.value, name: o.label })), { value: '', name: 'go back' }]);
      return v === '' ? null : v;
    }
    case 'owners':
    case 'project-teams':
    case 'admin-roles':
      return ask.checkbox(spec.label, spec.options.map((o) => ({ value: o.value, name: o.label, checked: spec.initial.includes(o.value) })));
    case 'list':
    case 'rate-limit': {
      const hint = spec.kind === 'list' ? spec.hint : 'COUNT/WINDOW, e.g. 1000/60';
      const v = await ask.input(`${spec.label} (${hint}; empty to go back)`, { default: spec.initial });
      return v.trim() === '' ? null : v;
    }
    default: {
      const never: never = spec;
      return never;
    }
  }
}
