// The HTTP side: routing, token auth and scopes, rate limits, faults, latency, stats, and the
// optional control/region port split.

import { listProjectEvents } from './events.js';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultKind, RunningSimulator, SimStats, SimulatorOptions, TokenRole } from './index.js';
import { listAuditLogs } from './audit.js';
import { waitUntil } from './deadline.js';
import type { Ctx, Reply } from './http.js';
import { HttpError, NOT_FOUND } from './http.js';
import { roleScopes } from './roles.js';
import { deleteMember, getMember, inviteMember, listMembers, updateMember } from './routes-members.js';
import { addMemberTeam, getMemberTeam, listTeamMembers, removeMemberTeam, updateMemberTeam } from './routes-member-teams.js';
import { createKey, deleteKey, getKey, keyStats, listKeys, updateKey } from './routes-keys.js';
import * as integrations from './routes-integrations.js';
import * as org from './routes-org.js';
import * as projects from './routes-projects.js';
import { buildDemoState } from './seed-demo.js';
import { buildLargeState } from './seed-large.js';
import { buildScenarioState } from './seed-scenarios.js';
import type { SimState } from './state.js';
import { memberOfUser } from './state.js';
import { addOrgToken } from './seed-util.js';

type Handler = (ctx: Ctx) => Reply;

interface Route {
  method: string;
  template: string;
  re: RegExp;
  names: string[];
  handler: Handler;
  /** control-silo endpoints answer only on the control port when the region is split */
  control?: boolean;
}

function route(method: string, template: string, handler: Handler, control = false): Route {
  const names: string[] = [];
  const re = new RegExp(
    '^' + template.replace(/\{(\w+)\}/g, (_m, n: string) => {
      names.push(n);
      return '([^/]+)';
    }) + '$',
  );
  return { method, template, re, names, handler, control };
}

const O = '/api/0/organizations/{org}';
const P = '/api/0/projects/{org}/{project}';

const ROUTES: Route[] = [
  route('GET', '/api/0/', org.index, true),
  route('GET', '/api/0/organizations/', org.listOrganizations, true),
  route('GET', `${O}/`, org.getOrganization),
  route('PUT', `${O}/`, org.updateOrganization),
  route('DELETE', `${O}/`, org.deleteOrganization),
  route('GET', '/api/0/users/{user_id}/', org.userDetails, true),
  route('GET', `${O}/auth-provider/`, org.getAuthProvider),
  route('GET', `${O}/auth-providers/`, org.listAuthProviders),
  route('GET', `${O}/members/`, listMembers),
  route('POST', `${O}/members/`, inviteMember),
  route('GET', `${O}/members/{member_id}/`, getMember),
  route('PUT', `${O}/members/{member_id}/`, updateMember),
  route('DELETE', `${O}/members/{member_id}/`, deleteMember),
  route('GET', `${O}/members/{member_id}/teams/{team}/`, getMemberTeam),
  route('POST', `${O}/members/{member_id}/teams/{team}/`, addMemberTeam),
  route('PUT', `${O}/members/{member_id}/teams/{team}/`, updateMemberTeam),
  route('DELETE', `${O}/members/{member_id}/teams/{team}/`, removeMemberTeam),
  route('GET', `${O}/teams/`, org.listTeams),
  route('GET', '/api/0/teams/{org}/{team}/members/', listTeamMembers),
  route('GET', `${O}/projects/`, projects.listOrgProjects),
  route('GET', `${O}/audit-logs/`, listAuditLogs, true),
  route('GET', `${O}/org-auth-tokens/`, integrations.listOrgAuthTokens, true),
  route('GET', `${O}/org-auth-tokens/{token_id}/`, integrations.getOrgAuthToken, true),
  route('DELETE', `${O}/org-auth-tokens/{token_id}/`, integrations.deleteOrgAuthToken, true),
  route('GET', `${O}/sentry-apps/`, integrations.listOrgSentryApps, true),
  route('GET', `${O}/sentry-app-installations/`, integrations.listSentryAppInstallations, true),
  route('GET', '/api/0/sentry-apps/{app}/', integrations.getSentryApp, true),
  route('GET', `${O}/relay_usage/`, integrations.listRelayUsage),
  route('GET', `${O}/spike-protections/`, org.spikeProtection),
  route('POST', `${O}/spike-protections/`, org.spikeProtection),
  route('DELETE', `${O}/spike-protections/`, org.spikeProtection),
  route('GET', `${P}/`, projects.getProject),
  route('PUT', `${P}/`, projects.updateProject),
  route('GET', `${P}/events/`, listProjectEvents),
  route('GET', `${P}/keys/`, listKeys),
  route('POST', `${P}/keys/`, createKey),
  route('GET', `${P}/keys/{key_id}/`, getKey),
  route('PUT', `${P}/keys/{key_id}/`, updateKey),
  route('DELETE', `${P}/keys/{key_id}/`, deleteKey),
  route('GET', `${P}/keys/{key_id}/stats/`, keyStats),
  route('GET', `${P}/filters/`, projects.listFilters),
  route('PUT', `${P}/filters/{filter_id}/`, projects.updateFilter),
  route('POST', `${P}/teams/{team}/`, projects.addProjectTeam),
  route('DELETE', `${P}/teams/{team}/`, projects.removeProjectTeam),
];

interface Fault {
  method?: string;
  path?: RegExp;
  kind: FaultKind;
  times: number;
}

interface Limiter {
  perSecond: number;
  concurrent: number;
  windowStart: number;
  count: number;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Faults that replace the answer of a request the server handled (a write is applied): a socket
 * closed before the answer, a proxy's HTML page, a body cut off, an empty body, JSON of the
 * wrong shape. Returns false for kinds handled elsewhere.
 */
function answerFault(res: http.ServerResponse, kind: string, reply: Reply): boolean {
  const raw = (status: number, type: string, body: string): void => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(body);
  };
  switch (kind) {
    case 'drop-after':
      res.socket?.destroy();
      return true;
    case 'html':
      raw(200, 'text/html; charset=utf-8', '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Please sign in</body></html>');
      return true;
    case 'truncated': {
      const text = JSON.stringify(reply.body ?? {});
      raw(200, 'application/json', text.slice(0, Math.max(1, Math.floor(text.length / 2))));
      return true;
    }
    case 'empty':
      raw(200, 'application/json', '');
      return true;
    case 'wrong-shape':
      raw(200, 'application/json', JSON.stringify([{ unexpected: true }]));
      return true;
    default:
      return false;
  }
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function buildState(opts: SimulatorOptions): SimState {
  if (opts.seed === 'large') {
    return buildLargeState({ projects: opts.projects ?? 1000, members: opts.members ?? 5000, keysPerProject: opts.keysPerProject ?? 2 });
  }
  if (opts.seed === 'demo-sso-optional' || opts.seed === 'demo-swept-long-ago') return buildScenarioState(opts.seed);
  return buildDemoState();
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const state = buildState(opts);
  const tokenByRole = (role: TokenRole): string => {
    for (const [tok, t] of state.tokens) if (t.role === role) return tok;
    throw new Error(`seed has no ${role} token`);
  };
  let latency = opts.latencyMs ?? 0;
  let limiter: Limiter | null = opts.rateLimit ? { ...opts.rateLimit, windowStart: 0, count: 0 } : null;
  let inFlight = 0;
  let faults: Fault[] = [];
  let dropAfter: number | null = null;
  let writes = 0;
  const hanging = new Set<http.ServerResponse>();
  const selfHosted = opts.selfHosted ?? false;

  const stats: SimStats = {
    total: 0,
    rateLimited: 0,
    byRoute: new Map(),
    byPort: new Map(),
    byUrl: new Map(),
    reset() {
      this.total = 0;
      this.rateLimited = 0;
      this.byRoute.clear();
      this.byPort.clear();
      this.byUrl.clear();
    },
  };

  let controlUrl = '';
  let regionBase = '';
  const advertisedRegion = (): string => opts.regionUrlOverride ?? regionBase;

  interface Encoded {
    status: number;
    headers: Record<string, string>;
    payload: string;
  }

  function encode(reply: Reply, extra: Record<string, string>): Encoded {
    const headers: Record<string, string> = { ...extra, ...(reply.headers ?? {}) };
    let payload = '';
    if (reply.body !== undefined) {
      payload = JSON.stringify(reply.body);
      headers['Content-Type'] = 'application/json';
    }
    headers['Content-Length'] = String(Buffer.byteLength(payload));
    return { status: reply.status, headers, payload };
  }

  function write(res: http.ServerResponse, out: Encoded): void {
    res.writeHead(out.status, out.headers);
    res.end(out.payload);
  }

  function send(res: http.ServerResponse, reply: Reply, extra: Record<string, string>): void {
    write(res, encode(reply, extra));
  }

  function rateHeaders(): Record<string, string> {
    if (!limiter || selfHosted) return {};
    return {
      'X-Sentry-Rate-Limit-Limit': String(limiter.perSecond),
      'X-Sentry-Rate-Limit-Remaining': String(Math.max(0, limiter.perSecond - limiter.count)),
      'X-Sentry-Rate-Limit-Reset': String(Math.floor(limiter.windowStart / 1000) + 1),
      'X-Sentry-Rate-Limit-ConcurrentLimit': String(limiter.concurrent),
      'X-Sentry-Rate-Limit-ConcurrentRemaining': String(Math.max(0, limiter.concurrent - inFlight)),
    };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, port: number, isRegionPort: boolean): Promise<void> {
    // The latency is the time from the request's arrival to its answer, the server's own work
    // included: the answer is computed and encoded first, then held back until then (deliver).
    const answerAt = performance.now() + latency;
    const method = (req.method ?? 'GET').toUpperCase();
    const base = isRegionPort ? regionBase : controlUrl;
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;

    if (dropAfter !== null && writes >= dropAfter) {
      req.socket.destroy();
      return;
    }

    let matched: Route | undefined;
    let params: Record<string, string> = {};
    for (const r of ROUTES) {
      if (r.method !== method) continue;
      const m = r.re.exec(path);
      if (!m) continue;
      matched = r;
      params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
      break;
    }
    const routeKey = `${method} ${matched ? matched.template : path}`;
    stats.total += 1;
    stats.byRoute.set(routeKey, (stats.byRoute.get(routeKey) ?? 0) + 1);
    stats.byPort.set(port, (stats.byPort.get(port) ?? 0) + 1);
    const urlKey = `${method} ${path}${url.search}`;
    stats.byUrl.set(urlKey, (stats.byUrl.get(urlKey) ?? 0) + 1);

    const full = path + url.search;
    const fault = faults.find((f) => f.times > 0 && (!f.method || f.method.toUpperCase() === method) && (!f.path || f.path.test(path) || f.path.test(full)));
    if (fault) {
      fault.times -= 1;
      faults = faults.filter((f) => f.times > 0);
      if (fault.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
    }

    inFlight += 1;
    try {
      const bodyText = await readBody(req);
      const hold = async (): Promise<void> => {
        if (performance.now() < answerAt) await waitUntil(answerAt);
      };
      // encoded before the wait, so the encoding counts inside the latency
      const deliver = async (reply: Reply, extra: Record<string, string>): Promise<void> => {
        const out = encode(reply, extra);
        await hold();
        write(res, out);
      };
      const now = Date.now();
      // rate limits are decided when the request arrives, before the endpoint runs
      // (RatelimitMiddleware.process_view, src/sentry/middleware/ratelimit.py)
      if (limiter && !selfHosted) {
        if (now - limiter.windowStart >= 1000) {
          limiter.windowStart = now - (now % 1000);
          limiter.count = 0;
        }
        limiter.count += 1;
        if (limiter.count > limiter.perSecond || inFlight > limiter.concurrent) {
          stats.rateLimited += 1;
          await deliver({ status: 429, body: `You are attempting to use this endpoint too frequently. Limit is ${limiter.perSecond} requests in 1 seconds` }, rateHeaders());
          return;
        }
      }
      const rh = rateHeaders();
      if (fault && typeof fault.kind === 'number') {
        const k = fault.kind;
        const body = k === 429
          ? `You are attempting to use this endpoint too frequently. Limit is ${limiter?.perSecond ?? 40} requests in 1 seconds`
          : k === 401
            ? { detail: 'Invalid token' }
            : k === 500 ? { detail: 'Internal Error', errorId: randomBytes(16).toString('hex') } : { detail: k === 502 ? 'Bad Gateway' : 'Service Unavailable' };
        await deliver({ status: k, body }, rh);
        return;
      }
      if (!matched) {
        // a known path with another method answers 405, anything else 404
        const other = ROUTES.some((r) => r.re.test(path));
        await deliver(other ? { status: 405, body: { detail: `Method "${method}" not allowed.` } } : { status: 404, body: NOT_FOUND }, rh);
        return;
      }
      if (isRegionPort && opts.splitRegion && matched.control) {
        await deliver({ status: 404, body: NOT_FOUND }, rh);
        return;
      }
      const authz = req.headers.authorization ?? '';
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      const token = m ? state.tokens.get(m[1] ?? '') : undefined;
      if (!token && matched.handler === org.index && !m) {
        // introspection answers anonymous callers too: no scopes, no user
        await deliver({ status: 200, body: { version: '0', auth: null, user: null } }, rh);
        return;
      }
      if (!token) {
        await deliver({ status: 401, body: { detail: m ? 'Invalid token' : 'Authentication credentials were not provided.' } }, rh);
        return;
      }
      if (params.org !== undefined && params.org !== state.org.slug && params.org !== state.org.id) {
        await deliver({ status: 404, body: NOT_FOUND }, rh);
        return;
      }
      if (token.kind === 'org' && params.org !== undefined) {
        // OrganizationPermission.has_permission (src/sentry/api/bases/organization.py) records
        // every org-scoped use of an org auth token (update_org_auth_token_last_used)
        for (const rec of state.orgAuthTokens.values()) if (rec.token === m?.[1]) rec.dateLastUsed = new Date().toISOString();
      }
      const user = token.userId ? state.users.get(token.userId) ?? null : null;
      const member = user ? memberOfUser(state, user.id) ?? null : null;
      const tokenScopes = new Set(token.scopes);
      let scopes: Set<string>;
      if (token.kind === 'org') scopes = tokenScopes;
      else if (!member || !user?.isActive) scopes = new Set();
      else {
        const rs = roleScopes(member.orgRole, state.org);
        scopes = new Set([...tokenScopes].filter((s) => rs.has(s)));
      }
      let body: unknown;
      if (bodyText.trim() !== '') {
        try {
          body = JSON.parse(bodyText);
        } catch {
          await deliver({ status: 400, body: { detail: 'JSON parse error - Expecting value: line 1 column 1 (char 0)' } }, rh);
          return;
        }
      }
      const ctx: Ctx = {
        state,
        method,
        url,
        base,
        params,
        body,
        token,
        user,
        member,
        scopes,
        regionUrl: advertisedRegion(),
        controlUrl,
        selfHosted,
        ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
        now: () => new Date(),
      };
      let reply: Reply;
      try {
        reply = matched.handler(ctx);
      } catch (e) {
        if (e instanceof HttpError) reply = { status: e.status, body: e.body, ...(e.headers ? { headers: e.headers } : {}) };
        else reply = { status: 500, body: { detail: 'Internal Error', errorId: randomBytes(16).toString('hex') } };
      }
      if (method !== 'GET' && reply.status < 400) writes += 1;
      if (fault && typeof fault.kind === 'string') {
        await hold();
        if (answerFault(res, fault.kind, reply)) return;
      }
      await deliver(reply, rh);
    } finally {
      inFlight -= 1;
    }
  }

  const makeServer = (isRegion: boolean, portRef: () => number): http.Server =>
    http.createServer((req, res) => {
      handle(req, res, portRef(), isRegion).catch(() => {
        if (!res.headersSent) send(res, { status: 500, body: { detail: 'Internal Error' } }, {});
      });
    });

  let controlPort = 0;
  let regionPort = 0;
  const control = makeServer(false, () => controlPort);
  controlPort = await listen(control, opts.port ?? 0);
  controlUrl = `http://127.0.0.1:${controlPort}`;
  let region: http.Server | null = null;
  if (opts.splitRegion) {
    region = makeServer(true, () => regionPort);
    regionPort = await listen(region, 0);
    regionBase = `http://127.0.0.1:${regionPort}`;
  } else {
    regionBase = controlUrl;
  }
  addOrgToken(state, controlUrl, advertisedRegion());

  const closeServer = (s: http.Server): Promise<void> =>
    new Promise((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });

  return {
    url: controlUrl,
    regionUrl: regionBase,
    org: state.org.slug,
    token: tokenByRole('owner'),
    tokens: {
      owner: tokenByRole('owner'),
      ownerNo2fa: tokenByRole('ownerNo2fa'),
      manager: tokenByRole('manager'),
      readonly: tokenByRole('readonly'),
      orgCi: tokenByRole('orgCi'),
    },
    state,
    stats,
    faults: {
      failNext(match, kind, times = 1) {
        faults.push({ ...(match.method ? { method: match.method } : {}), ...(match.path ? { path: match.path } : {}), kind, times });
      },
      dropAfterWrites(n) {
        dropAfter = n;
        writes = 0;
      },
      setLatency(ms) {
        latency = ms;
      },
      setRateLimit(rl) {
        limiter = rl ? { ...rl, windowStart: 0, count: 0 } : null;
      },
      /** drops pending failNext/dropAfterWrites faults and restores latency and rate limit to the start options */
      clear() {
        faults = [];
        dropAfter = null;
        writes = 0;
        latency = opts.latencyMs ?? 0;
        limiter = opts.rateLimit ? { ...opts.rateLimit, windowStart: 0, count: 0 } : null;
      },
    },
    async close() {
      for (const res of hanging) res.socket?.destroy();
      hanging.clear();
      await Promise.all([closeServer(control), ...(region ? [closeServer(region)] : [])]);
    },
  };
}
