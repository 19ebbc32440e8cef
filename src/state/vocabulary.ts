// POLICY.md's vocabulary about Sentry data ("Member", "invitation", "SSO-linked", "browser
// JavaScript project", privileged roles): read by collection (what to fetch) and by the checks.

import type { Member } from '../sentry/types.js';
import type { ProjectState } from './types.js';

export const DAY_MS = 86_400_000;

/** Platforms that load from file:// or localhost and would lose real events to browser filters. */
const NON_BROWSER_JS = new Set(['javascript-electron', 'javascript-cordova', 'javascript-capacitor', 'react-native']);

export function isBrowserJsProject(p: Pick<ProjectState, 'platform'>): boolean {
  const platform = p.platform ?? '';
  return platform.startsWith('javascript') && !NON_BROWSER_JS.has(platform);
}

/** An approved membership with an active user account. */
export function isMember(m: Member): boolean {
  return !m.pending && m.user !== null && m.user.isActive;
}

export function isInvitation(m: Member): boolean {
  return m.pending;
}

export function isSsoLinked(m: Member): boolean {
  return m.flags['sso:linked'] === true && m.flags['sso:invalid'] !== true;
}

export const PRIVILEGED_ROLES: ReadonlySet<string> = new Set(['owner', 'manager', 'admin']);

export function isPrivileged(role: string): boolean {
  return PRIVILEGED_ROLES.has(role);
}
