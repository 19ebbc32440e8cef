// Spike protection of projects: one POST (enable) or DELETE (disable) of
// /organizations/{org}/spike-protections/ for every project of a control. The live value is the
// project option `sentry:spike_projection_disabled` read through the project list.

import type { EntryField } from '../../snapshots/schema.js';
import type { PlannedChange } from '../../../steps/types.js';
import { ABSENT, type LiveReader, type LiveValue } from '../live.js';
import type { ResourceAdapter } from './adapter.js';

/** The project of a spike-protection change (its context names it; else the target id). */
export function spikeProject(c: Pick<PlannedChange, 'target' | 'context'>): string {
  const p = c.context?.project;
  return typeof p === 'string' ? p : c.target.id;
}

const enabled = async (reader: LiveReader, project: string): Promise<LiveValue> => {
  const p = await reader.getProject(project);
  return p ? p.spikeProtectionDisabled !== true : ABSENT;
};

export const spikeProtection: ResourceAdapter<'spike-protection'> = {
  names: {
    noun: ['project', 'projects'],
    describe: (r) => `spike protection (${r.id})`,
    inRequest: (r) => `spike-protection ${r.id}`,
    short: (r) => r.id,
    path: (org, r) => `${org}/spike-protection/${r.id}`,
    uriSegments: (r) => ['spike-protection', r.id],
    subject: (r) => r.id,
    project: (r) => r.id,
    collapsed: (_r, _changes, projects) => `spike protection on ${projects} projects`,
  },
  write: {
    readsProjectList: true,
    method: (c) => (c.after === true ? 'POST' : 'DELETE'),
    // one request for all projects of a control and direction
    group: (_c, method) => ({ key: `spike-protection::${method}`, target: { type: 'spike-protection', id: 'projects' } }),
    describeRequest: (req) => `spike protection for ${req.changes.map((c) => c.target.id).join(', ')}`,
    read: (reader, t, _field, resource) => enabled(reader, resource ?? t.id),
    async prepare({ conn, reader, req }) {
      const fields: EntryField[] = [];
      const projects: string[] = [];
      for (const c of req.changes) {
        const slug = spikeProject(c);
        const lv = await enabled(reader, slug);
        if (lv === ABSENT || lv === c.after) continue;
        projects.push(slug);
        fields.push({ field: 'enabled', resource: slug, before: lv, after: c.after });
      }
      const enable = req.method === 'POST';
      const org = conn.target.org;
      return {
        fields,
        send: async () => {
          if (enable) await conn.api.enableSpikeProtection(org, projects);
          else await conn.api.disableSpikeProtection(org, projects);
        },
      };
    },
    restoreTarget: (t, resource) => (resource ? { type: 'spike-protection', id: resource } : t),
    restoreContext: (_e, resource) => (resource ? { project: resource } : undefined),
  },
};
