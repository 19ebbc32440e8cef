// `sentry-harden apply`: the non-interactive apply of the plan (DESIGN.md "CLI contract").
// Prints the plan, applies it through the engine (journal -> request -> read back), then
// re-collects and verifies the touched checks and prints before -> after.

import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { connect as defaultConnect } from '../config/connect.js';
import { UsageError, UserError } from '../errors.js';
import { findCheck } from '../../steps/index.js';
import { applyPlan, allowFlagFor, needsOptIn, preflight } from '../engine/apply.js';
import { evaluate, plannedChanges, requireSelection } from '../engine/evaluate.js';
import type { EngineEvent, RequestOutcome } from '../engine/types.js';
import { show } from '../engine/values.js';
import type { SentryApi, Whoami } from '../sentry/types.js';
import { defaultRegistry } from '../config/session-registry.js';
import { openSnapshotStore, type SessionRegistry } from '../snapshots/store.js';
import { collectOrgState } from '../state/collect.js';
import type { Target } from '../state/types.js';
import type { CheckStatus, ControlResult, PlannedChange, ResourceRef } from '../../steps/types.js';
import { levelOf, loadPolicy, printWarnings, targetSources, targetSummary } from './shared.js';
import type { Credentials } from '../config/credentials.js';
import type { GlobalOptions, Io } from './types.js';

export interface CommandConn {
  api: SentryApi;
  target: Target;
  whoami: Whoami;
  warnings: string[];
  /** where the URL and org came from (report headers); absent for injected connections */
  credentials?: Pick<Credentials, 'urlSource' | 'orgSource'>;
}

export interface ApplyDeps {
  connect?: (opts: GlobalOptions, io: Io) => Promise<CommandConn>;
  /** asks yes/no; default a plain line prompt on the terminal */
  confirm?: (question: string, io: Io) => Promise<boolean>;
  registry?: SessionRegistry | null;
  now?: () => Date;
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

export function snapshotsDirOf(opts: GlobalOptions, io: Io): string {
  return path.resolve(io.cwd, opts.snapshotsDir ?? 'snapshots');
}

export function describeTarget(t: ResourceRef): string {
  switch (t.type) {
    case 'member':
    case 'invitation':
      return `${t.type} ${t.email}`;
    case 'key':
      return `key ${t.name ?? t.id.slice(0, 8)} (${t.project})`;
    case 'filter':
      return `filter ${t.id} (${t.project})`;
    case 'project-team':
      return `team ${t.id} on ${t.project}`;
    default:
      return `${t.type} ${t.id}`;
  }
}

export function planLine(c: PlannedChange): string {
  const risk = c.risk === 'none' ? '' : ` [${c.risk}]`;
  return `  ${c.checkId.padEnd(7)} ${describeTarget(c.target)} ${c.field}: ${show(c.before)} -> ${show(c.after)}${risk}`;
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

export async function runApply(opts: GlobalOptions, io: Io, deps: ApplyDeps = {}): Promise<number> {
  const out = (s: string): void => void io.stdout.write(`${s}\n`);
  const err = (s: string): void => void io.stderr.write(`${s}\n`);
  const interactive = io.stdin.isTTY === true;
  if (!opts.yes && !opts.dryRun && !interactive) {
    throw new UserError('apply changes the organization and needs confirmation: pass --yes to apply without a terminal (or --dry-run to only print the plan).');
  }
  // policy and selection fail fast (exit 2) before any request
  const policy = await loadPolicy(opts, io);
  const level = levelOf(opts);
  const checkIds = new Set(requireSelection(level, opts.only, opts.skip));
  // a typo in an opt-in must not pass silently (the change would only be held back, but the
  // person would believe it was allowed)
  for (const id of opts.allowRisky) {
    const found = findCheck(id);
    if (!found) throw new UsageError(`--allow-risky: "${id}" is not a check id (e.g. 2.3.1; see \`sentry-harden controls\`)`);
    if (found.check.risk !== 'risky') throw new UsageError(`--allow-risky: ${id} has no risky changes; it is applied with --yes alone`);
  }
  const conn = await (deps.connect ?? ((o, i) => defaultConnect(o, i, { command: 'apply' })))(opts, io);
  printWarnings(io, conn.warnings);
  out(targetSummary(conn.target, targetSources(conn.credentials, opts), level));
  const now = deps.now?.() ?? new Date();

  const state = await collectOrgState(conn, { level, policy, checkIds, needKeyStats: true, now });
  const results = evaluate(state, policy, { level, only: opts.only, skip: opts.skip, now });
  const changes = plannedChanges(results);
  const before = checkStatuses(results);

  const guidedMissing = results.flatMap((c) => c.checks.filter((k) => k.status === 'fail' && k.missingParameter && (k.changes ?? []).length === 0));
  for (const k of guidedMissing) err(`note: ${k.id} needs the policy parameter "${k.missingParameter}" (--policy FILE) to be applied.`);

  if (changes.length === 0) {
    out(`Nothing to apply at ${level} for ${conn.target.org}.`);
    return 0;
  }

  const allowRisky = new Set(opts.allowRisky);
  if (opts.allowMemberRemoval) allowRisky.add('1.2.1');
  out(`Plan for ${conn.target.org} at ${level}: ${changes.length} change(s)`);
  for (const c of changes) out(planLine(c));
  const held = changes.filter((c) => needsOptIn(c, state) && !allowRisky.has(c.checkId));
  for (const id of new Set(held.map((c) => c.checkId))) err(`held back: ${id} is risky; run again with ${allowFlagFor(id)} to apply it.`);
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
    out('Dry run: nothing was changed.');
    return 1;
  }
  if (!opts.yes) {
    const ok = await (deps.confirm ?? plainConfirm)(`Apply ${changes.length - held.length} change(s) to ${conn.target.org}?`, io);
    if (!ok) {
      out('Nothing was changed.');
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
  const outcomes = await applyPlan(conn, state, changes, session, { allowRisky, onEvent, policy });

  const touched = [...new Set(outcomes.filter((o) => o.status === 'applied' || o.status === 'not-effective').flatMap((o) => o.request.checkIds))];
  let verifiedOk = true;
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
    }
  }
  const counts = (s: RequestOutcome['status']): number => outcomes.filter((o) => o.status === s).length;
  out(
    `Applied ${counts('applied')}, not effective ${counts('not-effective')}, failed ${counts('failed')}, held back ${counts('held-back')}, skipped ${counts('skipped')}.`,
  );
  out(`Undo with: sentry-harden rollback ${session.id}`);
  return outcomes.every((o) => o.status === 'applied') && verifiedOk ? 0 : 1;
}

export const apply = (opts: GlobalOptions, io: Io): Promise<number> => runApply(opts, io);
