// GlobalOptions and Io for UI tests.

import { PassThrough } from 'node:stream';
import type { GlobalOptions, Io } from '../../src/commands/types.js';

export function options(over: Partial<GlobalOptions> = {}): GlobalOptions {
  return {
    only: [],
    skip: [],
    yes: false,
    dryRun: false,
    allowRisky: [],
    allowMemberRemoval: false,
    forceDrifted: false,
    plain: false,
    color: false,
    latest: false,
    args: [],
    json: false,
    ...over,
  };
}

/** A non-interactive Io whose streams collect output; HOME points at `home` (no ~/.sentryclirc). */
export function testIo(cwd: string, env: NodeJS.ProcessEnv = {}): Io & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    env: { HOME: cwd, ...env },
    cwd,
    out: () => out,
    err: () => err,
  };
}
