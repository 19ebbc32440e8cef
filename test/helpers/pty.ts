// Runs the CLI in a pseudo-terminal (`script`), answered through a pipe.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, vi } from 'vitest';
import { cliCommand } from './cli-process.js';

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
export const SCRIPT = hasScript();

/** CSI cursor movement, erase and show/hide (ECMA-48 8.3: CUU…CUP, ED, EL, SU/SD, DECTCEM). */
export const CURSOR_CONTROL = /\u001B\[[0-9;?]*[ABCDEFGHJKSTfsuhl]/;
/** Ink's clearTerminal: erase the screen and the scrollback. */
export const WIPE = /\u001B\[2J|\u001B\[3J/;

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const strip = (s: string): string => s.replace(/\u001B\[[0-9;?]*[a-zA-Z]/g, '');

export interface PtyRun {
  out: () => string;
  done: Promise<number | null>;
  /** send `text` once the output (escapes stripped) shows `wait` after the previous answer */
  answer(wait: string, text: string): Promise<void>;
  cleanup(): void;
}

/**
 * Start the CLI in a pty. `size` sets the terminal's rows and columns first (stty); without it
 * the pty has no size (0×0), as under `script` in CI.
 */
export function runInPty(args: string[], env: Record<string, string>, size?: { rows: number; cols: number }): PtyRun {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'sh-pty-'));
  const cli = [...cliCommand(), ...args].map(quote).join(' ');
  const command = size ? `stty rows ${size.rows} cols ${size.cols}; exec ${cli}` : cli;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd, CI: 'false', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  let seen = 0;
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    out: () => out,
    done,
    async answer(wait: string, text: string): Promise<void> {
      await vi.waitFor(() => expect(strip(out).indexOf(wait, seen)).toBeGreaterThanOrEqual(0), { timeout: 60_000, interval: 50 });
      seen = strip(out).indexOf(wait, seen) + wait.length;
      // an Ink screen listens for keys once React has run its effects, a moment after its frame
      // is drawn (demo-tmux.test.ts): a person never types that fast, a test does
      await new Promise((r) => setTimeout(r, 300));
      child.stdin.write(text);
    },
    cleanup: () => rmSync(cwd, { recursive: true, force: true }),
  };
}
