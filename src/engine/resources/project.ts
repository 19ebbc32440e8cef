// A project's settings: one PUT /projects/{org}/{project}/ per project and control. Read live from
// the org project list with the `options=` expansion (the detail GET creates a security token).

import type { EntryField } from '../../snapshots/schema.js';
import { ABSENT } from '../live.js';
import type { ResourceAdapter } from './adapter.js';
import { asList, changedFields, fieldsOf, fieldValue } from './fields.js';

export const project: ResourceAdapter<'project'> = {
  names: {
    noun: ['project', 'projects'],
    describe: (r) => `project ${r.id}`,
    inRequest: (r) => `project ${r.id}`,
    short: (r) => r.id,
    path: (org, r) => `${org}/project/${r.id}`,
    uriSegments: (r) => ['project', r.id],
    subject: (r) => r.id,
    project: (r) => r.id,
  },
  write: {
    readsProjectList: true,
    method: () => 'PUT',
    async read(reader, t, field) {
      const p = await reader.getProject(t.id);
      return p ? fieldValue(p, field) : ABSENT;
    },
    async prepare({ conn, reader, req, target: t }) {
      const fields: EntryField[] = [];
      const p = await reader.getProject(t.id);
      if (!p) return { fields, localError: `project ${t.id} was not found` };
      const body: Record<string, unknown> = {};
      for (const { c, before, after } of changedFields(req.changes, fieldsOf(p))) {
        fields.push({ field: c.field, before, after });
        if (c.field === 'blockedIps') {
          body.options = { ...((body.options as object) ?? {}), 'filters:blacklisted_ips': asList(after).join('\n') };
        } else if (c.field === 'relayPiiConfig' && after === null) {
          body.relayPiiConfig = ''; // null is ignored by the project PUT; "" clears
        } else body[c.field] = after;
      }
      const org = conn.target.org;
      return { fields, send: async () => void (await conn.api.updateProject(org, t.id, body)) };
    },
  },
};
