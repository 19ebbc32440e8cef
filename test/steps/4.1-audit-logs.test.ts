import { describe, expect, it } from 'vitest';
import { control4_1, dataAccessEventsOutcome } from '../../steps/4.1-audit-logs.js';
import type { AuditEntry } from '../../src/sentry/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeState, NOW, runCheck as run } from '../fixtures/state.js';

const at = (days: number): string => new Date(NOW.getTime() - days * 86_400_000).toISOString();
let seq = 0;
const entry = (event: string, data: Record<string, unknown>, days: number, over: Partial<AuditEntry> = {}): AuditEntry => {
  seq += 1;
  return { id: String(seq), actor: { email: 'mallory@acme.test' }, event, data, dateCreated: at(days), ...over };
};

describe('control 4.1 metadata', () => {
  it('matches POLICY.md', () => {
    expect(control4_1).toMatchObject({ id: '4.1', title: 'Configure Audit Logs', level: 'L1', frameworks: { cis: ['8.2'], nist: ['AU-2'], soc2: ['CC7.2'] } });
    expect(control4_1.checks.map((c) => [c.id, c.level, c.automation, c.risk])).toEqual([
      ['4.1.1', 'L1', 'manual', 'none'],
      ['4.1.2', 'L1', 'manual', 'none'],
      ['4.1.3', 'L2', 'manual', 'none'],
    ]);
  });
});

describe('4.1.1 audit log readable', () => {
  it('passes when the audit log was read', () => {
    expect(run('4.1.1', makeState()).status).toBe('pass');
  });

  it('fails saying the token lacks org:write on a 403', () => {
    const out = run('4.1.1', makeState({ auditLog: partError('403 You do not have permission to perform this action.', 'permission') }));
    expect(out.status).toBe('fail');
    expect(out.findings[0]?.message).toMatch(/lacks the org:write scope/);
  });

  it('fails naming org:write when the token scopes lack it', () => {
    const base = makeState();
    const state = makeState({ whoami: { ...base.whoami, scopes: ['org:read', 'project:read'] }, auditLog: partError('request failed') });
    expect(run('4.1.1', state).findings[0]?.message).toMatch(/lacks the org:write scope/);
  });

  it('reports other failures as error with their reason (they say nothing about the token)', () => {
    const out = run('4.1.1', makeState({ auditLog: partError('connection reset') }));
    expect(out.status).toBe('error');
    expect(out.reason).toMatch(/connection reset.*a 403 would mean the token lacks org:write/);
  });
});

describe('4.1.2 security events', () => {
  it('lists security events of the window newest first, redacted, as manual', () => {
    const log = [
      entry('org.edit', { require_2fa: 'to False' }, 3),
      entry('team.create', { slug: 't' }, 2),
      entry('member.invite', { email: 'eve@x', role: 'owner' }, 1),
      entry('projectkey.create', { label: 'Leak', public_key: 'p', secret_key: 'S3CRETS3CRET' }, 5),
      entry('org.edit', { require_2fa: 'to False' }, 45),
    ];
    const out = run('4.1.2', makeState({ auditLog: partOk(log) }));
    expect(out.status).toBe('manual');
    expect(out.findings.map((f) => f.current)).toEqual(['invited eve@x as owner', 'turned off Require 2FA', 'created client key Leak']);
    expect(out.findings[0]?.message).toBe(`${at(1).slice(0, 16).replace('T', ' ')} UTC · mallory@acme.test · invited eve@x as owner`);
    expect(out.findings[0]?.resource).toEqual({ type: 'audit-log', id: log[2]?.id });
    expect(JSON.stringify(out)).not.toContain('S3CRETS3CRET');
    expect(out.reason).toMatch(/3 security events in the last 30 days/);
    // the guide's data-access events are reported as not applicable where every report shows it
    expect(out.reason).toMatch(/Data access events: not applicable\. Sentry records no data-access events/);
    expect(out.manualSteps?.join('\n')).toMatch(/Data access events: not applicable\. Sentry records no data-access events/);
  });

  it('uses auditWindowDays', () => {
    const log = [entry('sso.disable', { provider: 'saml2' }, 20)];
    expect(run('4.1.2', makeState({ auditLog: partOk(log) }), { auditWindowDays: 7 }).findings).toEqual([]);
    expect(run('4.1.2', makeState({ auditLog: partOk(log) }), { auditWindowDays: 30 }).findings).toHaveLength(1);
  });

  it('is an error when the audit log could not be read', () => {
    const out = run('4.1.2', makeState({ auditLog: partError('403', 'permission') }));
    expect(out.status).toBe('error');
    expect(out.reason).toContain('audit log: 403');
  });

  it('reports data-access events as not applicable', () => {
    expect(dataAccessEventsOutcome()).toMatchObject({ status: 'not_applicable', reason: expect.stringMatching(/no data-access events/) });
  });
});

describe('4.1.3 export', () => {
  it('is manual and explains the export command', () => {
    const out = run('4.1.3', makeState());
    expect(out.status).toBe('manual');
    expect(out.manualSteps?.[0]).toMatch(/sentry-harden audit-log --org acme --export FILE.*JSON Lines.*0600/);
  });
});
