// The collection's read queue (src/state/read-queue.ts): at most `limit` reads run at once, the
// rest start in order as earlier ones settle, and each caller gets its own read's outcome.

import { describe, expect, it } from 'vitest';
import { readQueue } from '../../src/state/read-queue.js';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('readQueue', () => {
  it('starts at most `limit` reads, the next ones in order as reads settle, success or failure', async () => {
    const queued = readQueue(2);
    const started: number[] = [];
    const reads = [0, 1, 2, 3, 4].map(() => deferred<number>());
    const results = reads.map((d, i) =>
      queued(() => {
        started.push(i);
        return d.promise;
      }).then(
        (v) => `ok ${v}`,
        (e: Error) => `failed ${e.message}`,
      ),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    reads[1]!.reject(new Error('403'));
    await tick();
    expect(started).toEqual([0, 1, 2]);
    reads[0]!.resolve(0);
    reads[2]!.resolve(2);
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    reads[3]!.resolve(3);
    reads[4]!.resolve(4);
    expect(await Promise.all(results)).toEqual(['ok 0', 'failed 403', 'ok 2', 'ok 3', 'ok 4']);
  });

  it('never runs more than the limit at once over thousands of reads, and runs them all', async () => {
    const queued = readQueue(7);
    let running = 0;
    let most = 0;
    const out = await Promise.all(
      Array.from({ length: 3000 }, (_, i) =>
        queued(async () => {
          running += 1;
          most = Math.max(most, running);
          await tick();
          running -= 1;
          return i;
        }),
      ),
    );
    expect(most).toBe(7);
    expect(out).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });

  it('a read that throws before returning a promise fails its caller and frees its place', async () => {
    const queued = readQueue(1);
    const failed = queued((): Promise<number> => {
      throw new Error('bad slug');
    });
    await expect(failed).rejects.toThrow('bad slug');
    await expect(queued(() => Promise.resolve(5))).resolves.toBe(5);
  });
});
