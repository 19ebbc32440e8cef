// Line mode (--plain, TERM=dumb, a stdout that is not a terminal): every question is one line of
// text answered with one line, so screen readers, logs, `script` and dumb terminals see plain
// lines. Numbered choices instead of arrow-key menus, `[y/N]` confirms, numbers and ranges for a
// multiple choice, and a token read without echo — never a cursor movement or screen escape.

import type { Choice, Prompter } from './prompts.js';

export interface LinePrompterOptions {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  output: NodeJS.WritableStream;
}

/** A closed prompter or Ctrl+C / end of input while a question waits: the caller exits 130. */
class PromptExit extends Error {
  override name = 'ExitPromptError';
}

export interface LinePrompter extends Prompter {
  /** stop reading the input (the process can exit); pending questions end with ExitPromptError */
  close(): void;
}

/**
 * One reader for the whole run: lines that arrive together (a paste, a pipe) are queued, not
 * lost between questions. The input is paused while no question waits.
 */
export function createLinePrompter(opts: LinePrompterOptions): LinePrompter {
  const { input, output } = opts;
  const say = (s: string): void => void output.write(s);
  const lines: string[] = [];
  let partial = '';
  let ended = false;
  let waiting: { resolve: (line: string) => void; reject: (e: Error) => void } | undefined;
  let listening = false;

  const deliver = (): void => {
    if (!waiting) return;
    const w = waiting;
    if (lines.length > 0) {
      waiting = undefined;
      w.resolve(lines.shift()!);
    } else if (ended) {
      waiting = undefined;
      w.reject(new PromptExit('the input ended before the question was answered'));
    }
  };
  const onData = (chunk: Buffer | string): void => {
    partial += chunk.toString();
    // Enter is \n from a pipe and \r from a terminal in raw mode (the token read)
    const parts = partial.split(/\r\n|\r|\n/);
    partial = parts.pop() ?? '';
    lines.push(...parts);
    // Ctrl+C as a character (raw mode): stop like a signal would
    if (partial.includes('\u0003') || parts.some((p) => p.includes('\u0003'))) return interrupt();
    deliver();
  };
  const onEnd = (): void => {
    if (partial) lines.push(partial);
    partial = '';
    ended = true;
    deliver();
  };
  const interrupt = (): void => {
    const w = waiting;
    waiting = undefined;
    lines.length = 0;
    partial = '';
    w?.reject(new PromptExit('interrupted'));
  };

  function readLine(): Promise<string> {
    if (!listening) {
      listening = true;
      input.on('data', onData);
      input.on('end', onEnd);
    }
    return new Promise<string>((resolve, reject) => {
      // Ctrl+C in a terminal that is not in raw mode is a signal: end the question, not the process
      const onSigint = (): void => interrupt();
      process.once('SIGINT', onSigint);
      const done = (): void => {
        process.off('SIGINT', onSigint);
        if (!waiting) input.pause();
      };
      waiting = {
        resolve: (l) => (done(), resolve(l)),
        reject: (e) => (done(), reject(e)),
      };
      input.resume();
      deliver();
    });
  }

  async function ask<T>(question: string, parse: (answer: string) => { value: T } | { error: string }): Promise<T> {
    for (;;) {
      say(question);
      const r = parse((await readLine()).trim());
      if ('value' in r) return r.value;
      say(`${r.error}\n`); // one line, then the question again
    }
  }

  const listChoices = <T>(choices: readonly Choice<T>[], mark?: (i: number) => string): void => {
    choices.forEach((c, i) => say(`  ${String(i + 1).padStart(String(choices.length).length)}) ${mark ? mark(i) : ''}${c.name}${c.description ? ` - ${c.description}` : ''}\n`));
  };

  return {
    async select<T>(message: string, choices: readonly Choice<T>[], defaultValue?: T): Promise<T> {
      say(`${message}\n`);
      listChoices(choices);
      const def = defaultValue === undefined ? -1 : choices.findIndex((c) => c.value === defaultValue);
      const range = `1-${choices.length}`;
      return ask<T>(`Number (${range})${def >= 0 ? ` [${def + 1}]` : ''}: `, (a) => {
        if (a === '' && def >= 0) return { value: choices[def]!.value };
        const byKey = choices.find((c) => c.key !== undefined && c.key === a.toLowerCase());
        if (byKey) return { value: byKey.value };
        const n = /^\d+$/.test(a) ? Number(a) : NaN;
        return n >= 1 && n <= choices.length ? { value: choices[n - 1]!.value } : { error: `Enter a number from 1 to ${choices.length}.` };
      });
    },

    async checkbox<T>(message: string, choices: readonly (Choice<T> & { checked?: boolean })[]): Promise<T[]> {
      say(`${message}\n`);
      listChoices(choices, (i) => (choices[i]!.checked ? '[x] ' : '[ ] '));
      const marked = choices.filter((c) => c.checked).map((c) => c.value);
      return ask<T[]>(`Numbers to choose, e.g. 1,3-4 (empty keeps the [x] ones, 0 for none): `, (a) => {
        if (a === '') return { value: marked };
        if (a === '0') return { value: [] };
        const picked = parseNumbers(a, choices.length);
        return typeof picked === 'string' ? { error: picked } : { value: choices.filter((_, i) => picked.has(i + 1)).map((c) => c.value) };
      });
    },

    confirm(message: string, defaultValue: boolean): Promise<boolean> {
      return ask<boolean>(`${message} ${defaultValue ? '[Y/n]' : '[y/N]'} `, (a) => {
        if (a === '') return { value: defaultValue };
        if (/^y(es)?$/i.test(a)) return { value: true };
        if (/^no?$/i.test(a)) return { value: false };
        return { error: 'Answer y or n.' };
      });
    },

    input(message: string, o: { default?: string; validate?: (s: string) => true | string } = {}): Promise<string> {
      return ask<string>(`${message}${o.default ? ` [${o.default}]` : ''}: `, (a) => {
        const value = a === '' && o.default !== undefined ? o.default : a;
        const ok = o.validate?.(value) ?? true;
        return ok === true ? { value } : { error: ok };
      });
    },

    async password(message: string, o: { validate?: (s: string) => true | string } = {}): Promise<string> {
      // a terminal echoes what is typed unless it is in raw mode; a pipe echoes nothing
      const raw = input.isTTY === true && typeof input.setRawMode === 'function';
      for (;;) {
        say(`${message}: `);
        if (raw) input.setRawMode!(true);
        let typed: string;
        try {
          typed = eraseBackspaces(await readLine()).trim();
        } finally {
          if (raw) {
            input.setRawMode!(false);
            say('\n'); // raw mode did not echo the Enter
          }
        }
        const ok = o.validate?.(typed) ?? true;
        if (ok === true) return typed;
        say(`${ok}\n`);
      }
    },

    close(): void {
      input.off('data', onData);
      input.off('end', onEnd);
      listening = false;
      input.pause();
      const w = waiting;
      waiting = undefined;
      w?.reject(new PromptExit('closed'));
    },
  };
}

/** "1,3-4" → {1,3,4}; a one-line reason when a part is not a number or out of 1..max. */
export function parseNumbers(text: string, max: number): Set<number> | string {
  const out = new Set<number>();
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    const from = m ? Number(m[1]) : NaN;
    const to = m?.[2] !== undefined ? Number(m[2]) : from;
    if (!m || from < 1 || to > max || from > to) return `"${part}" is not a number or range within 1-${max}; e.g. 1,3-4.`;
    for (let n = from; n <= to; n++) out.add(n);
  }
  return out;
}

/** Raw mode delivers Backspace as a character (DEL or BS): apply it to the text typed so far. */
function eraseBackspaces(s: string): string {
  const out: string[] = [];
  for (const ch of s) {
    if (ch === '\u007f' || ch === '\b') out.pop();
    else out.push(ch);
  }
  return out.join('');
}
