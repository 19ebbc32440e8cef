// First run, before Ink mounts: ask for what is missing (server, token, organization, level)
// through the prompter the run uses (arrow-key menus on a terminal, numbered lines in line
// mode). URL, org and level are remembered and offered as the defaults next time
// (suggestions a person confirms, never used silently); the token is never saved (DESIGN.md).

import { createInquirerPrompter, type Prompter } from '../config/prompts.js';
import { LEVELS, type Level } from '../../steps/types.js';
import type { OrgSummary } from '../sentry/types.js';
import type { ScopeNeed } from '../config/scopes.js';
import { UserError } from '../errors.js';

export interface OnboardingKnown {
  url?: string | undefined;
  org?: string | undefined;
  level?: Level | undefined;
  token?: string | undefined;
}

export interface OnboardingResult {
  url: string;
  org: string;
  level: Level;
  token: string;
}

export interface OnboardingDeps {
  /** GET /api/0/organizations/ with this token; throws a message a person can act on */
  listOrganizations(url: string, token: string): Promise<OrgSummary[]>;
  scopes: readonly ScopeNeed[];
  /** remember URL, org and level (never the token) */
  remember?: (values: { url: string; org: string; level: Level }) => void;
  /** saved preferences, offered as each prompt's default */
  suggested?: { url?: string | undefined; org?: string | undefined; level?: Level | undefined };
  context: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
  /** asks the questions (line mode: the line prompter); default @inquirer on `context` */
  prompter?: Prompter;
}

export const LEVEL_CHOICES: { value: Level; name: string; description: string }[] = [
  { value: 'L1', name: 'L1 Baseline: 2FA, owners, default role, data scrubbing, key rate limits', description: 'the minimum every organization should have' },
  { value: 'L2', name: 'L2 Hardened: L1 + closed membership, project access, origins, IP filters', description: 'recommended for production organizations' },
  { value: 'L3', name: 'L3 Maximum: L2 + SCIM, PII rules, key rotation, trusted relays', description: 'for regulated or high-risk organizations' },
];

const SENTRY_IO = 'https://sentry.io';

export function tokenHelp(url: string, scopes: readonly ScopeNeed[]): string {
  const base = url.replace(/\/+$/, '');
  const list = scopes.map((s) => s.scope).join(', ');
  return `Create a user auth token at\n  ${base}/settings/account/api/auth-tokens/\nwith the scopes: ${list}.`;
}

function validUrl(text: string): true | string {
  try {
    const u = new URL(text.trim());
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'use an http(s) URL, e.g. https://sentry.example.com';
    if (u.username || u.password) return 'leave credentials out of the URL';
    return true;
  } catch {
    return 'enter a URL, e.g. https://sentry.example.com';
  }
}

/** Ask for whatever `known` lacks, in order: server, token, organization, level. */
export async function runOnboarding(known: OnboardingKnown, deps: OnboardingDeps): Promise<OnboardingResult> {
  const ctx = deps.context;
  const out = ctx.output;
  const ask = deps.prompter ?? createInquirerPrompter(ctx);
  out.write('\nsentry-harden walks you through hardening a Sentry organization,\none control at a time. Nothing changes without your confirmation,\nand every change is saved for rollback.\n\n');

  const suggested = deps.suggested ?? {};
  let url = known.url;
  if (!url) {
    const savedSelf = suggested.url && suggested.url !== SENTRY_IO ? suggested.url : undefined;
    const where = await ask.select(
      'Where is your Sentry?',
      [
        { value: 'saas', name: 'sentry.io (SaaS, US or EU region)' },
        { value: 'self', name: 'Self-hosted Sentry' },
      ],
      savedSelf ? 'self' : undefined,
    );
    url =
      where === 'saas'
        ? SENTRY_IO
        : (await ask.input('Base URL of your Sentry server', { validate: validUrl, ...(savedSelf ? { default: savedSelf } : {}) })).trim().replace(/\/+$/, '');
  }

  let token = known.token;
  if (!token) {
    out.write(`${tokenHelp(url, deps.scopes)}\nThe token is used for this run only and is never saved.\n`);
    token = (await ask.password('Auth token (input hidden)', { validate: (t) => (t.trim() ? true : 'paste the token') })).trim();
  }

  let org = known.org;
  if (!org) {
    const orgs = await deps.listOrganizations(url, token);
    // a person's to fix, not an internal error (exit 2 with the message only)
    if (orgs.length === 0) throw new UserError('This token sees no organization: check that it belongs to a member of the organization.');
    if (orgs.length === 1) {
      org = orgs[0]!.slug;
      out.write(`Organization: ${org}\n`);
    } else {
      const def = suggested.org && orgs.some((o) => o.slug === suggested.org) ? suggested.org : undefined;
      org = await ask.select('Which organization?', orgs.map((o) => ({ value: o.slug, name: `${o.slug} (${o.name})` })), def);
    }
  }

  let level = known.level;
  if (!level) level = await askLevel(ask, suggested.level);
  if (!(LEVELS as readonly string[]).includes(level)) level = 'L1';

  deps.remember?.({ url, org, level });
  return { url, org, level, token };
}

/** The level, one line each (levels are cumulative); the saved one is the default. */
export function askLevel(ask: Prompter, suggested?: Level): Promise<Level> {
  return ask.select<Level>('Which level? (each includes the one before)', LEVEL_CHOICES, suggested ?? 'L1');
}

/**
 * The token is known but no URL is set for this run, and an earlier wizard saved one: offer it
 * (the default) next to sentry.io, never use it silently.
 */
export async function askServer(savedUrl: string, ask: Prompter): Promise<string> {
  if (savedUrl === SENTRY_IO) return SENTRY_IO;
  return ask.select(
    'Which Sentry server? (no --url, SENTRY_URL or .sentryclirc url is set)',
    [
      { value: savedUrl, name: `${savedUrl} (used last time)` },
      { value: SENTRY_IO, name: 'https://sentry.io' },
    ],
    savedUrl,
  );
}

/** Ctrl+C inside an inquirer prompt: the caller returns exit code 130. */
export function isPromptExit(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError');
}
