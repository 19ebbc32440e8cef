// --plain: the same session as line-by-line questions (the line prompter: numbered choices,
// answers written as lines) and plain-text diffs.

import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { runPlainWizard } from '../../src/ui/plain/run-plain.js';
import { exitCodeOf } from '../../src/ui/wizard-state.js';
import { wantsPlain } from '../../src/commands/wizard.js';
import { control } from './fixtures.js';
import { fakeDriver } from './fake-driver.js';

function output(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

/** Wait until the output shows `what` (a question is asked when its text is written). */
async function said(out: { text: () => string }, what: string | RegExp): Promise<void> {
  await vi.waitFor(() => (typeof what === 'string' ? expect(out.text()).toContain(what) : expect(out.text()).toMatch(what)));
}

describe('plain mode', () => {
  it('is chosen by --plain, TERM=dumb, or a stdout that is not a terminal', () => {
    const tty = { isTTY: true } as NodeJS.WriteStream;
    const pipe = { isTTY: false } as unknown as NodeJS.WriteStream;
    expect(wantsPlain({ plain: false }, { env: {}, stdout: tty })).toBe(false);
    expect(wantsPlain({ plain: true }, { env: {}, stdout: tty })).toBe(true);
    expect(wantsPlain({ plain: false }, { env: { TERM: 'dumb' }, stdout: tty })).toBe(true);
    expect(wantsPlain({ plain: false }, { env: {}, stdout: pipe })).toBe(true);
  });

  it('asks line by line (numbered choices), prints plain diffs and outcomes, and the summary', async () => {
    const driver = fakeDriver([control('2.1'), control('1.2')]);
    const out = output();
    const input = new PassThrough();
    const done = runPlainWizard({ driver, init: { org: 'acme', region: 'us.sentry.io', level: 'L2' }, verifyCommand: 'sentry-harden verify --org acme --level L2', input, output: out.stream });

    await said(out, '2.1: what now?');
    expect(out.text()).toMatch(/ {2}1\) apply 3 changes \(disruptive\) \[a\]\n/);
    expect(out.text()).toMatch(/Number \(1-\d\): $/);
    const text = out.text();
    expect(text).toContain('== Control 1 of 2: 2.1 Configure Team Access [fail]');
    expect(text).toContain('L1 · CIS 5.4 · NIST AC-6 · SOC 2 CC6.2');
    expect(text).toContain('  [fail] 2.1.3 Open membership is off (disruptive)');
    expect(text).toContain('Current (-) and recommended (+):');
    expect(text).toContain('    - openMembership: true');
    expect(text).toContain('    + openMembership: false');
    expect(text).toContain('WARNING, before you apply:');

    input.write('1\n'); // apply
    await said(out, 'Apply 3 changes to acme? [y/N] ');
    input.write('y\n');
    await said(out, '1.2: what now?');
    expect(out.text()).toContain('applied and verified: PUT organization acme');

    input.write('a\n'); // apply the risky one, by its letter
    await said(out, 'Type the organization slug "acme" to apply 1 change');
    expect(out.text()).toContain('RISKY: someone may lose access');
    input.write('acme\n');

    const final = await done;
    expect(driver.calls.map((c) => c.allowRisky)).toEqual([[], ['1.2.1']]);
    const summary = out.text();
    expect(summary).toContain('== Summary for acme at L2');
    expect(summary).toMatch(/2\.1 +fail -> \? *: 1\/1 request applied|2\.1 +fail -> fail: 1\/1 request applied/);
    expect(summary).toContain('Snapshot session: S-1');
    expect(summary).toContain('Undo: sentry-harden rollback S-1');
    expect(summary).toContain('In CI: sentry-harden verify --org acme --level L2');
    expect(exitCodeOf(final)).toBe(1);
    expect(driver.finished).toEqual([false]);
    // line mode: no colour, no cursor movement, no screen erase, ever
    expect(summary).not.toMatch(/\u001B/);
  });

  it('a wrong slug is refused, an invalid choice re-asks with one line, an empty answer goes back', async () => {
    const driver = fakeDriver([control('1.2')]);
    const out = output();
    const input = new PassThrough();
    const done = runPlainWizard({ driver, init: { org: 'acme', region: 'us.sentry.io', level: 'L2' }, verifyCommand: 'v', input, output: out.stream });
    await said(out, '1.2: what now?');
    input.write('9\n');
    await said(out, /Enter a number from 1 to \d\.\nNumber \(1-\d\): $/);
    input.write('1\n');
    await said(out, 'Type the organization slug');
    input.write('acne\n');
    await said(out, 'Type the organization slug "acme" exactly');
    const before = out.text().length;
    input.write('\n'); // empty: back to the control
    await vi.waitFor(() => expect(out.text().slice(before)).toContain('1.2: what now?'));
    input.write('s\n'); // skip
    const final = await done;
    expect(driver.calls).toHaveLength(0);
    expect(final.records[0]?.decision.kind).toBe('skipped');
    expect(out.text()).toContain('Nothing was changed, so no snapshot session was written.');
  });
});

describe('plain mode, Ctrl+C in a question', () => {
  it('ends the session as interrupted and prints what was done', async () => {
    const driver = fakeDriver([control('2.1'), control('1.2')]);
    const out = output();
    const input = new PassThrough();
    const done = runPlainWizard({ driver, init: { org: 'acme', region: 'us.sentry.io', level: 'L2' }, verifyCommand: 'v', input, output: out.stream });
    await said(out, '2.1: what now?');
    input.write('1\ny\n');
    await said(out, '1.2: what now?');
    process.emit('SIGINT'); // Ctrl+C at a line prompt in a terminal is a signal
    const final = await done;
    expect(exitCodeOf(final)).toBe(130);
    expect(driver.finished).toEqual([true]);
    expect(out.text()).toContain('== Summary for acme at L2 (interrupted)');
    expect(out.text()).toMatch(/2\.1 .*1\/1 request applied/);
  });
});
