// A plan file whose digest matches but whose content this version cannot use (written by another
// version, or edited with the digest recomputed) is refused in one line that says where and what to do.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/canonical-json.js';
import { buildSavedPlan, parseSavedPlan, PlanFileError } from '../../src/engine/saved-plan.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';

const plan = buildSavedPlan({
  target: { url: 'https://sentry.io', org: 'acme' }, level: 'L1', only: [], skip: [], policy: DEFAULT_POLICY,
  createdAt: '2026-12-06T18:00:00.000Z', toolVersion: '0.1.0',
  changes: [{ checkId: '2.1.3', target: { type: 'organization', id: 'acme' }, field: 'openMembership', before: true, after: false, risk: 'none', reversible: true }],
});

/** The file's text after `edit`, with the digest recomputed the way the tool computes it. */
function resigned(edit: (doc: Record<string, unknown>) => void): string {
  const doc = JSON.parse(JSON.stringify(plan)) as Record<string, unknown>;
  edit(doc);
  const { digest: _d, ...rest } = doc;
  doc.digest = `sha256:${createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex')}`;
  return JSON.stringify(doc);
}

describe('parseSavedPlan: content this version cannot use', () => {
  it('reads its own plan back', () => {
    expect(parseSavedPlan(JSON.stringify(plan), 'p.json').changes).toHaveLength(1);
  });

  it('an unknown resource type: one line naming the path, what to do, and no stack', () => {
    const text = resigned((d) => { ((d.changes as Array<{ resource: { type: string } }>)[0]!.resource).type = 'galaxy'; });
    let err: unknown;
    try { parseSavedPlan(text, 'p.json'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(PlanFileError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^p\.json: invalid plan file at changes\.0\.resource\.type: .+; save the plan again with `sentry-harden plan --out FILE`$/);
    expect(msg).not.toContain('\n');
  });
});
