// A saved plan (`plan --out FILE`, the wizard's "save as plan"): the reviewed changes, applied
// later by `apply FILE` exactly as reviewed. Like Terraform's saved plan, it is refused when any
// planned field no longer holds its planned "before" value (a stale plan), and when it was
// edited (digest), written by an unknown version, or is for another organization or server.
// No secrets: every value goes through src/secrets.ts (PII hash keys become digests, which the
// engine merges into the live config instead of sending).

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../canonical-json.js';
import { UserError } from '../errors.js';
import { LEVELS, type Level } from '../levels.js';
import { redactSecrets } from '../secrets.js';
import { findCheck } from '../../steps/index.js';
import { DEFAULT_POLICY, type Policy } from '../../steps/policy.js';
import { resourceRefSchema } from '../../steps/resource-ref.js';
import type { PlannedChange } from '../../steps/types.js';
import { ABSENT, LiveReader } from './live.js';
import { describeResource, holdsBefore, readLive } from './resources/index.js';
import { show } from './values.js';
import type { Conn } from './types.js';

export const SAVED_PLAN_KIND = 'sentry-harden-plan';
export const SAVED_PLAN_SCHEMA_VERSION = 1;

const RISKS = ['none', 'disruptive', 'risky'] as const;

const changeSchema = z.strictObject({
  checkId: z.string().min(1),
  /** the check's title: what this change fixes */
  fixes: z.string(),
  /** an unknown resource type or a missing field is refused here (one line naming the path) */
  resource: resourceRefSchema,
  /** how people name the resource ("key Default (web)") */
  resourceName: z.string(),
  field: z.string().min(1),
  before: z.unknown(),
  after: z.unknown(),
  risk: z.enum(RISKS),
  reversible: z.boolean(),
  consequence: z.string().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});

const planSchema = z.strictObject({
  kind: z.literal(SAVED_PLAN_KIND),
  schemaVersion: z.literal(SAVED_PLAN_SCHEMA_VERSION),
  createdAt: z.string(),
  toolVersion: z.string(),
  target: z.strictObject({ url: z.string(), org: z.string() }),
  level: z.enum(LEVELS as [Level, ...Level[]]),
  selection: z.strictObject({ only: z.array(z.string()), skip: z.array(z.string()) }),
  /** the policy the plan was computed with: apply evaluates and guards with the same values */
  policy: z.record(z.string(), z.unknown()),
  changes: z.array(changeSchema),
  digest: z.string(),
});

export type SavedPlan = Omit<z.infer<typeof planSchema>, 'policy'> & { policy: Policy };
export type SavedChange = SavedPlan['changes'][number];

export interface SavedPlanInput {
  target: { url: string; org: string };
  level: Level;
  only: readonly string[];
  skip: readonly string[];
  policy: Policy;
  changes: readonly PlannedChange[];
  createdAt: string;
  toolVersion: string;
}

/** sha256 over the canonical JSON of everything but the digest itself. */
function digestOf(doc: Record<string, unknown>): string {
  const { digest: _d, ...rest } = doc;
  return `sha256:${createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex')}`;
}

/** The saved form of planned changes (also what the wizard's stale check compares): no secrets. */
export function toSavedChanges(changes: readonly PlannedChange[]): SavedChange[] {
  return redactSecrets(changes.map((c) => ({
    checkId: c.checkId,
    fixes: findCheck(c.checkId)?.check.title ?? c.checkId,
    resource: { ...c.target },
    resourceName: describeResource(c.target),
    field: c.field,
    before: c.before ?? null,
    after: c.after ?? null,
    risk: c.risk,
    reversible: c.reversible,
    ...(c.consequence !== undefined ? { consequence: c.consequence } : {}),
    ...(c.context !== undefined ? { context: c.context } : {}),
  })));
}

export function buildSavedPlan(input: SavedPlanInput): SavedPlan {
  const changes = toSavedChanges(input.changes);
  const doc = redactSecrets({
    kind: SAVED_PLAN_KIND,
    schemaVersion: SAVED_PLAN_SCHEMA_VERSION,
    createdAt: input.createdAt,
    toolVersion: input.toolVersion,
    target: { ...input.target },
    level: input.level,
    selection: { only: [...input.only], skip: [...input.skip] },
    policy: input.policy,
    changes,
    digest: '',
  }) as SavedPlan;
  // the canonical JSON round trip drops `undefined`s, so what is hashed is what is written
  const written = JSON.parse(JSON.stringify(doc)) as SavedPlan;
  return { ...written, digest: digestOf(written) };
}

export const serializeSavedPlan = (plan: SavedPlan): string => `${JSON.stringify(plan, null, 2)}\n`;

/** A plan file that cannot be used: one line, exit 2. */
export class PlanFileError extends UserError {}

/** Reads a plan file's text; every problem is one PlanFileError line naming `label` (the path). */
export function parseSavedPlan(text: string, label: string): SavedPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new PlanFileError(`${label}: not a plan file (invalid JSON: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]})`);
  }
  const obj = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  if (!obj || obj.kind !== SAVED_PLAN_KIND) throw new PlanFileError(`${label}: not a sentry-harden plan file (write one with \`sentry-harden plan --out FILE\`)`);
  if (obj.schemaVersion !== SAVED_PLAN_SCHEMA_VERSION) {
    throw new PlanFileError(`${label}: unknown schemaVersion ${JSON.stringify(obj.schemaVersion)} (this version of sentry-harden reads ${SAVED_PLAN_SCHEMA_VERSION}); save the plan again`);
  }
  if (typeof obj.digest !== 'string' || obj.digest !== digestOf(obj)) {
    throw new PlanFileError(`${label}: the digest does not match the content (the file was changed after it was saved); save the plan again`);
  }
  const parsed = planSchema.safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // reachable with a digest that matches (a file written by another version or by hand): say where and what to do
    const what = (issue?.message ?? 'invalid').split('\n')[0];
    throw new PlanFileError(`${label}: invalid plan file at ${issue?.path.join('.') || '(top)'}: ${what}; save the plan again with \`sentry-harden plan --out FILE\``);
  }
  // the policy as it was resolved when planning (defaults included); the digest vouches for it
  return { ...parsed.data, policy: { ...DEFAULT_POLICY, ...parsed.data.policy } as Policy };
}

/** The engine's change of a saved one (the file's values exactly; the engine merges lists and PII configs into live). */
export const toPlannedChange = (c: SavedChange): PlannedChange => ({
  checkId: c.checkId,
  target: c.resource,
  field: c.field,
  before: c.before,
  after: c.after,
  risk: c.risk,
  reversible: c.reversible,
  ...(c.consequence !== undefined ? { consequence: c.consequence } : {}),
  ...(c.context !== undefined ? { context: c.context } : {}),
});

export interface StaleField {
  change: SavedChange;
  /** what the server holds now, as people read it ("absent" when the resource is gone) */
  live: string;
}

/** A field created by the change (a rotation key) has no live value yet: absent is its "before". */
const isCreate = (c: SavedChange): boolean => c.field === 'create';

/**
 * Every planned field whose live value is no longer the planned "before" (read now, compared as
 * Sentry stores it, secrets compared by digest as the file holds them). `apply FILE` and the
 * wizard (before it writes a reviewed control) both refuse on it: one rule for a stale review.
 */
export async function staleFields(conn: Conn, plan: Pick<SavedPlan, 'changes'>): Promise<StaleField[]> {
  const reader = new LiveReader(conn.api, conn.target.org);
  const stale: StaleField[] = [];
  for (const c of plan.changes) {
    const live = await readLive(reader, c.resource, c.field);
    if (live === ABSENT) {
      if (!isCreate(c)) stale.push({ change: c, live: 'absent' });
      continue;
    }
    if (isCreate(c) || !holdsBefore(c.resource, c.field, redactSecrets(live), c.before)) stale.push({ change: c, live: show(redactSecrets(live)) });
  }
  return stale;
}

/** "organization acme require2FA (planned false, now true); key Default (web) rateLimit (…)" */
export function staleLine(stale: readonly StaleField[]): string {
  const first = stale.slice(0, 5).map((s) => `${s.change.resourceName} ${s.change.field} (planned ${show(s.change.before)}, now ${s.live})`);
  return `${first.join('; ')}${stale.length > 5 ? `; and ${stale.length - 5} more` : ''}`;
}
