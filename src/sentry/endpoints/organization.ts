// The token, the organization, its SSO and spike protection.

import { SentryApiError } from '../errors.js';
import { authProviderChoicesSchema, authProviderSchema, orgDetailsSchema, orgSummarySchema, parseResponse, whoamiSchema } from '../schemas.js';
import type { SentryApi } from '../types.js';
import { orgPath, type Endpoints } from './request.js';

type OrganizationEndpoints = Pick<
  SentryApi,
  | 'whoami'
  | 'listOrganizations'
  | 'getOrganization'
  | 'updateOrganization'
  | 'getAuthProvider'
  | 'listAuthProviders'
  | 'probeSpikeProtection'
  | 'enableSpikeProtection'
  | 'disableSpikeProtection'
>;

export function organizationEndpoints({ client, call, list }: Endpoints): OrganizationEndpoints {
  return {
    whoami: () => call(whoamiSchema, 'GET', '', { silo: 'control' }),

    listOrganizations: () => list(orgSummarySchema, 'organizations/', { silo: 'control', purpose: 'list the organizations the token can see' }),

    getOrganization: (org, opts) =>
      call(orgDetailsSchema, 'GET', orgPath(org), {
        query: { detailed: 0, ...(opts?.featureFlags ? { include_feature_flags: 1 } : {}) },
        purpose: 'read organization settings',
      }),

    updateOrganization: (org, body) => call(orgDetailsSchema, 'PUT', orgPath(org), { json: body, purpose: 'change organization settings' }),

    async getAuthProvider(org) {
      const res = await client.request('GET', orgPath(org, 'auth-provider/'), { purpose: 'read the SSO configuration' });
      if (res.status === 204 || res.data === null || res.data === '') return null;
      return parseResponse(authProviderSchema, res.data, 'GET', orgPath(org, 'auth-provider/'));
    },

    listAuthProviders: (org) =>
      call(authProviderChoicesSchema, 'GET', orgPath(org, 'auth-providers/'), {
        purpose: 'list the SSO providers available to the organization',
      }),

    async probeSpikeProtection(org) {
      // sentry.io has no GET on this route (405); self-hosted has no route at all (404)
      const path = orgPath(org, 'spike-protections/');
      try {
        await client.request('GET', path, { accept: [400, 403, 405, 409], purpose: 'detect spike protection' });
        return 'available';
      } catch (e) {
        if (e instanceof SentryApiError && e.kind === 'not_found') return 'unavailable';
        throw e;
      }
    },

    async enableSpikeProtection(org, projects) {
      await client.request('POST', orgPath(org, 'spike-protections/'), {
        json: { projects },
        purpose: 'enable spike protection',
      });
    },

    async disableSpikeProtection(org, projects) {
      await client.request('DELETE', orgPath(org, 'spike-protections/'), {
        json: { projects },
        purpose: 'disable spike protection',
      });
    },
  };
}
