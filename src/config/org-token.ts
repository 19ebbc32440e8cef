// Organization auth tokens: `sntrys_<base64 JSON>_<secret>`, the JSON holding iat, url,
// region_url and org. They carry only the org:ci scope, so they can neither read nor change
// security settings: the tool refuses them up front with a message saying what to use instead.

import { UserError } from '../errors.js';
import { hostGroup } from '../sentry/hosts.js';
import { tokenSettingsUrl } from '../sentry/errors.js';

export interface OrgTokenPayload {
  url?: string;
  regionUrl?: string;
  org?: string;
}

export const isOrgAuthToken = (token: string): boolean => token.startsWith('sntrys_');

export function decodeOrgToken(token: string): OrgTokenPayload | null {
  if (!isOrgAuthToken(token)) return null;
  const rest = token.slice('sntrys_'.length);
  const cut = rest.lastIndexOf('_');
  if (cut <= 0) return {};
  try {
    const json: unknown = JSON.parse(Buffer.from(rest.slice(0, cut), 'base64').toString('utf8'));
    if (!json || typeof json !== 'object') return {};
    const o = json as Record<string, unknown>;
    const out: OrgTokenPayload = {};
    if (typeof o.url === 'string') out.url = o.url;
    if (typeof o.region_url === 'string') out.regionUrl = o.region_url;
    if (typeof o.org === 'string') out.org = o.org;
    return out;
  } catch {
    return {};
  }
}

/** Conflicts between an org token's payload and the configured url/org, as warnings. */
export function orgTokenConflicts(payload: OrgTokenPayload, url: string, org: string | undefined): string[] {
  const out: string[] = [];
  try {
    if (payload.url && hostGroup(payload.url) !== hostGroup(url)) {
      out.push(`the organization token was issued by ${payload.url}, but the configured URL is ${url}`);
    }
  } catch {
    /* an unparsable payload URL is just not compared */
  }
  if (payload.org && org && payload.org !== org) {
    out.push(`the organization token belongs to "${payload.org}", but the configured organization is "${org}"`);
  }
  return out;
}

export function orgTokenError(token: string, url: string, org: string | undefined, source: string): UserError {
  const payload = decodeOrgToken(token) ?? {};
  const which = payload.org ? ` for "${payload.org}"` : '';
  const conflicts = orgTokenConflicts(payload, url, org);
  const owner = payload.org ?? org ?? 'the organization';
  return new UserError(
    `The token from ${source} is an organization auth token (sntrys_)${which}: it carries only the org:ci scope and cannot read or change security settings. ` +
      `Create a user auth token (sntryu_) as an owner of ${owner} at ${tokenSettingsUrl(payload.url ?? url)}` +
      (conflicts.length ? `. Also: ${conflicts.join('; ')}` : ''),
  );
}
