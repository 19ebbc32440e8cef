// Saved plans end to end against the demo org (issue 20.1): `plan --out FILE` writes the
// reviewed changes; `apply FILE` applies exactly those after reading the live values, and
// refuses a stale plan (Terraform's "Saved plan is stale") without writing anything.

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/commands/apply.js';
import { runPlan } from '../../src/commands/plan.js';
import { runRollback } from '../../src/commands/rollback.js';
import { main } from '../../src/main.js';
import type { SavedPlan } from '../../src/engine/saved-plan.js';
import type { RunJson } from '../../src/report/run-json.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { globalOptions, simEnv, tempIo } from '../helpers/io.js';

let sim: RunningSimulator;
beforeEach(async () => {
  sim = await startSimulator({ seed: 'demo' });
});
afterEach(async () => sim.close());

/** The simulator's write log: every request that is not a GET. */
const writes = (): string[] => [...sim.stats.byUrl.keys()].filter((k) => !k.startsWith('GET ')).sort();

async function savePlan(dir: string, only: string[], file = 'reviewed.plan.json'): Promise<{ plan: SavedPlan; stdout: string; file: string }> {
  const c = tempIo(simEnv(sim));
  const abs = path.join(dir, file);
  await runPlan(globalOptions({ level: 'L2', only, out: abs }), c.io);
  return { plan: JSON.parse(readFileSync(abs, 'utf8')) as SavedPlan, stdout: c.out(), file: abs };
}

describe('saved plans', () => {
  it('plan --out prints the same diff as plan, and writes every change with a digest, mode 0600, no secrets', async () => {
    const plain = tempIo(simEnv(sim));
    await runPlan(globalOptions({ level: 'L2', only: ['2.1', '3.2'] }), plain.io);
    const { plan, stdout, file } = await savePlan(plain.dir, ['2.1', '3.2']);
    expect(stdout).toBe(plain.out());
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(plan).toMatchObject({ kind: 'sentry-harden-plan', schemaVersion: 1, level: 'L2', target: { url: sim.url, org: sim.org } });
    expect(plan.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(plan.changes.length).toBeGreaterThan(0);
    for (const c of plan.changes) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['checkId', 'fixes', 'resource', 'resourceName', 'field', 'before', 'after', 'risk']));
    }
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(sim.token);
    for (const k of sim.state.keys.values()) expect(text).not.toContain(k.secret);
  });

  it('refuses a stale plan naming the field, writes nothing; saved again it applies exactly its changes', async () => {
    const dir = tempIo().dir;
    const { file } = await savePlan(dir, ['2.1']);
    // someone changes a planned field behind the plan
    const planned = (JSON.parse(readFileSync(file, 'utf8')) as SavedPlan).changes;
    const orgChange = planned.find((c) => c.resource.type === 'organization')!;
    expect(orgChange).toBeDefined();
    const res = await fetch(`${sim.url}/api/0/organizations/${sim.org}/`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ [orgChange.field]: orgChange.after }),
    });
    expect(res.status).toBe(200);

    sim.stats.reset();
    const stale = tempIo(simEnv(sim));
    expect(await main(['apply', file, '--yes', '--snapshots-dir', path.join(dir, 'snap')], stale.io)).toBe(2);
    const lines = stale.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('the plan is stale, nothing was written');
    expect(lines[0]).toContain(`organization ${sim.org} ${orgChange.field}`);
    expect(writes()).toEqual([]);

    // saved again: applied with exactly its changes (the write log holds the planned requests only)
    const again = await savePlan(dir, ['2.1']);
    sim.stats.reset();
    const run = tempIo(simEnv(sim));
    const code = await main(['apply', again.file, '--yes', '--json', '--snapshots-dir', path.join(dir, 'snap')], run.io);
    const doc = JSON.parse(run.out()) as RunJson;
    expect(doc.planFile).toBe(again.file);
    const sentFields = doc.requests.flatMap((r) => r.fields.map((f) => `${r.resource.type}:${r.resource.id}:${f.field}`)).sort();
    const plannedFields = again.plan.changes.map((c) => `${c.resource.type}:${c.resource.id}:${c.field}`).sort();
    expect(sentFields).toEqual(plannedFields);
    // risky changes of the plan (2.1's stale invitation) are still held back without their flag
    expect(doc.requests.every((r) => r.status === 'applied' || (r.status === 'held-back' && r.heldBackFlag !== null))).toBe(true);
    const applied = doc.requests.filter((r) => r.status === 'applied');
    expect(writes()).toEqual(expect.arrayContaining([`PUT /api/0/organizations/${sim.org}/`]));
    expect(writes()).toHaveLength(applied.length);
    expect(code).toBe(applied.length === doc.requests.length ? 0 : 1);
  });

  it('still holds back a risky change without its flag', async () => {
    const dir = tempIo().dir;
    const { file, plan } = await savePlan(dir, ['1.2']);
    expect(plan.changes.some((c) => c.risk === 'risky')).toBe(true);
    sim.stats.reset();
    const c = tempIo(simEnv(sim));
    expect(await main(['apply', file, '--yes', '--json', '--snapshots-dir', path.join(dir, 'snap')], c.io)).toBe(1);
    const doc = JSON.parse(c.out()) as RunJson;
    expect(doc.end).toBe('all-held-back');
    expect(doc.requests.every((r) => r.status === 'held-back' && r.heldBackFlag === '--allow-risky 1.2.1')).toBe(true);
    expect(writes()).toEqual([]);
  });

  it.each([
    ['corrupt JSON', (t: string) => t.slice(0, 40), /not a plan file \(invalid JSON/],
    ['an edited value', (t: string) => t.replace(/"level": "L2"/, '"level": "L3"'), /the digest does not match/],
    ['an unknown schemaVersion', (t: string) => t.replace('"schemaVersion": 1', '"schemaVersion": 9'), /unknown schemaVersion 9/],
  ])('a plan file with %s is one line, exit 2, before connecting', async (_name, spoil, message) => {
    const dir = tempIo().dir;
    const { file } = await savePlan(dir, ['2.1']);
    writeFileSync(file, spoil(readFileSync(file, 'utf8')));
    sim.stats.reset();
    const c = tempIo(simEnv(sim));
    expect(await main(['apply', file, '--yes'], c.io)).toBe(2);
    expect(c.err().trim().split('\n')).toHaveLength(1);
    expect(c.err()).toMatch(message);
    expect(sim.stats.total).toBe(0);
  });

  it('a plan for another organization or server is refused, nothing written', async () => {
    const dir = tempIo().dir;
    const { file } = await savePlan(dir, ['2.1']);
    const other = await startSimulator({ seed: 'demo' });
    try {
      const c = tempIo(simEnv(other));
      expect(await main(['apply', file, '--yes'], c.io)).toBe(2);
      expect(c.err()).toMatch(/the plan is for organization .* at http:\/\/127\.0\.0\.1:\d+, but this run targets/);
      expect([...other.stats.byUrl.keys()].filter((k) => !k.startsWith('GET '))).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('apply FILE takes its level and selection from the file', async () => {
    const c = tempIo(simEnv(sim));
    expect(await main(['apply', 'x.json', '--level', 'L2', '--yes'], c.io)).toBe(2);
    expect(c.err()).toContain('takes the level, selection and policy from the plan file; drop --level');
  });
});

describe('apply --json and rollback --json', () => {
  it('one document each: per request resource, fields, status, message, journal entry; session id; counts', async () => {
    const c = tempIo(simEnv(sim));
    const code = await runApply(globalOptions({ level: 'L2', only: ['2.1', '1.2'], yes: true, json: true }), c.io, { registry: null });
    const doc = JSON.parse(c.out()) as RunJson;
    expect(doc).toMatchObject({ schemaVersion: 1, command: 'apply', level: 'L2', end: 'done' });
    expect(doc.sessionId).toMatch(/^\d{8}T\d{6}Z-/);
    const applied = doc.requests.filter((r) => r.status === 'applied');
    expect(applied.length).toBeGreaterThan(0);
    for (const r of applied) expect(r.journalEntry).toMatch(/entries\/\d{4}\.json$/);
    const held = doc.requests.filter((r) => r.status === 'held-back');
    expect(held.map((r) => r.heldBackFlag)).toContain('--allow-risky 1.2.1');
    expect(doc.counts.requests.applied).toBe(applied.length);
    expect(doc.counts.requests['held-back']).toBe(held.length);
    expect(code).toBe(1); // held back, as without --json

    const r = tempIo(simEnv(sim));
    const rc = await runRollback(globalOptions({ latest: true, yes: true, json: true }), { ...r.io, cwd: c.dir }, { registry: null });
    const back = JSON.parse(r.out()) as RunJson;
    expect(back).toMatchObject({ schemaVersion: 1, command: 'rollback', rollbackOf: doc.sessionId, end: 'done' });
    expect(back.requests.length).toBe(applied.length);
    expect(back.requests.every((x) => x.status === 'applied' && x.journalEntry !== null)).toBe(true);
    expect(rc).toBe(0);
  });
});
