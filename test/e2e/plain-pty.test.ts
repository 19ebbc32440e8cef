// Line mode in a real terminal: `demo --plain` (and TERM=dumb) run under `script`, which gives
// the CLI a pseudo-terminal, answered line by line through a pipe. The whole session (onboarding
// is skipped by the demo; review, a risky confirmation, the summary, the rollback question) must
// not contain one cursor-control sequence: no ESC[…A/B/C/D/G/H/J/K, no ESC[?25l, no screen erase.

import { describe, expect, it } from 'vitest';
import { CURSOR_CONTROL, runInPty, SCRIPT } from '../helpers/pty.js';

if (!SCRIPT) console.warn('test/e2e/plain-pty: skipped: `script` (util-linux) is not installed');

describe.skipIf(!SCRIPT)('line mode in a pseudo-terminal', () => {
  for (const [name, args, env] of [
    ['demo --plain (TERM=xterm-256color)', ['demo', '--plain'], { TERM: 'xterm-256color' }],
    ['demo with TERM=dumb', ['demo'], { TERM: 'dumb' }],
  ] as const) {
    it(`${name}: numbered choices, answers by line, no cursor control anywhere`, async () => {
      const run = runInPty([...args], env);
      try {
        await run.answer('1.1: what now?', 's\n'); // manual only: continue
        await run.answer('1.2: what now?', '9\n'); // invalid: one line, asked again
        await run.answer('Enter a number from 1 to 4.', '1\n'); // apply the risky 2FA change
        await run.answer('Type the organization slug "acme"', 'acme\n');
        await run.answer('2.1: what now?', 'q\n');
        await run.answer('now? [y/N]', 'y\n'); // the demo offers the rollback
        await run.answer('Restore 1 change of acme? [y/N]', 'y\n');
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
