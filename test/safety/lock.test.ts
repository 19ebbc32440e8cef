// One writing run per organization and snapshot folder (issue 17): two real CLI processes
// against the simulator, a killed holder's lock taken over, a terminated holder's lock released,
// and verify/plan untouched by the lock.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { acquireSessionLock, LOCK_FILE, LockHeldError, lockFileFor } from '../../src/snapshots/lock.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { spawnCli, type CliRun } from '../helpers/cli-process.js';
import { homeIo } from '../helpers/io.js';
import { rejectsWith } from '../helpers/rejects.js';
import { closedAfterEach } from '../helpers/simulators.js';

const { sim } = closedAfterEach();
const temp = (): string => mkdtempSync(path.join(tmpdir(), 'sh-lock-'));

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid!;
}

async function until(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function cliEnv(s: RunningSimulator, cwd: string): NodeJS.ProcessEnv {
  return { HOME: cwd, SENTRY_HARDEN_CONFIG_DIR: path.join(cwd, 'prefs'), SENTRY_URL: s.url, SENTRY_ORG: s.org, SENTRY_AUTH_TOKEN: s.token };
}

/** an apply slow enough (latency per response) to still hold the lock while the test acts */
async function slowApply(s: RunningSimulator, cwd: string): Promise<{ run: CliRun; lock: string; pid: number }> {
  s.faults.setLatency(200);
  const run = spawnCli(['apply', '--yes', '--level', 'L2'], { cwd, env: cliEnv(s, cwd) });
  const lock = lockFileFor(path.join(cwd, 'snapshots'), s.org);
  await until(() => existsSync(lock) || run.child.exitCode !== null, 'the first apply to take the lock');
  expect(existsSync(lock), run.err()).toBe(true);
  // the pid in the lock: the CLI's own process (under tsx, a child of the spawned one)
  await until(() => readFileSync(lock, 'utf8').endsWith('\n'), 'the lock to be written');
  const pid = (JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid;
  return { run, lock, pid };
}

describe('session lock (in process)', () => {
  it('is created exclusively, names its holder, and is released only by its owner', async () => {
    const dir = temp();
    const a = await acquireSessionLock(dir, 'acme', 'apply');
    expect(a.file).toBe(path.join(dir, 'acme', LOCK_FILE));
    expect(JSON.parse(readFileSync(a.file, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), command: 'apply', org: 'acme' });
    const e = await rejectsWith(acquireSessionLock(dir, 'acme', 'rollback'), LockHeldError);
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(new RegExp(`holds the lock for organization acme in .* \\(pid ${process.pid} on host .+, apply since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\): wait for it to finish; if it is not running any more, delete .*${LOCK_FILE} and run again\\. Nothing was changed$`));
    // another org in the same folder, or the same org in another folder, is independent
    (await acquireSessionLock(dir, 'other', 'apply')).release();
    (await acquireSessionLock(temp(), 'acme', 'apply')).release();
    a.release();
    a.release();
    expect(existsSync(a.file)).toBe(false);
    const b = await acquireSessionLock(dir, 'acme', 'apply');
    b.release();
  });

  it('takes over the lock of a dead pid on this host, with a note', async () => {
    const dir = temp();
    const file = lockFileFor(dir, 'acme');
    mkdirSync(path.dirname(file), { recursive: true });
    const pid = deadPid();
    writeFileSync(file, JSON.stringify({ pid, host: hostname(), command: 'apply', org: 'acme', startedAt: '2026-01-01T00:00:00.000Z' }));
    const lock = await acquireSessionLock(dir, 'acme', 'apply');
    expect(lock.tookOver?.pid).toBe(pid);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('refuses a lock of another host (its pid cannot be checked) and an unreadable one', async () => {
    const dir = temp();
    const file = lockFileFor(dir, 'acme');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ pid: deadPid(), host: 'build-7.example', command: 'rollback', org: 'acme', startedAt: '2026-01-01T00:00:00.000Z' }));
    expect((await rejectsWith(acquireSessionLock(dir, 'acme', 'apply'), LockHeldError)).message).toMatch(/on host build-7\.example, rollback since 2026-01-01 00:00 UTC\)/);
    writeFileSync(file, '');
    expect((await rejectsWith(acquireSessionLock(dir, 'acme', 'apply'), LockHeldError)).message).toMatch(/the lock .* is unreadable.*delete/);
  });
});

describe('session lock between real processes', () => {
  it('a second apply refuses while the first runs; verify and plan take no lock', async () => {
    const s = await sim();
    const cwd = temp();
    const { run: first, lock, pid } = await slowApply(s, cwd);

    const second = spawnCli(['apply', '--yes', '--level', 'L2'], { cwd, env: cliEnv(s, cwd) });
    const r2 = await second.done;
    expect(first.child.exitCode).toBe(null); // the first still runs
    expect(r2.code).toBe(2);
    const lines = second.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^sentry-harden: Another sentry-harden run holds the lock for organization acme in .* \\(pid ${pid} on host ${hostname()}, apply since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\): wait for it to finish`));
    expect(second.out()).toBe('');

    // the same for a rollback of some session in that folder (before it connects)
    const io = homeIo(cwd, cliEnv(s, cwd));
    // verify and plan read while the lock is held
    expect([0, 1]).toContain(await main(['verify', '--level', 'L1', '--only', '1.1'], io));
    expect([0, 1]).toContain(await main(['plan', '--level', 'L1', '--only', '1.1'], homeIo(cwd, cliEnv(s, cwd))));
    expect(first.child.exitCode).toBe(null);
    s.faults.setLatency(0);

    const r1 = await first.done;
    expect([0, 1], first.err()).toContain(r1.code);
    expect(first.out()).toMatch(/Undo with: sentry-harden rollback /);
    expect(existsSync(lock)).toBe(false);
    console.log(`second process (exit ${r2.code}): ${second.err()}`);
  }, 90_000);

  it('SIGTERM releases the lock; a SIGKILLed holder leaves it, and the next apply takes it over with a note', async () => {
    const s = await sim();
    const cwd = temp();
    const term = await slowApply(s, cwd);
    process.kill(term.pid, 'SIGTERM');
    await term.run.done;
    expect(term.run.err()).not.toMatch(/internal error|\bat .+:\d+:\d+/);
    expect(existsSync(term.lock)).toBe(false);

    const killed = await slowApply(s, cwd);
    process.kill(killed.pid, 'SIGKILL');
    await killed.run.done;
    expect(existsSync(killed.lock)).toBe(true);

    s.faults.setLatency(0);
    const next = spawnCli(['apply', '--yes', '--level', 'L2'], { cwd, env: cliEnv(s, cwd) });
    const r = await next.done;
    expect([0, 1], next.err()).toContain(r.code);
    expect(next.err()).toMatch(new RegExp(`note: took over the lock .* left by a run that is no longer running \\(pid ${killed.pid} on host ${hostname()}, apply since `));
    expect(existsSync(killed.lock)).toBe(false);
    console.log(`next process after SIGKILL (exit ${r.code}): ${next.err().split('\n').find((l) => l.startsWith('note: took over'))}`);
  }, 90_000);

  it('rollback takes the lock too; a dry run takes none', async () => {
    const s = await sim();
    const cwd = temp();
    const { run: first } = await slowApply(s, cwd);
    const io = homeIo(cwd, cliEnv(s, cwd));
    expect(await main(['rollback', 'nothing-yet', '--yes'], io)).toBe(2); // unknown id: fails before the lock
    const dry = homeIo(cwd, cliEnv(s, cwd));
    expect(await main(['apply', '--dry-run', '--level', 'L1'], dry)).not.toBe(2);
    s.faults.setLatency(0);
    await first.done;
    // a finished session exists now; hold the lock in this process and try a rollback of it
    const held = await acquireSessionLock(path.join(cwd, 'snapshots'), s.org, 'apply');
    const rb = homeIo(cwd, cliEnv(s, cwd));
    expect(await main(['rollback', '--latest', '--yes'], rb)).toBe(2);
    expect(rb.err()).toMatch(/holds the lock for organization acme/);
    held.release();
    expect([0, 1]).toContain(await main(['rollback', '--latest', '--yes'], homeIo(cwd, cliEnv(s, cwd))));
  }, 90_000);
});
