// The contract between controls (pure data + rules), the engine and the renderers.

import type { Member } from '../src/sentry/types.js';
import type { OrgState, StatePart } from '../src/state/types.js';
import type { GuidedEdit } from './edits.js';
import type { Policy } from './policy.js';
import type { ResourceRef } from './resource-ref.js';

export type { ResourceRef } from './resource-ref.js';

import type { Level } from '../src/levels.js';

export { LEVELS, levelRank, type Level } from '../src/levels.js';

export type Automation = 'auto' | 'guided' | 'manual';
/** POLICY.md risk tiers */
export type Risk = 'risky' | 'disruptive' | 'none';
/** `accepted`: failing, but covered by an unexpired accepted risk of the policy file */
export type CheckStatus = 'pass' | 'fail' | 'manual' | 'not_applicable' | 'error' | 'accepted';

export interface Frameworks {
  cis: string[];
  nist: string[];
  soc2: string[];
}

export interface Finding {
  resource: ResourceRef;
  field: string;
  current: unknown;
  expected: unknown;
  message: string;
  /** where an effective value comes from (org vs project scrubbing) */
  source?: 'organization' | 'project';
}

/**
 * One field of one resource to change. The engine groups changes into API requests
 * (one org PUT for many org fields; one per key, filter, project or member).
 *
 * Conventions per target type (field → request), implemented by src/engine/resources/<type>.ts:
 * - organization: any org PUT field (`require2FA`, `sensitiveFields`, `relayPiiConfig` ...).
 * - project: project PUT field (`debugFilesRole`, `storeCrashReports`, `safeFields`,
 *   `allowedDomains`); `blockedIps` (string[]) is sent as options["filters:blacklisted_ips"].
 * - key: `rateLimit` or `isActive` (PUT, always re-sending browserSdkVersion); `create` (before
 *   null, after the new key's body incl. a name carrying the session id) for rotation.
 * - filter: `active` (bool) or `subfilters` (string[]).
 * - project-team: `linked` (false → true = POST, true → false = DELETE).
 * - spike-protection: `enabled` (false → true = POST with the project; rollback = DELETE).
 * - member: `orgRole` (PUT with the member's full teamRoles, carried in `context.teamRoles`).
 * - invitation: `exists` (true → false = DELETE; `context` keeps email, orgRole, teamRoles).
 * - org-auth-token: `exists` (true → false = DELETE, revoke; Sentry cannot restore a revoked token).
 */
export interface PlannedChange {
  checkId: string;
  target: ResourceRef;
  field: string;
  before: unknown;
  after: unknown;
  risk: Risk;
  reversible: boolean;
  /** what the person should know before confirming (shown in the warning box) */
  consequence?: string;
  /** extra data the engine needs (teamRoles of a member, browserSdkVersion of a key ...) */
  context?: Record<string, unknown>;
}

export interface CheckOutcome {
  status: CheckStatus;
  findings: Finding[];
  /** why not_applicable, why error, or what a person must do for manual */
  reason?: string;
  /** changes that fix a failing auto/guided check (empty when a guided value is missing) */
  changes?: PlannedChange[];
  /** guided: the policy parameter that would supply the missing value */
  missingParameter?: string;
  /** policy values the rule refused ("*" as an origin, a bad CIDR): the wizard's editor says so */
  invalidPolicy?: { parameter: string; problems: string[] }[];
  /** manual steps with this org's exact URLs and values */
  manualSteps?: string[];
  /** pre-flight refusals: the change must not be applied (e.g. acting user without 2FA) */
  blockers?: string[];
  /** consequences to show before confirming (members removed by the 2FA sweep ...) */
  warnings?: string[];
}

export interface CheckContext {
  state: OrgState;
  policy: Policy;
  now: Date;
}

export interface CheckDef {
  id: string;
  title: string;
  level: Level;
  automation: Automation;
  risk: Risk;
  /** one or two sentences a person can read: why this matters */
  rationale: string;
  /**
   * The Sentry / Relay source files the verdict follows, as `owner/repo:path`
   * (e.g. 'getsentry/relay:relay-filter/src/localhost.rs').
   */
  sources?: readonly string[];
  /** the policy-file parameters the rule reads (defined in its control's `policyParams*`): the policy reference names the check under each */
  params?: readonly Exclude<keyof Policy, 'acceptedRisks'>[];
  /** the parts of OrgState the rule reads: collection fetches only what the selected checks read */
  reads: readonly StatePart[];
  /**
   * the members whose detail (teams, team roles, authenticators) the rule or its plan needs.
   * Called on each page of the member list as it arrives (the reads start early) and on the
   * whole list: what a page chooses must also be chosen from the whole list (a filter, or a
   * count that only grows with the list), else that detail is read for nothing.
   */
  memberDetails?(members: readonly Member[], ctx: { policy: Policy; now: Date }): Member[];
  /** how many days back the rule reads the audit log (default: the policy's auditWindowDays) */
  auditLookbackDays?(policy: Policy): number;
  /** what a person chooses in the wizard while the check fails (guided checks, 3.2.1's rate limit) */
  edit?: GuidedEdit;
  evaluate(ctx: CheckContext): CheckOutcome;
}

export interface ControlDef {
  id: string;
  title: string;
  level: Level;
  frameworks: Frameworks;
  /** two or three lines: why this control matters */
  rationale: string;
  checks: CheckDef[];
}

export interface AcceptedRiskView {
  check: string;
  resource?: string;
  reason: string;
  owner: string;
  /** YYYY-MM-DD, inclusive */
  expires: string;
}

export interface CheckResult extends CheckOutcome {
  /** the policy's accepted risks that apply (status `accepted`, or some findings accepted) */
  acceptances?: AcceptedRiskView[];
  /** findings covered by an acceptance (no longer in `findings`) */
  acceptedFindings?: Finding[];
  /** acceptances of this check that have expired: it fails again */
  expiredAcceptances?: AcceptedRiskView[];
  id: string;
  title: string;
  level: Level;
  automation: Automation;
  risk: Risk;
  rationale: string;
}

export interface ControlResult {
  id: string;
  title: string;
  level: Level;
  frameworks: Frameworks;
  rationale: string;
  status: CheckStatus;
  checks: CheckResult[];
}
