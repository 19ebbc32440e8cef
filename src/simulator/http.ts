// Request context, responses and pagination written the way Sentry writes them.

import type { SimMember, SimState, SimToken, SimUser } from './state.js';

export interface Reply {
  status: number;
  /** undefined = empty body */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Ctx {
  state: SimState;
  method: string;
  url: URL;
  /** the base URL of the port that received the request */
  base: string;
  params: Record<string, string>;
  body: unknown;
  token: SimToken;
  user: SimUser | null;
  member: SimMember | null;
  scopes: Set<string>;
  /** links.regionUrl as the org advertises it */
  regionUrl: string;
  controlUrl: string;
  selfHosted: boolean;
  /** benchmark knob (SimulatorOptions.pageSize): list pages hold at most this many items */
  pageSize?: number;
  now: () => Date;
}

export class HttpError extends Error {
  constructor(readonly status: number, readonly body: unknown, readonly headers?: Record<string, string>) {
    super(`HTTP ${status}`);
  }
}

export const NOT_FOUND = { detail: 'The requested resource does not exist' };
export const NO_PERMISSION = { detail: 'You do not have permission to perform this action.' };

export function notFound(): HttpError {
  return new HttpError(404, NOT_FOUND);
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, ...(headers ? { headers } : {}) };
}

/** 403 for a token whose scopes do not include any of `anyOf` (organization.md §1.1). */
export function requireScope(ctx: Ctx, anyOf: readonly string[]): void {
  if (anyOf.some((s) => ctx.scopes.has(s))) return;
  const scope = [...anyOf].sort().join(' ');
  throw new HttpError(403, NO_PERMISSION, {
    'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${scope}"`,
  });
}

export function bodyObject(ctx: Ctx): Record<string, unknown> {
  const b = ctx.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) {
    throw new HttpError(400, { non_field_errors: ['Invalid data. Expected a dictionary, but got ' + (Array.isArray(b) ? 'list' : typeof b) + '.'] });
  }
  return b as Record<string, unknown>;
}

/** per_page parsing of src/sentry/utils/pagination_factory.py. */
export function perPage(ctx: Ctx, dflt: number): number {
  const raw = ctx.url.searchParams.get('per_page');
  if (raw === null || raw === '') return dflt;
  if (!/^\d+$/.test(raw)) throw new HttpError(400, { detail: 'Invalid per_page parameter.' });
  const n = Number(raw);
  if (n > 100) throw new HttpError(400, { detail: 'Invalid per_page value. Cannot exceed 100.' });
  return Math.max(1, n);
}

/**
 * Offset pagination with Sentry's Link header (CURSOR_LINK_HEADER, src/sentry/api/base.py):
 * cursor text `value:offset:is_prev`; `previous` is present even on the first page.
 */
export function paginate<T>(ctx: Ctx, items: readonly T[], dflt = 100): { page: T[]; headers: Record<string, string> } {
  const limit = Math.min(perPage(ctx, dflt), ctx.pageSize ?? Infinity);
  const cursorRaw = ctx.url.searchParams.get('cursor');
  let offset = 0;
  if (cursorRaw) {
    const parts = cursorRaw.split(':');
    const o = Number(parts[1]);
    if (parts.length !== 3 || !Number.isInteger(o) || o < 0) throw new HttpError(400, { detail: 'Invalid cursor parameter.' });
    offset = o;
  }
  const page = items.slice(offset, offset + limit);
  const hasNext = offset + limit < items.length;
  const prevCursor = `0:${Math.max(0, offset - limit)}:1`;
  const nextCursor = `0:${offset + limit}:0`;
  const q = new URLSearchParams(ctx.url.searchParams);
  q.delete('cursor');
  const qs = q.toString();
  const uri = `${ctx.base}${ctx.url.pathname}?${qs}`;
  const link =
    `<${uri}&cursor=${prevCursor}>; rel="previous"; results="${offset > 0 ? 'true' : 'false'}"; cursor="${prevCursor}", ` +
    `<${uri}&cursor=${nextCursor}>; rel="next"; results="${hasNext ? 'true' : 'false'}"; cursor="${nextCursor}"`;
  return { page, headers: { Link: link } };
}

export function paged<T>(ctx: Ctx, items: readonly T[], map: (item: T) => unknown, dflt = 100): Reply {
  const { page, headers } = paginate(ctx, items, dflt);
  return json(200, page.map(map), headers);
}

const DRF_TRUE = new Set<unknown>([true, 1, '1', 't', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const DRF_FALSE = new Set<unknown>([false, 0, '0', 'f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);

/**
 * DRF's BooleanField (rest_framework/fields.py TRUE_VALUES/FALSE_VALUES): `"true"`, `1`, `"on"`
 * and friends are accepted, anything else is `"Must be a valid boolean."`.
 */
export function drfBool(v: unknown): boolean | undefined {
  if (DRF_TRUE.has(v)) return true;
  if (DRF_FALSE.has(v)) return false;
  return undefined;
}

export const NOT_BOOLEAN = 'Must be a valid boolean.';
