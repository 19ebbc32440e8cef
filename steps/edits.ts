// Guided edits: the values a person chooses in the wizard for a failing check (POLICY.md
// "guided" checks, and the rate limit of 3.2.1). Each check that has one declares it in its own
// definition (`CheckDef.edit`); the wizard shows `spec` and hands the answer to `resolve`. An edit
// yields a policy override (re-evaluated), a rate limit that replaces the proposed one, or the
// check's changes as picked. Pure: no I/O, no terminal.

import type { RateLimit } from '../src/sentry/types.js';
import type { OrgState } from '../src/state/types.js';
import type { Policy } from './policy.js';
import type { CheckResult, PlannedChange } from './types.js';

export interface EditOption {
  label: string;
  value: string;
}

export type EditSpec =
  | { kind: 'team'; checkId: string; label: string; options: EditOption[]; initial?: string }
  /** several picks: owners to demote (2.3.1), teams to take off production projects (2.2.2), admins who become managers (2.3.5) */
  | { kind: 'owners' | 'project-teams' | 'admin-roles'; checkId: string; label: string; options: EditOption[]; initial: string[] }
  | { kind: 'list'; checkId: string; param: 'allowedDomains' | 'blockedIps'; label: string; hint: string; projects: string[]; initial: string }
  | { kind: 'rate-limit'; checkId: string; label: string; initial: string };

/** What an edit produces: merged into the session's policy or change overrides. */
export interface EditResult {
  policy?: Partial<Policy>;
  rateLimit?: { checkId: string; value: RateLimit };
  /** the check's changes as the person picked them (no policy parameter names them) */
  changes?: { checkId: string; changes: PlannedChange[] };
}

export interface EditContext {
  policy: Policy;
  state: OrgState | undefined;
}

export interface GuidedEdit {
  /** the editor for this failing check; undefined when there is nothing to choose */
  spec(check: CheckResult, ctx: EditContext): EditSpec | undefined;
  /** validate the answer: the result to apply, or a message saying what to enter */
  resolve(spec: EditSpec, value: string | string[], ctx: EditContext): EditResult | string;
}

export function splitList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const picks = (value: string | string[]): string[] => (Array.isArray(value) ? value : splitList(value));

/** "1000/60" (events per seconds); returns an error message or the rate limit. */
export function parseRateLimit(text: string): RateLimit | string {
  const m = /^\s*(\d+)\s*(?:\/\s*(\d+)\s*s?)?\s*$/.exec(text);
  if (!m) return 'enter COUNT/WINDOW, e.g. 1000/60 (1000 events per 60 seconds)';
  const count = Number(m[1]);
  const window = m[2] === undefined ? 60 : Number(m[2]);
  if (count < 1) return 'the count must be at least 1';
  if (window < 1 || window > 86_400) return 'the window must be 1 to 86400 seconds';
  return { count, window };
}

/** The projects a check's findings and changes are about. */
export function projectsOf(check: CheckResult): string[] {
  const out = new Set<string>();
  for (const f of check.findings) {
    if (f.resource.type === 'project') out.add(f.resource.id);
    else if ('project' in f.resource) out.add(f.resource.project);
  }
  for (const c of check.changes ?? []) {
    if (c.target.type === 'project') out.add(c.target.id);
  }
  return [...out];
}

/** The answer to a list editor: one list for every project of the spec, or the policy's blockedIps. */
export function resolveList(spec: EditSpec, value: string | string[], { policy }: EditContext): EditResult | string {
  if (spec.kind !== 'list') return 'internal: not a list editor';
  const list = picks(value);
  if (list.length === 0) return `enter at least one value (${spec.hint})`;
  if (spec.param === 'blockedIps') return { policy: { blockedIps: list } };
  const domains: Record<string, string[]> = { ...policy.allowedDomains };
  for (const p of spec.projects) domains[p] = list;
  return { policy: { allowedDomains: domains } };
}

export { picks };
