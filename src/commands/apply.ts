// `sentry-harden apply`: the non-interactive apply of the plan (DESIGN.md "CLI contract").
// Prints the plan, applies it through the engine (journal -> request -> read back), then
// re-collects and verifies the touched checks and prints before -> after.

import { describeResource, fieldText, valueText } from '../engine/resources/index.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { connect as defaultConnect } from '../config/connect.js';
import { UsageError, UserError } from '../errors.js';
import { findCheck } from '../../steps/index.js';
import { applyPlan, groupIntoRequests, heldBackFlag, preflight } from '../engine/apply.js';
import { parseSavedPlan, staleFields, staleLine, toPlannedChange, type SavedPlan } from '../engine/saved-plan.js';
import { renderRunJson, type RunEnd, type RunJsonInput } from '../report/run-json.js';
import { toolVersion } from '../version.js';
import { evaluate, plannedChanges, requireSelection } from '../engine/evaluate.js';
import { expiredAcceptances, leftAlone, leftAloneText } from '../report/plan.js';
import { acceptanceText } from '../report/summary.js';
import type { EngineEvent, RequestOutcome } from '../engine/types.js';
import { show } from '../engine/values.js';
import type { SentryApi, Whoami } from '../sentry/types.js';
import { defaultRegistry } from '../config/session-registry.js';
import { sessionLocks, type SessionLocks } from '../snapshots/lock.js';
import { openSnapshotStore, type SessionRegistry } from '../snapshots/store.js';
import { collectOrgState } from '../engine/collect.js';
import type { Target } from '../state/types.js';
import type { CheckStatus, ControlResult, PlannedChange, ResourceRef } from '../../steps/types.js';
import { levelOf, lineWriter, loadPolicy, printWarnings, targetSources, targetSummary } from './shared.js';
import type { Credentials } from '../config/credentials.js';
import type { ApplyOptions, Io } from './types.js';
import { plural } from '../words.js';

export interface CommandConn {
  api: SentryApi;
  target: Target;
  whoami: Whoami;
  warnings: string[];
  /** where the URL and org came from (report headers); absent for injected connections */
  credentials?: Pick<Credentials, 'urlSource' | 'orgSource'>;
}

export interface ApplyDeps {
  connect?: (opts: ApplyOptions, io: Io) => Promise<CommandConn>;
  /** asks yes/no; default a plain line prompt on the terminal */
  confirm?: (question: string, io: Io) => Promise<boolean>;
  registry?: SessionRegistry | null;
  now?: () => Date;
  /** Ctrl+C / SIGTERM while requests run: registers the handler, returns its release (tests) */
  onInterrupt?: (handler: () => void) => () => void;
}

/**
 * SIGINT and SIGTERM for as long as requests run: a second signal does not cut a write short.
 * The handler runs once however many signals arrive: one Ctrl+C can be delivered twice (to the
 * process group by the terminal and again by a parent that relays it, e.g. tsx or npm).
 */
export function processSignals(handler: () => void, signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): () => void {
  let fired = false;
  const once = (): void => {
    if (fired) return;
    fired = true;
    handler();
  };
  for (const s of signals) process.on(s, once);
  return () => {
    for (const s of signals) process.off(s, once);
  };
}


export async function plainConfirm(question: string, io: Io): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: false });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export function snapshotsDirOf(opts: { snapshotsDir?: string }, io: Io): string {
  return path.resolve(io.cwd, opts.snapshotsDir ?? 'snapshots');
}


export function planLine(c: PlannedChange): string {
  const risk = c.risk === 'none' ? '' : ` [${c.risk}]`;
  const value = (v: unknown): string => valueText(c.target, c.field, v) ?? show(v);
  return `  ${c.checkId.padEnd(7)} ${describeResource(c.target)} ${fieldText(c.target, c.field)}: ${value(c.before)} -> ${value(c.after)}${risk}`;
}

const STATUS_LABEL: Record<RequestOutcome['status'], string> = {
  applied: 'applied',
  'not-effective': 'not effective',
  failed: 'failed',
  'held-back': 'held back',
  skipped: 'skipped',
};

export function outcomeLine(o: RequestOutcome): string {
  const msg = o.status === 'held-back' ? ` (needs ${o.heldBackFlag})` : o.message ? `: ${o.message}` : '';
  const fe = o.fieldErrors ? '' : '';
  return `  ${STATUS_LABEL[o.status].padEnd(13)} ${o.request.checkIds.join(',')} ${o.request.description}${msg}${fe}`;
}

function checkStatuses(results: readonly ControlResult[]): Map<string, CheckStatus> {
  return new Map(results.flatMap((c) => c.checks.map((k) => [k.id, k.status] as const)));
}

export async function runApply(opts: ApplyOptions, io: Io, deps: ApplyDeps = {}): Promise<number> {
  // one writing run per organization and snapshot folder; a dry run writes nothing and takes none
  const locks = opts.dryRun ? undefined : sessionLocks(snapshotsDirOf(opts, io), 'apply', (note) => io.stderr.write(`${note}\n`));
  try {
    return await applyUnderLock(opts, io, deps, locks);
  } finally {
    locks?.release();
  }
}

/** `apply FILE`: the saved plan, read and checked before connecting (one line, exit 2). */
async function readPlanFile(file: string, io: Io): Promise<SavedPlan> {
  let text: string;
  try {
    text = await fs.readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (e) {
    throw new UserError(`${file}: cannot read the plan file: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
  return parseSavedPlan(text, file);
}

/** Requests that were not sent (dry run, declined, all held back), for the JSON document. */
function unsent(changes: readonly PlannedChange[], heldFlag: ReadonlyMap<PlannedChange, string | undefined>, message: string): RequestOutcome[] {
  return groupIntoRequests(changes).map((request) => {
    const flag = request.changes.map((c) => heldFlag.get(c)).find((f) => f !== undefined);
    return flag ? { request, status: 'held-back', heldBackFlag: flag, message: `needs ${flag}` } : { request, status: 'skipped', message };
  });
}

async function applyUnderLock(opts: ApplyOptions, io: Io, deps: ApplyDeps, locks: SessionLocks | undefined): Promise<number> {
  // --json: stdout holds the one JSON document; what people read goes to stderr
  const out = lineWriter(opts.json ? io.stderr : io.stdout, io.env);
  const err = lineWriter(io.stderr, io.env);
  const interactive = io.stdin.isTTY === true;
  const planFile = opts.args[0];
  if (planFile !== undefined) {
    const given = (['level', 'only', 'skip', 'policy'] as const).filter((k) => (Array.isArray(opts[k]) ? (opts[k] as string[]).length > 0 : opts[k] !== undefined));
    if (given.length > 0) throw new UsageError(`apply ${planFile} takes the level, selection and policy from the plan file; drop ${given.map((k) => `--${k}`).join(', ')}`);
  }
  if (!opts.yes && !opts.dryRun && !interactive) {
    throw new UserError('apply changes the organization and needs confirmation: pass --yes to apply without a terminal (or --dry-run to only print the plan).');
  }
  // the plan file, policy and selection fail fast (exit 2) before any request
  const saved = planFile !== undefined ? await readPlanFile(planFile, io) : undefined;
  const policy = saved ? saved.policy : await loadPolicy(opts, io);
  const level = saved ? saved.level : levelOf(opts);
  const only = saved ? saved.selection.only : opts.only;
  const skip = saved ? saved.selection.skip : opts.skip;
  const checkIds = new Set(requireSelection(level, only, skip));
  // a typo in an opt-in must not pass silently (the change would only be held back, but the
  // person would believe it was allowed)
  for (const id of opts.allowRisky) {
    const found = findCheck(id);
    if (!found) throw new UsageError(`--allow-risky: "${id}" is not a check id (e.g. 2.3.1; see \`sentry-harden controls\`)`);
    if (found.check.risk !== 'risky') throw new UsageError(`--allow-risky: ${id} has no risky changes; it is applied with --yes alone`);
  }
  // without --org a saved plan's organization is used (as rollback uses the session's)
  const connOpts = saved ? { ...opts, org: opts.org ?? saved.target.org } : opts;
  const conn = await (deps.connect ?? ((o, i) => defaultConnect(o, i, { command: 'apply', ...(locks ? { beforeOrgRead: locks.take } : {}) })))(connOpts, io);
  // the canonical slug (and a connection made without the hook) is locked before the state is read
  await locks?.take(conn.target.org);
  printWarnings(io, conn.warnings);
  const found = targetSources(conn.credentials, saved ? { level } : opts);
  // without --org the plan file named the organization (passed on as if it were --org)
  const sources = saved ? { ...found, level: planFile!, ...(opts.org ? {} : { org: 'plan file' }) } : found;
  out(targetSummary(conn.target, sources, level));
  if (saved && (conn.target.org !== saved.target.org || normalUrl(conn.target.baseUrl) !== normalUrl(saved.target.url))) {
    throw new UserError(`${planFile}: the plan is for organization ${saved.target.org} at ${saved.target.url}, but this run targets ${conn.target.org} at ${conn.target.baseUrl}; pass --url/--org of the plan`);
  }
  const now = deps.now?.() ?? new Date();
  const json = (end: RunEnd, outcomes: readonly RequestOutcome[], sessionId?: string, verify?: RunJsonInput['verify']): void => {
    if (!opts.json) return;
    io.stdout.write(renderRunJson({
      command: 'apply', toolVersion: toolVersion(), target: { baseUrl: conn.target.baseUrl, org: conn.target.org, sources },
      generatedAt: now.toISOString(), level, end, outcomes,
      ...(sessionId ? { sessionId } : {}), ...(planFile !== undefined ? { planFile } : {}), ...(verify ? { verify } : {}),
    }));
  };

  const state = await collectOrgState(conn, { level, policy, checkIds, needKeyStats: true, now });
  const results = evaluate(state, policy, { level, only, skip, now });
  const before = checkStatuses(results);
  let changes: PlannedChange[];
  if (saved) {
    // Terraform's stale plan: every planned field must still hold its planned "before" value
    const stale = await staleFields(conn, saved);
    if (stale.length > 0) {
      throw new UserError(`${planFile}: the plan is stale, nothing was written: ${staleLine(stale)}; save the plan again`);
    }
    changes = saved.changes.map(toPlannedChange);
  } else {
    changes = plannedChanges(results);
    const guidedMissing = results.flatMap((c) => c.checks.filter((k) => k.status === 'fail' && k.missingParameter && (k.changes ?? []).length === 0));
    for (const k of guidedMissing) err(`note: ${k.id} needs the policy parameter "${k.missingParameter}" (--policy FILE) to be applied.`);
  }

  // accepted risks of the policy: evaluate() left their changes out; say so, and which expired
  for (const l of leftAlone(results)) out(`left alone: ${leftAloneText(l)}`);
  for (const e of expiredAcceptances(results)) err(`note: ${e.checkId}: ${e.acceptances.map((a) => acceptanceText(a, true)).join('; ')}; planned again`);

  if (changes.length === 0) {
    out(`Nothing to apply at ${level} for ${conn.target.org}.`);
    json('nothing-to-do', []);
    return 0;
  }

  const allowRisky = new Set(opts.allowRisky);
  // one unit everywhere: a change is one field of one resource; held-back ones are counted apart
  const heldFlag = new Map(changes.map((c) => [c, heldBackFlag(c, state, allowRisky)] as const));
  const held = changes.filter((c) => heldFlag.get(c) !== undefined);
  const toApply = changes.length - held.length;
  out(`Plan for ${conn.target.org} at ${level}: ${plural(toApply, 'change')} to apply${held.length ? `, ${held.length} held back` : ''}`);
  for (const c of changes) out(`${planLine(c)}${heldFlag.get(c) ? ' (held back)' : ''}`);
  const heldByFlag = new Map<string, number>();
  for (const c of held) {
    const flag = heldFlag.get(c)!;
    heldByFlag.set(flag, (heldByFlag.get(flag) ?? 0) + 1);
  }
  for (const [flag, n] of heldByFlag) {
    const why = flag.endsWith('3.2.4') ? 'the old key stays active until the new DSN is deployed' : 'risky';
    err(`held back: ${plural(n, 'change')} (${why}); run again with ${flag} to apply ${n === 1 ? 'it' : 'them'}.`);
  }
  const pf = preflight(state, changes.filter((c) => !held.includes(c)), policy);
  for (const w of pf.warnings) err(`warning: ${w}`);
  for (const b of pf.blockers) err(`refused: ${b}`);
  const consequences = new Map<string, number>();
  for (const c of changes) {
    if (!c.consequence || held.includes(c)) continue;
    const k = `${c.checkId}): ${c.consequence}`;
    consequences.set(k, (consequences.get(k) ?? 0) + 1);
  }
  for (const [k, n] of consequences) err(`consequence (${k}${n > 1 ? ` (${n} resources)` : ''}`);

  if (opts.dryRun) {
    out(`Dry run: nothing was changed (${plural(toApply, 'change')} would be applied${held.length ? `, ${held.length} held back` : ''}).`);
    json('dry-run', unsent(changes, heldFlag, 'dry run: not sent'));
    return 1;
  }
  if (toApply === 0) {
    out('Nothing was changed: every change is held back.');
    json('all-held-back', unsent(changes, heldFlag, 'held back'));
    return 1;
  }
  if (!opts.yes) {
    const ok = await (deps.confirm ?? plainConfirm)(`Apply ${plural(toApply, 'change')} to ${conn.target.org}${held.length ? ` (${held.length} held back)` : ''}?`, io);
    if (!ok) {
      out('Nothing was changed.');
      json('declined', unsent(changes, heldFlag, 'declined: not sent'));
      return 1;
    }
  }

  const registry = deps.registry === undefined ? defaultRegistry() : (deps.registry ?? undefined);
  const store = openSnapshotStore(snapshotsDirOf(opts, io), registry ? { registry } : {});
  const session = await store.startSession({ org: conn.target.org, url: conn.target.baseUrl, level, command: 'apply' });
  out(`Snapshot session ${session.id} (${session.dir})`);
  const onEvent = (e: EngineEvent): void => {
    if (e.type === 'request-finished') out(outcomeLine(e.outcome));
    if (e.type === 'control-stopped') err(`control ${e.controlId} stopped: ${e.reason}`);
  };
  // Ctrl+C / SIGTERM: the request in flight finishes and is journaled, nothing more is sent,
  // the session ends as partial, and the person learns what was applied and how to undo it
  const abort = new AbortController();
  const release = (deps.onInterrupt ?? processSignals)(() => {
    // idempotent also when a caller registers it (deps.onInterrupt) without processSignals
    if (!abort.signal.aborted) err('Stopping after the request in flight...');
    abort.abort();
  });
  let outcomes: RequestOutcome[];
  try {
    outcomes = await applyPlan(conn, state, changes, session, { allowRisky, onEvent, policy, signal: abort.signal });
  } finally {
    release();
  }
  const changesWith = (s: RequestOutcome['status']): number =>
    outcomes.filter((o) => o.status === s).reduce((n, o) => n + o.request.changes.length, 0);
  const summary = (): string =>
    `Changes: ${changesWith('applied')} applied, ${changesWith('not-effective')} not effective, ${changesWith('failed')} failed, ` +
    `${changesWith('held-back')} held back, ${changesWith('skipped')} skipped (in ${plural(outcomes.length, 'request')}).`;
  const undo = (): void => {
    if (changesWith('applied') + changesWith('not-effective') + changesWith('failed') > 0) out(`Undo with: sentry-harden rollback ${session.id}`);
  };
  if (abort.signal.aborted) {
    out(`Interrupted: session ${session.id} is partial.`);
    out(summary());
    undo();
    json('interrupted', outcomes, session.id);
    return 130;
  }

  const touched = [...new Set(outcomes.filter((o) => o.status === 'applied' || o.status === 'not-effective').flatMap((o) => o.request.checkIds))];
  let verifiedOk = true;
  const verify: NonNullable<RunJsonInput['verify']> = [];
  if (touched.length > 0) {
    // a fresh read: not the organization remembered from connecting
    const fresh = { api: conn.api, target: conn.target, whoami: conn.whoami };
    const state2 = await collectOrgState(fresh, { level, policy, checkIds: new Set(touched), now: new Date() });
    const after = checkStatuses(evaluate(state2, policy, { level, only: touched, now: new Date() }));
    out('Verify:');
    for (const id of touched) {
      const a = after.get(id) ?? 'error';
      if (a === 'fail' || a === 'error') verifiedOk = false;
      out(`  ${id.padEnd(7)} ${before.get(id) ?? '?'} -> ${a}`);
      verify.push({ checkId: id, before: before.get(id) ?? 'unknown', after: a });
    }
  }
  out(summary());
  undo();
  json('done', outcomes, session.id, verify);
  return outcomes.every((o) => o.status === 'applied') && verifiedOk ? 0 : 1;
}

/** Scheme, host and path without a trailing slash: how a plan's URL and the run's are compared. */
const normalUrl = (u: string): string => u.trim().replace(/\/+$/, '').toLowerCase();

export const apply = (opts: ApplyOptions, io: Io): Promise<number> => runApply(opts, io);
