// Runs the CLI as a real child process: the built CLI (npm run build) when it is up to date,
// else the sources through tsx, so a stale dist/ never tests old code.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BUILT = path.join(ROOT, 'dist/src/cli.js');

/** A source file newer than its compiled twin: the build is out of date. */
export function buildIsStale(): string | undefined {
  if (!existsSync(BUILT)) return 'dist/src/cli.js is missing';
  for (const dir of ['src', 'steps']) {
    for (const rel of readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]) {
      if (!/\.tsx?$/.test(rel) || rel.endsWith('.d.ts')) continue;
      const js = path.join(ROOT, 'dist', dir, rel.replace(/\.tsx?$/, '.js'));
      if (!existsSync(js) || statSync(js).mtimeMs < statSync(path.join(ROOT, dir, rel)).mtimeMs) return path.join(dir, rel);
    }
  }
  return undefined;
}

/** [executable, ...args] that start the CLI */
export function cliCommand(): string[] {
  return buildIsStale() ? [path.join(ROOT, 'node_modules/.bin/tsx'), path.join(ROOT, 'src/cli.ts')] : [process.execPath, BUILT];
}

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  /** exit code, or the signal that ended it */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnCli(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): CliRun {
  const [cmd, ...pre] = cliCommand();
  // only what the test passes, plus PATH for tsx: no token or URL leaks in from the machine
  const child = spawn(cmd!, [...pre, ...args], { cwd: opts.cwd, env: { PATH: process.env.PATH, CI: 'true', ...opts.env }, stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.stdin.end();
  return { child, out: () => out, err: () => err, done };
}
