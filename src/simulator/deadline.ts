// Waiting until a point in time, for the simulator's latency: the answer leaves `latencyMs` after
// the request arrived, not later.

/**
 * Resolves at `deadline` (a performance.now() time) and not before. A timer fires on the event
 * loop's whole-millisecond clock, up to about a millisecond early or late (a 50 ms timer plus the
 * route's work made a page take 51.1-51.4 ms at the bench's pages of 10); so the timer takes the
 * whole milliseconds and the rest is checked once per loop turn, other sockets being served in
 * between. A timer alone (re-armed while early) measured no better than before; a worker thread
 * sleeping on Atomics.wait was 0.3 ms late and used more CPU than this check.
 */
export async function waitUntil(deadline: number): Promise<void> {
  const ahead = deadline - performance.now();
  if (ahead >= 1) await new Promise((r) => setTimeout(r, Math.floor(ahead)));
  while (performance.now() < deadline) await new Promise((r) => setImmediate(r));
}
