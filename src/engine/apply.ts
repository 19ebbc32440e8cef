// The apply engine (DESIGN.md "Data flow" step 6): for each API request, write the journal
// entry first, send, read the resource back and record applied / not effective / failed.
// Every safety rule of DESIGN.md is enforced here, whatever the caller planned.

import type { OrgState } from '../state/types.js';
import type { SnapshotSession } from '../snapshots/store.js';
import type { JournalEntry } from '../snapshots/schema.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import type { PlannedChange } from '../../steps/types.js';
import { groupIntoRequests } from './group.js';
import { ABSENT, LiveReader, type LiveValue } from './live.js';
import { allowFlagFor } from './opt-in.js';
import { preflight } from './preflight.js';
import { readLive, writerOf, type Prepared, type Readback } from './resources/index.js';
import { LocalRefusal } from './resources/fields.js';
import type { ApiRequest, ApplyOptions, Conn, EngineEvent, RequestOutcome } from './types.js';
import { sameValue, show } from './values.js';

export { groupIntoRequests } from './group.js';
export { preflight } from './preflight.js';
export type { Conn } from './types.js';

export { allowFlagFor } from './opt-in.js';

/**
 * Does this change need its own opt-in (--allow-risky ID) with --yes?
 * Creating a rotation key takes nothing away; `require2FA: true` needs --allow-risky 1.2.1
 * only when it would turn someone into a pending invitation (the engine re-checks that on the
 * live member list before sending).
 */
/** A rotation's old key is deactivated only once the new DSN is deployed (POLICY 3.2.4). */
export const waitsForDeploy = (c: PlannedChange): boolean => c.field === 'isActive' && typeof c.context?.afterCreateOf === 'string';

/**
 * Why `applyPlan` will hold this change back (the flag that releases it), or undefined: one
 * home for the rule, so the plan, the prompt and the summary of `apply` count the same changes.
 */
export function heldBackFlag(c: PlannedChange, state: OrgState, allowRisky: ReadonlySet<string>, rotationDeployed = false): string | undefined {
  if (!rotationDeployed && waitsForDeploy(c)) return allowFlagFor('3.2.4');
  return needsOptIn(c, state) && !allowRisky.has(c.checkId) ? allowFlagFor(c.checkId) : undefined;
}

export function needsOptIn(c: PlannedChange, state: OrgState): boolean {
  if (c.risk !== 'risky') return false;
  if (writerOf(c.target.type)?.needsNoOptIn?.(c)) return false;
  if (c.target.type === 'organization' && c.field === 'require2FA' && c.after === true && state.members.ok) {
    return preflight(state, [c], DEFAULT_POLICY).removedBy2fa.length > 0;
  }
  return true;
}

function errorInfo(e: unknown): { message: string; fieldErrors?: Record<string, string[]>; uncertain: boolean } {
  if (e && typeof e === 'object' && 'kind' in e) {
    const err = e as { kind: string; message: string; fieldErrors?: Record<string, string[]> };
    const uncertain = err.kind === 'network' || err.kind === 'timeout' || err.kind === 'server' || err.kind === 'bad_response';
    return { message: err.message, ...(err.fieldErrors ? { fieldErrors: err.fieldErrors } : {}), uncertain };
  }
  return { message: e instanceof Error ? e.message : String(e), uncertain: true };
}

function fieldMessages(fe: Record<string, string[]> | undefined): string {
  if (!fe) return '';
  return Object.entries(fe)
    .map(([k, v]) => `${k}: ${v.join(' ')}`)
    .join('; ');
}

/** The resource's writer reads the live values and builds the journaled request. */
async function prepare(
  conn: Conn,
  reader: LiveReader,
  req: ApiRequest,
  session: SnapshotSession,
  allowRisky: ReadonlySet<string>,
): Promise<Prepared> {
  const t = req.target;
  const writer = writerOf(t.type);
  if (!writer) return { fields: [], localError: `sentry-harden cannot change a ${t.type}` };
  try {
    return await writer.prepare({ conn, reader, req, target: t, session, allowRisky });
  } catch (e) {
    if (e instanceof LocalRefusal) return { fields: [], localError: e.message };
    throw e;
  }
}

async function readBack(conn: Conn, req: ApiRequest, prepared: Prepared): Promise<Readback> {
  const reader = new LiveReader(conn.api, conn.target.org);
  const t = req.target;
  const writer = writerOf(t.type);
  const own = await writer?.readBack?.(reader, t, prepared);
  if (own) return own;
  const ignored: Readback['ignored'] = [];
  let noneChanged = true;
  for (const f of prepared.fields) {
    const live = await readLive(reader, t, f.field, f.resource);
    const isAfter = live !== ABSENT ? sameValue(f.field, live, f.after) : writer?.absentMeansAfter?.(f.field, f.after) === true;
    if (!isAfter) ignored.push({ field: f.resource ? `${f.resource}:${f.field}` : f.field, live });
    if (live === ABSENT || !sameValue(f.field, live, f.before)) noneChanged = false;
  }
  ignored.push(...((await writer?.readBackExtra?.(conn, t, prepared)) ?? []));
  return { allAfter: ignored.length === 0, noneChanged, ignored };
}

async function whyIgnored(conn: Conn, req: ApiRequest, field: string, live: LiveValue, state: OrgState): Promise<string> {
  const own = await writerOf(req.target.type)?.whyIgnored?.(conn, req, req.target, field, live, state);
  if (own !== undefined) return own;
  if (live === ABSENT) return `${field}: the resource no longer exists`;
  return `${field}: the server ignored it and kept ${show(live)} (unknown or unsupported setting on this server)`;
}

function entryStatusOf(o: RequestOutcome['status']): JournalEntry['status'] {
  return o === 'applied' ? 'applied' : o === 'not-effective' ? 'not-effective' : 'failed';
}

/**
 * Apply the plan through `session`. Requests run one at a time in plan order; a failed request
 * stops the rest of its control, not the session. Finishes the session (unless keepSessionOpen).
 */
export async function applyPlan(
  conn: Conn,
  state: OrgState,
  changes: PlannedChange[],
  session: SnapshotSession,
  opts: ApplyOptions,
): Promise<RequestOutcome[]> {
  const emit = (e: EngineEvent): void => opts.onEvent?.(e);
  // with keepSessionOpen the caller owns the session's lifecycle and its events
  if (!opts.keepSessionOpen) emit({ type: 'session-started', sessionId: session.id, dir: session.dir });
  const requests = groupIntoRequests(changes);
  const outcomes: RequestOutcome[] = [];
  const stoppedControls = new Map<string, string>();
  /** old keys whose rotation key was not created as planned */
  const missingReplacement = new Set<string>();
  let aborted = false;

  // A key rotation deactivates the old key only once the new DSN is deployed: never in the run
  // that creates the replacement (POLICY 3.2.4), unless the person confirmed it in the wizard.
  const requestWaits = (r: ApiRequest): boolean => !opts.rotationDeployed && r.changes.some(waitsForDeploy);
  const held = (r: ApiRequest): string | undefined => {
    for (const c of r.changes) {
      const flag = heldBackFlag(c, state, opts.allowRisky, opts.rotationDeployed);
      if (flag) return flag;
    }
    return undefined;
  };
  const toRun = requests.filter((r) => !held(r));
  const pf = preflight(state, toRun.flatMap((r) => r.changes), opts.policy ?? DEFAULT_POLICY);
  const refused = new Set(pf.refusedChecks);

  const finish = (o: RequestOutcome): void => {
    outcomes.push(o);
    emit({ type: 'request-finished', outcome: o });
  };

  for (const req of requests) {
    const flag = held(req);
    if (flag) {
      const message = requestWaits(req)
        ? `the old key stays active until the new DSN is deployed: run again later with ${flag} to deactivate it`
        : `risky change held back: run again with ${flag} to apply it`;
      finish({ request: req, status: 'held-back', heldBackFlag: flag, message });
      continue;
    }
    const refusedCheck = req.checkIds.find((id) => refused.has(id));
    if (refusedCheck) {
      const why = req.checkIds.flatMap((id) => pf.reasons[id] ?? []).join(' ');
      finish({ request: req, status: 'skipped', message: `refused by pre-flight: ${why}` });
      continue;
    }
    if (aborted || opts.signal?.aborted) {
      aborted = true;
      finish({ request: req, status: 'skipped', message: 'stopped before this request' });
      continue;
    }
    const stopped = stoppedControls.get(req.controlId);
    if (stopped) {
      finish({ request: req, status: 'skipped', message: `control ${req.controlId} stopped: ${stopped}` });
      continue;
    }
    const orphaned = req.changes.find((c) => c.field === 'isActive' && typeof c.context?.afterCreateOf === 'string' && missingReplacement.has(c.context.afterCreateOf));
    if (orphaned) {
      finish({ request: req, status: 'skipped', message: 'the replacement key was not created as planned, so the old key stays active' });
      continue;
    }
    emit({ type: 'request-started', request: req });
    const outcome = await runRequest(conn, state, req, session, opts);
    finish(outcome);
    // an old key is deactivated only after its replacement is in place (not merely "not failed")
    for (const c of req.changes) {
      if (c.field !== 'create' || outcome.status === 'applied') continue;
      missingReplacement.add(typeof c.context?.rotates === 'string' ? c.context.rotates : c.target.id.replace(/^rotation-of-/, ''));
    }
    if (outcome.status === 'failed') {
      const reason = `${req.description} failed: ${outcome.message ?? ''}`.trim();
      stoppedControls.set(req.controlId, reason);
      emit({ type: 'control-stopped', controlId: req.controlId, reason });
    }
  }

  const status = aborted || outcomes.some((o) => o.status === 'failed') ? 'partial' : 'complete';
  if (!opts.keepSessionOpen) {
    await session.finish(status);
    emit({ type: 'session-finished', sessionId: session.id, status });
  }
  return outcomes;
}

async function runRequest(conn: Conn, state: OrgState, req: ApiRequest, session: SnapshotSession, opts: ApplyOptions): Promise<RequestOutcome> {
  let prepared: Prepared;
  try {
    prepared = await prepare(conn, new LiveReader(conn.api, conn.target.org), req, session, opts.allowRisky);
  } catch (e) {
    const info = errorInfo(e);
    return { request: req, status: 'failed', message: `could not read the live value before writing: ${info.message}` };
  }
  if (prepared.localError) return { request: req, status: 'failed', message: prepared.localError };
  if (prepared.fields.length === 0 || !prepared.send) return { request: req, status: 'applied', message: 'already in place; nothing sent' };

  let entry = await session.writeEntry({
    requestId: req.id,
    controlId: req.controlId,
    checkIds: req.checkIds,
    target: req.target,
    method: req.method,
    description: req.description,
    fields: prepared.fields,
    ...(prepared.marker ? { marker: prepared.marker } : {}),
  });
  await opts.hooks?.afterJournal?.(req, entry);

  let sendError: unknown;
  let created: { keyId?: string } | void = undefined;
  try {
    created = await prepared.send();
  } catch (e) {
    sendError = e;
  }
  await opts.hooks?.afterSend?.(req, entry);
  if (created?.keyId && prepared.marker?.kind === 'key-create') {
    prepared.marker = { ...prepared.marker, keyId: created.keyId };
    entry = await session.updateEntry(entry.seq, { marker: prepared.marker });
  }

  let outcome: RequestOutcome;
  let lastReadback: Readback | undefined;
  const errInfo = sendError === undefined ? undefined : errorInfo(sendError);
  if (errInfo && !errInfo.uncertain) {
    const fm = fieldMessages(errInfo.fieldErrors);
    outcome = {
      request: req,
      status: 'failed',
      message: fm ? `${errInfo.message} (${fm})` : errInfo.message,
      ...(errInfo.fieldErrors ? { fieldErrors: errInfo.fieldErrors } : {}),
    };
  } else {
    let rb: Readback | undefined;
    let rbError: string | undefined;
    try {
      rb = await readBack(conn, req, prepared);
      lastReadback = rb;
    } catch (e) {
      rbError = errorInfo(e).message;
    }
    if (rb?.keyId && prepared.marker?.kind === 'key-create' && !prepared.marker.keyId) {
      prepared.marker = { ...prepared.marker, keyId: rb.keyId };
      entry = await session.updateEntry(entry.seq, { marker: prepared.marker });
    }
    if (!rb) {
      outcome = {
        request: req,
        status: 'failed',
        message: errInfo
          ? `${errInfo.message}; the read-back failed too (${rbError}), so whether it took effect is unknown (rollback resolves it)`
          : `sent, but the read-back failed (${rbError}), so whether it took effect is unknown (rollback resolves it)`,
      };
    } else if (rb.allAfter) {
      outcome = { request: req, status: 'applied', ...(errInfo ? { message: `the request reported an error (${errInfo.message}) but the read-back shows it took effect` } : {}) };
    } else if (errInfo) {
      const notInEffect = rb.ignored.length > 0 ? ` (not in effect: ${rb.ignored.map((i) => i.field).join(', ')})` : '';
      outcome = { request: req, status: 'failed', message: `${errInfo.message}${notInEffect}${rb.noneChanged ? '' : ' (some fields changed; rollback restores them)'}` };
    } else {
      const reasons: string[] = [];
      for (const i of rb.ignored) reasons.push(await whyIgnored(conn, req, i.field.replace(/^.*:/, ''), i.live, state));
      outcome = { request: req, status: 'not-effective', message: `not effective: ${reasons.join('; ')}` };
    }
  }
  // Fields this request certainly did not change: all of them after a definite refusal; those the
  // read-back found unchanged (still `before`) when the server ignored them.
  const untouched = new Set<string>();
  if (errInfo && !errInfo.uncertain) for (const f of entry.fields) untouched.add(f.resource ? `${f.resource}:${f.field}` : f.field);
  else if (lastReadback && !lastReadback.allAfter) {
    for (const i of lastReadback.ignored) {
      const f = entry.fields.find((x) => (x.resource ? `${x.resource}:${x.field}` : x.field) === i.field);
      if (f && i.live !== ABSENT && sameValue(f.field, i.live, f.before)) untouched.add(i.field);
    }
  }
  entry = await session.updateEntry(entry.seq, {
    ...(untouched.size > 0
      ? { fields: entry.fields.map((f) => (untouched.has(f.resource ? `${f.resource}:${f.field}` : f.field) ? { ...f, notApplied: true } : f)) }
      : {}),
    status: entryStatusOf(outcome.status),
    ...(outcome.message ? { message: outcome.message } : {}),
    ...(outcome.fieldErrors ? { fieldErrors: outcome.fieldErrors } : {}),
    finishedAt: new Date().toISOString(),
  });
  return { ...outcome, entry: `entries/${String(entry.seq).padStart(4, '0')}.json` };
}
