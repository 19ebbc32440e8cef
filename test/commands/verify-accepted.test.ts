// Accepted risks of the policy file (steps/accepted-risks.ts) through `verify` against the demo
// org: accepted until the expiry day (inclusive, UTC), failing again after it, counted apart in
// every format; bad entries are exit 2 with one line.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVerify } from '../../src/commands/verify.js';
import { runPlan } from '../../src/commands/plan.js';
import { runApply } from '../../src/commands/apply.js';
import type { JsonPlan } from '../../src/report/plan.js';
import { main } from '../../src/main.js';
import type { JsonReport } from '../../src/report/json.js';
import { globalOptions, simEnv, tempIo } from '../helpers/io.js';
import { closedAfterEach } from '../helpers/simulators.js';

const { sim: startSim } = closedAfterEach();

const RISKS = [
  // 3.1.7 fails on the demo org (allowSharedIssues): accepted as a whole
  { check: '3.1.7', reason: 'public sharing needed for the support portal', owner: 'alex@acme.example', expires: '2027-06-30' },
  // 3.1.8 (enhancedPrivacy off): expired yesterday relative to the clock below
  { check: '3.1.8', reason: 'rollout pending', owner: 'blake@acme.example', expires: '2026-12-05' },
  // 2.1.7: payments-service debugFilesRole member; only that project's finding
  { check: '2.1.7', resource: 'payments-service', reason: 'symbol upload by on-call', owner: 'alex@acme.example', expires: '2027-01-31' },
];
const NOW = new Date('2026-12-06T12:00:00Z');

async function run(format: 'json' | 'sarif' | 'junit' | 'markdown' | 'table', risks: unknown = RISKS) {
  const sim = await startSim();
  const c = tempIo(simEnv(sim));
  const file = path.join(c.dir, 'policy.json');
  writeFileSync(file, JSON.stringify({ acceptedRisks: risks }));
  const code = await runVerify(globalOptions({ level: 'L2', format, policy: file, only: ['3.1.7', '3.1.8', '2.1.7'] }), c.io, { now: () => NOW });
  return { code, out: c.out(), err: c.err() };
}

describe('accepted risks', () => {
  it('JSON: accepted with reason, expired fails again, a resource acceptance covers only its findings', async () => {
    const { code, out } = await run('json');
    const report = JSON.parse(out) as JsonReport;
    const checks = Object.fromEntries(report.controls.flatMap((c) => c.checks).map((k) => [k.id, k]));
    expect(checks['3.1.7']!.status).toBe('accepted');
    expect(checks['3.1.7']!.acceptances).toEqual([RISKS[0]]);
    expect(checks['3.1.7']!.findings).toEqual([]);
    expect(checks['3.1.7']!.acceptedFindings!.length).toBeGreaterThan(0);
    expect(checks['3.1.8']!.status).toBe('fail');
    expect(checks['3.1.8']!.expiredAcceptances).toEqual([RISKS[1]]);
    // 2.1.7: payments-service was the only project finding -> accepted
    expect(checks['2.1.7']!.status).toBe('accepted');
    expect(checks['2.1.7']!.acceptedFindings!.map((f) => f.resource.id)).toEqual(['payments-service']);
    expect(report.summary).toEqual({ pass: 0, fail: 1, manual: 0, not_applicable: 0, error: 0, accepted: 2 });
    expect(code).toBe(1); // the expired acceptance fails the run again
  });

  it('on the expiry day itself the acceptance still holds', async () => {
    const { code, out } = await run('json', [{ ...RISKS[1], expires: '2026-12-06' }]);
    const report = JSON.parse(out) as JsonReport;
    expect(report.controls.flatMap((c) => c.checks).find((k) => k.id === '3.1.8')!.status).toBe('accepted');
    expect(code).toBe(1); // 3.1.7 and 2.1.7 still fail
  });

  it('SARIF: accepted findings carry suppressions with the justification; JUnit: skipped with the message', async () => {
    const sarif = JSON.parse((await run('sarif')).out) as { runs: { results: { ruleId: string; suppressions?: { kind: string; status: string; justification: string }[] }[] }[] };
    const results = sarif.runs[0]!.results;
    const suppressed = results.filter((r) => r.suppressions);
    expect(new Set(suppressed.map((r) => r.ruleId))).toEqual(new Set(['3.1.7', '2.1.7']));
    expect(suppressed[0]!.suppressions![0]).toMatchObject({ kind: 'external', status: 'accepted' });
    expect(suppressed.find((r) => r.ruleId === '3.1.7')!.suppressions![0]!.justification).toContain('public sharing needed for the support portal');
    expect(results.filter((r) => r.ruleId === '3.1.8' && !r.suppressions).length).toBeGreaterThan(0);

    const junit = (await run('junit')).out;
    expect(junit).toMatch(/<skipped message="accepted until 2027-06-30 by alex@acme.example: public sharing needed for the support portal"\/>/);
    expect(junit).toMatch(/<testsuites [^>]*failures="1"[^>]*skipped="2"/);
  });

  it('Markdown and table name the acceptance and the expired one', async () => {
    const md = (await run('markdown')).out;
    expect(md).toContain('accepted until 2027-06-30 by alex@acme.example');
    expect(md).toContain('acceptance expired 2026-12-05');
    const table = (await run('table')).out;
    expect(table).toContain('accepted until 2027-06-30');
    expect(table).toContain('acceptance expired 2026-12-05');
  });

  it('bad entries are exit 2 with one line, before any request', async () => {
    const bad: [unknown, RegExp][] = [
      [[{ ...RISKS[0], check: '9.9.9' }], /"acceptedRisks\.0\.check" names no check: "9\.9\.9"/],
      [[{ ...RISKS[0], expires: '2027-02-30' }], /"acceptedRisks\.0\.expires" is not a calendar date/],
      [[{ ...RISKS[0], expires: 'next year' }], /"acceptedRisks\.0\.expires" must be a date YYYY-MM-DD/],
      [[{ check: '3.1.7', owner: 'a', expires: '2027-01-01' }], /"acceptedRisks\.0\.reason" is required/],
      [[{ ...RISKS[0], reason: '  ' }], /"acceptedRisks\.0\.reason" must not be empty/],
      [[{ ...RISKS[0], extra: 1 }], /acceptedRisks\.0/],
    ];
    for (const [risks, re] of bad) {
      const c = tempIo({ SENTRY_AUTH_TOKEN: 'x', SENTRY_URL: 'http://127.0.0.1:9', SENTRY_ORG: 'acme' });
      const file = path.join(c.dir, 'p.json');
      writeFileSync(file, JSON.stringify({ acceptedRisks: risks }));
      expect(await main(['verify', '--policy', file], c.io)).toBe(2);
      expect(c.err().split('\n')[0]).toMatch(re);
    }
  });
  it('plan and apply leave accepted checks alone and say why; an expired acceptance is planned again', async () => {
    const sim = await startSim();
    const c = tempIo(simEnv(sim));
    const file = path.join(c.dir, 'policy.json');
    writeFileSync(file, JSON.stringify({ acceptedRisks: RISKS }));
    const only = ['3.1.7', '3.1.8', '2.1.7'];
    const code = await runPlan(globalOptions({ level: 'L2', format: 'json', policy: file, only }), c.io, { now: () => NOW });
    expect(code).toBe(1);
    const plan = JSON.parse(c.out()) as JsonPlan;
    expect(plan.changes.map((ch) => ch.checkId)).toEqual(['3.1.8']);
    expect(plan.accepted.map((a) => [a.checkId, a.status, a.acceptances[0]!.reason])).toEqual([
      ['2.1.7', 'accepted', 'symbol upload by on-call'],
      ['3.1.7', 'accepted', 'public sharing needed for the support portal'],
    ]);
    expect(plan.accepted[0]!.resources).toEqual(['project payments-service']);
    expect(plan.expiredAcceptances.map((e) => e.checkId)).toEqual(['3.1.8']);

    const t = tempIo(simEnv(sim));
    await runPlan(globalOptions({ level: 'L2', policy: file, only }), t.io, { now: () => NOW });
    const table = t.out().replace(/\s+/g, ' ');
    expect(table).toContain('Left alone (accepted risks of the policy file; not planned until they expire):');
    expect(table).toContain('3.1.7 Public issue sharing is off: accepted until 2027-06-30 by alex@acme.example: public sharing needed for the support portal');
    expect(table).toContain('acceptance expired 2026-12-05');

    const a = tempIo(simEnv(sim));
    const applied = await runApply(globalOptions({ level: 'L2', policy: file, only, yes: true, snapshotsDir: path.join(a.dir, 'snaps') }), a.io, { registry: null, now: () => NOW });
    expect(applied).toBe(0);
    expect(a.out()).toContain('left alone: 3.1.7 Public issue sharing is off: accepted until 2027-06-30');
    expect(a.out()).toContain('left alone: 2.1.7');
    expect(a.err()).toContain('note: 3.1.8: acceptance expired 2026-12-05');
    expect(sim.state.org.allowSharedIssues).toBe(true); // accepted: untouched
    expect(sim.state.org.enhancedPrivacy).toBe(true); // expired: applied
  });
});
