// apply and rollback in 80 columns: every line of human text wraps at word boundaries (the demo's
// last lines, rollback's "Still to do by hand", ran past 80 columns and the terminal broke them
// mid-word). COLUMNS=80 on a stream that is not a terminal takes the same path as an 80-column
// TTY; without it the lines stay whole for logs and scripts.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import stringWidth from 'string-width';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runApply } from '../../src/commands/apply.js';
import { runRollback } from '../../src/commands/rollback.js';
import { textColumns } from '../../src/commands/shared.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { captureIo, globalOptions, homeIo } from '../helpers/io.js';

let sim: RunningSimulator;
let cwd: string;
let env: Record<string, string>;

beforeEach(async () => {
  sim = await startSimulator({ seed: 'demo' });
  cwd = mkdtempSync(path.join(tmpdir(), 'sh-wrap-'));
  env = { SENTRY_URL: sim.url, SENTRY_ORG: sim.org, SENTRY_AUTH_TOKEN: sim.token };
});
afterEach(async () => {
  await sim.close();
  rmSync(cwd, { recursive: true, force: true });
});

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

it('apply and rollback at COLUMNS=80: no line past 80 columns, no word split, same words as unwrapped', async () => {
  // 1.2.1 (2FA) sweeps a member into an invitation and 2.1.10 deletes one: both leave rollback
  // a long "Still to do by hand" item
  const applyOpts = globalOptions({ level: 'L2', yes: true, allowRisky: ['1.2.1', '2.1.10'] });
  const applied = homeIo(cwd, { ...env, COLUMNS: '80' });
  await runApply(applyOpts, applied, { registry: null });
  for (const l of applied.out().split('\n')) expect(stringWidth(l), l).toBeLessThanOrEqual(80);
  // a long outcome line hangs under its description, "held back" included
  expect(applied.out()).toMatch(/^ {2}applied {7}2\.1\.1\S* PUT organization acme:.*\n {16}\S/m);
  expect(applied.out()).toMatch(/^ {2}held back {5}2\.3\.4 .*\n {16}\S/m);

  // the same rollback, unwrapped (dry run) and at 80 columns (dry run, then for real)
  const whole = homeIo(cwd, env);
  await runRollback(globalOptions({ latest: true, dryRun: true }), whole, { registry: null });
  const narrow = homeIo(cwd, { ...env, COLUMNS: '80' });
  await runRollback(globalOptions({ latest: true, dryRun: true }), narrow, { registry: null });
  expect(Math.max(...whole.out().split('\n').map((l) => stringWidth(l)))).toBeGreaterThan(80);
  // the deleted invitation's fields in words (the invitation adapter's label and valueText)
  expect(whole.out()).toContain('status: live withdrawn (deleted), saved before pending, session set withdrawn (deleted)');
  expect(whole.out()).not.toMatch(/exists: live/);
  for (const text of [narrow.out(), narrow.err()]) for (const l of text.split('\n')) expect(stringWidth(l), l).toBeLessThanOrEqual(80);
  // nothing lost, and a word is broken only when it is longer than a line (compact JSON, a path):
  // a word broken at the edge would show up as two words
  for (const [n, w] of [[narrow.out(), whole.out()], [narrow.err(), whole.err()]] as const) {
    expect(n.replace(/\s+/g, '')).toBe(w.replace(/\s+/g, ''));
    const kept = new Set(words(n));
    const broken = words(w).filter((x) => !kept.has(x));
    for (const x of broken) expect(stringWidth(x), x).toBeGreaterThan(60);
    expect(words(w).length - broken.length).toBeGreaterThan(20);
  }

  const done = homeIo(cwd, { ...env, COLUMNS: '80' });
  expect(await runRollback(globalOptions({ latest: true, yes: true }), done, { registry: null })).toBe(0);
  const lines = done.out().split('\n');
  for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(80);
  const todo = lines.slice(lines.indexOf('Still to do by hand:') + 1).filter(Boolean);
  expect(todo.length).toBeGreaterThan(2);
  // items start with "  - ", their continuations hang under the text
  for (const l of todo) expect(l, l).toMatch(/^ {2}- \S|^ {4}\S/);
  expect(todo.join(' ').replace(/\s+/g, ' ')).toMatch(/Turning require2FA off does not bring them back: each must enable two-factor authentication/);
}, 60_000);

it('textColumns: the terminal\'s width, COLUMNS off a terminal, otherwise none', () => {
  const tty = (columns?: number) => ({ isTTY: true as const, columns: columns as number });
  expect(textColumns(tty(100), {})).toBe(100);
  expect(textColumns(tty(0), {})).toBe(80);
  expect(textColumns(tty(100), { COLUMNS: '60' })).toBe(100);
  const pipe = captureIo().stdout;
  expect(textColumns(pipe, {})).toBeUndefined();
  expect(textColumns(pipe, { COLUMNS: '80' })).toBe(80);
  expect(textColumns(pipe, { COLUMNS: 'wide' })).toBeUndefined();
  expect(textColumns(pipe, { COLUMNS: '0' })).toBeUndefined();
});
