// A project's settings: one PUT /projects/{org}/{project}/ per project and control. Read live from
// the org project list with the `options=` expansion (the detail GET creates a security token).

import type { EntryField } from '../../snapshots/schema.js';
import { ABSENT } from '../live.js';
import type { ResourceAdapter } from './adapter.js';
import { asList, changedFields, fieldsOf, fieldValue } from './fields.js';

/**
 * A project's null is "no override": Sentry falls back to the organization's option. debug files:
 * src/sentry/api/endpoints/debug_files.py has_download_permission (project option, else the
 * organization's, else DEBUG_FILES_ROLE_DEFAULT "admin"); crash reports:
 * src/sentry/event_manager.py get_max_crashreports (a project without the option takes the organization's; -1 is STORE_CRASH_REPORTS_ALL, 0 none).
 */
function projectValueText(field: string, v: unknown): string | undefined {
  if (field === 'debugFilesRole' && v === null) return "the organization's setting (Sentry's default: admin)";
  if (field === 'storeCrashReports') return crashReportsText(v, "the organization's setting");
  return undefined;
}

/** storeCrashReports in words: -1 unlimited, 0 none, n per issue; null as `nullText`. */
export function crashReportsText(v: unknown, nullText: string): string | undefined {
  if (v === null) return nullText;
  if (v === -1) return 'unlimited per issue';
  if (v === 0) return 'none (off)';
  return typeof v === 'number' ? `${v} per issue` : undefined;
}

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
    valueText: (_r, field, v) => projectValueText(field, v),
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
