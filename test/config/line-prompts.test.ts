// The line prompter (line mode): numbered choices, [y/N], numbers and ranges, a token read
// without echo, one line for an invalid answer — and no cursor or screen escape at all.

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLinePrompter, parseNumbers } from '../../src/config/line-prompts.js';

/** CSI cursor movement / erase / show-hide: ESC[ … A-H, J, K, s, u and ESC[?25l/h and friends. */
export const CURSOR_CONTROL = /\u001B\[[0-9;?]*[ABCDEFGHJKSTfsuhl]/;

function streams(): { input: PassThrough; output: PassThrough; text: () => string } {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d: Buffer) => (text += d.toString()));
  return { input, output, text: () => text };
}

describe('line prompter', () => {
  it('select: numbered choices, the default on an empty line, one line for an invalid answer', async () => {
    const s = streams();
    const p = createLinePrompter(s);
    const answer = p.select('Which level?', [
      { value: 'L1', name: 'L1 Baseline' },
      { value: 'L2', name: 'L2 Hardened', description: 'recommended' },
    ], 'L2');
    s.input.write('7\nx\n1\n');
    expect(await answer).toBe('L1');
    expect(s.text()).toBe(
      'Which level?\n  1) L1 Baseline\n  2) L2 Hardened - recommended\nNumber (1-2) [2]: Enter a number from 1 to 2.\nNumber (1-2) [2]: Enter a number from 1 to 2.\nNumber (1-2) [2]: ',
    );
    const def = p.select('Again?', [{ value: 'a', name: 'A' }, { value: 'b', name: 'B' }], 'b');
    s.input.write('\n');
    expect(await def).toBe('b');
    p.close();
  });

  it('select accepts a choice key (the wizard letters) as well as its number', async () => {
    const s = streams();
    const p = createLinePrompter(s);
    const answer = p.select('2.1: what now?', [{ value: 'apply', name: 'apply', key: 'a' }, { value: 'skip', name: 'skip', key: 's' }]);
    s.input.write('s\n');
    expect(await answer).toBe('skip');
    p.close();
  });

  it('confirm: [y/N], default on empty, re-asks on anything else', async () => {
    const s = streams();
    const p = createLinePrompter(s);
    const a = p.confirm('Apply 3 changes to acme?', false);
    s.input.write('maybe\nyes\n');
    expect(await a).toBe(true);
    const b = p.confirm('Again?', false);
    s.input.write('\n');
    expect(await b).toBe(false);
    expect(s.text()).toBe('Apply 3 changes to acme? [y/N] Answer y or n.\nApply 3 changes to acme? [y/N] Again? [y/N] ');
    p.close();
  });

  it('checkbox: comma and range numbers, empty keeps the marked ones, 0 for none', async () => {
    const s = streams();
    const p = createLinePrompter(s);
    const choices = ['a', 'b', 'c', 'd'].map((v, i) => ({ value: v, name: v.toUpperCase(), checked: i === 0 }));
    const a = p.checkbox('Owners?', choices);
    s.input.write('9\n1, 3-4\n');
    expect(await a).toEqual(['a', 'c', 'd']);
    expect(s.text()).toContain('  1) [x] A\n  2) [ ] B\n');
    expect(s.text()).toContain('"9" is not a number or range within 1-4; e.g. 1,3-4.\n');
    const b = p.checkbox('Owners?', choices);
    s.input.write('\n');
    expect(await b).toEqual(['a']);
    const c = p.checkbox('Owners?', choices);
    s.input.write('0\n');
    expect(await c).toEqual([]);
    p.close();
  });

  it('input: default, validation message on one line', async () => {
    const s = streams();
    const p = createLinePrompter(s);
    const a = p.input('Base URL', { validate: (t) => (t.startsWith('http') ? true : 'enter a URL') });
    s.input.write('nope\nhttps://sentry.example.com\n');
    expect(await a).toBe('https://sentry.example.com');
    expect(s.text()).toBe('Base URL: enter a URL\nBase URL: ');
    p.close();
  });

  it('password on a terminal: raw mode (no echo) while typing, Backspace applies, Enter as \\r; the token is never written', async () => {
    const s = streams();
    const modes: boolean[] = [];
    const input = Object.assign(s.input, { isTTY: true, setRawMode: (r: boolean) => modes.push(r) });
    const p = createLinePrompter({ input, output: s.output });
    const a = p.password('Auth token (input hidden)');
    s.input.write('sntryu_secretx\u007f\r');
    expect(await a).toBe('sntryu_secret');
    expect(modes).toEqual([true, false]);
    expect(s.text()).toBe('Auth token (input hidden): \n');
    expect(s.text()).not.toContain('secret');
    p.close();
  });

  it('lines written together (a paste, a pipe) are answered one per question, none lost', async () => {
    const s = streams();
    const p = createLinePrompter(s);
    s.input.write('2\ny\nacme\n');
    expect(await p.select('?', [{ value: 1, name: 'one' }, { value: 2, name: 'two' }])).toBe(2);
    expect(await p.confirm('?', false)).toBe(true);
    expect(await p.input('slug')).toBe('acme');
    p.close();
  });

  it('the end of the input or Ctrl+C (a character in raw mode) ends the question as an exit (exit 130)', async () => {
    const s = streams();
    const p = createLinePrompter(s);
    const a = p.confirm('?', false);
    s.input.end();
    await expect(a).rejects.toMatchObject({ name: 'ExitPromptError' });
    const t = streams();
    const q = createLinePrompter(t);
    const b = q.input('slug');
    t.input.write('ac\u0003');
    await expect(b).rejects.toMatchObject({ name: 'ExitPromptError' });
    q.close();
  });

  it('writes no cursor-control sequence for any kind of question', async () => {
    const s = streams();
    const p = createLinePrompter(s);
    s.input.write('1\n\n1\nx\n');
    await p.select('?', [{ value: 1, name: 'one' }]);
    await p.confirm('?', true);
    await p.checkbox('?', [{ value: 1, name: 'one' }]);
    await p.password('token');
    p.close();
    expect(s.text()).not.toMatch(CURSOR_CONTROL);
    expect(s.text()).not.toContain('\u001B');
  });

  it('parseNumbers', () => {
    expect([...(parseNumbers('1,3-4', 5) as Set<number>)]).toEqual([1, 3, 4]);
    expect(parseNumbers('4-3', 5)).toMatch(/not a number or range/);
    expect(parseNumbers('6', 5)).toMatch(/within 1-5/);
  });
});
