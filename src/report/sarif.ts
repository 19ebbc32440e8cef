// SARIF 2.1.0 for code scanning (GitHub and other dashboards): one rule per evaluated check; a
// result per finding of a failing check (kind fail, level error), per errored check (fail,
// error) and per manual check (kind review, level none). pass and not_applicable produce none.
// `--probe-pii` adds the rule `pii-probe`: a result per leak (project, path, kind) and per
// project whose events could not be read.
//
// GitHub's ingestion (docs "SARIF support for code scanning"; microsoft/sarif-sdk GH1001/GH1003/
// GH1005) rejects a file when a result has no physicalLocation.artifactLocation.uri, and wants a
// relative URI with a region.startLine. A Sentry setting is no file, so each resource gets a
// stable virtual path (resourceUri, documented in README "SARIF locations"), and
// partialFingerprints that depend only on the check, the resource and the field, so a re-run
// updates an alert instead of opening a new one. test/report/sarif-github.test.ts encodes the rules.

import { createHash } from 'node:crypto';
import { namesOf } from '../engine/resources/index.js';
import type { CheckResult, Finding, ResourceRef } from '../../steps/types.js';
import { redactSecrets } from '../secrets.js';
import { acceptanceText, findingText } from './summary.js';
import { resourceMatches } from '../../steps/accepted-risks.js';
import { TOOL_NAME, TOOL_URI, type ReportInput } from './types.js';
import { verdictText, type ProbeReport } from '../engine/probe.js';
import { plural } from '../words.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** The partialFingerprints key: versioned, so a change of the scheme starts fresh alerts. */
export const FINGERPRINT_KEY = 'sentryHardenResource/v1';

/** "organization/acme", "acme/project/web", "acme/project/web/key/abc…" */
export const resourcePath = (org: string, r: ResourceRef): string => namesOf(r.type).path(org, r);

/**
 * The virtual file of a resource, relative (GitHub wants repository-relative paths):
 * `sentry/<org>/organization`, `sentry/<org>/project/<slug>`, `sentry/<org>/project/<slug>/key/<id>`,
 * `sentry/<org>/member/<email>`, ... Each segment is percent-encoded, so an email or a filter id
 * cannot add a segment.
 */
export const resourceUri = (org: string, r: ResourceRef): string =>
  ['sentry', org, ...namesOf(r.type).uriSegments(r)].map((seg) => encodeURIComponent(seg)).join('/');

function location(org: string, r: ResourceRef): Record<string, unknown> {
  const name = r.type === 'member' || r.type === 'invitation' ? r.email || r.id : r.id;
  return {
    physicalLocation: { artifactLocation: { uri: resourceUri(org, r) }, region: { startLine: 1 } },
    logicalLocations: [{ name, fullyQualifiedName: resourcePath(org, r), kind: 'resource' }],
  };
}

/** Stable across runs: the check, the resource and the field; never a value or a message. */
function fingerprint(checkId: string, uri: string, field: string): string {
  return createHash('sha256').update(`${checkId}\u0000${uri}\u0000${field}`).digest('hex').slice(0, 32);
}

/** "Enforce 2FA" -> "Enforce2fa": SARIF rule names are identifiers. */
function ruleName(title: string): string {
  const words = title.replace(/[^A-Za-z0-9 ]+/g, ' ').split(/\s+/).filter(Boolean);
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('') || 'Check';
}

function rule(c: CheckResult, control: { id: string; title: string; frameworks: { cis: string[]; nist: string[]; soc2: string[] } }): Record<string, unknown> {
  const fw = control.frameworks;
  const tags = [
    'security',
    `level:${c.level}`,
    `control:${control.id}`,
    `automation:${c.automation}`,
    ...fw.cis.map((x) => `CIS:${x}`),
    ...fw.nist.map((x) => `NIST:${x}`),
    ...fw.soc2.map((x) => `SOC2:${x}`),
  ];
  const help = `${c.rationale}\nControl ${control.id} ${control.title}. Fix: \`sentry-harden\` (wizard) or \`sentry-harden plan --only ${c.id}\`.`;
  return {
    id: c.id,
    name: ruleName(c.title),
    shortDescription: { text: c.title },
    fullDescription: { text: c.rationale || c.title },
    help: { text: help, markdown: help },
    helpUri: TOOL_URI,
    defaultConfiguration: { level: 'error' },
    properties: { tags, frameworks: fw, level: c.level, automation: c.automation, risk: c.risk, control: control.id },
  };
}

function result(ruleIndex: number, c: CheckResult, level: SarifLevel, text: string, org: string, r: ResourceRef, f?: Finding): Record<string, unknown> {
  const manual = c.status === 'manual';
  const uri = resourceUri(org, r);
  const out: Record<string, unknown> = {
    ruleId: c.id,
    ruleIndex,
    // SARIF 2.1.0 §3.27.9/§3.27.10: a check a person must review is kind "review", and any kind
    // other than "fail" carries level "none"
    kind: manual ? 'review' : 'fail',
    level: manual ? 'none' : level,
    message: { text },
    locations: [location(org, r)],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(c.id, uri, f?.field ?? '') },
  };
  if (f) out.properties = { field: f.field, current: f.current ?? null, expected: f.expected ?? null };
  if (c.status === 'error') out.properties = { status: 'error' };
  return out;
}

/** GitHub keys alerts by automationDetails.id: one category per organization and level. */
export function automationId(org: string, level: string): string {
  return `${TOOL_NAME}/${org}/${level}/`;
}

export function buildSarif(input: ReportInput): Record<string, unknown> {
  const org = input.target.org;
  const results = redactSecrets(input.results);
  const rules: Record<string, unknown>[] = [];
  const sarifResults: Record<string, unknown>[] = [];
  for (const control of results) {
    for (const c of control.checks) {
      const idx = rules.length;
      rules.push(rule(c, control));
      const orgRef: ResourceRef = { type: 'organization', id: org };
      if (c.status === 'fail') {
        if (c.findings.length === 0) sarifResults.push(result(idx, c, 'error', `${c.title}: ${c.reason ?? 'fails'}`, org, orgRef));
        for (const f of c.findings) sarifResults.push(result(idx, c, 'error', findingText(f), org, f.resource, f));
      }
      // accepted risks (SARIF 2.1.0 §3.35 suppressions): reported, counted apart, not alerted
      if (c.acceptances?.length) {
        const accepted = c.acceptedFindings?.length ? c.acceptedFindings : [undefined];
        for (const f of accepted) {
          const a = c.acceptances.find((x) => !x.resource || (f && resourceMatches(x.resource, f.resource))) ?? c.acceptances[0]!;
          const r = result(idx, c, 'error', f ? findingText(f) : `${c.title}: fails`, org, f?.resource ?? orgRef, f);
          r.suppressions = [{ kind: 'external', status: 'accepted', justification: acceptanceText(a) }];
          sarifResults.push(r);
        }
      }
      if (c.status === 'error') {
        sarifResults.push(result(idx, c, 'error', `${c.title}: could not be evaluated: ${c.reason ?? 'unknown error'}`, org, orgRef));
      } else if (c.status === 'manual') {
        const text = [c.reason, ...c.findings.map(findingText)].filter(Boolean).join(' ') || `${c.title}: needs a person`;
        // one review per check, at the organization: its findings (e.g. the inactive members)
        // change between runs, and the alert must not move with them
        sarifResults.push(result(idx, c, 'none', text, org, orgRef));
      }
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: input.toolVersion,
            semanticVersion: input.toolVersion,
            informationUri: TOOL_URI,
            rules,
          },
        },
        automationDetails: { id: automationId(org, input.level) },
        invocations: [{ executionSuccessful: true, endTimeUtc: input.generatedAt }],
        properties: {
          target: { url: input.target.baseUrl, org, ...(input.target.sources ? { sources: input.target.sources } : {}) },
          level: input.level,
          // `--baseline`: the drift rides along as data, not as alerts (the checks' results are those)
          ...(input.drift ? { drift: redactSecrets(input.drift) } : {}),
        },
        results: [...sarifResults, ...(input.probe ? probeSarifResults(org, input.probe, rules) : [])],
      },
    ],
  };
}

/** The probe's rule id: one rule, a result per (project, path, kind) and per unreadable project. */
export const PROBE_RULE_ID = 'pii-probe';

/**
 * PII-probe findings as SARIF results: a leak under passing scrubbing checks is level error (the
 * setting looks right and data still leaks), one a failing check explains is a warning (that
 * check's own result is the error). `relatedLocations`-free: the linked 3.1 checks are named in
 * the text and, with their status, in `properties.linkedChecks` (their own rule ids).
 */
function probeSarifResults(org: string, probe: ProbeReport, rules: Record<string, unknown>[]): Record<string, unknown>[] {
  const p = redactSecrets(probe);
  if (p.findings.length === 0 && p.totals.errors === 0) return [];
  const ruleIndex = rules.length;
  rules.push({
    id: PROBE_RULE_ID,
    name: 'PiiLeakProbe',
    shortDescription: { text: 'Personal data found in stored events' },
    fullDescription: { text: 'verify --probe-pii sampled recent events and found values that data scrubbing should have removed. Only the path, kind and a masked hint are reported, never the value.' },
    help: { text: 'Turn on the scrubbing the linked 3.1 checks name, or add an advanced data-scrubbing rule for the path; then delete the affected events.', markdown: 'Turn on the scrubbing the linked 3.1 checks name, or add an advanced data-scrubbing rule for the path; then delete the affected events.' },
    helpUri: TOOL_URI,
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['security', 'privacy', 'control:3.1'] },
  });
  const out: Record<string, unknown>[] = [];
  for (const f of p.findings) {
    const ref: ResourceRef = { type: 'project', id: f.project };
    const uri = resourceUri(org, ref);
    out.push({
      ruleId: PROBE_RULE_ID,
      ruleIndex,
      kind: 'fail',
      level: f.verdict === 'leak-despite-pass' ? 'error' : 'warning',
      message: { text: `${f.kind} at ${f.path} in ${plural(f.count, 'sampled event')} of ${f.project} (${f.hint}; events ${f.eventIds.join(', ')}): ${verdictText(f)}` },
      locations: [location(org, ref)],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(PROBE_RULE_ID, uri, `${f.kind}\u0000${f.path}`) },
      properties: { kind: f.kind, path: f.path, count: f.count, hint: f.hint, eventIds: f.eventIds, verdict: f.verdict, linkedChecks: f.checks },
    });
  }
  for (const pr of p.projects.filter((x) => x.sampled === null)) {
    const ref: ResourceRef = { type: 'project', id: pr.project };
    out.push({
      ruleId: PROBE_RULE_ID,
      ruleIndex,
      kind: 'fail',
      level: 'error',
      message: { text: `PII probe: could not read the events of ${pr.project}: ${pr.error ?? 'unknown error'}` },
      locations: [location(org, ref)],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(PROBE_RULE_ID, resourceUri(org, ref), '') },
      properties: { status: 'error' },
    });
  }
  return out;
}

export function renderSarif(input: ReportInput): string {
  return `${JSON.stringify(buildSarif(input), null, 2)}\n`;
}
