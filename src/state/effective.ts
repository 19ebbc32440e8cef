// Effective data-scrubbing settings of a project (projects.md §2.6): Relay applies the org setting
// OR the project setting for the toggles, the union of both lists for sensitive and safe fields,
// and the project value (else the org value) for storeCrashReports and debugFilesRole.
// Every value carries the level it comes from, so findings can say where to fix it.
//
// What Relay then applies (to_pii_config, relay-pii src/convert.rs, fed by
// get_datascrubbing_settings, Sentry src/sentry/datascrubbing.py): the default scrubbers only when
// data scrubbing AND the defaults are on; the sensitive fields only when data scrubbing is on;
// IP scrubbing on its own. A "required" default or a sensitive field means nothing while data
// scrubbing is off for the project.

export const SCRUBBING_SOURCES = [
  'getsentry/relay:relay-pii/src/convert.rs',
  'getsentry/sentry:src/sentry/datascrubbing.py',
] as const;

import type { OrgDetails } from '../sentry/types.js';
import type { ProjectState } from './types.js';

export type SettingSource = 'organization' | 'project';

export interface Sourced<T> {
  value: T;
  source: SettingSource;
}

export interface EffectiveScrubbing {
  project: string;
  dataScrubber: Sourced<boolean>;
  dataScrubberDefaults: Sourced<boolean>;
  scrubIPAddresses: Sourced<boolean>;
  /** org entries first, then the project's own additions */
  sensitiveFields: Sourced<string>[];
  safeFields: Sourced<string>[];
  storeCrashReports: Sourced<number | null>;
  debugFilesRole: Sourced<string | null>;
  /** Relay runs the default scrubbers (@common:filter, sensitive cookies) for this project */
  defaultsApplied: boolean;
  /** Relay scrubs the (union of) sensitive fields for this project */
  sensitiveFieldsApplied: boolean;
  /** why defaults or sensitive fields are not applied (null when both are) */
  notApplied: string | null;
}

type OrgScrubbing = Pick<OrgDetails, 'dataScrubber' | 'dataScrubberDefaults' | 'scrubIPAddresses' | 'sensitiveFields' | 'safeFields' | 'storeCrashReports' | 'debugFilesRole'>;

/**
 * org OR project. An org `true` is enforced for every project, so it is the source whenever it
 * is on; otherwise the project's own preference decides (also when both are off: the fix is
 * either level, and the project value is the one in effect).
 */
export function effectiveToggle(org: boolean, project: boolean): Sourced<boolean> {
  if (org) return { value: true, source: 'organization' };
  return { value: project, source: 'project' };
}

const fieldKey = (s: string): string => s.trim().toLowerCase();

/**
 * Union of the org list and the project list. Entries are compared trimmed and case-insensitively;
 * an entry on both levels is reported as the organization's (a project cannot remove it).
 */
export function unionFields(org: readonly string[], project: readonly string[]): Sourced<string>[] {
  const seen = new Set<string>();
  const out: Sourced<string>[] = [];
  for (const [list, source] of [[org, 'organization'], [project, 'project']] as const) {
    for (const value of list) {
      const k = fieldKey(value);
      if (k === '' || seen.has(k)) continue;
      seen.add(k);
      out.push({ value, source });
    }
  }
  return out;
}

/** Project value when set (not null), otherwise the org value (`null` = inherit). */
export function inherited<T>(orgValue: T, projectValue: T | null): Sourced<T | null> {
  if (projectValue !== null && projectValue !== undefined) return { value: projectValue, source: 'project' };
  return { value: orgValue ?? null, source: 'organization' };
}

export function effectiveStoreCrashReports(org: Pick<OrgDetails, 'storeCrashReports'>, project: Pick<ProjectState, 'storeCrashReports'>): Sourced<number | null> {
  return inherited<number | null>(org.storeCrashReports, project.storeCrashReports);
}

export function effectiveDebugFilesRole(org: Pick<OrgDetails, 'debugFilesRole'>, project: Pick<ProjectState, 'debugFilesRole'>): Sourced<string | null> {
  return inherited<string | null>(org.debugFilesRole, project.debugFilesRole);
}

/** What Relay applies, given the effective toggles (relay-pii src/convert.rs `to_pii_config`). */
export function appliedScrubbing(dataScrubber: boolean, dataScrubberDefaults: boolean): Pick<EffectiveScrubbing, 'defaultsApplied' | 'sensitiveFieldsApplied' | 'notApplied'> {
  const defaultsApplied = dataScrubber && dataScrubberDefaults;
  let notApplied: string | null = null;
  if (!dataScrubber) notApplied = 'data scrubbing is off, so Relay applies neither the default scrubbers nor the sensitive fields (only IP scrubbing and advanced rules run)';
  else if (!dataScrubberDefaults) notApplied = 'the default scrubbers are off, so Relay scrubs only the sensitive fields (and IPs and advanced rules)';
  return { defaultsApplied, sensitiveFieldsApplied: dataScrubber, notApplied };
}

export function effectiveScrubbing(org: OrgScrubbing, project: ProjectState): EffectiveScrubbing {
  const dataScrubber = effectiveToggle(org.dataScrubber, project.dataScrubber);
  const dataScrubberDefaults = effectiveToggle(org.dataScrubberDefaults, project.dataScrubberDefaults);
  return {
    project: project.slug,
    ...appliedScrubbing(dataScrubber.value, dataScrubberDefaults.value),
    dataScrubber,
    dataScrubberDefaults,
    scrubIPAddresses: effectiveToggle(org.scrubIPAddresses, project.scrubIPAddresses),
    sensitiveFields: unionFields(org.sensitiveFields, project.sensitiveFields),
    safeFields: unionFields(org.safeFields, project.safeFields),
    storeCrashReports: effectiveStoreCrashReports(org, project),
    debugFilesRole: effectiveDebugFilesRole(org, project),
  };
}

/** Entries of `list` that are not in `allowed` (trimmed, case-insensitive). */
export function fieldsOutside(list: readonly string[], allowed: readonly string[]): string[] {
  const ok = new Set(allowed.map(fieldKey));
  return list.filter((v) => !ok.has(fieldKey(v)));
}

/** Entries of `wanted` missing from `list` (trimmed, case-insensitive), in `wanted` order. */
export function fieldsMissing(list: readonly string[], wanted: readonly string[]): string[] {
  const have = new Set(list.map(fieldKey));
  const out: string[] = [];
  for (const w of wanted) {
    const k = fieldKey(w);
    if (have.has(k)) continue;
    have.add(k);
    out.push(w.trim());
  }
  return out;
}

/** The server's limit on the total characters of a sensitive-fields list (MAX_SENSITIVE_FIELD_CHARS). */
export const MAX_SENSITIVE_FIELD_CHARS = 4000;

export function totalChars(list: readonly string[]): number {
  return list.reduce((n, s) => n + s.length, 0);
}
