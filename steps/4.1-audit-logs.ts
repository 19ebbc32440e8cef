// 4.1 Configure Audit Logs (POLICY.md 4.1): the audit log is readable, its security events are
// reviewed, and it is exported beyond Sentry's retention.

import {
  actorLabel,
  AUDIT_SOURCES,
  DATA_ACCESS_NOT_RECORDED,
  describeAuditEntry,
  entriesWithin,
  isSecurityEvent,
  redactAuditEntry,
} from '../src/state/audit-events.js';
import { need, orgSettingsUrl } from './lib.js';
import type { CheckDef, CheckOutcome, ControlDef, Finding } from './types.js';
import { humanTime, plural } from '../src/words.js';
import { z } from 'zod';
import { param } from './policy-params.js';

/** The policy-file parameters 4.1's checks (and 2.3.4's invitation ages) read (steps/policy.ts builds the policy file from them). */
export const policyParams4_1 = {
  auditWindowDays: param(z.number().int().min(1).max(365).describe('How many days of the audit log are read for security events'), 30),
};

function tokenCanReadAuditLog(scopes: string[] | null): boolean | null {
  if (scopes === null) return null;
  return scopes.includes('org:write') || scopes.includes('org:admin');
}

const check4_1_1: CheckDef = {
  id: '4.1.1',
  title: 'The audit log can be read',
  level: 'L1',
  reads: ['auditLog'],
  automation: 'manual',
  risk: 'none',
  rationale: 'Changes to SSO, 2FA, roles, scrubbing and keys are recorded in the audit log; it can only be monitored if it can be read.',
  evaluate(ctx) {
    const part = ctx.state.auditLog;
    if (part.ok) return { status: 'pass', findings: [] };
    const scopesOk = tokenCanReadAuditLog(ctx.state.whoami.scopes);
    const lacksScope = scopesOk === false || part.cause === 'permission';
    // Only a refusal answers the rule; a timeout or a 5xx says nothing about what the token may
    // read, so the check could not be evaluated.
    if (!lacksScope) {
      return {
        status: 'error',
        findings: [],
        reason: `The audit log could not be read: ${part.reason}. Run again; a 403 would mean the token lacks org:write.`,
      };
    }
    const message = 'The token lacks the org:write scope needed to read the audit log (Sentry answers 403). Use a token of an owner or manager with org:write.';
    return {
      status: 'fail',
      findings: [{
        resource: { type: 'audit-log', id: ctx.state.target.org },
        field: 'readable',
        current: false,
        expected: true,
        message,
      }],
      reason: `${part.reason}`,
      manualSteps: [
        'Create a user auth token with org:write (owner or manager) at ' + `${ctx.state.target.controlUrl.replace(/\/$/, '')}/settings/account/api/auth-tokens/` + ', or use an internal integration with Organization: Read & Write.',
        `Check the log in the web UI: ${orgSettingsUrl(ctx.state, 'audit-log/')}`,
      ],
    };
  },
};

const DATA_ACCESS_NOTE = `Data access events: not applicable. ${DATA_ACCESS_NOT_RECORDED}`;

const check4_1_2: CheckDef = {
  id: '4.1.2',
  params: ['auditWindowDays'],
  title: 'Security events of the audit window have been reviewed',
  level: 'L1',
  reads: ['auditLog'],
  automation: 'manual',
  risk: 'none',
  rationale: 'Protections turned off, privileged roles granted, SSO, key, token and integration changes are how an intruder or a mistake weakens the organization; someone must look at them.',
  sources: [...AUDIT_SOURCES],
  evaluate(ctx) {
    const a = need(ctx.state.auditLog, 'audit log');
    if ('outcome' in a) return a.outcome;
    const days = ctx.policy.auditWindowDays;
    const events = entriesWithin(a.value, days, ctx.now).filter(isSecurityEvent).map(redactAuditEntry);
    const findings: Finding[] = events.map((e) => ({
      resource: { type: 'audit-log', id: e.id },
      field: e.event,
      current: describeAuditEntry(e),
      expected: 'reviewed',
      message: `${humanTime(e.dateCreated)} · ${actorLabel(e)} · ${describeAuditEntry(e)}`,
    }));
    const summary = events.length === 0
      ? `No security events in the last ${days} days; a person confirms that this matches what they expect.`
      : `${plural(events.length, 'security event')} in the last ${days} days (newest first): a person reviews that each was intended.`;
    return {
      status: 'manual',
      findings,
      // POLICY.md 4.1.2: the guide's data-access events are reported as not applicable. A check
      // has one status, so it is said in the reason, which every report format shows.
      reason: `${summary} ${DATA_ACCESS_NOTE}`,
      manualSteps: [
        `Review each event below: was the change intended, and was it made by the person shown? Full log: ${orgSettingsUrl(ctx.state, 'audit-log/')}`,
        'Reverse unintended changes and, if an account may be compromised, revoke its sessions and tokens.',
        `sentry-harden audit-log --since ${days}d lists the same events.`,
        DATA_ACCESS_NOTE,
      ],
    };
  },
};

/** The not_applicable outcome for the guide's "data access events" (for reports and the audit-log command). */
export function dataAccessEventsOutcome(): CheckOutcome {
  return { status: 'not_applicable', findings: [], reason: DATA_ACCESS_NOT_RECORDED };
}

const check4_1_3: CheckDef = {
  id: '4.1.3',
  title: 'The audit log is exported for retention',
  level: 'L2',
  reads: ['auditLog'],
  automation: 'manual',
  risk: 'none',
  rationale: 'Sentry keeps audit entries for a limited time that depends on the plan; an export keeps the evidence for investigations and audits.',
  evaluate(ctx) {
    return {
      status: 'manual',
      findings: [],
      reason: 'Whether the audit log is exported cannot be seen through the API: a person confirms a scheduled export exists.',
      manualSteps: [
        `Run \`sentry-harden audit-log --org ${ctx.state.target.org} --export FILE\` on a schedule (e.g. daily in CI or cron) with a token that has org:write: it appends new entries as JSON Lines, skips entries already in FILE (by entry id), resumes after an interruption and writes FILE with mode 0600.`,
        'Keep FILE in storage with its own retention and access control (secrets in entries are redacted).',
      ],
    };
  },
};

export const control4_1: ControlDef = {
  id: '4.1',
  title: 'Configure Audit Logs',
  level: 'L1',
  frameworks: { cis: ['8.2'], nist: ['AU-2'], soc2: ['CC7.2'] },
  rationale:
    'The audit log records who changed authentication, permissions, scrubbing and DSNs. ' +
    'It must be readable, reviewed for security events and kept beyond Sentry\'s retention to support investigations.',
  checks: [check4_1_1, check4_1_2, check4_1_3],
};
