// Servers a test file starts are closed after each test, so no port outlives its test.

import { afterEach } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';

interface Closable {
  close(): Promise<void>;
}

/** Call at a test file's top level; `sim` starts a simulator (demo seed unless told) and `keep` tracks any other server. */
export function closedAfterEach(): {
  sim: (opts?: Parameters<typeof startSimulator>[0]) => Promise<RunningSimulator>;
  keep: <T extends Closable>(server: T) => T;
} {
  const running: Closable[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
  });
  const keep = <T extends Closable>(server: T): T => {
    running.push(server);
    return server;
  };
  return { sim: async (opts = {}) => keep(await startSimulator({ seed: 'demo', ...opts })), keep };
}
