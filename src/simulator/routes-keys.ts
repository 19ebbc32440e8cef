// Client keys (DSNs) and their stats (projects.md §4).

import { randomBytes } from 'node:crypto';
import { audit } from './audit.js';
import type { Ctx, Reply } from './http.js';
import { HttpError, NOT_BOOLEAN, bodyObject, drfBool, json, notFound, paged, requireScope } from './http.js';
import { findProject } from './routes-projects.js';
import { serializeKey } from './serialize.js';
import type { SimKey, SimProject } from './state.js';
import { DEFAULT_BROWSER_SDK_VERSION, addKey } from './state.js';

const READ = ['project:read', 'project:write', 'project:admin'];
const WRITE = ['project:write', 'project:admin'];
const SDK_VERSIONS = ['latest', '9.x', '8.x', '7.x'];
const LOADER_OPTIONS = ['hasReplay', 'hasPerformance', 'hasDebug', 'hasFeedback', 'hasLogsAndMetrics'];

/** Keys of another use case than `user` are Sentry-internal: invisible to non-superusers. */
function userKey(k: SimKey): boolean {
  return (k.useCase ?? 'user') === 'user';
}

function findKey(ctx: Ctx, p: SimProject): SimKey {
  const k = ctx.state.keys.get(ctx.params.key_id ?? '');
  if (!k || k.projectSlug !== p.slug || !userKey(k)) throw notFound();
  return k;
}

function keyAuditData(k: SimKey, extra: Record<string, unknown> = {}): Record<string, unknown> {
  // like ProjectKey.get_audit_log_data: includes the secret key (the tool must redact it)
  return {
    label: k.name,
    public_key: k.id,
    secret_key: k.secret,
    roles: ['store', 'api'],
    status: k.isActive ? 0 : 1,
    rate_limit_count: k.rateLimit?.count ?? null,
    rate_limit_window: k.rateLimit?.window ?? null,
    ...extra,
  };
}

export function listKeys(ctx: Ctx): Reply {
  requireScope(ctx, READ);
  const p = findProject(ctx);
  const status = ctx.url.searchParams.get('status');
  let keys = (ctx.state.keysByProject.get(p.slug) ?? []).filter(userKey).sort((a, b) => b.seq - a.seq);
  if (status === 'active') keys = keys.filter((k) => k.isActive);
  else if (status === 'inactive') keys = keys.filter((k) => !k.isActive);
  else if (status) keys = [];
  // the client-key list pages 10 at a time by default (project_keys.py default_per_page=10)
  return paged(ctx, keys, (k) => serializeKey(ctx, k), 10);
}

export function getKey(ctx: Ctx): Reply {
  requireScope(ctx, READ);
  const p = findProject(ctx);
  return json(200, serializeKey(ctx, findKey(ctx, p)));
}

/**
 * rateLimit input: null or a null member clears; {} or omitted leaves it; both set it. Sending
 * only one of count/window makes the real server read a missing key (UNCONFIRMED): we answer
 * 500 like an unhandled KeyError, the reading that forces a client to always send both.
 */
function parseRateLimit(v: unknown): { window: number; count: number } | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, { rateLimit: ['Invalid data. Expected a dictionary.'] });
  const r = v as Record<string, unknown>;
  if (!('count' in r) && !('window' in r)) return undefined;
  if (r.count === null || r.window === null) return null;
  if (!('count' in r) || !('window' in r)) throw new HttpError(500, { detail: 'Internal Error', errorId: randomBytes(16).toString('hex') });
  const count = Number(r.count);
  const window = Number(r.window);
  if (!Number.isInteger(count) || count < 0) throw new HttpError(400, { rateLimit: { count: ['Ensure this value is greater than or equal to 0.'] } });
  if (!Number.isInteger(window) || window < 0 || window > 86400) throw new HttpError(400, { rateLimit: { window: ['Ensure this value is less than or equal to 86400.'] } });
  return { window, count };
}

export function createKey(ctx: Ctx): Reply {
  requireScope(ctx, WRITE);
  const p = findProject(ctx);
  const body = bodyObject(ctx);
  if ('name' in body && body.name !== null && (typeof body.name !== 'string' || body.name.length > 64)) {
    throw new HttpError(400, { name: ['Ensure this field has no more than 64 characters.'] });
  }
  for (const f of ['public', 'secret'] as const) {
    if (f in body && (typeof body[f] !== 'string' || !/^[a-f0-9]{32}$/.test(body[f] as string))) {
      throw new HttpError(400, { [f]: ['This value does not match the required pattern.'] });
    }
  }
  const rl = parseRateLimit(body.rateLimit);
  const pub = typeof body.public === 'string' ? body.public : randomBytes(16).toString('hex');
  if (ctx.state.keys.has(pub)) throw new HttpError(400, { public: ['A key with this public key already exists.'] });
  const key: SimKey = {
    id: pub,
    secret: typeof body.secret === 'string' ? body.secret : randomBytes(16).toString('hex'),
    seq: ctx.state.counters.nextKeySeq++,
    projectSlug: p.slug,
    name: typeof body.name === 'string' && body.name !== '' ? body.name : 'Default',
    isActive: true,
    // stored only with the rate-limits feature and both values non-zero; otherwise dropped silently
    rateLimit: rl && p.features.includes('rate-limits') && rl.count > 0 && rl.window > 0 ? rl : null,
    browserSdkVersion: DEFAULT_BROWSER_SDK_VERSION,
    dateCreated: ctx.now().toISOString(),
    dynamicSdkLoaderOptions: { hasReplay: true, hasPerformance: true, hasDebug: false, hasFeedback: false, hasLogsAndMetrics: false },
  };
  addKey(ctx.state, key);
  audit(ctx, { event: 'projectkey.create', targetObject: key.seq, data: keyAuditData(key), note: `added project key ${key.id}` });
  return json(201, serializeKey(ctx, key));
}

export function updateKey(ctx: Ctx): Reply {
  requireScope(ctx, WRITE);
  const p = findProject(ctx);
  const k = findKey(ctx, p);
  const body = bodyObject(ctx);
  if ('browserSdkVersion' in body && (typeof body.browserSdkVersion !== 'string' || !SDK_VERSIONS.includes(body.browserSdkVersion))) {
    throw new HttpError(400, { browserSdkVersion: [`"${String(body.browserSdkVersion)}" is not a valid choice.`] });
  }
  const isActive = 'isActive' in body ? drfBool(body.isActive) : undefined;
  if ('isActive' in body && isActive === undefined) throw new HttpError(400, { isActive: [NOT_BOOLEAN] });
  // DynamicSdkLoaderOptionSerializer: known options are booleans, unknown ones are ignored
  const loader = body.dynamicSdkLoaderOptions;
  if (loader !== undefined && loader !== null && typeof loader === 'object' && !Array.isArray(loader)) {
    for (const [name, v] of Object.entries(loader as Record<string, unknown>)) {
      if (LOADER_OPTIONS.includes(name) && drfBool(v) === undefined) throw new HttpError(400, { dynamicSdkLoaderOptions: { [name]: [NOT_BOOLEAN] } });
    }
  }
  if ('name' in body && body.name !== null && (typeof body.name !== 'string' || body.name.length > 64)) {
    throw new HttpError(400, { name: ['Ensure this field has no more than 64 characters.'] });
  }
  const rl = parseRateLimit(body.rateLimit);
  const before = { rateLimit: k.rateLimit ? { ...k.rateLimit } : null };
  if (typeof body.name === 'string' && body.name !== '') k.name = body.name;
  if (isActive !== undefined) k.isActive = isActive;
  // ignored silently (200) without the project feature `rate-limits`
  if (rl !== undefined && p.features.includes('rate-limits')) k.rateLimit = rl;
  // Side effect of project_key_details.py: a PUT without browserSdkVersion resets it to the
  // project default. The simulator's project default is 'latest' (the loader default).
  k.browserSdkVersion = typeof body.browserSdkVersion === 'string' ? body.browserSdkVersion : DEFAULT_BROWSER_SDK_VERSION;
  if (body.dynamicSdkLoaderOptions && typeof body.dynamicSdkLoaderOptions === 'object') {
    for (const [name, v] of Object.entries(body.dynamicSdkLoaderOptions as Record<string, unknown>)) {
      const b = drfBool(v);
      if (LOADER_OPTIONS.includes(name) && b !== undefined) k.dynamicSdkLoaderOptions[name] = b;
    }
  }
  const extra: Record<string, unknown> = {};
  if (JSON.stringify(before.rateLimit) !== JSON.stringify(k.rateLimit)) {
    extra.prev_rate_limit_count = before.rateLimit?.count ?? null;
    extra.prev_rate_limit_window = before.rateLimit?.window ?? null;
  }
  audit(ctx, { event: 'projectkey.edit', targetObject: k.seq, data: keyAuditData(k, extra), note: `edited project key ${k.id}` });
  return json(200, serializeKey(ctx, k));
}

export function deleteKey(ctx: Ctx): Reply {
  requireScope(ctx, ['project:admin']);
  const p = findProject(ctx);
  const k = findKey(ctx, p);
  ctx.state.keys.delete(k.id);
  const list = ctx.state.keysByProject.get(p.slug) ?? [];
  const i = list.indexOf(k);
  if (i >= 0) list.splice(i, 1);
  audit(ctx, { event: 'projectkey.remove', targetObject: k.seq, data: keyAuditData(k), note: `removed project key ${k.id}` });
  return { status: 204 };
}

function hash32(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i += 1) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/**
 * GET projects/{org}/{p}/keys/{key}/stats/ (project_key_stats.py): a list of
 * `{ts, total, dropped, filtered, accepted}` per bucket. Numbers are deterministic per key and
 * bucket so tests can rely on them.
 */
export function keyStats(ctx: Ctx): Reply {
  requireScope(ctx, READ);
  const p = findProject(ctx);
  const k = findKey(ctx, p);
  const q = ctx.url.searchParams;
  const res = q.get('resolution') ?? '1d';
  const m = /^(\d+)([smhd])$/.exec(res);
  const now = Math.floor(ctx.now().getTime() / 1000);
  const since = q.get('since') === null ? now - 86400 : Number(q.get('since'));
  const until = q.get('until') === null ? now : Number(q.get('until'));
  if (!m || !Number.isFinite(since) || !Number.isFinite(until) || since > until) return json(400, { detail: 'Invalid request data' });
  const step = Number(m[1]) * ({ s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd']);
  if (step <= 0) return json(400, { detail: 'Invalid request data' });
  const first = Math.floor(since / step) * step;
  if ((until - first) / step > 20_000) return json(400, { detail: 'Invalid request data' });
  const base = hash32(k.id) % 500;
  const out: Record<string, number>[] = [];
  for (let ts = first; ts <= until; ts += step) {
    const h = hash32(`${k.id}:${ts}`);
    const perBucket = Math.round(((base + (h % 200)) * step) / 3600);
    const total = k.isActive ? perBucket : 0;
    const dropped = total > 0 ? (h >>> 8) % Math.max(1, Math.floor(total / 20)) : 0;
    const filtered = total > 0 ? (h >>> 16) % Math.max(1, Math.floor(total / 10)) : 0;
    out.push({ ts, total, dropped, filtered, accepted: total - dropped - filtered });
  }
  return json(200, out);
}
