// Typed endpoint functions over the client (paths and shapes: ../shared/sentry-api/), one file
// per group in endpoints/. Every method validates what it reads (schemas.ts) and throws a
// SentryApiError. Each group returns its part of SentryApi, so a missing method does not compile.

import type { SentryClient } from './client.js';
import { auditLogEndpoints } from './endpoints/audit-log.js';
import { authTokenEndpoints } from './endpoints/auth-tokens.js';
import { integrationEndpoints } from './endpoints/integrations.js';
import { keyEndpoints } from './endpoints/keys.js';
import { memberEndpoints } from './endpoints/members.js';
import { organizationEndpoints } from './endpoints/organization.js';
import { projectEndpoints } from './endpoints/projects.js';
import { endpoints } from './endpoints/request.js';
import type { SentryApi } from './types.js';

export function createSentryApi(client: SentryClient): SentryApi {
  const e = endpoints(client);
  return {
    ...organizationEndpoints(e),
    ...memberEndpoints(e),
    ...projectEndpoints(e),
    ...keyEndpoints(e),
    ...auditLogEndpoints(e),
    ...authTokenEndpoints(e),
    ...integrationEndpoints(e),
  };
}
