// `plan --compliance soc2|cis|nist` (issue 20.4 on plan): the planned changes grouped by the
// framework's controls (each control's `frameworks` in steps/*.ts), as `verify --compliance`
// groups its results; checks the framework does not map are left out, also of a saved plan.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPlan } from '../../src/commands/plan.js';
import { main } from '../../src/main.js';
import type { JsonPlan } from '../../src/report/plan.js';
import type { SavedPlan } from '../../src/engine/saved-plan.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { globalOptions, simEnv, tempIo } from '../helpers/io.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 'demo' });
});
afterAll(async () => sim.close());

async function jsonPlan(extra: Record<string, unknown>): Promise<JsonPlan> {
  const c = tempIo(simEnv(sim));
  expect(await runPlan(globalOptions({ level: 'L2', format: 'json', ...extra }), c.io)).toBe(1);
  return JSON.parse(c.out()) as JsonPlan;
}

/** SOC 2 maps no control to 2.2, 3.1 or 3.3 (steps/2.2-project-access.ts, 3.1-…, 3.3-… `frameworks.soc2: []`). */
const unmappedBySoc2 = (checkId: string): boolean => ['2.2', '3.1', '3.3'].some((c) => checkId.startsWith(`${c}.`));

describe('plan --compliance', () => {
  it('json: each change once, under the framework controls of its check; unmapped checks left out', async () => {
    const all = await jsonPlan({});
    const soc2 = await jsonPlan({ compliance: 'soc2' });
    expect(soc2.compliance).toBe('soc2');
    const expected = all.changes.filter((c) => !unmappedBySoc2(c.checkId));
    expect(all.changes.some((c) => unmappedBySoc2(c.checkId))).toBe(true);
    // in the framework's order of controls (CC6.1 first), each change once
    const key = (c: JsonPlan['changes'][number]): string => `${c.checkId} ${JSON.stringify(c.target)} ${c.field}`;
    expect(soc2.changes.map(key).sort()).toEqual(expected.map(key).sort());
    expect(new Set(soc2.changes.map(key)).size).toBe(soc2.changes.length);
    expect(soc2.summary.changes).toBe(expected.length);
    // 2.4 maps to CC6.1 and CC6.2: both are named; 2.1 only to CC6.2; 3.2 to CC6.7
    const token = soc2.changes.find((c) => c.checkId.startsWith('2.4.'));
    expect(token).toMatchObject({ controlId: 'CC6.1', controlIds: ['CC6.1', 'CC6.2'] });
    expect(soc2.changes.find((c) => c.checkId.startsWith('2.1.'))).toMatchObject({ controlId: 'CC6.2', controlIds: ['CC6.2'] });
    expect(soc2.changes.find((c) => c.checkId === '3.2.1')).toMatchObject({ controlId: 'CC6.7' });
    // unresolved checks are listed once, even when their check sits under two framework controls
    const ids = soc2.unresolved.map((u) => u.checkId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.some(unmappedBySoc2)).toBe(false);
    // without --compliance the JSON is as before: no compliance fields
    expect(all.compliance).toBeUndefined();
    expect(all.changes[0]).not.toHaveProperty('controlIds');
  });

  it('table and markdown show the framework controls as headings', async () => {
    const t = tempIo(simEnv(sim));
    await runPlan(globalOptions({ level: 'L2', compliance: 'cis' }), t.io);
    expect(t.out()).toMatch(/^5\.4 +CIS \(sentry-harden 2\.1, 2\.2, 2\.3\)/m);
    const m = tempIo(simEnv(sim));
    await runPlan(globalOptions({ level: 'L2', compliance: 'nist', format: 'markdown' }), m.io);
    expect(m.out()).toContain('### AC-6 NIST 800-53 (sentry-harden 2.1, 2.2, 2.5)');
    expect(m.out()).not.toContain('### 2.1 ');
  });

  it('--out with --compliance saves only the changes shown (the reviewer saw only those)', async () => {
    const c = tempIo(simEnv(sim));
    const file = path.join(c.dir, 'soc2.plan.json');
    await runPlan(globalOptions({ level: 'L2', compliance: 'soc2', out: file }), c.io);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedPlan;
    const shown = await jsonPlan({ compliance: 'soc2' });
    expect(saved.changes.map((x) => `${x.checkId} ${x.field}`)).toEqual(shown.changes.map((x) => `${x.checkId} ${x.field}`));
    expect(saved.changes.some((x) => unmappedBySoc2(x.checkId))).toBe(false);
  });

  it('an unknown framework is one line, exit 2, no request', async () => {
    sim.stats.reset();
    const c = tempIo(simEnv(sim));
    expect(await main(['plan', '--compliance', 'iso27001'], c.io)).toBe(2);
    expect(c.err()).toContain('--compliance must be one of soc2, cis, nist, got "iso27001"');
    expect(c.err().trim().split('\n')[0]).not.toMatch(/^\s+at /);
    expect(sim.stats.total).toBe(0);
  });
});
