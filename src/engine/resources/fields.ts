// The field-level rules every writer shares: lists and PII configs are merged into the live value
// (never overwritten), values are validated before sending, and a field changed twice in one
// request is sent once.

import type { PlannedChange, ResourceRef } from '../../../steps/types.js';
import type { JournalEntry } from '../../snapshots/schema.js';
import { isValidIpEntry } from '../../state/ip.js';
import { containsSecretDigest } from '../../secrets.js';
import { validatePiiConfigText } from '../../state/pii-config.js';
import { MAX_SENSITIVE_FIELD_CHARS, mergeList, mergePiiConfig, sameValue, sensitiveFieldsTooLong } from '../values.js';

/** Lists the API replaces whole: always merged into the live value. */
const LIST_FIELDS = new Set(['sensitiveFields', 'safeFields', 'allowedDomains', 'blockedIps', 'replayAccessMembers']);

/** Fields the apply merges into the live value; a restore takes back the session's delta the same way. */
export const MERGED_FIELDS: ReadonlySet<string> = new Set([...LIST_FIELDS, 'relayPiiConfig', 'trustedRelays']);

/** A change refused before sending (invalid value, safety rule): the request fails with this message. */
export class LocalRefusal extends Error {}

export const asList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const asObjList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Merge the plan's change into the live value of a list or PII config; other fields as planned. */
function intended(field: string, live: unknown, c: PlannedChange): unknown {
  // A journaled value (rollback) holds hash keys only as digests: merge the rule changes into the
  // live config, which keeps the live vars.hashKey, instead of sending the journal's text.
  if (field === 'relayPiiConfig') return sameValue(field, live, c.before) && !containsSecretDigest(c.after) ? c.after : mergePiiConfig(live, c.before, c.after);
  if (LIST_FIELDS.has(field) && Array.isArray(c.after)) {
    if (Array.isArray(live) && sameValue(field, live, c.before)) return c.after;
    return mergeList(asList(live), asList(c.before), asList(c.after));
  }
  if (field === 'trustedRelays' && Array.isArray(c.after)) {
    const keyOf = (r: unknown): string => String((r as { publicKey?: unknown })?.publicKey ?? JSON.stringify(r));
    const before = new Set(asObjList(c.before).map(keyOf));
    const after = new Set(asObjList(c.after).map(keyOf));
    const kept = asObjList(live).filter((r) => !(before.has(keyOf(r)) && !after.has(keyOf(r))));
    const have = new Set(kept.map(keyOf));
    return [...kept, ...asObjList(c.after).filter((r) => !before.has(keyOf(r)) && !have.has(keyOf(r)))];
  }
  return c.after;
}

function checkValue(field: string, value: unknown, c: PlannedChange, live: unknown): void {
  if (field === 'sensitiveFields' && Array.isArray(value) && sensitiveFieldsTooLong(asList(value))) {
    throw new LocalRefusal(`sensitiveFields would be longer than Sentry's ${MAX_SENSITIVE_FIELD_CHARS}-character limit; shorten the list.`);
  }
  if (containsSecretDigest(value)) {
    throw new LocalRefusal(`${field}: refusing to send a value that holds a redacted secret (a digest from the journal) in place of the secret`);
  }
  if (field === 'relayPiiConfig') {
    const errors = validatePiiConfigText(typeof value === 'string' ? value : null);
    if (errors.length > 0) throw new LocalRefusal(`relayPiiConfig is invalid: ${errors.join('; ')}`);
  }
  if (field === 'blockedIps') {
    // only what this change adds: entries the user already had are kept as they are (Relay
    // ignores the ones it cannot parse; dropping them is not ours to decide)
    const had = new Set([...asList(c.before), ...asList(live)]);
    const added = asList(c.after).filter((x) => !had.has(x));
    const bad = added.filter((x) => !isValidIpEntry(x));
    if (bad.length > 0) throw new LocalRefusal(`IP blocklist entries are not IPv4/IPv6 addresses or CIDR ranges: ${bad.join(', ')}`);
  }
}

/**
 * The fields whose intended value differs from the live one (each value checked first). Two
 * changes of one field (a rollback of a session that changed it twice) build on each other:
 * the second merges into the first's result, not into the same read, and the field is sent
 * and journaled once (before = the live value read, after = the final value).
 */
export function* changedFields(
  changes: readonly PlannedChange[],
  live: Readonly<Record<string, unknown>>,
): Generator<{ c: PlannedChange; before: unknown; after: unknown }> {
  const next = new Map<string, { c: PlannedChange; after: unknown }>();
  for (const c of changes) {
    const current = next.has(c.field) ? next.get(c.field)!.after : (live[c.field] ?? null);
    const after = intended(c.field, current, c);
    checkValue(c.field, after, c, current);
    next.set(c.field, { c, after });
  }
  for (const [field, { c, after }] of next) {
    const before = live[field] ?? null;
    if (!sameValue(field, before, after)) yield { c, before, after };
  }
}

/** A resource's fields by name (the live value of a field is looked up by the change's field name). */
export const fieldsOf = (o: object): Readonly<Record<string, unknown>> => o as Readonly<Record<string, unknown>>;

/** The value of `field` of a live object; null when unset. */
export const fieldValue = (o: object, field: string): unknown => fieldsOf(o)[field] ?? null;

/** The change that puts `before` back (a rollback is applied like any plan, so it is journaled too). */
export const restoreChange = (
  e: JournalEntry,
  target: ResourceRef,
  field: string,
  live: unknown,
  before: unknown,
  context?: Record<string, unknown>,
): PlannedChange => ({
  checkId: e.checkIds[0] ?? e.controlId,
  target,
  field,
  before: live,
  after: before,
  risk: 'none',
  reversible: true,
  ...(context ? { context } : {}),
});
