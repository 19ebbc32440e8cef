// `verify --baseline FILE` / `--save-baseline FILE`: the baseline file (JSON, schemaVersion 1,
// mode 0600, written whole or not at all). A file that is missing, not JSON, not a baseline, or
// saved for another organization is one line and exit 2, before anything is read or written.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Baseline } from '../engine/drift.js';
import { UserError } from '../errors.js';
import { redactSecrets } from '../secrets.js';
import { writeFileAtomic } from './shared.js';

const STATUS = z.enum(['pass', 'fail', 'manual', 'not_applicable', 'error', 'accepted']);

const BaselineSchema = z.object({
  kind: z.literal('sentry-harden-baseline'),
  schemaVersion: z.literal(1),
  toolVersion: z.string(),
  savedAt: z.string().refine((s) => Number.isFinite(Date.parse(s)), 'savedAt is not a date'),
  target: z.object({ baseUrl: z.string(), org: z.string() }),
  level: z.string(),
  checks: z.record(z.string(), z.object({ status: STATUS, title: z.string() })),
  settings: z.record(z.string(), z.record(z.string(), z.unknown())),
  unread: z.record(z.string(), z.string()),
});

const firstLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

/** Read and check a baseline file (before connecting: a bad file costs no request). */
export async function readBaseline(label: string, cwd: string): Promise<Baseline> {
  const file = path.resolve(cwd, label);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`--baseline ${label}: no such file; save one first with \`sentry-harden verify --save-baseline ${label}\``);
    throw new UserError(`--baseline ${label}: cannot read the file: ${firstLine(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserError(`--baseline ${label}: not JSON; pass a file written by \`sentry-harden verify --save-baseline\``);
  }
  const parsed = BaselineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new UserError(`--baseline ${label}: not a sentry-harden baseline (${issue.message}${where}); pass a file written by \`verify --save-baseline\``);
  }
  return parsed.data as Baseline;
}

/** The baseline must be of the organization this run reads. */
export function checkBaselineTarget(label: string, b: Baseline, target: { baseUrl: string; org: string }): void {
  if (b.target.org !== target.org || b.target.baseUrl.replace(/\/+$/, '') !== target.baseUrl.replace(/\/+$/, '')) {
    throw new UserError(`--baseline ${label}: saved for ${b.target.org} at ${b.target.baseUrl}, not ${target.org} at ${target.baseUrl}`);
  }
}

/** Write the baseline whole (temporary file + rename), mode 0600, secrets redacted once more. */
export async function saveBaseline(label: string, cwd: string, baseline: Baseline): Promise<string> {
  const file = path.resolve(cwd, label);
  try {
    await writeFileAtomic(file, `${JSON.stringify(redactSecrets(baseline), null, 2)}\n`, 0o600);
  } catch (err) {
    throw new UserError(`--save-baseline ${label}: cannot write the file: ${firstLine(err)}`);
  }
  return file;
}
