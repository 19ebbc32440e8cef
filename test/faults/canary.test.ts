// A canary token is used for a whole apply + rollback with injected failures (a 400 with field
// messages, a 500, a dropped connection): it never appears in a snapshot file, in the
// preferences, in the output, or in an error.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runApply } from '../../src/commands/apply.js';
import { runRollback } from '../../src/commands/rollback.js';
import { runSnapshots } from '../../src/commands/snapshots.js';
import { openPreferences } from '../../src/config/preferences.js';
import { registryFromPreferences } from '../../src/config/session-registry.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { globalOptions, homeIo, type CapturedIo } from '../helpers/io.js';

const CANARY = `sntryu_${'c0ffee'.repeat(10)}cafe`;
let sim: RunningSimulator;
let cwd: string;

beforeEach(async () => {
  sim = await startSimulator({ seed: 'demo' });
  const owner = sim.state.tokens.get(sim.token)!;
  sim.state.tokens.set(CANARY, { ...owner });
  cwd = mkdtempSync(path.join(tmpdir(), 'sh-canary-'));
});
afterEach(async () => {
  await sim.close();
  rmSync(cwd, { recursive: true, force: true });
});

function everyFile(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

it('the token never reaches snapshots, preferences, output or errors', async () => {
  const env = { SENTRY_URL: sim.url, SENTRY_ORG: sim.org, SENTRY_AUTH_TOKEN: CANARY };
  const registry = registryFromPreferences(openPreferences({ cwd: path.join(cwd, 'prefs') }));
  const texts: string[] = [];
  const errors: unknown[] = [];
  const run = async (fn: () => Promise<number>, io: CapturedIo) => {
    await fn().catch((e: unknown) => errors.push(e));
    texts.push(io.out(), io.err());
  };

  // a 500 on one filter PUT (the client retries 500s: fail enough times), a dropped key PUT
  sim.faults.failNext({ method: 'PUT', path: /\/filters\/localhost\/$/ }, 500, 10);
  sim.faults.failNext({ method: 'PUT', path: /\/keys\/[0-9a-f]+\/$/ }, 'drop', 10);
  let io = homeIo(cwd, env);
  await run(() => runApply(globalOptions({ level: 'L2', yes: true, policy: undefined }), io, { registry }), io);
  sim.faults.clear();

  // a 400 with field messages
  io = homeIo(cwd, env);
  sim.state.org.attachmentsRole = 'member';
  sim.faults.failNext({ method: 'PUT', path: /^\/api\/0\/organizations\/acme\/$/ }, 503, 10);
  await run(() => runApply(globalOptions({ level: 'L2', yes: true, only: ['2.1'] }), io, { registry }), io);
  sim.faults.clear();

  io = homeIo(cwd, env);
  await run(() => runSnapshots(globalOptions({ format: 'json' }), io, { registry }), io);
  io = homeIo(cwd, env);
  await run(() => runRollback(globalOptions({ latest: true, yes: true }), io, { registry }), io);
  // a refused run: bad token of the same shape must not echo the canary either
  io = homeIo(cwd, { ...env, SENTRY_AUTH_TOKEN: `${CANARY}00` });
  await run(() => runApply(globalOptions({ level: 'L1', yes: true }), io, { registry }), io);

  expect(texts.join('').length).toBeGreaterThan(1000);
  expect(texts.join('\n')).toMatch(/failed/);
  expect(errors.length).toBeGreaterThan(0);
  for (const t of texts) expect(t).not.toContain(CANARY);
  for (const e of errors) {
    expect(String(e)).not.toContain(CANARY);
    expect(JSON.stringify(e, Object.getOwnPropertyNames(e as object))).not.toContain(CANARY);
  }
  const files = everyFile(cwd);
  expect(files.some((f) => f.includes(`${path.sep}entries${path.sep}`))).toBe(true);
  for (const f of files) expect(readFileSync(f, 'utf8')).not.toContain(CANARY);
});
