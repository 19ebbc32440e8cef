// Typed endpoint functions over the client (paths and shapes: ../shared/sentry-api/).
// Every method validates what it reads (schemas.ts) and throws a SentryApiError.

import type { HttpMethod, RequestOptions, SentryClient } from './client.js';
import { SentryApiError } from './errors.js';
import {
  auditEntrySchema,
  auditPageSchema,
  authProviderChoicesSchema,
  authProviderSchema,
  clientKeySchema,
  eventSchema,
  filtersSchema,
  keyStatsSchema,
  memberDetailSchema,
  memberSchema,
  orgAuthTokenSchema,
  orgDetailsSchema,
  orgSummarySchema,
  parseResponse,
  projectDetailsSchema,
  projectSummarySchema,
  redactAuditData,
  redactKey,
  redactProject,
  relayUsageSchema,
  sentryAppInstallationSchema,
  sentryAppSchema,
  teamMemberSchema,
  teamSchema,
  userSchema,
  whoamiSchema,
} from './schemas.js';
import type {
  AuditEntry,
  AuthProvider,
  AuthProviderChoice,
  ClientKey,
  InboundFilter,
  KeyStatPoint,
  Member,
  MemberDetail,
  OrgAuthToken,
  OrgDetails,
  OrgSummary,
  ProjectDetails,
  SentryEvent,
  ProjectSummary,
  RelayUsage,
  SentryApi,
  SentryApp,
  SentryAppInstallation,
  Team,
  TeamMember,
  Whoami,
} from './types.js';
import { z } from 'zod';

const seg = (s: string): string => encodeURIComponent(s);

const orgPath = (org: string, rest = ''): string => `organizations/${seg(org)}/${rest}`;
const projPath = (org: string, project: string, rest = ''): string =>
  `projects/${seg(org)}/${seg(project)}/${rest}`;

export function createSentryApi(client: SentryClient): SentryApi {
  async function call<T>(
    schema: z.ZodType | null,
    method: HttpMethod,
    path: string,
    opts: RequestOptions = {},
  ): Promise<T> {
    const res = await client.request(method, path, opts);
    return (schema ? parseResponse<T>(schema, res.data, method, path) : res.data) as T;
  }

  async function list<T>(schema: z.ZodType, path: string, opts: Parameters<SentryClient['paginate']>[1] = {}): Promise<T[]> {
    // validate page by page: the raw pages (with every field Sentry sends) are dropped as soon as
    // their validated copy exists, instead of all of them being held until the last page
    const pageSchema = z.array(schema);
    const { extract } = opts;
    const items = await client.paginate(path, {
      ...opts,
      extract: (data) => {
        const raw = extract ? extract(data) : data;
        return Array.isArray(raw) ? parseResponse<T[]>(pageSchema, raw, 'GET', path) : raw;
      },
    });
    return items as T[];
  }

  const keyOut = (k: unknown): ClientKey => redactKey(k as ClientKey & { secret?: unknown });

  const api: SentryApi = {
    async whoami(): Promise<Whoami> {
      const body = await call<z.infer<typeof whoamiSchema>>(whoamiSchema, 'GET', '', { silo: 'control' });
      const user = body.user ? (parseResponse(userSchema, body.user, 'GET', '') as Whoami['user']) : null;
      return { scopes: body.auth?.scopes ?? null, user };
    },

    listOrganizations: () =>
      list<OrgSummary>(orgSummarySchema, 'organizations/', { silo: 'control', purpose: 'list the organizations the token can see' }),

    getOrganization: (org, opts) =>
      call<OrgDetails>(orgDetailsSchema, 'GET', orgPath(org), {
        query: { detailed: 0, ...(opts?.featureFlags ? { include_feature_flags: 1 } : {}) },
        purpose: 'read organization settings',
      }),

    updateOrganization: (org, body) =>
      call<OrgDetails>(orgDetailsSchema, 'PUT', orgPath(org), { json: body, purpose: 'change organization settings' }),

    async getAuthProvider(org): Promise<AuthProvider | null> {
      const res = await client.request('GET', orgPath(org, 'auth-provider/'), { purpose: 'read the SSO configuration' });
      if (res.status === 204 || res.data === null || res.data === '') return null;
      return parseResponse<AuthProvider>(authProviderSchema, res.data, 'GET', orgPath(org, 'auth-provider/'));
    },

    listAuthProviders: (org) =>
      call<AuthProviderChoice[]>(authProviderChoicesSchema, 'GET', orgPath(org, 'auth-providers/'), {
        purpose: 'list the SSO providers available to the organization',
      }),

    listMembers: (org, opts) =>
      list<Member>(memberSchema, orgPath(org, 'members/'), {
        purpose: 'list members',
        ...(opts?.onPage ? { onPage: (rows) => opts.onPage?.(rows as Member[]) } : {}),
      }),

    getMember: (org, memberId) =>
      call<MemberDetail>(memberDetailSchema, 'GET', orgPath(org, `members/${seg(memberId)}/`), {
        purpose: "read a member's teams and authenticators",
      }),

    updateMember: (org, memberId, body) =>
      call<MemberDetail>(memberDetailSchema, 'PUT', orgPath(org, `members/${seg(memberId)}/`), {
        json: body,
        purpose: "change a member's role",
      }),

    async deleteMember(org, memberId) {
      await client.request('DELETE', orgPath(org, `members/${seg(memberId)}/`), { purpose: 'remove a member or invitation' });
    },

    inviteMember: (org, body) =>
      call<Member>(memberSchema, 'POST', orgPath(org, 'members/'), { json: body, purpose: 'invite a member' }),

    listTeams: (org) =>
      list<Team>(teamSchema, orgPath(org, 'teams/'), { query: { detailed: 0 }, purpose: 'list teams' }),

    listTeamMembers: (org, team) =>
      list<TeamMember>(teamMemberSchema, `teams/${seg(org)}/${seg(team)}/members/`, { purpose: "list a team's members and their team roles" }),

    async listProjects(org, opts) {
      const out: ProjectSummary[] = [];
      await list<ProjectSummary>(projectSummarySchema, orgPath(org, 'projects/'), {
        query: {
          ...(opts?.options?.length ? { options: opts.options } : {}),
          ...(opts?.query ? { query: opts.query } : {}),
        },
        purpose: 'list projects and their settings',
        onPage: (rows) => {
          const page = (rows as ProjectSummary[]).map((p) => redactProject(p));
          for (const p of page) out.push(p);
          opts?.onPage?.(page);
        },
      });
      return out;
    },

    async getProject(org, project) {
      const p = await call<ProjectDetails>(projectDetailsSchema, 'GET', projPath(org, project), {
        purpose: 'read project settings',
      });
      return redactProject(p);
    },

    async updateProject(org, project, body) {
      const p = await call<ProjectDetails>(projectDetailsSchema, 'PUT', projPath(org, project), {
        json: body,
        purpose: 'change project settings',
      });
      return redactProject(p);
    },

    async listKeys(org, project) {
      const keys = await list<ClientKey>(clientKeySchema, projPath(org, project, 'keys/'), {
        purpose: 'list client keys',
      });
      return keys.map(keyOut);
    },

    async getKey(org, project, keyId) {
      return keyOut(
        await call<ClientKey>(clientKeySchema, 'GET', projPath(org, project, `keys/${seg(keyId)}/`), {
          purpose: 'read a client key',
        }),
      );
    },

    async createKey(org, project, body) {
      return keyOut(
        await call<ClientKey>(clientKeySchema, 'POST', projPath(org, project, 'keys/'), {
          json: body,
          purpose: 'create a client key',
        }),
      );
    },

    async updateKey(org, project, keyId, body) {
      return keyOut(
        await call<ClientKey>(clientKeySchema, 'PUT', projPath(org, project, `keys/${seg(keyId)}/`), {
          json: body,
          purpose: 'change a client key',
        }),
      );
    },

    // project_key_stats.py: StatsMixin reads since/until (epoch seconds) and resolution
    getKeyStats: (org, project, keyId, opts) =>
      call<KeyStatPoint[]>(keyStatsSchema, 'GET', projPath(org, project, `keys/${seg(keyId)}/stats/`), {
        query: {
          since: Math.floor(opts.since),
          ...(opts.until !== undefined ? { until: Math.floor(opts.until) } : {}),
          resolution: opts.resolution,
        },
        purpose: "read a client key's event volume",
      }),

    listFilters: (org, project) =>
      call<InboundFilter[]>(filtersSchema, 'GET', projPath(org, project, 'filters/'), {
        purpose: 'read inbound filters',
      }),

    async updateFilter(org, project, filterId, body) {
      await client.request('PUT', projPath(org, project, `filters/${seg(filterId)}/`), {
        json: body,
        purpose: 'change an inbound filter',
      });
    },

    async addProjectTeam(org, project, team) {
      const p = await call<ProjectSummary>(projectSummarySchema, 'POST', projPath(org, project, `teams/${seg(team)}/`), {
        purpose: "change a project's teams",
      });
      return redactProject(p);
    },

    async removeProjectTeam(org, project, team) {
      const p = await call<ProjectSummary>(projectSummarySchema, 'DELETE', projPath(org, project, `teams/${seg(team)}/`), {
        purpose: "change a project's teams",
      });
      return redactProject(p);
    },

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

    async listAuditLogs(org, opts) {
      const path = orgPath(org, 'audit-logs/');
      const toEntries = (rows: unknown[]): AuditEntry[] =>
        rows.map((r) => {
          const e = parseResponse<AuditEntry>(auditEntrySchema, r, 'GET', path);
          return { ...e, data: redactAuditData(e.data) as Record<string, unknown> };
        });
      const out: AuditEntry[] = [];
      await client.paginate(path, {
        silo: 'control',
        purpose: 'read the audit log',
        query: {
          ...(opts?.since ? { start: opts.since.toISOString(), end: new Date().toISOString() } : {}),
          ...(opts?.event ? { event: opts.event } : {}),
        },
        extract: (body) => parseResponse<{ rows: unknown[] }>(auditPageSchema, body, 'GET', path).rows,
        onPage: (rows) => {
          const entries = toEntries(rows);
          out.push(...entries);
          opts?.onPage?.(entries);
        },
      });
      return out;
    },

    async sampleProjectEvents(org, project, opts) {
      // project_events.py: GenericOffsetPaginator (Link header cursors), newest first;
      // `full=true` selects EventSerializer (the whole payload, entries included)
      const path = projPath(org, project, 'events/');
      let seen = 0;
      await client.paginate(path, {
        query: { full: 'true', per_page: Math.min(100, Math.max(1, opts.limit)) },
        purpose: 'read recent events (PII probe)',
        extract: (body) => {
          if (!Array.isArray(body)) return body;
          const rows = parseResponse<SentryEvent[]>(z.array(eventSchema), body, 'GET', path).slice(0, Math.max(0, opts.limit - seen));
          seen += rows.length;
          opts.onPage(rows);
          // the client keeps what extract returns: hand it no payloads
          return rows.map(() => null);
        },
        onPage: () => seen < opts.limit,
      });
      return seen;
    },

    // org_auth_tokens.py: one list, no pagination, active tokens only
    listOrgAuthTokens: (org) =>
      call<OrgAuthToken[]>(z.array(orgAuthTokenSchema), 'GET', orgPath(org, 'org-auth-tokens/'), {
        purpose: 'list organization auth tokens',
      }),

    getOrgAuthToken: (org, tokenId) =>
      call<OrgAuthToken>(orgAuthTokenSchema, 'GET', orgPath(org, `org-auth-tokens/${seg(tokenId)}/`), {
        purpose: 'read an organization auth token',
      }),

    async deleteOrgAuthToken(org, tokenId) {
      await client.request('DELETE', orgPath(org, `org-auth-tokens/${seg(tokenId)}/`), { purpose: 'revoke an organization auth token' });
    },

    // organization_sentry_apps.py / sentry_app_installations.py: OffsetPaginator (Link cursors)
    listSentryApps: (org) =>
      list<SentryApp>(sentryAppSchema, orgPath(org, 'sentry-apps/'), { purpose: 'list custom integrations' }),

    listSentryAppInstallations: (org) =>
      list<SentryAppInstallation>(sentryAppInstallationSchema, orgPath(org, 'sentry-app-installations/'), {
        purpose: 'list installed integrations',
      }),

    getSentryApp: (slug) =>
      call<SentryApp>(sentryAppSchema, 'GET', `sentry-apps/${seg(slug)}/`, { purpose: 'read an installed integration' }),

    listRelayUsage: (org) =>
      call<RelayUsage[]>(z.array(relayUsageSchema), 'GET', orgPath(org, 'relay_usage/'), { purpose: 'read Relay usage' }),
  };
  return api;
}
