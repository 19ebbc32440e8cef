// The plan: every change the wizard would make at a level, per control and resource, as
// current-vs-recommended diffs. Identical changes on many projects (or their keys and
// filters) collapse into one entry with a count; risky and disruptive changes are marked.

import { fieldText, namesOf, valueText } from '../engine/resources/index.js';
import type { AcceptedRiskView, CheckResult, ControlResult, PlannedChange, ResourceRef } from '../../steps/types.js';
import { acceptanceText } from './summary.js';
import { diffValues, type DiffLine } from './diff.js';
import { redactSecrets } from '../secrets.js';
import { painter, truncate, wrap, wrapHanging, type Paint } from './text.js';
import { jsonHeader, type JsonHeader } from './json-header.js';
import { targetLine, TOOL_NAME, type ReportTarget, type TerminalOptions } from './types.js';
import { plural } from '../words.js';
import type { ComplianceFramework } from './compliance.js';
import { missingValueText } from './missing-value.js';

export interface PlanInput {
  changes: PlannedChange[];
  results: ControlResult[];
  target: ReportTarget;
  level: ControlResult['level'];
  generatedAt: string;
  toolVersion: string;
  /** --compliance: `results` are that framework's controls (src/report/compliance.ts) */
  compliance?: ComplianceFramework;
}

/** A failing check the plan cannot fix by itself (needs a value, a person, or is blocked). */
export interface UnresolvedCheck {
  checkId: string;
  title: string;
  status: CheckResult['status'];
  automation: CheckResult['automation'];
  reason?: string;
  missingParameter?: string;
  blockers?: string[];
}

/**
 * Every check once, in order: under --compliance one check can sit under several framework
 * controls (src/report/compliance.ts), but it is one finding.
 */
function uniqueChecks(results: readonly ControlResult[]): CheckResult[] {
  const seen = new Set<string>();
  return results.flatMap((control) => control.checks.filter((c) => !seen.has(c.id) && seen.add(c.id)));
}

export function unresolvedChecks(results: readonly ControlResult[], changes: readonly PlannedChange[]): UnresolvedCheck[] {
  const planned = new Set(changes.map((c) => c.checkId));
  const out: UnresolvedCheck[] = [];
  for (const c of uniqueChecks(results)) {
    if (c.status !== 'fail' && c.status !== 'error') continue;
    if (planned.has(c.id) && !(c.blockers?.length)) continue;
    const u: UnresolvedCheck = { checkId: c.id, title: c.title, status: c.status, automation: c.automation };
    if (c.reason) u.reason = c.reason;
    if (c.missingParameter) u.missingParameter = c.missingParameter;
    if (c.blockers?.length) u.blockers = [...c.blockers];
    out.push(u);
  }
  return out;
}

/** A check the policy accepts (wholly or for some resources): its changes are left out of the plan. */
export interface LeftAlone {
  checkId: string;
  title: string;
  /** `accepted`: the whole check; `fail`: only the accepted resources are left alone */
  status: CheckResult['status'];
  acceptances: AcceptedRiskView[];
  /** the resources whose findings are accepted */
  resources: string[];
}

export function leftAlone(results: readonly ControlResult[]): LeftAlone[] {
  return uniqueChecks(results)
    .filter((c) => (c.acceptances?.length ?? 0) > 0)
    .map((c) => ({ checkId: c.id, title: c.title, status: c.status, acceptances: c.acceptances!, resources: [...new Set((c.acceptedFindings ?? []).map((f) => describeResource(f.resource)))] }));
}

/** Checks whose acceptance expired: planned again. */
export function expiredAcceptances(results: readonly ControlResult[]): { checkId: string; title: string; acceptances: AcceptedRiskView[] }[] {
  return uniqueChecks(results).filter((c) => (c.expiredAcceptances?.length ?? 0) > 0).map((c) => ({ checkId: c.id, title: c.title, acceptances: c.expiredAcceptances! }));
}

/** "3.1.7 Public issue sharing is off: accepted until 2027-06-30 by alex@…: reason (project web, …)" */
export function leftAloneText(l: LeftAlone): string {
  const on = l.resources.length ? ` (${l.resources.length > 3 ? `${l.resources.slice(0, 3).join(', ')} and ${l.resources.length - 3} more` : l.resources.join(', ')})` : '';
  return `${l.checkId} ${l.title}: ${l.acceptances.map((a) => acceptanceText(a)).join('; ')}${on}`;
}

/**
 * The before/after lines of a change: in words where the resource's adapter has them
 * (`ResourceNames.valueText`: "the organization's setting" for a project's null, "withdrawn
 * (deleted)" for an invitation), else the diff of the raw values.
 */
export function changeValueLines(c: PlannedChange): DiffLine[] {
  const b = valueText(c.target, c.field, c.before);
  const a = valueText(c.target, c.field, c.after);
  if (b === undefined && a === undefined) return diffValues(c.before, c.after);
  return [
    { kind: 'remove', text: b ?? JSON.stringify(c.before ?? null) },
    { kind: 'add', text: a ?? JSON.stringify(c.after ?? null) },
  ];
}

/** One line naming a resource: "organization acme", "project web", "key Default (web)" */
export const describeResource = (r: ResourceRef): string => namesOf(r.type).describe(r);

/** The project a change is about, when it is per project (for collapsing). */
const projectOf = (r: ResourceRef): string | null => namesOf(r.type).project(r);

export interface ChangeGroup {
  checkId: string;
  /** the first change (representative of the group) */
  change: PlannedChange;
  /** every change of the group */
  changes: PlannedChange[];
  /** projects the group covers (empty for org / member changes) */
  projects: string[];
}

/** Collapse identical per-project changes (same check, field, kind of target, before, after). */
export function groupChanges(changes: readonly PlannedChange[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  let single = 0;
  for (const ch of changes) {
    const project = projectOf(ch.target);
    const sameAcrossProjects =
      project !== null
        ? JSON.stringify([ch.checkId, ch.target.type, namesOf(ch.target.type).variant?.(ch.target) ?? '', ch.field, ch.before ?? null, ch.after ?? null, ch.risk])
        : null;
    const key = sameAcrossProjects ?? `single:${(single += 1)}`;
    const g = groups.get(key);
    if (g) {
      g.changes.push(ch);
      if (project !== null && !g.projects.includes(project)) g.projects.push(project);
    } else {
      groups.set(key, { checkId: ch.checkId, change: ch, changes: [ch], projects: project !== null ? [project] : [] });
    }
  }
  return [...groups.values()];
}

function groupTitle(g: ChangeGroup): string {
  const r = g.change.target;
  if (g.changes.length === 1) return describeResource(r);
  const names = g.projects.slice(0, 4).join(', ') + (g.projects.length > 4 ? ` and ${g.projects.length - 4} more` : '');
  const count = namesOf(r.type).collapsed?.(r, g.changes.length, g.projects.length) ?? `${g.projects.length} projects`;
  return `${count}: ${names}`;
}

/**
 * The consequence to show under a group: omitted when the check's warning already says it;
 * in a collapsed group, the first one with a note when the others differ (they name their
 * own project).
 */
export function groupConsequence(g: ChangeGroup, checkWarnings: readonly string[]): string | null {
  const all = [...new Set(g.changes.map((c) => c.consequence).filter((c): c is string => Boolean(c)))];
  const first = all[0];
  if (!first || checkWarnings.includes(first)) return null;
  return all.length > 1 ? `${first} (likewise for the other ${g.changes.length - 1})` : first;
}

const controlOf = (results: readonly ControlResult[], checkId: string): ControlResult | undefined =>
  results.find((c) => c.checks.some((ch) => ch.id === checkId));

function riskTag(paint: Paint, risk: PlannedChange['risk']): string {
  if (risk === 'risky') return paint('red', '[risky]');
  if (risk === 'disruptive') return paint('yellow', '[disruptive]');
  return '';
}

export function renderPlanTable(input: PlanInput, opts: TerminalOptions): string {
  const width = Math.max(40, opts.width ?? 80);
  const paint = painter(opts.color);
  const changes = redactSecrets(input.changes);
  const lines: string[] = [];
  const risky = changes.filter((c) => c.risk === 'risky').length;
  const disruptive = changes.filter((c) => c.risk === 'disruptive').length;
  lines.push(paint('bold', truncate(`${TOOL_NAME} plan · ${input.target.org} · ${input.level}`, width)));
  lines.push(...wrap(targetLine(input.target, input.level), width).map((l) => paint('dim', l)));
  lines.push(
    ...wrap(
      changes.length === 0
        ? 'Nothing to change.'
        : `${plural(changes.length, 'change')} (${risky} risky, ${disruptive} disruptive). Nothing has been changed: this is a plan.`,
      width,
    ),
  );
  const groups = groupChanges(changes);
  for (const control of input.results) {
    const mine = groups.filter((g) => control.checks.some((c) => c.id === g.checkId));
    if (mine.length === 0) continue;
    lines.push('');
    lines.push(paint('bold', truncate(`${control.id}  ${control.title}`, width)));
    for (const check of control.checks) {
      const cg = mine.filter((g) => g.checkId === check.id);
      if (cg.length === 0) continue;
      const tag = riskTag(paint, check.risk);
      lines.push(`  ${truncate(`${check.id}  ${check.title}`, width - 2 - (tag ? 13 : 0))}${tag ? ` ${tag}` : ''}`);
      for (const w of check.warnings ?? []) lines.push(...wrapHanging('! ', w, width, '    ').map((l) => paint('yellow', l)));
      for (const g of cg) {
        // a change riskier than its check says so itself (e.g. the deactivation step of 3.2.4)
        const own = g.change.risk !== 'none' && g.change.risk !== check.risk ? ` [${g.change.risk}]` : '';
        const wrapped = wrap(`${groupTitle(g)} · ${fieldText(g.change.target, g.change.field)}${own}`, width, '    ');
        lines.push(...wrapped.map((l) => (own && l.endsWith(own) ? `${l.slice(0, -own.length)} ${riskTag(paint, g.change.risk)}` : l)));
        for (const d of changeValueLines(g.change)) {
          const text = truncate(`      ${d.kind === 'add' ? '+ ' : d.kind === 'remove' ? '- ' : '  '}${d.text}`, width);
          lines.push(d.kind === 'add' ? paint('green', text) : d.kind === 'remove' ? paint('red', text) : paint('dim', text));
        }
        const consequence = groupConsequence(g, check.warnings ?? []);
        if (consequence) lines.push(...wrapHanging('! ', consequence, width, '      ').map((l) => paint('yellow', l)));
        if (!g.change.reversible) lines.push(paint('red', '      cannot be fully undone by rollback'));
      }
    }
  }
  const unresolved = unresolvedChecks(input.results, input.changes);
  if (unresolved.length > 0) {
    lines.push('');
    lines.push(paint('bold', 'Not in the plan (needs a value, a person, or could not be read):'));
    for (const u of unresolved) {
      const why = u.blockers?.length
        ? `blocked: ${u.blockers.join('; ')}`
        : u.missingParameter
          ? missingValueText(u.checkId, u.missingParameter)
          : u.status === 'error'
            ? `error: ${u.reason ?? 'could not be read'}`
            : (u.reason ?? `${u.automation}: see the wizard`);
      lines.push(...wrap(`${u.checkId}  ${u.title}: ${why}`, width, '  '));
    }
  }
  const alone = leftAlone(input.results);
  if (alone.length > 0) {
    lines.push('');
    lines.push(paint('bold', 'Left alone (accepted risks of the policy file; not planned until they expire):'));
    for (const l of alone) lines.push(...wrap(leftAloneText(l), width, '  ').map((x) => paint('cyan', x)));
  }
  const expired = expiredAcceptances(input.results);
  if (expired.length > 0) {
    lines.push('');
    lines.push(paint('bold', 'Planned again (the acceptance expired):'));
    for (const e of expired) lines.push(...wrap(`${e.checkId}  ${e.title}: ${e.acceptances.map((a) => acceptanceText(a, true)).join('; ')}`, width, '  ').map((x) => paint('red', x)));
  }
  return `${lines.join('\n')}\n`;
}

export interface JsonPlan extends JsonHeader {
  level: string;
  generatedAt: string;
  summary: { changes: number; risky: number; disruptive: number; checks: number; unresolved: number };
  /** --compliance: the framework whose controls `controlId`/`controlIds` name */
  compliance?: ComplianceFramework;
  changes: (Omit<PlannedChange, 'context'> & { controlId: string; controlIds?: string[]; diff: string[] })[];
  unresolved: UnresolvedCheck[];
  /** accepted risks: their changes are not planned */
  accepted: LeftAlone[];
  /** expired acceptances: those checks are planned again */
  expiredAcceptances: { checkId: string; title: string; acceptances: AcceptedRiskView[] }[];
}

export function buildJsonPlan(input: PlanInput): JsonPlan {
  const changes = input.changes.map((c) => {
    const { context: _context, ...rest } = c;
    return {
      controlId: controlOf(input.results, c.checkId)?.id ?? c.checkId.split('.').slice(0, 2).join('.'),
      // a framework maps one check to several of its controls: every one of them
      ...(input.compliance ? { controlIds: input.results.filter((r) => r.checks.some((ch) => ch.id === c.checkId)).map((r) => r.id) } : {}),
      ...rest,
      before: c.before ?? null,
      after: c.after ?? null,
      diff: diffValues(c.before, c.after).map((l) => `${l.kind === 'add' ? '+' : l.kind === 'remove' ? '-' : ' '} ${l.text}`),
    };
  });
  const unresolved = unresolvedChecks(input.results, input.changes);
  return redactSecrets({
    ...jsonHeader(input.toolVersion, input.target),
    level: input.level,
    generatedAt: input.generatedAt,
    ...(input.compliance ? { compliance: input.compliance } : {}),
    summary: {
      changes: changes.length,
      risky: changes.filter((c) => c.risk === 'risky').length,
      disruptive: changes.filter((c) => c.risk === 'disruptive').length,
      checks: new Set(changes.map((c) => c.checkId)).size,
      unresolved: unresolved.length,
    },
    changes,
    unresolved,
    accepted: leftAlone(input.results),
    expiredAcceptances: expiredAcceptances(input.results),
  });
}

export function renderPlanJson(input: PlanInput): string {
  return `${JSON.stringify(buildJsonPlan(input), null, 2)}\n`;
}

export function renderPlanMarkdown(input: PlanInput): string {
  const changes = redactSecrets(input.changes);
  const out: string[] = [`## Sentry hardening plan: \`${input.target.org}\` at ${input.level}`, '', targetLine(input.target, input.level), ''];
  out.push(changes.length === 0 ? 'Nothing to change.' : `${plural(changes.length, 'change')}; nothing has been changed.`);
  const groups = groupChanges(changes);
  for (const control of input.results) {
    const mine = groups.filter((g) => control.checks.some((c) => c.id === g.checkId));
    if (mine.length === 0) continue;
    out.push('', `### ${control.id} ${control.title}`);
    for (const g of mine) {
      const check = control.checks.find((c) => c.id === g.checkId);
      const risk = g.change.risk === 'none' ? '' : ` **${g.change.risk}**`;
      out.push('', `- ${g.checkId} ${check?.title ?? ''}: ${groupTitle(g)} · \`${fieldText(g.change.target, g.change.field)}\`${risk}`, '', '```diff');
      for (const d of changeValueLines(g.change)) out.push(`${d.kind === 'add' ? '+' : d.kind === 'remove' ? '-' : ' '} ${d.text}`);
      out.push('```');
      const consequence = groupConsequence(g, check?.warnings ?? []);
      if (consequence) out.push('', `  > ${consequence}`);
    }
  }
  const unresolved = unresolvedChecks(input.results, input.changes);
  if (unresolved.length > 0) {
    out.push('', '### Not in the plan', '');
    for (const u of unresolved) out.push(`- ${u.checkId} ${u.title}: ${u.missingParameter ? missingValueText(u.checkId, u.missingParameter, 'markdown') : (u.blockers?.join('; ') ?? u.reason ?? u.status)}`);
  }
  const alone = leftAlone(input.results);
  if (alone.length > 0) {
    out.push('', '### Left alone (accepted risks)', '');
    for (const l of alone) out.push(`- ${leftAloneText(l)}`);
  }
  for (const e of expiredAcceptances(input.results)) out.push('', `- ⏰ ${e.checkId} ${e.title}: ${e.acceptances.map((a) => acceptanceText(a, true)).join('; ')}; planned again`);
  return `${out.join('\n')}\n`;
}
