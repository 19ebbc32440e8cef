// `apply --json` and `rollback --json`: one JSON document per run (schemaVersion 1; README
// "Machine output of apply and rollback"). One entry per API request with its resource, fields,
// status, message and journal entry; the snapshot session; counts. Values go through
// src/secrets.ts like every report.

import { describeResource } from '../engine/resources/index.js';
import type { ApiRequest, RequestOutcome, RequestStatus, RollbackItem } from '../engine/types.js';
import { redactSecrets } from '../secrets.js';
import type { Level } from '../levels.js';
import { jsonHeader, type JsonHeader } from './json-header.js';
import type { ReportTarget } from './types.js';

/** How the run ended, besides its requests. */
export type RunEnd = 'done' | 'nothing-to-do' | 'dry-run' | 'declined' | 'interrupted' | 'all-held-back';

export interface RunJsonRequest {
  resource: { type: string; id: string; name: string };
  /** null for an entry that was never turned into a request (a rollback entry left as it is) */
  method: ApiRequest['method'] | null;
  checkIds: string[];
  fields: { checkId: string; field: string; before: unknown; after: unknown }[];
  status: RequestStatus;
  message: string | null;
  /** the flag that releases a held-back request */
  heldBackFlag: string | null;
  /** the journal entry file of this request in the session folder; null when nothing was sent */
  journalEntry: string | null;
}

export interface RunJson extends JsonHeader {
  command: 'apply' | 'rollback';
  generatedAt: string;
  level: Level | null;
  /** the snapshot session this run wrote; null when it wrote none (dry run, nothing to do, declined) */
  sessionId: string | null;
  /** rollback: the session restored; apply FILE: the plan file */
  rollbackOf?: string;
  planFile?: string;
  end: RunEnd;
  requests: RunJsonRequest[];
  /** requests per status, and the changes (fields) they carry per status */
  counts: { requests: Record<RequestStatus, number>; changes: Record<RequestStatus, number> };
  /** apply: the touched checks' status before and after, from a fresh read */
  verify?: { checkId: string; before: string; after: string }[];
}

const STATUSES: readonly RequestStatus[] = ['applied', 'not-effective', 'failed', 'held-back', 'skipped'];

export function runJsonRequest(o: RequestOutcome): RunJsonRequest {
  const r = o.request;
  return {
    resource: { type: r.target.type, id: r.target.id, name: describeResource(r.target) },
    method: r.method,
    checkIds: [...r.checkIds],
    fields: r.changes.map((c) => ({ checkId: c.checkId, field: c.field, before: c.before ?? null, after: c.after ?? null })),
    status: o.status,
    message: o.message ?? null,
    heldBackFlag: o.heldBackFlag ?? null,
    journalEntry: o.entry ?? null,
  };
}

export interface RunJsonInput {
  command: RunJson['command'];
  toolVersion: string;
  target: ReportTarget;
  generatedAt: string;
  level?: Level;
  sessionId?: string;
  rollbackOf?: string;
  planFile?: string;
  end: RunEnd;
  outcomes: readonly RequestOutcome[];
  /** entries that were never requests (rollback: drifted, already restored, cannot be undone) */
  notSent?: readonly RunJsonRequest[];
  verify?: RunJson['verify'];
}

/** A rollback entry that is not restored in this run, as a `skipped` request. */
export function rollbackEntryNotSent(item: RollbackItem, journalEntry: string | null, message: string): RunJsonRequest {
  return {
    resource: { type: item.target.type, id: item.target.id, name: describeResource(item.target) },
    method: null,
    checkIds: [...item.checkIds],
    fields: item.fields.map((f) => ({ checkId: item.checkIds[0] ?? '', field: f.field, before: f.live ?? null, after: f.before ?? null })),
    status: 'skipped',
    message,
    heldBackFlag: null,
    journalEntry,
  };
}

export function buildRunJson(input: RunJsonInput): RunJson {
  const zero = (): Record<RequestStatus, number> => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<RequestStatus, number>;
  const counts = { requests: zero(), changes: zero() };
  const requests = [...input.outcomes.map(runJsonRequest), ...(input.notSent ?? [])];
  for (const r of requests) {
    counts.requests[r.status] += 1;
    counts.changes[r.status] += r.fields.length;
  }
  return redactSecrets({
    ...jsonHeader(input.toolVersion, input.target),
    command: input.command,
    generatedAt: input.generatedAt,
    level: input.level ?? null,
    sessionId: input.sessionId ?? null,
    ...(input.rollbackOf !== undefined ? { rollbackOf: input.rollbackOf } : {}),
    ...(input.planFile !== undefined ? { planFile: input.planFile } : {}),
    end: input.end,
    requests,
    counts,
    ...(input.verify ? { verify: input.verify } : {}),
  });
}

export const renderRunJson = (input: RunJsonInput): string => `${JSON.stringify(buildRunJson(input), null, 2)}\n`;
