// The policy file (`--policy FILE`): its schema and defaults, built from the parameters each
// control declares next to its checks (`policyParams*`), and its validation.
// A policy file may set any subset; unknown keys and wrong types are rejected naming the key.

import { z } from 'zod';
import { UserError } from '../src/errors.js';
import { policyParams2_1 } from './2.1-team-access.js';
import { policyParams2_2 } from './2.2-project-access.js';
import { policyParams2_3 } from './2.3-admin-access.js';
import { policyParams3_1 } from './3.1-data-scrubbing.js';
import { policyParams3_2 } from './3.2-dsn-security.js';
import { policyParams3_3 } from './3.3-ip-filtering.js';
import { policyParams3_5 } from './3.5-replay-ai-data.js';
import { policyParams4_1 } from './4.1-audit-logs.js';
import { CONTROLS } from './index.js';

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not). */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine(
  (s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  },
  { message: 'is not a calendar date' },
);

/**
 * A risk the organization accepts instead of fixing: a check id, optionally one resource (a
 * project slug, member email, key id ... or `type:id`), who accepted it, why, and until when
 * (inclusive, UTC). Check ids are validated against the catalog in accepted-risks.ts.
 */
export const acceptedRiskSchema = z.strictObject({
  check: z.string().trim().min(1),
  resource: z.string().trim().min(1).optional(),
  reason: z.string({ message: 'is required (why the risk is accepted)' }).trim().min(1, 'must not be empty'),
  owner: z.string({ message: 'is required (who accepted the risk)' }).trim().min(1, 'must not be empty'),
  expires: isoDate,
});
export type AcceptedRisk = z.infer<typeof acceptedRiskSchema>;

/** Every control's policy-file parameters, as declared next to its checks. */
const CHECK_PARAMS = {
  ...policyParams2_1,
  ...policyParams2_2,
  ...policyParams2_3,
  ...policyParams3_1,
  ...policyParams3_2,
  ...policyParams3_3,
  ...policyParams3_5,
  ...policyParams4_1,
};
type CheckParams = typeof CHECK_PARAMS;

/** "2.3.1, 2.3.2": the checks that list the parameter in their `params`. */
function readers(key: string): string {
  const ids = CONTROLS.flatMap((c) => c.checks)
    .filter((c) => c.params?.some((p) => p === key))
    .map((c) => c.id);
  return ids.join(', ');
}

function schemas(): { [K in keyof CheckParams]: CheckParams[K]['schema'] } {
  const out: Record<string, z.ZodType> = {};
  for (const [key, p] of Object.entries(CHECK_PARAMS)) out[key] = p.schema.describe(`${p.schema.description ?? key} (${readers(key)}).`);
  return out as { [K in keyof CheckParams]: CheckParams[K]['schema'] };
}

// Each parameter's description (with the checks that read it) is the one home of the policy
// reference: `sentry-harden help policy`, docs/policy.md and docs/policy.schema.json are
// generated from it (scripts/gen-policy-docs.ts; a test fails when they drift).
export const policySchema = z.strictObject({
  ...schemas(),
  acceptedRisks: z
    .array(acceptedRiskSchema)
    .describe('Failing checks the organization accepts until a date: check id, optional resource (project slug, member email, key id or type:id), reason, owner, expires (YYYY-MM-DD, inclusive). verify reports them as accepted; from the day after expires they fail again. Any check, e.g. public issue sharing kept for a support portal (3.1.7).'),
});

export type Policy = z.infer<typeof policySchema>;
export type PolicyFile = Partial<Policy>;

export const DEFAULT_POLICY: Policy = {
  ...(Object.fromEntries(Object.entries(CHECK_PARAMS).map(([k, p]) => [k, p.default])) as { [K in keyof CheckParams]: CheckParams[K]['default'] }),
  acceptedRisks: [],
};

/** Where a person reads about the policy file: shipped with the tool. */
export const POLICY_HELP = 'sentry-harden help policy';

export class PolicyError extends UserError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'PolicyError';
  }
}

/** Validate a parsed policy file; throws PolicyError naming the offending key. */
export function parsePolicy(raw: unknown, source = 'policy file'): Policy {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PolicyError(`${source}: expected a JSON object with policy parameters (see \`${POLICY_HELP}\`)`);
  }
  // "$schema" lets an editor complete and check the file (docs/policy.schema.json)
  const { $schema: _schema, ...params } = raw as Record<string, unknown>;
  const result = policySchema.partial().safeParse(params);
  if (!result.success) {
    // a failed parse carries at least one issue (zod's ZodError); the first one names the key
    const issue = result.error.issues[0]!;
    const key = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      // a key of the file itself
      if (issue.path.length === 0) {
        throw new PolicyError(`${source}: unknown key "${issue.keys.join('", "')}"; allowed keys: ${Object.keys(policySchema.shape).join(', ')} (see \`${POLICY_HELP}\`)`);
      }
      // inside a parameter (keyRateLimit): the top-level key list would point the person elsewhere
      throw new PolicyError(`${source}: "${key}" has unknown key "${issue.keys.join('", "')}" (see \`${POLICY_HELP}\`)`);
    }
    throw new PolicyError(`${source}: "${key}" ${issue.message} (see \`${POLICY_HELP}\`)`);
  }
  const merged: Policy = { ...DEFAULT_POLICY, ...(result.data as PolicyFile) };
  if (merged.minOwners > merged.maxOwners) {
    throw new PolicyError(`${source}: "minOwners" (${merged.minOwners}) must not exceed "maxOwners" (${merged.maxOwners})`);
  }
  return merged;
}
