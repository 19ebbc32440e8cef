// How a person sees snapshot sessions in a list (rollback's pickers, Ink and line mode alike): one
// label per session in the tool's one time format, newest first.

import { humanTime, plural } from '../words.js';
import type { SessionSummary } from './store.js';

const timeOf = (s: SessionSummary): number => {
  const t = Date.parse(s.startedAt);
  return Number.isNaN(t) ? -Infinity : t;
};

/** Newest first by the time it started (parsed, so any ISO offset sorts right), then by id. */
export function newestFirst(sessions: readonly SessionSummary[]): SessionSummary[] {
  return [...sessions].sort((a, b) => timeOf(b) - timeOf(a) || b.id.localeCompare(a.id));
}

/** "2026-11-25 12:00 UTC  acme  apply L2  3 changes  complete  1a2b3c4d" */
export function sessionLabel(s: SessionSummary): string {
  const what = s.rollbackOf ? `rollback of ${s.rollbackOf.slice(-8)}` : `${s.command}${s.level ? ` ${s.level}` : ''}`;
  const status = s.error ? 'unreadable' : s.rolledBack ? 'rolled back' : s.status;
  return `${humanTime(s.startedAt) || '(no date)'}  ${s.org}  ${what}  ${plural(s.changes, 'change')}  ${status}  ${s.id.slice(-8)}`;
}
