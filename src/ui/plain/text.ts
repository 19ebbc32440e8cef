// The wizard as plain text (for --plain, TERM=dumb, screen readers and logs): the same content
// as the Ink screens, as lines without colour or cursor movement. Pure.

import type { ControlResult } from '../../../steps/types.js';
import { diffBlocks, joinNames } from '../diff-model.js';
import type { RequestView } from '../wizard-state.js';
import type { ControlRecord } from '../wizard-state.js';
import { describeDecision, type SummaryModel } from '../summary-model.js';
import { OUTCOME_WORD, STATUS_WORD } from '../theme.js';
import { frameworkTagsText } from './tags.js';
import { plural } from '../../words.js';
import { missingValueLine } from '../edits.js';

export function controlText(control: ControlResult, opts: { details: boolean; k: number; n: number }): string[] {
  const out: string[] = [];
  out.push('');
  out.push(`== Control ${opts.k} of ${opts.n}: ${control.id} ${control.title} [${STATUS_WORD[control.status]}]`);
  out.push(frameworkTagsText(control));
  out.push(control.rationale);
  out.push('Checks:');
  for (const c of control.checks) {
    out.push(`  [${STATUS_WORD[c.status]}] ${c.id} ${c.title}${c.status === 'fail' && c.risk !== 'none' ? ` (${c.risk})` : ''}`);
    if (c.reason && (opts.details || c.status === 'error' || c.status === 'not_applicable')) out.push(`      ${c.reason}`);
    if (opts.details && c.status === 'fail') for (const f of c.findings) out.push(`      - ${f.message}`);
  }
  const blocks = diffBlocks(control);
  if (blocks.length > 0) {
    out.push('Current (-) and recommended (+):');
    for (const b of blocks) {
      out.push(`  ${b.title}${b.count > 1 ? ` (${b.noun})` : ''}`);
      const variants = opts.details ? b.variants : b.variants.slice(0, 1);
      for (const v of variants) {
        if (b.noun !== 'organization') out.push(`    on: ${opts.details ? v.resources.join(', ') : joinNames(v.resources, 70)}`);
        for (const l of v.lines) out.push(`    ${l.sign} ${l.text}`);
      }
      if (!opts.details && b.variants.length > 1) out.push(`    and ${b.variants.length - 1} more variants (choose details)`);
    }
  }
  const failing = control.checks.filter((c) => c.status === 'fail');
  for (const c of failing) if (c.missingParameter && (c.changes ?? []).length === 0) out.push(missingValueLine(c.id, c.missingParameter, 'choose "edit"'));
  const warnings = [...new Set(failing.flatMap((c) => c.warnings ?? []))];
  if (warnings.length) {
    out.push('WARNING, before you apply:');
    for (const w of warnings) out.push(`  ! ${w}`);
  }
  const blockers = [...new Set(control.checks.flatMap((c) => c.blockers ?? []))];
  for (const b of blockers) out.push(`BLOCKED: ${b}`);
  const manual = control.checks.filter((c) => c.status === 'manual' || (c.status === 'fail' && c.automation === 'manual'));
  if (manual.some((c) => (c.manualSteps ?? []).length > 0)) {
    out.push('By hand:');
    for (const c of manual) for (const s of c.manualSteps ?? []) out.push(`  ${c.id}: ${s}`);
  }
  return out;
}

export function requestText(view: RequestView): string {
  if (view.status === 'running') return `  ... ${view.request.description}`;
  return `  ${OUTCOME_WORD[view.status]}: ${view.request.description}${view.message ? ` (${view.message})` : ''}`;
}

export function recordText(r: ControlRecord): string {
  const after = r.after ? ` -> ${STATUS_WORD[r.after]}` : '';
  return `${r.controlId} ${r.title}: ${STATUS_WORD[r.before]}${after}, ${describeDecision(r.decision)}`;
}

export function summaryText(model: SummaryModel, org: string, level: string): string[] {
  const out: string[] = ['', `== Summary for ${org} at ${level}${model.interrupted ? ' (interrupted)' : ''}`];
  for (const r of model.rows) {
    out.push(`  ${r.controlId.padEnd(4)} ${r.before ? STATUS_WORD[r.before] : '?'} -> ${r.after ? STATUS_WORD[r.after] : '?'}: ${r.done}  (${r.title})`);
  }
  if (model.session) {
    out.push(`Snapshot session: ${model.session.id}`);
    out.push(`  in ${model.session.dir}`);
    out.push(`Undo: ${model.rollbackCommand}`);
  } else {
    out.push('Nothing was changed, so no snapshot session was written.');
  }
  if (model.plan) out.push('error' in model.plan ? `Plan file ${model.plan.error}` : `Plan file (${plural(model.plan.changes, 'change')}): ${model.plan.path}`, ...('command' in model.plan ? [`Apply exactly it: ${model.plan.command}`] : []));
  if (model.manualLeft.length) {
    out.push(`Manual steps left (${model.manualLeft.length}):`);
    for (const m of model.manualLeft) out.push(`  ${m.checkId} ${m.title}`);
  }
  if (model.failingLeft > 0) out.push(`${plural(model.failingLeft, 'failing check')} left.`);
  out.push(`In CI: ${model.verifyCommand}`);
  return out;
}
