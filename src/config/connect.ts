// From flags and environment to a validated connection: credentials, token check (GET /api/0/),
// the organization and its region, and the Target every other layer uses.

import { mark } from '../timing.js';
import { UserError } from '../errors.js';
import type { Io } from '../io.js';
import { createSentryApi } from '../sentry/api.js';
import { createSentryClient, type SentryClient, type SentryClientOptions } from '../sentry/client.js';
import { SentryApiError, tokenSettingsUrl } from '../sentry/errors.js';
import { controlUrlFor, describeUrl, isSentryIo } from '../sentry/hosts.js';
import type { OrgDetails, SentryApi, Whoami } from '../sentry/types.js';
import type { Target } from '../state/types.js';
import { resolveCredentials, type Credentials } from './credentials.js';
import type { Prompts } from './prompts.js';
import { missingScopes, requiredScopesFor, WRITE_COMMANDS, type CommandName } from './scopes.js';
import { allowHttpOptIn, requestTimeoutMs, TIMEOUT_ENV, type TransportFlags } from './transport.js';
import { tryUrl } from './url.js';

export { requiredScopesFor } from './scopes.js';
export type { CommandName, ScopeNeed } from './scopes.js';

export interface Connection {
  api: SentryApi;
  client: SentryClient;
  target: Target;
  whoami: Whoami;
  warnings: string[];
  /** the organization as read while connecting (no feature flags) */
  org: OrgDetails;
  credentials: Omit<Credentials, 'token'>;
}

export interface ConnectDeps {
  /** decides whether missing scopes fail (write commands) or warn; default 'verify' */
  command?: CommandName;
  prompts?: Prompts;
  /** the wizard's answers (URL, org) and the org it suggests when asking (a saved preference) */
  answers?: { url?: string | undefined; org?: string | undefined };
  suggestedOrg?: string | undefined;
  /** where ~/.sentryclirc lives; default io.env.HOME */
  homeDir?: string;
  /** client tuning (timeouts, retries, concurrency, onRequest) */
  client?: Partial<Omit<SentryClientOptions, 'baseUrl' | 'token'>>;
  /**
   * Called with the org slug after the token check and before the first read of the
   * organization (commands that write take their session lock here).
   */
  beforeOrgRead?: (org: string) => Promise<void>;
}

/** The command-line flags that choose the server and organization, and how to reach it. */
export interface ConnectOptions extends TransportFlags {
  url?: string | undefined;
  org?: string | undefined;
}

export async function connect(opts: ConnectOptions, io: Io, deps: ConnectDeps = {}): Promise<Connection> {
  const interactive = io.stdin.isTTY === true;
  const command = deps.command ?? 'verify';
  // @inquirer is loaded only when a person can answer
  const prompts = deps.prompts ?? (interactive ? (await import('./prompts.js')).createInquirerPrompts(io) : undefined);
  const warnings: string[] = [];

  const allowHttp = allowHttpOptIn(opts, io.env);
  const timeoutMs = deps.client?.timeoutMs ?? requestTimeoutMs(opts, io.env);
  const creds = await resolveCredentials({
    flags: { url: opts.url, org: opts.org },
    allowHttp,
    env: io.env,
    cwd: io.cwd,
    homeDir: deps.homeDir,
    interactive,
    prompts,
    answers: deps.answers,
  });
  warnings.push(...creds.warnings);

  const client = createSentryClient({
    ...deps.client,
    timeoutMs,
    allowHttp,
    baseUrl: creds.url,
    token: creds.token,
    onWarning: (m) => {
      if (!warnings.includes(m)) warnings.push(m);
      deps.client?.onWarning?.(m);
    },
  });
  const api = createSentryApi(client);
  const urlHint =
    creds.urlSource.kind === 'default'
      ? '--url / SENTRY_URL'
      : /^(--url|SENTRY_URL)$/.test(creds.urlSource.label)
        ? creds.urlSource.label
        : `${creds.urlSource.label} (or --url / SENTRY_URL)`;

  const whoami = await api.whoami().catch((e: unknown) => {
    throw toUserError(e, creds, client, urlHint);
  });
  mark('token-checked');
  if (!whoami.user) {
    throw new UserError(
      `The token from ${creds.tokenSource.label} does not act as a user (an organization or integration token?). ` +
        `Create a user auth token (sntryu_) as an organization owner at ${tokenSettingsUrl(client.controlUrl)}`,
    );
  }

  const scopes = whoami.scopes;
  if (scopes) {
    const missing = missingScopes(scopes, requiredScopesFor(command));
    if (missing.length) {
      const list = missing.map((m) => `${m.scope} (to ${m.purpose})`).join(', ');
      const fix = `create a user auth token with these scopes at ${tokenSettingsUrl(client.controlUrl)}`;
      if (WRITE_COMMANDS.has(command)) {
        throw new UserError(`The token from ${creds.tokenSource.label} lacks ${list}: ${fix}`);
      }
      warnings.push(`The token lacks ${list}; those checks will report errors. To read everything, ${fix}`);
    }
  }

  let orgSlug = creds.org;
  if (!orgSlug) orgSlug = await chooseOrg(api, interactive, prompts, creds, client, urlHint, deps.suggestedOrg);

  await deps.beforeOrgRead?.(orgSlug);

  let org: OrgDetails;
  try {
    org = await api.getOrganization(orgSlug, { featureFlags: true });
  } catch (e) {
    if (e instanceof SentryApiError && (e.kind === 'not_found' || e.kind === 'permission')) {
      const visible = await api.listOrganizations().catch(() => null);
      const slugs = visible?.map((o) => o.slug) ?? [];
      if (!slugs.includes(orgSlug)) {
        throw new UserError(
          `Organization "${orgSlug}" (from ${creds.orgSource?.label ?? 'the prompt'}) was not found at ${describeUrl(creds.url)}` +
            (visible ? (slugs.length ? `; this token can see: ${slugs.join(', ')}` : '; this token can see no organization') : '') +
            '. Pass --org or set SENTRY_ORG',
        );
      }
    }
    throw toUserError(e, creds, client, urlHint);
  }

  try {
    client.setRegionUrl(org.links.regionUrl);
  } catch (e) {
    throw toUserError(e, creds, client, urlHint);
  }
  const selfHosted = !isSentryIo(creds.url);
  const organizationUrl =
    client.regionUrl === creds.url && selfHosted && tryUrl(org.links.organizationUrl)?.host !== new URL(creds.url).host
      ? `${creds.url}/organizations/${encodeURIComponent(org.slug)}/`
      : org.links.organizationUrl;

  const target: Target = {
    baseUrl: creds.url,
    controlUrl: controlUrlFor(creds.url),
    regionUrl: client.regionUrl,
    organizationUrl,
    org: org.slug,
    selfHosted,
  };

  const { token: _t, ...credentials } = creds;
  return { api, client, target, whoami, warnings, org, credentials };
}

async function chooseOrg(
  api: SentryApi,
  interactive: boolean,
  prompts: Prompts | undefined,
  creds: Credentials,
  client: SentryClient,
  urlHint: string,
  suggested?: string,
): Promise<string> {
  const orgs = await api.listOrganizations().catch((e: unknown) => {
    throw toUserError(e, creds, client, urlHint);
  });
  const slugs = orgs.map((o) => o.slug);
  if (!interactive || !prompts) {
    throw new UserError(
      `No organization: pass --org or set SENTRY_ORG` + (slugs.length ? ` (this token can see: ${slugs.join(', ')})` : ''),
    );
  }
  if (slugs.length === 0) throw new UserError(`The token can see no organization at ${describeUrl(creds.url)}`);
  if (slugs.length === 1) return slugs[0]!;
  return prompts.select(
    'Organization',
    orgs.map((o) => ({ name: o.name && o.name !== o.slug ? `${o.slug} (${o.name})` : o.slug, value: o.slug })),
    suggested && slugs.includes(suggested) ? suggested : undefined,
  );
}

/** API failures while connecting become one-line UserErrors (exit 2) that name the fix. */
function toUserError(e: unknown, creds: Credentials, client: SentryClient, urlHint: string): Error {
  if (e instanceof UserError) return e;
  if (!(e instanceof SentryApiError)) return e instanceof Error ? e : new Error(String(e));
  const url = describeUrl(creds.url);
  switch (e.kind) {
    case 'network':
      return new UserError(`could not reach ${url}: ${e.reason ?? e.message}. Check ${urlHint}`);
    case 'timeout':
      return new UserError(
        `${url} did not answer ${e.method} /api/0/${e.path === '/api/0/' ? '' : e.path}: ${e.reason ?? e.message}. Check ${urlHint}, or allow more time with --timeout SECONDS or ${TIMEOUT_ENV}`,
      );
    case 'unauthenticated':
      return new UserError(
        `${url} rejected the auth token from ${creds.tokenSource.label} (401): it is invalid, expired or for another server. ` +
          `Create a user auth token at ${tokenSettingsUrl(client.controlUrl)}`,
      );
    case 'bad_response':
      return new UserError(`${e.message.replace(/\.$/, '')}${e.message.endsWith('?') ? '' : '.'} Check ${urlHint}`);
    default:
      return new UserError(e.message);
  }
}
