// Current vs recommended as line diffs (the `diff` package): values are canonicalised (sorted
// keys, JSON strings such as relayPiiConfig parsed), unchanged runs collapsed around the
// changed lines.

import { diffJson } from 'diff';

export interface DiffLine {
  kind: 'add' | 'remove' | 'context' | 'skip';
  text: string;
}

/** JSON text fields (relayPiiConfig) are compared as the structures they hold. */
function normalise(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      try {
        return JSON.parse(t) as unknown;
      } catch {
        return v;
      }
    }
  }
  return v;
}

const isObj = (v: unknown): v is object => v !== null && typeof v === 'object';

export function diffValues(before: unknown, after: unknown, context = 1): DiffLine[] {
  const a = normalise(before);
  const b = normalise(after);
  const parts = isObj(a) && isObj(b) ? diffJson(a, b) : diffJson(`${JSON.stringify(a, null, 2)}\n`, `${JSON.stringify(b, null, 2)}\n`);
  const lines: DiffLine[] = [];
  for (const p of parts) {
    const kind: DiffLine['kind'] = p.added ? 'add' : p.removed ? 'remove' : 'context';
    for (const text of p.value.replace(/\n$/, '').split('\n')) lines.push({ kind, text });
  }
  // keep `context` lines around each change, collapse the rest into one "…" line
  const keep = lines.map((l) => l.kind !== 'context');
  const near = lines.map((_, i) => {
    for (let d = -context; d <= context; d++) if (keep[i + d]) return true;
    return false;
  });
  const out: DiffLine[] = [];
  lines.forEach((l, i) => {
    if (near[i]) out.push(l);
    else if (out[out.length - 1]?.kind !== 'skip') out.push({ kind: 'skip', text: '…' });
  });
  return out;
}

export function diffText(before: unknown, after: unknown): string[] {
  return diffValues(before, after).map((l) => `${l.kind === 'add' ? '+ ' : l.kind === 'remove' ? '- ' : '  '}${l.text}`);
}
