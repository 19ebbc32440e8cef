// Projects: settings, teams, inbound filters, and recent events (the PII probe).

import { z } from 'zod';
import { eventSchema, filtersSchema, parseResponse, projectDetailsSchema, projectSummarySchema, redactProject } from '../schemas.js';
import type { ProjectSummary, SentryApi } from '../types.js';
import { orgPath, projPath, seg, type Endpoints } from './request.js';

type ProjectEndpoints = Pick<
  SentryApi,
  'listProjects' | 'getProject' | 'updateProject' | 'addProjectTeam' | 'removeProjectTeam' | 'listFilters' | 'updateFilter' | 'sampleProjectEvents'
>;

export function projectEndpoints({ client, call, list }: Endpoints): ProjectEndpoints {
  return {
    async listProjects(org, opts) {
      const out: ProjectSummary[] = [];
      await list(projectSummarySchema, orgPath(org, 'projects/'), {
        query: {
          ...(opts?.options?.length ? { options: opts.options } : {}),
          ...(opts?.query ? { query: opts.query } : {}),
        },
        purpose: 'list projects and their settings',
        onPage: (rows) => {
          const page = rows.map((p) => redactProject(p));
          for (const p of page) out.push(p);
          opts?.onPage?.(page);
        },
      });
      return out;
    },

    getProject: async (org, project) => redactProject(await call(projectDetailsSchema, 'GET', projPath(org, project), { purpose: 'read project settings' })),

    updateProject: async (org, project, body) =>
      redactProject(await call(projectDetailsSchema, 'PUT', projPath(org, project), { json: body, purpose: 'change project settings' })),

    addProjectTeam: async (org, project, team) =>
      redactProject(await call(projectSummarySchema, 'POST', projPath(org, project, `teams/${seg(team)}/`), { purpose: "change a project's teams" })),

    removeProjectTeam: async (org, project, team) =>
      redactProject(await call(projectSummarySchema, 'DELETE', projPath(org, project, `teams/${seg(team)}/`), { purpose: "change a project's teams" })),

    listFilters: (org, project) => call(filtersSchema, 'GET', projPath(org, project, 'filters/'), { purpose: 'read inbound filters' }),

    async updateFilter(org, project, filterId, body) {
      await client.request('PUT', projPath(org, project, `filters/${seg(filterId)}/`), {
        json: body,
        purpose: 'change an inbound filter',
      });
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
          const rows = parseResponse(z.array(eventSchema), body, 'GET', path).slice(0, Math.max(0, opts.limit - seen));
          seen += rows.length;
          opts.onPage(rows);
          // the client keeps what extract returns: hand it no payloads
          return rows.map(() => null);
        },
        onPage: () => seen < opts.limit,
      });
      return seen;
    },
  };
}
