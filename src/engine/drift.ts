// Drift since a baseline: what a saved `verify --save-baseline` run held, against this run.
// (Types here; the settings snapshot and the comparison follow below.)

import type { CheckStatus } from '../../steps/types.js';

/** One setting of one resource that differs from the baseline. */
export interface DriftEntry {
  /** stable key of the resource, e.g. "organization/acme", "project/web", "key/web/abc" */
  resource: string;
  /** the setting (field) */
  setting: string;
  /** `added`: the resource is new since the baseline; `removed`: it is gone */
  change: 'changed' | 'added' | 'removed';
  /** absent for `added` */
  before?: unknown;
  /** absent for `removed` */
  after?: unknown;
  /** the audit-log entry that most likely made the change, when the audit log names one */
  audit?: DriftAudit;
}

export interface DriftAudit {
  id: string;
  event: string;
  actor: string;
  dateCreated: string;
}

export interface DriftCheck {
  id: string;
  title: string;
  before: CheckStatus;
  after: CheckStatus;
}

export interface DriftReport {
  baseline: { savedAt: string; level: string; org: string };
  /** settings that changed, sorted by resource then setting */
  entries: DriftEntry[];
  /** checks whose status changed (a check new at this level counts as not evaluated before) */
  checks: DriftCheck[];
  /** why some settings could not be compared (a part unreadable in either run) */
  notes: string[];
}
