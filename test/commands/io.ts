// An Io for command tests: captured stdout/stderr, no TTY, an environment of our own (HOME in
// a temp dir so no real ~/.sentryclirc or preferences are read).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { GlobalOptions, Io } from '../../src/commands/types.js';
import type { RunningSimulator } from '../../src/simulator/index.js';

export interface CapturedIo {
  io: Io;
  out(): string;
  err(): string;
  dir: string;
}

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const s = new PassThrough();
  s.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return { stream: s as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

export function captureIo(env: NodeJS.ProcessEnv = {}): CapturedIo {
  const dir = mkdtempSync(path.join(tmpdir(), 'sh-cmd-'));
  const out = sink();
  const err = sink();
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  const io: Io = { stdout: out.stream, stderr: err.stream, stdin, env: { HOME: dir, ...env }, cwd: dir };
  return { io, out: out.text, err: err.text, dir };
}

export function simEnv(sim: RunningSimulator, token = sim.token): NodeJS.ProcessEnv {
  return { SENTRY_URL: sim.url, SENTRY_ORG: sim.org, SENTRY_AUTH_TOKEN: token };
}

export function options(over: Partial<GlobalOptions> = {}): GlobalOptions {
  return {
    only: [], skip: [], yes: false, dryRun: false, allowRisky: [], allowMemberRemoval: false, forceDrifted: false,
    plain: true, color: false, latest: false, args: [], json: false, ...over,
  };
}
