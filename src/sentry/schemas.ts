// The response fields the tool uses and their validation: the one home of each field (types.ts
// derives every response type from these with z.output). Unknown fields are tolerated:
// single objects keep them (looseObject); the high-volume list items (users, members, teams,
// projects, keys) drop them, since thousands of unused fields would dominate memory on large
// orgs (benchmark: peak RSS at most 200 MB for 1,000 projects / 5,000 members). Fields that
// older servers may lack are optional. A response that fails → `bad_response`
// naming the endpoint and the field. Secrets are dropped on read (`redact*`), so no object
// the tool keeps in memory (and might serialize into a report or snapshot) holds them.

import { z } from 'zod';
import { isSecretKeyName, REDACTED } from '../secrets.js';
import { SentryApiError } from './errors.js';

const str = z.string();
const id = z.union([z.string(), z.number()]).transform(String);
const nullableStr = z.string().nullable().optional();

export const userSchema = z.object({
  id,
  email: z.string().optional().default(''),
  name: z.string().optional().default(''),
  username: z.string().optional(),
  isActive: z.boolean().optional().default(true),
  has2fa: z.boolean(),
  lastActive: nullableStr,
  lastLogin: nullableStr,
  authenticators: z
    .array(
      z.looseObject({
        id,
        type: str,
        name: z.string().optional().default(''),
        dateCreated: nullableStr,
        dateUsed: nullableStr,
      }),
    )
    .optional(),
});

/** GET /api/0/ as the tool keeps it: the token's scopes and its user (null when absent). */
export const whoamiSchema = z
  .looseObject({
    auth: z.looseObject({ scopes: z.array(str).nullable().optional() }).nullable().optional(),
    user: userSchema.nullable().optional(),
  })
  .transform((w) => ({ scopes: w.auth?.scopes ?? null, user: w.user ?? null }));

const linksSchema = z.looseObject({ organizationUrl: str, regionUrl: str });

export const orgSummarySchema = z.looseObject({
  id,
  slug: str,
  name: str,
  links: linksSchema.optional(),
  require2FA: z.boolean().optional(),
  hasAuthProvider: z.boolean().optional(),
});

export const orgDetailsSchema = z.looseObject({
  id,
  slug: str,
  name: str,
  links: linksSchema,
  features: z.array(str).optional(),
  require2FA: z.boolean(),
  hasAuthProvider: z.boolean(),
  defaultRole: str,
  openMembership: z.boolean(),
  allowJoinRequests: z.boolean(),
  allowMemberInvite: z.boolean(),
  allowMemberProjectCreation: z.boolean(),
  allowSharedIssues: z.boolean(),
  enhancedPrivacy: z.boolean(),
  attachmentsRole: str,
  debugFilesRole: str,
  eventsMemberAdmin: z.boolean(),
  alertsMemberWrite: z.boolean(),
  dataScrubber: z.boolean(),
  dataScrubberDefaults: z.boolean(),
  sensitiveFields: z.array(str),
  safeFields: z.array(str),
  scrubIPAddresses: z.boolean(),
  relayPiiConfig: z.string().nullable(),
  storeCrashReports: z.number().nullable(),
  trustedRelays: z.array(
    z.looseObject({ name: str, publicKey: str, description: z.string().optional() }),
  ),
  ingestThroughTrustedRelaysOnly: z.enum(['enabled', 'disabled']).nullable().optional(),
  orgRole: z.string().optional(),
  /** inverted flag `prevent_superuser_access` (serializers/models/organization.py, summary) */
  allowSuperuserAccess: z.boolean().optional(),
  /** option `sentry:scrape_javascript` (default true) */
  scrapeJavaScript: z.boolean().optional(),
  /** AI / Seer options; absent on servers that predate them (organization_details.py ORG_OPTIONS) */
  hideAiFeatures: z.boolean().optional(),
  genAIConsent: z.boolean().optional(),
  aggregatedDataConsent: z.boolean().optional(),
  defaultSeerScannerAutomation: z.boolean().optional(),
  defaultAutofixAutomationTuning: z.string().optional(),
  /** option `sentry:granular-replay-permissions`; absent on servers without granular replay permissions */
  hasGranularReplayPermissions: z.boolean().optional(),
  /** USER ids (as strings) allowed to see replays when granular replay permissions are on */
  replayAccessMembers: z.array(id).nullable().optional().transform((v) => (v === null ? [] : v)),
});

export const authProviderSchema = z.looseObject({
  id,
  provider_name: str,
  pending_links_count: z.number(),
  login_url: str,
  default_role: str,
  require_link: z.boolean(),
  scim_enabled: z.boolean(),
});

export const authProviderChoicesSchema = z.array(
  z.looseObject({ key: str, name: str, requiredFeature: z.string().optional().default('') }),
);

// A member row keeps what the checks and plans read: 50,000 members are most of a large org's
// state, so the user's lastLogin and username and the row's inviteStatus and inviterName (read by
// nothing) are dropped on read.
export const memberSchema = z.object({
  id,
  email: z.string().nullable().transform((v) => v ?? ''),
  name: z.string().nullable().optional().transform((v) => v ?? ''),
  user: userSchema.omit({ lastLogin: true, username: true }).nullable(),
  orgRole: str,
  pending: z.boolean(),
  expired: z.boolean(),
  flags: z.record(z.string(), z.boolean()),
  dateCreated: str,
});

export const teamRoleSchema = z.looseObject({ teamSlug: str, role: z.string().nullable() });

export const memberDetailSchema = memberSchema.extend({
  teams: z.array(str),
  teamRoles: z.array(teamRoleSchema),
  isOnlyOwner: z.boolean().optional(),
});

export const teamMemberSchema = memberSchema.extend({
  /** "admin", "contributor", or null (the org role's minimum team role) */
  teamRole: z.string().nullable().optional().transform((v) => v ?? null),
  teamSlug: str,
});

export const teamSchema = z.object({
  id,
  slug: str,
  name: str,
  memberCount: z.number().optional().default(0),
});

const projectTeamRef = z.object({ id, slug: str, name: str });

export const projectSummarySchema = z.object({
  id,
  slug: str,
  name: str,
  platform: z.string().nullable().optional().transform((v) => v ?? null),
  dateCreated: str,
  features: z.array(str).optional().default([]),
  teams: z.array(projectTeamRef).optional().default([]),
  hasAccess: z.boolean().optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});

export const projectDetailsSchema = projectSummarySchema.extend({
  dataScrubber: z.boolean(),
  dataScrubberDefaults: z.boolean(),
  sensitiveFields: z.array(str),
  safeFields: z.array(str),
  scrubIPAddresses: z.boolean(),
  storeCrashReports: z.number().nullable().optional().transform((v) => v ?? null),
  relayPiiConfig: z.string().nullable().optional().transform((v) => v ?? null),
  allowedDomains: z.array(str),
  debugFilesRole: z.string().nullable().optional().transform((v) => v ?? null),
  options: z.record(z.string(), z.unknown()).optional().default({}),
  scrapeJavaScript: z.boolean().optional(),
  verifySSL: z.boolean().optional(),
  /** redacted on read: only whether it is set is kept */
  securityToken: z.string().nullable().optional(),
  securityTokenHeader: z.string().nullable().optional(),
});

const rateLimitSchema = z.looseObject({ window: z.number(), count: z.number() });

export const clientKeySchema = z.object({
  id: str,
  name: z.string().optional().default(''),
  label: z.string().optional(),
  public: z.string().nullable().optional().transform((v) => v ?? null),
  secret: z.string().nullable().optional(),
  projectId: z.union([z.number(), z.string()]),
  isActive: z.boolean(),
  rateLimit: rateLimitSchema.nullable().optional().transform((v) => v ?? null),
  // only the public DSN is read (3.2 names it); the other DSN forms (cdn, csp, otlp, ...) are
  // a kilobyte per key, most of a key's size in memory on orgs with thousands of keys
  dsn: z.object({ public: str, secret: z.string().optional() }),
  browserSdkVersion: z.string().optional().default(''),
  dateCreated: z.string().nullable().optional().transform((v) => v ?? null),
  dynamicSdkLoaderOptions: z.record(z.string(), z.boolean()).optional(),
});

export const keyStatsSchema = z.array(
  z.looseObject({
    ts: z.number(),
    total: z.number(),
    accepted: z.number().optional(),
    filtered: z.number().optional(),
    dropped: z.number().optional(),
  }),
);

export const filtersSchema = z.array(
  z.looseObject({ id: str, active: z.union([z.boolean(), z.array(str)]) }),
);

export const auditEntrySchema = z.looseObject({
  id,
  actor: z
    .looseObject({
      id: id.optional(),
      email: z.string().optional(),
      name: z.string().optional(),
      username: z.string().optional(),
    })
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  event: str,
  ipAddress: nullableStr,
  note: z.string().optional(),
  targetObject: z.union([z.string(), z.number()]).nullable().optional(),
  targetUser: z
    .union([z.looseObject({ id: id.optional(), email: z.string().optional(), name: z.string().optional() }), z.string(), z.number().transform(String)])
    .nullable()
    .optional(),
  data: z.record(z.string(), z.unknown()).nullable().optional().transform((v) => v ?? {}),
  dateCreated: str,
});

/** orgauthtoken.py's serializer; `token` (only in the create answer) is not read. */
export const orgAuthTokenSchema = z.object({
  id,
  name: str,
  scopes: z.array(str),
  tokenLastCharacters: nullableStr.transform((v) => v ?? null),
  dateCreated: str,
  dateLastUsed: nullableStr.transform((v) => v ?? null),
  projectLastUsedId: z.union([z.string(), z.number()]).nullable().optional().transform((v) => (v === null || v === undefined ? null : String(v))),
});

/** sentry_apps/api/serializers/sentry_app.py; clientId and clientSecret are not read. */
export const sentryAppSchema = z.object({
  slug: str,
  name: str,
  uuid: str,
  status: str,
  scopes: z.array(str),
  webhookUrl: nullableStr.transform((v) => v ?? null),
  events: z.array(str).optional().default([]),
  owner: z.object({ id, slug: str }).optional(),
});

/** sentry_app_installation.py's serializer; the grant `code` is not read. */
export const sentryAppInstallationSchema = z.object({
  uuid: str,
  status: str,
  app: z.object({ uuid: str, slug: str }),
});

/** relay.py's RelayUsageSerializer. */
export const relayUsageSchema = z.object({
  relayId: str,
  version: str,
  publicKey: z.string().nullable(),
  firstSeen: str,
  lastSeen: str,
});

export const eventSchema = z.looseObject({ eventID: z.string().min(1) });

export const auditPageSchema = z.looseObject({ rows: z.array(z.unknown()) });

/**
 * Validates `data` for `endpoint` ("GET organizations/acme/"); a failure names the first bad
 * field ("[3].user.has2fa: expected boolean").
 */
export function parseResponse<S extends z.ZodType>(schema: S, data: unknown, method: string, path: string): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue
    ? issue.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '') || '(body)'
    : '(body)';
  const why = issue ? issue.message : 'invalid';
  throw new SentryApiError({
    kind: 'bad_response',
    method,
    path,
    message: `Sentry's answer to ${method} ${path} has an unexpected field ${field}: ${why}. Is the server a supported Sentry version?`,
  });
}



/** Drops a client key's secret and the DSN that embeds it. */
export function redactKey<T extends { secret?: unknown; dsn?: unknown }>(key: T): T {
  // copies without the secrets rather than `delete` on a copy: a deleted property turns a V8
  // object into a dictionary, about three times its size (20,000 keys on a large org)
  const { secret: _secret, ...out } = key;
  if (out.dsn && typeof out.dsn === 'object') {
    const { secret: _dsnSecret, ...dsn } = out.dsn as Record<string, unknown>;
    (out as { dsn: unknown }).dsn = dsn;
  }
  return out as T;
}

const SECRET_OPTION_KEYS: ReadonlySet<string> = new Set(['sentry:token']);

/** A project's security token (the `sentry:token` option and `securityToken`) is secret. */
export function redactProject<T extends { options?: Record<string, unknown> }>(p: T): T {
  const out: Record<string, unknown> = { ...p };
  if ('securityToken' in out && out.securityToken != null) out.securityToken = REDACTED;
  if (p.options) {
    const options: Record<string, unknown> = { ...p.options };
    for (const k of Object.keys(options)) {
      if (SECRET_OPTION_KEYS.has(k) && options[k] != null) options[k] = REDACTED;
    }
    out.options = options;
  }
  return out as T;
}


/** Audit data carries `secret_key` for key events and project security tokens: redact by key name. */
export function redactAuditData(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactAuditData(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = isSecretKeyName(k) && v !== null && typeof v !== 'object' ? REDACTED : redactAuditData(v, depth + 1);
  }
  return out;
}
