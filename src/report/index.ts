// The report renderers of `verify`, `plan`, `controls` and `audit-log`.

import { renderHtml } from './html.js';
import { jsonReportChunks } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';
import type { OutputFormat, ReportInput, TerminalOptions } from './types.js';

export * from './types.js';
export { renderJson, buildJsonReport, jsonReportChunks } from './json.js';
export { renderTable } from './table.js';
export { renderMarkdown } from './markdown.js';
export { renderSarif, buildSarif } from './sarif.js';
export { renderJunit } from './junit.js';
export { renderHtml } from './html.js';
export { renderPlanTable, renderPlanJson, renderPlanMarkdown, buildJsonPlan, groupChanges, type PlanInput } from './plan.js';
export { renderControlsTable, renderControlsJson, renderControlsMarkdown } from './controls.js';
export { renderAuditLogTable, renderAuditLogJson, renderAuditLogMarkdown, type AuditLogInput, type AuditEventView } from './audit-log.js';
export { redactSecrets } from '../secrets.js';

/** The report as pieces of text: JSON is written piece by piece (a large org's report is big). */
export function renderReportChunks(format: OutputFormat, input: ReportInput, terminal: TerminalOptions): Iterable<string> {
  switch (format) {
    case 'json':
      return jsonReportChunks(input);
    case 'markdown':
      return [renderMarkdown(input)];
    case 'sarif':
      return [renderSarif(input)];
    case 'junit':
      return [renderJunit(input)];
    case 'html':
      return [renderHtml(input)];
    case 'table':
      return [renderTable(input, terminal)];
  }
}

export function renderReport(format: OutputFormat, input: ReportInput, terminal: TerminalOptions): string {
  return [...renderReportChunks(format, input, terminal)].join('');
}
