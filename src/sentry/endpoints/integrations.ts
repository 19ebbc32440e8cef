// Custom integrations (Sentry apps), their installations, and the Relays that connected with the
// org's trusted keys. Client secrets and grant codes are dropped by the schemas.

import { z } from 'zod';
import { relayUsageSchema, sentryAppInstallationSchema, sentryAppSchema } from '../schemas.js';
import type { SentryApi } from '../types.js';
import { orgPath, seg, type Endpoints } from './request.js';

type IntegrationEndpoints = Pick<SentryApi, 'listSentryApps' | 'listSentryAppInstallations' | 'getSentryApp' | 'listRelayUsage'>;

export function integrationEndpoints({ call, list }: Endpoints): IntegrationEndpoints {
  return {
    // organization_sentry_apps.py / sentry_app_installations.py: OffsetPaginator (Link cursors)
    listSentryApps: (org) => list(sentryAppSchema, orgPath(org, 'sentry-apps/'), { purpose: 'list custom integrations' }),

    listSentryAppInstallations: (org) =>
      list(sentryAppInstallationSchema, orgPath(org, 'sentry-app-installations/'), {
        purpose: 'list installed integrations',
      }),

    getSentryApp: (slug) => call(sentryAppSchema, 'GET', `sentry-apps/${seg(slug)}/`, { purpose: 'read an installed integration' }),

    listRelayUsage: (org) => call(z.array(relayUsageSchema), 'GET', orgPath(org, 'relay_usage/'), { purpose: 'read Relay usage' }),
  };
}
