// `verify --format html`: one self-contained file for an audit folder or an e-mail. No external
// asset, no script (the Content-Security-Policy forbids both, so a name that slipped past the
// escaping still could not run or fetch anything), inline CSS with a print style.
// Everything from the server (org, project and member names, messages, values) goes through
// `esc`; secrets are redacted before rendering (src/secrets.ts).

import { describeResource } from '../engine/resources/index.js';
import { verdictText, type ProbeReport } from '../engine/probe.js';
import type { DriftReport } from '../engine/drift.js';
import type { AcceptedRiskView, CheckResult, CheckStatus, ControlResult, Finding } from '../../steps/types.js';
import { redactSecrets } from '../secrets.js';
import { countChecks, findingText, levelScores, percent, STATUS_LABEL, summarizeResults } from './summary.js';
import { inline } from './text.js';
import { targetLine, TOOL_NAME, type ReportInput } from './types.js';
import { humanTime, plural } from '../words.js';
import { missingValueText, wizardCanEdit } from './missing-value.js';

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** HTML text and attribute values: the five markup characters. */
export function esc(v: unknown): string {
  return String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STATUS_ORDER: readonly CheckStatus[] = ['fail', 'error', 'manual', 'accepted', 'pass', 'not_applicable'];

const CSS = `
:root{--fail:#b3261e;--error:#8e24aa;--manual:#a86400;--accepted:#00639b;--pass:#1b6e20;--na:#5f6368;--line:#d0d4d9}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}
.meta{color:#57606a;margin:0}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f4f6}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code,.value{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;overflow-wrap:anywhere}
.status{font-weight:600;white-space:nowrap}
.status-fail{color:var(--fail)}.status-error{color:var(--error)}.status-manual{color:var(--manual)}
.status-accepted{color:var(--accepted)}.status-pass{color:var(--pass)}.status-not_applicable{color:var(--na)}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0;padding:0;list-style:none}
.counts li{border:1px solid var(--line);border-radius:6px;padding:6px 12px;min-width:90px}
.counts .n{display:block;font-size:20px;font-weight:700}
.check{border-left:4px solid var(--line);padding:2px 0 2px 12px;margin:12px 0;break-inside:avoid}
.check.status-fail{border-color:var(--fail)}.check.status-error{border-color:var(--error)}.check.status-manual{border-color:var(--manual)}
.check>*{color:#1f2328}
.rationale{color:#57606a;margin:2px 0 6px}
.remedy{margin:4px 0}
.expired{color:var(--fail)}
.empty{color:#57606a;font-style:italic}
footer{margin-top:32px;color:#57606a;font-size:12px}
@media print{
  body{max-width:none;padding:0;font-size:11pt;color:#000}
  h2{break-after:avoid}h3{break-after:avoid}
  tr,.check{break-inside:avoid}
  thead{display:table-header-group}
  th{background:none}
  .counts li{border-color:#000}
  a{color:#000;text-decoration:none}
}
`;

const statusCell = (s: CheckStatus | 'not evaluated'): string =>
  s === 'not evaluated' ? '<span class="status">not evaluated</span>' : `<span class="status status-${s}">${esc(STATUS_LABEL[s])}</span>`;

function table(head: string[], rows: string[][], opts: { cls?: string; num?: number[] } = {}): string {
  const num = new Set(opts.num ?? []);
  const th = head.map((h, i) => `<th scope="col"${num.has(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr${opts.cls ? ` class="${opts.cls}"` : ''}>${r.map((c, i) => `<td${num.has(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table${opts.cls ? ` data-rows="${opts.cls}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const value = (v: unknown): string => `<span class="value">${esc(inline(v, 200))}</span>`;

function findingRow(f: Finding): string[] {
  return [esc(describeResource(f.resource)), `<code>${esc(f.field)}</code>`, value(f.current), value(f.expected), esc(findingText(f))];
}

/** What to do about a failing or manual check, from what the check itself says. */
function remedy(c: CheckResult): string[] {
  const out: string[] = [];
  if (c.changes?.length) {
    out.push(`Fix: <code>sentry-harden apply --only ${esc(c.id)}</code> (${plural(c.changes.length, 'change')}; <code>sentry-harden plan --only ${esc(c.id)}</code> shows them first), or the wizard.`);
  } else if (c.status === 'fail' && c.missingParameter) {
    out.push(`${capitalize(missingValueText(c.id, esc(c.missingParameter), 'html'))}.`);
  } else if (c.status === 'fail' && c.automation !== 'manual') {
    out.push(`Fix: ${wizardCanEdit(c.id) ? 'the wizard or ' : ''}<code>sentry-harden plan --only ${esc(c.id)}</code>.`);
  }
  for (const s of c.manualSteps ?? []) out.push(esc(s));
  for (const w of c.blockers ?? []) out.push(`Blocked: ${esc(w)}`);
  if (c.status === 'error') out.push(`Could not be evaluated: ${esc(c.reason ?? 'unknown error')}. Check the token's scopes and run verify again.`);
  return out;
}

function checkSection(control: ControlResult, c: CheckResult): string {
  const parts: string[] = [];
  parts.push(`<section class="check status-${c.status}" id="check-${esc(c.id)}" data-check="${esc(c.id)}" data-status="${c.status}">`);
  parts.push(`<h3>${esc(c.id)} ${esc(c.title)} · ${statusCell(c.status)}</h3>`);
  parts.push(`<p class="rationale">${esc(control.id)} ${esc(control.title)} · ${esc(c.level)} · ${esc(c.automation)}. ${esc(c.rationale)}</p>`);
  if (c.status !== 'fail' && c.reason) parts.push(`<p>${esc(c.reason)}</p>`);
  else if (c.status === 'fail' && c.findings.length === 0 && c.reason) parts.push(`<p>${esc(c.reason)}</p>`);
  if (c.findings.length > 0) parts.push(table(['Resource', 'Setting', 'Current', 'Expected', 'Finding'], c.findings.map(findingRow), { cls: 'finding' }));
  const fix = remedy(c);
  if (fix.length) parts.push(`<ul class="remedy">${fix.map((x) => `<li>${x}</li>`).join('')}</ul>`);
  for (const a of c.expiredAcceptances ?? []) parts.push(`<p class="expired">Acceptance expired ${esc(a.expires)}: ${esc(a.reason)} (${esc(a.owner)})</p>`);
  parts.push('</section>');
  return parts.join('\n');
}

function acceptanceRows(results: readonly ControlResult[], pick: (c: CheckResult) => AcceptedRiskView[] | undefined): string[][] {
  const rows: string[][] = [];
  for (const control of results) {
    for (const c of control.checks) {
      for (const a of pick(c) ?? []) {
        rows.push([`<a href="#check-${esc(c.id)}">${esc(c.id)}</a> ${esc(c.title)}`, esc(a.resource ?? 'all'), esc(a.owner), esc(a.expires), esc(a.reason), String(c.acceptedFindings?.length ?? 0), statusCell(c.status)]);
      }
    }
  }
  return rows;
}

function driftSection(d: DriftReport): string {
  const out: string[] = [`<section id="drift"><h2>Drift since the baseline</h2>`];
  out.push(`<p class="meta">Baseline of ${esc(d.baseline.org)} at ${esc(d.baseline.level)}, saved ${esc(humanTime(d.baseline.savedAt))}: ${plural(d.entries.length, 'setting')} changed, ${plural(d.checks.length, 'check')} changed status.</p>`);
  if (d.checks.length) {
    out.push(table(['Check', 'Before', 'Now'], d.checks.map((c) => [`${esc(c.id)} ${esc(c.title)}`, statusCell(c.before), statusCell(c.after)]), { cls: 'drift-check' }));
  }
  if (d.entries.length) {
    out.push(
      table(
        ['Resource', 'Setting', 'Before', 'Now', 'Changed by (audit log)'],
        d.entries.map((e) => [
          esc(e.resource),
          `<code>${esc(e.setting)}</code>`,
          e.change === 'added' ? '<span class="empty">(new resource)</span>' : value(e.before),
          e.change === 'removed' ? '<span class="empty">(removed)</span>' : value(e.after),
          e.audit ? `${esc(e.audit.event)} by ${esc(e.audit.actor)} at ${esc(e.audit.dateCreated)} (entry ${esc(e.audit.id)})` : '<span class="empty">not in the audit log</span>',
        ]),
        { cls: 'drift' },
      ),
    );
  } else out.push('<p class="empty">No setting changed since the baseline.</p>');
  for (const n of d.notes) out.push(`<p>${esc(n)}</p>`);
  out.push('</section>');
  return out.join('\n');
}

function probeSection(r: ProbeReport): string {
  const t = r.totals;
  const out: string[] = [`<section id="probe"><h2>PII-leak probe</h2>`];
  out.push(`<p>${plural(t.leaks, 'leaked value')} in ${plural(t.sampled, 'sampled event')} of ${plural(t.projects, 'project')} (up to ${r.sampleSize} each)${t.despitePass ? `; <strong>${t.despitePass} under passing scrubbing checks</strong>` : ''}${t.errors ? `; ${t.errors} unreadable` : ''}. Values are never shown: path, kind and a masked hint only.</p>`);
  out.push(
    table(
      ['Project', 'Sampled', 'Events with leaks', 'Kinds'],
      r.projects.map((p) => [
        esc(p.project),
        p.sampled === null ? 'error' : String(p.sampled),
        p.sampled === null ? esc(p.error ?? 'could not read events') : String(p.eventsWithLeaks),
        esc(Object.entries(p.byKind).filter(([, n]) => (n ?? 0) > 0).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'),
      ]),
      { cls: 'probe-project', num: [1] },
    ),
  );
  if (r.findings.length) {
    out.push(
      table(
        ['Project', 'Path', 'Kind', 'Count', 'Hint', 'Events', 'Verdict'],
        r.findings.map((f) => [
          esc(f.project),
          `<code>${esc(f.path)}</code>`,
          esc(f.kind),
          String(f.count),
          esc(f.hint),
          esc(f.eventIds.join(', ')),
          `${esc(verdictText(f))} (${f.checks.map((c) => `<a href="#check-${esc(c.id)}">${esc(c.id)}</a>`).join(', ')})`,
        ]),
        { cls: 'probe-leak', num: [3] },
      ),
    );
  }
  out.push('</section>');
  return out.join('\n');
}

export function renderHtml(input: ReportInput): string {
  const results = redactSecrets(input.results);
  const probe = input.probe ? redactSecrets(input.probe) : undefined;
  const drift = input.drift ? redactSecrets(input.drift) : undefined;
  const s = summarizeResults(results);
  const title = `Sentry hardening report: ${input.target.org} at ${input.level}`;
  const body: string[] = [];
  body.push(`<header><h1>${esc(title)}</h1>`);
  body.push(`<p class="meta">${esc(TOOL_NAME)} ${esc(input.toolVersion)} · ${esc(targetLine(input.target, input.level))} · generated ${esc(input.generatedAt)}</p></header>`);

  body.push('<section id="summary"><h2>Summary</h2>');
  const toFix = s.fail + s.error;
  body.push(`<p><strong>${toFix === 0 ? 'No failing checks' : `${plural(toFix, 'check')} to fix`}</strong> at ${esc(input.level)}.</p>`);
  body.push(`<ul class="counts">${STATUS_ORDER.map((st) => `<li class="status-${st}" data-status="${st}"><span class="n">${s[st]}</span>${esc(STATUS_LABEL[st])}</li>`).join('')}</ul>`);
  body.push('<h3>By level</h3>');
  body.push(table(['Level', 'Passing', 'Score', 'Manual'], levelScores(results, input.level).map((x) => [esc(x.level), `${x.pass}/${x.scored}`, percent(x.pass, x.scored), String(x.manual)]), { cls: 'level', num: [1, 2, 3] }));
  body.push('<h3>By control</h3>');
  body.push(
    table(
      ['Control', 'Level', 'Status', 'Pass', 'Fail', 'Error', 'Manual', 'Accepted', 'n/a'],
      results.map((c) => {
        const k = countChecks(c.checks);
        return [`${esc(c.id)} ${esc(c.title)}`, esc(c.level), statusCell(c.status), String(k.pass), String(k.fail), String(k.error), String(k.manual), String(k.accepted), String(k.not_applicable)];
      }),
      { cls: 'control', num: [3, 4, 5, 6, 7, 8] },
    ),
  );
  body.push('</section>');

  body.push('<section id="findings"><h2>Findings and remedies</h2>');
  const open = results.flatMap((control) => control.checks.filter((c) => c.status === 'fail' || c.status === 'error' || c.status === 'manual' || c.findings.length > 0).map((c) => checkSection(control, c)));
  body.push(open.length ? open.join('\n') : '<p class="empty">Nothing to fix.</p>');
  body.push('</section>');

  body.push('<section id="accepted"><h2>Accepted risks</h2>');
  const accepted = acceptanceRows(results, (c) => c.acceptances);
  body.push(accepted.length ? table(['Check', 'Resource', 'Owner', 'Expires', 'Reason', 'Accepted findings', 'Status'], accepted, { cls: 'acceptance', num: [5] }) : '<p class="empty">No accepted risk applies.</p>');
  const expired = acceptanceRows(results, (c) => c.expiredAcceptances);
  body.push('<h3>Expired acceptances</h3>');
  body.push(expired.length ? table(['Check', 'Resource', 'Owner', 'Expired', 'Reason', 'Accepted findings', 'Status'], expired, { cls: 'expired-acceptance', num: [5] }) : '<p class="empty">None.</p>');
  body.push('</section>');

  if (drift) body.push(driftSection(drift));
  if (probe) body.push(probeSection(probe));

  body.push('<section id="checks"><h2>All checks</h2>');
  body.push(
    table(
      ['Check', 'Control', 'Level', 'Status'],
      results.flatMap((control) => control.checks.map((c) => [`${esc(c.id)} ${esc(c.title)}`, esc(control.id), esc(c.level), statusCell(c.status)])),
      { cls: 'check-row' },
    ),
  );
  body.push('</section>');
  body.push('<footer>This report names members by email: treat it as personal data. Secrets (tokens, DSN secrets, hash keys) are never included.</footer>');

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // nothing may load or run: no script, no fetch, no external style, font or image
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
