// A small strict XML 1.0 well-formedness checker for the JUnit tests (no regular expressions):
// one root element, properly nested and closed tags, quoted and unique attributes, only the
// five predefined entities or character references, no raw '<' or '&' in text or attributes.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const isNameStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === ':';
const isNameChar = (c: string): boolean => isNameStart(c) || (c >= '0' && c <= '9') || c === '-' || c === '.';
const isSpace = (c: string): boolean => c === ' ' || c === '\n' || c === '\t' || c === '\r';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(src: string): XmlElement {
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`XML not well-formed at ${i}: ${msg}`);
  };
  const peek = (s: string): boolean => src.startsWith(s, i);
  const skipSpace = (): void => {
    while (i < src.length && isSpace(src[i]!)) i += 1;
  };
  const name = (): string => {
    if (!isNameStart(src[i] ?? '')) fail('expected a name');
    const start = i;
    while (i < src.length && isNameChar(src[i]!)) i += 1;
    return src.slice(start, i);
  };
  const decode = (raw: string, inAttr: boolean): string => {
    let out = '';
    for (let k = 0; k < raw.length; k += 1) {
      const c = raw[k]!;
      if (c === '<') fail('raw < in text');
      if (inAttr && c === '"') fail('raw " in attribute');
      const code = c.codePointAt(0)!;
      if (code < 0x20 && c !== '\n' && c !== '\t' && c !== '\r') fail(`control character ${code}`);
      if (c !== '&') {
        out += c;
        continue;
      }
      const end = raw.indexOf(';', k);
      if (end < 0) fail('unterminated entity');
      const ent = raw.slice(k + 1, end);
      if (ent.startsWith('#x')) out += String.fromCodePoint(parseInt(ent.slice(2), 16));
      else if (ent.startsWith('#')) out += String.fromCodePoint(Number(ent.slice(1)));
      else if (ENTITIES[ent] !== undefined) out += ENTITIES[ent];
      else fail(`unknown entity &${ent};`);
      k = end;
    }
    return out;
  };

  const element = (): XmlElement => {
    if (!peek('<')) fail('expected <');
    i += 1;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (peek('/>')) {
        i += 2;
        return el;
      }
      if (peek('>')) {
        i += 1;
        break;
      }
      if (i === before) fail('expected space before attribute');
      const a = name();
      skipSpace();
      if (!peek('=')) fail('expected =');
      i += 1;
      skipSpace();
      const q = src[i];
      if (q !== '"' && q !== "'") fail('attribute value not quoted');
      const end = src.indexOf(q!, i + 1);
      if (end < 0) fail('unterminated attribute');
      if (a in el.attrs) fail(`duplicate attribute ${a}`);
      el.attrs[a] = decode(src.slice(i + 1, end), q === '"');
      i = end + 1;
    }
    for (;;) {
      if (i >= src.length) fail(`unclosed <${el.name}>`);
      if (peek('</')) {
        i += 2;
        const n = name();
        if (n !== el.name) fail(`</${n}> closes <${el.name}>`);
        skipSpace();
        if (!peek('>')) fail('expected >');
        i += 1;
        return el;
      }
      if (peek('<![CDATA[')) {
        const end = src.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        el.text += src.slice(i + 9, end);
        i = end + 3;
        continue;
      }
      if (peek('<')) {
        el.children.push(element());
        continue;
      }
      const next = src.indexOf('<', i);
      const end = next < 0 ? src.length : next;
      el.text += decode(src.slice(i, end), false);
      i = end;
    }
  };

  if (peek('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    i = end + 2;
  }
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== src.length) fail('content after the root element');
  return root;
}

export function findAll(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    if (e.name === name) out.push(e);
    e.children.forEach(walk);
  };
  walk(el);
  return out;
}
