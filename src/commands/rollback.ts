// `sentry-harden rollback [SESSION] [--latest]`: live vs saved per entry, drift warnings, then
// restore in reverse order through the apply engine, as a new session that can be undone too.

import { createInterface } from 'node:readline/promises';
import { connect as defaultConnect } from '../config/connect.js';
import { UsageError, UserError } from '../errors.js';
import { selectChecks } from '../engine/evaluate.js';
import { executeRollback, planRollback, rollbackCounts } from '../engine/rollback.js';
import type { EngineEvent, RequestOutcome, RollbackItem } from '../engine/types.js';
import { renderRunJson, rollbackEntryNotSent, type RunEnd } from '../report/run-json.js';
import { toolVersion } from '../version.js';
import { show } from '../engine/values.js';
import { fieldText, valueText } from '../engine/resources/index.js';
import { defaultRegistry } from '../config/session-registry.js';
import { entryFile, openSnapshotStore, type SessionRegistry, type SessionSummary, type SnapshotSession, type SnapshotStore } from '../snapshots/store.js';
import type { Policy } from '../../steps/policy.js';
import { sessionLocks } from '../snapshots/lock.js';
import { outcomeLine, plainConfirm, snapshotsDirOf, type CommandConn } from './apply.js';
import { lineWriter, loadPolicy, printWarnings, targetSources, targetSummary } from './shared.js';
import type { Io, RollbackOptions } from './types.js';
import { humanTime, plural } from '../words.js';
import { newestFirst, sessionLabel } from '../snapshots/session-list.js';

export interface RollbackDeps {
  connect?: (opts: RollbackOptions, io: Io) => Promise<CommandConn>;
  confirm?: (question: string, io: Io) => Promise<boolean>;
  /** picks a session when none is named (TTY only); returns its folder or undefined */
  pick?: (sessions: SessionSummary[], io: Io) => Promise<string | undefined>;
  registry?: SessionRegistry | null;
}

/** A numbered list of the newest sessions and a line prompt (the Ink UI may replace it). */
export async function plainPick(sessions: SessionSummary[], io: Io): Promise<string | undefined> {
  const recent = newestFirst(sessions).slice(0, 15);
  recent.forEach((s, i) => io.stderr.write(`  ${String(i + 1).padStart(2)}  ${sessionLabel(s)}\n`));
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: false });
  try {
    const answer = (await rl.question('Roll back which session? (number, empty to cancel) ')).trim();
    const n = Number(answer);
    return Number.isInteger(n) && n >= 1 && n <= recent.length ? recent[n - 1]!.dir : undefined;
  } finally {
    rl.close();
  }
}

const STATE_LABEL: Record<RollbackItem['state'], string> = {
  restorable: 'restore',
  drifted: 'DRIFTED',
  'already-restored': 'already restored',
  'cannot-undo': 'cannot undo',
};

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export async function runRollback(opts: RollbackOptions, io: Io, deps: RollbackDeps = {}): Promise<number> {
  const out = lineWriter(io.stdout, io.env);
  const interactive = io.stdin.isTTY === true;
  // the Ink screens need a terminal on both ends; --plain and TERM=dumb keep line prompts
  const inkScreens = interactive && io.stdout.isTTY === true && !opts.plain;
  // a typo in --only would otherwise match no entry and report "nothing to restore"
  if (opts.only.length > 0) selectChecks('L3', opts.only);
  const registry = deps.registry === undefined ? defaultRegistry() : (deps.registry ?? undefined);
  const store = openSnapshotStore(snapshotsDirOf(opts, io), registry ? { registry } : {});

  // a bad policy file fails (exit 2) before anything is read or sent
  const policy = opts.policy ? await loadPolicy(opts, io) : undefined;
  const id = opts.session ?? opts.args[0];
  let sessionId: string;
  if (id) sessionId = id;
  else if (opts.latest) {
    const latest = await store.latest(opts.org ?? io.env.SENTRY_ORG);
    if (!latest) throw new UserError(`No snapshot session found in ${store.dir} or the recorded sessions.`);
    sessionId = latest.dir;
  } else if (interactive) {
    const sessions = (await store.listSessions()).filter((x) => !opts.org || x.org === opts.org);
    if (sessions.length === 0) throw new UserError(`No snapshot session found in ${store.dir} or the recorded sessions.`);
    const pick =
      deps.pick ??
      (inkScreens
        ? async (list: SessionSummary[]) => (await import('../ui/rollback-ui.js')).pickSessionInk(list, io, { color: opts.color })
        : plainPick);
    const picked = await pick(sessions, io);
    if (!picked) {
      out('Nothing was changed.');
      return 1;
    }
    sessionId = picked;
  } else {
    throw new UsageError('rollback needs a session id (see `sentry-harden snapshots`) or --latest');
  }
  // validated (schema, hashes) before anything is sent
  const session = await store.loadSession(sessionId);
  const manifest = session.manifest();

  // one writing run per organization and snapshot folder, before the live values are read
  const locks = opts.dryRun ? undefined : sessionLocks(store.dir, 'rollback', (note) => io.stderr.write(`${note}\n`));
  try {
    await locks?.take(manifest.org);
    return await rollbackUnderLock(opts, io, deps, store, session, policy, interactive, inkScreens);
  } finally {
    locks?.release();
  }
}

async function rollbackUnderLock(
  opts: RollbackOptions,
  io: Io,
  deps: RollbackDeps,
  store: SnapshotStore,
  session: SnapshotSession,
  policy: Policy | undefined,
  interactive: boolean,
  inkScreens: boolean,
): Promise<number> {
  // --json: stdout holds the one JSON document; what people read goes to stderr
  const out = lineWriter(opts.json ? io.stderr : io.stdout, io.env);
  const err = lineWriter(io.stderr, io.env);
  const manifest = session.manifest();
  const conn = await (deps.connect ?? ((o, i) => defaultConnect(o, i, { command: 'rollback' })))({ ...opts, org: opts.org ?? manifest.org }, io);
  printWarnings(io, conn.warnings);
  // without --org the session's organization is used (passed on as if it were --org)
  const sources = { ...targetSources(conn.credentials, {}), ...(opts.org ? {} : { org: 'snapshot session' }) };
  out(targetSummary(conn.target, { url: sources.url, org: sources.org }));
  if (conn.target.org !== manifest.org) {
    throw new UserError(`Session ${session.id} belongs to organization ${manifest.org}, but the connection is to ${conn.target.org}; pass --org ${manifest.org}.`);
  }
  if (hostOf(conn.target.baseUrl) !== hostOf(manifest.url)) {
    throw new UserError(`Session ${session.id} was recorded against ${manifest.url}, but the connection is to ${conn.target.baseUrl}; pass --url ${manifest.url}.`);
  }

  const plan = await planRollback(conn, session, { only: opts.only });
  const generatedAt = new Date().toISOString();
  const json = (end: RunEnd, outcomes: readonly RequestOutcome[], sent: ReadonlySet<RollbackItem>, message: string, sessionId?: string): void => {
    if (!opts.json) return;
    const notSent = plan.items
      .filter((i) => !sent.has(i))
      .map((i) => rollbackEntryNotSent(i, entryFile(session.dir, i.seq), i.state === 'restorable' || (i.state === 'drifted' && opts.forceDrifted) ? message : `${STATE_LABEL[i.state]}${i.message ? `: ${i.message}` : ''}`));
    io.stdout.write(renderRunJson({
      command: 'rollback', toolVersion: toolVersion(), target: { baseUrl: conn.target.baseUrl, org: conn.target.org, sources },
      generatedAt, ...(manifest.level ? { level: manifest.level } : {}), rollbackOf: session.id, end, outcomes, notSent,
      ...(sessionId ? { sessionId } : {}),
    }));
  };
  const none = new Set<RollbackItem>();
  out(`Rollback of session ${session.id} (${manifest.command} at ${manifest.level ?? '-'}, ${humanTime(manifest.startedAt)}, status ${manifest.status}) on ${manifest.org}`);
  for (const item of plan.items) {
    out(`  ${STATE_LABEL[item.state].padEnd(16)} #${item.seq} ${item.checkIds.join(',')} ${item.description}${item.message ? ` - ${item.message}` : ''}`);
    // values in words where the resource's adapter has them (an invitation's exists: withdrawn)
    const value = (field: string, v: unknown): string => valueText(item.target, field, v) ?? show(v);
    for (const f of item.fields) out(`      ${fieldText(item.target, f.field)}: live ${value(f.field, f.live)}, saved before ${value(f.field, f.before)}, session set ${value(f.field, f.after)}`);
  }
  for (const w of plan.warnings) err(`warning: ${w}`);
  if (plan.cannotUndo.length > 0) {
    err('The API cannot undo these effects:');
    for (const c of plan.cannotUndo) err(`  - ${c}`);
  }

  const { restore, drifted, driftedLeft } = rollbackCounts(plan, opts.forceDrifted);
  // drifted fields left as they are: the session is not fully undone (exit 1, as any pending change)
  if (driftedLeft > 0) err(`${plural(driftedLeft, 'drifted field')} left as ${driftedLeft === 1 ? 'it is' : 'they are'}; pass --force-drifted to overwrite ${driftedLeft === 1 ? 'it' : 'them'}.`);
  if (restore === 0) {
    out('Nothing to restore: every change is already restored, drifted or cannot be undone.');
    json('nothing-to-do', [], none, 'not restored');
    return driftedLeft > 0 ? 1 : 0;
  }
  const what = `${plural(restore, 'change')}${drifted > 0 ? (driftedLeft > 0 ? ` (${driftedLeft} drifted left as they are)` : ` (${drifted} drifted, forced)`) : ''}`;
  if (opts.dryRun) {
    out(`Dry run: nothing was changed (${what} would be restored).`);
    json('dry-run', [], none, 'dry run: not sent');
    return 1;
  }
  if (!opts.yes) {
    if (!interactive) throw new UserError('rollback changes the organization and needs confirmation: pass --yes to restore without a terminal.');
    const question = `Restore ${what} of ${manifest.org}?`;
    const ok = deps.confirm
      ? await deps.confirm(question, io)
      : inkScreens && !opts.json
        ? await (await import('../ui/rollback-ui.js')).confirmRollbackInk(plan, io, { forceDrifted: opts.forceDrifted, color: opts.color })
        : await plainConfirm(question, io);
    if (!ok) {
      out('Nothing was changed.');
      json('declined', [], none, 'declined: not sent');
      return 1;
    }
  }

  const newSession = await store.startSession({ org: manifest.org, url: conn.target.baseUrl, level: manifest.level, command: 'rollback', rollbackOf: session.id });
  out(`Snapshot session ${newSession.id} (${newSession.dir})`);
  const onEvent = (e: EngineEvent): void => {
    if (e.type === 'request-finished') out(outcomeLine(e.outcome));
    if (e.type === 'control-stopped') err(`control ${e.controlId} stopped: ${e.reason}`);
  };
  const result = await executeRollback(conn, plan, newSession, {
    forceDrifted: opts.forceDrifted,
    only: opts.only,
    onEvent,
    ...(policy ? { policy } : {}),
  });
  const ok = result.outcomes.every((o) => o.status === 'applied');
  out(ok ? `Restored ${plural(result.outcomes.length, 'request')}.` : 'Some entries could not be restored (see above); run rollback again after fixing the cause.');
  json('done', result.outcomes, new Set(plan.items.filter((i) => i.state === 'restorable' || (i.state === 'drifted' && opts.forceDrifted))), 'not sent', newSession.id);
  if (plan.cannotUndo.length > 0) {
    out('Still to do by hand:');
    for (const c of plan.cannotUndo) out(`  - ${c}`);
  }
  return ok && driftedLeft === 0 ? 0 : 1;
}

export const rollback = (opts: RollbackOptions, io: Io): Promise<number> => runRollback(opts, io);
