// Audit-log entries (organization.md §6): which ones are security events (POLICY.md 4.1.2), a
// readable sentence for each, and redaction of the secrets some entries carry (`secret_key` in
// `projectkey.*`, the security token `sentry:token` in `project.edit`, API key values). The
// audit-log command, the reports and check 4.1.2 all use these.

import { isSecretKeyName, REDACTED, redactString } from '../secrets.js';
import type { AuditEntry } from '../sentry/types.js';


type Data = Record<string, unknown>;

/** Boolean meaning of an audit value: `"to False"`, `"from True to False"`, `false`, `"0"`. */
export function auditBool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value !== 'string') return null;
  const m = /(?:^|\bto\s+)(true|false|1|0)\s*$/i.exec(value.trim());
  if (!m || m[1] === undefined) return null;
  const v = m[1].toLowerCase();
  return v === 'true' || v === '1';
}

/** `org.edit` flags (internal names); `inverted` flags protect when true (disable_*). */
const ORG_FLAGS: Record<string, { label: string; protectsWhen: boolean; inverted: boolean }> = {
  require_2fa: { label: 'Require 2FA', protectsWhen: true, inverted: false },
  enhanced_privacy: { label: 'Enhanced Privacy', protectsWhen: true, inverted: false },
  disable_shared_issues: { label: 'Allow Shared Issues', protectsWhen: true, inverted: true },
  disable_member_invite: { label: 'Let Members Invite Others', protectsWhen: true, inverted: true },
  disable_member_project_creation: { label: 'Let Members Create Projects', protectsWhen: true, inverted: true },
  allow_joinleave: { label: 'Open Membership', protectsWhen: false, inverted: false },
  prevent_superuser_access: { label: 'Allow Sentry Staff Access', protectsWhen: true, inverted: true },
  early_adopter: { label: 'Early Adopter', protectsWhen: false, inverted: false },
  codecov_access: { label: 'Codecov Access', protectsWhen: false, inverted: false },
};

/** `org.edit` options whose turning off weakens scrubbing. */
const ORG_SCRUB_OPTIONS: Record<string, string> = {
  dataScrubber: 'Require Data Scrubber',
  dataScrubberDefaults: 'Require Using Default Scrubbers',
  scrubIPAddresses: 'Prevent Storing of IP Addresses',
};

/**
 * `org.edit` options (API field names, organization_details.py ORG_OPTIONS and save) that protect
 * event data when true: turning one off is a security event (AI features shown again, replay
 * access open to every member again).
 */
const ORG_PROTECTIVE_OPTIONS: Record<string, string> = {
  hideAiFeatures: 'Hide AI Features',
  hasGranularReplayPermissions: 'Restrict Replay Access',
};

/** `org.edit` options that send data out when turned on (Seer automation for new projects). */
const ORG_EXPOSING_OPTIONS: Record<string, string> = {
  defaultSeerScannerAutomation: 'Seer scanner automation for new projects',
};

/** `org.edit` keys whose every change is a security event. */
const ORG_SENSITIVE_CHANGES: Record<string, string> = {
  safeFields: 'Global Safe Fields',
  relayPiiConfig: 'Advanced Data Scrubbing rules',
  trustedRelays: 'Trusted Relays',
  default_role: 'Default Role',
  // "added 2 user(s) (total: 2 user(s) with access)": who may watch session replays
  replayAccessMembers: 'Replay Access Members',
};

const ORG_OTHER_LABELS: Record<string, string> = {
  sensitiveFields: 'Global Sensitive Fields',
  allowJoinRequests: 'Allow Join Requests',
  attachmentsRole: 'Attachments Access',
  debugFilesRole: 'Debug Files Access',
  eventsMemberAdmin: 'Let Members Delete Issues',
  alertsMemberWrite: 'Let Members Create and Edit Alerts',
  storeCrashReports: 'Store Native Crash Reports',
  scrapeJavaScript: 'Allow JavaScript Source Fetching',
  defaultAutofixAutomationTuning: 'Seer issue fix automation for new projects',
  name: 'Name',
  slug: 'Slug',
};

/** `project.edit` keys (stored option names and API field names) about scrubbing, safe fields, origins, the IP blocklist. */
const PROJECT_SECURITY_KEYS: Record<string, string> = {
  'sentry:scrub_data': 'Data Scrubber',
  'sentry:scrub_defaults': 'Use Default Scrubbers',
  'sentry:scrub_ip_address': 'Prevent Storing of IP Addresses',
  'sentry:sensitive_fields': 'Additional Sensitive Fields',
  'sentry:safe_fields': 'Safe Fields',
  'sentry:relay_pii_config': 'Advanced Data Scrubbing rules',
  'sentry:origins': 'Allowed Domains',
  'sentry:blacklisted_ips': 'IP blocklist',
  'filters:blacklisted_ips': 'IP blocklist',
  dataScrubber: 'Data Scrubber',
  dataScrubberDefaults: 'Use Default Scrubbers',
  scrubIPAddresses: 'Prevent Storing of IP Addresses',
  sensitiveFields: 'Additional Sensitive Fields',
  safeFields: 'Safe Fields',
  relayPiiConfig: 'Advanced Data Scrubbing rules',
  allowedDomains: 'Allowed Domains',
};

const PROJECT_OTHER_LABELS: Record<string, string> = {
  'sentry:token': 'Security Token',
  'sentry:token_header': 'Security Token Header',
  'sentry:verify_ssl': 'Verify TLS/SSL',
  'sentry:scrape_javascript': 'Enable JavaScript Source Fetching',
  'sentry:store_crash_reports': 'Store Native Crash Reports',
};

/** Keys of `project.edit` data that describe the project, not a change (`get_audit_log_data`). */
const PROJECT_DESCRIPTIVE_KEYS = new Set(['id', 'slug', 'name', 'status', 'public', 'platform']);

const PRIVILEGED_INVITE_ROLES = new Set(['owner', 'manager']);

/**
 * Events that are always reviewed: each changes who or what can act on the organization or its
 * data. Names (`api_name`) from Sentry's audit-log registry, src/sentry/audit_log/register.py and
 * src/sentry/audit_log/events.py.
 */
export const ALWAYS_SECURITY: ReadonlySet<string> = new Set([
  // an inbound filter turned off (project.disable = ProjectDisableAuditLogEvent)
  'project.disable',
  'sso.enable', 'sso.disable', 'sso.edit',
  'member.pending',
  // client keys (DSNs)
  'projectkey.create', 'projectkey.edit', 'projectkey.change', 'projectkey.remove',
  // credentials that act for the organization
  'org-auth-token.create', 'org-auth-token.remove',
  'api-key.create', 'api-key.edit', 'api-key.remove',
  'internal-integration.create', 'internal-integration.disable', 'internal-integration.add-token', 'internal-integration.remove-token',
  'integration.rotate-client-secret',
  // where event data goes
  'servicehook.create', 'servicehook.edit', 'servicehook.remove',
  'integration.add', 'integration.edit', 'integration.remove', 'integration.upgrade', 'integration.disable',
  'sentry-app.add', 'sentry-app.remove', 'sentry-app.install', 'sentry-app.uninstall',
  // who may send events / who at Sentry may look
  'trusted-relay.add', 'trusted-relay.edit',
  'data-secrecy.waived',
]);

export const AUDIT_SOURCES = [
  'getsentry/sentry:src/sentry/audit_log/register.py',
  'getsentry/sentry:src/sentry/audit_log/events.py',
  'getsentry/sentry:src/sentry/api/endpoints/organization_details.py',
] as const;

/** Org roles from least to most privileged; access settings name the least role allowed. */
const ROLE_RANK: Record<string, number> = { member: 0, admin: 1, manager: 2, owner: 3 };

/**
 * Access settings whose lowering opens data to more people, with Sentry's default (an `org.edit`
 * entry carries only "to X" when the option did not exist yet: organization_details.py ORG_OPTIONS).
 */
const ROLE_SETTINGS: Record<string, string> = {
  attachmentsRole: 'member',
  debugFilesRole: 'admin',
  'sentry:debug_files_role': 'admin',
};

/** Crash-report storage: 0 stores none (Sentry's default), -1 unlimited. */
const CRASH_REPORT_SETTINGS = new Set(['storeCrashReports', 'sentry:store_crash_reports']);

function roleRank(v: string | null): number | null {
  if (v === null) return null;
  const r = own(ROLE_RANK, v.trim().toLowerCase());
  return r === undefined ? null : r;
}

function crashCount(v: string | null): number | null {
  if (v === null || v.trim() === '' || /^none$/i.test(v.trim())) return 0;
  const n = Number(v.trim());
  if (!Number.isFinite(n)) return null;
  return n < 0 ? Number.POSITIVE_INFINITY : n;
}

/** An access role lowered, or more crash reports stored: true; unknown values count as weakening. */
function accessWidened(key: string, value: unknown): boolean {
  const roleDefault = own(ROLE_SETTINGS, key);
  const newText = changedTo(value);
  const oldText = changedFrom(value);
  if (roleDefault !== undefined) {
    const to = roleRank(newText);
    const from = roleRank(oldText ?? roleDefault);
    return to === null || from === null || to < from;
  }
  if (CRASH_REPORT_SETTINGS.has(key)) {
    const to = crashCount(newText);
    const from = crashCount(oldText);
    return to === null || from === null || to > from;
  }
  return false;
}

/**
 * A table entry for an audit-data key. Own properties only: audit keys are arbitrary strings,
 * and `key in table` or `table[key]` would also find `constructor`, `toString`, ...
 */
function own<V>(table: Record<string, V>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function orgEditTurnsProtectionOff(key: string, value: unknown): boolean {
  const flag = own(ORG_FLAGS, key);
  if (flag && own(PROTECTIVE_FLAGS, key)) return auditBool(value) === !flag.protectsWhen;
  if (own(ORG_SCRUB_OPTIONS, key) !== undefined) return auditBool(value) === false;
  if (own(ORG_PROTECTIVE_OPTIONS, key) !== undefined) return auditBool(value) === false;
  if (own(ORG_EXPOSING_OPTIONS, key) !== undefined) return auditBool(value) === true;
  // "from off to high": Seer's issue fix runs on its own for new projects
  if (key === 'defaultAutofixAutomationTuning') return changedTo(value).trim().toLowerCase() !== 'off';
  if (accessWidened(key, value)) return true;
  return own(ORG_SENSITIVE_CHANGES, key) !== undefined;
}

/** The flags POLICY.md 4.1.2 names; the other known flags are described but are not security events. */
const PROTECTIVE_FLAGS: Record<string, true> = {
  require_2fa: true,
  enhanced_privacy: true,
  disable_shared_issues: true,
  disable_member_invite: true,
  disable_member_project_creation: true,
  allow_joinleave: true,
  prevent_superuser_access: true,
};

function roleOf(data: Data): string {
  return str(data['role']).toLowerCase();
}

/** POLICY.md 4.1.2: the events a person should review. */
export function isSecurityEvent(entry: Pick<AuditEntry, 'event' | 'data'>): boolean {
  const data: Data = entry.data ?? {};
  if (ALWAYS_SECURITY.has(entry.event)) return true;
  switch (entry.event) {
    case 'org.edit':
      return Object.entries(data).some(([k, v]) => orgEditTurnsProtectionOff(k, v));
    case 'project.edit': {
      const items = Object.entries(data);
      if (typeof data['options'] === 'object' && data['options'] !== null) items.push(...Object.entries(data['options'] as Data));
      return items.some(([k, v]) => own(PROJECT_SECURITY_KEYS, k) !== undefined || accessWidened(k, v));
    }
    case 'member.invite':
    case 'member.edit':
    case 'member.add':
      return PRIVILEGED_INVITE_ROLES.has(roleOf(data));
    default:
      return false;
  }
}

export function actorLabel(entry: Pick<AuditEntry, 'actor'>): string {
  const a = entry.actor;
  if (!a) return 'Sentry (system)';
  return a.email || a.name || a.username || (a.id ? `user ${a.id}` : 'unknown actor');
}

function targetLabel(entry: Pick<AuditEntry, 'targetUser' | 'data'>): string {
  const email = str(entry.data?.['email']);
  if (email) return email;
  const t = entry.targetUser;
  if (t && typeof t === 'object') return t.email || t.name || (t.id ? `user ${t.id}` : 'a member');
  if (typeof t === 'string' && t) return `user ${t}`;
  return 'a member';
}

/** The new value of an audit change text: `"from a to b"` → `b`, `"to b"` → `b`. */
function changedTo(value: unknown): string {
  const s = str(value);
  const m = /^(?:from [\s\S]*? )?to ([\s\S]*)$/.exec(s);
  return m?.[1] ?? s;
}

function changedFrom(value: unknown): string | null {
  const m = /^from ([\s\S]*?) to [\s\S]*$/.exec(str(value));
  return m?.[1] ?? null;
}

function describeOrgEditItem(key: string, value: unknown): string {
  const flag = own(ORG_FLAGS, key);
  if (flag) {
    const b = auditBool(value);
    if (b === null) return `changed ${flag.label} ${str(value)}`;
    const on = flag.inverted ? !b : b;
    return `turned ${on ? 'on' : 'off'} ${flag.label}`;
  }
  const option = own(ORG_SCRUB_OPTIONS, key) ?? own(ORG_PROTECTIVE_OPTIONS, key) ?? own(ORG_EXPOSING_OPTIONS, key);
  if (option) {
    const b = auditBool(value);
    return b === null ? `changed ${option} ${str(value)}` : `turned ${b ? 'on' : 'off'} ${option}`;
  }
  if (key === 'relayPiiConfig') return 'changed the Advanced Data Scrubbing rules';
  if (key === 'trustedRelays') return 'changed the Trusted Relays';
  if (key === 'replayAccessMembers') return `changed who may watch replays: ${str(value)}`;
  const label = own(ORG_SENSITIVE_CHANGES, key) ?? own(ORG_OTHER_LABELS, key) ?? key;
  const from = changedFrom(value);
  return from === null ? `set ${label} to ${changedTo(value)}` : `changed ${label} from ${from} to ${changedTo(value)}`;
}

function describeProjectEdit(data: Data): string {
  const slug = str(data['slug']);
  if ('old_slug' in data) return `renamed project ${str(data['old_slug'])} to ${str(data['new_slug'])}`;
  const changes: string[] = [];
  const items: [string, unknown][] = Object.entries(data).filter(([k]) => !PROJECT_DESCRIPTIVE_KEYS.has(k) && k !== 'options');
  if (typeof data['options'] === 'object' && data['options'] !== null) items.push(...Object.entries(data['options'] as Data));
  for (const [k, v] of items) {
    const label = own(PROJECT_SECURITY_KEYS, k) ?? own(PROJECT_OTHER_LABELS, k) ?? k;
    if (k === 'sentry:token' || k === 'sentry:relay_pii_config' || k === 'relayPiiConfig') {
      changes.push(`changed ${label}`);
    } else if (typeof v === 'boolean' || auditBool(v) !== null && /^(true|false)$/i.test(str(v))) {
      changes.push(`turned ${auditBool(v) ? 'on' : 'off'} ${label}`);
    } else {
      const shown = Array.isArray(v) ? v.map(str).join(', ') : str(v);
      changes.push(`set ${label} to ${shown === '' ? '(empty)' : shown}`);
    }
  }
  const what = changes.length > 0 ? changes.join('; ') : 'edited settings';
  return slug ? `${what} on project ${slug}` : what;
}

/**
 * `project.enable` / `project.disable` (inbound filter toggled). Two data formats:
 * - Sentry (`project_filter_details.py`): `state` is the filter id for the boolean filters
 *   (`"localhost"`, `"web-crawlers"`, ...); for `legacy-browsers` it is a bool, `"0"`/`"1"` or
 *   the list of subfilters added (enable) or removed (disable). There is no filter key.
 * - The simulator: `filter` names the filter, `state` is the new value (bool or subfilter list).
 */
function describeFilter(data: Data, verb: 'turned on' | 'turned off'): string {
  const state = data['state'];
  const slug = str(data['slug']);
  const named = typeof data['filter'] === 'string' ? data['filter'].trim() : '';
  const stateText = typeof state === 'string' ? state.trim() : '';
  let filter: string;
  if (named !== '') filter = named;
  else if (stateText !== '' && stateText !== '0' && stateText !== '1') filter = stateText;
  else filter = 'legacy-browsers';
  if (Array.isArray(state) && state.length > 0) filter = `${filter} (${state.map(str).sort().join(', ')})`;
  return `${verb} inbound filter ${filter}${slug ? ` on project ${slug}` : ''}`;
}

function describeKeyEdit(data: Data): string {
  const key = str(data['label']) || str(data['public_key']) || 'a client key';
  const parts: string[] = [];
  // A count or window of 0 (or none) means "no rate limit" in Sentry.
  const limit = (v: unknown): string => (v === null || v === undefined || v === '' || v === 0 || v === '0' ? 'none' : str(v));
  if ('prev_rate_limit_count' in data) parts.push(`rate limit count from ${limit(data['prev_rate_limit_count'])} to ${limit(data['rate_limit_count'])}`);
  if ('prev_rate_limit_window' in data) parts.push(`rate limit window from ${limit(data['prev_rate_limit_window'])} to ${limit(data['rate_limit_window'])}`);
  if ('status' in data && parts.length === 0) parts.push(`status ${str(data['status'])}`);
  return `edited client key ${key}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/** A readable sentence for one entry, e.g. "turned off Require 2FA", "invited jane@x as owner". */
export function describeAuditEntry(entry: Pick<AuditEntry, 'event' | 'data' | 'targetUser' | 'note'>): string {
  const data: Data = entry.data ?? {};
  const role = roleOf(data);
  switch (entry.event) {
    case 'org.edit': {
      const items = Object.entries(data).map(([k, v]) => describeOrgEditItem(k, v));
      return items.length > 0 ? items.join('; ') : 'edited the organization settings';
    }
    case 'project.edit':
      return describeProjectEdit(data);
    case 'project.disable':
      return describeFilter(data, 'turned off');
    case 'project.enable':
      return describeFilter(data, 'turned on');
    case 'sso.enable':
      return `enabled SSO${data['provider'] ? ` (${str(data['provider'])})` : ''}`;
    case 'sso.disable':
      return `disabled SSO${data['provider'] ? ` (${str(data['provider'])})` : ''}`;
    case 'sso.edit': {
      const items = Object.entries(data).map(([k, v]) => `${k} ${changedTo(v)}`);
      return `changed SSO settings${items.length ? `: ${items.join(', ')}` : ''}`;
    }
    case 'member.invite':
      return `invited ${targetLabel(entry)}${role ? ` as ${role}` : ''}`;
    case 'member.reinvite':
      return `re-sent the invitation to ${targetLabel(entry)}${role ? ` (${role})` : ''}`;
    case 'member.add':
      return `added ${targetLabel(entry)}${role ? ` as ${role}` : ''}`;
    case 'member.edit':
      return role ? `changed the role of ${targetLabel(entry)} to ${role}` : `edited member ${targetLabel(entry)}`;
    case 'member.remove':
      return `removed member ${targetLabel(entry)}`;
    case 'member.pending':
      return `required ${targetLabel(entry)} to set up 2FA (membership turned into a pending invitation)`;
    case 'projectkey.create':
      return `created client key ${str(data['label']) || str(data['public_key'])}`.trimEnd();
    case 'projectkey.edit':
    case 'projectkey.change':
      return describeKeyEdit(data);
    case 'projectkey.remove':
      return `removed client key ${str(data['label']) || str(data['public_key'])}`.trimEnd();
    case 'org-auth-token.create':
      return `created organization auth token ${str(data['name'])}`.trimEnd();
    case 'api-key.create':
      return `created API key ${str(data['label'])}`.trimEnd();
    case 'api-key.edit':
      return `edited API key ${str(data['label'])}`.trimEnd();
    case 'api-key.remove':
      return `removed API key ${str(data['label'])}`.trimEnd();
    case 'org-auth-token.remove':
      return `removed organization auth token ${str(data['name'])}`.trimEnd();
    case 'servicehook.create':
    case 'servicehook.edit':
    case 'servicehook.remove':
      return `${entry.event === 'servicehook.create' ? 'added' : entry.event === 'servicehook.edit' ? 'edited' : 'removed'} a service hook${data['url'] ? ` for ${str(data['url'])}` : ''}`;
    case 'integration.add':
    case 'integration.edit':
    case 'integration.remove':
    case 'integration.upgrade':
    case 'integration.disable': {
      const verb = { 'integration.add': 'installed', 'integration.edit': 'edited', 'integration.remove': 'uninstalled', 'integration.upgrade': 'upgraded', 'integration.disable': 'disabled' }[entry.event];
      const name = [str(data['name']), data['provider'] ? `(${str(data['provider'])})` : ''].filter(Boolean).join(' ');
      return `${verb} integration${name ? ` ${name}` : ''}`;
    }
    case 'sentry-app.add':
    case 'sentry-app.remove':
    case 'sentry-app.install':
    case 'sentry-app.uninstall': {
      const verb = { 'sentry-app.add': 'created', 'sentry-app.remove': 'removed', 'sentry-app.install': 'installed', 'sentry-app.uninstall': 'uninstalled' }[entry.event];
      return `${verb} Sentry app${data['sentry_app'] ? ` ${str(data['sentry_app'])}` : ''}`;
    }
    default:
      return entry.note ? entry.note : entry.event;
  }
}

function redactValue(value: unknown, secrets: string[]): unknown {
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets));
  if (value && typeof value === 'object') {
    const out: Data = {};
    for (const [k, v] of Object.entries(value as Data)) {
      if (isSecretKeyName(k) && v !== null && v !== undefined && v !== '') {
        collectSecretStrings(v, secrets);
        out[k] = REDACTED;
      } else {
        out[k] = redactValue(v, secrets);
      }
    }
    return out;
  }
  return value;
}

function collectSecretStrings(v: unknown, into: string[]): void {
  if (typeof v === 'string' && v.length >= 6) into.push(v);
  else if (Array.isArray(v)) v.forEach((x) => collectSecretStrings(x, into));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => collectSecretStrings(x, into));
}

/**
 * A copy of the entry without secrets: secret-like keys of `data` (at any depth) become
 * "[redacted]", and the same values are removed from the rendered `note` (Sentry renders
 * `project.edit` notes with the new security token in them).
 */
export function redactAuditEntry<T extends AuditEntry>(entry: T): T {
  const secrets: string[] = [];
  const data = redactValue(entry.data ?? {}, secrets) as Data;
  let note = entry.note;
  if (typeof note === 'string') {
    for (const s of secrets) note = note.split(s).join(REDACTED);
    note = redactString(note);
  }
  return { ...entry, data, ...(note === undefined ? {} : { note }) };
}

/** Entries within the last `days` before `now`, newest first. */
export function entriesWithin<T extends Pick<AuditEntry, 'dateCreated'>>(entries: readonly T[], days: number, now: Date): T[] {
  const since = now.getTime() - days * 86_400_000;
  return entries
    .filter((e) => {
      const t = Date.parse(e.dateCreated);
      return Number.isFinite(t) && t >= since;
    })
    .sort((a, b) => Date.parse(b.dateCreated) - Date.parse(a.dateCreated));
}

/** Sentry's audit log has no "data access" events (the guide's fourth bullet of 4.1). */
export const DATA_ACCESS_NOT_RECORDED =
  "Sentry records no data-access events (who viewed which event or issue) in its audit log, so the guide's \"data access events\" cannot be monitored through Sentry.";
