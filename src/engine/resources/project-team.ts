// A team's access to a project: POST links it, DELETE unlinks it
// (/projects/{org}/{project}/teams/{team}/); the live value is whether the project lists the team.

import type { EntryField } from '../../snapshots/schema.js';
import { ABSENT, type LiveReader, type LiveValue } from '../live.js';
import type { RefOf, ResourceAdapter } from './adapter.js';

const linked = async (reader: LiveReader, t: RefOf<'project-team'>): Promise<LiveValue> => {
  const p = await reader.getProject(t.project);
  return p ? p.teams.some((x) => x.slug === t.id) : ABSENT;
};

export const projectTeam: ResourceAdapter<'project-team'> = {
  names: {
    noun: ['project', 'projects'],
    describe: (r) => `team ${r.id} on ${r.project}`,
    inRequest: (r) => `team ${r.id} on ${r.project}`,
    short: (r) => `${r.project} ← team ${r.id}`,
    path: (org, r) => `${org}/project/${r.project}/team/${r.id}`,
    uriSegments: (r) => ['project', r.project, 'team', r.id],
    subject: (r) => r.project,
    project: (r) => r.project,
    field: () => 'team linked',
    variant: (r) => r.id,
    collapsed: (r, _changes, projects) => `team ${r.id} on ${projects} projects`,
  },
  write: {
    readsProjectList: true,
    method: (c) => (c.after === true ? 'POST' : 'DELETE'),
    read: (reader, t) => linked(reader, t),
    async prepare({ conn, reader, req, target: t }) {
      const fields: EntryField[] = [];
      const c = req.changes[0]!;
      const lv = await linked(reader, t);
      if (lv === ABSENT) return { fields, localError: `project ${t.project} was not found` };
      if (lv === c.after) return { fields };
      fields.push({ field: 'linked', before: lv, after: c.after });
      const org = conn.target.org;
      return {
        fields,
        send: async () => {
          if (c.after === true) await conn.api.addProjectTeam(org, t.project, t.id);
          else await conn.api.removeProjectTeam(org, t.project, t.id);
        },
      };
    },
  },
};
