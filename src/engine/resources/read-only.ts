// Resources the checks report on but sentry-harden never changes: only their names.

import type { ResourceAdapter } from './adapter.js';

export const team: ResourceAdapter<'team'> = {
  names: {
    noun: ['team', 'teams'],
    describe: (r) => `team ${r.id}`,
    inRequest: (r) => `team ${r.id}`,
    short: (r) => `team ${r.id}`,
    path: (org, r) => `${org}/team/${r.id}`,
    uriSegments: (r) => ['team', r.id],
    subject: (r) => r.id,
    project: () => null,
  },
  write: null,
};

export const authProvider: ResourceAdapter<'auth-provider'> = {
  names: {
    noun: ['provider', 'providers'],
    describe: (r) => `SSO provider ${r.id}`,
    inRequest: (r) => `auth-provider ${r.id}`,
    short: (r) => `auth provider ${r.id}`,
    path: (org, r) => `${org}/auth-provider/${r.id}`,
    uriSegments: (r) => ['auth-provider', r.id],
    subject: (r) => r.id,
    project: () => null,
  },
  write: null,
};

export const auditLog: ResourceAdapter<'audit-log'> = {
  names: {
    noun: ['log', 'logs'],
    describe: (r) => `audit log ${r.id}`,
    inRequest: (r) => `audit-log ${r.id}`,
    short: (r) => `audit log ${r.id}`,
    path: (org, r) => `${org}/audit-log/${r.id}`,
    uriSegments: (r) => ['audit-log', r.id],
    subject: (r) => r.id,
    project: () => null,
  },
  write: null,
};
