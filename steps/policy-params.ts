// The building blocks of policy-file parameters. Each control declares the parameters its checks
// read next to those checks (`policyParams` in its file); steps/policy.ts builds the policy schema,
// its defaults and the reference (docs/policy.*) from them, and each check lists the ones it reads
// (`CheckDef.params`).

import { z } from 'zod';

/** One parameter: its schema (with a description, without check ids) and its default. */
export interface PolicyParam<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  readonly default: z.output<S>;
}

export const param = <S extends z.ZodType>(schema: S, fallback: z.output<S>): PolicyParam<S> => ({ schema, default: fallback });

export const stringList = z.array(z.string().trim().min(1));

export const rateLimitSchema = z.strictObject({
  window: z.number().int().min(1).max(86_400),
  count: z.number().int().min(1),
});
