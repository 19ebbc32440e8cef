// 2.5 Custom integrations and installed apps: a Sentry App acts with its own scopes, through a
// token that belongs to no person (access.py gives it the app's scope_list), and sends event data
// to its webhook. Nothing here is changed by the tool: scopes, webhooks and tokens are edited on
// the integration's page in Sentry, and changing them breaks what the integration does.

import type { SentryApp } from '../src/sentry/types.js';
import type { OrgState } from '../src/state/types.js';
import { needRead, orgSettingsUrl } from './lib.js';
import type { CheckDef, CheckOutcome, ControlDef, Finding } from './types.js';
import { plural } from '../src/words.js';

/** write or admin on the organization, its members or its projects (issue 13) */
const BROAD_SCOPE = /^(org|member|project):(write|admin)$/;
/** guide v0.2.1 §2.4's 90 days, applied to internal integration tokens */
export const INTEGRATION_TOKEN_MAX_AGE_DAYS = 90;

const appRef = (a: SentryApp) => ({ type: 'sentry-app' as const, id: a.slug });
/** the custom integration's own page (static/app/routes.tsx: developer-settings/:appSlug/) */
const ownUrl = (state: OrgState, a: SentryApp): string => orgSettingsUrl(state, `developer-settings/${a.slug}/`);
/** an installed app's page, where it is uninstalled (routes.tsx: sentry-apps/:integrationSlug) */
const installedUrl = (state: OrgState, a: SentryApp): string => orgSettingsUrl(state, `sentry-apps/${a.slug}/`);

const APP_SOURCES = [
  'getsentry/sentry:src/sentry/sentry_apps/api/endpoints/organization_sentry_apps.py',
  'getsentry/sentry:src/sentry/sentry_apps/api/serializers/sentry_app.py',
  'getsentry/sentry:src/sentry/sentry_apps/api/endpoints/sentry_app_installations.py',
  'getsentry/sentry:src/sentry/sentry_apps/api/serializers/sentry_app_installation.py',
  'getsentry/sentry:src/sentry/sentry_apps/api/endpoints/sentry_app_details.py',
] as const;

function readApps(state: OrgState, installed: boolean): { value: { own: SentryApp[]; installed: SentryApp[] } } | { outcome: CheckOutcome } {
  const own = needRead(state.sentryApps, { what: 'custom integrations', scope: 'org:read', byHand: orgSettingsUrl(state, 'developer-settings/') });
  if ('outcome' in own) return own;
  if (!installed) return { value: { own: own.value, installed: [] } };
  const other = needRead(state.installedApps, { what: 'installed integrations', scope: 'org:read or org:integrations', byHand: orgSettingsUrl(state, 'integrations/') });
  if ('outcome' in other) return other;
  return { value: { own: own.value, installed: other.value } };
}

const check2_5_1: CheckDef = {
  id: '2.5.1',
  title: 'Integrations have no write or admin access to the organization, members or projects',
  level: 'L2',
  automation: 'manual',
  risk: 'none',
  rationale: 'An integration token acts without a person: with org, member or project write/admin it can change settings, invite people or delete projects, and whoever holds its token can too.',
  reads: ['sentryApps', 'installedApps'],
  sources: [...APP_SOURCES, 'getsentry/sentry:src/sentry/auth/access.py'],
  evaluate({ state }) {
    const apps = readApps(state, true);
    if ('outcome' in apps) return apps.outcome;
    const findings: Finding[] = [];
    const steps: string[] = [];
    const judge = (a: SentryApp, own: boolean): void => {
      const broad = a.scopes.filter((s) => BROAD_SCOPE.test(s));
      if (broad.length === 0) return;
      const kind = own ? (a.status === 'internal' ? 'internal integration' : 'custom integration') : 'installed integration';
      findings.push({ resource: appRef(a), field: 'scopes', current: a.scopes, expected: 'no org, member or project write/admin', message: `The ${kind} "${a.name}" (${a.slug}) has ${broad.join(', ')}.` });
      steps.push(
        own
          ? `Lower the permissions of "${a.name}" at ${ownUrl(state, a)} to read where it only reads (Organization, Member and Project: "Read" or "No Access"); check first what it changes in Sentry.`
          : `"${a.name}" is another organization's app: its permissions cannot be lowered here. If it is not needed, uninstall it at ${installedUrl(state, a)}.`,
      );
    };
    for (const a of apps.value.own) judge(a, true);
    for (const a of apps.value.installed) judge(a, false);
    if (findings.length === 0) return { status: 'pass', findings: [] };
    return { status: 'fail', findings, reason: 'what an integration may do is decided by the people who run it', manualSteps: steps };
  },
};

/** true when a webhook URL would send data unencrypted (not https, or not a URL at all) */
function insecureWebhook(url: string | null): boolean {
  if (url === null || url.trim() === '') return false;
  try {
    return new URL(url).protocol !== 'https:';
  } catch {
    return true;
  }
}

const check2_5_2: CheckDef = {
  id: '2.5.2',
  title: 'Integration webhooks use HTTPS',
  level: 'L1',
  automation: 'manual',
  risk: 'none',
  rationale: 'A webhook carries issue and event data (stack traces, request data, user details); over plain http anyone on the path can read or change it.',
  reads: ['sentryApps', 'installedApps'],
  sources: APP_SOURCES,
  evaluate({ state }) {
    const apps = readApps(state, true);
    if ('outcome' in apps) return apps.outcome;
    const findings: Finding[] = [];
    const steps: string[] = [];
    for (const [list, own] of [[apps.value.own, true], [apps.value.installed, false]] as const) {
      for (const a of list) {
        if (!insecureWebhook(a.webhookUrl)) continue;
        findings.push({ resource: appRef(a), field: 'webhookUrl', current: a.webhookUrl, expected: 'an https:// URL', message: `"${a.name}" (${a.slug}) sends its webhooks to ${a.webhookUrl}, not over HTTPS.` });
        steps.push(
          own
            ? `Change the Webhook URL of "${a.name}" to an https:// address at ${ownUrl(state, a)} (the receiving server needs a certificate first).`
            : `"${a.name}" is another organization's app; ask its vendor for an HTTPS webhook or uninstall it at ${installedUrl(state, a)}.`,
        );
      }
    }
    if (findings.length === 0) return { status: 'pass', findings: [] };
    return { status: 'fail', findings, reason: 'the receiving server must serve HTTPS before the URL changes', manualSteps: steps };
  },
};

const check2_5_3: CheckDef = {
  id: '2.5.3',
  title: 'Internal integration tokens are rotated',
  level: 'L2',
  automation: 'manual',
  risk: 'none',
  rationale: 'An internal integration token does not expire and belongs to no person; one created long ago has had a long time to leak.',
  // sentry_internal_app_tokens.py lists tokens only for a browser session
  // (SessionNoAuthTokenAuthentication rejects any request with an Authorization header)
  reads: ['sentryApps'],
  sources: [...APP_SOURCES, 'getsentry/sentry:src/sentry/sentry_apps/api/endpoints/sentry_internal_app_tokens.py', 'getsentry/sentry:src/sentry/api/authentication.py'],
  evaluate({ state }) {
    const apps = readApps(state, false);
    if ('outcome' in apps) return apps.outcome;
    const internal = apps.value.own.filter((a) => a.status === 'internal');
    // no internal integration: no such tokens exist
    if (internal.length === 0) return { status: 'pass', findings: [] };
    return {
      status: 'manual',
      findings: [],
      reason: `Sentry lists an internal integration's tokens only to a signed-in browser, not to an auth token, so their age cannot be read here; ${plural(internal.length, 'internal integration')} to look at: ${internal.map((a) => a.slug).join(', ')}`,
      manualSteps: internal.map(
        (a) => `Open ${ownUrl(state, a)}: under Tokens, for each token created more than ${INTEGRATION_TOKEN_MAX_AGE_DAYS} days ago, create a new token, put it where the old one is used, then revoke the old one.`,
      ),
    };
  },
};

export const control2_5: ControlDef = {
  id: '2.5',
  title: 'Custom integrations and installed apps',
  level: 'L1',
  frameworks: { cis: ['2.5', '6.8'], nist: ['AC-6', 'SC-8', 'IA-5'], soc2: ['CC6.1', 'CC6.6'] },
  rationale:
    'Integrations act in Sentry with their own tokens and receive event data at their webhooks. Keep their permissions to what they need, their webhooks on HTTPS, and their tokens fresh.',
  checks: [check2_5_1, check2_5_2, check2_5_3],
};
