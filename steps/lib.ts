// Shared vocabulary of POLICY.md ("Member", "invitation", "SSO-linked", "browser JavaScript
// project", privileged roles) and small helpers the controls use.

import type { Member } from '../src/sentry/types.js';
import type { OrgState, Part, ProjectState } from '../src/state/types.js';
import { DAY_MS } from '../src/state/vocabulary.js';
import type { CheckOutcome } from './types.js';

// The vocabulary lives with the state it describes (collection reads it too); re-exported for the controls.
export { DAY_MS, hasBrowserSide, isBrowserJsProject, isInvitation, isMember, isPrivileged, isSsoLinked, PRIVILEGED_ROLES } from '../src/state/vocabulary.js';

/** Lists of names are compared trimmed and case-insensitively (POLICY.md). */
export function normName(s: string): string {
  return s.trim().toLowerCase();
}

export function containsName(list: readonly string[], name: string): boolean {
  const n = normName(name);
  return list.some((x) => normName(x) === n);
}

export function memberLabel(m: Member): string {
  return m.user?.email || m.email || m.name || `member ${m.id}`;
}

export const memberRef = (m: Member) => ({ type: 'member' as const, id: m.id, email: memberLabel(m) });
export const orgRef = (state: OrgState) => ({ type: 'organization' as const, id: state.target.org });

/** The signed-in person's own security page (2FA, security keys): on the control silo, not the org. */
export function accountSecurityUrl(state: OrgState): string {
  return `${state.target.controlUrl.replace(/\/+$/, '')}/settings/account/security/`;
}

/**
 * Unwrap a state part or turn its absence into the check's outcome: `error` (could not be read,
 * with the reason) or `not_applicable` (with the reason). Checks never pass by not looking.
 */
export function need<T>(part: Part<T>, what: string): { value: T } | { outcome: CheckOutcome } {
  if (part.ok) return { value: part.value };
  return {
    outcome: {
      status: part.kind === 'not_applicable' ? 'not_applicable' : 'error',
      findings: [],
      reason: `${what}: ${part.reason}`,
    },
  };
}

/**
 * A settings page of this org: `{orgUrl}/settings/{path}` on sentry.io (customer domains);
 * self-hosted servers have no org subdomains, so the org slug goes into the path.
 */
export function orgSettingsUrl(state: OrgState, path: string): string {
  const clean = path.replace(/^\//, '');
  if (state.target.selfHosted) {
    return `${state.target.baseUrl.replace(/\/$/, '')}/settings/${state.target.org}/${clean}`;
  }
  return `${state.target.organizationUrl.replace(/\/$/, '')}/settings/${clean}`;
}


export function daysBetween(from: string | Date, to: Date): number {
  const t = typeof from === 'string' ? Date.parse(from) : from.getTime();
  return Math.floor((to.getTime() - t) / DAY_MS);
}

/**
 * A part read from an endpoint a server may lack or a token may not be allowed to read (org auth
 * tokens, integrations, Relay usage): a 404 makes the check `manual` (look at `byHand`), a refusal
 * an `error` naming the scope the read needs; never a pass.
 */
export function needRead<T>(part: Part<T>, o: { what: string; scope: string; byHand: string }): { value: T } | { outcome: CheckOutcome } {
  if (part.ok) return { value: part.value };
  const cause = (part as { cause?: string }).cause;
  if (cause === 'not_found' || part.kind === 'not_applicable') {
    return {
      outcome: {
        status: 'manual',
        findings: [],
        reason: `${o.what}: ${part.reason}; this server does not offer it through the API`,
        manualSteps: [`Review ${o.what} by hand at ${o.byHand}.`],
      },
    };
  }
  const scope = cause === 'permission' ? `; reading it needs a token with the scope ${o.scope}` : '';
  return { outcome: { status: 'error', findings: [], reason: `${o.what}: ${part.reason}${scope}` } };
}
