// Organization auth tokens. The token itself is never read (Sentry shows it once, at creation).

import { z } from 'zod';
import { orgAuthTokenSchema } from '../schemas.js';
import type { SentryApi } from '../types.js';
import { orgPath, seg, type Endpoints } from './request.js';

type AuthTokenEndpoints = Pick<SentryApi, 'listOrgAuthTokens' | 'getOrgAuthToken' | 'deleteOrgAuthToken'>;

export function authTokenEndpoints({ client, call }: Endpoints): AuthTokenEndpoints {
  return {
    // org_auth_tokens.py: one list, no pagination, active tokens only
    listOrgAuthTokens: (org) =>
      call(z.array(orgAuthTokenSchema), 'GET', orgPath(org, 'org-auth-tokens/'), {
        purpose: 'list organization auth tokens',
      }),

    getOrgAuthToken: (org, tokenId) =>
      call(orgAuthTokenSchema, 'GET', orgPath(org, `org-auth-tokens/${seg(tokenId)}/`), {
        purpose: 'read an organization auth token',
      }),

    async deleteOrgAuthToken(org, tokenId) {
      await client.request('DELETE', orgPath(org, `org-auth-tokens/${seg(tokenId)}/`), { purpose: 'revoke an organization auth token' });
    },
  };
}
