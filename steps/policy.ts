// The policy parameters of POLICY.md ("Policy file"), their defaults and validation.
// A policy file may set any subset; unknown keys and wrong types are rejected naming the key.

import { z } from 'zod';
import { UserError } from '../src/errors.js';

const rateLimitSchema = z.strictObject({
  window: z.number().int().min(1).max(86_400),
  count: z.number().int().min(1),
});

const stringList = z.array(z.string().trim().min(1));

export const policySchema = z.strictObject({
  maxOwners: z.number().int().min(1),
  minOwners: z.number().int().min(1),
  maxInviteAgeDays: z.number().int().min(0),
  inactiveDays: z.number().int().min(1),
  sensitiveFields: stringList,
  allowedSafeFields: stringList,
  keyRateLimit: rateLimitSchema,
  /** project slug → allowed origins */
  allowedDomains: z.record(z.string(), stringList),
  /** a list for every project, or project slug → list */
  blockedIps: z.union([stringList, z.record(z.string(), stringList)]),
  /** team slug to give projects without a team */
  orphanProjectTeam: z.string().trim().min(1),
  productionPattern: z.string().refine(
    (s) => {
      try {
        new RegExp(s);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression' },
  ),
  maxTeamsPerProductionProject: z.number().int().min(1),
  /** emails of owners to demote to manager */
  demoteOwners: stringList,
  maxKeyAgeDays: z.number().int().min(1),
  auditWindowDays: z.number().int().min(1).max(365),
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
  maxKeyAgeDays: 365,
  auditWindowDays: 30,
};

export class PolicyError extends UserError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'PolicyError';
  }
}

/** Validate a parsed policy file; throws PolicyError naming the offending key. */
export function parsePolicy(raw: unknown, source = 'policy file'): Policy {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PolicyError(`${source}: expected a JSON object with policy parameters (see POLICY.md)`);
  }
  const result = policySchema.partial().safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    if (issue?.code === 'unrecognized_keys' && issue.path.length === 0) {
      throw new PolicyError(`${source}: unknown key "${issue.keys.join('", "')}"; allowed keys: ${Object.keys(policySchema.shape).join(', ')}`);
    }
    if (issue?.code === 'unrecognized_keys') {
      // inside a parameter (keyRateLimit): the top-level key list would point the person elsewhere
      throw new PolicyError(`${source}: "${issue.path.map(String).join('.')}" has unknown key "${issue.keys.join('", "')}"`);
    }
    const key = issue?.path.map(String).join('.') ?? '?';
    throw new PolicyError(`${source}: "${key}" ${issue?.message ?? 'is invalid'}`);
  }
  const merged: Policy = { ...DEFAULT_POLICY, ...(result.data as PolicyFile) };
  if (merged.minOwners > merged.maxOwners) {
    throw new PolicyError(`${source}: "minOwners" (${merged.minOwners}) must not exceed "maxOwners" (${merged.maxOwners})`);
  }
  return merged;
}
