// The terminal report: grouped by control, one line per check with a status icon, the
// findings (or the reason) below it, a score per level. Fits `width` columns (default 80);
// colour only when the caller says so (TTY without NO_COLOR / --no-color).

import { probeTableLines } from './probe.js';
import { driftTableLines } from './drift.js';
import type { CheckResult, CheckStatus } from '../../steps/types.js';
import { redactSecrets } from '../secrets.js';
import { acceptanceText, findingText, levelScores, percent, STATUS_LABEL, STATUS_MARK, summarizeResults } from './summary.js';
import { painter, truncate, visibleLength, wrap, wrapHanging, type Colour, type Paint } from './text.js';
import { targetLine, TOOL_NAME, type ReportInput, type TerminalOptions } from './types.js';
import { humanTime, plural } from '../words.js';
import { missingValueText } from './missing-value.js';

/** The marks every output shares (summary.ts). */
export const STATUS_ICON = STATUS_MARK;

export const STATUS_COLOUR: Record<CheckStatus, Colour> = {
  pass: 'green',
  fail: 'red',
  error: 'magenta',
  manual: 'yellow',
  accepted: 'cyan',
  not_applicable: 'gray',
};

/** Findings shown per check before "... and N more" (the json report has them all). */
const MAX_FINDINGS = 5;

function statusTag(paint: Paint, s: CheckStatus): string {
  return paint(STATUS_COLOUR[s], STATUS_LABEL[s].padStart(6));
}

/** `left` padded so that `right` (plain width `rightWidth`) ends at column `width`. */
function row(left: string, leftPlainWidth: number, right: string, rightWidth: number, width: number): string {
  const gap = Math.max(1, width - leftPlainWidth - rightWidth);
  return `${left}${' '.repeat(gap)}${right}`;
}

function detailLines(c: CheckResult, width: number, paint: Paint): string[] {
  const indent = '      ';
  const out: string[] = [];
  if (c.status === 'fail' || c.status === 'manual') {
    const shown = c.findings.slice(0, MAX_FINDINGS);
    for (const f of shown) out.push(...wrapHanging('• ', findingText(f), width, indent));
    if (c.findings.length > shown.length) out.push(`${indent}… and ${c.findings.length - shown.length} more`);
  }
  if (c.status !== 'pass' && c.reason && (c.status !== 'fail' || c.findings.length === 0)) {
    out.push(...wrap(c.reason, width, indent).map((l) => paint('dim', l)));
  }
  for (const a of c.acceptances ?? []) out.push(...wrap(acceptanceText(a), width, indent).map((l) => paint('cyan', l)));
  if (c.acceptedFindings?.length) out.push(...wrap(plural(c.acceptedFindings.length, 'accepted finding'), width, indent).map((l) => paint('cyan', l)));
  for (const a of c.expiredAcceptances ?? []) out.push(...wrap(acceptanceText(a, true), width, indent).map((l) => paint('red', l)));
  if (c.status === 'fail' && c.missingParameter) {
    out.push(...wrap(missingValueText(c.id, c.missingParameter), width, indent).map((l) => paint('dim', l)));
  }
  return out;
}

export function renderTable(input: ReportInput, opts: TerminalOptions): string {
  const width = Math.max(40, opts.width ?? 80);
  const paint = painter(opts.color);
  const results = redactSecrets(input.results);
  const lines: string[] = [];
  const head = `${TOOL_NAME} ${input.toolVersion} · ${input.target.org} · ${input.level}`;
  lines.push(paint('bold', truncate(head, width)));
  lines.push(...wrap(targetLine(input.target, input.level), width).map((l) => paint('dim', l)));
  lines.push(paint('dim', truncate(humanTime(input.generatedAt), width)));

  for (const control of results) {
    lines.push('');
    const right = `${control.level} ${statusTag(paint, control.status)}`;
    const rightWidth = 3 + 6;
    const title = truncate(`${control.id}  ${control.title}`, width - rightWidth - 1);
    lines.push(row(paint('bold', title), visibleLength(title), right, rightWidth, width));
    for (const c of control.checks) {
      const icon = paint(STATUS_COLOUR[c.status], STATUS_ICON[c.status]);
      const label = truncate(`${c.id}  ${c.title}`, width - 4 - rightWidth - 1);
      const left = `  ${icon} ${label}`;
      lines.push(row(left, 4 + visibleLength(label), `${c.level} ${statusTag(paint, c.status)}`, rightWidth, width));
      lines.push(...detailLines(c, width, paint));
    }
  }

  if (input.probe) {
    lines.push('');
    for (const l of probeTableLines(input.probe)) {
      const indent = l.slice(0, l.length - l.trimStart().length);
      lines.push(...wrapHanging('', l.trimStart(), width, indent));
    }
  }
  if (input.drift) {
    lines.push('');
    for (const l of driftTableLines(redactSecrets(input.drift))) {
      const indent = l.slice(0, l.length - l.trimStart().length);
      lines.push(...wrapHanging('', l.trimStart(), width, indent));
    }
  }
  lines.push('');
  const s = summarizeResults(results);
  const summary = `${s.pass} pass, ${s.fail} fail, ${s.error} error, ${s.manual} manual, ${s.not_applicable} not applicable`;
  lines.push(...wrap(`Summary: ${summary}`, width));
  const scores = levelScores(results, input.level)
    .map((x) => `${x.level} ${x.pass}/${x.scored} (${percent(x.pass, x.scored)})`)
    .join(' · ');
  lines.push(...wrap(`Score (passing of pass/fail checks): ${scores}`, width));
  if (s.fail + s.error === 0) lines.push(paint('green', `Level ${input.level}: no failing checks.`));
  else {
    const n = s.fail + s.error;
    const text = `Level ${input.level}: ${plural(n, 'check')} to fix. \`sentry-harden plan --level ${input.level}\` shows the changes.`;
    lines.push(...wrap(text, width).map((l) => paint('red', l)));
  }
  return `${lines.join('\n')}\n`;
}
