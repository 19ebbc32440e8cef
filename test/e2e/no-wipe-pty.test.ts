// Nothing already printed is wiped: Ink clears the terminal AND its scrollback (ESC[2J ESC[3J)
// when a frame is as tall as the terminal, and a pty of unknown size (`script` without a
// terminal, as in CI) reports 0 rows, so before the fix every frame of the wizard and of
// verify's progress bar erased the demo banner (with the snapshot folder) and the applied lines.
// A long run through the Ink wizard, and verify's progress, must not contain ESC[2J or ESC[3J.

import { describe, expect, it } from 'vitest';
import { runInPty, SCRIPT, WIPE } from '../helpers/pty.js';
import { startSimulator } from '../../src/simulator/index.js';

if (!SCRIPT) console.warn('test/e2e/no-wipe-pty: skipped: `script` (util-linux) is not installed');

describe.skipIf(!SCRIPT)('Ink output never clears the scrollback', () => {
  for (const size of [undefined, { rows: 24, cols: 80 }]) {
    it(`the demo wizard, walked through nine controls (${size ? `${size.rows}×${size.cols}` : 'terminal of unknown size'}): the banner and the applied lines stay`, async () => {
      const run = runInPty(['demo'], { TERM: 'xterm-256color' }, size);
      try {
        await run.answer('[q] quit', 's'); // 1.1 manual
        await run.answer('1.2 Enforce', 's');
        await run.answer('2.1 Configure', 'a');
        // 2.1.10 deletes a stale invitation (risky): the slug is typed instead of y
        await run.answer('Type the organization slug acme', 'acme\r');
        await run.answer('2.2 Configure', 'd'); // details: a tall view in a window
        await run.answer('[q] quit', 's');
        await run.answer('2.3 Limit', 's');
        await run.answer('2.4 Organization', 's');
        await run.answer('2.5 Custom', 's');
        await run.answer('3.1 Configure', 'a');
        await run.answer('Apply', 'y');
        await run.answer('3.2 Configure', 'q');
        await run.answer('now?', 'n\r');
        expect(await run.done).toBe(1);
        const out = run.out();
        expect(out).toContain('Snapshots of this demo are written to');
        expect(out).toContain('Summary for acme at L2');
        expect(out).not.toMatch(WIPE);
      } finally {
        run.cleanup();
      }
    }, 240_000);
  }

  it("verify's progress bar on a terminal of unknown size", async () => {
    const sim = await startSimulator({ seed: 'demo' });
    try {
      const run = runInPty(['verify', '--level', 'L2'], { TERM: 'xterm-256color', SENTRY_URL: sim.url, SENTRY_ORG: sim.org, SENTRY_AUTH_TOKEN: sim.token });
      const code = await run.done;
      run.cleanup();
      expect(code).toBe(1);
      expect(run.out()).toContain('Reading');
      expect(run.out()).toMatch(/checks? to fix/);
      expect(run.out()).not.toMatch(WIPE);
    } finally {
      await sim.close();
    }
  }, 120_000);
});
