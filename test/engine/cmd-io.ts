// Io and options for command tests: captured output, a non-TTY stdin, env pointing at the
// simulator (real connect over HTTP), HOME in a temp folder.

import { PassThrough } from 'node:stream';
import type { GlobalOptions, Io } from '../../src/commands/types.js';

export interface CapturedIo extends Io {
  out(): string;
  err(): string;
}

export function makeIo(env: Record<string, string>, cwd: string): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (d: Buffer) => (o += d.toString()));
  stderr.on('data', (d: Buffer) => (e += d.toString()));
  return {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    env: { HOME: cwd, PATH: process.env.PATH ?? '', ...env },
    cwd,
    out: () => o,
    err: () => e,
  };
}

export function opts(over: Partial<GlobalOptions> = {}): GlobalOptions {
  return {
    only: [],
    skip: [],
    yes: false,
    dryRun: false,
    allowRisky: [],
    allowMemberRemoval: false,
    forceDrifted: false,
    plain: true,
    color: false,
    latest: false,
    args: [],
    json: false,
    ...over,
  };
}
