// The JSON report written in pieces is the same text as JSON.stringify of the whole report, for
// the report fixtures and for values with every shape JSON.stringify treats specially.

import { describe, expect, it } from 'vitest';
import { batched, prettyJsonChunks } from '../../src/report/json-chunks.js';
import { buildJsonReport, jsonReportChunks, renderJson } from '../../src/report/json.js';
import { reportInput, SECRET } from './fixtures.js';

const joined = (chunks: Iterable<string>): string => [...chunks].join('');

describe('prettyJsonChunks', () => {
  const tricky = {
    empty: { list: [], object: {} },
    // left out of objects, null in arrays (as JSON.stringify does)
    gone: undefined,
    fn: () => 1,
    list: [1, undefined, 'two', null, { a: [[], [{}]], b: undefined }, () => 2],
    text: 'line\nbreak "quoted" \u2028 tab\t',
    date: new Date('2026-01-02T03:04:05.000Z'),
    nested: { deeper: { deepest: [{ x: { y: [1, 2, { z: 'end' }] } }] } },
    '': 'empty key',
  };

  it.each([0, 1, 2, 3, 4, 8, 50])('split down to depth %i: the same text as JSON.stringify(value, null, 2)', (depth) => {
    expect(joined(prettyJsonChunks(tricky, depth))).toBe(JSON.stringify(tricky, null, 2));
  });

  it('indents a value nested in a document the caller writes', () => {
    const doc = { outer: tricky };
    const text = `{\n  "outer": ${joined(prettyJsonChunks(tricky, 3, '  '))}\n}`;
    expect(text).toBe(JSON.stringify(doc, null, 2));
  });

  it('splits containers into several pieces (so a large value is never one string)', () => {
    const pieces = [...prettyJsonChunks({ a: [1, 2, 3], b: { c: 'd' } }, 2)];
    expect(pieces.length).toBeGreaterThan(5);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(10);
  });

  it('scalars and empty containers are one piece', () => {
    for (const v of [null, 1, 'x', true, [], {}]) expect([...prettyJsonChunks(v, 5)]).toEqual([JSON.stringify(v)]);
  });
});

describe('batched', () => {
  it('joins pieces into blocks of at least the given size, keeping their order and text', () => {
    const pieces = Array.from({ length: 100 }, (_, i) => `p${i};`);
    const blocks = [...batched(pieces, 50)];
    expect(blocks.join('')).toBe(pieces.join(''));
    expect(blocks.slice(0, -1).every((b) => b.length >= 50)).toBe(true);
    expect(blocks.length).toBeGreaterThan(5);
    expect([...batched([], 50)]).toEqual([]);
  });
});

describe('jsonReportChunks', () => {
  it('is the text of the whole report, redacted, with a final newline', () => {
    const input = reportInput();
    const text = joined(jsonReportChunks(input));
    expect(text).toBe(`${JSON.stringify(buildJsonReport(input), null, 2)}\n`);
    expect(text).toBe(renderJson(input));
    expect(text).not.toContain(SECRET);
    expect(text).toContain('[redacted]');
  });

  it('with no controls and with a probe, still the text of the whole report', () => {
    const none = reportInput([]);
    expect(joined(jsonReportChunks(none))).toBe(`${JSON.stringify(buildJsonReport(none), null, 2)}\n`);
    const probe = { ...reportInput(), probe: { sampled: 2, leaks: [{ field: 'password', value: SECRET }] } } as unknown as Parameters<typeof jsonReportChunks>[0];
    const text = joined(jsonReportChunks(probe));
    expect(text).toBe(`${JSON.stringify(buildJsonReport(probe), null, 2)}\n`);
    expect(Object.keys(JSON.parse(text) as object).at(-1)).toBe('probe');
  });

  it('writes one control at a time (no piece holds two controls)', () => {
    const input = reportInput();
    const pieces = [...jsonReportChunks(input)];
    for (const c of input.results) expect(pieces.filter((p) => p.includes(`"id": "${c.checks[0]!.id}"`)).length).toBeLessThanOrEqual(1);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(renderJson(input).length / 4);
  });
});
