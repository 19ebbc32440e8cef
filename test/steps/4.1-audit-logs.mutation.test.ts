// 4.1: which answers mean "the token may not read the log" and which say nothing, found missing
// by mutation testing (issue 21). Sentry: the audit-log endpoint's permission class
// (OrganizationAuditPermission, src/sentry/api/bases/organization.py) lets GET through with
// org:write or org:admin and answers 403 otherwise.
import { describe, expect, it } from 'vitest';
import { control4_1, dataAccessEventsOutcome } from '../../steps/4.1-audit-logs.js';
import type { AuditEntry } from '../../src/sentry/types.js';
import { DATA_ACCESS_NOT_RECORDED } from '../../src/state/audit-events.js';
import { partError, partOk, type OrgState, type PartCause } from '../../src/state/types.js';
import { makeState, NOW, runCheck as run } from '../fixtures/state.js';

const withScopes = (scopes: string[] | null, reason: string, cause?: PartCause): OrgState => {
  const base = makeState();
  return makeState({ whoami: { ...base.whoami, scopes }, auditLog: partError(reason, cause) });
};
const at = (days: number): string => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const entry = (id: string, event: string, data: Record<string, unknown>, dateCreated: string): AuditEntry =>
  ({ id, actor: { email: 'a@acme.test' }, event, data, dateCreated });

describe('4.1.1 a refusal versus a failure that says nothing about the token', () => {
  it('a token with org:write or org:admin and a 5xx is an error (run again), not a finding', () => {
    for (const scopes of [['org:write'], ['org:admin'], ['org:read', 'org:admin']]) {
      const out = run('4.1.1', withScopes(scopes, '502 Bad Gateway'));
      expect(out, scopes.join()).toEqual({ status: 'error', findings: [], reason: 'The audit log could not be read: 502 Bad Gateway. Run again; a 403 would mean the token lacks org:write.' });
    }
  });

  it('a token without org:write/org:admin fails whatever the answer', () => {
    const out = run('4.1.1', withScopes(['org:read', 'member:admin'], 'timeout'));
    expect(out.status).toBe('fail');
    expect(out.reason).toBe('timeout');
    expect(out.findings).toEqual([{
      resource: { type: 'audit-log', id: 'acme' }, field: 'readable', current: false, expected: true,
      message: 'The token lacks the org:write scope needed to read the audit log (Sentry answers 403). Use a token of an owner or manager with org:write.',
    }]);
  });

  it('with unknown scopes (org auth token) only a refusal (cause permission, a 403) is a finding; the reason text decides nothing', () => {
    expect(run('4.1.1', withScopes(null, '403', 'permission')).status).toBe('fail');
    expect(run('4.1.1', withScopes(null, 'cannot read the audit log: permission denied (403)', 'permission')).status).toBe('fail');
    expect(run('4.1.1', withScopes(null, 'HTTP 403: Forbidden, no permission', 'other')).status).toBe('error');
    expect(run('4.1.1', withScopes(null, 'HTTP 403: Forbidden, no permission')).status).toBe('error');
    expect(run('4.1.1', withScopes(null, 'not found (404)', 'not_found')).status).toBe('error');
    expect(run('4.1.1', withScopes(null, '500 Internal Server Error', 'other')).status).toBe('error');
  });

  it('points to the token page of the control silo and the audit log of the org', () => {
    const base = makeState();
    const state = makeState({ target: { ...base.target, controlUrl: 'https://sentry.example.com/' }, auditLog: partError('403', 'permission') });
    expect(run('4.1.1', state).manualSteps).toEqual([
      'Create a user auth token with org:write (owner or manager) at https://sentry.example.com/settings/account/api/auth-tokens/, or use an internal integration with Organization: Read & Write.',
      'Check the log in the web UI: https://acme.sentry.io/settings/audit-log/',
    ]);
  });
});

describe('4.1.2 review list', () => {
  it('counts one event in the singular and gives its UTC minute', () => {
    const log = [entry('7', 'sso.enable', { provider: 'saml2' }, '2026-11-24T09:15:42.123Z')];
    const out = run('4.1.2', makeState({ auditLog: partOk(log) }));
    expect(out.status).toBe('manual');
    expect(out.reason).toMatch(/^1 security event in the last 30 days \(newest first\)/);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]?.resource).toEqual({ type: 'audit-log', id: '7' });
    expect(out.findings[0]?.field).toBe('sso.enable');
    expect(out.findings[0]?.expected).toBe('reviewed');
    expect(out.findings[0]?.message).toMatch(/^2026-11-24 09:15 UTC · a@acme\.test · /);
  });

  it('counts two events in the plural and leaves out events outside the window', () => {
    const log = [
      entry('1', 'projectkey.create', { label: 'x' }, at(1)),
      entry('2', 'projectkey.create', { label: 'y' }, at(2)),
      entry('3', 'projectkey.create', { label: 'z' }, at(12)),
    ];
    const out = run('4.1.2', makeState({ auditLog: partOk(log) }), { auditWindowDays: 10 });
    expect(out.reason).toMatch(/^2 security events in the last 10 days/);
    expect(out.findings.map((f) => f.resource.id)).toEqual(['1', '2']);
    expect(out.manualSteps).toContain('sentry-harden audit-log --since 10d lists the same events.');
  });

  it('says when there is nothing to review and still asks a person', () => {
    const out = run('4.1.2', makeState({ auditLog: partOk([]) }), { auditWindowDays: 5 });
    expect(out.status).toBe('manual');
    expect(out.findings).toEqual([]);
    expect(out.reason).toMatch(/^No security events in the last 5 days; a person confirms/);
  });

  it('is an error naming the audit log when it is unreadable', () => {
    expect(run('4.1.2', makeState({ auditLog: partError('403') }))).toEqual({ status: 'error', findings: [], reason: 'audit log: 403' });
  });
});

describe('4.1.3 export', () => {
  it('names this organization in the export command', () => {
    const out = run('4.1.3', makeState());
    expect(out.status).toBe('manual');
    expect(out.manualSteps?.[0]).toContain('sentry-harden audit-log --org acme --export FILE');
  });
});

describe('4.1: whole outcomes of the manual checks', () => {
  it('4.1.1 passes without findings when the log was read', () => {
    expect(run('4.1.1', makeState({ auditLog: partOk([]) }))).toEqual({ status: 'pass', findings: [] });
  });

  const NOTE = `Data access events: not applicable. ${DATA_ACCESS_NOT_RECORDED}`;

  it('4.1.2 with nothing to review: every step, the data-access note, no finding', () => {
    expect(run('4.1.2', makeState({ auditLog: partOk([entry('1', 'team.create', { slug: 't' }, at(1))]) }), { auditWindowDays: 30 })).toEqual({
      status: 'manual',
      findings: [],
      reason: `No security events in the last 30 days; a person confirms that this matches what they expect. ${NOTE}`,
      manualSteps: [
        'Review each event below: was the change intended, and was it made by the person shown? Full log: https://acme.sentry.io/settings/audit-log/',
        'Reverse unintended changes and, if an account may be compromised, revoke its sessions and tokens.',
        'sentry-harden audit-log --since 30d lists the same events.',
        NOTE,
      ],
    });
  });

  it('4.1.3 is manual, with no finding, naming this org in the export command', () => {
    expect(run('4.1.3', makeState())).toEqual({
      status: 'manual',
      findings: [],
      reason: 'Whether the audit log is exported cannot be seen through the API: a person confirms a scheduled export exists.',
      manualSteps: [
        'Run `sentry-harden audit-log --org acme --export FILE` on a schedule (e.g. daily in CI or cron) with a token that has org:write: it appends new entries as JSON Lines, skips entries already in FILE (by entry id), resumes after an interruption and writes FILE with mode 0600.',
        'Keep FILE in storage with its own retention and access control (secrets in entries are redacted).',
      ],
    });
  });

  it('the data-access outcome has no finding', () => {
    expect(dataAccessEventsOutcome()).toEqual({ status: 'not_applicable', findings: [], reason: DATA_ACCESS_NOT_RECORDED });
  });
});
