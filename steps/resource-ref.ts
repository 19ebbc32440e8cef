// What a check's finding or change is about: one resource of the organization, by type. The
// schema is the one home of the shapes: checks and the engine use the `ResourceRef` type derived
// from it, and the snapshot journal validates an entry's target with it on load.
// Variants are loose: a journal entry keeps every key it was written with (its sha-256 covers them).

import { z } from 'zod';

const ref = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.looseObject({ type: z.literal(type), id: z.string(), ...shape });

export const resourceRefSchema = z.discriminatedUnion('type', [
  ref('organization', {}),
  ref('project', { name: z.string().optional() }),
  ref('member', { email: z.string() }),
  ref('invitation', { email: z.string() }),
  ref('team', {}),
  ref('key', { project: z.string(), name: z.string().optional() }),
  ref('filter', { project: z.string() }),
  ref('project-team', { project: z.string() }),
  ref('spike-protection', {}),
  ref('auth-provider', {}),
  /** an organization auth token, by its id; `name` as Sentry's settings page lists it */
  ref('org-auth-token', { name: z.string() }),
  /** a custom integration or installed app, by slug */
  ref('sentry-app', {}),
  /** a trusted Relay, by public key */
  ref('relay', { name: z.string() }),
  ref('audit-log', {}),
]);

/** A type without its index signature (a loose object's `[k: string]: unknown`), per union member. */
type Declared<T> = T extends unknown ? { [K in keyof T as string extends K ? never : K]: T[K] } : never;

/**
 * What a finding or change is about, as checks and the engine name it (its declared fields only).
 * `id` is the slug (org, project, team), member id, key id, token id or Relay public key.
 */
export type ResourceRef = Declared<z.output<typeof resourceRefSchema>>;
