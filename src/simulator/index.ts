// Public API of the Sentry API simulator: a stateful node:http server on 127.0.0.1 that answers
// the endpoints the tool uses the way Sentry does (../shared/sentry-api/). Used by tests, `demo`
// and `simulator`.

import type { SimState } from './state.js';

export type { SimState } from './state.js';

export interface SimulatorOptions {
  seed?: 'demo' | 'large';
  /** for 'large' (defaults 1000 / 5000 / 2) */
  projects?: number;
  members?: number;
  keysPerProject?: number;
  /** added to every response */
  latencyMs?: number;
  /** null/undefined = no limiter (self-hosted has none) */
  rateLimit?: { perSecond: number; concurrent: number } | null;
  /** 0/undefined = free port; always binds 127.0.0.1 only */
  port?: number;
  /** region API on a second port; control-silo endpoints answer only on the control port */
  splitRegion?: boolean;
  /** what links.regionUrl says */
  regionUrlOverride?: string;
  /** spike-protections GET/POST 404, no rate-limit headers */
  selfHosted?: boolean;
}

export type TokenRole = 'owner' | 'ownerNo2fa' | 'manager' | 'readonly' | 'orgCi';

export type FaultKind = 500 | 502 | 503 | 429 | 'drop' | 'hang';

export interface SimStats {
  total: number;
  rateLimited: number;
  /** "METHOD /api/0/organizations/{org}/members/" with ids replaced by placeholders */
  byRoute: Map<string, number>;
  byPort: Map<number, number>;
  reset(): void;
}

export interface SimFaults {
  /** 'drop' destroys the socket without an answer; 'hang' never answers until close */
  failNext(match: { method?: string; path?: RegExp }, kind: FaultKind, times?: number): void;
  /** after n successful non-GET requests, drop every further connection */
  dropAfterWrites(n: number | null): void;
  setLatency(ms: number): void;
  setRateLimit(rl: { perSecond: number; concurrent: number } | null): void;
  clear(): void;
}

export interface RunningSimulator {
  /** control base URL, e.g. http://127.0.0.1:PORT (no trailing slash) */
  url: string;
  /** = url unless splitRegion */
  regionUrl: string;
  org: string;
  /** user auth token of the owner with 2FA, all scopes */
  token: string;
  tokens: Record<TokenRole, string>;
  /** live, inspectable/mutable org state */
  state: SimState;
  stats: SimStats;
  faults: SimFaults;
  close(): Promise<void>;
}

export { startSimulator } from './server.js';
