// The policy parameters (`--policy FILE`), their defaults and validation.
// A policy file may set any subset; unknown keys and wrong types are rejected naming the key.

import { z } from 'zod';
import { UserError } from '../src/errors.js';

const rateLimitSchema = z.strictObject({
  window: z.number().int().min(1).max(86_400),
  count: z.number().int().min(1),
});

const stringList = z.array(z.string().trim().min(1));

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

// Each parameter's description (with the checks that read it) is the one home of the policy
// reference: `sentry-harden help policy`, docs/policy.md and docs/policy.schema.json are
// generated from it (scripts/gen-policy-docs.ts; a test fails when they drift).
export const policySchema = z.strictObject({
  maxOwners: z.number().int().min(1).describe('Most organization owners allowed, pending owner invitations included (2.3.1).'),
  minOwners: z
    .number()
    .int()
    .min(1)
    .describe('Fewest owners to keep: no change (a demotion, the 2FA requirement) may leave fewer owners with access (1.2.1, 2.3.1, 2.3.2).'),
  maxInviteAgeDays: z.number().int().min(0).describe('Pending invitations older than this many days are flagged for removal (2.1.10, 2.3.4).'),
  inactiveDays: z.number().int().min(1).describe('Members without activity for this many days are listed for review (2.1.9).'),
  sensitiveFields: stringList.describe('Field names the server-side data scrubber must always remove; merged into the organization\'s list, nothing of yours is dropped (3.1.3).'),
  allowedSafeFields: stringList.describe('Fields a project may exempt from scrubbing ("safe fields"); any other safe field is flagged (3.1.6).'),
  keyRateLimit: rateLimitSchema.describe('Rate limit proposed for client keys without one: `count` events per `window` seconds (3.2.1).'),
  /** project slug → allowed origins */
  allowedDomains: z
    .record(z.string(), stringList)
    .describe('Project slug -> the origins its browser SDK may send from, replacing "*" (3.2.2). Without an entry the wizard asks.'),
  /** a list for every project, or project slug → list */
  blockedIps: z
    .union([stringList, z.record(z.string(), stringList)])
    .describe('IP addresses or CIDR ranges to block: one list for every project, or project slug -> list (3.3.4).'),
  /** team slug to give projects without a team */
  orphanProjectTeam: z.string().trim().min(1).describe('Team slug given to projects that have no team (2.2.1). Without it the wizard asks.'),
  productionPattern: z
    .string()
    .refine(
      (s) => {
        try {
          new RegExp(s);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'not a valid regular expression' },
    )
    .describe('Regular expression matched against project slugs to find production projects (2.2.2).'),
  maxTeamsPerProductionProject: z.number().int().min(1).describe('Most teams with access to one production project (2.2.2).'),
  /** emails of owners to demote to manager */
  demoteOwners: stringList.describe('Emails of owners to demote to manager when there are more than maxOwners (2.3.1). Without it the wizard asks.'),
  replayAccess: stringList.describe('Emails of the members allowed to watch session replays once replay access is restricted (3.5.1). Without it 3.5.1 stays failing: turning the restriction on with nobody listed would hide replays from everyone.'),
  maxKeyAgeDays: z.number().int().min(1).describe('Client keys older than this many days are due for rotation (3.2.4).'),
  auditWindowDays: z.number().int().min(1).max(365).describe('How many days of the audit log are read for security events (4.1.2).'),
  acceptedRisks: z
    .array(acceptedRiskSchema)
    .describe('Failing checks the organization accepts until a date: check id, optional resource (project slug, member email, key id or type:id), reason, owner, expires (YYYY-MM-DD, inclusive). verify reports them as accepted; from the day after expires they fail again. Any check, e.g. public issue sharing kept for a support portal (3.1.7).'),
});

export type Policy = z.infer<typeof policySchema>;
export type PolicyFile = Partial<Policy>;

export const DEFAULT_POLICY: Policy = {
  maxOwners: 3,
  minOwners: 2,
  maxInviteAgeDays: 7,
  inactiveDays: 90,
  sensitiveFields: [
    'credit_card',
    'card_number',
    'cvv',
    'bank_account',
    'routing_number',
    'social_security',
    'passport_number',
    'date_of_birth',
    'tax_id',
  ],
  allowedSafeFields: [],
  keyRateLimit: { window: 60, count: 1000 },
  allowedDomains: {},
  blockedIps: [],
  orphanProjectTeam: '',
  productionPattern: '(^|[-_])prod(uction)?($|[-_])',
  maxTeamsPerProductionProject: 2,
  demoteOwners: [],
  replayAccess: [],
  maxKeyAgeDays: 365,
  auditWindowDays: 30,
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
    const issue = result.error.issues[0];
    if (issue?.code === 'unrecognized_keys' && issue.path.length === 0) {
      throw new PolicyError(`${source}: unknown key "${issue.keys.join('", "')}"; allowed keys: ${Object.keys(policySchema.shape).join(', ')} (see \`${POLICY_HELP}\`)`);
    }
    if (issue?.code === 'unrecognized_keys') {
      // inside a parameter (keyRateLimit): the top-level key list would point the person elsewhere
      throw new PolicyError(`${source}: "${issue.path.map(String).join('.')}" has unknown key "${issue.keys.join('", "')}" (see \`${POLICY_HELP}\`)`);
    }
    const key = issue?.path.map(String).join('.') ?? '?';
    throw new PolicyError(`${source}: "${key}" ${issue?.message ?? 'is invalid'} (see \`${POLICY_HELP}\`)`);
  }
  const merged: Policy = { ...DEFAULT_POLICY, ...(result.data as PolicyFile) };
  if (merged.minOwners > merged.maxOwners) {
    throw new PolicyError(`${source}: "minOwners" (${merged.minOwners}) must not exceed "maxOwners" (${merged.maxOwners})`);
  }
  return merged;
}
