// The policy file is built from the parameters the controls declare next to their checks
// (steps/policy-params.ts): every parameter is read by some check, and every check names only
// parameters that exist, so the reference's "(checks)" column cannot drift.

import { describe, expect, it } from 'vitest';
import { CONTROLS } from '../../steps/index.js';
import { DEFAULT_POLICY, policySchema } from '../../steps/policy.js';

describe('policy parameters declared by the checks', () => {
  const checks = CONTROLS.flatMap((c) => c.checks);
  const keys = Object.keys(policySchema.shape).filter((k) => k !== 'acceptedRisks');

  it('every parameter is read by at least one check, and named with those checks in the reference', () => {
    for (const key of keys) {
      const readers = checks.filter((c) => c.params?.includes(key as never)).map((c) => c.id);
      expect(readers, key).not.toHaveLength(0);
      expect(policySchema.shape[key as keyof typeof policySchema.shape].description).toContain(`(${readers.join(', ')}).`);
    }
  });

  it('every parameter a check names exists and has a default', () => {
    for (const c of checks) for (const p of c.params ?? []) expect(keys, `${c.id} ${p}`).toContain(p);
    // '' (orphanProjectTeam) means "not set": the wizard asks; the file itself may not say ''
    expect(Object.keys(DEFAULT_POLICY).sort()).toEqual(Object.keys(policySchema.shape).sort());
  });
});
