// At most `limit` of a collection's per-resource reads (key lists, inbound filters, member
// details, team member lists) are started at once; the rest wait here as one closure each.
//
// Why: a read that has started but waits for a connection slot is a chain of suspended async
// functions (collection, API, pagination, retry loop, scheduler), each with its promise,
// context and URL. At 10,000 projects that was 20,000 chains, about 35 MB of a 10k run's peak
// heap, for requests the client could not send yet anyway (it sends 24 at a time). The limit
// stays well above the client's concurrency so the scheduler always has work queued: no slot
// waits for this queue. First in, first out, as the scheduler.

export type ReadQueue = <T>(run: () => Promise<T>) => Promise<T>;

/** Reads started at once: a few times the client's default concurrency (24). */
export const STARTED_READS = 96;

export function readQueue(limit = STARTED_READS): ReadQueue {
  let active = 0;
  // a list with a moving head: shift() on 20,000 entries would copy them each time
  let waiting: (() => void)[] = [];
  let head = 0;
  const finished = (): void => {
    active -= 1;
    if (head < waiting.length) {
      const start = waiting[head]!;
      waiting[head] = noop;
      head += 1;
      if (head > 1024 && head * 2 > waiting.length) {
        waiting = waiting.slice(head);
        head = 0;
      }
      start();
    }
  };
  const startNow = <T>(run: () => Promise<T>): Promise<T> => {
    active += 1;
    let p: Promise<T>;
    try {
      p = run();
    } catch (err) {
      p = Promise.reject(err);
    }
    p.then(finished, finished);
    return p;
  };
  return <T>(run: () => Promise<T>): Promise<T> => {
    if (active < limit) return startNow(run);
    return new Promise<T>((resolve, reject) => {
      waiting.push(() => void startNow(run).then(resolve, reject));
    });
  };
}

const noop = (): void => undefined;
