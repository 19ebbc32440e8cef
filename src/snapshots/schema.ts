// The on-disk formats of a snapshot session (DESIGN.md "Snapshots"), validated with zod on load.
// snapshots/manifest.schema.json and snapshots/entry.schema.json describe the same shapes.

import { z } from 'zod';
import { resourceRefSchema } from '../../steps/resource-ref.js';

export const SCHEMA_VERSION = 1;

const teamRole = z.object({ teamSlug: z.string(), role: z.string().nullable() });

export const entryFieldSchema = z.strictObject({
  field: z.string().min(1),
  /** for a request that touches several resources (spike protection: the project slug) */
  resource: z.string().optional(),
  before: z.unknown(),
  after: z.unknown(),
  /**
   * the request did not change this field: the server ignored it (read back unchanged) or refused
   * the request outright (a 4xx). Rollback leaves such a field alone, even when someone has set
   * it to `after` since: the session never made that change.
   */
  notApplied: z.boolean().optional(),
});

/** Identifies an object a request creates or deletes, so a `pending` entry can be resolved. */
export const markerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('key-create'), project: z.string(), name: z.string(), keyId: z.string().optional() }),
  z.strictObject({ kind: z.literal('invitation-delete'), email: z.string(), orgRole: z.string(), teamRoles: z.array(teamRole) }),
  z.strictObject({ kind: z.literal('invitation-create'), email: z.string(), orgRole: z.string(), teamRoles: z.array(teamRole) }),
  /** a member's team roles before a role change (Sentry may null team roles a demotion makes redundant) */
  z.strictObject({ kind: z.literal('member-role'), teamRoles: z.array(teamRole) }),
  /**
   * what a revoke took away, for the rollback's "cannot be restored" line: the token's name,
   * scopes and dates, never its value or hash (Sentry never answers them after creation)
   */
  z.strictObject({
    kind: z.literal('org-auth-token-revoke'),
    name: z.string(),
    scopes: z.array(z.string()),
    dateCreated: z.string(),
    dateLastUsed: z.string().nullable(),
  }),
  z.strictObject({
    kind: z.literal('two-factor-sweep'),
    /** members without 2FA when require2FA was sent: they become pending invitations */
    members: z.array(z.strictObject({ id: z.string(), email: z.string(), orgRole: z.string() })),
  }),
]);

export const entryStatusSchema = z.enum(['pending', 'applied', 'not-effective', 'failed']);

export const entrySchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  seq: z.number().int().min(1),
  sessionId: z.string().min(1),
  requestId: z.string(),
  controlId: z.string(),
  checkIds: z.array(z.string()),
  target: resourceRefSchema,
  method: z.enum(['PUT', 'POST', 'DELETE']),
  description: z.string(),
  fields: z.array(entryFieldSchema),
  marker: markerSchema.optional(),
  status: entryStatusSchema,
  message: z.string().optional(),
  fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  /** sha-256 (hex) of the canonical JSON of this entry without `sha256` */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const sessionStatusSchema = z.enum(['in-progress', 'complete', 'partial', 'rolled-back']);

export const manifestSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  sessionId: z.string().min(1),
  /** base URL without credentials, query or fragment */
  url: z.string(),
  org: z.string().min(1),
  level: z.enum(['L1', 'L2', 'L3']).nullable(),
  /** apply | wizard | rollback */
  command: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  status: sessionStatusSchema,
  /** the session this one rolled back */
  rollbackOf: z.string().optional(),
  /** sessions that rolled this one back */
  rolledBackBy: z.array(z.string()).optional(),
  /** written when the session ends: number of entries and sha-256 over their hashes in order */
  entryCount: z.number().int().min(0).optional(),
  entriesSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** sha-256 of the canonical JSON of this manifest without `sha256` */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export type EntryField = z.infer<typeof entryFieldSchema>;
export type EntryMarker = z.infer<typeof markerSchema>;
export type EntryStatus = z.infer<typeof entryStatusSchema>;
export type JournalEntry = z.infer<typeof entrySchema>;
export type SessionStatus = z.infer<typeof sessionStatusSchema>;
export type Manifest = z.infer<typeof manifestSchema>;
