// One typed interface per resource type (organization, project, key, ...): how people call it,
// and — for the types sentry-harden changes — how to read its live value, prepare a journaled
// write, read it back and restore it. index.ts collects one adapter per type in a record keyed by
// every ResourceRef type, so a new type that lacks an adapter does not compile.

import type { PlannedChange, ResourceRef } from '../../../steps/types.js';
import type { EntryField, EntryMarker, JournalEntry } from '../../snapshots/schema.js';
import type { SnapshotSession } from '../../snapshots/store.js';
import type { OrgState } from '../../state/types.js';
import type { LiveReader, LiveValue } from '../live.js';
import type { ApiRequest, Conn, RequestMethod, RollbackItem } from '../types.js';

export type ResourceType = ResourceRef['type'];
export type RefOf<K extends ResourceType> = Extract<ResourceRef, { type: K }>;

/** The ways a resource is named for people; each renderer picks the one that fits its line. */
export interface ResourceNames<K extends ResourceType> {
  /** singular and plural noun ("project", "projects") */
  noun: readonly [string, string];
  /** a whole phrase: "key Default (web)" (plans, reports) */
  describe(r: RefOf<K>): string;
  /** inside a request description: "key "Default" abc12345 of web" (journal, apply output) */
  inRequest(r: RefOf<K>): string;
  /** inside a block about this kind: "web/Default" (wizard diffs) */
  short(r: RefOf<K>): string;
  /** a location path: "acme/project/web/key/abc…" (SARIF's logical location) */
  path(org: string, r: RefOf<K>): string;
  /** the segments of its virtual file below the organization: ["project", "web", "key", "abc…"] (SARIF) */
  uriSegments(r: RefOf<K>): string[];
  /** what a finding's sentence must name; null for the organization itself */
  subject(r: RefOf<K>): string | null;
  /** the project it belongs to (collapsing per project); null when not per project */
  project(r: RefOf<K>): string | null;
  /** a field's label in a diff block ("localhost.active"); default the field name */
  field?(r: RefOf<K>, field: string): string;
  /** what else, besides check, field and values, must match for changes on several projects to collapse (the filter id) */
  variant?(r: RefOf<K>): string;
  /** a collapsed group's count: "filter localhost on 3 projects"; default "N projects" */
  collapsed?(r: RefOf<K>, changes: number, projects: number): string;
  /**
   * The field's name in a person's sentence where the API's name is internal ("exists" →
   * "status"); undefined: the API's name. Human text only (plans, apply, wizard, rollback).
   */
  label?(r: RefOf<K>, field: string): string | undefined;
  /**
   * A value as a person reads it where the raw value misleads: a project's null that means "the
   * organization's setting", an invitation's exists: false that means "withdrawn". undefined:
   * shown as it is. Human text only: JSON, SARIF and the journal keep the raw value.
   */
  valueText?(r: RefOf<K>, field: string, value: unknown): string | undefined;
}

/** A write ready to send: the journal's fields (live before → intended after) and the request. */
export interface Prepared {
  fields: EntryField[];
  marker?: EntryMarker;
  /** refused before sending (validation, safety rule) */
  localError?: string;
  send?: () => Promise<{ keyId?: string } | void>;
}

export interface PrepareContext<K extends ResourceType> {
  conn: Conn;
  reader: LiveReader;
  req: ApiRequest;
  target: RefOf<K>;
  session: SnapshotSession;
  allowRisky: ReadonlySet<string>;
}

export interface Readback {
  allAfter: boolean;
  noneChanged: boolean;
  /** per field, when not the intended value */
  ignored: { field: string; live: LiveValue }[];
  keyId?: string;
}

export interface RestoreContext<K extends ResourceType> {
  reader: LiveReader;
  entry: JournalEntry;
  target: RefOf<K>;
  /** effects the API cannot undo, by name (the rollback shows them before confirming) */
  cannotUndo: string[];
  /** the item fields of the entry, as compared with the live values */
  base: Pick<RollbackItem, 'seq' | 'checkIds' | 'target' | 'description'>;
}

/** Identifies one resource within an organization ("key:web:abc123"). */
export function resourceKey(t: ResourceRef): string {
  const project = 'project' in t && typeof t.project === 'string' ? t.project : '';
  return `${t.type}:${project}:${t.id}`;
}

export interface ResourceWriter<K extends ResourceType> {
  /** the HTTP method of the request that makes this change */
  method(c: PlannedChange): RequestMethod;
  /**
   * Changes with the same key (within one control, method and risk) share a request sent to
   * `target`; default: one request per resource.
   */
  group?(c: PlannedChange, method: RequestMethod): { key: string; target: ResourceRef };
  /** what the request does after its method; default "<name>: field, field" */
  describeRequest?(req: ApiRequest): string | undefined;
  /** its live value comes from the org project list (a rollback of many such entries reads it once) */
  readsProjectList?: boolean;
  /** a risky change that takes nothing away (a new key): needs no opt-in, shares requests */
  needsNoOptIn?(c: PlannedChange): boolean;
  /**
   * a planned "before" as `read` returns that value (a check may say `false` where read says `[]`):
   * what the stale check of a reviewed plan compares against; undefined → the value as it is
   */
  beforeAsRead?(field: string, before: unknown): unknown;
  /** the live value of `field` (`resource`: the project of a spike-protection field); ABSENT when gone */
  read(reader: LiveReader, target: RefOf<K>, field: string, resource?: string): Promise<LiveValue>;
  /** read the live values, journal fields and build the request (refusals as `localError`) */
  prepare(ctx: PrepareContext<K>): Promise<Prepared>;
  /** a read-back of its own (creations); undefined → compare every journaled field */
  readBack?(reader: LiveReader, target: RefOf<K>, prepared: Prepared): Promise<Readback | undefined>;
  /** more read-back after the field comparison (the member's team rows) */
  readBackExtra?(conn: Conn, target: RefOf<K>, prepared: Prepared): Promise<Readback['ignored']>;
  /** why the server ignored a field, when this type knows better than the generic sentence */
  whyIgnored?(conn: Conn, req: ApiRequest, target: RefOf<K>, field: string, live: LiveValue, state: OrgState): Promise<string | undefined>;
  /** a rollback plan of its own for an entry (creations, deletions); undefined → restore field by field */
  planRestore?(ctx: RestoreContext<K>): Promise<RollbackItem | undefined>;
  /** the target and context a field-by-field restore sends */
  restoreTarget?(target: RefOf<K>, resource: string | undefined): ResourceRef;
  restoreContext?(entry: JournalEntry, resource: string | undefined): Record<string, unknown> | undefined;
  /** after the field-by-field restore is planned: effects it cannot undo (may replace the item) */
  afterRestorePlan?(ctx: RestoreContext<K>, restore: readonly PlannedChange[]): Promise<RollbackItem | undefined>;
  /** the delete of an absent resource counts as done when read back (invitation) */
  absentMeansAfter?(field: string, after: unknown): boolean;
}

export interface ResourceAdapter<K extends ResourceType> {
  names: ResourceNames<K>;
  /** null: sentry-harden only reads and reports this type */
  write: ResourceWriter<K> | null;
}
