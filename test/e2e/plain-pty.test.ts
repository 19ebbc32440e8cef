// Line mode in a real terminal: `demo --plain` (and TERM=dumb) run under `script`, which gives
// the CLI a pseudo-terminal, answered line by line through a pipe. The whole session (onboarding
// is skipped by the demo; review, a risky confirmation, the summary, the rollback question) must
// not contain one cursor-control sequence: no ESC[…A/B/C/D/G/H/J/K, no ESC[?25l, no screen erase.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cliCommand, ROOT } from '../helpers/cli-process.js';

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const SCRIPT = hasScript();
if (!SCRIPT) console.warn('test/e2e/plain-pty: skipped: `script` (util-linux) is not installed');

/** CSI cursor movement, erase and show/hide (ECMA-48 8.3: CUU…CUP, ED, EL, SU/SD, DECTCEM). */
const CURSOR_CONTROL = /\u001B\[[0-9;?]*[ABCDEFGHJKSTfsuhl]/;

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Start the CLI in a pty; `answer(wait, text)` sends a line once the output shows `wait`. */
function runInPty(args: string[], env: Record<string, string>) {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'sh-plain-pty-'));
  const command = [...cliCommand(), ...args].map(quote).join(' ');
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
      await vi.waitFor(() => expect(out.indexOf(wait, seen)).toBeGreaterThanOrEqual(0), { timeout: 60_000, interval: 50 });
      seen = out.indexOf(wait, seen) + wait.length;
      child.stdin.write(`${text}\n`);
    },
    cleanup: () => rmSync(cwd, { recursive: true, force: true }),
  };
}

describe.skipIf(!SCRIPT)('line mode in a pseudo-terminal', () => {
  for (const [name, args, env] of [
    ['demo --plain (TERM=xterm-256color)', ['demo', '--plain'], { TERM: 'xterm-256color' }],
    ['demo with TERM=dumb', ['demo'], { TERM: 'dumb' }],
  ] as const) {
    it(`${name}: numbered choices, answers by line, no cursor control anywhere`, async () => {
      const run = runInPty([...args], env);
      try {
        await run.answer('1.1: what now?', 's'); // manual only: continue
        await run.answer('1.2: what now?', '9'); // invalid: one line, asked again
        await run.answer('Enter a number from 1 to 4.', '1'); // apply the risky 2FA change
        await run.answer('Type the organization slug "acme"', 'acme');
        await run.answer('2.1: what now?', 'q');
        await run.answer('now? [y/N]', 'y'); // the demo offers the rollback
        await run.answer('Restore 1 change of acme? [y/N]', 'y');
        expect(await run.done).toBe(0);
        const out = run.out();
        expect(out).toMatch(/ {2}1\) apply 1 change \(risky\) \[a\]/);
        expect(out).toContain('applied and verified: PUT organization acme: require2FA');
        expect(out).toContain('== Summary for acme at L2');
        expect(out).toContain('Restored 1 request');
        expect(out).not.toMatch(CURSOR_CONTROL);
        expect(out).not.toContain('\u001B[2J');
        expect(out).not.toContain('\u001B[3J');
      } finally {
        run.cleanup();
      }
    }, 180_000);
  }
});
