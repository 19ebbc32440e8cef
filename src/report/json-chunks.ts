// JSON.stringify(value, null, 2) in pieces. A report on a large organization is tens of
// megabytes of text: built as one string (and then encoded into one buffer for the file) it was
// the largest allocation of a `verify` run (npm run bench, 10,000 projects). Written in pieces,
// no more than one check's findings is text at a time.

const INDENT = '  ';

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

const hasToJson = (v: object): boolean => typeof (v as { toJSON?: unknown }).toJSON === 'function';

/**
 * The text of `JSON.stringify(value, null, 2)` as pieces (joined, they are that text exactly):
 * arrays and objects down to `depth` levels are written member by member, deeper values as one
 * piece each. `indent` is the indentation of the line the value starts on (for a value nested in
 * a document written by the caller).
 */
export function* prettyJsonChunks(value: unknown, depth: number, indent = ''): Generator<string> {
  if (depth <= 0 || value === null || typeof value !== 'object' || hasToJson(value)) {
    const text = JSON.stringify(value, null, 2) ?? 'null';
    // nested values are indented by their depth; strings hold no raw newline (JSON escapes it)
    yield indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
    return;
  }
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[\n';
    for (let i = 0; i < value.length; i += 1) {
      yield inner;
      yield* prettyJsonChunks(omitted(value[i]) ? null : value[i], depth - 1, inner);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield `${indent}]`;
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => !omitted(v));
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (let i = 0; i < entries.length; i += 1) {
    const [k, v] = entries[i]!;
    yield `${inner}${JSON.stringify(k)}: `;
    yield* prettyJsonChunks(v, depth - 1, inner);
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${indent}}`;
}

/** Pieces joined into blocks of at least `size` characters (fewer, larger writes). */
export function* batched(chunks: Iterable<string>, size = 64 * 1024): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const c of chunks) {
    parts.push(c);
    length += c.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join('');
}
