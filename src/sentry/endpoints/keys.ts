// Client keys (DSNs) and their event volume. A key's secret is dropped on read (redactKey).

import { clientKeySchema, keyStatsSchema, redactKey } from '../schemas.js';
import type { SentryApi } from '../types.js';
import { projPath, seg, type Endpoints } from './request.js';

type KeyEndpoints = Pick<SentryApi, 'listKeys' | 'getKey' | 'createKey' | 'updateKey' | 'getKeyStats'>;

export function keyEndpoints({ call, list }: Endpoints): KeyEndpoints {
  return {
    listKeys: async (org, project) => (await list(clientKeySchema, projPath(org, project, 'keys/'), { purpose: 'list client keys' })).map((k) => redactKey(k)),

    getKey: async (org, project, keyId) =>
      redactKey(await call(clientKeySchema, 'GET', projPath(org, project, `keys/${seg(keyId)}/`), { purpose: 'read a client key' })),

    createKey: async (org, project, body) =>
      redactKey(await call(clientKeySchema, 'POST', projPath(org, project, 'keys/'), { json: body, purpose: 'create a client key' })),

    updateKey: async (org, project, keyId, body) =>
      redactKey(await call(clientKeySchema, 'PUT', projPath(org, project, `keys/${seg(keyId)}/`), { json: body, purpose: 'change a client key' })),

    // project_key_stats.py: StatsMixin reads since/until (epoch seconds) and resolution
    getKeyStats: (org, project, keyId, opts) =>
      call(keyStatsSchema, 'GET', projPath(org, project, `keys/${seg(keyId)}/stats/`), {
        query: {
          since: Math.floor(opts.since),
          ...(opts.until !== undefined ? { until: Math.floor(opts.until) } : {}),
          resolution: opts.resolution,
        },
        purpose: "read a client key's event volume",
      }),
  };
}
