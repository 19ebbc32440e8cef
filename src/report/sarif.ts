// SARIF 2.1.0 for code-scanning dashboards: one rule per evaluated check; a result per finding
// of a failing check (error), per errored check (error) and per manual check (note). pass and
// not_applicable produce no result. Locations are logical: the Sentry resource concerned.

import type { CheckResult, Finding, ResourceRef } from '../../steps/types.js';
import { redactSecrets } from './redact.js';
import { findingText } from './summary.js';
import { TOOL_NAME, TOOL_URI, type ReportInput } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** "organization/acme", "acme/project/web", "acme/project/web/key/abc…" */
export function resourcePath(org: string, r: ResourceRef): string {
  switch (r.type) {
    case 'organization':
      return `organization/${r.id}`;
    case 'key':
      return `${org}/project/${r.project}/key/${r.id}`;
    case 'filter':
      return `${org}/project/${r.project}/filter/${r.id}`;
    case 'project-team':
      return `${org}/project/${r.project}/team/${r.id}`;
    case 'member':
    case 'invitation':
      return `${org}/${r.type}/${r.email || r.id}`;
    default:
      return `${org}/${r.type}/${r.id}`;
  }
}

function logicalLocation(org: string, r: ResourceRef): Record<string, unknown> {
  const name = r.type === 'member' || r.type === 'invitation' ? r.email || r.id : r.id;
  return { logicalLocations: [{ name, fullyQualifiedName: resourcePath(org, r), kind: 'resource' }] };
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

function result(ruleIndex: number, c: CheckResult, level: SarifLevel, text: string, org: string, r?: ResourceRef, f?: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: c.id,
    ruleIndex,
    // SARIF 2.1.0 §3.27.9: any kind other than "fail" requires level "none", so a manual
    // check (a note for a person) is a "fail"-kind result at level note
    kind: 'fail',
    level,
    message: { text },
  };
  if (r) out.locations = [logicalLocation(org, r)];
  if (f) out.properties = { field: f.field, current: f.current ?? null, expected: f.expected ?? null };
  if (c.status === 'error') out.properties = { status: 'error' };
  return out;
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
      } else if (c.status === 'error') {
        sarifResults.push(result(idx, c, 'error', `${c.title}: could not be evaluated: ${c.reason ?? 'unknown error'}`, org, orgRef));
      } else if (c.status === 'manual') {
        const text = [c.reason, ...c.findings.map(findingText)].filter(Boolean).join(' ') || `${c.title}: needs a person`;
        sarifResults.push(result(idx, c, 'note', text, org, c.findings[0]?.resource ?? orgRef));
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
        automationDetails: { id: `${TOOL_NAME}/${org}/${input.level}/` },
        invocations: [{ executionSuccessful: true, endTimeUtc: input.generatedAt }],
        properties: { target: { url: input.target.baseUrl, org }, level: input.level },
        results: sarifResults,
      },
    ],
  };
}

export function renderSarif(input: ReportInput): string {
  return `${JSON.stringify(buildSarif(input), null, 2)}\n`;
}
