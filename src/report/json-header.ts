// The fields every JSON document opens with (report, plan, audit log), in this order.

import { TOOL_NAME, type ReportTarget } from './types.js';

export interface JsonHeader {
  schemaVersion: 1;
  tool: { name: string; version: string };
  /** sources: where each value came from ("--url", "SENTRY_ORG", a .sentryclirc path, "default") */
  target: { url: string; org: string; sources?: { url: string; org: string; level?: string } };
}

export function jsonHeader(toolVersion: string, target: ReportTarget): JsonHeader {
  return {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: toolVersion },
    target: { url: target.baseUrl, org: target.org, ...(target.sources ? { sources: { ...target.sources } } : {}) },
  };
}
