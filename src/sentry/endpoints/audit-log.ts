// The organization's audit log (control silo), newest first; secrets in entry data are redacted.

import { auditEntrySchema, auditPageSchema, parseResponse, redactAuditData } from '../schemas.js';
import type { AuditEntry, SentryApi } from '../types.js';
import { orgPath, type Endpoints } from './request.js';

export function auditLogEndpoints({ client }: Endpoints): Pick<SentryApi, 'listAuditLogs'> {
  return {
    async listAuditLogs(org, opts) {
      const path = orgPath(org, 'audit-logs/');
      const toEntries = (rows: unknown[]): AuditEntry[] =>
        rows.map((r) => {
          const e = parseResponse(auditEntrySchema, r, 'GET', path);
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
        extract: (body) => parseResponse(auditPageSchema, body, 'GET', path).rows,
        onPage: (rows) => {
          const entries = toEntries(rows);
          out.push(...entries);
          opts?.onPage?.(entries);
        },
      });
      return out;
    },
  };
}
