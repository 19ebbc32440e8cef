// Key timing for ink-testing-library (TOOLCHAIN.md): one key per write, wait for the frame the key
// should produce, then yield a macrotask so the next key reaches the new useInput closure.

import { vi } from 'vitest';

export const KEY = { enter: '\r', escape: '\u001B', down: '\u001B[B', up: '\u001B[A', backspace: '\u007F', space: ' ', ctrlC: '\u0003' } as const;

export interface Terminal {
  stdin: { write(data: string): void };
  lastFrame(): string | undefined;
}

export const macrotask = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** Wait until the current frame satisfies `expected` (substring or predicate). */
export async function frame(t: Terminal, expected: string | RegExp | ((f: string) => boolean), timeout = 5000): Promise<string> {
  let last = '';
  await vi.waitFor(
    () => {
      last = t.lastFrame() ?? '';
      const ok = typeof expected === 'string' ? last.includes(expected) : expected instanceof RegExp ? expected.test(last) : expected(last);
      if (!ok) throw new Error(`frame does not show ${String(expected)}:\n${last}`);
    },
    { timeout, interval: 10 },
  );
  await macrotask();
  return last;
}

/** Write one key, then wait for the frame it should produce. */
export async function press(t: Terminal, key: string, expected: string | RegExp | ((f: string) => boolean), timeout?: number): Promise<string> {
  t.stdin.write(key);
  return frame(t, expected, timeout);
}

/** Type text one character at a time, waiting for each to appear. */
export async function typeText(t: Terminal, text: string, shownAs: (typed: string) => string | RegExp = (typed) => typed): Promise<void> {
  for (let i = 0; i < text.length; i++) await press(t, text[i]!, shownAs(text.slice(0, i + 1)));
}
