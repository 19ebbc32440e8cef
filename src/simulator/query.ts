// The `query=` syntax of Sentry's list endpoints: `tokenize_query` in src/sentry/search/utils.py.
// Tokens split on whitespace outside quotes; `key:value` tokens collect under their key (a key
// may repeat: its values are alternatives), the rest goes to `query`. Quotes around a value are
// removed (`scope:"org:admin"`).

function splitTokens(q: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const ch of q) {
    if (quote) {
      cur += ch;
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      cur += ch;
      quote = ch;
    } else if (/\s/.test(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

function unquote(s: string): string {
  const m = /^(["'])(.*)\1$/s.exec(s);
  return m ? (m[2] ?? '') : s;
}

export function tokenizeQuery(q: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (k: string, v: string): void => {
    const list = out.get(k) ?? [];
    list.push(v);
    out.set(k, list);
  };
  for (const token of splitTokens(q)) {
    if (['OR', 'AND'].includes(token.toUpperCase()) || token.replace(/[()]/g, '') === '') continue;
    // a key needs a first character that is no quote or colon, and a colon not followed by
    // another colon
    const i = token.indexOf(':');
    const isTag = i > 0 && !['"', "'"].includes(token[0] ?? '') && token[i + 1] !== ':';
    if (isTag) add(token.slice(0, i), unquote(token.slice(i + 1)));
    else add('query', unquote(token));
  }
  return out;
}
