// `sentry-harden audit-log`: the security events of the audit log (POLICY.md 4.1.2) since
// `--since` (default 30d), newest first, redacted. `--export FILE` keeps the whole audit log
// beyond Sentry's retention (4.1.3): append-only JSON Lines, one redacted entry per line,
// deduplicated by entry id, resumable, mode 0600.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { connect } from '../config/connect.js';
import { UserError } from '../errors.js';
import { renderAuditLogJson, renderAuditLogTable, type AuditLogInput } from '../report/audit-log.js';
import { redactSecrets } from '../secrets.js';
import type { AuditEntry } from '../sentry/types.js';
import { describeAuditEntry, isSecurityEvent, redactAuditEntry } from '../state/audit-events.js';
import { toolVersion } from '../version.js';
import { emit, printWarnings, terminalOptions, type CommandHooks, targetSources } from './shared.js';
import type { AuditLogOptions, Io } from './types.js';
import { plural } from '../words.js';

const HOUR_MS = 3_600_000;
const DEFAULT_SINCE = '30d';

/** `30d`, `12h`, `2w` or an ISO date/time; a bad or future value is a UserError naming the flag. */
export function parseSince(raw: string, now: Date): Date {
  const s = raw.trim();
  const rel = /^(\d{1,5})\s*([hdw])$/i.exec(s);
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2]!.toLowerCase();
    if (n < 1) throw new UserError(`--since must be at least 1${unit}, got "${raw}"`);
    const hours = unit === 'h' ? n : unit === 'd' ? n * 24 : n * 24 * 7;
    return new Date(now.getTime() - hours * HOUR_MS);
  }
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) {
    const t = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
    if (Number.isFinite(t)) {
      if (t > now.getTime()) throw new UserError(`--since ${raw} is in the future`);
      return new Date(t);
    }
  }
  throw new UserError(`--since expects a duration such as 30d, 12h or 2w, or an ISO date such as 2026-11-01, got "${raw}"`);
}

export interface ExportState {
  ids: Set<string>;
  /** the newest dateCreated in the file, when any */
  newest: Date | null;
  /** bytes of complete lines; a torn last line (a crash mid-append) lies beyond */
  validLength: number;
  size: number;
}

/**
 * Read an existing export: ids, the newest entry time and where the complete lines end.
 * A last line without its newline is the remains of an interrupted append and is cut off;
 * any other unreadable line means the file is not ours to append to.
 */
export async function readExport(file: string, label: string): Promise<ExportState> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ids: new Set(), newest: null, validLength: 0, size: 0 };
    throw new UserError(`--export ${label}: cannot read the file: ${(err as Error).message.split('\n')[0]}`);
  }
  const lastNl = buf.lastIndexOf(0x0a);
  const validLength = lastNl + 1;
  const ids = new Set<string>();
  let newest: Date | null = null;
  const lines = buf.subarray(0, validLength).toString('utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      throw new UserError(`--export ${label}: line ${i + 1} is not JSON; this file was not written by sentry-harden audit-log (nothing was appended)`);
    }
    const e = entry as Partial<AuditEntry>;
    if (typeof e?.id !== 'string' && typeof e?.id !== 'number') {
      throw new UserError(`--export ${label}: line ${i + 1} has no audit entry id (nothing was appended)`);
    }
    ids.add(String(e.id));
    const t = typeof e.dateCreated === 'string' ? Date.parse(e.dateCreated) : NaN;
    if (Number.isFinite(t) && (!newest || t > newest.getTime())) newest = new Date(t);
  });
  return { ids, newest, validLength, size: buf.length };
}

/**
 * Append the entries not yet in the file, oldest first, in one write followed by fsync; the
 * file is created 0600 (audit data names people) and kept at 0600.
 */
export async function appendExport(file: string, label: string, entries: readonly AuditEntry[]): Promise<{ added: number; skipped: number }> {
  const existing = await readExport(file, label);
  const fresh = new Map<string, AuditEntry>();
  for (const e of entries) if (!existing.ids.has(String(e.id))) fresh.set(String(e.id), e);
  const ordered = [...fresh.values()].sort((a, b) => Date.parse(a.dateCreated) - Date.parse(b.dateCreated) || Number(a.id) - Number(b.id));
  const text = ordered.map((e) => JSON.stringify(redactSecrets(redactAuditEntry(e)))).join('\n');
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'a', 0o600);
    await handle.chmod(0o600);
    if (existing.validLength < existing.size) await handle.truncate(existing.validLength);
    if (text) await handle.appendFile(`${text}\n`, 'utf8');
    await handle.sync();
  } catch (err) {
    throw new UserError(`--export ${label}: cannot write the file: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    await handle?.close().catch(() => undefined);
  }
  return { added: ordered.length, skipped: entries.length - ordered.length };
}

export async function runAuditLog(opts: AuditLogOptions, io: Io, hooks: CommandHooks = {}): Promise<number> {
  const now = hooks.now?.() ?? new Date();
  const explicitSince = opts.since !== undefined ? parseSince(opts.since, now) : undefined;
  const exportFile = opts.exportFile ? path.resolve(io.cwd, opts.exportFile) : undefined;
  // resuming: without --since, an export continues from its newest entry (ids dedupe the overlap)
  const existing = exportFile ? await readExport(exportFile, opts.exportFile ?? '') : undefined;
  const since = explicitSince ?? existing?.newest ?? parseSince(DEFAULT_SINCE, now);

  const conn = await connect(opts, io, { command: 'audit-log' });
  printWarnings(io, conn.warnings);
  const entries = await conn.api.listAuditLogs(conn.target.org, { since });

  if (exportFile) {
    const { added, skipped } = await appendExport(exportFile, opts.exportFile ?? '', entries);
    io.stderr.write(`Appended ${plural(added, 'audit entry', 'audit entries')} to ${opts.exportFile}${skipped ? ` (${skipped} already there)` : ''}.\n`);
    // with --export the report is printed only when asked for
    if (!opts.format && !opts.output) return 0;
  }

  const events = entries
    .filter((e) => isSecurityEvent(e))
    .map((e) => redactSecrets(redactAuditEntry(e)))
    .sort((a, b) => Date.parse(b.dateCreated) - Date.parse(a.dateCreated))
    .map((entry) => ({ entry, description: describeAuditEntry(entry) }));
  const input: AuditLogInput = {
    events,
    target: { baseUrl: conn.target.baseUrl, org: conn.target.org, sources: (({ level: _l, ...s }) => s)(targetSources(conn.credentials, {})) },
    since: since.toISOString(),
    generatedAt: now.toISOString(),
    toolVersion: toolVersion(),
  };
  const text = opts.format === 'json' ? renderAuditLogJson(input) : renderAuditLogTable(input, terminalOptions(opts, io));
  await emit(opts, io, text);
  return 0;
}
