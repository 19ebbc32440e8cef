// Faults while applying: a dropped connection after N writes, a 500 in the middle, and the
// process killed (SIGKILL) between journal and request and between request and read-back.
// In every case a rollback afterwards restores EXACTLY the starting value of every field.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/engine/apply.js';
import { evaluate, plannedChanges } from '../../src/engine/evaluate.js';
import { executeRollback, planRollback } from '../../src/engine/rollback.js';
import { openSnapshotStore, type SnapshotSession } from '../../src/snapshots/store.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import { collect, fingerprint, harness, type Harness } from '../engine/helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ROOT = path.resolve(import.meta.dirname, '../..');

async function applyL2(hh: Harness) {
  const state = await collect(hh, 'L2');
  const changes = plannedChanges(evaluate(state, DEFAULT_POLICY, { level: 'L2', now: new Date() }));
  const store = openSnapshotStore(hh.dir);
  const session = await store.startSession({ org: 'acme', url: hh.sim.url, level: 'L2', command: 'apply' });
  const outcomes = await applyPlan(hh.conn, state, changes, session, { allowRisky: new Set() });
  return { outcomes, session, store, changes };
}

async function rollbackAll(hh: Harness, sessionId: string) {
  const store = openSnapshotStore(hh.dir);
  const session = await store.loadSession(sessionId);
  const plan = await planRollback(hh.conn, session);
  const rs = await store.startSession({ org: 'acme', url: hh.sim.url, level: 'L2', command: 'rollback', rollbackOf: sessionId });
  const result = await executeRollback(hh.conn, plan, rs);
  return { plan, result, rs };
}

function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

function noToken(hh: Harness, texts: string[]): void {
  for (const f of filesOf(hh.dir)) expect(readFileSync(f, 'utf8')).not.toContain(hh.sim.token);
  for (const t of texts) expect(t).not.toContain(hh.sim.token);
}

describe('faults while applying', () => {
  it('connection dropped after N writes: partial session, then rollback restores everything exactly', async () => {
    h = await harness();
    const start = fingerprint(h.sim.state);
    h.sim.faults.dropAfterWrites(4);
    const { outcomes, session } = await applyL2(h);
    // the 4th write went through, then the connection dropped before its read-back
    const sent = outcomes.filter((o) => o.status !== 'held-back');
    expect(sent.slice(0, 3).map((o) => o.status)).toEqual(['applied', 'applied', 'applied']);
    expect(sent[3]!.status).toBe('failed');
    expect(sent[3]!.message).toMatch(/read-back failed.*unknown/);
    expect(sent.slice(4).every((o) => o.status !== 'applied')).toBe(true);
    expect(session.entries()).toHaveLength(4);
    expect(session.manifest().status).toBe('partial');
    h.sim.faults.clear();
    const { result } = await rollbackAll(h, session.id);
    expect(result.outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(fingerprint(h.sim.state)).toEqual(start);
    noToken(h, outcomes.map((o) => o.message ?? ''));
  });

  it('a 500 in the middle fails that request, stops its control only; rollback restores exactly', async () => {
    h = await harness();
    const start = fingerprint(h.sim.state);
    h.sim.faults.failNext({ method: 'PUT', path: /\/filters\/localhost\/$/ }, 500, 1);
    const { outcomes, session } = await applyL2(h);
    const failed = outcomes.filter((o) => o.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.request.controlId).toBe('3.3');
    const skipped = outcomes.filter((o) => o.status === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((o) => o.request.controlId === '3.3')).toBe(true);
    expect(outcomes.filter((o) => o.request.controlId !== '3.3' && o.status !== 'held-back').every((o) => o.status === 'applied')).toBe(true);
    const { result } = await rollbackAll(h, session.id);
    expect(result.outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(fingerprint(h.sim.state)).toEqual(start);
    noToken(h, outcomes.map((o) => o.message ?? ''));
  });

  for (const at of ['journal', 'send'] as const) {
    it(`process killed with SIGKILL ${at === 'journal' ? 'between journal and request' : 'between request and read-back'}: rollback restores exactly`, async () => {
      h = await harness();
      const hh = h;
      const start = fingerprint(hh.sim.state);
      const seq = 5;
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/faults/crash-child.ts')], {
        cwd: ROOT,
        env: { ...process.env, SIM_URL: hh.sim.url, SIM_ORG: hh.sim.org, SIM_TOKEN: hh.sim.token, SNAP_DIR: hh.dir, PAUSE_AT: at, PAUSE_SEQ: String(seq) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /PAUSED \d+ (\S+)\n/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', () => reject(new Error(`child exited early: ${out} ${err}`)));
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const store = openSnapshotStore(hh.dir);
      const session: SnapshotSession = await store.loadSession(line);
      expect(session.manifest().status).toBe('in-progress');
      const last = session.entries().at(-1)!;
      expect(last.seq).toBe(seq);
      expect(last.status).toBe('pending');

      const { plan, result } = await rollbackAll(hh, line);
      const item = plan.items.find((i) => i.seq === seq)!;
      // not sent: live is still `before`; sent: live is `after` and gets restored
      expect(item.state).toBe(at === 'journal' ? 'already-restored' : 'restorable');
      expect(result.outcomes.every((o) => o.status === 'applied')).toBe(true);
      expect(fingerprint(hh.sim.state)).toEqual(start);
      noToken(hh, [out, err]);
    }, 60_000);
  }

  it('rollback twice is harmless: the second finds everything already restored and sends nothing', async () => {
    h = await harness();
    const start = fingerprint(h.sim.state);
    const { session } = await applyL2(h);
    await rollbackAll(h, session.id);
    expect(fingerprint(h.sim.state)).toEqual(start);
    h.sim.stats.reset();
    const store = openSnapshotStore(h.dir);
    const plan = await planRollback(h.conn, await store.loadSession(session.id));
    expect(plan.items.every((i) => i.state === 'already-restored')).toBe(true);
    expect([...h.sim.stats.byRoute.keys()].filter((k) => !k.startsWith('GET'))).toEqual([]);
    expect(fingerprint(h.sim.state)).toEqual(start);
  });

  it('the rollback is itself a session that can be rolled back (re-applies the changes)', async () => {
    h = await harness();
    const { session } = await applyL2(h);
    const applied = fingerprint(h.sim.state);
    const { rs } = await rollbackAll(h, session.id);
    await rollbackAll(h, rs.id);
    expect(fingerprint(h.sim.state)).toEqual(applied);
  });

  it('a drifted value is skipped unless forced; the other fields of its request are restored', async () => {
    h = await harness();
    const { session } = await applyL2(h);
    h.sim.state.org.attachmentsRole = 'owner'; // someone else changed it since
    const store = openSnapshotStore(h.dir);
    const loaded = await store.loadSession(session.id);
    const plan = await planRollback(h.conn, loaded);
    const drifted = plan.items.filter((i) => i.state === 'drifted');
    expect(drifted).toHaveLength(1);
    expect(drifted[0]!.message).toMatch(/attachmentsRole is "owner"/);
    const rs = await store.startSession({ org: 'acme', url: h.sim.url, level: 'L2', command: 'rollback' });
    const r = await executeRollback(h.conn, plan, rs);
    expect(r.complete).toBe(false);
    expect(h.sim.state.org.attachmentsRole).toBe('owner');
    // drift is per field: the drifted field is left, the other fields of its entry and the
    // other entries were restored
    expect(drifted[0]!.fields.filter((f) => f.drifted).map((f) => f.field)).toEqual(['attachmentsRole']);
    expect(h.sim.state.org.allowJoinRequests).toBe(true);
    expect(h.sim.state.projects.get('payments-service')!.options.get('sentry:debug_files_role')).toBe('member');
    const forced = await planRollback(h.conn, loaded);
    const rs2 = await store.startSession({ org: 'acme', url: h.sim.url, level: 'L2', command: 'rollback' });
    const r2 = await executeRollback(h.conn, forced, rs2, { forceDrifted: true });
    expect(r2.complete).toBe(true);
    expect(h.sim.state.org.attachmentsRole).toBe('member');
    expect(h.sim.state.org.allowJoinRequests).toBe(true);
  });
});
