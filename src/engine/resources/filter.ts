// An inbound data filter of a project: PUT /projects/{org}/{project}/filters/{id}/ with `active`
// or, for legacy browsers, the list of enabled `subfilters`.

import type { EntryField } from '../../snapshots/schema.js';
import { ABSENT } from '../live.js';
import { mergeList, sameValue } from '../values.js';
import type { ResourceAdapter } from './adapter.js';
import { asList } from './fields.js';

/** `active` of the legacy-browser filter: `true` (every subfilter), or the enabled subfilters. */
const subfiltersOf = (active: boolean | string[]): unknown => (Array.isArray(active) ? active : active === true ? true : []);

export const filter: ResourceAdapter<'filter'> = {
  names: {
    noun: ['project', 'projects'],
    describe: (r) => `filter ${r.id} (${r.project})`,
    inRequest: (r) => `filter ${r.id} of ${r.project}`,
    short: (r) => r.project,
    path: (org, r) => `${org}/project/${r.project}/filter/${r.id}`,
    uriSegments: (r) => ['project', r.project, 'filter', r.id],
    subject: (r) => r.project,
    project: (r) => r.project,
    field: (r, field) => `${r.id}.${field}`,
    variant: (r) => r.id,
    collapsed: (r, _changes, projects) => `filter ${r.id} on ${projects} projects`,
  },
  write: {
    method: () => 'PUT',
    // the check reads an off legacy-browser filter as `active: false`; `read` lists it as []
    beforeAsRead: (field, before) => (field === 'subfilters' && before === false ? [] : before),
    async read(reader, t, field) {
      const f = (await reader.getFilters(t.project)).find((x) => x.id === t.id);
      if (!f) return ABSENT;
      return field === 'subfilters' ? subfiltersOf(f.active) : f.active;
    },
    async prepare({ conn, reader, req, target: t }) {
      const fields: EntryField[] = [];
      const f = (await reader.getFilters(t.project)).find((x) => x.id === t.id);
      if (!f) return { fields, localError: `inbound filter ${t.id} of ${t.project} was not found` };
      let body: { active?: boolean; subfilters?: string[] } = {};
      for (const c of req.changes) {
        if (c.field === 'subfilters') {
          const lv = subfiltersOf(f.active);
          // `true` already filters every legacy browser: a list would narrow it
          if (lv === true && c.before !== true) continue;
          let after: unknown = c.after === false ? [] : c.after;
          // never overwrite an existing list: add to it (a restore sets the saved list)
          if (Array.isArray(lv) && Array.isArray(after) && !sameValue('subfilters', lv, filter.write!.beforeAsRead!('subfilters', c.before))) {
            after = mergeList(lv, asList(c.before), asList(after));
          }
          if (sameValue('subfilters', lv, after)) continue;
          fields.push({ field: 'subfilters', before: lv, after });
          body = after === true ? { active: true } : Array.isArray(after) && after.length === 0 ? { active: false } : { subfilters: asList(after) };
        } else {
          const lv = f.active;
          if (sameValue('active', lv, c.after)) continue;
          fields.push({ field: 'active', before: lv, after: c.after });
          body = Array.isArray(c.after) ? { subfilters: asList(c.after) } : { active: c.after === true };
        }
      }
      const org = conn.target.org;
      return { fields, send: async () => void (await conn.api.updateFilter(org, t.project, t.id, body)) };
    },
  },
};
