// POLICY.md's vocabulary about Sentry data ("Member", "invitation", "SSO-linked", "browser
// JavaScript project", privileged roles): read by collection (what to fetch) and by the checks.

import type { Member } from '../sentry/types.js';
import { classifyPlatform } from './platforms.js';
import type { ProjectState } from './types.js';

export const DAY_MS = 86_400_000;

/** Events of this project come from browsers only (platforms.ts, from Sentry's platform lists). */
export function isBrowserJsProject(p: Pick<ProjectState, 'platform'>): boolean {
  return classifyPlatform(p.platform) === 'browser';
}

/** Some of this project's events come from browsers (browser-only or full-stack platforms). */
export function hasBrowserSide(p: Pick<ProjectState, 'platform'>): boolean {
  const kind = classifyPlatform(p.platform);
  return kind === 'browser' || kind === 'mixed';
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
