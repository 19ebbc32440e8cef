// Turning project settings into ProjectState without side effects: the org project list's
// `options=` expansion returns the RAW stored option values (an unset key is absent), so the
// defaults of projects.md §2.2 are filled in here. The detail GET (fallback only) already
// carries the effective values.

import type { ProjectDetails, ProjectSummary } from '../sentry/types.js';
import type { ProjectState } from './types.js';

/** Every option key a check reads; requested with `options=` on the org project list. */
export const PROJECT_OPTION_KEYS = [
  'sentry:scrub_data',
  'sentry:scrub_defaults',
  'sentry:scrub_ip_address',
  'sentry:sensitive_fields',
  'sentry:safe_fields',
  'sentry:relay_pii_config',
  'sentry:origins',
  'sentry:store_crash_reports',
  'sentry:debug_files_role',
  'sentry:blacklisted_ips',
  'quotas:spike-protection-disabled',
  // JavaScript source fetching (3.6); `sentry:token` is redacted on read (schemas.ts redactProject)
  'sentry:scrape_javascript',
  'sentry:verify_ssl',
  'sentry:token',
  'sentry:token_header',
] as const;

/**
 * Options are stored as Python values; older rows hold "1"/"0" or strings for booleans, so
 * read them the way Sentry's option manager coerces them.
 */
function toBool(v: unknown, dflt: boolean): boolean {
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === '' ) return dflt;
    return !(s === '0' || s === 'false' || s === 'no' || s === 'off');
  }
  return Boolean(v);
}

/** Lists are stored as lists; the detail's `options` and some old rows join them with newlines. */
export function toStringList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').map((s) => s.trim()).filter((s) => s !== '');
  if (typeof v === 'string') return v.split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== '');
  return [];
}

function toNullableInt(v: unknown): number | null {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : null;
}

function toNullableString(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  // a PII config stored as a parsed object: keep it comparable with the org's JSON string
  return JSON.stringify(v);
}

function toNullableBool(v: unknown): boolean | null {
  if (v === undefined || v === null) return null;
  return toBool(v, false);
}

function base(p: ProjectSummary): Pick<ProjectState, 'id' | 'slug' | 'name' | 'platform' | 'dateCreated' | 'features' | 'teams'> {
  return {
    id: String(p.id),
    slug: p.slug,
    name: p.name,
    platform: p.platform ?? null,
    dateCreated: p.dateCreated,
    features: Array.isArray(p.features) ? [...p.features] : [],
    teams: Array.isArray(p.teams) ? p.teams.map((t) => ({ id: String(t.id), slug: t.slug, name: t.name })) : [],
  };
}

/** ProjectState from an org project-list item with the raw `options` expansion. */
export function projectStateFromOptions(p: ProjectSummary, options: Record<string, unknown>): ProjectState {
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(options, k) && options[k] !== undefined;
  return {
    ...base(p),
    dataScrubber: toBool(options['sentry:scrub_data'], true),
    dataScrubberDefaults: toBool(options['sentry:scrub_defaults'], true),
    scrubIPAddresses: toBool(options['sentry:scrub_ip_address'], false),
    sensitiveFields: toStringList(options['sentry:sensitive_fields']),
    safeFields: toStringList(options['sentry:safe_fields']),
    relayPiiConfig: toNullableString(options['sentry:relay_pii_config']),
    // unset origins mean "any origin" (["*"]); a stored empty list is kept as it is
    allowedDomains: has('sentry:origins') && options['sentry:origins'] !== null ? toStringList(options['sentry:origins']) : ['*'],
    storeCrashReports: toNullableInt(options['sentry:store_crash_reports']),
    debugFilesRole: toNullableString(options['sentry:debug_files_role']),
    blockedIps: toStringList(options['sentry:blacklisted_ips']),
    spikeProtectionDisabled: toNullableBool(options['quotas:spike-protection-disabled']),
    scrapeJavaScript: toBool(options['sentry:scrape_javascript'], true),
    verifySSL: has('sentry:verify_ssl') ? toNullableBool(options['sentry:verify_ssl']) : null,
    hasSecurityToken: hasText(options['sentry:token']),
    securityTokenHeader: hasText(options['sentry:token_header']) ? String(options['sentry:token_header']) : null,
  };
}

/** A set token or header: any non-empty value (a token arrives redacted); "" is how Sentry clears it. */
function hasText(v: unknown): boolean {
  return typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null && v !== false;
}

/** ProjectState from the project detail GET (servers without the `options=` expansion). */
export function projectStateFromDetail(p: ProjectDetails): ProjectState {
  const opts = p.options ?? {};
  return {
    ...base(p),
    dataScrubber: toBool(p.dataScrubber, true),
    dataScrubberDefaults: toBool(p.dataScrubberDefaults, true),
    scrubIPAddresses: toBool(p.scrubIPAddresses, false),
    sensitiveFields: toStringList(p.sensitiveFields),
    safeFields: toStringList(p.safeFields),
    relayPiiConfig: toNullableString(p.relayPiiConfig),
    allowedDomains: Array.isArray(p.allowedDomains) ? toStringList(p.allowedDomains) : ['*'],
    storeCrashReports: toNullableInt(p.storeCrashReports),
    debugFilesRole: toNullableString(p.debugFilesRole),
    blockedIps: toStringList(opts['filters:blacklisted_ips']),
    spikeProtectionDisabled: toNullableBool(opts['quotas:spike-protection-disabled']),
    scrapeJavaScript: toBool(p.scrapeJavaScript, true),
    // the detail shows verifySSL false for an unset option that the fetcher treats as true
    verifySSL: p.verifySSL === true ? true : null,
    ...(p.verifySSL === true ? {} : { verifySSLUnknown: true as const }),
    hasSecurityToken: hasText(p.securityToken),
    securityTokenHeader: hasText(p.securityTokenHeader) ? String(p.securityTokenHeader) : null,
  };
}
