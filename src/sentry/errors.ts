// Typed errors of the Sentry client. Every message is one actionable line; none ever carries
// the auth token (the client also scrubs server-provided text, see client.ts `scrub`).

export type SentryApiErrorKind =
  | 'unauthenticated'
  | 'permission'
  | 'not_found'
  | 'validation'
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'untrusted_host'
  | 'bad_response';

export interface SentryApiErrorInit {
  kind: SentryApiErrorKind;
  method: string;
  /** path below /api/0/, without host or query string */
  path: string;
  message: string;
  status?: number;
  fieldErrors?: Record<string, string[]>;
  missingScopes?: string[];
  /** the server's `detail` text, when it sent one */
  detail?: string;
  /** network/timeout: the low-level reason (ECONNREFUSED, "no answer within 30000 ms") */
  reason?: string;
}

export class SentryApiError extends Error {
  override readonly name = 'SentryApiError';
  readonly kind: SentryApiErrorKind;
  readonly status?: number;
  readonly method: string;
  readonly path: string;
  readonly fieldErrors?: Record<string, string[]>;
  readonly missingScopes?: string[];
  readonly detail?: string;
  readonly reason?: string;

  constructor(init: SentryApiErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.method = init.method;
    this.path = init.path;
    if (init.status !== undefined) this.status = init.status;
    if (init.fieldErrors !== undefined) this.fieldErrors = init.fieldErrors;
    if (init.missingScopes !== undefined) this.missingScopes = init.missingScopes;
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.reason !== undefined) this.reason = init.reason;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      status: this.status,
      method: this.method,
      path: this.path,
      message: this.message,
      fieldErrors: this.fieldErrors,
      missingScopes: this.missingScopes,
    };
  }
}

export const isSentryApiError = (e: unknown): e is SentryApiError => e instanceof SentryApiError;

/** What each token scope is needed for in this tool (used in error messages and by connect). */
export const SCOPE_PURPOSE: Readonly<Record<string, string>> = {
  'org:read': 'read organization settings, teams and projects',
  'org:write': 'read the audit log and change organization settings',
  'org:admin': 'change owner-only settings such as defaultRole',
  'member:read': 'list members and their 2FA status',
  'member:write': 'invite members',
  'member:admin': "change member roles and read members' authenticators",
  'project:read': 'read projects, client keys and inbound filters',
  'project:write': 'change project settings, client keys and inbound filters',
  'project:admin': 'delete client keys',
  'team:read': 'list teams',
};

export const tokenSettingsUrl = (baseUrl: string): string =>
  `${baseUrl.replace(/\/+$/, '')}/settings/account/api/auth-tokens/`;

/** `WWW-Authenticate: Bearer error="insufficient_scope", scope="a b"` → ['a', 'b'] */
export function parseMissingScopes(header: string | null): string[] | undefined {
  if (!header || !/insufficient_scope/.test(header)) return undefined;
  const m = /scope="([^"]*)"/.exec(header);
  if (!m || m[1] === undefined) return undefined;
  const scopes = m[1].split(/\s+/).filter(Boolean);
  return scopes.length > 0 ? scopes : undefined;
}

/** Sentry bodies: {"detail": "..."}, {"detail": {"message": ...}}, {"detail": [...]}, a JSON string (429), DRF field errors. */
export function extractDetail(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() || undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    if (Array.isArray(body) && body.every((x) => typeof x === 'string')) return body.join(' ');
    return undefined;
  }
  const detail = (body as Record<string, unknown>).detail;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) return detail.filter((x) => typeof x === 'string').join(' ') || undefined;
  if (detail && typeof detail === 'object') {
    const msg = (detail as Record<string, unknown>).message;
    if (typeof msg === 'string') return msg;
  }
  return undefined;
}

/** DRF validation bodies: {"field": ["msg"], "non_field_errors": [...]} (values may also be plain strings). */
export function extractFieldErrors(body: unknown): Record<string, string[]> | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === 'detail') continue;
    if (typeof v === 'string') out[k] = [v];
    else if (Array.isArray(v)) {
      const msgs = v.filter((x): x is string => typeof x === 'string');
      if (msgs.length) out[k] = msgs;
    }
  }
  return Object.keys(out).length ? out : undefined;
}

export interface HttpErrorContext {
  method: string;
  path: string;
  status: number;
  body: unknown;
  wwwAuthenticate: string | null;
  /** where the user creates tokens: the control/base URL */
  settingsBaseUrl: string;
  /** what the request was for, e.g. "read the audit log" */
  purpose?: string;
  /** rate limit reset, epoch seconds */
  resetAt?: number;
}

function oneLine(s: string, max = 300): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function errorFromHttp(ctx: HttpErrorContext): SentryApiError {
  const { method, path, status, body } = ctx;
  const detail = extractDetail(body);
  const base = { method, path, status, ...(detail !== undefined ? { detail: oneLine(detail) } : {}) };
  const what = `${method} ${path}`;
  const tokenUrl = tokenSettingsUrl(ctx.settingsBaseUrl);
  const forWhat = ctx.purpose ? ` (needed to ${ctx.purpose})` : '';

  if (status === 401) {
    return new SentryApiError({
      ...base,
      kind: 'unauthenticated',
      message:
        `Sentry rejected the auth token for ${what} (401${detail ? `: ${oneLine(detail)}` : ''}): ` +
        `it is invalid, expired or revoked. Create a user auth token at ${tokenUrl} and set SENTRY_AUTH_TOKEN`,
    });
  }
  if (status === 403) {
    const missingScopes = parseMissingScopes(ctx.wwwAuthenticate);
    if (missingScopes) {
      const list = missingScopes.join(' ');
      const needed = ctx.purpose
        ? forWhat
        : ` (needed to ${missingScopes.map((s) => SCOPE_PURPOSE[s] ?? s).join('; ')})`;
      return new SentryApiError({
        ...base,
        kind: 'permission',
        missingScopes,
        message:
          `Sentry refused ${what}: the token lacks scope ${list}${needed}. ` +
          `Create a user auth token with ${list} at ${tokenUrl}`,
      });
    }
    return new SentryApiError({
      ...base,
      kind: 'permission',
      message:
        `Sentry refused ${what} (403${detail ? `: ${oneLine(detail)}` : ''})${forWhat}. ` +
        `Your role or the token's scopes do not allow it: use a user auth token of an organization owner (${tokenUrl})`,
    });
  }
  if (status === 404) {
    return new SentryApiError({
      ...base,
      kind: 'not_found',
      message: `Sentry answered 404 for ${what}: ${detail ? oneLine(detail) : 'not found'}. Check the organization, project or id`,
    });
  }
  if (status === 429) {
    const when =
      ctx.resetAt !== undefined ? ` until ${new Date(ctx.resetAt * 1000).toISOString()}` : '';
    return new SentryApiError({
      ...base,
      kind: 'rate_limited',
      message: `Sentry rate-limited ${what}${when}${detail ? ` (${oneLine(detail)})` : ''}. Wait a moment and run again`,
    });
  }
  if (status >= 500) {
    return new SentryApiError({
      ...base,
      kind: 'server',
      message: `Sentry failed on ${what} (${status}${detail ? `: ${oneLine(detail)}` : ''}). Try again later; if it persists check the server's status`,
    });
  }
  if (status >= 400) {
    const fieldErrors = extractFieldErrors(body);
    const text = fieldErrors
      ? Object.entries(fieldErrors)
          .map(([k, v]) => `${k}: ${v.join(' ')}`)
          .join('; ')
      : detail ?? 'the request was invalid';
    return new SentryApiError({
      ...base,
      kind: 'validation',
      ...(fieldErrors ? { fieldErrors } : {}),
      message: `Sentry rejected ${what} (${status}): ${oneLine(text)}`,
    });
  }
  return new SentryApiError({
    ...base,
    kind: 'bad_response',
    message: `Sentry answered ${what} with unexpected status ${status}`,
  });
}
