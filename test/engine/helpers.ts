// Shared setup of the engine tests: a demo simulator over real HTTP, a client without retries
// (so injected faults surface), a snapshot store in a temp folder, and a fingerprint of every
// setting the engine can touch (to prove rollback restores exactly the starting values).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSentryApi } from '../../src/sentry/api.js';
import { createSentryClient } from '../../src/sentry/client.js';
import type { SentryApi, Whoami } from '../../src/sentry/types.js';
import { startSimulator, type RunningSimulator, type SimState } from '../../src/simulator/index.js';
import { collectOrgState } from '../../src/engine/collect.js';
import type { OrgState, Target } from '../../src/state/types.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import type { Level } from '../../steps/types.js';

export interface Harness {
  sim: RunningSimulator;
  api: SentryApi;
  target: Target;
  whoami: Whoami;
  conn: { api: SentryApi; target: Target; whoami: Whoami };
  dir: string;
  close(): Promise<void>;
}

export function makeApi(url: string, token: string): SentryApi {
  return createSentryApi(createSentryClient({ baseUrl: url, token, maxRetries: 0, retryBaseMs: 1, timeoutMs: 5000 }));
}

export async function harness(opts: { token?: 'owner' | 'manager' | 'ownerNo2fa' } = {}): Promise<Harness> {
  const sim = await startSimulator({ seed: 'demo' });
  const token = opts.token ? sim.tokens[opts.token] : sim.token;
  const api = makeApi(sim.url, token);
  const whoami = await api.whoami();
  const target: Target = {
    baseUrl: sim.url,
    controlUrl: sim.url,
    regionUrl: sim.url,
    organizationUrl: `${sim.url}/organizations/${sim.org}/`,
    org: sim.org,
    selfHosted: true,
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'sh-engine-'));
  return {
    sim,
    api,
    target,
    whoami,
    conn: { api, target, whoami },
    dir,
    async close() {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function collect(h: Pick<Harness, 'conn'>, level: Level = 'L3'): Promise<OrgState> {
  return collectOrgState(h.conn, { level, policy: DEFAULT_POLICY });
}

/** Every setting the engine can change, as plain JSON (secrets and audit log left out). */
export function fingerprint(s: SimState): unknown {
  const { authProvider: _a, authProviders: _b, ...org } = s.org;
  return JSON.parse(
    JSON.stringify({
      org,
      members: [...s.members.values()].map((m) => ({
        id: m.id,
        email: m.email,
        orgRole: m.orgRole,
        pending: m.pending,
        userId: m.userId,
        teamRoles: [...m.teamRoles.entries()].sort(),
      })),
      projects: [...s.projects.values()].map((p) => ({
        slug: p.slug,
        teams: [...p.teamSlugs].sort(),
        options: [...p.options.entries()].filter(([k]) => k !== 'sentry:token').sort(([a], [b]) => a.localeCompare(b)),
      })),
      keys: [...s.keys.values()].map((k) => ({
        id: k.id,
        project: k.projectSlug,
        name: k.name,
        isActive: k.isActive,
        rateLimit: k.rateLimit,
        browserSdkVersion: k.browserSdkVersion,
      })),
    }),
  );
}
