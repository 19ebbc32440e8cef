// Ctrl+C during `apply`, with a real process and a real signal: the request in flight finishes
// and is journaled, nothing more is sent, the session ends as partial (no entry left pending),
// the output says what was applied and how to undo it, and the exit code is 130.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// the sources through tsx, resolved from here: the child runs in a temp folder
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

const writes = (sim: RunningSimulator): number =>
  [...sim.stats.byRoute.entries()].filter(([k]) => !k.startsWith('GET')).reduce((n, [, v]) => n + v, 0);

describe('apply interrupted by a signal', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    // every response takes 150 ms, so the signal lands while requests are still to be sent
    sim = await startSimulator({ seed: 'demo', latencyMs: 150 });
  });
  afterAll(async () => sim.close());

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: finishes the request in flight, marks the session partial, prints the rollback command, exits 130`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'sh-int-'));
      sim.stats.reset();
      const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli.ts'), 'apply', '--level', 'L2', '--yes', '--snapshots-dir', path.join(dir, 'snap')], {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: dir, SENTRY_HARDEN_CONFIG_DIR: dir, SENTRY_URL: sim.url, SENTRY_ORG: sim.org, SENTRY_AUTH_TOKEN: sim.token },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      let writesAtSignal = -1;
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        // after the first finished request: more are queued behind it
        if (writesAtSignal < 0 && /^ {2}applied /m.test(out)) {
          writesAtSignal = writes(sim);
          child.kill(signal);
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));

      expect(writesAtSignal, `no request finished before exit:\n${out}\n${err}`).toBeGreaterThan(0);
      expect(code).toBe(130);
      expect(err).toContain('Stopping after the request in flight');
      const id = /Snapshot session (\S+)/.exec(out)?.[1];
      expect(id).toBeTruthy();
      expect(out).toContain(`Interrupted: session ${id} is partial.`);
      expect(out).toMatch(/Changes: [1-9]\d* applied, .* \d+ skipped \(in \d+ requests\)\./);
      expect(out).toContain(`Undo with: sentry-harden rollback ${id}`);
      expect(out).not.toContain('Verify:');
      // at most the request in flight was sent after the signal (a request is one write, or a
      // create and its read-back-free follow-up), and the rest were skipped
      expect(writes(sim) - writesAtSignal).toBeLessThanOrEqual(2);
      expect(out).toMatch(/skipped .*stopped before this request/);

      const sessionDir = path.join(dir, 'snap', sim.org, id!);
      const manifest = JSON.parse(readFileSync(path.join(sessionDir, 'manifest.json'), 'utf8')) as { status: string };
      expect(manifest.status).toBe('partial');
      const entries = readdirSync(path.join(sessionDir, 'entries')).map((f) => JSON.parse(readFileSync(path.join(sessionDir, 'entries', f), 'utf8')) as { status: string });
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.filter((e) => e.status === 'pending')).toEqual([]);
    }, 90_000);
  }
});
