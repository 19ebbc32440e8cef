// 3.5 Replay and AI data (issue 13; beyond the guide): who may watch session replays, and which
// event data Sentry's AI features (Seer) process. Both are organization options written through
// the org details PUT (src/sentry/core/endpoints/organization_details.py).

import type { Member } from '../src/sentry/types.js';
import { containsName, isMember, memberLabel, need, orgRef, orgSettingsUrl } from './lib.js';
import type { CheckDef, CheckOutcome, ControlDef, Finding, PlannedChange } from './types.js';
import { plural } from '../src/words.js';
import { param, stringList } from './policy-params.js';

/** The policy-file parameters 3.5's checks read (steps/policy.ts builds the policy file from them). */
export const policyParams3_5 = {
  replayAccess: param(
    stringList.describe(
      'Emails of the members allowed to watch session replays once replay access is restricted; without it 3.5.1 stays failing: turning the restriction on with nobody listed would hide replays from everyone',
    ),
    [],
  ),
};

const ORG_DETAILS = 'getsentry/sentry:src/sentry/core/endpoints/organization_details.py';
const ORG_SERIALIZER = 'getsentry/sentry:src/sentry/api/serializers/models/organization.py';

/**
 * Replay access (src/sentry/replays/permissions.py has_replay_permission): with the option
 * `sentry:granular-replay-permissions` off, every member who can see a project sees its
 * replays; with it on, only users on the OrganizationMemberReplayAccess allowlist do (and with
 * an empty list nobody but Sentry superusers, org auth tokens and integrations with event:read).
 * replayAccessMembers holds USER ids (organization_details.py save, test_replay_access_members_*).
 */
const check3_5_1: CheckDef = {
  id: '3.5.1',
  params: ['replayAccess'],
  title: 'Session replays are visible only to named people',
  level: 'L3',
  reads: ['members'],
  automation: 'guided',
  risk: 'disruptive',
  rationale: 'A session replay records what the user saw and did on screen (forms, pages, clicks); restricting replays to a named list keeps that view of your users with the people who need it.',
  sources: [ORG_DETAILS, ORG_SERIALIZER, 'getsentry/sentry:src/sentry/replays/permissions.py'],
  evaluate({ state, policy }) {
    const org = need(state.org, 'organization settings');
    if ('outcome' in org) return org.outcome;
    const on = org.value.hasGranularReplayPermissions;
    if (typeof on !== 'boolean') {
      return {
        status: 'manual',
        findings: [],
        reason: 'this Sentry version has no granular replay permissions (hasGranularReplayPermissions is absent from the organization settings): everyone who can see a project sees its replays',
        manualSteps: [
          'Limit who sees the projects that record replays by team membership (2.1.3, 2.2).',
          'Keep the Replay SDK\'s default privacy settings (maskAllText, blockAllMedia) so replays carry no text or media of your users.',
        ],
      };
    }
    const live = [...(org.value.replayAccessMembers ?? [])].sort();
    if (on && policy.replayAccess.length === 0) return { status: 'pass', findings: [] };
    const members = need(state.members, 'members (to find the user of each replayAccess email)');
    // restricted, but to whom the policy's emails name is unknown: never pass without comparing
    if ('outcome' in members) return members.outcome;
    const wanted = resolveUsers(members.value, policy.replayAccess);
    const wantedIds = wanted.users.map((m) => String(m.user?.id)).sort();
    if (on && sameIds(live, wantedIds) && wanted.missing.length === 0) return { status: 'pass', findings: [] };
    const findings: Finding[] = [];
    if (!on) {
      findings.push({ resource: orgRef(state), field: 'hasGranularReplayPermissions', current: false, expected: true, message: 'Every member who can see a project can watch its session replays.' });
    } else {
      findings.push({ resource: orgRef(state), field: 'replayAccessMembers', current: live, expected: wantedIds, message: `Replay access is restricted, but to ${plural(live.length, 'user')} other than the ${wantedIds.length} of policy replayAccess.` });
    }
    const warnings = wanted.missing.length > 0 ? [`Not members with an active account, so not given replay access: ${wanted.missing.join(', ')}.`] : [];
    if (wanted.users.length === 0) {
      return {
        status: 'fail',
        findings,
        changes: [],
        missingParameter: 'replayAccess',
        reason: 'list the emails of the people who may watch replays in policy replayAccess; turning the restriction on with nobody listed would hide replays from everyone',
        ...(warnings.length > 0 ? { warnings } : {}),
      };
    }
    const changes: PlannedChange[] = [];
    if (!sameIds(live, wantedIds)) {
      changes.push({ checkId: '3.5.1', target: orgRef(state), field: 'replayAccessMembers', before: live, after: wantedIds, risk: 'disruptive', reversible: true });
    }
    if (!on) {
      changes.push({
        checkId: '3.5.1', target: orgRef(state), field: 'hasGranularReplayPermissions', before: false, after: true, risk: 'disruptive', reversible: true,
        consequence: `Only ${wanted.users.map(memberLabel).join(', ')} can watch session replays; everyone else sees "You don't have access to this feature" on replays.`,
      });
    }
    return { status: 'fail', findings, changes, ...(warnings.length > 0 ? { warnings } : {}) };
  },
};

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The members (with an active user) named by email in the policy, and the emails that name none. */
function resolveUsers(members: readonly Member[], emails: readonly string[]): { users: Member[]; missing: string[] } {
  const users: Member[] = [];
  const missing: string[] = [];
  for (const email of emails) {
    const m = members.find((x) => isMember(x) && (containsName([x.email, x.user?.email ?? ''], email)));
    if (m) users.push(m);
    else missing.push(email);
  }
  return { users, missing };
}

/**
 * What hideAiFeatures gates: Seer's issue fixes (src/sentry/seer/autofix/autofix.py
 * trigger_autofix answers 403 "AI features are disabled for this organization."), automatic
 * Seer runs on new issues, LLM issue detection over transactions, AI code review and AI titles
 * (each reads `sentry:hide_ai_features` before sending data to Seer).
 */
const AI_SOURCES = [ORG_DETAILS, ORG_SERIALIZER, 'getsentry/sentry:src/sentry/seer/autofix/autofix.py'] as const;

/** The org option is absent: the server predates Sentry's AI features. */
function noAiOptions(field: string): CheckOutcome {
  return {
    status: 'manual',
    findings: [],
    reason: `the organization settings carry no ${field}: this Sentry version predates its AI (Seer) settings; confirm no AI integration sends your event data elsewhere`,
  };
}

const check3_5_2: CheckDef = {
  id: '3.5.2',
  title: 'Seer does not run on new issues by itself',
  level: 'L2',
  reads: [],
  automation: 'auto',
  risk: 'none',
  rationale: 'With automatic Seer runs, issues of new projects are sent to Seer (and its model providers) with their stack traces, breadcrumbs and linked source code without anyone asking; running it on request keeps that a person\'s decision.',
  sources: [...AI_SOURCES],
  evaluate({ state }) {
    const org = need(state.org, 'organization settings');
    if ('outcome' in org) return org.outcome;
    if (org.value.hideAiFeatures === true) return { status: 'pass', findings: [] };
    const scanner = org.value.defaultSeerScannerAutomation;
    const tuning = org.value.defaultAutofixAutomationTuning;
    if (typeof scanner !== 'boolean' || typeof tuning !== 'string') return noAiOptions('defaultSeerScannerAutomation / defaultAutofixAutomationTuning');
    const findings: Finding[] = [];
    const changes: PlannedChange[] = [];
    if (scanner) {
      findings.push({ resource: orgRef(state), field: 'defaultSeerScannerAutomation', current: true, expected: false, message: 'New projects scan every new issue with Seer.' });
      changes.push({ checkId: '3.5.2', target: orgRef(state), field: 'defaultSeerScannerAutomation', before: true, after: false, risk: 'none', reversible: true });
    }
    if (tuning !== 'off') {
      findings.push({ resource: orgRef(state), field: 'defaultAutofixAutomationTuning', current: tuning, expected: 'off', message: `New projects run Seer's issue fix automatically ("${tuning}").` });
      changes.push({ checkId: '3.5.2', target: orgRef(state), field: 'defaultAutofixAutomationTuning', before: tuning, after: 'off', risk: 'none', reversible: true });
    }
    if (findings.length === 0) return { status: 'pass', findings: [] };
    return {
      status: 'fail',
      findings,
      changes,
      manualSteps: [`These are the defaults for projects created from now on; existing projects keep their own Seer automation setting: review each at ${orgSettingsUrl(state, 'projects/')} (Project Settings > Seer).`],
    };
  },
};

const check3_5_3: CheckDef = {
  id: '3.5.3',
  title: 'AI features are hidden',
  level: 'L3',
  reads: [],
  automation: 'auto',
  risk: 'disruptive',
  rationale: 'Sentry\'s AI features send issue data (stack traces, breadcrumbs, request data that survived scrubbing, and source code from linked repositories) to Seer and its model providers; hiding them keeps event data out of that processing entirely.',
  sources: [...AI_SOURCES],
  evaluate({ state }) {
    const org = need(state.org, 'organization settings');
    if ('outcome' in org) return org.outcome;
    const hidden = org.value.hideAiFeatures;
    if (typeof hidden !== 'boolean') return noAiOptions('hideAiFeatures');
    if (hidden) return { status: 'pass', findings: [] };
    return {
      status: 'fail',
      findings: [{ resource: orgRef(state), field: 'hideAiFeatures', current: false, expected: true, message: 'AI features (Seer issue fixes, automatic runs, AI code review and summaries) may process the organization\'s event data.' }],
      changes: [{
        checkId: '3.5.3', target: orgRef(state), field: 'hideAiFeatures', before: false, after: true, risk: 'disruptive', reversible: true,
        consequence: 'Seer and every other AI feature stop for everyone in the organization (Sentry answers "AI features are disabled for this organization.").',
      }],
    };
  },
};

/**
 * The data-use consents of Legal & Compliance on sentry.io (genAIConsent =
 * `sentry:gen_ai_consent_v2024_11_14`, aggregatedDataConsent = `sentry:aggregated_data_consent`,
 * serializers/models/organization.py). The org details PUT does not accept them: getsentry's
 * data-consent endpoint writes them, so a person reviews them.
 */
const check3_5_4: CheckDef = {
  id: '3.5.4',
  title: 'Data-use consents are a recorded decision',
  level: 'L2',
  reads: [],
  automation: 'manual',
  risk: 'none',
  rationale: 'These consents let Sentry use the organization\'s data beyond running the service (generative AI processing, and aggregated use to improve its products and models); someone accountable should have agreed to them knowingly.',
  sources: [ORG_SERIALIZER, ORG_DETAILS],
  evaluate({ state }) {
    if (state.target.selfHosted) {
      return { status: 'not_applicable', findings: [], reason: 'a self-hosted server sends no event data to Sentry; the data-use consents exist on sentry.io only' };
    }
    const org = need(state.org, 'organization settings');
    if ('outcome' in org) return org.outcome;
    const { genAIConsent, aggregatedDataConsent } = org.value;
    if (typeof genAIConsent !== 'boolean' || typeof aggregatedDataConsent !== 'boolean') {
      return { status: 'error', findings: [], reason: 'the organization settings carry no genAIConsent / aggregatedDataConsent, so the data-use consents are unknown' };
    }
    const findings: Finding[] = [];
    if (genAIConsent) findings.push({ resource: orgRef(state), field: 'genAIConsent', current: true, expected: 'a recorded decision', message: 'The organization has agreed that Sentry may process its data with generative AI.' });
    if (aggregatedDataConsent) findings.push({ resource: orgRef(state), field: 'aggregatedDataConsent', current: true, expected: 'a recorded decision', message: 'The organization has agreed that Sentry may use its data in aggregate to improve its products, including its AI/ML models.' });
    if (findings.length === 0) return { status: 'pass', findings: [] };
    return {
      status: 'manual',
      findings,
      reason: 'the consents are given and withdrawn in Sentry\'s Legal & Compliance settings, not through this API',
      manualSteps: [
        `Confirm with whoever approves data processing (DPO, legal) that these consents are intended, and record the decision; withdraw them at ${orgSettingsUrl(state, 'legal/')} otherwise.`,
        'What each consent covers: https://docs.sentry.io/security-legal-pii/security/ai-ml-policy/',
      ],
    };
  },
};

export const control3_5: ControlDef = {
  id: '3.5',
  title: 'Replay and AI Data',
  level: 'L2',
  frameworks: { cis: ['3.3'], nist: ['AC-3', 'SA-9'], soc2: ['C1.1', 'CC6.1'] },
  rationale:
    'Session replays show what your users saw, and AI features send issue data to Seer and its model providers.\n' +
    'Decide who may watch replays and which data AI may process, and keep both decisions visible.',
  checks: [check3_5_1, check3_5_2, check3_5_3, check3_5_4],
};
