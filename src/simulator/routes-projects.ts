// Projects: org list with `options=`, detail GET/PUT, inbound filters, project teams
// (projects.md §1-3, §7).

import { randomUUID } from 'node:crypto';
import { audit } from './audit.js';
import type { Ctx, Reply } from './http.js';
import { HttpError, NOT_BOOLEAN, bodyObject, drfBool, json, notFound, paged, requireScope } from './http.js';
import { VALID_PLATFORMS } from './platforms.js';
import { validateRelayPiiConfig } from './pii.js';
import { ORG_ROLES, roleRank } from './roles.js';
import { serializeProjectDetail, serializeProjectSummary, serializeProjectWithTeams } from './serialize.js';
import type { SimProject } from './state.js';

const READ = ['project:read', 'project:write', 'project:admin'];
const WRITE = ['project:write', 'project:admin'];

/** OPTION_KEYS allow-list of the `options=` expansion (project_option.py). */
const OPTION_KEYS = new Set([
  'sentry:scrub_data', 'sentry:scrub_defaults', 'sentry:scrub_ip_address', 'sentry:sensitive_fields',
  'sentry:safe_fields', 'sentry:relay_pii_config', 'sentry:origins', 'sentry:token', 'sentry:token_header',
  'sentry:verify_ssl', 'sentry:scrape_javascript', 'sentry:blacklisted_ips', 'sentry:releases',
  'sentry:error_messages', 'sentry:store_crash_reports', 'sentry:debug_files_role',
  'quotas:spike-protection-disabled', 'filters:react-hydration-errors', 'filters:chunk-load-error',
  'sentry:csp_ignored_sources_defaults', 'sentry:csp_ignored_sources', 'sentry:default_environment',
  'filters:localhost', 'filters:web-crawlers', 'filters:browser-extensions', 'filters:legacy-browsers',
  'filters:filtered-transaction', 'sentry:resolve_age', 'mail:subject_prefix',
]);

export function findProject(ctx: Ctx): SimProject {
  const key = ctx.params.project ?? '';
  const p = ctx.state.projects.get(key) ?? ctx.state.projectsById.get(key);
  if (!p) throw notFound();
  return p;
}

/** Whether the caller holds project:write on this project (org-wide or through a team role). */
function canWriteProject(ctx: Ctx, p: SimProject): boolean {
  if (ctx.scopes.has('project:write') || ctx.scopes.has('project:admin')) return true;
  if (!ctx.member || !ctx.token.scopes.some((s) => s === 'project:write' || s === 'project:admin')) return false;
  return p.teamSlugs.some((slug) => ctx.member?.teamRoles.get(slug) === 'admin');
}

export function listOrgProjects(ctx: Ctx): Reply {
  requireScope(ctx, ['org:read', 'org:write', 'org:admin']);
  const q = ctx.url.searchParams;
  const optionKeys = q.getAll('options').filter((k) => OPTION_KEYS.has(k));
  let list = [...ctx.state.projects.values()];
  const query = (q.get('query') ?? '').trim();
  if (query) {
    for (const part of query.split(/\s+/)) {
      const i = part.indexOf(':');
      const [k, v] = i < 0 ? ['query', part] : [part.slice(0, i), part.slice(i + 1)];
      if (k === 'slug') list = list.filter((p) => p.slug === v);
      else if (k === 'id') {
        if (!/^\d+$/.test(v)) throw new HttpError(400, { detail: 'Invalid id value' });
        list = list.filter((p) => p.id === v);
      } else if (k === 'team') list = list.filter((p) => p.teamSlugs.includes(v));
      else if (k === '!team') list = list.filter((p) => !p.teamSlugs.includes(v));
      else if (k === 'query') list = list.filter((p) => p.slug.includes(v.toLowerCase()) || p.name.toLowerCase().includes(v.toLowerCase()));
      else list = [];
    }
  }
  list.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  if (q.get('all_projects') === '1') return json(200, list.map((p) => serializeProjectSummary(ctx, p, null)));
  return paged(ctx, list, (p) => serializeProjectSummary(ctx, p, optionKeys.length > 0 ? optionKeys : null));
}

/** The serializer's get_security_token side effect: creates `sentry:token` on first read. */
function detail(ctx: Ctx, p: SimProject): Record<string, unknown> {
  if (!p.options.has('sentry:token')) {
    p.options.set('sentry:token', randomUUID().replace(/-/g, ''));
    ctx.state.counters.securityTokensCreated += 1;
  }
  return serializeProjectDetail(ctx, p);
}

export function getProject(ctx: Ctx): Reply {
  requireScope(ctx, READ);
  return json(200, detail(ctx, findProject(ctx)));
}

const ADMIN_FIELDS = [
  'name', 'slug', 'platform', 'dataScrubber', 'dataScrubberDefaults', 'sensitiveFields', 'safeFields',
  'scrubIPAddresses', 'storeCrashReports', 'relayPiiConfig', 'allowedDomains', 'securityToken',
  'securityTokenHeader', 'verifySSL', 'scrapeJavaScript', 'debugFilesRole', 'defaultEnvironment', 'options',
  'subjectPrefix', 'resolveAge',
];

type Errors = Record<string, string[]>;

function lines(v: unknown): string[] {
  if (typeof v !== 'string') return [];
  return v.split('\n').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
}

/** PUT projects/{org}/{p}/ (projects.md §2.3-2.5). */
export function updateProject(ctx: Ctx): Reply {
  requireScope(ctx, READ);
  if (!ctx.user) return { status: 400 };
  const p = findProject(ctx);
  const input = bodyObject(ctx);
  let body = input;
  if (!canWriteProject(ctx, p)) {
    // read-only callers: a truthy admin field is refused, a falsy one silently dropped
    if (ADMIN_FIELDS.some((f) => f in input && Boolean(input[f]))) {
      throw new HttpError(403, { detail: 'You do not have permission to perform this action.' });
    }
    body = Object.fromEntries(Object.entries(input).filter(([k]) => !ADMIN_FIELDS.includes(k)));
  }
  const errors: Errors = {};
  const sets: [string, unknown][] = []; // option key -> value (undefined = delete)
  const boolField = (field: string, option: string): void => {
    if (!(field in body)) return;
    const v = drfBool(body[field]);
    if (v === undefined) errors[field] = [NOT_BOOLEAN];
    else sets.push([option, v]);
  };
  boolField('dataScrubber', 'sentry:scrub_data');
  boolField('dataScrubberDefaults', 'sentry:scrub_defaults');
  boolField('scrubIPAddresses', 'sentry:scrub_ip_address');
  boolField('verifySSL', 'sentry:verify_ssl');
  boolField('scrapeJavaScript', 'sentry:scrape_javascript');
  if ('sensitiveFields' in body) {
    const v = body.sensitiveFields;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) errors.sensitiveFields = ['Expected a list of items.'];
    else if ((v as string[]).reduce((n, s) => n + s.length, 0) > 4000) errors.sensitiveFields = ['List of sensitive fields is too long.'];
    else sets.push(['sentry:sensitive_fields', [...(v as string[])]]);
  }
  if ('safeFields' in body) {
    const v = body.safeFields;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) errors.safeFields = ['Expected a list of items.'];
    else {
      const bad = (v as string[]).map((s, i) => (s.trim() === '' || /\s\S/.test(s.trim()) ? `Invalid syntax near "${s}" (line ${i + 1})` : (s.match(/\*\*/g) ?? []).length > 1 ? `Deep wildcard used more than once (line ${i + 1})` : null)).filter((x): x is string => x !== null);
      if (bad.length > 0) errors.safeFields = [bad.join(',\n')];
      else sets.push(['sentry:safe_fields', [...(v as string[])]]);
    }
  }
  if ('storeCrashReports' in body) {
    const v = body.storeCrashReports;
    if (v === null) sets.push(['sentry:store_crash_reports', undefined]);
    else if (typeof v !== 'number' || !Number.isInteger(v) || v < -1 || v > 100) errors.storeCrashReports = ['Invalid value'];
    else sets.push(['sentry:store_crash_reports', v]);
  }
  if ('relayPiiConfig' in body) {
    const v = body.relayPiiConfig;
    if (v === null) {
      // null is ignored: nothing changes
    } else if (typeof v !== 'string') errors.relayPiiConfig = ['Not a valid string.'];
    else if (v.trim() === '') sets.push(['sentry:relay_pii_config', '']);
    else {
      const err = validateRelayPiiConfig(v);
      if (err) errors.relayPiiConfig = [err];
      else sets.push(['sentry:relay_pii_config', v]);
    }
  }
  if ('allowedDomains' in body) {
    const v = body.allowedDomains;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) errors.allowedDomains = ['Expected a list of items.'];
    else {
      const list = (v as string[]).map((s) => s.trim()).filter((s) => s !== '');
      // OriginField.validate_origin: ":*" in parse_uri_match's domain, which once the host part has a
      // ":" runs to the end of the entry, path included (src/sentry/api/serializers/rest_framework/origin.py,
      // src/sentry/utils/http.py); "*" itself is whitelisted
      const wildPort = list.find((s) => {
        const rest = s.includes('://') ? s.slice(s.indexOf('://') + 3) : s;
        return s !== '*' && (rest.split('/')[0] ?? '').includes(':') && rest.includes(':*');
      });
      if (wildPort) errors.allowedDomains = [`${wildPort} is not an acceptable domain. Wildcard ports are not allowed.`];
      else if (list.length === 0) errors.allowedDomains = ['Empty value will block all requests, use * to accept from all domains'];
      else sets.push(['sentry:origins', list]);
    }
  }
  if ('securityToken' in body && body.securityToken !== null) {
    const v = body.securityToken;
    if (typeof v !== 'string' || v.length > 255 || (v !== '' && !/^[-a-zA-Z0-9+/=\s]+$/.test(v))) errors.securityToken = ['Invalid value'];
    else sets.push(['sentry:token', v]);
  }
  if ('securityTokenHeader' in body && body.securityTokenHeader !== null) {
    const v = body.securityTokenHeader;
    if (typeof v !== 'string' || v.length > 64 || (v !== '' && !/^[a-zA-Z0-9_-]+$/.test(v))) errors.securityTokenHeader = ['Invalid value'];
    else sets.push(['sentry:token_header', v]);
  }
  if ('debugFilesRole' in body) {
    const v = body.debugFilesRole;
    if (v === null) sets.push(['sentry:debug_files_role', undefined]);
    else if (typeof v !== 'string' || !(ORG_ROLES as readonly string[]).includes(v) || v === 'billing') errors.debugFilesRole = ['Invalid role'];
    else sets.push(['sentry:debug_files_role', v]);
  }
  if ('defaultEnvironment' in body) {
    const v = body.defaultEnvironment;
    sets.push(['sentry:default_environment', v === null ? undefined : String(v)]);
  }
  let rename: string | undefined;
  if ('name' in body) {
    if (typeof body.name !== 'string' || body.name.trim() === '' || body.name.length > 200) errors.name = ['This field may not be blank.'];
  }
  if ('slug' in body) {
    const v = body.slug;
    if (typeof v !== 'string' || !/^(?![0-9]+$)[a-z0-9_-]{1,100}$/.test(v)) errors.slug = ['Enter a valid slug consisting of lowercase letters, numbers, underscores or hyphens. It cannot be entirely numeric.'];
    else if (v !== p.slug && ctx.state.projects.has(v)) errors.slug = ['Another project is already using that slug'];
    else rename = v;
  }
  if ('platform' in body && body.platform !== null && body.platform !== '') {
    if (typeof body.platform !== 'string' || !VALID_PLATFORMS.has(body.platform)) errors.platform = ['Invalid platform'];
  }
  if ('resolveAge' in body) {
    // EmptyIntegerField: "" and null store 0 (test_project_details.py::test_resolve_age)
    const v = body.resolveAge;
    if (v === null || v === '') sets.push(['sentry:resolve_age', 0]);
    else if (!/^-?\d+$/.test(String(v)) || typeof v === 'boolean') errors.resolveAge = ['A valid integer is required.'];
    else sets.push(['sentry:resolve_age', Number(v)]);
  }
  if ('subjectPrefix' in body) {
    const v = body.subjectPrefix;
    if (typeof v !== 'string') errors.subjectPrefix = ['Not a valid string.'];
    else if (v.length > 200) errors.subjectPrefix = ['Ensure this field has no more than 200 characters.'];
    else sets.push(['mail:subject_prefix', v]);
  }
  if (Object.keys(errors).length > 0) throw new HttpError(400, errors);

  const changed: Record<string, unknown> = {};
  const apply = (key: string, value: unknown): void => {
    const old = p.options.get(key);
    if (value === undefined) {
      if (p.options.has(key)) {
        p.options.delete(key);
        changed[key] = null;
      }
      return;
    }
    if (JSON.stringify(old) !== JSON.stringify(value)) changed[key] = value;
    p.options.set(key, value);
  };
  for (const [k, v] of sets) apply(k, v);
  if (typeof body.name === 'string' && body.name !== p.name) {
    p.name = body.name;
    changed.name = body.name;
  }
  if (typeof body.platform === 'string' && body.platform !== '' && body.platform !== p.platform) {
    p.platform = body.platform;
    changed.platform = body.platform;
  }
  if (rename && rename !== p.slug) {
    ctx.state.projects.delete(p.slug);
    const keys = ctx.state.keysByProject.get(p.slug) ?? [];
    ctx.state.keysByProject.delete(p.slug);
    for (const k of keys) k.projectSlug = rename;
    p.slug = rename;
    ctx.state.projects.set(p.slug, p);
    ctx.state.keysByProject.set(p.slug, keys);
    changed.slug = rename;
  }

  // The legacy `options` writer runs after the typed fields and is not atomic: a feature-gate
  // 400 returns early with the earlier writes kept and no audit entry (projects.md §2.5).
  const opts = body.options;
  if (opts && typeof opts === 'object' && !Array.isArray(opts)) {
    const o = opts as Record<string, unknown>;
    const gated = ['filters:releases', 'filters:error_messages', 'filters:log_messages', 'filters:trace_metric_names'];
    for (const [k, v] of Object.entries(o)) {
      if (gated.includes(k) && !p.features.includes('custom-inbound-filters')) {
        throw new HttpError(400, { detail: 'You do not have that feature enabled' });
      }
      switch (k) {
        case 'filters:blacklisted_ips':
        case 'sentry:blacklisted_ips':
          apply('sentry:blacklisted_ips', lines(v));
          break;
        case 'filters:releases':
          apply('sentry:releases', lines(v));
          break;
        case 'filters:error_messages':
          apply('sentry:error_messages', typeof v === 'string' ? v.split('\n').map((s) => s.trim()).filter((s) => s) : []);
          break;
        case 'filters:react-hydration-errors':
        case 'filters:chunk-load-error':
          apply(k, v ? '1' : '0');
          break;
        case 'sentry:csp_ignored_sources_defaults':
          apply(k, Boolean(v));
          break;
        case 'sentry:csp_ignored_sources':
          apply(k, typeof v === 'string' ? v.split('\n').map((s) => s.trim()).filter((s) => s) : []);
          break;
        case 'sentry:origins':
          // no emptiness check on this path
          apply(k, typeof v === 'string' ? v.split('\n').map((s) => s.trim()).filter((s) => s) : []);
          break;
        case 'sentry:scrub_data':
        case 'sentry:scrub_defaults':
        case 'sentry:scrub_ip_address':
          apply(k, Boolean(v));
          break;
        case 'sentry:sensitive_fields':
        case 'sentry:safe_fields':
          apply(k, Array.isArray(v) ? v.map((s) => String(s).trim().toLowerCase()) : []);
          break;
        case 'sentry:relay_pii_config': {
          const t = typeof v === 'string' ? v.trim() : '';
          apply(k, t === '' ? null : t);
          break;
        }
        case 'sentry:store_crash_reports':
          apply(k, v === null ? undefined : Number(v));
          break;
        case 'sentry:default_environment':
        case 'mail:subject_prefix':
        case 'sentry:resolve_age':
          apply(k, v);
          break;
        default:
          break; // unknown keys (and sentry:token, verify_ssl, ...) are silently ignored here
      }
    }
  }
  if (Object.keys(changed).length > 0) {
    audit(ctx, { event: 'project.edit', targetObject: Number(p.id), data: { id: p.id, slug: p.slug, ...changed }, note: `edited project settings in ${p.slug}` });
  }
  return json(200, detail(ctx, p));
}

// ---- inbound filters ---------------------------------------------------------------------

const FILTERS: { id: string; name: string; description: string; dflt: string }[] = [
  { id: 'browser-extensions', name: 'Filter out errors known to be caused by browser extensions', description: 'Certain browser extensions will inject inline scripts and are known to cause errors.', dflt: '0' },
  { id: 'filtered-transaction', name: 'Filter out health check transactions', description: 'Filter transactions that match most common naming patterns for health checks.', dflt: '1' },
  { id: 'legacy-browsers', name: 'Filter out known errors from legacy browsers', description: 'Older browsers often give less accurate information.', dflt: '0' },
  { id: 'localhost', name: 'Filter out events coming from localhost', description: 'This applies to both IPv4 (``127.0.0.1``) and IPv6 (``::1``) addresses.', dflt: '0' },
  // off for option-epoch >= 6 (every project created since 2018)
  { id: 'web-crawlers', name: 'Filter out known web crawlers', description: 'Some crawlers may execute pages in incompatible ways which then cause errors.', dflt: '0' },
];

export const LEGACY_SUBFILTERS = [
  'ie', 'edge', 'safari', 'firefox', 'chrome', 'opera', 'android', 'opera_mini',
  'ie_pre_9', 'ie9', 'ie10', 'ie11', 'opera_pre_15', 'android_pre_4', 'safari_pre_6', 'opera_mini_pre_8', 'edge_pre_79',
];

function filterActive(p: SimProject, id: string, dflt: string): boolean | string[] {
  const v = p.options.get(`filters:${id}`) ?? dflt;
  if (Array.isArray(v)) return [...(v as string[])];
  return v === '1' || v === true;
}

export function listFilters(ctx: Ctx): Reply {
  requireScope(ctx, READ);
  const p = findProject(ctx);
  return json(200, FILTERS.map((f) => ({ id: f.id, active: filterActive(p, f.id, f.dflt), description: f.description, name: f.name, hello: `${f.id} - ${f.name}` })));
}

/** PUT projects/{org}/{p}/filters/{id}/ (projects.md §3.2): `{}` switches a boolean filter off. */
export function updateFilter(ctx: Ctx): Reply {
  requireScope(ctx, WRITE);
  const p = findProject(ctx);
  const f = FILTERS.find((x) => x.id === ctx.params.filter_id);
  if (!f) throw notFound();
  const body = bodyObject(ctx);
  const active = 'active' in body ? drfBool(body.active) : undefined;
  if ('active' in body && active === undefined) throw new HttpError(400, { active: [NOT_BOOLEAN] });
  let value: string | string[];
  if (f.id === 'legacy-browsers') {
    if ('subfilters' in body) {
      const s = body.subfilters;
      // Sentry's MultipleChoiceField (src/sentry/api/fields): its own messages
      if (!Array.isArray(s)) throw new HttpError(400, { subfilters: ['Please provide a valid list.'] });
      const bad = s.find((x) => typeof x !== 'string' || !LEGACY_SUBFILTERS.includes(x));
      if (bad !== undefined) throw new HttpError(400, { subfilters: ['The item you entered is not in the allowed items list.'] });
    }
    if (active !== undefined) value = active ? '1' : '0';
    else if (Array.isArray(body.subfilters) && body.subfilters.length > 0) value = [...new Set(body.subfilters as string[])].sort();
    else value = '0';
  } else {
    value = active ? '1' : '0';
  }
  p.options.set(`filters:${f.id}`, value);
  const on = value !== '0';
  audit(ctx, {
    event: on ? 'project.enable' : 'project.disable',
    targetObject: Number(p.id),
    data: { state: Array.isArray(value) ? value : on, slug: p.slug, filter: f.id },
    note: `${on ? 'enabled' : 'disabled'} inbound filter ${f.id} for project ${p.slug}`,
  });
  // The current schema documents 204; older servers answer 201. Both have an empty body.
  return { status: 204 };
}

// ---- project teams -----------------------------------------------------------------------

function findTeam(ctx: Ctx) {
  const key = ctx.params.team ?? '';
  const t = ctx.state.teams.get(key) ?? [...ctx.state.teams.values()].find((x) => x.id === key);
  if (!t) throw new HttpError(404, { detail: 'Team does not exist.' });
  return t;
}

export function addProjectTeam(ctx: Ctx): Reply {
  requireScope(ctx, WRITE);
  const p = findProject(ctx);
  const t = findTeam(ctx);
  if (!p.teamSlugs.includes(t.slug)) {
    p.teamSlugs.push(t.slug);
    audit(ctx, { event: 'project-team.add', targetObject: Number(p.id), data: { team_slug: t.slug, project_slug: p.slug }, note: `added team ${t.slug} to project ${p.slug}` });
  }
  return json(201, serializeProjectWithTeams(ctx, p));
}

export function removeProjectTeam(ctx: Ctx): Reply {
  requireScope(ctx, WRITE);
  const p = findProject(ctx);
  const t = findTeam(ctx);
  // the caller needs project:write ON THE TEAM: global roles have it, others through team admin
  const global = ctx.member ? roleRank(ctx.member.orgRole) >= roleRank('manager') : false;
  const teamAdmin = ctx.member?.teamRoles.get(t.slug) === 'admin' || (ctx.member?.orgRole === 'admin' && ctx.member.teamRoles.has(t.slug));
  if (!global && !teamAdmin) throw new HttpError(403, { detail: ['You do not have permission to perform this action.'] });
  const i = p.teamSlugs.indexOf(t.slug);
  if (i >= 0) {
    p.teamSlugs.splice(i, 1);
    audit(ctx, { event: 'project-team.remove', targetObject: Number(p.id), data: { team_slug: t.slug, project_slug: p.slug }, note: `removed team ${t.slug} from project ${p.slug}` });
  }
  return json(200, serializeProjectWithTeams(ctx, p));
}
