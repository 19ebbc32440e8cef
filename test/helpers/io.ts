// Io and GlobalOptions for tests in every folder: stdout/stderr are collected, stdin is an idle
// stream, and the environment is exactly what the test passes (nothing leaks in from the machine).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type {
  ApplyOptions, AuditLogOptions, ControlsOptions, DemoOptions, Io, PlanOptions, RollbackOptions, SimulatorCommandOptions,
  SnapshotsOptions, VerifyOptions, WizardOptions,
} from '../../src/commands/types.js';

/** Every command's options at once: a test passes it to whichever command it runs. */
export type AnyCommandOptions = WizardOptions & VerifyOptions & PlanOptions & ApplyOptions & RollbackOptions & SnapshotsOptions
  & ControlsOptions & AuditLogOptions & DemoOptions & SimulatorCommandOptions;
import type { RunningSimulator } from '../../src/simulator/index.js';

export type CapturedIo = Io & { out: () => string; err: () => string };

function sink(tty: boolean): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  if (tty) Object.assign(stream, { isTTY: true });
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
  return { stream, text: () => text };
}

/** `tty` makes all three streams claim to be a terminal (interactive paths). */
export function captureIo(env: NodeJS.ProcessEnv = {}, cwd = process.cwd(), tty = false): CapturedIo {
  const out = sink(tty);
  const err = sink(tty);
  const stdin = new PassThrough();
  if (tty) Object.assign(stdin, { isTTY: true });
  return {
    stdout: out.stream as unknown as NodeJS.WriteStream,
    stderr: err.stream as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    env,
    cwd,
    out: out.text,
    err: err.text,
  };
}

/** HOME is `cwd`, so no real ~/.sentryclirc or preferences are read. */
export function homeIo(cwd: string, env: NodeJS.ProcessEnv = {}): CapturedIo {
  return captureIo({ HOME: cwd, ...env }, cwd);
}

/** cwd and HOME in a fresh temp folder (`dir`). */
export function tempIo(env: NodeJS.ProcessEnv = {}): { io: CapturedIo; out: () => string; err: () => string; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sh-cmd-'));
  const io = homeIo(dir, env);
  return { io, out: io.out, err: io.err, dir };
}

export function simEnv(sim: RunningSimulator, token = sim.token): NodeJS.ProcessEnv {
  return { SENTRY_URL: sim.url, SENTRY_ORG: sim.org, SENTRY_AUTH_TOKEN: token };
}

export function globalOptions(over: Partial<AnyCommandOptions> = {}): AnyCommandOptions {
  return {
    only: [],
    skip: [],
    yes: false,
    dryRun: false,
    allowRisky: [],
    forceDrifted: false,
    plain: true,
    color: false,
    latest: false,
    args: [],
    session: undefined,
    json: false,
    ...over,
  };
}
