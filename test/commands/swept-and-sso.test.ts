// Issue 18 and issue 10 item 4 over real HTTP, through the commands: the simulator writes the
// 2FA sweep as Sentry does (src/sentry/tasks/auth/auth.py remove_non_compliant_members:
// member.pending with target_object = the org id, target_user = the user, email in data;
// src/sentry/models/organizationmember.py remove_user keeps date_added), and an SSO provider
// without "Require SSO" (require_link false = allow_unlinked) makes Sentry's query_sso_state
// (src/sentry/auth/services/access/service.py) require SSO of nobody.

import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/commands/apply.js';
import { runVerify } from '../../src/commands/verify.js';
import { DEMO } from '../../src/simulator/index.js';
import { SCENARIO } from '../../src/simulator/seed-scenarios.js';
import { closedAfterEach } from '../helpers/simulators.js';
import { globalOptions, simEnv, tempIo } from '../helpers/io.js';

const { sim } = closedAfterEach();
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface CheckJson { id: string; status: string; reason?: string; findings: { message: string; resource: { id: string } }[] }

async function verifyJson(s: Awaited<ReturnType<typeof sim>>, only: string[]): Promise<Map<string, CheckJson>> {
  const t = tempIo(simEnv(s));
  dirs.push(t.dir);
  await runVerify(globalOptions({ level: 'L3', only, format: 'json' }), t.io);
  const report = JSON.parse(t.out()) as { controls: { checks: CheckJson[] }[] };
  return new Map(report.controls.flatMap((c) => c.checks).map((c) => [c.id, c]));
}

async function apply(s: Awaited<ReturnType<typeof sim>>, over: Parameters<typeof globalOptions>[0]): Promise<string> {
  const t = tempIo(simEnv(s));
  dirs.push(t.dir);
  await runApply(globalOptions({ level: 'L2', yes: true, ...over }), t.io, { registry: null });
  return t.out();
}

describe('2.3.4 and members the 2FA requirement swept', () => {
  it('after require2FA sweeps manager Finley, verify does not call him a stale invitation and apply --only 2.3.4 keeps him', async () => {
    const s = await sim();
    await apply(s, { only: ['1.2.1'], allowRisky: ['1.2.1'] });
    const finley = s.state.members.get(DEMO.no2faMemberId)!;
    expect(finley).toMatchObject({ pending: true, userId: null, orgRole: 'manager' });
    // Sentry keeps date_added: the invitation looks 400 days old
    expect(Date.now() - Date.parse(finley.dateCreated)).toBeGreaterThan(300 * 86_400_000);

    const checks = await verifyJson(s, ['2.3.4']);
    const c = checks.get('2.3.4')!;
    expect(c.status).toBe('fail'); // the 20-day-old owner invitation, proven by its member.invite entry
    expect(c.findings.map((f) => f.resource.id)).toEqual([DEMO.staleOwnerInviteId]);

    await apply(s, { only: ['2.3.4'], allowRisky: ['2.3.4'] });
    expect(s.state.members.has(DEMO.no2faMemberId)).toBe(true);
    expect(s.state.members.has(DEMO.staleOwnerInviteId)).toBe(false);
  });

  it('a member swept 120 days ago (no entry in the audit log read) is manual and never deleted', async () => {
    const s = await sim({ seed: 'demo-swept-long-ago' });
    const finley = s.state.members.get(SCENARIO.finleyMemberId)!;
    expect(finley).toMatchObject({ pending: true, userId: null, expired: true, orgRole: 'manager' });
    const c = (await verifyJson(s, ['2.3.4'])).get('2.3.4')!;
    // new-cto's invitation is proven stale; Finley's origin is not provable: named, not deleted
    expect(c.status).toBe('fail');
    expect(c.findings.map((f) => f.resource.id).sort()).toEqual([SCENARIO.finleyMemberId, DEMO.staleOwnerInviteId].sort());
    expect(c.findings.find((f) => f.resource.id === SCENARIO.finleyMemberId)?.message).toMatch(/not deleted: .*cannot be proven/);

    await apply(s, { only: ['2.3.4'], allowRisky: ['2.3.4'] });
    expect(s.state.members.has(SCENARIO.finleyMemberId)).toBe(true);
    expect(s.state.members.has(DEMO.staleOwnerInviteId)).toBe(false);
    // with the proven one gone, only the unproven one is left: manual, with the reason
    const after = (await verifyJson(s, ['2.3.4'])).get('2.3.4')!;
    expect(after.status).toBe('manual');
    expect(after.reason).toMatch(/finley@acme.example: .*cannot be proven/);
  });
});

describe('2.3.2 / 2.3.3 with an SSO provider that does not require SSO', () => {
  it('owners and a manager who rely on an SSO link without Require SSO fail', async () => {
    const s = await sim({ seed: 'demo-sso-optional' });
    expect(s.state.org.authProvider?.require_link).toBe(false);
    const checks = await verifyJson(s, ['2.3.2', '2.3.3']);
    const c232 = checks.get('2.3.2')!;
    expect(c232.status).toBe('fail');
    expect(c232.findings[0]?.message).toMatch(/Only 1 owner is an active member with 2FA \(SSO links do not count: the SSO provider does not require SSO.*alex@acme.example/);
    const c233 = checks.get('2.3.3')!;
    expect(c233.status).toBe('fail');
    expect(c233.findings.map((f) => f.resource.id).sort()).toEqual([...SCENARIO.linkedOwnerMemberIds, SCENARIO.finleyMemberId].sort());

    // switching "Require SSO" on (web UI only) makes the links count
    s.state.org.authProvider!.require_link = true;
    const on = await verifyJson(s, ['2.3.2', '2.3.3']);
    expect(on.get('2.3.2')?.status).toBe('pass');
    expect(on.get('2.3.3')?.status).toBe('pass');
  });
});
