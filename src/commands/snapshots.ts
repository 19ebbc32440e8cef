// `sentry-harden snapshots`: the snapshot sessions found in --snapshots-dir and in the
// preferences, oldest first.

import { UsageError } from '../errors.js';
import { defaultRegistry } from '../config/session-registry.js';
import { openSnapshotStore, type SessionRegistry } from '../snapshots/store.js';
import { snapshotsDirOf } from './apply.js';
import type { Io, SnapshotsOptions } from './types.js';
import { humanTime } from '../words.js';

export async function runSnapshots(opts: SnapshotsOptions, io: Io, deps: { registry?: SessionRegistry | null } = {}): Promise<number> {
  const format = opts.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`snapshots supports --format table or json, not ${format}`);
  const registry = deps.registry === undefined ? defaultRegistry() : (deps.registry ?? undefined);
  const store = openSnapshotStore(snapshotsDirOf(opts, io), registry ? { registry } : {});
  let sessions = await store.listSessions();
  if (opts.org) sessions = sessions.filter((s) => s.org === opts.org);
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ schemaVersion: 1, sessions }, null, 2)}\n`);
    return 0;
  }
  if (sessions.length === 0) {
    io.stdout.write(`No snapshot sessions in ${store.dir}.\n`);
    return 0;
  }
  const rows = sessions.map((s) => [
    s.id,
    humanTime(s.startedAt),
    s.command + (s.rollbackOf ? ` of ${s.rollbackOf}` : ''),
    s.level ?? '-',
    s.org,
    s.error ? 'UNREADABLE' : s.status,
    String(s.changes),
    s.rolledBack ? `yes (${s.rolledBackBy.join(', ')})` : 'no',
  ]);
  const head = ['SESSION', 'STARTED', 'COMMAND', 'LEVEL', 'ORG', 'STATUS', 'CHANGES', 'ROLLED BACK'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  io.stdout.write(`${[line(head), ...rows.map(line)].join('\n')}\n`);
  for (const s of sessions) if (s.error) io.stderr.write(`${s.id}: ${s.error}\n`);
  return 0;
}

export const snapshots = (opts: SnapshotsOptions, io: Io): Promise<number> => runSnapshots(opts, io);
