// The contract between the apply engine, the rollback and their callers (commands, wizard UI).

import type { Policy } from '../../steps/policy.js';
import type { PlannedChange, ResourceRef, Risk } from '../../steps/types.js';
import type { JournalEntry } from '../snapshots/schema.js';
import type { SnapshotSession } from '../snapshots/store.js';
import type { SentryApi, Whoami } from '../sentry/types.js';
import type { Target } from '../state/types.js';

/** What the engine talks to: the typed API, the organization and the acting user. */
export interface Conn {
  api: SentryApi;
  target: Target;
  whoami: Whoami;
}

export type RequestStatus = 'applied' | 'not-effective' | 'failed' | 'held-back' | 'skipped';

export type RequestMethod = 'PUT' | 'POST' | 'DELETE';

/** One API request the engine sends: several PlannedChanges of one resource grouped together. */
export interface ApiRequest {
  /** stable within one plan, e.g. "organization:acme" or "key:web:abc123" */
  id: string;
  /** the control (e.g. "1.2") of the first change; a failure stops the rest of this control */
  controlId: string;
  checkIds: string[];
  target: ResourceRef;
  method: RequestMethod;
  /** one line a person can read: "PUT organization acme: require2FA, allowJoinRequests" */
  description: string;
  changes: PlannedChange[];
  /** the highest risk of its changes */
  risk: Risk;
}

export interface RequestOutcome {
  request: ApiRequest;
  status: RequestStatus;
  /** why not effective / failed / held back / skipped */
  message?: string;
  /** Sentry's field messages of a 400 */
  fieldErrors?: Record<string, string[]>;
  /** the flag that would let a held-back risky change through */
  heldBackFlag?: string;
  /** the journal entry file of this request (absent for held-back/skipped) */
  entry?: string;
}

export type EngineEvent =
  | { type: 'session-started'; sessionId: string; dir: string }
  | { type: 'request-started'; request: ApiRequest }
  | { type: 'request-finished'; outcome: RequestOutcome }
  | { type: 'control-stopped'; controlId: string; reason: string }
  | { type: 'session-finished'; sessionId: string; status: 'complete' | 'partial' };

export interface ApplyOptions {
  /** check ids whose risky changes may be applied (--allow-risky) */
  allowRisky: ReadonlySet<string>;
  onEvent?: (e: EngineEvent) => void;
  /** checked BEFORE each request; a request in flight is never abandoned */
  signal?: AbortSignal;
  /** minOwners for the owner pre-flight (default: the policy default) */
  policy?: Pick<Policy, 'minOwners'>;
  /** the person confirmed that a rotated key's new DSN is deployed (wizard): deactivate the old key now */
  rotationDeployed?: boolean;
  /** leave the session open (the caller applies more and calls session.finish itself) */
  keepSessionOpen?: boolean;
  /** test seams: called after the journal entry is on disk / after the request returned */
  hooks?: ApplyHooks;
}

export interface ApplyHooks {
  afterJournal?(request: ApiRequest, entry: JournalEntry): void | Promise<void>;
  afterSend?(request: ApiRequest, entry: JournalEntry): void | Promise<void>;
}

/** What the rollback found for one journal entry, live vs saved. */
export type RollbackEntryState = 'restorable' | 'drifted' | 'already-restored' | 'cannot-undo';

export interface RollbackField {
  field: string;
  before: unknown;
  after: unknown;
  live: unknown;
  /** someone changed it since the session (live is neither the saved nor the session's value) */
  drifted?: boolean;
}

export interface RollbackItem {
  /** entry sequence number in the session (1-based, as in entries/NNNN.json) */
  seq: number;
  checkIds: string[];
  target: ResourceRef;
  description: string;
  state: RollbackEntryState;
  fields: RollbackField[];
  /** why drifted / cannot undo, and what the person can do */
  message?: string;
  /** the changes that restore `before` of the fields that did not drift (empty when nothing to send) */
  restore: PlannedChange[];
  /** the changes that restore drifted fields: sent only with --force-drifted */
  driftedRestore?: PlannedChange[];
}

export interface RollbackPlan {
  sessionId: string;
  org: string;
  /** in the order restores will run (reverse of the session) */
  items: RollbackItem[];
  /** effects the API cannot undo, by name, with what the person can do */
  cannotUndo: string[];
  warnings: string[];
  /** the session being rolled back (marked rolled-back when everything is restored) */
  source?: SnapshotSession;
  /** true when --only left entries of the session out of this plan (the session is then not marked rolled back) */
  partial?: boolean;
}

export interface RollbackOptions {
  forceDrifted?: boolean;
  /** minOwners for the owner pre-flight of the restores (default: the policy default) */
  policy?: Pick<Policy, 'minOwners'>;
  /** check or control ids to restore (default all) */
  only?: string[];
  onEvent?: (e: EngineEvent) => void;
  signal?: AbortSignal;
}
