// The control catalog (`sentry-harden controls`): ids, titles, levels, frameworks, automation,
// risk and one line of why. Needs no connection.

import type { ControlDef } from '../../steps/types.js';
import { painter, truncate, visibleLength, wrap } from './text.js';
import { TOOL_NAME, type TerminalOptions } from './types.js';

/** The first sentence of a rationale: the "one line of why". */
export function firstSentence(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ');
  const m = /^(.+?[.!?])(\s|$)/.exec(t);
  return m?.[1] ?? t;
}

const frameworkText = (c: ControlDef): string =>
  [
    c.frameworks.cis.length ? `CIS ${c.frameworks.cis.join(', ')}` : '',
    c.frameworks.nist.length ? `NIST ${c.frameworks.nist.join(', ')}` : '',
    c.frameworks.soc2.length ? `SOC 2 ${c.frameworks.soc2.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' · ');

export function renderControlsTable(controls: readonly ControlDef[], opts: TerminalOptions): string {
  const width = Math.max(40, opts.width ?? 80);
  const paint = painter(opts.color);
  const lines: string[] = [];
  for (const c of controls) {
    if (lines.length) lines.push('');
    lines.push(paint('bold', truncate(`${c.id}  ${c.title}  (${c.level})`, width)));
    lines.push(...wrap(frameworkText(c), width, '    ').map((l) => paint('dim', l)));
    for (const ch of c.checks) {
      const risk = ch.risk === 'none' ? '' : `, ${ch.risk}`;
      const meta = `${ch.level} ${ch.automation}${risk}`;
      const label = truncate(`  ${ch.id}  ${ch.title}`, width - meta.length - 1);
      lines.push(`${label}${' '.repeat(Math.max(1, width - visibleLength(label) - meta.length))}${meta}`);
      lines.push(...wrap(firstSentence(ch.rationale), width, '        ').map((l) => paint('dim', l)));
    }
  }
  const checks = controls.reduce((n, c) => n + c.checks.length, 0);
  lines.push('', `${controls.length} controls, ${checks} checks. Levels are cumulative: L2 includes L1.`);
  return `${lines.join('\n')}\n`;
}

export function buildControlsJson(controls: readonly ControlDef[], toolVersion: string): Record<string, unknown> {
  return {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: toolVersion },
    controls: controls.map((c) => ({
      id: c.id,
      title: c.title,
      level: c.level,
      frameworks: c.frameworks,
      rationale: c.rationale,
      checks: c.checks.map((ch) => ({
        id: ch.id,
        title: ch.title,
        level: ch.level,
        automation: ch.automation,
        risk: ch.risk,
        rationale: ch.rationale,
      })),
    })),
  };
}

export function renderControlsJson(controls: readonly ControlDef[], toolVersion: string): string {
  return `${JSON.stringify(buildControlsJson(controls, toolVersion), null, 2)}\n`;
}

export function renderControlsMarkdown(controls: readonly ControlDef[]): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const out: string[] = ['| Check | Title | Level | Automation | Risk | Why |', '| --- | --- | --- | --- | --- | --- |'];
  for (const c of controls) {
    out.push(`| **${c.id}** | **${cell(c.title)}** (${cell(frameworkText(c))}) | ${c.level} | | | ${cell(firstSentence(c.rationale))} |`);
    for (const ch of c.checks) out.push(`| ${ch.id} | ${cell(ch.title)} | ${ch.level} | ${ch.automation} | ${ch.risk} | ${cell(firstSentence(ch.rationale))} |`);
  }
  return `${out.join('\n')}\n`;
}
