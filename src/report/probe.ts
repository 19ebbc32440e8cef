// The PII-leak probe's section in every report format. It carries only what the probe kept:
// project, path, kind, count, masked hint, event ids and the linked checks; never a value.

import { verdictText, type ProbeReport } from '../engine/probe.js';

import { plural } from '../words.js';

export function probeSummaryLine(r: ProbeReport): string {
  const t = r.totals;
  const base = `PII probe: ${plural(t.leaks, 'leaked value')} in ${plural(t.sampled, 'sampled event')} of ${plural(t.projects, 'project')} (up to ${r.sampleSize} each)`;
  const extra = [t.despitePass > 0 ? `${t.despitePass} under passing scrubbing checks` : '', t.errors > 0 ? `${plural(t.errors, 'project')} unreadable` : ''].filter(Boolean);
  return extra.length ? `${base}; ${extra.join('; ')}` : base;
}

const kinds = (byKind: Record<string, number | undefined>): string =>
  Object.entries(byKind).filter(([, n]) => (n ?? 0) > 0).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';

/** Plain lines for the table report. */
export function probeTableLines(r: ProbeReport): string[] {
  const lines = [probeSummaryLine(r)];
  for (const p of r.projects) {
    if (p.sampled === null) lines.push(`  ${p.project}: error: ${p.error ?? 'could not read events'}`);
    else if (p.sampled === 0) lines.push(`  ${p.project}: no recent events`);
    else lines.push(`  ${p.project}: ${p.eventsWithLeaks}/${p.sampled} events with leaks (${kinds(p.byKind)})${p.scannedIps ? '' : '; IPs not scanned (IP scrubbing off)'}`);
    for (const f of r.findings.filter((x) => x.project === p.project)) {
      lines.push(`    ${f.kind} at ${f.path} ×${f.count} (${f.hint}; events ${f.eventIds.join(', ')}): ${verdictText(f)}`);
    }
  }
  return lines;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function probeMarkdownLines(r: ProbeReport): string[] {
  const out = ['## PII-leak probe', '', probeSummaryLine(r), '', '| Project | Sampled | With leaks | Kinds |', '| --- | ---: | ---: | --- |'];
  for (const p of r.projects) {
    out.push(`| ${cell(p.project)} | ${p.sampled ?? 'error'} | ${p.sampled === null ? cell(p.error ?? '') : p.eventsWithLeaks} | ${cell(kinds(p.byKind))} |`);
  }
  if (r.findings.length > 0) {
    out.push('', '| Project | Path | Kind | Count | Hint | Events | Verdict |', '| --- | --- | --- | ---: | --- | --- | --- |');
    for (const f of r.findings) {
      out.push(`| ${cell(f.project)} | \`${cell(f.path)}\` | ${f.kind} | ${f.count} | ${cell(f.hint)} | ${f.eventIds.join(', ')} | ${cell(verdictText(f))} |`);
    }
  }
  return out;
}
