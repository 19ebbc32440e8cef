// Drift since a baseline: the settings a `verify --save-baseline` run saw, compared with this run,
// each change attributed to the audit-log entry that most likely made it.
//
// The baseline holds settings, not state: the fields a check reads or a person would ask about
// (org flags and scrubbing, auth provider, project options, key status and rate limit, filter
// state, member roles), never DSNs, key secrets or any other secret (redactSecrets over all of it).
// A part the run could not read (or did not collect for its selection) is recorded with its reason
// and left out of the comparison, named in `notes`: missing data is never "unchanged".

import type { CheckStatus, ControlResult } from '../../steps/types.js';
import { redactSecrets } from '../secrets.js';
import type { AuditEntry } from '../sentry/types.js';
import type { OrgState, Part } from '../state/types.js';
import { humanTime } from '../words.js';

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
  before: CheckStatus | 'not evaluated';
  after: CheckStatus | 'not evaluated';
}

export interface DriftReport {
  baseline: { savedAt: string; level: string; org: string };
  /** settings that changed, sorted by resource then setting */
  entries: DriftEntry[];
  /** checks whose status changed */
  checks: DriftCheck[];
  /** why some settings could not be compared (a part unreadable in either run) */
  notes: string[];
}

/** resource key → setting → value */
export type Settings = Record<string, Record<string, unknown>>;

export interface SettingsSnapshot {
  settings: Settings;
  /** part name → why it was not read ("members", "keys/web" ...) */
  unread: Record<string, string>;
}

/** The baseline file's content (schemaVersion 1). */
export interface Baseline extends SettingsSnapshot {
  kind: 'sentry-harden-baseline';
  schemaVersion: 1;
  toolVersion: string;
  savedAt: string;
  target: { baseUrl: string; org: string };
  level: string;
  /** check id → status and title */
  checks: Record<string, { status: CheckStatus; title: string }>;
}

/** The part a resource key belongs to: keys and filters per project, the rest per type. */
export function partOf(resource: string): string {
  const [type, project] = resource.split('/');
  return type === 'key' || type === 'filter' ? `${type}/${project}` : (type ?? resource);
}

const omit = <T extends object>(o: T, keys: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([k, v]) => !keys.includes(k) && v !== undefined));

/** The settings of a collected state (secrets redacted). */
export function snapshotSettings(state: OrgState): SettingsSnapshot {
  const settings: Settings = {};
  const unread: Record<string, string> = {};
  const take = <T>(name: string, part: Part<T>, add: (v: T) => void): void => {
    if (part.ok) add(part.value);
    else unread[name] = part.reason;
  };
  take('organization', state.org, (o) => {
    // identity, links and the acting user's role are not settings; features change with plans
    settings[`organization/${o.slug}`] = omit(o, ['id', 'slug', 'links', 'features', 'orgRole', 'hasAuthProvider']);
  });
  take('auth-provider', state.authProvider, (p) => {
    settings['auth-provider/sso'] = p
      ? { provider: p.provider_name, requireLink: p.require_link, defaultRole: p.default_role, scim: p.scim_enabled }
      : { provider: null };
  });
  take('project', state.projects, (ps) => {
    for (const p of ps) {
      settings[`project/${p.slug}`] = { ...omit(p, ['id', 'slug', 'dateCreated', 'features', 'teams']), teams: p.teams.map((t) => t.slug).sort() };
    }
  });
  for (const [project, part] of Object.entries(state.keys)) {
    take(`key/${project}`, part, (keys) => {
      for (const k of keys) settings[`key/${project}/${k.id}`] = { name: k.name, isActive: k.isActive, rateLimit: k.rateLimit, browserSdkVersion: k.browserSdkVersion };
    });
  }
  for (const [project, part] of Object.entries(state.filters)) {
    take(`filter/${project}`, part, (filters) => {
      for (const f of filters) settings[`filter/${project}/${f.id}`] = { active: f.active };
    });
  }
  take('member', state.members, (ms) => {
    for (const m of ms) {
      const detail = state.memberDetails.ok ? state.memberDetails.value[m.id] : undefined;
      settings[`member/${m.email || m.id}`] = {
        orgRole: m.orgRole,
        pending: m.pending,
        ssoLinked: m.flags['sso:linked'],
        ...(m.user ? { has2fa: m.user.has2fa } : {}),
        ...(detail ? { teamRoles: [...detail.teamRoles].sort((a, b) => a.teamSlug.localeCompare(b.teamSlug)) } : {}),
      };
    }
  });
  take('team', state.teams, (ts) => {
    for (const t of ts) settings[`team/${t.slug}`] = { name: t.name };
  });
  return redactSecrets({ settings, unread });
}

export function buildBaseline(state: OrgState, results: readonly ControlResult[], meta: { toolVersion: string; savedAt: string; level: string }): Baseline {
  const checks: Baseline['checks'] = {};
  for (const c of results) for (const k of c.checks) checks[k.id] = { status: k.status, title: k.title };
  return {
    kind: 'sentry-harden-baseline',
    schemaVersion: 1,
    toolVersion: meta.toolVersion,
    savedAt: meta.savedAt,
    target: { baseUrl: state.target.baseUrl, org: state.target.org },
    level: meta.level,
    checks,
    ...snapshotSettings(state),
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** "require2FA" and "require_2fa" alike: lower case, letters and digits only. */
const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const actorOf = (e: AuditEntry): string => e.actor?.email || e.actor?.name || e.actor?.username || (e.actor?.id ? `user ${e.actor.id}` : 'unknown');

/** The audit events that change each resource type (Sentry's audit_log/events.py names). */
const EVENT_PREFIX: Record<string, readonly string[]> = {
  organization: ['org.'],
  'auth-provider': ['sso.'],
  project: ['project.'],
  key: ['projectkey.'],
  filter: ['project.'],
  member: ['member.'],
  team: ['team.'],
};

/** Whether an audit entry is about this resource: its data names the slug, email or key id. */
function entryIsAbout(e: AuditEntry, resource: string): boolean {
  const [type, a, b] = resource.split('/');
  const d = e.data ?? {};
  const str = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  switch (type) {
    case 'organization':
    case 'auth-provider':
      return true;
    case 'project':
    case 'filter':
      return str(d.slug) === a || str(d.project_slug) === a;
    case 'key':
      return str(d.public_key) === b;
    case 'member': {
      const target = typeof e.targetUser === 'object' && e.targetUser ? e.targetUser.email : undefined;
      return str(d.email) === a || target === a;
    }
    case 'team':
      return str(d.slug) === a || str(d.team_slug) === a;
    default:
      return false;
  }
}

/**
 * The newest entry after the baseline about this resource; one whose data names the setting
 * wins over one that does not (an `org.edit` lists the changed keys).
 */
export function attribute(entries: readonly AuditEntry[], since: string, resource: string, setting: string): DriftAudit | undefined {
  const type = resource.split('/')[0] ?? '';
  const prefixes = EVENT_PREFIX[type] ?? [];
  const t0 = Date.parse(since);
  const about = entries
    .filter((e) => Date.parse(e.dateCreated) >= t0 && prefixes.some((p) => e.event.startsWith(p)) && entryIsAbout(e, resource))
    .sort((x, y) => Date.parse(y.dateCreated) - Date.parse(x.dateCreated));
  const named = about.find((e) => Object.keys(e.data ?? {}).some((k) => norm(k) === norm(setting) || norm(k).endsWith(norm(setting))));
  const e = named ?? about[0];
  return e ? { id: String(e.id), event: e.event, actor: actorOf(e), dateCreated: e.dateCreated } : undefined;
}

/** Compare a baseline with this run's settings and results. */
export function compareBaseline(base: Baseline, now: SettingsSnapshot, results: readonly ControlResult[], audit: Part<AuditEntry[]>): DriftReport {
  const notes: string[] = [];
  const skipped = new Set<string>();
  for (const [part, reason] of Object.entries(base.unread)) {
    skipped.add(part);
    notes.push(`${part}: not compared, the baseline did not read it (${reason})`);
  }
  for (const [part, reason] of Object.entries(now.unread)) {
    if (skipped.has(part)) continue;
    skipped.add(part);
    notes.push(`${part}: not compared, this run did not read it (${reason})`);
  }
  const entries = audit.ok ? audit.value : [];
  if (!audit.ok) notes.push(`changes are not attributed: ${audit.reason}`);
  const out: DriftEntry[] = [];
  const keys = [...new Set([...Object.keys(base.settings), ...Object.keys(now.settings)])].sort();
  for (const resource of keys) {
    if (skipped.has(partOf(resource))) continue;
    const before = base.settings[resource];
    const after = now.settings[resource];
    const who = (setting: string): { audit?: DriftAudit } => {
      const a = attribute(entries, base.savedAt, resource, setting);
      return a ? { audit: a } : {};
    };
    if (!before && after) {
      out.push({ resource, setting: '(resource)', change: 'added', after, ...who('') });
      continue;
    }
    if (before && !after) {
      out.push({ resource, setting: '(resource)', change: 'removed', before, ...who('') });
      continue;
    }
    for (const setting of [...new Set([...Object.keys(before!), ...Object.keys(after!)])].sort()) {
      const b = before![setting];
      const a = after![setting];
      if (same(b, a)) continue;
      out.push({ resource, setting, change: 'changed', ...(b === undefined ? {} : { before: b }), ...(a === undefined ? {} : { after: a }), ...who(setting) });
    }
  }
  const checks: DriftCheck[] = [];
  const seen = new Set<string>();
  for (const c of results) {
    for (const k of c.checks) {
      seen.add(k.id);
      const before = base.checks[k.id]?.status ?? 'not evaluated';
      if (before !== k.status) checks.push({ id: k.id, title: k.title, before, after: k.status });
    }
  }
  for (const [id, b] of Object.entries(base.checks)) if (!seen.has(id)) checks.push({ id, title: b.title, before: b.status, after: 'not evaluated' });
  return redactSecrets({ baseline: { savedAt: base.savedAt, level: base.level, org: base.target.org }, entries: out, checks, notes });
}

/** "project/web dataScrubber: true → false (project.edit by alice@acme.example, 2026-12-06 09:15 UTC, entry 42)" */
export function driftLine(e: DriftEntry, show: (v: unknown) => string): string {
  const what =
    e.change === 'added' ? 'new since the baseline' : e.change === 'removed' ? 'removed since the baseline' : `${show(e.before)} → ${show(e.after)}`;
  const by = e.audit ? ` (${e.audit.event} by ${e.audit.actor}, ${humanTime(e.audit.dateCreated)}, entry ${e.audit.id})` : '';
  return `${e.resource}${e.change === 'changed' ? ` ${e.setting}` : ''}: ${what}${by}`;
}
