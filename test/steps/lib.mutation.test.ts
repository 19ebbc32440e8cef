// The controls' shared vocabulary (steps/lib.ts, src/state/vocabulary.ts): negative cases next to
// positive ones, found missing by mutation testing (issue 21). Sentry facts: a member's
// `flags["sso:linked"]` / `["sso:invalid"]` (OrganizationMember.flags,
// src/sentry/models/organizationmember.py); `pending` = an invitation not yet accepted; a user with
// `isActive: false` is deactivated; self-hosted servers have no customer domains, so settings pages
// carry the org slug in the path (organizationUrl = baseUrl).
import { describe, expect, it } from 'vitest';
import {
  accountSecurityUrl, containsName, daysBetween, isBrowserJsProject, isInvitation, isMember, isPrivileged, isSsoLinked,
  memberLabel, memberRef, need, normName, orgRef, orgSettingsUrl,
} from '../../steps/lib.js';
import type { Member } from '../../src/sentry/types.js';
import { partError, partNotApplicable, partOk } from '../../src/state/types.js';
import { makeMember, makeState, NOW } from '../fixtures/state.js';

const flags = (linked: boolean, invalid: boolean): Member['flags'] => ({ 'sso:linked': linked, 'sso:invalid': invalid });

describe('members', () => {
  it('a member is approved, has a user and that user is active', () => {
    const m = makeMember();
    expect(isMember(m)).toBe(true);
    expect(isMember({ ...m, pending: true })).toBe(false);
    expect(isMember({ ...m, user: null })).toBe(false);
    expect(isMember({ ...m, user: { ...m.user!, isActive: false } })).toBe(false);
    expect(isInvitation({ ...m, pending: true })).toBe(true);
    expect(isInvitation(m)).toBe(false);
  });

  it('SSO-linked needs the link and no invalid flag', () => {
    expect(isSsoLinked(makeMember({ flags: flags(true, false) }))).toBe(true);
    expect(isSsoLinked(makeMember({ flags: flags(true, true) }))).toBe(false);
    expect(isSsoLinked(makeMember({ flags: flags(false, false) }))).toBe(false);
    expect(isSsoLinked(makeMember({ flags: {} as Member['flags'] }))).toBe(false);
  });

  it('privileged roles are owner, manager and the retired admin, not member or billing', () => {
    for (const r of ['owner', 'manager', 'admin']) expect(isPrivileged(r), r).toBe(true);
    for (const r of ['member', 'billing', 'Owner', '']) expect(isPrivileged(r), r).toBe(false);
  });

  it('labels a member by user email, else membership email, else name, else id', () => {
    const m = makeMember({ id: '9', email: 'inv@acme.test', name: 'Inv' });
    expect(memberLabel({ ...m, user: { ...m.user!, email: 'user@acme.test' } })).toBe('user@acme.test');
    expect(memberLabel({ ...m, user: null })).toBe('inv@acme.test');
    expect(memberLabel({ ...m, user: { ...m.user!, email: '' } })).toBe('inv@acme.test');
    expect(memberLabel({ ...m, user: null, email: '' })).toBe('Inv');
    expect(memberLabel({ ...m, user: null, email: '', name: '' })).toBe('member 9');
    expect(memberRef({ ...m, user: null })).toEqual({ type: 'member', id: '9', email: 'inv@acme.test' });
  });
});

describe('names', () => {
  it('compares trimmed and case-insensitively, whole names only', () => {
    expect(normName('  A@B.Test ')).toBe('a@b.test');
    expect(containsName([' Owner@Acme.test'], 'owner@acme.TEST ')).toBe(true);
    expect(containsName(['owner@acme.test'], 'owner@acme')).toBe(false);
    expect(containsName(['x', 'owner@acme.test'], 'owner@acme.test')).toBe(true);
    expect(containsName([], 'x')).toBe(false);
  });
});

describe('browser JavaScript projects', () => {
  it('are javascript platforms that are not Electron, Cordova, Capacitor or React Native', () => {
    for (const p of ['javascript', 'javascript-react', 'javascript-vue']) expect(isBrowserJsProject({ platform: p }), p).toBe(true);
    for (const p of ['javascript-electron', 'javascript-cordova', 'javascript-capacitor', 'react-native', 'node', 'python', null]) {
      expect(isBrowserJsProject({ platform: p }), String(p)).toBe(false);
    }
  });
});

describe('need', () => {
  it('unwraps a read part and turns a missing one into error or not_applicable with the reason', () => {
    expect(need(partOk(3), 'x')).toEqual({ value: 3 });
    expect(need(partError('403'), 'members')).toEqual({ outcome: { status: 'error', findings: [], reason: 'members: 403' } });
    expect(need(partNotApplicable('self-hosted'), 'spike protection')).toEqual({ outcome: { status: 'not_applicable', findings: [], reason: 'spike protection: self-hosted' } });
  });
});

describe('URLs', () => {
  const base = makeState();
  it('settings pages on sentry.io use the organization URL, without doubled slashes', () => {
    const state = makeState({ target: { ...base.target, organizationUrl: 'https://acme.sentry.io/' } });
    expect(orgSettingsUrl(state, '/members/')).toBe('https://acme.sentry.io/settings/members/');
    expect(orgSettingsUrl(state, 'auth/')).toBe('https://acme.sentry.io/settings/auth/');
  });

  it('settings pages on self-hosted put the org slug in the path', () => {
    const state = makeState({ target: { ...base.target, baseUrl: 'https://sentry.corp/', organizationUrl: 'https://sentry.corp', selfHosted: true } });
    expect(orgSettingsUrl(state, '/members/')).toBe('https://sentry.corp/settings/acme/members/');
  });

  it('the account security page is on the control host', () => {
    const state = makeState({ target: { ...base.target, controlUrl: 'https://sentry.io//' } });
    expect(accountSecurityUrl(state)).toBe('https://sentry.io/settings/account/security/');
    expect(orgRef(state)).toEqual({ type: 'organization', id: 'acme' });
  });
});

describe('daysBetween', () => {
  it('counts whole days, from a string or a date', () => {
    const at = (ms: number) => new Date(NOW.getTime() - ms);
    expect(daysBetween(at(2 * 86_400_000).toISOString(), NOW)).toBe(2);
    expect(daysBetween(at(2 * 86_400_000 - 1), NOW)).toBe(1);
    expect(daysBetween(at(-1), NOW)).toBe(-1);
  });
});
