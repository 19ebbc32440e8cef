// The wizard saves its reviewed selection as a plan file (issue 20.1, the wizard's part): `p` on a
// control adds its changes to the plan instead of applying them; when the session ends the driver
// writes the file (the format of `plan --out`) and the summary says where and how to apply it.
// End to end against the simulator: nothing is written while reviewing; the org changed behind the
// plan makes `apply FILE` refuse (exit 2, the field named); saved again (in line mode) it applies
// exactly the changes added, risky ones still held back without their flag.

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { WizardDriver } from '../../src/ui/wizard-driver.js';
import { applicableChanges, initialState, planToSave, wizardReducer } from '../../src/ui/wizard-state.js';
import { summaryModel } from '../../src/ui/summary-model.js';
import { runPlainWizard } from '../../src/ui/plain/run-plain.js';
import { defaultPlanFile, writePlanFile } from '../../src/commands/plan.js';
import { parseSavedPlan, type SavedPlan } from '../../src/engine/saved-plan.js';
import { main } from '../../src/main.js';
import type { RunJson } from '../../src/report/run-json.js';
import { frame, press } from './keys.js';
import { fakeDriver } from './fake-driver.js';
import { control } from './fixtures.js';
import { simEnv, tempIo } from '../helpers/io.js';
import { useSimWizard } from './sim-wizard.js';

const t0 = useSimWizard('wizard-plan-');
const writes = (): string[] => t0.writes();
const driverFor = (only: string[], file: string): Promise<WizardDriver> => t0.driver('L2', only, { writePlan: (plan) => writePlanFile(file, t0.dir, plan) });

const reviewing = (id: string): RegExp => new RegExp(`control \\d+ of \\d+[\\s\\S]*[✘◆!✔] ${id.replace('.', '\\.')} `);
const key = (c: { checkId: string; resource: unknown; field: string }): string => `${c.checkId} ${JSON.stringify(c.resource)} ${c.field}`;

describe('the wizard saves its reviewed selection as a plan', () => {
  it('Ink: p adds a control to the plan; apply FILE refuses it stale; saved again in line mode it applies exactly those changes', async () => {
    // 1. the Ink wizard: 2.1 added to the plan (risky: a y/n question, the flag named), 3.2 skipped
    const file = path.join(t0.dir, 'reviewed.plan.json');
    const driver = await driverFor(['2.1', '3.2'], 'reviewed.plan.json');
    const offered = (await (await driverFor(['2.1'], 'unused.json')).collect(() => undefined)).flatMap(applicableChanges);
    const { t, final: finalState } = t0.render(driver);
    const T = 15_000;
    const review = await frame(t, reviewing('2.1'), T);
    expect(review).toContain('[p] add to plan file instead');
    const confirm = await press(t, 'p', 'to the plan file?');
    expect(confirm.replace(/\s+/g, ' ')).toContain('holds the risky ones back unless you pass --allow-risky 2.1.10');
    await press(t, 'y', reviewing('3.2'), T);
    const summary = await press(t, 's', 'Summary for acme at L2', T);
    expect(summary).toContain('2.1  ' );
    expect(summary).toMatch(/changes? added to the plan file/);
    await vi.waitFor(() => expect(finalState()).toBeDefined());
    const final = finalState();
    expect(t.lastFrame()!.replace(/\s+/g, ' ')).toContain(`Plan file (${offered.length} changes): ${file}`);
    expect(t.lastFrame()!.replace(/\s+/g, ' ')).toContain('Apply exactly it: sentry-harden apply reviewed.plan.json');
    expect(final!.planFile).toEqual({ path: file, command: 'sentry-harden apply reviewed.plan.json', changes: offered.length });
    expect(final!.session).toBeUndefined();
    // nothing was written while reviewing
    expect(writes()).toEqual([]);

    // the file: the format of `plan --out` (parsed and digest-checked by apply's own reader), 0600, no secrets
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    const plan: SavedPlan = parseSavedPlan(text, file);
    expect(plan).toMatchObject({ kind: 'sentry-harden-plan', level: 'L2', target: { url: t0.sim.url, org: t0.sim.org }, selection: { only: ['2.1', '3.2'], skip: [] } });
    expect(plan.changes.map(key)).toEqual(offered.map((c) => key({ ...c, resource: c.target })));
    expect(plan.changes.every((c) => c.checkId.startsWith('2.1.'))).toBe(true);
    expect(text).not.toContain(t0.sim.token);

    // 2. someone changes a planned field behind the plan: apply FILE refuses, names it, writes nothing
    const open = plan.changes.find((c) => c.field === 'openMembership')!;
    expect(open.before).toBe(true);
    const res = await fetch(`${t0.sim.url}/api/0/organizations/${t0.sim.org}/`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${t0.sim.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ openMembership: false }),
    });
    expect(res.status).toBe(200);
    t0.sim.stats.reset();
    const stale = tempIo(simEnv(t0.sim));
    expect(await main(['apply', file, '--yes', '--snapshots-dir', path.join(t0.dir, 'snap')], stale.io)).toBe(2);
    expect(stale.err()).toContain('the plan is stale, nothing was written: organization acme openMembership (planned true, now false)');
    expect(writes()).toEqual([]);

    // 3. saved again, in line mode (a numbered choice), then applied: exactly those changes
    const again = path.join(t0.dir, 'again.plan.json');
    const plainDriver = await driverFor(['2.1'], 'again.plan.json');
    const out = new PassThrough();
    let said = '';
    out.on('data', (d: Buffer) => (said += d.toString()));
    const input = new PassThrough();
    const done = runPlainWizard({ driver: plainDriver, init: { org: t0.sim.org, region: 'localhost', level: 'L2' }, verifyCommand: 'v', input, output: out });
    await vi.waitFor(() => expect(said).toContain('2.1: what now?'), { timeout: T });
    const choice = /(\d)\) add to plan file instead \[p\]/.exec(said)?.[1];
    expect(choice).toBeDefined();
    input.write(`${choice}\n`);
    await vi.waitFor(() => expect(said).toMatch(/Add \d+ changes to the plan file \(nothing is written to acme now\)\?/));
    expect(said).toContain('held back by `apply FILE` unless you pass --allow-risky 2.1.10');
    input.write('y\n');
    const plainFinal = await done;
    expect(plainFinal.records.map((r) => r.decision.kind)).toEqual(['planned']);
    expect(said).toMatch(new RegExp(`Plan file \\(\\d+ changes\\): ${again.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(said).toContain('Apply exactly it: sentry-harden apply again.plan.json');
    const saved = parseSavedPlan(readFileSync(again, 'utf8'), again);
    expect(saved.changes.some((c) => c.field === 'openMembership')).toBe(false); // already as planned
    expect(writes()).toEqual([]);

    const run = tempIo(simEnv(t0.sim));
    expect(await main(['apply', again, '--yes', '--json', '--snapshots-dir', path.join(t0.dir, 'snap')], run.io)).toBe(1);
    const doc = JSON.parse(run.out()) as RunJson;
    // every change of the file was sent or, risky without --allow-risky 2.1.10, held back: nothing else
    const sent = doc.requests.flatMap((r) => r.fields.map((c) => `${c.checkId} ${c.field}`)).sort();
    expect(sent).toEqual(saved.changes.map((c) => `${c.checkId} ${c.field}`).sort());
    expect(doc.requests.filter((r) => r.status === 'held-back').flatMap((r) => r.checkIds)).toEqual(['2.1.10']);
    expect(doc.requests.filter((r) => r.status !== 'held-back').every((r) => r.status === 'applied')).toBe(true);
    // the server's write log: one PUT per resource of the non-risky changes, nothing more
    const resources = new Set(saved.changes.filter((c) => c.risk !== 'risky').map((c) => (c.resource.type === 'organization' ? `PUT /api/0/organizations/${t0.sim.org}/` : `PUT /api/0/projects/${t0.sim.org}/${String((c.resource as { id: string }).id)}/`)));
    expect(writes()).toEqual([...resources].sort());
    expect(t0.sim.state.org.allowJoinRequests).toBe(false);
  });
});

describe('the plan file at the end of a session', () => {
  it('a write failure is said in the summary; an interrupted session writes no plan and says so', async () => {
    const base = fakeDriver([control('2.1'), control('1.2')]);
    const failing: WizardDriver = { ...base, savePlan: async () => Promise.reject(new Error('--out /nope/x.json: cannot write the plan: ENOENT')) };
    const out = new PassThrough();
    let said = '';
    out.on('data', (d: Buffer) => (said += d.toString()));
    const input = new PassThrough();
    const done = runPlainWizard({ driver: failing, init: { org: 'acme', region: 'us.sentry.io', level: 'L2' }, verifyCommand: 'v', input, output: out });
    await vi.waitFor(() => expect(said).toContain('2.1: what now?'));
    input.write('p\n');
    await vi.waitFor(() => expect(said).toContain('to the plan file'));
    input.write('y\n');
    await vi.waitFor(() => expect(said).toContain('1.2: what now?'));
    input.write('q\n');
    await done;
    expect(said).toContain('Plan file not saved: --out /nope/x.json: cannot write the plan: ENOENT');
    expect(base.calls).toHaveLength(0);

    // Ctrl+C: the session is abandoned, its plan is not written, and the summary says so
    let state = wizardReducer(initialState({ org: 'acme', region: 'us.sentry.io', level: 'L2' }), { type: 'collected', controls: [control('2.1'), control('1.2')] });
    state = wizardReducer(state, { type: 'apply', blockers: [], warnings: [], toPlan: true });
    expect(state.phase).toMatchObject({ kind: 'confirming', toPlan: true });
    state = wizardReducer(state, { type: 'confirm' }); // no slug: nothing is written now
    expect(state.planned?.length).toBeGreaterThan(0);
    expect(planToSave(wizardReducer(state, { type: 'quit' }))).toEqual(state.planned);
    const interrupted = wizardReducer(state, { type: 'interrupt' });
    expect(planToSave(interrupted)).toEqual([]);
    expect(summaryModel(interrupted, 'v').plan).toEqual({ error: `not saved (interrupted): ${state.planned!.length} changes planned` });
  });

  it('without --out goes to a name of the org and the UTC second: a new file each session', () => {
    expect(defaultPlanFile('acme', new Date('2026-12-06T17:20:27.123Z'))).toBe('sentry-harden-acme-20261206T172027Z.plan.json');
    expect(defaultPlanFile('acme', new Date('2026-12-06T17:20:28.000Z'))).not.toBe(defaultPlanFile('acme', new Date('2026-12-06T17:20:27.999Z')));
  });
});
