// One writing run at a time per organization and snapshot folder (as Terraform locks its state):
// two applies started a second apart would otherwise both read the same "before" values and
// interleave their writes and journals. apply and rollback take the lock before their first read
// of the organization; the wizard (whose review may take long) takes it at its apply step and then
// reads the reviewed fields again (src/ui/wizard-driver.ts); verify and plan take none.
//
// The lock is `<snapshots dir>/<org>/.sentry-harden.lock`, created with O_EXCL (`wx`): of two
// runs, exactly one creates it. It names its holder (pid, host, command, start time). It goes away
// when the run ends: release(), the process 'exit' event, or a termination signal nobody else
// handles. A lock left by a killed run (SIGKILL, power loss) whose pid is gone on this host is
// taken over with a note; one from another host, or from a live pid, is refused.

import { hostname } from 'node:os';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { UserError } from '../errors.js';
import { humanTime } from '../words.js';
import { ensureDir, ensureSnapshotRoot, FILE_MODE } from './files.js';

export const LOCK_FILE = '.sentry-harden.lock';

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  org: string;
  startedAt: string;
}

export interface SessionLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** the dead run whose lock was taken over */
  readonly tookOver?: LockHolder;
  /** removes the lock if it is still ours; safe to call twice */
  release(): void;
}

/** Refused because another run holds the lock (exit 2). */
export class LockHeldError extends UserError {
  constructor(
    message: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(message, 2);
    this.name = 'LockHeldError';
  }
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function lockFileFor(snapshotsDir: string, org: string): string {
  return path.join(path.resolve(snapshotsDir), org, LOCK_FILE);
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.startedAt === 'string') {
      return { pid: v.pid, host: v.host, command: String(v.command ?? '?'), org: String(v.org ?? '?'), startedAt: v.startedAt };
    }
  } catch {
    /* fall through */
  }
  return undefined;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Is the pid alive on this host? EPERM: alive, owned by someone else. */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const describe = (h: LockHolder): string => `pid ${h.pid} on host ${h.host}, ${h.command} since ${humanTime(h.startedAt)}`;

/** O_EXCL create with the whole content; false when the file exists. */
function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Moves a stale lock out of the way only if it is still the stale one: rename is atomic, and if
 * another run took it over between our read and the rename, its live lock is put back (link fails
 * rather than overwrite a lock a third run created meanwhile).
 */
function removeStale(file: string, staleText: string): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = readText(aside);
  if (moved !== staleText) {
    try {
      linkSync(aside, file);
    } catch {
      /* a third run created a lock meanwhile: it is the holder now */
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    /* already gone */
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function acquireSessionLock(
  snapshotsDir: string,
  org: string,
  command: string,
  opts: { now?: () => Date } = {},
): Promise<SessionLock> {
  if (!/^[A-Za-z0-9._-]+$/.test(org)) throw new UserError(`Organization slug ${JSON.stringify(org)} cannot name a snapshot folder.`);
  const file = lockFileFor(snapshotsDir, org);
  const root = path.resolve(snapshotsDir);
  // folders made only for the lock are removed with it: a run that stops early leaves nothing
  const madeRoot = !existsSync(root);
  const madeOrgDir = !existsSync(path.dirname(file));
  await ensureSnapshotRoot(root);
  await ensureDir(path.dirname(file));
  const holder: LockHolder = { pid: process.pid, host: hostname(), command, org, startedAt: (opts.now?.() ?? new Date()).toISOString() };
  const text = `${JSON.stringify(holder)}\n`;
  let tookOver: LockHolder | undefined;
  const how = `wait for it to finish; if it is not running any more, delete ${file} and run again. Nothing was changed`;

  for (let attempt = 0; ; attempt++) {
    if (createExclusive(file, text)) break;
    const existing = readText(file);
    if (existing === undefined && attempt < 50) continue; // released between our create and read: try again
    const other = parseHolder(existing ?? '');
    if (!other) {
      // a run that created the file has not written it yet; an unreadable file after that is refused
      if (attempt < 10) {
        await sleep(20);
        continue;
      }
      throw new LockHeldError(`Another sentry-harden run may be writing to ${org} (the lock ${file} is unreadable): ${how}`, undefined);
    }
    const stale = other.host === holder.host && other.pid !== process.pid && !pidAlive(other.pid);
    if (!stale || attempt >= 10) {
      throw new LockHeldError(
        `Another sentry-harden run holds the lock for organization ${org} in ${path.resolve(snapshotsDir)} (${describe(other)}): ${how}`,
        other,
      );
    }
    removeStale(file, existing!);
    tookOver = other;
  }

  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    for (const s of SIGNALS) process.off(s, onSignal);
    // only our own lock: never one another run created after a takeover
    if (readText(file) === text) {
      try {
        unlinkSync(file);
      } catch {
        /* already gone */
      }
    }
    try {
      if (madeOrgDir) rmdirSync(path.dirname(file)); // fails (kept) when a session was written
      if (madeRoot && readdirSync(root).join() === '.gitignore') {
        unlinkSync(path.join(root, '.gitignore'));
        rmdirSync(root);
      }
    } catch {
      /* not empty: sessions live there now */
    }
  };
  // A signal with no other handler ends the process: release, then end it the same way. When the
  // command handles the signal itself (a graceful Ctrl-C), it finishes and releases normally.
  function onSignal(signal: NodeJS.Signals): void {
    if (process.listenerCount(signal) > 1) return;
    release();
    process.kill(process.pid, signal);
  }
  process.once('exit', release);
  for (const s of SIGNALS) process.on(s, onSignal);

  return { file, holder, ...(tookOver ? { tookOver } : {}), release };
}

/** The note printed when a dead run's lock was taken over. */
export function takeoverNote(lock: SessionLock): string | undefined {
  return lock.tookOver
    ? `note: took over the lock ${lock.file} left by a run that is no longer running (${describe(lock.tookOver)})`
    : undefined;
}

export interface SessionLocks {
  /** locks `org` (once); throws LockHeldError when another run holds it */
  take(org: string): Promise<void>;
  release(): void;
}

/** The locks one writing command holds (an org may be named two ways: as typed and canonical). */
export function sessionLocks(snapshotsDir: string, command: string, onNote: (line: string) => void): SessionLocks {
  const held = new Map<string, SessionLock>();
  return {
    async take(org) {
      if (held.has(org)) return;
      const lock = await acquireSessionLock(snapshotsDir, org, command);
      held.set(org, lock);
      const note = takeoverNote(lock);
      if (note) onNote(note);
    },
    release() {
      for (const l of held.values()) l.release();
      held.clear();
    },
  };
}
