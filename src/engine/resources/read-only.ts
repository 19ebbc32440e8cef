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

/** a custom integration or an installed app, by slug (2.5 reports, a person changes it in Sentry) */
export const sentryApp: ResourceAdapter<'sentry-app'> = {
  names: {
    noun: ['integration', 'integrations'],
    describe: (r) => `integration ${r.id}`,
    inRequest: (r) => `sentry-app ${r.id}`,
    short: (r) => r.id,
    path: (org, r) => `${org}/sentry-app/${r.id}`,
    uriSegments: (r) => ['sentry-app', r.id],
    subject: (r) => r.id,
    project: () => null,
  },
  write: null,
};

/** a trusted Relay, by its public key; `name` as registered (3.4 reports) */
export const relay: ResourceAdapter<'relay'> = {
  names: {
    noun: ['Relay', 'Relays'],
    describe: (r) => `Relay ${r.name}`,
    inRequest: (r) => `relay ${r.name}`,
    short: (r) => r.name,
    path: (org, r) => `${org}/relay/${r.name}`,
    uriSegments: (r) => ['relay', r.name],
    subject: (r) => r.name,
    project: () => null,
  },
  write: null,
};
