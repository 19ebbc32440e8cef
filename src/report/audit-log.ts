// Security events of the audit log: newest first, with actor, time and a readable description.
// Entries arrive redacted (secret_key, security tokens) from the caller.

import type { AuditEntry } from '../sentry/types.js';
import { actorLabel } from '../state/audit-events.js';
import { redactSecrets } from '../secrets.js';
import { painter, truncate, wrap } from './text.js';
import { jsonHeader } from './json-header.js';
import { targetLine, type ReportTarget, type TerminalOptions } from './types.js';
import { humanTime, plural } from '../words.js';

export interface AuditEventView {
  entry: AuditEntry;
  /** one line a person can read (describeAuditEntry) */
  description: string;
}

export interface AuditLogInput {
  events: AuditEventView[];
  target: ReportTarget;
  since: string;
  generatedAt: string;
  toolVersion: string;
}

/** Who did it, named as in 4.1.2's listing (email first). */
export const actorName = (e: AuditEntry): string => actorLabel(e);

/** "2026-11-25 14:03 UTC" (one format for people: words.ts) */
export const shortTime = humanTime;

const newestFirst = (a: AuditEventView, b: AuditEventView): number => Date.parse(b.entry.dateCreated) - Date.parse(a.entry.dateCreated);

export function renderAuditLogTable(input: AuditLogInput, opts: TerminalOptions): string {
  const width = Math.max(40, opts.width ?? 80);
  const paint = painter(opts.color);
  const events = [...input.events].sort(newestFirst);
  const lines: string[] = [];
  lines.push(paint('bold', truncate(`Security events of ${input.target.org} since ${shortTime(input.since)}`, width)));
  lines.push(...wrap(targetLine(input.target), width).map((l) => paint('dim', l)));
  if (events.length === 0) lines.push('No security events in this window.');
  for (const { entry, description } of events) {
    lines.push('');
    const head = `${shortTime(entry.dateCreated)}  ${entry.event}`;
    lines.push(paint('bold', truncate(head, width)));
    lines.push(...wrap(`by ${actorName(entry)}${entry.ipAddress ? ` from ${entry.ipAddress}` : ''}`, width, '  ').map((l) => paint('dim', l)));
    lines.push(...wrap(description, width, '  '));
  }
  lines.push('', `${plural(events.length, 'security event')}.`);
  return `${lines.join('\n')}\n`;
}

export function buildAuditLogJson(input: AuditLogInput): Record<string, unknown> {
  const events = [...input.events].sort(newestFirst);
  return redactSecrets({
    ...jsonHeader(input.toolVersion, input.target),
    since: input.since,
    generatedAt: input.generatedAt,
    events: events.map(({ entry, description }) => ({
      id: entry.id,
      dateCreated: entry.dateCreated,
      event: entry.event,
      actor: actorName(entry),
      ipAddress: entry.ipAddress ?? null,
      description,
      data: entry.data,
    })),
  });
}

export function renderAuditLogJson(input: AuditLogInput): string {
  return `${JSON.stringify(buildAuditLogJson(input), null, 2)}\n`;
}

export function renderAuditLogMarkdown(input: AuditLogInput): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, '<br>');
  const events = [...input.events].sort(newestFirst);
  const out = [`## Security events of \`${input.target.org}\` since ${shortTime(input.since)}`, '', cell(targetLine(input.target)), '', '| Time | Actor | Event | What changed |', '| --- | --- | --- | --- |'];
  for (const { entry, description } of events) {
    out.push(`| ${shortTime(entry.dateCreated)} | ${cell(actorName(entry))} | ${cell(entry.event)} | ${cell(description)} |`);
  }
  return `${out.join('\n')}\n`;
}
