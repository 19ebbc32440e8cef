// Issue 10 item 5: 4.1.2 reviews the protective events of Sentry's audit-log registry
// (src/sentry/audit_log/register.py, events.py) and org.edit changes that weaken protection
// (organization_details.py records "from X to Y" / "to Y" per changed option or flag).
import { describe, expect, it } from 'vitest';
import { isSecurityEvent } from '../../src/state/audit-events.js';
import { partOk } from '../../src/state/types.js';
import { makeState, NOW } from '../fixtures/state.js';
import { runCheck } from './helpers.js';

const ev = (event: string, data: Record<string, unknown> = {}) => ({ event, data });

describe('issue 10 / 5: security events of the audit log', () => {
  // api_name values as registered in register.py / events.py
  it.each([
    'org-auth-token.remove', 'api-key.edit', 'api-key.remove', 'projectkey.change',
    'servicehook.create', 'servicehook.edit', 'servicehook.remove',
    'integration.add', 'integration.edit', 'integration.remove', 'integration.upgrade', 'integration.disable', 'integration.rotate-client-secret',
    'sentry-app.add', 'sentry-app.remove', 'sentry-app.install', 'sentry-app.uninstall',
    'internal-integration.create', 'internal-integration.add-token', 'trusted-relay.add', 'data-secrecy.waived',
  ])('%s is reviewed', (event) => {
    expect(isSecurityEvent(ev(event))).toBe(true);
  });

  it('turning off "Allow Sentry Staff Access" protection (prevent_superuser_access to False) is reviewed', () => {
    expect(isSecurityEvent(ev('org.edit', { prevent_superuser_access: 'to False' }))).toBe(true);
    expect(isSecurityEvent(ev('org.edit', { prevent_superuser_access: 'to True' }))).toBe(false);
  });

  it.each([
    [{ attachmentsRole: 'from admin to member' }, true],
    [{ debugFilesRole: 'from admin to member' }, true],
    [{ debugFilesRole: 'to member' }, true], // option created; Sentry's default is admin
    [{ storeCrashReports: 'from 0 to 5' }, true],
    [{ storeCrashReports: 'from 5 to -1' }, true], // -1 = unlimited
    [{ attachmentsRole: 'from member to admin' }, false],
    [{ debugFilesRole: 'from member to owner' }, false],
    [{ storeCrashReports: 'from 5 to 0' }, false],
  ])('org.edit %j → reviewed: %s', (data, expected) => {
    expect(isSecurityEvent(ev('org.edit', data))).toBe(expected);
  });

  it('a project that starts storing crash reports or lowers its debug-files role is reviewed', () => {
    expect(isSecurityEvent(ev('project.edit', { slug: 'app', 'sentry:store_crash_reports': 10 }))).toBe(true);
    expect(isSecurityEvent(ev('project.edit', { slug: 'app', 'sentry:debug_files_role': 'member' }))).toBe(true);
  });

  it('routine events stay out (monitors, alert rules, team joins)', () => {
    for (const e of ['monitor.edit', 'alertrule.create', 'member.join-team', 'rule.edit']) expect(isSecurityEvent(ev(e)), e).toBe(false);
  });

  it('4.1.2 lists a removed org token and a new integration for review', () => {
    const day = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
    const entries = [
      { id: '1', event: 'org-auth-token.remove', data: { name: 'CI' }, dateCreated: day(2), actor: null, targetUser: null, note: 'removed org auth token CI', ipAddress: null },
      { id: '2', event: 'integration.add', data: { provider: 'github', name: 'acme' }, dateCreated: day(3), actor: null, targetUser: null, note: '', ipAddress: null },
    ];
    const out = runCheck('4.1.2', makeState({ auditLog: partOk(entries as never) }));
    expect(out.findings.map((f) => f.field)).toEqual(['org-auth-token.remove', 'integration.add']);
  });
});
