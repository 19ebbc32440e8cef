// Rollback (DESIGN.md "Snapshots"): compare every journal entry with the live organization,
// restore `before` in reverse order through the same apply path (so the rollback is itself a
// session that can be rolled back), and name what the API cannot undo.

import type { AuthProvider } from '../sentry/types.js';
import { partError, partOk, type OrgState, type Part } from '../state/types.js';
import type { JournalEntry } from '../snapshots/schema.js';
import type { SnapshotSession } from '../snapshots/store.js';
import type { PlannedChange, ResourceRef } from '../../steps/types.js';
import { applyPlan, type Conn } from './apply.js';
import { ABSENT, LiveReader } from './live.js';
import { resourceKey } from './resources/adapter.js';
import { MERGED_FIELDS, restoreChange } from './resources/fields.js';
import { readLive, writerOf } from './resources/index.js';
import type { RequestOutcome, RollbackField, RollbackItem, RollbackOptions, RollbackPlan } from './types.js';
import { sameValue, show } from './values.js';

export interface RollbackResult {
  outcomes: RequestOutcome[];
  /** items left as they were: drifted without --force-drifted, cannot-undo, or outside --only */
  skipped: RollbackItem[];
  /** true when nothing restorable is left */
  complete: boolean;
}

function matchesOnly(e: JournalEntry, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((id) => e.controlId === id || e.checkIds.some((c) => c === id || c.startsWith(`${id}.`)));
}

/** Identifies one field of one resource across the entries of a session. */
function fieldKey(e: JournalEntry, field: string, resource: string | undefined): string {
  return `${resourceKey(e.target)}|${resource ?? ''}|${field}`;
}

/**
 * `expected`: the value a field will have once the LATER entries of the session (planned
 * first) are restored. A field the session changed twice is compared with that, not with the
 * live value, so the earlier entry is not mistaken for drift.
 */
async function planEntry(reader: LiveReader, e: JournalEntry, cannotUndo: string[], expected: Map<string, unknown>): Promise<RollbackItem> {
  const target: ResourceRef = e.target;
  const base = { seq: e.seq, checkIds: e.checkIds, target, description: e.description };
  const writer = writerOf(target.type);
  const ctx = { reader, entry: e, target, cannotUndo, base };
  const own = await writer?.planRestore?.(ctx);
  if (own) return own;

  const fields: RollbackField[] = [];
  const restore: PlannedChange[] = [];
  // drift is judged per field: a field someone changed since the session is left as it is
  // (restored only with --force-drifted), the other fields of the same request are restored
  const driftedRestore: PlannedChange[] = [];
  let absent = false;
  for (const f of e.fields) {
    const read = await readLive(reader, target, f.field, f.resource);
    const k = fieldKey(e, f.field, f.resource);
    const live = read !== ABSENT && expected.has(k) ? expected.get(k) : read;
    const field: RollbackField = { field: f.resource ? `${f.resource}:${f.field}` : f.field, before: f.before, after: f.after, live: live === ABSENT ? 'absent' : live };
    fields.push(field);
    if (f.notApplied) continue; // the session never changed it: nothing to take back
    if (live === ABSENT) {
      absent = true;
      continue;
    }
    if (sameValue(f.field, live, f.before)) continue;
    const drifted = !sameValue(f.field, live, f.after);
    if (drifted) field.drifted = true;
    const to = writer?.restoreTarget?.(target, f.resource) ?? target;
    const context = writer?.restoreContext?.(e, f.resource);
    // lists and scrubbing rules are merged, not overwritten: the restore takes back the
    // session's delta (after -> before), so entries someone added since are kept even when a
    // drifted entry is forced
    (drifted ? driftedRestore : restore).push(restoreChange(e, to, f.field, MERGED_FIELDS.has(f.field) ? f.after : live, f.before, context));
  }

  // effects the restore cannot undo (the retired admin role, members the 2FA sweep removed)
  const replaced = await writer?.afterRestorePlan?.(ctx, [...restore, ...driftedRestore]);
  if (replaced) return { ...replaced, fields };

  // an entry over several resources (spike protection: one request for many projects) still
  // restores the ones that exist
  const gone = fields.filter((f) => f.live === 'absent').map((f) => f.field.replace(/:.*$/, ''));
  if (absent && restore.length === 0 && driftedRestore.length === 0) {
    return { ...base, state: 'cannot-undo', fields, message: 'the resource no longer exists (deleted since)', restore: [] };
  }
  const goneNote = absent ? `${gone.join(', ')} no longer exists (deleted since) and is left out` : undefined;
  if (restore.length === 0 && driftedRestore.length === 0) return { ...base, state: 'already-restored', fields, restore: [] };
  if (driftedRestore.length > 0) {
    const which = fields.filter((f) => f.drifted);
    const others = restore.length > 0 ? `; ${restore.map((c) => c.field).join(', ')} ${restore.length === 1 ? 'is' : 'are'} restored` : '';
    return {
      ...base,
      state: 'drifted',
      fields,
      message: `changed by someone else since the session: ${which.map((f) => `${f.field} is ${show(f.live)} (session set ${show(f.after)}, saved before ${show(f.before)})`).join('; ')}; left as ${which.length === 1 ? 'it is' : 'they are'} unless --force-drifted${others}${goneNote ? `; ${goneNote}` : ''}`,
      restore,
      driftedRestore,
    };
  }
  return { ...base, state: 'restorable', fields, ...(goneNote ? { message: goneNote } : {}), restore };
}

/** The changes a rollback sends for an item: its undrifted fields, and the drifted ones when forced. */
export function restoresOf(item: RollbackItem, forceDrifted: boolean | undefined): PlannedChange[] {
  if (item.state === 'restorable') return item.restore;
  if (item.state === 'drifted') return forceDrifted ? [...item.restore, ...(item.driftedRestore ?? [])] : item.restore;
  return [];
}

/** Changes (fields) a rollback restores and drifted fields it leaves, for prompts and summaries. */
export function rollbackCounts(plan: RollbackPlan, forceDrifted: boolean | undefined): { restore: number; drifted: number; driftedLeft: number } {
  const restore = plan.items.reduce((n, i) => n + restoresOf(i, forceDrifted).length, 0);
  const drifted = plan.items.reduce((n, i) => n + (i.state === 'drifted' ? (i.driftedRestore?.length ?? 0) : 0), 0);
  return { restore, drifted, driftedLeft: forceDrifted ? 0 : drifted };
}

export async function planRollback(conn: Conn, session: SnapshotSession, opts: { only?: string[] } = {}): Promise<RollbackPlan> {
  const projectEntries = session.entries().filter((e) => writerOf(e.target.type)?.readsProjectList === true).length;
  const reader = new LiveReader(conn.api, conn.target.org, projectEntries > 3);
  const manifest = session.manifest();
  const warnings: string[] = [];
  if (manifest.org !== conn.target.org) {
    throw new Error(`Session ${session.id} belongs to organization ${manifest.org}, not ${conn.target.org}.`);
  }
  if (manifest.status === 'in-progress') warnings.push(`Session ${session.id} was cut short (no end recorded); its pending entries are resolved against the live organization.`);
  const items: RollbackItem[] = [];
  const cannotUndo: string[] = [];
  let partial = false;
  const expected = new Map<string, unknown>();
  for (const e of [...session.entries()].reverse()) {
    if (e.fields.length === 0) continue;
    if (!matchesOnly(e, opts.only)) {
      partial = true;
      continue;
    }
    const item = await planEntry(reader, e, cannotUndo, expected);
    if (item.state === 'restorable' || item.state === 'already-restored') {
      for (const f of e.fields) expected.set(fieldKey(e, f.field, f.resource), f.before);
    } else if (item.state === 'drifted') {
      // the undrifted fields are restored; a drifted one keeps its live value unless forced
      e.fields.forEach((f, i) => {
        if (item.fields[i]?.drifted !== true && item.fields[i]?.live !== 'absent') expected.set(fieldKey(e, f.field, f.resource), f.before);
      });
    }
    if (item.state === 'drifted') warnings.push(`Entry ${e.seq} (${e.description}) drifted: ${item.message ?? ''}`);
    items.push(item);
  }
  return { sessionId: session.id, org: manifest.org, items, cannotUndo, warnings, source: session, ...(partial ? { partial } : {}) };
}

/** The small part of OrgState the safety pre-flight reads, fetched live. */
async function liveState(conn: Conn): Promise<OrgState> {
  const { api } = conn;
  const org = conn.target.org;
  const wrap = async <T>(p: Promise<T>): Promise<Part<T>> => p.then(partOk, (e: unknown) => partError<T>(e instanceof Error ? e.message : String(e)));
  const [orgPart, members, authProvider] = await Promise.all([
    wrap(api.getOrganization(org)),
    wrap(api.listMembers(org)),
    wrap<AuthProvider | null>(api.getAuthProvider(org)),
  ]);
  const na = partError<never>('not read by rollback');
  return {
    target: conn.target,
    collectedAt: new Date().toISOString(),
    whoami: conn.whoami,
    org: orgPart,
    authProvider,
    authProviders: na,
    members,
    memberDetails: na,
    teams: na,
    projects: na,
    keys: {},
    keyStats: {},
    filters: {},
    spikeProtection: na,
    auditLog: na,
    teamMembers: na,
    orgAuthTokens: na,
    sentryApps: na,
    installedApps: na,
    relayUsage: na,
  };
}

export async function executeRollback(
  conn: Conn,
  plan: RollbackPlan,
  newSession: SnapshotSession,
  opts: RollbackOptions = {},
): Promise<RollbackResult> {
  const changes = plan.items.flatMap((i) => restoresOf(i, opts.forceDrifted));
  // left (wholly or in part): what cannot be undone, and drifted fields without --force-drifted
  const skipped = plan.items.filter((i) => i.state === 'cannot-undo' || (i.state === 'drifted' && !opts.forceDrifted));
  const state = changes.length > 0 ? await liveState(conn) : undefined;
  const outcomes =
    state === undefined
      ? (await newSession.finish('complete'), [])
      : await applyPlan(conn, state, changes, newSession, {
          // the person confirmed this rollback; its risk was accepted when the session ran
          allowRisky: new Set(changes.map((c) => c.checkId)),
          ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
          ...(opts.signal ? { signal: opts.signal } : {}),
          ...(opts.policy ? { policy: opts.policy } : {}),
        });
  const allDone = outcomes.every((o) => o.status === 'applied');
  const complete = allDone && skipped.filter((i) => i.state !== 'cannot-undo').length === 0;
  // a rollback limited with --only leaves the other entries as they are: the session is not rolled back
  if (complete && !plan.partial && plan.source && (changes.length > 0 || plan.items.length > 0)) await plan.source.markRolledBack(newSession.id);
  return { outcomes, skipped, complete };
}
