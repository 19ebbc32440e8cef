// 2.4 Organization auth tokens (guide v0.2.1 §2.4): the tokens CI uses to upload source maps and
// create releases. A token nobody uses is a standing credential: revoke it. A token with more than
// `org:ci` was not created by Sentry's UI (org_auth_tokens.py creates every token with exactly
// ["org:ci"]; the model accepts any scope in SENTRY_SCOPES, so broader ones come from older
// servers, imports or direct database edits) and can do more than any CI job needs.
// Revoking is final: Sentry cannot restore a revoked token (org_auth_token_details.py only sets
// date_deactivated, and nothing clears it), so every revoke is risky and says so before it runs.

import type { OrgAuthToken } from '../src/sentry/types.js';
import type { OrgState } from '../src/state/types.js';
import { DAY_MS, needRead, orgSettingsUrl } from './lib.js';
import type { CheckDef, CheckOutcome, ControlDef, Finding, PlannedChange } from './types.js';
import { word } from '../src/words.js';

/** guide v0.2.1 §2.4: a token not used for 90 days is revoked */
export const TOKEN_MAX_IDLE_DAYS = 90;
/** a new token gets a week to reach its first CI run before "never used" counts against it */
export const TOKEN_NEVER_USED_GRACE_DAYS = 7;
/** what Sentry's token creation gives every org auth token (org_auth_tokens.py) */
export const CI_SCOPES: readonly string[] = ['org:ci'];

const SOURCES = [
  'getsentry/sentry:src/sentry/api/endpoints/org_auth_tokens.py',
  'getsentry/sentry:src/sentry/api/endpoints/org_auth_token_details.py',
  'getsentry/sentry:src/sentry/api/serializers/models/orgauthtoken.py',
  'getsentry/sentry:src/sentry/models/orgauthtoken.py',
] as const;

const tokenRef = (t: OrgAuthToken) => ({ type: 'org-auth-token' as const, id: t.id, name: t.name });
const tokensUrl = (state: OrgState): string => orgSettingsUrl(state, 'auth-tokens/');
const scopesText = (t: OrgAuthToken): string => (t.scopes.length === 0 ? 'no scopes' : t.scopes.join(', '));

function readTokens(state: OrgState): { value: OrgAuthToken[] } | { outcome: CheckOutcome } {
  return needRead(state.orgAuthTokens, { what: 'organization auth tokens', scope: 'org:read', byHand: tokensUrl(state) });
}

/** Days since `iso`; NaN when the date cannot be read (the rule then flags, never passes). */
const ageDays = (iso: string | null, now: Date): number => (iso === null ? NaN : (now.getTime() - Date.parse(iso)) / DAY_MS);
/** "N days ago", or the unreadable value as it came */
function ago(iso: string | null, now: Date): string {
  const days = Math.floor(ageDays(iso, now));
  return Number.isFinite(days) ? `${days} days ago` : `at an unreadable date (${JSON.stringify(iso)})`;
}

interface Flagged {
  token: OrgAuthToken;
  /** why it is revoked, inside the consequence sentence */
  why: string;
  finding: Finding;
}

const flag = (t: OrgAuthToken, why: string, f: Omit<Finding, 'resource'>): Flagged => ({ token: t, why, finding: { resource: tokenRef(t), ...f } });

function revoke(checkId: string, t: OrgAuthToken, why: string): PlannedChange {
  return {
    checkId,
    target: tokenRef(t),
    field: 'exists',
    before: true,
    after: false,
    risk: 'risky',
    reversible: false,
    consequence: `Organization auth token "${t.name}" (${scopesText(t)}) is revoked because it ${why}. A revoked token cannot be restored, not even by rollback: anything still using it (a CI job, sentry-cli in a build) fails until it gets a new token.`,
  };
}

function outcomeFor(checkId: string, state: OrgState, flagged: Flagged[]): CheckOutcome {
  if (flagged.length === 0) return { status: 'pass', findings: [] };
  return {
    status: 'fail',
    findings: flagged.map((f) => f.finding),
    changes: flagged.map((f) => revoke(checkId, f.token, f.why)),
    manualSteps: [
      `Before revoking, find where each token is used (CI secrets named SENTRY_AUTH_TOKEN, .sentryclirc files) and give those a new token from ${tokensUrl(state)} if they are still needed.`,
    ],
    warnings: ['Revoking an organization auth token cannot be undone: Sentry cannot restore it, and rollback reports it as not restorable.'],
  };
}

const check2_4_1: CheckDef = {
  id: '2.4.1',
  title: 'No organization auth token unused for 90 days',
  level: 'L1',
  automation: 'auto',
  risk: 'risky',
  rationale: 'A CI token that has not been used for three months is a standing credential nobody watches; if it leaks, it still works.',
  reads: ['orgAuthTokens'],
  sources: SOURCES,
  evaluate({ state, now }) {
    const tokens = readTokens(state);
    if ('outcome' in tokens) return tokens.outcome;
    const flagged = tokens.value
      // a never-used token is 2.4.2's; a last use that cannot be read is flagged (never pass by not looking)
      .filter((t) => t.dateLastUsed !== null && !(ageDays(t.dateLastUsed, now) < TOKEN_MAX_IDLE_DAYS))
      .map((t) => {
        const when = ago(t.dateLastUsed, now);
        return flag(t, `was last used ${when}`, {
          field: 'dateLastUsed',
          current: t.dateLastUsed,
          expected: `used within ${TOKEN_MAX_IDLE_DAYS} days`,
          message: `Organization auth token "${t.name}" was last used ${when}.`,
        });
      });
    return outcomeFor('2.4.1', state, flagged);
  },
};

const check2_4_2: CheckDef = {
  id: '2.4.2',
  title: 'No organization auth token that was never used',
  level: 'L2',
  automation: 'auto',
  risk: 'risky',
  rationale: 'A token created and never used serves no job: it only adds a credential that could leak.',
  reads: ['orgAuthTokens'],
  sources: SOURCES,
  evaluate({ state, now }) {
    const tokens = readTokens(state);
    if ('outcome' in tokens) return tokens.outcome;
    const flagged = tokens.value
      .filter((t) => t.dateLastUsed === null && !(ageDays(t.dateCreated, now) < TOKEN_NEVER_USED_GRACE_DAYS))
      .map((t) => {
        const created = ago(t.dateCreated, now);
        return flag(t, `was never used since it was created ${created}`, {
          field: 'dateLastUsed',
          current: null,
          expected: `used within ${TOKEN_NEVER_USED_GRACE_DAYS} days of creation`,
          message: `Organization auth token "${t.name}" was created ${created} and never used.`,
        });
      });
    return outcomeFor('2.4.2', state, flagged);
  },
};

const check2_4_3: CheckDef = {
  id: '2.4.3',
  title: 'Organization auth tokens carry only org:ci',
  level: 'L1',
  automation: 'auto',
  risk: 'risky',
  rationale: 'Sentry creates every organization auth token with the scope org:ci (releases, source maps, debug files); a token with other scopes was made outside the UI and can read or change more than CI needs.',
  reads: ['orgAuthTokens'],
  sources: SOURCES,
  evaluate({ state }) {
    const tokens = readTokens(state);
    if ('outcome' in tokens) return tokens.outcome;
    const flagged = tokens.value
      .filter((t) => t.scopes.some((s) => !CI_SCOPES.includes(s)))
      .map((t) => {
        const extra = t.scopes.filter((s) => !CI_SCOPES.includes(s));
        return flag(t, `carries scopes beyond org:ci (${extra.join(', ')})`, {
          field: 'scopes',
          current: t.scopes,
          expected: [...CI_SCOPES],
          message: `Organization auth token "${t.name}" has the ${word(extra.length, 'scope')} ${extra.join(', ')} besides what Sentry gives CI tokens (org:ci); revoke it and create a new token in Sentry, which gets org:ci only.`,
        });
      });
    return outcomeFor('2.4.3', state, flagged);
  },
};

export const control2_4: ControlDef = {
  id: '2.4',
  title: 'Organization auth tokens',
  level: 'L1',
  frameworks: { cis: ['5.3', '6.2'], nist: ['IA-5', 'AC-2(3)'], soc2: ['CC6.1', 'CC6.2'] },
  rationale:
    'Organization auth tokens let CI create releases and upload source maps and debug files. Tokens nobody uses and tokens with more than org:ci are credentials that can leak without anyone noticing; revoke them (this cannot be undone).',
  checks: [check2_4_1, check2_4_2, check2_4_3],
};
