// Where the URL, org and token come from (DESIGN "CLI contract"):
//   url:   --url, SENTRY_URL, nearest .sentryclirc, ~/.sentryclirc, the wizard's answer, https://sentry.io
//   org:   --org, SENTRY_ORG, nearest .sentryclirc, ~/.sentryclirc, the wizard's answer, (connect: prompt)
// Saved preferences are never read here: the wizard offers them as suggestions and passes the
// person's answer, so no other command's target depends on what an earlier run saved.
//   token: SENTRY_AUTH_TOKEN, nearest .sentryclirc, ~/.sentryclirc, masked prompt (TTY)
// The token is never a flag and never saved. A URL from a .sentryclirc inside the working tree
// must agree with the host the token belongs to, or the user confirms (TTY) or we refuse.

import path from 'node:path';
import { UserError } from '../errors.js';
import { describeUrl, hostGroup } from '../sentry/hosts.js';
import { isOrgAuthToken, orgTokenError } from './org-token.js';
import type { Prompts } from './prompts.js';
import { findSentryclirc, type RcValues } from './sentryclirc.js';
import { checkCleartext } from './transport.js';
import { DEFAULT_URL, tryUrl, validateSentryUrl } from './url.js';

export type SourceKind = 'flag' | 'env' | 'rc' | 'home-rc' | 'preferences' | 'prompt' | 'default';

export interface Source {
  kind: SourceKind;
  /** for messages: "--url", "SENTRY_URL", "/repo/.sentryclirc", "~/.sentryclirc", ... */
  label: string;
  file?: string;
}

export interface Credentials {
  url: string;
  urlSource: Source;
  org?: string;
  orgSource?: Source;
  token: string;
  tokenSource: Source;
  warnings: string[];
}

export interface ResolveOptions {
  flags: { url?: string | undefined; org?: string | undefined };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** where ~/.sentryclirc lives; default env.HOME */
  homeDir?: string | undefined;
  /** stdin is a TTY: preferences and prompts are allowed */
  interactive: boolean;
  prompts?: Prompts | undefined;
  /** what a person answered in the wizard (a saved preference they accepted, or typed) */
  answers?: { url?: string | undefined; org?: string | undefined } | undefined;
  /** plain http to a host that is not loopback was allowed (--allow-http / SENTRY_HARDEN_ALLOW_HTTP) */
  allowHttp?: boolean | undefined;
}

const nonEmpty = (v: string | undefined): string | undefined => {
  const t = v?.trim();
  return t ? t : undefined;
};

function rcSource(rc: RcValues, homeDir: string | undefined): Source {
  if (rc.home) return { kind: 'home-rc', label: '~/.sentryclirc', file: rc.file };
  const rel = homeDir && rc.file.startsWith(path.resolve(homeDir) + path.sep) ? `~${rc.file.slice(path.resolve(homeDir).length)}` : rc.file;
  return { kind: 'rc', label: rel, file: rc.file };
}

type Pick1 = { value: string; source: Source } | undefined;

function first(...cands: Pick1[]): Pick1 {
  return cands.find((c) => c !== undefined);
}

const cand = (value: string | undefined, source: Source): Pick1 => {
  const v = nonEmpty(value);
  return v === undefined ? undefined : { value: v, source };
};

export async function resolveCredentials(opts: ResolveOptions): Promise<Credentials> {
  const { env, interactive } = opts;
  const homeDir = opts.homeDir ?? nonEmpty(env.HOME) ?? nonEmpty(env.USERPROFILE);
  const { local, home } = findSentryclirc(opts.cwd, homeDir);
  const warnings: string[] = [];

  const localSrc = local ? rcSource(local, homeDir) : undefined;
  const homeSrc = home ? rcSource(home, homeDir) : undefined;

  const urlPick = first(
    cand(opts.flags.url, { kind: 'flag', label: '--url' }),
    cand(env.SENTRY_URL, { kind: 'env', label: 'SENTRY_URL' }),
    local && localSrc ? cand(local.url, localSrc) : undefined,
    home && homeSrc ? cand(home.url, homeSrc) : undefined,
    cand(opts.answers?.url, { kind: 'prompt', label: 'the prompt' }),
  ) ?? { value: DEFAULT_URL, source: { kind: 'default', label: 'the default' } };
  const url = validateSentryUrl(urlPick.value, urlPick.source.label);
  // before the token is looked up or asked for: a refused URL never gets it
  const cleartext = checkCleartext(url, urlPick.source.label, opts.allowHttp === true);
  if (cleartext) warnings.push(cleartext);

  const orgPick = first(
    cand(opts.flags.org, { kind: 'flag', label: '--org' }),
    cand(env.SENTRY_ORG, { kind: 'env', label: 'SENTRY_ORG' }),
    local && localSrc ? cand(local.org, localSrc) : undefined,
    home && homeSrc ? cand(home.org, homeSrc) : undefined,
    cand(opts.answers?.org, { kind: 'prompt', label: 'the prompt' }),
  );

  let tokenPick = first(
    cand(env.SENTRY_AUTH_TOKEN, { kind: 'env', label: 'SENTRY_AUTH_TOKEN' }),
    local && localSrc ? cand(local.token, localSrc) : undefined,
    home && homeSrc ? cand(home.token, homeSrc) : undefined,
  );
  if (!tokenPick) {
    if (!interactive || !opts.prompts) {
      throw new UserError('No auth token: set SENTRY_AUTH_TOKEN or add [auth] token to .sentryclirc');
    }
    const typed = nonEmpty(await opts.prompts.password(`Sentry user auth token for ${describeUrl(url)} (input hidden)`));
    if (!typed) throw new UserError('No auth token entered: set SENTRY_AUTH_TOKEN or add [auth] token to .sentryclirc');
    tokenPick = { value: typed, source: { kind: 'prompt', label: 'the prompt' } };
  }
  const token = tokenPick.value;
  if (/\s/.test(token)) {
    throw new UserError(`The auth token from ${tokenPick.source.label} contains spaces or line breaks; copy it again`);
  }
  if (isOrgAuthToken(token)) throw orgTokenError(token, url, orgPick?.value, tokenPick.source.label);

  // A working-tree .sentryclirc must not redirect a token that came from elsewhere.
  if (urlPick.source.kind === 'rc' && tokenPick.source.kind !== 'prompt' && tokenPick.source.file !== urlPick.source.file) {
    const tokenUrl = home?.url && tokenPick.source.kind !== 'rc' ? tryUrl(home.url)?.href ?? DEFAULT_URL : DEFAULT_URL;
    if (hostGroup(tokenUrl) !== hostGroup(url)) {
      const what =
        `The auth token from ${tokenPick.source.label} is for ${describeUrl(tokenUrl)}, ` +
        `but ${urlPick.source.label} sets the URL ${describeUrl(url)}`;
      if (!interactive || !opts.prompts) {
        throw new UserError(`${what}. Refusing to send the token there: pass --url or set SENTRY_URL to confirm the server`);
      }
      const ok = await opts.prompts.confirm(`${what}. Send the token to ${new URL(url).host}?`, false);
      if (!ok) throw new UserError(`${what}. Stopped without sending the token; pass --url to choose the server`);
    }
  }

  const out: Credentials = { url, urlSource: urlPick.source, token, tokenSource: tokenPick.source, warnings };
  if (orgPick) {
    out.org = orgPick.value;
    out.orgSource = orgPick.source;
  }
  return out;
}
