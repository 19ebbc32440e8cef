// 3.1 Configure Data Scrubbing (POLICY.md 3.1): server-side scrubbing enforced by the
// organization, with the effective per-project values of projects.md §2.6.

import type { OrgDetails } from '../src/sentry/types.js';
import {
  SCRUBBING_SOURCES,
  effectiveScrubbing,
  effectiveToggle,
  fieldsMissing,
  fieldsOutside,
  MAX_SENSITIVE_FIELD_CHARS,
  totalChars,
} from '../src/state/effective.js';
import {
  describePiiRule,
  hasPiiRule,
  mergePiiRules,
  parsePiiConfig,
  relayLoadProblems,
  PII_CONFIG_SOURCES,
  PII_RULE_TYPES,
  unknownRuleTypes,
  REQUIRED_PII_RULES,
  serializePiiConfig,
  validatePiiConfig,
} from '../src/state/pii-config.js';
import type { OrgState, ProjectState } from '../src/state/types.js';
import { need, orgSettingsUrl } from './lib.js';
import type { CheckContext, CheckDef, CheckOutcome, ControlDef, Finding, PlannedChange, ResourceRef, Risk } from './types.js';
import { z } from 'zod';
import { param, stringList } from './policy-params.js';

/** The policy-file parameters 3.1's checks read (steps/policy.ts builds the policy file from them). */
export const policyParams3_1 = {
  sensitiveFields: param(
    stringList.describe("Field names the server-side data scrubber must always remove; merged into the organization's list, nothing of yours is dropped"),
    ['credit_card', 'card_number', 'cvv', 'bank_account', 'routing_number', 'social_security', 'passport_number', 'date_of_birth', 'tax_id'],
  ),
  allowedSafeFields: param(stringList.describe('Fields a project may exempt from scrubbing ("safe fields"); any other safe field is flagged'), []),
};

const orgRef = (state: OrgState): ResourceRef => ({ type: 'organization', id: state.target.org });
const projectRef = (p: ProjectState): ResourceRef => ({ type: 'project', id: p.slug, name: p.name });
const PASS: CheckOutcome = { status: 'pass', findings: [] };

type BoolField = 'dataScrubber' | 'dataScrubberDefaults' | 'scrubIPAddresses' | 'allowSharedIssues' | 'enhancedPrivacy';
type ProjectToggle = 'dataScrubber' | 'dataScrubberDefaults' | 'scrubIPAddresses';

interface OrgToggleSpec {
  id: string;
  reads: CheckDef['reads'];
  title: string;
  level: CheckDef['level'];
  risk: Risk;
  rationale: string;
  field: BoolField;
  expected: boolean;
  message: string;
  consequence?: string;
  /** also list projects whose effective value (org OR project) is off */
  projectToggle?: ProjectToggle;
  effectiveMessage?: string;
  sources?: readonly string[];
}

/** A check that one org boolean has the expected value (PUT org field). */
function orgToggleCheck(spec: OrgToggleSpec): CheckDef {
  return {
    id: spec.id,
    title: spec.title,
    level: spec.level,
    reads: spec.reads,
    automation: 'auto',
    risk: spec.risk,
    rationale: spec.rationale,
    ...(spec.sources ? { sources: spec.sources } : {}),
    evaluate(ctx: CheckContext): CheckOutcome {
      const o = need(ctx.state.org, 'organization settings');
      if ('outcome' in o) return o.outcome;
      const org = o.value;
      const current = org[spec.field];
      if (current === spec.expected) return PASS;
      const findings: Finding[] = [
        { resource: orgRef(ctx.state), field: spec.field, current, expected: spec.expected, message: spec.message, source: 'organization' },
      ];
      const toggle = spec.projectToggle;
      if (toggle && ctx.state.projects.ok) {
        for (const p of ctx.state.projects.value) {
          const eff = effectiveToggle(org[toggle], p[toggle]);
          if (!eff.value) {
            findings.push({
              resource: projectRef(p),
              field: toggle,
              current: false,
              expected: true,
              message: spec.effectiveMessage ?? `${toggle} is off for this project`,
              source: eff.source,
            });
          }
        }
      }
      const change: PlannedChange = {
        checkId: spec.id,
        target: orgRef(ctx.state),
        field: spec.field,
        before: current,
        after: spec.expected,
        risk: spec.risk,
        reversible: true,
        ...(spec.consequence ? { consequence: spec.consequence } : {}),
      };
      return {
        status: 'fail',
        findings,
        changes: [change],
        ...(spec.consequence ? { warnings: [spec.consequence] } : {}),
      };
    },
  };
}

const check3_1_1 = orgToggleCheck({
  id: '3.1.1',
  title: 'The organization requires server-side data scrubbing',
  level: 'L1',
  reads: ['projects'],
  risk: 'none',
  rationale: 'With "Require Data Scrubber" on, every project scrubs passwords, secrets and the sensitive fields before events are stored; a project cannot turn it off.',
  field: 'dataScrubber',
  expected: true,
  message: 'The organization does not require data scrubbing, so each project decides for itself.',
  projectToggle: 'dataScrubber',
  effectiveMessage: 'Data scrubbing is off for this project: the default scrubbers and the sensitive fields do not run (IP scrubbing and advanced rules still do).',
  sources: [...SCRUBBING_SOURCES],
});

/**
 * Projects for which Relay does not run the data scrubber (org OR project `dataScrubber` off): the
 * defaults and the sensitive fields do nothing there (relay-pii src/convert.rs `to_pii_config`).
 * `null` when the projects could not be read and the org does not force scrubbing.
 */
function scrubberOff(ctx: CheckContext, org: OrgDetails): { off: ProjectState[] } | { unreadable: string } {
  if (org.dataScrubber) return { off: [] };
  if (!ctx.state.projects.ok) return { unreadable: `projects: ${ctx.state.projects.reason}` };
  return { off: ctx.state.projects.value.filter((p) => !effectiveScrubbing(org, p).sensitiveFieldsApplied) };
}

const REQUIRE_SCRUBBER_HINT = 'Turn on "Require Data Scrubber" (check 3.1.1) or data scrubbing in these projects.';

const check3_1_2: CheckDef = {
  id: '3.1.2',
  title: 'The organization requires the default scrubbers',
  level: 'L1',
  reads: ['projects'],
  automation: 'auto',
  risk: 'none',
  rationale: 'Where data scrubbing is on, the default scrubbers remove passwords, secrets, tokens, API keys, auth values, credit cards, IBANs, SSNs and PEM keys; Relay runs them only when data scrubbing and the defaults are both on.',
  sources: [...SCRUBBING_SOURCES],
  evaluate(ctx) {
    const o = need(ctx.state.org, 'organization settings');
    if ('outcome' in o) return o.outcome;
    const org = o.value;
    const off = scrubberOff(ctx, org);
    const projectFindings = (list: readonly ProjectState[]): Finding[] => list.flatMap((p) => {
      const eff = effectiveScrubbing(org, p);
      if (eff.defaultsApplied) return [];
      return [{
        resource: projectRef(p),
        field: eff.dataScrubber.value ? 'dataScrubberDefaults' : 'dataScrubber',
        current: false,
        expected: true,
        message: `The default scrubbers do not run for this project: ${eff.notApplied}.`,
        source: eff.dataScrubber.value ? eff.dataScrubberDefaults.source : eff.dataScrubber.source,
      }];
    });
    if (org.dataScrubberDefaults !== true) {
      const findings: Finding[] = [
        { resource: orgRef(ctx.state), field: 'dataScrubberDefaults', current: org.dataScrubberDefaults, expected: true, message: 'The organization does not require the default scrubbers (passwords, tokens, credit cards, IBANs, SSNs, PEM keys).', source: 'organization' },
        ...(ctx.state.projects.ok ? projectFindings(ctx.state.projects.value) : []),
      ];
      const warnings = 'off' in off && off.off.length > 0
        ? [`Requiring the defaults has no effect where data scrubbing is off (${off.off.map((p) => p.slug).join(', ')}). ${REQUIRE_SCRUBBER_HINT}`]
        : [];
      return {
        status: 'fail',
        findings,
        changes: [{ checkId: '3.1.2', target: orgRef(ctx.state), field: 'dataScrubberDefaults', before: org.dataScrubberDefaults, after: true, risk: 'none', reversible: true }],
        ...(warnings.length > 0 ? { warnings } : {}),
      };
    }
    if ('unreadable' in off) {
      return { status: 'error', findings: [], reason: `The default scrubbers are required, but whether data scrubbing is on in each project could not be read (${off.unreadable}); Relay runs the defaults only where it is.` };
    }
    if (off.off.length === 0) return PASS;
    return {
      status: 'fail',
      findings: projectFindings(off.off),
      changes: [],
      reason: `The default scrubbers are required, but Relay runs them only where data scrubbing is on too: they do nothing in ${off.off.map((p) => p.slug).join(', ')}. ${REQUIRE_SCRUBBER_HINT}`,
    };
  },
};

const check3_1_5 = orgToggleCheck({
  id: '3.1.5',
  title: 'The organization prevents storing IP addresses',
  level: 'L2',
  // the per-project findings (projects that store IPs today) need the project list
  reads: ['projects'],
  risk: 'disruptive',
  rationale: 'IP addresses are personal data; removing them at ingestion keeps them out of every project.',
  field: 'scrubIPAddresses',
  expected: true,
  message: 'The organization does not require IP addresses to be scrubbed.',
  consequence: 'From now on Sentry removes IP addresses from new events of every project (user.ip_address, REMOTE_ADDR and IPs inside other values); features that use them (user counts by IP, geolocation) lose them.',
  projectToggle: 'scrubIPAddresses',
  effectiveMessage: 'IP addresses are stored for this project.',
});

const check3_1_7 = orgToggleCheck({
  id: '3.1.7',
  title: 'Public issue sharing is off',
  level: 'L2',
  reads: [],
  risk: 'none',
  rationale: 'Shared issue links are readable by anyone who has the link, without signing in, and show event data.',
  field: 'allowSharedIssues',
  expected: false,
  message: 'Members can share issues through public links that need no sign-in.',
});

const check3_1_8 = orgToggleCheck({
  id: '3.1.8',
  title: 'Enhanced privacy is on',
  level: 'L2',
  reads: [],
  risk: 'none',
  rationale: 'Enhanced privacy keeps source code and personal data out of notification emails and other integrations.',
  field: 'enhancedPrivacy',
  expected: true,
  message: 'Notifications may contain source code and personal data.',
});

/** Sensitive fields shorter than this destroy ordinary data (they match as substrings of keys and values). */
const SHORT_FIELD = 3;

const check3_1_3: CheckDef = {
  id: '3.1.3',
  params: ['sensitiveFields'],
  title: 'The organization scrubs the policy\'s sensitive fields',
  level: 'L1',
  reads: ['projects'],
  automation: 'auto',
  risk: 'disruptive',
  rationale: 'Payment, bank and identity numbers that the default scrubbers miss are scrubbed by name in every project where data scrubbing is on (Relay ignores sensitive fields where it is off).',
  sources: [...SCRUBBING_SOURCES],
  evaluate(ctx) {
    const o = need(ctx.state.org, 'organization settings');
    if ('outcome' in o) return o.outcome;
    const org = o.value;
    const missing = fieldsMissing(org.sensitiveFields, ctx.policy.sensitiveFields);
    const off = scrubberOff(ctx, org);
    if (missing.length === 0) {
      if ('unreadable' in off) {
        return { status: 'error', findings: [], reason: `The sensitive fields are set, but whether data scrubbing is on in each project could not be read (${off.unreadable}); Relay applies them only where it is.` };
      }
      if (off.off.length === 0) return PASS;
      return {
        status: 'fail',
        findings: off.off.map((p) => ({
          resource: projectRef(p),
          field: 'dataScrubber',
          current: false,
          expected: true,
          message: `The sensitive fields are not scrubbed in this project: ${effectiveScrubbing(org, p).notApplied}.`,
          source: effectiveScrubbing(org, p).dataScrubber.source,
        })),
        changes: [],
        reason: `The organization's sensitive fields are set, but Relay applies them only where data scrubbing is on: not in ${off.off.map((p) => p.slug).join(', ')}. ${REQUIRE_SCRUBBER_HINT}`,
      };
    }
    const after = [...org.sensitiveFields, ...missing];
    const total = totalChars(after);
    const finding: Finding = {
      resource: orgRef(ctx.state),
      field: 'sensitiveFields',
      current: org.sensitiveFields,
      expected: after,
      message: `Missing sensitive fields: ${missing.join(', ')}.`,
      source: 'organization',
    };
    if (total > MAX_SENSITIVE_FIELD_CHARS) {
      return {
        status: 'fail',
        findings: [{
          ...finding,
          message: `${finding.message} Adding them would make the list ${total} characters long; Sentry accepts at most ${MAX_SENSITIVE_FIELD_CHARS.toLocaleString('en-US')} characters in total, so nothing is planned. Remove unused entries from the organization's sensitive fields (${orgSettingsUrl(ctx.state, 'security-and-privacy/')}) or shorten the policy list.`,
        }],
        changes: [],
      };
    }
    // where: only projects with data scrubbing on; what: Relay never scrubs stack-frame file names,
    // debug_meta, the formatted log message, exception values or the user agent this way
    // (DATASCRUBBER_IGNORE, relay-pii src/convert.rs)
    const where = org.dataScrubber
      ? 'every project'
      : 'off' in off
        ? off.off.length === 0
          ? 'every project (data scrubbing is on in each)'
          : `projects with data scrubbing on, not in ${off.off.map((p) => p.slug).join(', ')} where it is off`
        : 'projects with data scrubbing on (the projects could not be read to say which)';
    const consequence = `From now on every key or value that contains ${missing.map((m) => `"${m}"`).join(', ')} (case-insensitive) is replaced with [Filtered] in new events of ${where}; stack-frame file names, debug files, the formatted log message, exception values and the user agent are never scrubbed this way.`;
    const short = missing.filter((m) => m.length < SHORT_FIELD);
    const warnings = [consequence];
    if (short.length > 0) warnings.push(`Very short names (${short.join(', ')}) match inside ordinary words and values and will destroy unrelated data.`);
    return {
      status: 'fail',
      findings: [finding],
      changes: [{
        checkId: '3.1.3',
        target: orgRef(ctx.state),
        field: 'sensitiveFields',
        before: org.sensitiveFields,
        after,
        risk: 'disruptive',
        reversible: true,
        consequence,
      }],
      warnings,
    };
  },
};

/** SDK-side scrubbing guidance per platform family (the option that sends PII and the hook). */
const SDK_GUIDANCE: [test: (platform: string) => boolean, label: string, text: string][] = [
  [(p) => p.startsWith('javascript') || p.startsWith('node') || p === 'react-native' || p.startsWith('bun') || p.startsWith('deno'),
    'JavaScript / Node.js', 'Sentry.init({ sendDefaultPii: false, beforeSend(event) { /* delete or mask request data, user fields, extra */ return event; } })'],
  [(p) => p.startsWith('python'), 'Python', 'sentry_sdk.init(send_default_pii=False, before_send=scrub_event)  # def scrub_event(event, hint): ... return event'],
  [(p) => p.startsWith('ruby') || p.startsWith('rails'), 'Ruby', 'Sentry.init { |config| config.send_default_pii = false; config.before_send = lambda { |event, hint| event } }'],
  [(p) => p.startsWith('php') || p.startsWith('laravel') || p.startsWith('symfony'), 'PHP', "\\Sentry\\init(['send_default_pii' => false, 'before_send' => function (\\Sentry\\Event $event): ?\\Sentry\\Event { return $event; }]);"],
  [(p) => p.startsWith('java') || p.startsWith('android') || p.startsWith('kotlin'), 'Java / Android', 'options.setSendDefaultPii(false); options.setBeforeSend((event, hint) -> event);'],
  [(p) => p.startsWith('go'), 'Go', 'sentry.Init(sentry.ClientOptions{SendDefaultPII: false, BeforeSend: func(e *sentry.Event, h *sentry.EventHint) *sentry.Event { return e }})'],
  [(p) => p.startsWith('csharp') || p.startsWith('dotnet'), '.NET', 'o.SendDefaultPii = false; o.SetBeforeSend((evt, hint) => evt);'],
  [(p) => p.startsWith('apple') || p.startsWith('cocoa') || p.startsWith('swift'), 'Apple', 'options.sendDefaultPii = false; options.beforeSend = { event in return event }'],
  [(p) => p.startsWith('flutter') || p.startsWith('dart'), 'Flutter / Dart', 'options.sendDefaultPii = false; options.beforeSend = (event, hint) => event;'],
  [(p) => p.startsWith('rust'), 'Rust', 'sentry::ClientOptions { send_default_pii: false, before_send: Some(Arc::new(|event| Some(event))), ..Default::default() }'],
  [(p) => p.startsWith('elixir'), 'Elixir', 'config :sentry, before_send: {MyApp.Sentry, :before_send}  # and do not attach request bodies or user data'],
];

const check3_1_4: CheckDef = {
  id: '3.1.4',
  title: 'SDKs scrub personal data before sending',
  level: 'L1',
  reads: ['projects'],
  automation: 'manual',
  risk: 'none',
  rationale: 'Data removed in the application never leaves it; server-side scrubbing is the second line. Sentry cannot see how SDKs are configured.',
  evaluate(ctx) {
    const steps: string[] = [
      'In every application that sends to Sentry, set the SDK option that sends default PII to false and add a beforeSend hook that removes or masks request bodies, cookies, headers, user fields and any domain-specific personal data.',
      'Send a test event containing a known value (e.g. a fake card number) and confirm it arrives scrubbed.',
    ];
    const platforms = ctx.state.projects.ok
      ? [...new Set(ctx.state.projects.value.map((p) => (p.platform ?? '').toLowerCase()))]
      : [];
    const used = new Set<string>();
    for (const platform of platforms) {
      const hit = SDK_GUIDANCE.find(([test]) => test(platform));
      if (!hit || used.has(hit[1])) continue;
      used.add(hit[1]);
      const projects = ctx.state.projects.ok
        ? ctx.state.projects.value.filter((p) => hit[0]((p.platform ?? '').toLowerCase())).map((p) => p.slug)
        : [];
      steps.push(`${hit[1]} (${projects.join(', ')}): ${hit[2]}`);
    }
    if (used.size === 0) {
      for (const [, label, text] of SDK_GUIDANCE.slice(0, 3)) steps.push(`${label}: ${text}`);
    }
    return {
      status: 'manual',
      findings: [],
      reason: 'How the SDKs are configured cannot be seen through the Sentry API: a person must check each application.',
      manualSteps: steps,
    };
  },
};

const check3_1_6: CheckDef = {
  id: '3.1.6',
  params: ['allowedSafeFields'],
  title: 'No safe fields outside the policy',
  level: 'L2',
  reads: ['projects'],
  automation: 'auto',
  risk: 'disruptive',
  rationale: 'Safe fields exempt data from the default scrubbers and the sensitive fields; a project can weaken the organization\'s scrubbing only this way.',
  evaluate(ctx) {
    const o = need(ctx.state.org, 'organization settings');
    if ('outcome' in o) return o.outcome;
    const org = o.value;
    const allowed = ctx.policy.allowedSafeFields;
    const findings: Finding[] = [];
    const changes: PlannedChange[] = [];
    const consequence = (names: string[]): string =>
      `From now on ${names.map((n) => `"${n}"`).join(', ')} ${names.length === 1 ? 'is' : 'are'} scrubbed again like any other field in new events.`;
    const orgBad = fieldsOutside(org.safeFields, allowed);
    if (orgBad.length > 0) {
      const after = org.safeFields.filter((f) => !orgBad.includes(f));
      findings.push({
        resource: orgRef(ctx.state),
        field: 'safeFields',
        current: org.safeFields,
        expected: after,
        message: `Organization safe fields outside the policy: ${orgBad.join(', ')} (exempted from scrubbing in every project).`,
        source: 'organization',
      });
      changes.push({ checkId: '3.1.6', target: orgRef(ctx.state), field: 'safeFields', before: org.safeFields, after, risk: 'disruptive', reversible: true, consequence: consequence(orgBad) });
    }
    const projectsPart = ctx.state.projects;
    if (projectsPart.ok) {
      for (const p of projectsPart.value) {
        const bad = fieldsOutside(p.safeFields, allowed);
        if (bad.length === 0) continue;
        const after = p.safeFields.filter((f) => !bad.includes(f));
        const eff = effectiveScrubbing(org, p).safeFields.map((s) => s.value);
        findings.push({
          resource: projectRef(p),
          field: 'safeFields',
          current: p.safeFields,
          expected: after,
          message: `Project safe fields outside the policy: ${bad.join(', ')} (effective safe fields: ${eff.join(', ')}).`,
          source: 'project',
        });
        changes.push({ checkId: '3.1.6', target: projectRef(p), field: 'safeFields', before: p.safeFields, after, risk: 'disruptive', reversible: true, consequence: consequence(bad) });
      }
    }
    return finish(findings, changes, projectsPart.ok ? [] : [`projects: ${projectsPart.reason}`]);
  },
};

const check3_1_9: CheckDef = {
  id: '3.1.9',
  title: 'Advanced scrubbing rules for cards, IBANs and credentials',
  level: 'L3',
  reads: [],
  automation: 'auto',
  risk: 'disruptive',
  rationale: 'Advanced rules also apply to safe fields and mask card numbers, replace IBANs and remove authorization headers, API keys, cookies and passwords wherever they appear.',
  sources: [...PII_CONFIG_SOURCES],
  evaluate(ctx) {
    const o = need(ctx.state.org, 'organization settings');
    if ('outcome' in o) return o.outcome;
    const org = o.value;
    const settingsUrl = orgSettingsUrl(ctx.state, 'security-and-privacy/');
    const parsed = parsePiiConfig(org.relayPiiConfig);
    const required = REQUIRED_PII_RULES.map(describePiiRule);
    if (!parsed.ok) {
      return {
        status: 'fail',
        findings: [{ resource: orgRef(ctx.state), field: 'relayPiiConfig', current: 'unreadable', expected: required, message: `${parsed.error}. The tool does not overwrite rules it cannot read: fix or clear them under Advanced Data Scrubbing at ${settingsUrl}, then re-run.`, source: 'organization' }],
        changes: [],
      };
    }
    // A config Relay cannot deserialise (relay-pii src/config.rs `PiiConfig`: e.g. a rule that is
    // not an object, even one named like a built-in such as "@creditcard:mask") is applied by
    // Relay not at all, so no required rule is in effect; Sentry would not save it either
    // (datascrubbing.py `validate_pii_config_update`). Not overwritten: a person fixes it.
    const unloadable = relayLoadProblems(parsed.config);
    if (unloadable.length > 0) {
      return {
        status: 'fail',
        findings: [{ resource: orgRef(ctx.state), field: 'relayPiiConfig', current: 'not loadable by Relay', expected: required, message: `Relay cannot load the advanced scrubbing rules (${unloadable.join('; ')}), so none of them apply. The tool does not overwrite rules it cannot read: fix or clear them under Advanced Data Scrubbing at ${settingsUrl}, then re-run.`, source: 'organization' }],
        changes: [],
      };
    }
    // A rule type Relay's RuleType does not have: what it scrubs cannot be judged (never pass)
    const unknownTypes = unknownRuleTypes(parsed.config);
    if (unknownTypes.length > 0) {
      return {
        status: 'manual',
        findings: [],
        reason: `The advanced scrubbing rules use rule types this tool does not know: ${unknownTypes.map((u) => `"${u.name}" has type ${JSON.stringify(u.type)}`).join('; ')} (Relay's rule types: ${[...PII_RULE_TYPES].join(', ')}). What they scrub cannot be judged and nothing is planned; a person checks them.`,
        manualSteps: [`Review or fix the rules under Advanced Data Scrubbing at ${settingsUrl}, then re-run.`],
      };
    }
    const present = REQUIRED_PII_RULES.filter((r) => hasPiiRule(parsed.config, r));
    const missing = REQUIRED_PII_RULES.filter((r) => !present.includes(r));
    if (missing.length === 0) return PASS;
    const finding: Finding = {
      resource: orgRef(ctx.state),
      field: 'relayPiiConfig',
      current: present.map(describePiiRule),
      expected: required,
      message: `Missing advanced scrubbing rules: ${missing.map(describePiiRule).join('; ')}.`,
      source: 'organization',
    };
    const existingProblems = validatePiiConfig(parsed.config);
    if (existingProblems.length > 0) {
      return {
        status: 'fail',
        findings: [{ ...finding, message: `${finding.message} The existing rules have problems (${existingProblems.join('; ')}); fix them at ${settingsUrl} first, nothing is planned.` }],
        changes: [],
      };
    }
    const merged = mergePiiRules(parsed.config);
    const problems = validatePiiConfig(merged);
    if (problems.length > 0) {
      return { status: 'error', findings: [finding], reason: `The merged scrubbing rules failed local validation: ${problems.join('; ')}` };
    }
    const consequence = 'From now on card numbers are masked, IBANs replaced and authorization headers, X-API-Key headers, cookies and password fields removed from new events of every project, including safe fields. Existing rules are kept.';
    return {
      status: 'fail',
      findings: [finding],
      changes: [{
        checkId: '3.1.9',
        target: orgRef(ctx.state),
        field: 'relayPiiConfig',
        before: org.relayPiiConfig,
        after: serializePiiConfig(merged),
        risk: 'disruptive',
        reversible: true,
        consequence,
      }],
      warnings: [consequence],
    };
  },
};

const check3_1_10: CheckDef = {
  id: '3.1.10',
  title: 'Native crash reports are not stored',
  level: 'L3',
  reads: ['projects'],
  automation: 'auto',
  risk: 'none',
  rationale: 'Minidumps hold raw process memory (credentials, personal data); the processed stack traces are kept without them.',
  evaluate(ctx) {
    const o = need(ctx.state.org, 'organization settings');
    if ('outcome' in o) return o.outcome;
    const org: OrgDetails = o.value;
    const findings: Finding[] = [];
    const changes: PlannedChange[] = [];
    const describe = (n: number | null): string => (n === -1 ? 'unlimited' : n === null ? 'the server default' : String(n));
    if (org.storeCrashReports !== 0) {
      findings.push({
        resource: orgRef(ctx.state),
        field: 'storeCrashReports',
        current: org.storeCrashReports,
        expected: 0,
        message: `The organization stores ${describe(org.storeCrashReports)} crash reports per issue; projects that inherit it do too.`,
        source: 'organization',
      });
      changes.push({ checkId: '3.1.10', target: orgRef(ctx.state), field: 'storeCrashReports', before: org.storeCrashReports, after: 0, risk: 'none', reversible: true });
    }
    const projectsPart = ctx.state.projects;
    if (projectsPart.ok) {
      for (const p of projectsPart.value) {
        if (p.storeCrashReports === null || p.storeCrashReports === 0) continue;
        findings.push({
          resource: projectRef(p),
          field: 'storeCrashReports',
          current: p.storeCrashReports,
          expected: null,
          message: `The project overrides the organization and stores ${describe(p.storeCrashReports)} crash reports per issue.`,
          source: 'project',
        });
        changes.push({ checkId: '3.1.10', target: projectRef(p), field: 'storeCrashReports', before: p.storeCrashReports, after: null, risk: 'none', reversible: true });
      }
    }
    return finish(findings, changes, projectsPart.ok ? [] : [`projects: ${projectsPart.reason}`]);
  },
};

/** fail when something must change; error when nothing failed but part of the state was unreadable. */
function finish(findings: Finding[], changes: PlannedChange[], unreadable: string[]): CheckOutcome {
  const note = unreadable.length > 0 ? `Not evaluated (could not be read): ${unreadable.join('; ')}` : undefined;
  if (findings.length > 0) {
    return { status: 'fail', findings, changes, ...(note ? { reason: note } : {}) };
  }
  if (note) return { status: 'error', findings: [], reason: note };
  return PASS;
}

export const control3_1: ControlDef = {
  id: '3.1',
  title: 'Configure Data Scrubbing',
  level: 'L1',
  frameworks: { cis: ['3.1'], nist: ['SI-12'], soc2: [] },
  rationale:
    'Error reports carry stack traces, request data and user context, which often include passwords, tokens and personal data. ' +
    'Scrubbing enforced by the organization removes them before storage in every project, whatever each project or SDK does.',
  checks: [check3_1_1, check3_1_2, check3_1_3, check3_1_4, check3_1_5, check3_1_6, check3_1_7, check3_1_8, check3_1_9, check3_1_10],
};
