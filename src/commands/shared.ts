// What the read-only commands share: the policy file, the level, where output goes (stdout or
// an atomically written file), terminal options, a progress line, and the
// connect -> collect -> evaluate pipeline.

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { connect, type CommandName, type ConnectOptions } from '../config/connect.js';
import type { Credentials, Source, SourceKind } from '../config/credentials.js';
import { evaluate, requireSelection } from '../engine/evaluate.js';
import { UserError } from '../errors.js';
import { targetLine, type TargetSources, type TerminalOptions } from '../report/types.js';
import { batched } from '../report/json-chunks.js';
import { cut, wrapLine } from '../report/text.js';
import { collectOrgState, type CollectProgress } from '../engine/collect.js';
import { progressCounts } from '../state/progress.js';
import type { OrgState, Target } from '../state/types.js';
import type { SentryApi } from '../sentry/types.js';
import { validateAcceptedRisks } from '../../steps/accepted-risks.js';
import { DEFAULT_POLICY, parsePolicy, PolicyError, type Policy } from '../../steps/policy.js';
import type { ControlResult, Level } from '../../steps/types.js';
import type { Io, ReportOptions, SelectionOptions } from './types.js';

/** Optional hooks a caller (the Ink UI) can pass to replace the plain progress line. */
export interface CommandHooks {
  onProgress?: (e: CollectProgress) => void;
  /** the clock (tests) */
  now?: () => Date;
}

/**
 * `--level`, else L1, in a terminal and in CI alike: only the wizard reads saved preferences
 * (as suggestions), so `verify`, `plan`, `apply` and `rollback` depend on their flags,
 * environment and .sentryclirc alone.
 */
export const resolveLevel = (opts: { level?: Level }): Level => opts.level ?? 'L1';
export const levelOf = resolveLevel;

const SOURCE_WORD: Partial<Record<SourceKind, string>> = { default: 'default', prompt: 'prompt', preferences: 'saved preference' };

/** Where the URL, org and level of a run came from, for report headers. */
export function targetSources(credentials: Pick<Credentials, 'urlSource' | 'orgSource'> | undefined, opts: { level?: Level }): TargetSources {
  const label = (s: Source | undefined): string => (s ? (SOURCE_WORD[s.kind] ?? s.label) : 'prompt');
  return {
    url: credentials ? label(credentials.urlSource) : 'unknown',
    org: credentials ? label(credentials.orgSource) : 'unknown',
    level: opts.level ? '--level' : 'default',
  };
}

/** "URL … (SENTRY_URL) · org acme (--org) · level L2 (--level)" */
export function targetSummary(target: Pick<Target, 'baseUrl' | 'org'>, sources: TargetSources, level?: Level): string {
  return targetLine({ baseUrl: target.baseUrl, org: target.org, sources }, level);
}

const errText = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file';
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'EISDIR') return 'is a directory';
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
};

/** The policy of `--policy FILE` (defaults when absent). Every problem is one line, exit 2. */
export async function loadPolicy(opts: { policy?: string }, io: Io): Promise<Policy> {
  if (!opts.policy) return DEFAULT_POLICY;
  const file = path.resolve(io.cwd, opts.policy);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(`--policy ${opts.policy}: cannot read the file: ${errText(err)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(`--policy ${opts.policy}: not valid JSON: ${errText(err)}`);
  }
  try {
    const policy = parsePolicy(raw, `--policy ${opts.policy}`);
    validateAcceptedRisks(policy.acceptedRisks, `--policy ${opts.policy}`);
    return policy;
  } catch (err) {
    if (err instanceof PolicyError) throw new UserError(err.message.split('\n')[0] ?? err.message);
    throw err;
  }
}

/**
 * Write a whole file or nothing: a temporary file beside it (0600: reports name members),
 * flushed to disk, then renamed over the target.
 */
export async function writeFileAtomic(file: string, text: string | Iterable<string>, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', mode);
    if (typeof text === 'string') await handle.writeFile(text, 'utf8');
    // writeFile on an open handle continues at its position: the blocks follow one another
    else for (const block of batched(text)) await handle.writeFile(block, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, file);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** Write pieces to a stream, waiting whenever its buffer is full (a pipe to a slow reader). */
async function writeAll(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const block of batched(chunks)) {
    if (stream.write(block)) continue;
    await new Promise<void>((resolve) => {
      const go = (): void => {
        stream.off('drain', go).off('close', go).off('error', go);
        resolve();
      };
      stream.on('drain', go).on('close', go).on('error', go);
    });
  }
}

/**
 * The report goes to `--output FILE` (atomically) or to stdout. It may come in pieces (a JSON
 * report of a large org): they are written as they are made, never joined into one string.
 */
export async function emit(opts: { output?: string }, io: Io, text: string | Iterable<string>): Promise<void> {
  if (!opts.output) {
    if (typeof text === 'string') io.stdout.write(text);
    else await writeAll(io.stdout, text);
    return;
  }
  const file = path.resolve(io.cwd, opts.output);
  try {
    await writeFileAtomic(file, text);
  } catch (err) {
    throw new UserError(`--output ${opts.output}: cannot write the report: ${errText(err)}`);
  }
  // stdout stays empty (scripts may read it); say where the report went
  io.stderr.write(`sentry-harden: wrote the report to ${file}\n`);
}

/** Colour and width for a terminal renderer: colour only on a TTY without --no-color/NO_COLOR. */
export function terminalOptions(opts: { output?: string; color: boolean }, io: Io): TerminalOptions {
  const toFile = Boolean(opts.output);
  const tty = !toFile && io.stdout.isTTY === true;
  const color = tty && opts.color && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
  const columns = tty && typeof io.stdout.columns === 'number' && io.stdout.columns > 0 ? io.stdout.columns : 80;
  return { color, width: Math.min(columns, 120) };
}

/**
 * Columns to wrap human text at: the terminal's (80 when it does not say), or COLUMNS when the
 * stream is not a terminal; neither: undefined, lines stay whole for logs and scripts to grep.
 */
export function textColumns(stream: Pick<NodeJS.WriteStream, 'isTTY' | 'columns'>, env: Io['env']): number | undefined {
  if (stream.isTTY === true) return typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : 80;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}

/** Writes lines of human text to `stream`, each wrapped at word boundaries to `textColumns`. */
export function lineWriter(stream: NodeJS.WriteStream, env: Io['env']): (text: string) => void {
  const columns = textColumns(stream, env);
  return (text) => {
    const lines = columns === undefined ? [text] : text.split('\n').flatMap((l) => wrapLine(l, columns));
    stream.write(`${lines.join('\n')}\n`);
  };
}

/** A CI run (CI set, as CI services do, and not "false"/"0"): no progress in its logs. */
export function isCi(env: Io['env']): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * Progress is for a person watching a terminal: on stderr when it is a TTY, never in CI, and
 * never alongside machine-readable output (--json, --format json/sarif/junit).
 */
export function showsProgress(opts: Pick<ReportOptions, 'format' | 'json'>, io: Pick<Io, 'env' | 'stderr'>): boolean {
  if (io.stderr.isTTY !== true || isCi(io.env)) return false;
  return !opts.json && (opts.format === undefined || opts.format === 'table' || opts.format === 'markdown');
}

/**
 * A one-line textual progress on stderr while collecting (see `showsProgress`).
 * Returns the handler and a function that clears the line.
 */
export function progressLine(opts: Pick<ReportOptions, 'format' | 'json'>, io: Io): { onProgress: (e: CollectProgress) => void; done: () => void } {
  if (!showsProgress(opts, io)) return { onProgress: () => undefined, done: () => undefined };
  let last = 0;
  let shown = false;
  const width = Math.max(20, (io.stderr.columns ?? 80) - 1);
  return {
    onProgress: (e) => {
      const t = Date.now();
      if (t - last < 80 && e.done !== e.total) return;
      last = t;
      shown = true;
      const text = `Reading ${progressCounts(e)} · ${e.label}`;
      io.stderr.write(`\r\u001B[2K${cut(text, width)}`);
    },
    done: () => {
      if (shown) io.stderr.write('\r\u001B[2K');
    },
  };
}

export function printWarnings(io: Io, warnings: readonly string[]): void {
  for (const w of warnings) io.stderr.write(`sentry-harden: warning: ${w}\n`);
}

export interface Evaluation {
  level: Level;
  policy: Policy;
  target: Target;
  sources: TargetSources;
  state: OrgState;
  results: ControlResult[];
  generatedAt: string;
  /** the connected API (follow-up reads: the PII probe) */
  api: SentryApi;
}

/**
 * Policy and selection are checked before connecting, so a bad file or id fails fast
 * (exit 2) without a request; then connect, collect what the selected checks read, evaluate.
 */
export async function connectCollectEvaluate(
  opts: SelectionOptions & ConnectOptions & Pick<ReportOptions, 'format' | 'json'>,
  io: Io,
  command: CommandName,
  options: { needKeyStats: boolean; needProjects?: boolean },
  hooks: CommandHooks = {},
): Promise<Evaluation> {
  const level = resolveLevel(opts);
  const policy = await loadPolicy(opts, io);
  const checkIds = requireSelection(level, opts.only, opts.skip);
  const conn = await connect(opts, io, { command });
  printWarnings(io, conn.warnings);
  const progress = hooks.onProgress ? { onProgress: hooks.onProgress, done: () => undefined } : progressLine(opts, io);
  let state: OrgState;
  try {
    state = await collectOrgState(conn, {
      level,
      policy,
      checkIds: new Set(checkIds),
      needKeyStats: options.needKeyStats,
      ...(options.needProjects ? { needProjects: true } : {}),
      onProgress: progress.onProgress,
      now: hooks.now?.(),
    });
  } finally {
    progress.done();
  }
  const now = hooks.now?.() ?? new Date();
  const results = evaluate(state, policy, { level, only: opts.only, skip: opts.skip, now });
  return { level, policy, target: conn.target, sources: targetSources(conn.credentials, opts), state, results, generatedAt: now.toISOString(), api: conn.api };
}
