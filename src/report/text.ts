// Plain-text layout helpers for the terminal renderers: colour (only when asked), wrapping and
// truncation by terminal columns so reports read well in 80 columns. Widths come from
// string-width (East Asian Wide characters and emoji take two columns, ANSI colour none) and
// wrapping from wrap-ansi, the same libraries Ink lays its screens out with, so a report and
// the wizard agree on what fits.

import cliTruncate from 'cli-truncate';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/** Terminal columns `s` takes: wide characters count 2, ANSI escapes 0. */
export const visibleLength = (s: string): number => stringWidth(s);

export type Colour = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'gray' | 'bold' | 'dim';

const CODES: Record<Colour, [number, number]> = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  gray: [90, 39],
  bold: [1, 22],
  dim: [2, 22],
};

export type Paint = (colour: Colour, s: string) => string;

export function painter(enabled: boolean): Paint {
  if (!enabled) return (_c, s) => s;
  return (c, s) => `\u001B[${CODES[c][0]}m${s}\u001B[${CODES[c][1]}m`;
}

/** Cut to `width` columns with an ellipsis (a wide character that would straddle the edge goes). */
export function truncate(s: string, width: number): string {
  // cli-truncate (slice-ansi) keeps a wide character that straddles the cut: cut a column earlier
  for (let w = width; w > 0; w--) {
    const t = cliTruncate(s, w);
    if (stringWidth(t) <= width) return t;
  }
  return '';
}

/** The first `width` columns of `s`, no ellipsis (a wide character straddling the edge goes). */
export function cut(s: string, width: number): string {
  for (let w = width; w > 0; w--) {
    const t = sliceAnsi(s, 0, w);
    if (stringWidth(t) <= width) return t;
  }
  return '';
}

/**
 * Wrap text at word boundaries to `width` columns, every line prefixed with `indent`. Runs of
 * white space count as one space; a word longer than a line (URLs, JSON) is broken hard so
 * nothing runs past the width.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const avail = Math.max(10, width - stringWidth(indent));
  return text.split('\n').flatMap((para) => {
    const words = para.split(/\s+/).filter((w) => w !== '').join(' ');
    return wrapAnsi(words, avail, { hard: true }).split('\n').map((l) => indent + l);
  });
}

/**
 * `marker` then `text` wrapped with a hanging indent: the first line is `indent + marker`,
 * continuation lines sit under the text, not under the marker ("• ", "! ").
 */
export function wrapHanging(marker: string, text: string, width: number, indent = ''): string[] {
  const hang = indent + ' '.repeat(stringWidth(marker));
  const [first = hang, ...rest] = wrap(text, width, hang);
  return [`${indent}${marker}${first.slice(hang.length)}`, ...rest];
}

/** A value as one short line: strings plain, everything else as compact JSON. */
export function inline(v: unknown, max = 60): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (v === undefined) s = '(unset)';
  else s = JSON.stringify(v) ?? String(v);
  return truncate(s, max);
}

/**
 * Where the continuation lines of `line` start: under the text after a list marker ("- ", "• ",
 * "! "), under the second column of a column layout ("held back     3.1.1 PUT ..."), two in from
 * an indented line, and flush left for an unindented sentence.
 */
function hangOf(line: string): string {
  const marker = /^(\s*)([-•!*] )/.exec(line);
  if (marker) return ' '.repeat(stringWidth(marker[0]));
  const column = /^(\s*\S+(?: \S+){0,2} {2,})\S/.exec(line);
  if (column) return ' '.repeat(stringWidth(column[1]!));
  const indent = /^\s*/.exec(line)![0];
  return indent ? `${indent}  ` : '';
}

/**
 * One line of human text for a terminal `width` columns wide, wrapped at word boundaries (a word
 * longer than a line, a URL or a path, is broken hard) with a hanging indent (`hangOf`). ANSI
 * colour is kept; a line that fits is returned as it is.
 */
export function wrapLine(line: string, width: number): string[] {
  if (stringWidth(line) <= width) return [line];
  // a hang past half the width would leave a ribbon of text: start continuations flush left
  const hang = stringWidth(hangOf(line)) <= width / 2 ? hangOf(line) : '';
  const head = /^\s*/.exec(line)![0];
  // untrimmed, the rows join back into the text: the first row as it fits after the indent,
  // the rest wrapped again in the room the hang leaves
  const [first = '', ...rest] = wrapAnsi(line.slice(head.length), Math.max(10, width - stringWidth(head)), { hard: true, trim: false }).split('\n');
  const tail = rest.length ? wrapAnsi(rest.join('').trim(), Math.max(10, width - stringWidth(hang)), { hard: true }).split('\n') : [];
  return [head + first.trimEnd(), ...tail.map((l) => hang + l)];
}
