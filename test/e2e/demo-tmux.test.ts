// `sentry-harden demo` in a real terminal (tmux, 80×24): walk the controls of the simulated
// organization at L2, apply most, skip some, read the summary, then roll the session back.
// Every control screen must keep its header on screen (the frame fits 24 rows).

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BUILT, ROOT, buildIsStale } from '../helpers/cli-process.js';


function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const TMUX = hasTmux();
if (!TMUX) console.warn('test/e2e/demo-tmux: skipped: tmux is not installed (apt-get install -y tmux)');
// the built CLI (npm run build) when it is up to date, else the sources through tsx
const stale = buildIsStale();
if (stale) console.warn(`test/e2e/demo-tmux: running the sources with tsx: the build is out of date (${stale}); run npm run build to test the built CLI`);
const COMMAND = stale ? `${path.join(ROOT, 'node_modules/.bin/tsx')} ${path.join(ROOT, 'src/cli.ts')}` : `node ${BUILT}`;

const session = `sh-demo-${process.pid}`;
let dir: string;

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
const screenText = (): string => tmux('capture-pane', '-t', session, '-p');
const send = (...keys: string[]): void => void tmux('send-keys', '-t', session, ...keys);

async function waitScreen(expected: string | RegExp, timeout = 20_000): Promise<string> {
  let last = '';
  await vi.waitFor(
    () => {
      last = screenText();
      const ok = typeof expected === 'string' ? last.includes(expected) : expected.test(last);
      if (!ok) throw new Error(`screen does not show ${String(expected)}:\n${last}`);
    },
    { timeout, interval: 50 },
  );
  return last;
}

/**
 * Press `key` until the screen shows `expected`. A screen mounted right after a prompt listens
 * for keys only once React has run its effects, a moment after the frame is drawn; a person never
 * types that fast, a test does. Bounded: at most `tries` presses.
 */
async function pressUntil(key: string, expected: RegExp, tries = 5): Promise<string> {
  for (let i = 1; ; i += 1) {
    send(key);
    try {
      return await waitScreen(expected, i < tries ? 1_500 : 30_000);
    } catch (err) {
      if (i >= tries) throw err;
    }
  }
}

/** A control under review, with its header still on screen (the frame fits 24 rows). */
async function control(k: number, id: string): Promise<string> {
  const s = await waitScreen(new RegExp(`control ${k} of 13[\\s\\S]*[✘◆✔!] ${id.replace('.', '\\.')} [\\s\\S]*\\[q\\] quit`));
  const rows = s.split('\n');
  expect(rows.some((r) => r.startsWith('sentry-harden · acme (simulated) · L2')), `header of ${id} scrolled away:\n${s}`).toBe(true);
  return s;
}

/** No line wider than 80 columns once the terminal's own wraps are joined (capture-pane -J). */
function expectFits80(joined: string, shows: RegExp): void {
  const lines = joined.split('\n').map((l) => l.trimEnd());
  expect(joined).toMatch(shows);
  for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(80);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sh-e2e-'));
});
afterAll(async () => {
  if (TMUX) {
    try {
      execFileSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
  }
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!TMUX)('demo in tmux (80×24)', () => {
  it('--plain: line-by-line questions and plain-text diffs in a real terminal', async () => {
    const plainSession = `${session}-plain`;
    const env = `HOME=${dir} XDG_CONFIG_HOME=${dir}/.config TERM=xterm-256color`;
    const script = `cd ${dir} && env ${env} ${COMMAND} demo --plain --only 2.1 --snapshots-dir ${dir}/plain-snaps; echo "EXIT=$?" > ${dir}/plain-exit; sleep 120`;
    tmux('new-session', '-d', '-s', plainSession, '-x', '80', '-y', '24', script);
    const shot = (): string => tmux('capture-pane', '-t', plainSession, '-p', '-S', '-200');
    const wait = async (re: RegExp): Promise<string> => {
      let last = '';
      await vi.waitFor(
        () => {
          last = shot();
          if (!re.test(last)) throw new Error(`screen does not show ${String(re)}:\n${last}`);
        },
        { timeout: 20_000, interval: 50 },
      );
      return last;
    };
    try {
      const first = await wait(/2\.1: what now\?/);
      expect(first).toContain('== Control 1 of 1: 2.1 Configure Team Access [fail]');
      expect(first).toMatch(/- openMembership: true/);
      expect(first).toMatch(/\+ openMembership: false/);
      // line mode: numbered choices, "1" is apply (Enter alone is not an answer)
      await wait(/1\) apply \d+ changes?/);
      tmux('send-keys', '-t', plainSession, '-l', '1');
      tmux('send-keys', '-t', plainSession, 'Enter');
      // 2.1.10 deletes a stale invitation (risky): the slug is typed instead of y
      await wait(/Type the organization slug "acme" to apply 8 changes/);
      tmux('send-keys', '-t', plainSession, '-l', 'acme');
      tmux('send-keys', '-t', plainSession, 'Enter');
      const summary = await wait(/Roll back session \S+ now\?/);
      expect(summary).toMatch(/applied and verified: PUT organization acme/);
      expect(summary).toContain('== Summary for acme at L2');
      tmux('send-keys', '-t', plainSession, 'n', 'Enter');
      await vi.waitFor(async () => expect(await readFile(path.join(dir, 'plain-exit'), 'utf8')).toMatch(/^EXIT=[01]\n$/), { timeout: 10_000, interval: 50 });
      expectFits80(tmux('capture-pane', '-t', plainSession, '-p', '-J', '-S', '-1000'), /is a simulated organization[\s\S]*== Summary for acme at L2/);
    } finally {
      execFileSync('tmux', ['kill-session', '-t', plainSession], { stdio: 'ignore' });
    }
  }, 60_000);

  it('walks the controls at L2, applies most, skips some, quits to the summary, rolls back', async () => {
    const env = `HOME=${dir} XDG_CONFIG_HOME=${dir}/.config TERM=xterm-256color NO_COLOR=1`;
    const script = `cd ${dir} && env ${env} ${COMMAND} demo --level L2 --snapshots-dir ${dir}/snaps; echo "EXIT=$?" > ${dir}/exit; sleep 120`; // the pane stays for capture; afterAll ends it
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', script);

    await waitScreen('is a simulated organization');
    await control(1, '1.1');
    send('s');
    await control(2, '1.2');
    send('a');
    await waitScreen('Type the organization slug acme');
    send('-l', 'acme');
    await waitScreen('> acme');
    send('Enter');
    await control(3, '2.1');
    send('a');
    // 2.1.10 deletes a stale invitation (risky): the slug is typed instead of y
    await waitScreen('Type the organization slug acme to apply 8 changes');
    send('-l', 'acme');
    await waitScreen('> acme');
    send('Enter');
    await control(4, '2.2');
    send('s');
    await control(5, '2.3');
    send('s');
    await control(6, '2.4');
    send('s');
    await control(7, '2.5');
    send('s');
    await control(8, '3.1');
    send('a');
    await waitScreen(/Apply \d+ changes? to acme\?/);
    send('y');
    await control(9, '3.2');
    send('a');
    await waitScreen(/Apply \d+ changes? to acme\?/);
    send('y');
    await control(10, '3.3');
    send('a');
    await waitScreen(/Apply \d+ changes? to acme\?/);
    send('y');
    await control(11, '3.5');
    send('s');
    await control(12, '3.6');
    send('s');
    await control(13, '4.1');
    send('q');

    const summary = await waitScreen(/Roll back session \S+ now\?/);
    // the summary of 13 controls is taller than 24 rows: its first lines are in the scrollback.
    // No frame was as tall as the terminal: Ink would have cleared the screen and the scrollback,
    // taking the demo banner and the finished controls with it
    const history = tmux('capture-pane', '-t', session, '-p', '-S', '-1000');
    expect(history).toContain('Summary for acme at L2');
    expect(history).toContain('is a simulated organization');
    expect(history).toMatch(/^✘ → [✔◆✘] 3\.1 Configure Data Scrubbing — /m);
    expect(history).toMatch(/✘ → [✔◆✘] 1\.2 +1\/1 request applied/);
    expect(history).toMatch(/✘ → ✘ 2\.2 +skipped/);
    // the demo's simulator stops with the demo: the hints point at the question below and at the
    // user's own organization, never at the stopped simulator's URL or a session they cannot reach
    expect(summary).toContain('Undo: answer the question below');
    expect(summary).toContain('In CI: sentry-harden verify --level L2 (on your organization)');
    expect(summary).not.toMatch(/127\.0\.0\.1/);
    const id = /Snapshot session (\S+)/.exec(summary)?.[1];
    expect(id).toBeTruthy();

    send('y');
    send('Enter');
    await waitScreen(/Restore \d+ changes? of acme\?/);
    const restored = await pressUntil('y', /Restored \d+ requests?\./);
    expect(restored).not.toMatch(/failed/);
    await vi.waitFor(async () => expect(await readFile(path.join(dir, 'exit'), 'utf8')).toBe('EXIT=0\n'), { timeout: 10_000, interval: 50 });
    // every line the demo wrote fits the 80 columns: -J joins the rows the terminal wrapped by
    // itself, which is where a long line broke mid-word (rollback's "Still to do by hand")
    expectFits80(tmux('capture-pane', '-t', session, '-p', '-J', '-S', '-1000'), /Restored \d+ requests\.\nStill to do by hand:\n {2}- /);
    // both sessions (the demo and its rollback) are in the snapshots folder given
    expect(existsSync(path.join(dir, 'snaps', 'acme', id!))).toBe(true);
  }, 120_000);
});
