// Counting and ordering statuses, shared by the renderers.

import { namesOf } from '../engine/resources/index.js';
import type { AcceptedRiskView, CheckResult, CheckStatus, ControlResult, Finding, Level } from '../../steps/types.js';
import { LEVELS, levelRank } from '../../steps/types.js';

export type Summary = Record<CheckStatus, number>;

export const STATUSES: readonly CheckStatus[] = ['pass', 'fail', 'manual', 'not_applicable', 'error'];

export function countChecks(checks: readonly CheckResult[]): Summary {
  const s: Summary = { pass: 0, fail: 0, manual: 0, not_applicable: 0, error: 0, accepted: 0 };
  for (const c of checks) s[c.status] += 1;
  return s;
}

export const allChecks = (results: readonly ControlResult[]): CheckResult[] => results.flatMap((c) => c.checks);

export function summarizeResults(results: readonly ControlResult[]): Summary {
  return countChecks(allChecks(results));
}

/**
 * Score of one level: passing checks over the checks that can pass or fail (pass, fail, error)
 * among the checks of that level. manual and not_applicable do not count either way.
 */
export function levelScores(results: readonly ControlResult[], upTo: Level): { level: Level; pass: number; scored: number; manual: number }[] {
  const checks = allChecks(results);
  return LEVELS.filter((l) => levelRank(l) <= levelRank(upTo)).map((level) => {
    const mine = checks.filter((c) => c.level === level);
    const s = countChecks(mine);
    return { level, pass: s.pass, scored: s.pass + s.fail + s.error, manual: s.manual };
  });
}

/**
 * One mark per status, the same in every output (table, Markdown, the wizard): a manual check is
 * ◆ everywhere. `?` is not used for it: the wizard's summary shows `?` for a status not read again.
 */
export const STATUS_MARK: Record<CheckStatus, string> = {
  pass: '✔',
  fail: '✘',
  error: '!',
  manual: '◆',
  not_applicable: '–',
  accepted: '~',
};

export const STATUS_LABEL: Record<CheckStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  manual: 'manual',
  not_applicable: 'n/a',
  error: 'error',
  accepted: 'accepted',
};

/** "accepted until 2027-03-31 by alice@acme.example (api-prod): migrating in Q1" */
export function acceptanceText(a: AcceptedRiskView, expired = false): string {
  const on = a.resource ? ` (${a.resource})` : '';
  return expired
    ? `acceptance expired ${a.expires}${on}, accepted by ${a.owner}: ${a.reason}`
    : `accepted until ${a.expires} by ${a.owner}${on}: ${a.reason}`;
}

export function percent(n: number, d: number): string {
  return d === 0 ? '-' : `${Math.round((100 * n) / d)}%`;
}

/**
 * A finding as one sentence that says what it is about: rules write some messages without the
 * resource ("IP addresses are stored for this project."), which a list of many would lose.
 */
export function findingText(f: Finding): string {
  const name = namesOf(f.resource.type).subject(f.resource);
  if (!name || f.message.includes(name)) return f.message;
  return `${name}: ${f.message}`;
}
