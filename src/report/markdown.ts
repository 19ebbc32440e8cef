// The markdown report: for a pull-request comment or an audit file. Findings name members by
// email (reports are personal data); secrets are redacted.

import { probeMarkdownLines } from './probe.js';
import { driftMarkdownLines } from './drift.js';
import type { CheckResult, CheckStatus } from '../../steps/types.js';
import { redactSecrets } from '../secrets.js';
import { acceptanceText, findingText, levelScores, percent, STATUS_LABEL, STATUS_MARK, summarizeResults } from './summary.js';
import { targetLine, TOOL_NAME, type ReportInput } from './types.js';
import { humanTime, plural } from '../words.js';
import { missingValueText } from './missing-value.js';

export const STATUS_EMOJI: Record<CheckStatus, string> = {
  pass: '✅',
  fail: '❌',
  error: '⚠️',
  manual: STATUS_MARK.manual, // the same mark as the table and the wizard
  not_applicable: '➖',
  accepted: '🟦',
};

/** Text safe inside a markdown table cell. */
export function mdCell(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, '<br>');
}

const MAX_FINDINGS = 10;

function details(c: CheckResult): string {
  const parts: string[] = [];
  if (c.status === 'fail' || c.status === 'manual') {
    const shown = c.findings.slice(0, MAX_FINDINGS).map((f) => `• ${findingText(f)}`);
    if (c.findings.length > MAX_FINDINGS) shown.push(`… and ${c.findings.length - MAX_FINDINGS} more`);
    parts.push(...shown);
  }
  if (c.status !== 'pass' && c.reason && (c.status !== 'fail' || c.findings.length === 0)) parts.push(c.reason);
  if (c.status === 'fail' && c.missingParameter) parts.push(missingValueText(c.id, c.missingParameter, 'markdown'));
  for (const a of c.acceptances ?? []) parts.push(`🟦 ${acceptanceText(a)}`);
  if (c.acceptedFindings?.length) parts.push(`${plural(c.acceptedFindings.length, 'accepted finding')}: ${c.acceptedFindings.map(findingText).slice(0, MAX_FINDINGS).join('; ')}`);
  for (const a of c.expiredAcceptances ?? []) parts.push(`⏰ ${acceptanceText(a, true)}`);
  return mdCell(parts.join('\n'));
}

export function renderMarkdown(input: ReportInput): string {
  const results = redactSecrets(input.results);
  const s = summarizeResults(results);
  const out: string[] = [];
  out.push(`## Sentry hardening report: \`${mdCell(input.target.org)}\` at ${input.level}`);
  out.push('');
  out.push(`${TOOL_NAME} ${mdCell(input.toolVersion)} · ${mdCell(targetLine(input.target, input.level))} · ${humanTime(input.generatedAt)}`);
  out.push('');
  out.push(
    `**${s.fail + s.error === 0 ? 'No failing checks' : `${plural(s.fail + s.error, 'check')} to fix`}**: ` +
      `${s.pass} pass, ${s.fail} fail, ${s.error} error, ${s.manual} manual, ${s.not_applicable} not applicable.`,
  );
  out.push('');
  out.push('| Level | Passing | Score | Manual |');
  out.push('| --- | ---: | ---: | ---: |');
  for (const x of levelScores(results, input.level)) out.push(`| ${x.level} | ${x.pass}/${x.scored} | ${percent(x.pass, x.scored)} | ${x.manual} |`);
  out.push('');
  out.push('| Control | Level | Status |');
  out.push('| --- | --- | --- |');
  for (const c of results) out.push(`| ${c.id} ${mdCell(c.title)} | ${c.level} | ${STATUS_EMOJI[c.status]} ${STATUS_LABEL[c.status]} |`);
  for (const c of results) {
    out.push('');
    out.push(`### ${c.id} ${mdCell(c.title)}: ${STATUS_EMOJI[c.status]} ${STATUS_LABEL[c.status]}`);
    out.push('');
    const fw = [
      c.frameworks.cis.length ? `CIS ${c.frameworks.cis.join(', ')}` : '',
      c.frameworks.nist.length ? `NIST ${c.frameworks.nist.join(', ')}` : '',
      c.frameworks.soc2.length ? `SOC 2 ${c.frameworks.soc2.join(', ')}` : '',
    ].filter(Boolean);
    if (fw.length) {
      out.push(`_${fw.join(' · ')}_`);
      out.push('');
    }
    out.push('| Check | Level | Status | Details |');
    out.push('| --- | --- | --- | --- |');
    for (const ch of c.checks) {
      out.push(`| ${ch.id} ${mdCell(ch.title)} | ${ch.level} | ${STATUS_EMOJI[ch.status]} ${STATUS_LABEL[ch.status]} | ${details(ch)} |`);
    }
  }
  if (input.drift) out.push('', ...driftMarkdownLines(redactSecrets(input.drift)));
  if (input.probe) out.push('', ...probeMarkdownLines(input.probe));
  out.push('');
  out.push('_This report names members by email: treat it as personal data._');
  return `${out.join('\n')}\n`;
}
