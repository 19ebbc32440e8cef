// The JSON Schemas of snapshots/manifest.schema.json and snapshots/entry.schema.json, derived
// from the zod schemas that validate sessions on load (a test keeps the files in sync).

import { z } from 'zod';
import { entrySchema, manifestSchema } from './schema.js';

export function snapshotJsonSchemas(): { manifest: Record<string, unknown>; entry: Record<string, unknown> } {
  const gen = (schema: z.ZodType, id: string, title: string, description: string): Record<string, unknown> => {
    const { $schema, ...rest } = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Record<string, unknown>;
    return { $schema, $id: id, title, description, ...rest };
  };
  return {
    manifest: gen(
      manifestSchema,
      'https://github.com/sentry-harden/sentry-harden/snapshots/manifest.schema.json',
      'sentry-harden snapshot session manifest',
      'manifest.json of one apply, wizard or rollback session. `sha256` is the sha-256 (hex) of the canonical JSON (keys sorted, no whitespace) of the manifest without `sha256`; `entriesSha256` (written when the session ends) is the sha-256 of the entry hashes joined by newlines, in entry order.',
    ),
    entry: gen(
      entrySchema,
      'https://github.com/sentry-harden/sentry-harden/snapshots/entry.schema.json',
      'sentry-harden snapshot journal entry',
      'entries/NNNN.json: one API request, written before the request is sent (status pending) and updated after the read-back. `sha256` is the sha-256 (hex) of the canonical JSON of the entry without `sha256`.',
    ),
  };
}
