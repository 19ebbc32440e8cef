// --plain: the same session as line-by-line questions (@inquirer/testing) and plain-text diffs.

import { screen } from '@inquirer/testing/vitest';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
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

describe('plain mode', () => {
  it('is chosen by --plain, TERM=dumb, or a stdout that is not a terminal', () => {
    const tty = { isTTY: true } as NodeJS.WriteStream;
    const pipe = { isTTY: false } as unknown as NodeJS.WriteStream;
    expect(wantsPlain({ plain: false }, { env: {}, stdout: tty })).toBe(false);
    expect(wantsPlain({ plain: true }, { env: {}, stdout: tty })).toBe(true);
    expect(wantsPlain({ plain: false }, { env: { TERM: 'dumb' }, stdout: tty })).toBe(true);
    expect(wantsPlain({ plain: false }, { env: {}, stdout: pipe })).toBe(true);
  });

  it('asks line by line, prints plain diffs and outcomes, and the summary', async () => {
    const driver = fakeDriver([control('2.1'), control('1.2')]);
    const out = output();
    const done = runPlainWizard({ driver, init: { org: 'acme', region: 'us.sentry.io', level: 'L2' }, verifyCommand: 'sentry-harden verify --org acme --level L2', input: new PassThrough(), output: out.stream });

    await screen.next();
    expect(screen.getScreen()).toContain('2.1: what now?');
    expect(screen.getScreen()).toContain('apply 3 changes (disruptive)');
    const text = out.text();
    expect(text).toContain('== Control 1 of 2: 2.1 Configure Team Access [fail]');
    expect(text).toContain('L1 · CIS 5.4 · NIST AC-6 · SOC 2 CC6.2');
    expect(text).toContain('  [fail] 2.1.3 Open membership is off (disruptive)');
    expect(text).toContain('Current (-) and recommended (+):');
    expect(text).toContain('    - openMembership: true');
    expect(text).toContain('    + openMembership: false');
    expect(text).toContain('WARNING, before you apply:');
    expect(text).not.toMatch(/\u001B\[/); // no colour or cursor codes

    screen.keypress('enter'); // apply
    await screen.next();
    expect(screen.getScreen()).toContain('Apply 3 changes to acme?');
    screen.type('y');
    screen.keypress('enter');
    await screen.next();
    expect(out.text()).toContain('applied and verified: PUT organization acme');
    expect(screen.getScreen()).toContain('1.2: what now?');

    screen.keypress('enter'); // apply the risky one
    await screen.next();
    expect(out.text()).toContain('RISKY: someone may lose access');
    expect(screen.getScreen()).toContain('Type the organization slug "acme" to apply 1 change');
    screen.type('acme');
    screen.keypress('enter');

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
  });

  it('a wrong slug is refused and an empty answer goes back', async () => {
    const driver = fakeDriver([control('1.2')]);
    const out = output();
    const done = runPlainWizard({ driver, init: { org: 'acme', region: 'us.sentry.io', level: 'L2' }, verifyCommand: 'v', input: new PassThrough(), output: out.stream });
    await screen.next();
    screen.keypress('enter');
    await screen.next();
    screen.type('acne');
    screen.keypress('enter');
    await screen.next();
    expect(out.text()).toContain('Type the organization slug "acme" exactly');
    screen.keypress('enter'); // empty: back to the control
    await screen.next();
    expect(screen.getScreen()).toContain('1.2: what now?');
    screen.keypress('down');
    screen.keypress('enter'); // skip
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
    const done = runPlainWizard({ driver, init: { org: 'acme', region: 'us.sentry.io', level: 'L2' }, verifyCommand: 'v', input: new PassThrough(), output: out.stream });
    await screen.next();
    screen.keypress('enter');
    await screen.next();
    screen.type('y');
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('1.2: what now?');
    screen.keypress({ name: 'c', ctrl: true });
    const final = await done;
    expect(exitCodeOf(final)).toBe(130);
    expect(driver.finished).toEqual([true]);
    expect(out.text()).toContain('== Summary for acme at L2 (interrupted)');
    expect(out.text()).toMatch(/2\.1 .*1\/1 request applied/);
  });
});
