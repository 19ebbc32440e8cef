// The snapshot store (DESIGN.md "Snapshots"): one folder per apply/wizard/rollback run,
// `<dir>/<org>/<UTC timestamp>-<short id>/` with manifest.json and entries/NNNN.json.
// Every entry is on disk before its request is sent; a session cut short by a crash stays
// readable entry by entry. Loading validates schema and hashes and refuses anything altered.

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { toolVersion } from '../version.js';
import type { Level } from '../levels.js';
import { redactSecrets } from '../secrets.js';
import { ensureDir, ensureSnapshotRoot, selfHash, sha256, writeFileAtomic } from './files.js';
import {
  SCHEMA_VERSION,
  entrySchema,
  manifestSchema,
  type JournalEntry,
  type Manifest,
  type SessionStatus,
} from './schema.js';

export type { JournalEntry, Manifest, EntryMarker, EntryField, SessionStatus } from './schema.js';

/** A refused snapshot: corrupt, tampered, unknown version. Exit 2, nothing is sent. */
export class SnapshotError extends UserError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'SnapshotError';
  }
}

/** Where session paths are remembered across working directories (the tool's preferences). */
export interface SessionRegistry {
  add(sessionDir: string): void | Promise<void>;
  list(): readonly string[] | Promise<readonly string[]>;
}

export type EntryInput = Omit<JournalEntry, 'schemaVersion' | 'seq' | 'sessionId' | 'sha256' | 'status' | 'startedAt'> & {
  status?: JournalEntry['status'];
};

export interface SnapshotSession {
  readonly id: string;
  readonly shortId: string;
  readonly dir: string;
  manifest(): Manifest;
  entries(): readonly JournalEntry[];
  /** writes entries/NNNN.json (status pending unless given) before the request is sent */
  writeEntry(input: EntryInput): Promise<JournalEntry>;
  updateEntry(seq: number, patch: Partial<Omit<JournalEntry, 'schemaVersion' | 'seq' | 'sessionId' | 'sha256'>>): Promise<JournalEntry>;
  /** ends the session: end time, status, entry count and the hash over the entries */
  finish(status: 'complete' | 'partial'): Promise<void>;
  markRolledBack(bySessionId: string): Promise<void>;
}

export interface SessionSummary {
  id: string;
  dir: string;
  org: string;
  url: string;
  command: string;
  level: Level | null;
  startedAt: string;
  endedAt: string | null;
  status: SessionStatus;
  /** entries on disk */
  changes: number;
  rolledBack: boolean;
  rolledBackBy: string[];
  rollbackOf?: string;
  /** set when the session cannot be loaded (corrupt, tampered) */
  error?: string;
}

export interface SnapshotStore {
  readonly dir: string;
  startSession(info: { org: string; url: string; level: Level | null; command: string; rollbackOf?: string }): Promise<SnapshotSession>;
  listSessions(): Promise<SessionSummary[]>;
  /** by folder name, short id, unique prefix, or a path to the session folder */
  loadSession(idOrPath: string): Promise<SnapshotSession>;
  latest(org?: string): Promise<SessionSummary | undefined>;
}

/** URL without credentials, query or fragment. */
export function cleanUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

function timestamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export const entryFile = (dir: string, seq: number): string => path.join(dir, 'entries', `${String(seq).padStart(4, '0')}.json`);

function entriesHash(entries: readonly JournalEntry[]): string {
  return sha256(entries.map((e) => e.sha256).join('\n'));
}

function sealManifest(m: Omit<Manifest, 'sha256'> & { sha256?: string }): Manifest {
  const { sha256: _old, ...rest } = m;
  return { ...rest, sha256: selfHash(rest) } as Manifest;
}

function sealEntry(e: Omit<JournalEntry, 'sha256'> & { sha256?: string }): JournalEntry {
  const { sha256: _old, ...rest } = e;
  return { ...rest, sha256: selfHash(rest) } as JournalEntry;
}

function describeZod(err: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const i = err.issues[0];
  return i ? `${i.path.map(String).join('.') || '(root)'}: ${i.message}` : 'invalid';
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new SnapshotError(`Snapshot ${what} cannot be read: ${file}. Nothing was sent.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SnapshotError(`Snapshot ${what} is corrupt (not JSON): ${file}. Nothing was sent.`);
  }
}

function checkVersion(raw: unknown, file: string): void {
  const v = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (v !== SCHEMA_VERSION) {
    throw new SnapshotError(
      `Snapshot ${file} has schema version ${JSON.stringify(v)}; this sentry-harden (${toolVersion()}) reads version ${SCHEMA_VERSION}. Use the sentry-harden version that wrote it. Nothing was sent.`,
    );
  }
}

async function loadManifest(dir: string): Promise<Manifest> {
  const file = path.join(dir, 'manifest.json');
  const raw = await readJson(file, 'manifest');
  checkVersion(raw, file);
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new SnapshotError(`Snapshot manifest ${file} is invalid (${describeZod(parsed.error)}). Nothing was sent.`);
  if (selfHash(parsed.data as unknown as Record<string, unknown>) !== parsed.data.sha256) {
    throw new SnapshotError(`Snapshot manifest ${file} was altered (its sha-256 does not match). Nothing was sent.`);
  }
  return parsed.data;
}

async function loadEntries(dir: string, manifest: Manifest): Promise<JournalEntry[]> {
  const entriesDir = path.join(dir, 'entries');
  let names: string[] = [];
  try {
    // by number: past 9999 the names grow a digit and "10000.json" sorts before "1001.json"
    names = (await fs.readdir(entriesDir)).filter((n) => /^\d{4,}\.json$/.test(n)).sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  } catch {
    names = [];
  }
  const out: JournalEntry[] = [];
  for (const [i, name] of names.entries()) {
    const file = path.join(entriesDir, name);
    const raw = await readJson(file, 'entry');
    checkVersion(raw, file);
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) throw new SnapshotError(`Snapshot entry ${file} is invalid (${describeZod(parsed.error)}). Nothing was sent.`);
    const e = parsed.data;
    if (selfHash(e as unknown as Record<string, unknown>) !== e.sha256) {
      throw new SnapshotError(`Snapshot entry ${file} was altered (its sha-256 does not match). Nothing was sent.`);
    }
    if (e.seq !== i + 1 || e.sessionId !== manifest.sessionId) {
      throw new SnapshotError(`Snapshot entry ${file} does not belong at this place in session ${manifest.sessionId}. Nothing was sent.`);
    }
    out.push(e);
  }
  if (manifest.entriesSha256 !== undefined) {
    if (manifest.entryCount !== out.length || entriesHash(out) !== manifest.entriesSha256) {
      throw new SnapshotError(
        `Snapshot session ${manifest.sessionId} was altered: its entries do not match the hash in the manifest (${dir}). Nothing was sent.`,
      );
    }
  }
  return out;
}

class Session implements SnapshotSession {
  readonly shortId: string;
  private chain: Promise<unknown> = Promise.resolve();
  constructor(
    readonly id: string,
    readonly dir: string,
    private m: Manifest,
    private list: JournalEntry[],
  ) {
    this.shortId = id.slice(id.lastIndexOf('-') + 1);
  }

  manifest(): Manifest {
    return this.m;
  }
  entries(): readonly JournalEntry[] {
    return this.list;
  }

  /** writes are serialised so entry numbers and the manifest never race */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  writeEntry(input: EntryInput): Promise<JournalEntry> {
    return this.serial(async () => {
      if (this.m.entriesSha256 !== undefined) {
        // a session reused after finish() (the wizard applies control by control): reopen it
        // first so the manifest never carries a hash that misses an entry
        const { entriesSha256: _h, entryCount: _c, ...open } = this.m;
        await this.writeManifest({ ...open, status: open.status === 'rolled-back' ? 'rolled-back' : 'in-progress', endedAt: null });
      }
      const seq = this.list.length + 1;
      const entry = sealEntry({
        ...(redactSecrets(input)),
        schemaVersion: SCHEMA_VERSION,
        seq,
        sessionId: this.id,
        status: input.status ?? 'pending',
        startedAt: new Date().toISOString(),
      } as Omit<JournalEntry, 'sha256'>);
      entrySchema.parse(entry);
      await ensureDir(path.join(this.dir, 'entries'));
      await writeFileAtomic(entryFile(this.dir, seq), JSON.stringify(entry, null, 2) + '\n');
      this.list.push(entry);
      return entry;
    });
  }

  updateEntry(seq: number, patch: Partial<Omit<JournalEntry, 'schemaVersion' | 'seq' | 'sessionId' | 'sha256'>>): Promise<JournalEntry> {
    return this.serial(async () => {
      const old = this.list[seq - 1];
      if (!old) throw new Error(`no journal entry ${seq}`);
      const entry = sealEntry({ ...old, ...(redactSecrets(patch)), seq: old.seq, sessionId: old.sessionId });
      entrySchema.parse(entry);
      await writeFileAtomic(entryFile(this.dir, seq), JSON.stringify(entry, null, 2) + '\n');
      this.list[seq - 1] = entry;
      return entry;
    });
  }

  private writeManifest(m: Omit<Manifest, 'sha256'>): Promise<void> {
    const sealed = sealManifest(m);
    manifestSchema.parse(sealed);
    this.m = sealed;
    return writeFileAtomic(path.join(this.dir, 'manifest.json'), JSON.stringify(sealed, null, 2) + '\n');
  }

  init(): Promise<void> {
    return this.serial(() => this.writeManifest(this.m));
  }

  finish(status: 'complete' | 'partial'): Promise<void> {
    return this.serial(() =>
      this.writeManifest({
        ...this.m,
        status: this.m.status === 'rolled-back' ? 'rolled-back' : status,
        endedAt: new Date().toISOString(),
        entryCount: this.list.length,
        entriesSha256: entriesHash(this.list),
      }),
    );
  }

  markRolledBack(bySessionId: string): Promise<void> {
    return this.serial(() =>
      this.writeManifest({
        ...this.m,
        status: 'rolled-back',
        rolledBackBy: [...new Set([...(this.m.rolledBackBy ?? []), bySessionId])],
      }),
    );
  }
}

async function openExisting(dir: string): Promise<Session> {
  const manifest = await loadManifest(dir);
  const entries = await loadEntries(dir, manifest);
  return new Session(manifest.sessionId, dir, manifest, entries);
}

async function summarize(dir: string): Promise<SessionSummary | undefined> {
  try {
    const s = await openExisting(dir);
    const m = s.manifest();
    return {
      id: s.id,
      dir,
      org: m.org,
      url: m.url,
      command: m.command,
      level: m.level,
      startedAt: m.startedAt,
      endedAt: m.endedAt,
      status: m.status,
      changes: s.entries().length,
      rolledBack: m.status === 'rolled-back' || (m.rolledBackBy?.length ?? 0) > 0,
      rolledBackBy: m.rolledBackBy ?? [],
      ...(m.rollbackOf ? { rollbackOf: m.rollbackOf } : {}),
    };
  } catch (err) {
    if (!existsSync(path.join(dir, 'manifest.json'))) return undefined;
    const name = path.basename(dir);
    const t = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-/.exec(name);
    return {
      id: name,
      dir,
      org: path.basename(path.dirname(dir)),
      url: '',
      command: '?',
      level: null,
      // from the folder name, so an unreadable session still sorts (and --latest refuses it)
      startedAt: t ? `${t[1]}-${t[2]}-${t[3]}T${t[4]}:${t[5]}:${t[6]}.000Z` : '',
      endedAt: null,
      status: 'partial',
      changes: 0,
      rolledBack: false,
      rolledBackBy: [],
      error: err instanceof Error ? err.message : String(err),
    };
  }
}

export function openSnapshotStore(dir: string, opts: { registry?: SessionRegistry } = {}): SnapshotStore {
  const root = path.resolve(dir);
  const registry = opts.registry;

  async function sessionDirs(): Promise<string[]> {
    const found = new Set<string>();
    try {
      for (const org of await fs.readdir(root, { withFileTypes: true })) {
        if (!org.isDirectory()) continue;
        for (const s of await fs.readdir(path.join(root, org.name), { withFileTypes: true })) {
          if (s.isDirectory() && existsSync(path.join(root, org.name, s.name, 'manifest.json'))) found.add(path.join(root, org.name, s.name));
        }
      }
    } catch {
      // no snapshot folder here yet
    }
    if (registry) {
      for (const p of await registry.list()) if (existsSync(path.join(p, 'manifest.json'))) found.add(path.resolve(p));
    }
    return [...found];
  }

  async function listSessions(): Promise<SessionSummary[]> {
    const out: SessionSummary[] = [];
    for (const d of await sessionDirs()) {
      const s = await summarize(d);
      if (s) out.push(s);
    }
    return out.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id.localeCompare(b.id)));
  }

  return {
    dir: root,
    async startSession(info) {
      await ensureSnapshotRoot(root);
      const now = new Date();
      const shortId = randomBytes(4).toString('hex');
      const id = `${timestamp(now)}-${shortId}`;
      if (!/^[A-Za-z0-9._-]+$/.test(info.org)) throw new UserError(`Organization slug ${JSON.stringify(info.org)} cannot name a snapshot folder.`);
      await ensureDir(path.join(root, info.org));
      const sdir = path.join(root, info.org, id);
      await ensureDir(sdir);
      await ensureDir(path.join(sdir, 'entries'));
      const manifest = sealManifest({
        schemaVersion: SCHEMA_VERSION,
        tool: { name: 'sentry-harden', version: toolVersion() },
        sessionId: id,
        url: cleanUrl(info.url),
        org: info.org,
        level: info.level,
        command: info.command,
        startedAt: now.toISOString(),
        endedAt: null,
        status: 'in-progress',
        ...(info.rollbackOf ? { rollbackOf: info.rollbackOf } : {}),
      });
      const session = new Session(id, sdir, manifest, []);
      await session.init();
      if (registry) {
        try {
          await registry.add(sdir);
        } catch {
          // the session is still found in this folder; preferences are a convenience
        }
      }
      return session;
    },
    listSessions,
    async loadSession(idOrPath) {
      if (idOrPath.includes('/') || idOrPath.includes(path.sep)) {
        const p = path.resolve(idOrPath);
        if (existsSync(path.join(p, 'manifest.json'))) return openExisting(p);
      }
      const dirs = await sessionDirs();
      const exact = dirs.filter((d) => path.basename(d) === idOrPath);
      const matches = exact.length > 0 ? exact : dirs.filter((d) => {
        const name = path.basename(d);
        return name.startsWith(idOrPath) || name.endsWith(`-${idOrPath}`);
      });
      if (matches.length === 0) throw new UserError(`No snapshot session ${JSON.stringify(idOrPath)} in ${root} or the recorded sessions. Run \`sentry-harden snapshots\` to list them.`);
      if (matches.length > 1) throw new UserError(`Snapshot session ${JSON.stringify(idOrPath)} is ambiguous (${matches.length} match); give more of its id.`);
      return openExisting(matches[0]!);
    },
    async latest(org) {
      // an unreadable newest session is returned too: loading it then refuses it loudly rather
      // than silently picking an older one
      const all = (await listSessions()).filter((s) => (!org || s.org === org) && s.command !== 'rollback');
      return all.at(-1);
    },
  };
}
