// How the token travels: the plain-http opt-in and the request timeout, from flags and the
// environment only. Neither is ever saved in preferences: a trusted network today is not a
// promise for the next run, and a CI job must say what it allows.

import { UserError } from '../errors.js';
import { describeUrl, isCleartext } from '../sentry/hosts.js';

export const ALLOW_HTTP_ENV = 'SENTRY_HARDEN_ALLOW_HTTP';
export const TIMEOUT_ENV = 'SENTRY_HARDEN_TIMEOUT';
export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TIMEOUT_S = 600;

export interface TransportFlags {
  allowHttp?: boolean | undefined;
  /** seconds, as typed */
  timeout?: string | undefined;
}

/** `--allow-http`, or SENTRY_HARDEN_ALLOW_HTTP=1 (also true/yes). */
export function allowHttpOptIn(flags: TransportFlags, env: NodeJS.ProcessEnv): boolean {
  if (flags.allowHttp === true) return true;
  return /^(1|true|yes)$/i.test(env[ALLOW_HTTP_ENV]?.trim() ?? '');
}

/**
 * Refuses plain http to a host that is not loopback unless the user opted in; returns the warning
 * to print when they did (the warning stays for every run that sends the token that way).
 */
export function checkCleartext(url: string, source: string, optIn: boolean): string | undefined {
  if (!isCleartext(url)) return undefined;
  const where = describeUrl(url);
  if (!optIn) {
    throw new UserError(
      `Refusing to send the auth token in clear text to ${where} (from ${source}): use https://, or, for a self-hosted server on a trusted network, pass --allow-http or set ${ALLOW_HTTP_ENV}=1. Nothing was sent`,
    );
  }
  return `${where} uses plain http: the auth token travels unencrypted (allowed by --allow-http / ${ALLOW_HTTP_ENV}); use https`;
}

/** `--timeout SECONDS`, else SENTRY_HARDEN_TIMEOUT, else 30 s: how long one request waits for an answer. */
export function requestTimeoutMs(flags: TransportFlags, env: NodeJS.ProcessEnv): number {
  const fromFlag = flags.timeout !== undefined;
  const raw = fromFlag ? flags.timeout : env[TIMEOUT_ENV]?.trim() || undefined;
  if (raw === undefined) return DEFAULT_TIMEOUT_MS;
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || !(n > 0) || n > MAX_TIMEOUT_S) {
    throw new UserError(`${fromFlag ? '--timeout' : TIMEOUT_ENV} expects seconds from 0.1 to ${MAX_TIMEOUT_S} (e.g. 30), got "${raw}"`);
  }
  return Math.max(100, Math.round(n * 1000));
}
