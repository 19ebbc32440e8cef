// Start-up V8 flags that keep a large run's peak memory near its live data (src/heap.ts): set
// in a fresh process, and left alone when the user chose their own.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const HEAP = pathToFileURL(path.join(ROOT, 'src/heap.ts')).href;

/** The young generation's size after allocating steadily, in a child with the given node flags. */
function newSpaceMb(nodeFlags: string[]): number {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    const { keepHeapNearLiveData } = await import(${JSON.stringify(HEAP)});
    keepHeapNearLiveData();
    const keep = [];
    for (let i = 0; i < 2e6; i++) { const o = { i, s: 'x' + i }; if (i % 10 === 0) keep.push(o); }
    const s = getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
    process.stdout.write(String(s.space_size / 1048576));`;
  const r = spawnSync(process.execPath, [...nodeFlags, '--import', TSX, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).toBe('');
  return Number(r.stdout);
}

describe('heap flags at start-up', () => {
  it('the young generation stays at its first size', () => {
    expect(newSpaceMb([])).toBeLessThanOrEqual(4);
  });

  it('a young-generation size the user sets wins', () => {
    expect(newSpaceMb(['--max-semi-space-size=8', '--min-semi-space-size=8'])).toBeGreaterThanOrEqual(16);
  });
});
