// Shared setup of the collection tests: a real simulator and a real client over HTTP.

import { createSentryApi } from '../../src/sentry/api.js';
import { createSentryClient } from '../../src/sentry/client.js';
import type { SentryApi } from '../../src/sentry/types.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.js';
import type { Target } from '../../src/state/types.js';
import type { Whoami } from '../../src/sentry/types.js';

export interface Harness {
  sim: RunningSimulator;
  conn: { api: SentryApi; target: Target; whoami: Whoami };
}

export async function connectTo(sim: RunningSimulator, token = sim.token): Promise<Harness['conn']> {
  const client = createSentryClient({ baseUrl: sim.url, token, retryBaseMs: 10 });
  if (sim.regionUrl !== sim.url) client.setRegionUrl(sim.regionUrl);
  const api = createSentryApi(client);
  const whoami = await api.whoami();
  const target: Target = {
    baseUrl: sim.url,
    controlUrl: sim.url,
    regionUrl: sim.regionUrl,
    organizationUrl: sim.url,
    org: sim.org,
    selfHosted: true,
  };
  return { api, target, whoami };
}

export async function startDemo(opts: SimulatorOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ seed: 'demo', ...opts });
  return { sim, conn: await connectTo(sim) };
}
