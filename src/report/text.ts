// Plain-text layout helpers for the terminal renderers: colour (only when asked), wrapping and
// truncation by visible width so reports read well in 80 columns.

const ANSI = /\u001B\[[0-9;]*m/g;

export const visibleLength = (s: string): number => [...s.replace(ANSI, '')].length;

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

/** Cut to `width` visible characters with an ellipsis (plain text only). */
export function truncate(s: string, width: number): string {
  const chars = [...s];
  if (chars.length <= width) return s;
  if (width <= 1) return chars.slice(0, width).join('');
  return `${chars.slice(0, width - 1).join('')}…`;
}

/**
 * Wrap plain text at word boundaries to `width`, every line prefixed with `indent`. Words
 * longer than a line (URLs, JSON) are broken hard so nothing runs past the width.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const avail = Math.max(10, width - [...indent].length);
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (let word of para.split(/\s+/).filter((w) => w !== '')) {
      while ([...word].length > avail) {
        if (line) {
          out.push(indent + line);
          line = '';
        }
        const chars = [...word];
        out.push(indent + chars.slice(0, avail).join(''));
        word = chars.slice(avail).join('');
      }
      if (!line) line = word;
      else if ([...line].length + 1 + [...word].length <= avail) line += ` ${word}`;
      else {
        out.push(indent + line);
        line = word;
      }
    }
    out.push(indent + line);
  }
  return out;
}

/**
 * `marker` then `text` wrapped with a hanging indent: the first line is `indent + marker`,
 * continuation lines sit under the text, not under the marker ("• ", "! ").
 */
export function wrapHanging(marker: string, text: string, width: number, indent = ''): string[] {
  const hang = indent + ' '.repeat([...marker].length);
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
