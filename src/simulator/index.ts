// Public API of the Sentry API simulator: a stateful node:http server on 127.0.0.1 that answers
// the endpoints the tool uses the way Sentry does (../shared/sentry-api/). Used by tests, `demo`
// and `simulator`.

import type { SimulatorSeed } from './seeds.js';
import type { SimState } from './state.js';

export type { SimState } from './state.js';

export interface SimulatorOptions {
  /** `demo-sso-optional` and `demo-swept-long-ago` are the demo org in two states of issue 18 (seed-scenarios.ts) */
  seed?: SimulatorSeed;
  /** for 'large' (defaults 1000 / 5000 / 2) */
  projects?: number;
  members?: number;
  keysPerProject?: number;
  /**
   * every answer leaves this long after its request arrived, the simulator's own work included
   * (a slow route is not slower); a rate-limit verdict is made on arrival, as Sentry's middleware does
   */
  latencyMs?: number;
  /** null/undefined = no limiter (self-hosted has none) */
  rateLimit?: { perSecond: number; concurrent: number } | null;
  /** 0/undefined = free port; always binds 127.0.0.1 only */
  port?: number;
  /** region API on a second port; control-silo endpoints answer only on the control port */
  splitRegion?: boolean;
  /** what links.regionUrl says */
  regionUrlOverride?: string;
  /**
   * Benchmark knob: every list page holds at most this many items whatever per_page asks (the
   * next-page cursor follows), so a list becomes a long chain of pages. Not a Sentry behaviour.
   */
  pageSize?: number;
  /** spike-protections GET/POST 404, no rate-limit headers */
  selfHosted?: boolean;
}

export type TokenRole = 'owner' | 'ownerNo2fa' | 'manager' | 'readonly' | 'orgCi';

/**
 * 'drop': the socket is closed before the request is handled; 'hang': no answer until close.
 * The rest answer a request the server HANDLED (a write is applied) with something else:
 * 'drop-after' closes the socket instead of answering, 'html' a sign-in page, 'truncated' the
 * JSON cut in half, 'empty' no body, 'wrong-shape' a list where an object belongs (all 200).
 */
export type FaultKind = 500 | 502 | 503 | 429 | 401 | 'drop' | 'hang' | 'drop-after' | 'html' | 'truncated' | 'empty' | 'wrong-shape';

export interface SimStats {
  total: number;
  rateLimited: number;
  /** "METHOD /api/0/organizations/{org}/members/" with ids replaced by placeholders */
  byRoute: Map<string, number>;
  byPort: Map<number, number>;
  /** "METHOD /path?query" exactly as requested: the benchmark counts duplicates with it */
  byUrl: Map<string, number>;
  reset(): void;
}

export interface SimFaults {
  /**
   * The next `times` (default 1) requests matching `method` and `path` fail with `kind`.
   * `path` is tested against the pathname (`/api/0/...`) and against pathname + query string.
   * 'drop' destroys the socket without an answer; 'hang' never answers until close.
   */
  failNext(match: { method?: string; path?: RegExp }, kind: FaultKind, times?: number): void;
  /** after n successful non-GET requests, drop every further connection */
  dropAfterWrites(n: number | null): void;
  setLatency(ms: number): void;
  setRateLimit(rl: { perSecond: number; concurrent: number } | null): void;
  /** drops pending failNext/dropAfterWrites faults; latency and rate limit go back to the start options */
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
  /**
   * owner: the acting owner (2FA incl. u2f), all scopes; readonly: the same user, read scopes only
   * (org/member/team/project/event/alerts:read); manager: a manager with 2FA, all scopes;
   * ownerNo2fa: all scopes, acting as a MANAGER without 2FA (in the demo seed the only member
   * without 2FA; neither seed has an owner without 2FA); orgCi: `sntrys_` org auth token, scope org:ci only.
   * A user token's effective scopes = token scopes ∩ the member role's scopes.
   */
  tokens: Record<TokenRole, string>;
  /**
   * live, inspectable/mutable org state. `state.counters.securityTokensCreated` counts project
   * detail reads that created `sentry:token` (a side effect the tool must avoid).
   */
  state: SimState;
  stats: SimStats;
  faults: SimFaults;
  close(): Promise<void>;
}

export { startSimulator } from './server.js';
export { DEMO, DEMO_RELAY_PII_CONFIG, buildDemoState } from './seed-demo.js';
export { buildLargeState } from './seed-large.js';
