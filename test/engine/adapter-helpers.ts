// Shared setup of the resource adapter tests (resources-*.mutation.test.ts): a planned change, a
// snapshot session and an adapter's prepared write against the demo simulator of a harness.

import { LiveReader } from '../../src/engine/live.js';
import { resourceKey } from '../../src/engine/resources/adapter.js';
import { writerOf } from '../../src/engine/resources/index.js';
import type { ApiRequest } from '../../src/engine/types.js';
import type { SnapshotSession } from '../../src/snapshots/store.js';
import type { PlannedChange, ResourceRef } from '../../steps/types.js';
import type { Harness } from './helpers.js';

export const change = (target: ResourceRef, field: string, before: unknown, after: unknown, extra: Partial<PlannedChange> = {}): PlannedChange => ({
  checkId: '9.9.9', target, field, before, after, risk: 'none', reversible: true, ...extra,
});

export const session = { shortId: 'abcd1234' } as SnapshotSession;

/** A reader that has read nothing yet, so every read goes to the server. */
export const freshReader = (h: Harness): LiveReader => new LiveReader(h.api, 'acme');

export interface PrepareOpts { method?: ApiRequest['method']; reader?: LiveReader; allowRisky?: string[]; conn?: Harness['conn'] }

/** The write the target's adapter prepares for these changes, as apply would (writerOf). */
export function prepareWrite(h: Harness, target: ResourceRef, changes: PlannedChange[], o: PrepareOpts = {}) {
  const req: ApiRequest = { id: resourceKey(target), controlId: '9.9', checkIds: changes.map((c) => c.checkId), target, method: o.method ?? 'PUT', description: '', changes, risk: 'none' };
  return writerOf(target.type)!.prepare({ conn: o.conn ?? h.conn, reader: o.reader ?? freshReader(h), req, target, session, allowRisky: new Set(o.allowRisky ?? []) });
}
