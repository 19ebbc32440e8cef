// `plan` end to end against the demo org: the changes for failing checks, as diffs; nothing sent.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPlan } from '../../src/commands/plan.js';
import type { JsonPlan } from '../../src/report/plan.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { globalOptions, simEnv, tempIo } from '../helpers/io.js';
import stringWidth from 'string-width';

describe('plan against the demo org', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 'demo' });
  });
  afterAll(async () => sim.close());

  it('lists the changes of failing checks as JSON and exits 1', async () => {
    const auditBefore = sim.state.auditLog.length;
    sim.stats.reset();
    const c = tempIo(simEnv(sim));
    const code = await runPlan(globalOptions({ level: 'L1', format: 'json' }), c.io);
    expect(code).toBe(1);
    const plan = JSON.parse(c.out()) as JsonPlan;
    expect(plan.schemaVersion).toBe(1);
    expect(plan.level).toBe('L1');
    expect(plan.summary.changes).toBe(plan.changes.length);
    const require2fa = plan.changes.find((x) => x.checkId === '1.2.1')!;
    expect(require2fa).toMatchObject({ controlId: '1.2', field: 'require2FA', before: false, after: true, risk: 'risky', diff: ['- false', '+ true'] });
    // 3.2.1 proposals: one rate limit per active unlimited key on rate-limits projects
    const rl = plan.changes.filter((x) => x.checkId === '3.2.1');
    expect(rl).toHaveLength(12);
    expect(rl.every((x) => x.target.type === 'key' && x.field === 'rateLimit')).toBe(true);
    // guided 2.3.1 without policy demoteOwners is not in the plan but listed as unresolved
    expect(plan.unresolved.map((u) => u.checkId)).toContain('2.3.1');
    expect(plan.unresolved.find((u) => u.checkId === '2.3.1')?.missingParameter).toBe('demoteOwners');
    // planning reads key stats (for the proposal) but changes nothing
    expect(sim.stats.byRoute.get('GET /api/0/projects/{org}/{project}/keys/{key_id}/stats/')).toBe(12);
    for (const route of sim.stats.byRoute.keys()) expect(route.startsWith('GET ')).toBe(true);
    expect(sim.state.auditLog.length).toBe(auditBefore);
    expect(sim.state.counters.securityTokensCreated).toBe(0);
    for (const k of sim.state.keys.values()) expect(c.out()).not.toContain(k.secret);
  });

  it('renders diffs per control, collapses identical project changes and marks risk (80 columns)', async () => {
    const c = tempIo(simEnv(sim));
    const code = await runPlan(globalOptions({ level: 'L3' }), c.io);
    expect(code).toBe(1);
    const out = c.out();
    for (const line of out.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    expect(out).toContain('1.2.1  Two-factor authentication is required [risky]');
    expect(out).toMatch(/filter localhost on 2 projects: admin-dashboard, web-app/);
    expect(out).toMatch(/12 keys in 10 projects/);
    expect(out).toContain('      - false\n      + true');
    expect(out).toMatch(/\[disruptive\]/);
    expect(out).toMatch(/Not in the plan/);
  });

  it('exits 0 when nothing is to change', async () => {
    const c = tempIo(simEnv(sim));
    // 4.1.1 passes for the owner token; a manual check has nothing to change
    expect(await runPlan(globalOptions({ level: 'L1', only: ['4.1.1', '3.1.4'], format: 'json' }), c.io)).toBe(0);
    const plan = JSON.parse(c.out()) as JsonPlan;
    expect(plan.changes).toEqual([]);
    expect(plan.unresolved).toEqual([]);
  });
});
