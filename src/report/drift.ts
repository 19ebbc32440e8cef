// The drift section (`verify --baseline FILE`) of the table and Markdown reports; JSON carries
// the DriftReport as `drift`, SARIF in the run's properties (drift is not an alert: the checks'
// own results are), HTML its own section. JUnit has none: a changed setting is not a test.

import { driftLine, type DriftReport } from '../engine/drift.js';
import { inline } from './text.js';
import { humanTime, plural } from '../words.js';

export function driftSummaryLine(d: DriftReport): string {
  return `Drift since the baseline of ${humanTime(d.baseline.savedAt)} (${d.baseline.level}): ${plural(d.entries.length, 'setting')} changed, ${plural(d.checks.length, 'check')} changed status`;
}

/** Plain lines for the table report. */
export function driftTableLines(d: DriftReport): string[] {
  const lines = [driftSummaryLine(d)];
  for (const c of d.checks) lines.push(`  ${c.id} ${c.title}: ${c.before} → ${c.after}`);
  for (const e of d.entries) lines.push(`  ${driftLine(e, (v) => inline(v))}`);
  for (const n of d.notes) lines.push(`  ${n}`);
  return lines;
}

const cell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');

export function driftMarkdownLines(d: DriftReport): string[] {
  const out = ['## Drift since the baseline', '', cell(driftSummaryLine(d))];
  if (d.checks.length) {
    out.push('', '| Check | Before | Now |', '| --- | --- | --- |');
    for (const c of d.checks) out.push(`| ${cell(`${c.id} ${c.title}`)} | ${c.before} | ${c.after} |`);
  }
  if (d.entries.length) {
    out.push('', '| Resource | Setting | Before | Now | Changed by (audit log) |', '| --- | --- | --- | --- | --- |');
    for (const e of d.entries) {
      const before = e.change === 'added' ? '(new)' : `\`${cell(inline(e.before))}\``;
      const after = e.change === 'removed' ? '(removed)' : `\`${cell(inline(e.after))}\``;
      const by = e.audit ? cell(`${e.audit.event} by ${e.audit.actor}, ${e.audit.dateCreated} (entry ${e.audit.id})`) : 'not in the audit log';
      out.push(`| ${cell(e.resource)} | ${cell(e.setting)} | ${before} | ${after} | ${by} |`);
    }
  }
  for (const n of d.notes) out.push('', `_${cell(n)}_`);
  return out;
}
