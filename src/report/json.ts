// `verify --format json`, schemaVersion 1 (DESIGN.md): a stable contract for scripts and CI.
// Key order and field names follow DESIGN.md exactly; secrets are redacted.

import type { AcceptedRiskView, CheckResult, ControlResult, Finding } from '../../steps/types.js';
import { redactSecrets } from '../secrets.js';
import { summarizeResults } from './summary.js';
import { jsonHeader, type JsonHeader } from './json-header.js';
import type { ReportInput } from './types.js';
import type { ProbeReport } from '../engine/probe.js';
import type { DriftReport } from '../engine/drift.js';
import { prettyJsonChunks } from './json-chunks.js';

export interface JsonFinding {
  resource: Finding['resource'];
  field: string;
  current: unknown;
  expected: unknown;
  message: string;
}

export interface JsonCheck {
  id: string;
  title: string;
  level: string;
  status: string;
  automation: string;
  findings: JsonFinding[];
  /** not_applicable: why; manual: what a person must do */
  reason?: string;
  /** error: why it could not be read */
  message?: string;
  /** the policy's accepted risks covering this check (status accepted, or some findings) */
  acceptances?: AcceptedRiskView[];
  acceptedFindings?: JsonFinding[];
  /** acceptances that expired: the check fails again */
  expiredAcceptances?: AcceptedRiskView[];
}

export interface JsonControl {
  id: string;
  title: string;
  level: string;
  status: string;
  frameworks: { cis: string[]; nist: string[]; soc2: string[] };
  checks: JsonCheck[];
}

export interface JsonReport extends JsonHeader {
  level: string;
  generatedAt: string;
  summary: { pass: number; fail: number; manual: number; not_applicable: number; error: number; accepted: number };
  controls: JsonControl[];
  /** `--probe-pii` only */
  probe?: ProbeReport;
  /** `--baseline FILE` only: what changed since the baseline */
  drift?: DriftReport;
}

function jsonFinding(f: Finding): JsonFinding {
  // JSON has no `undefined`: an unset value is reported as null
  return { resource: f.resource, field: f.field, current: f.current ?? null, expected: f.expected ?? null, message: f.message };
}

function jsonCheck(c: CheckResult): JsonCheck {
  const out: JsonCheck = {
    id: c.id,
    title: c.title,
    level: c.level,
    status: c.status,
    automation: c.automation,
    findings: c.findings.map(jsonFinding),
  };
  if (c.acceptances?.length) out.acceptances = c.acceptances;
  if (c.acceptedFindings?.length) out.acceptedFindings = c.acceptedFindings.map(jsonFinding);
  if (c.expiredAcceptances?.length) out.expiredAcceptances = c.expiredAcceptances;
  if (c.status === 'error') out.message = c.reason ?? 'could not be evaluated';
  else if (c.reason !== undefined) out.reason = c.reason;
  else if (c.status === 'not_applicable') out.reason = 'not applicable';
  return out;
}

function jsonControl(c: ControlResult): JsonControl {
  return {
    id: c.id,
    title: c.title,
    level: c.level,
    status: c.status,
    frameworks: { cis: [...c.frameworks.cis], nist: [...c.frameworks.nist], soc2: [...c.frameworks.soc2] },
    checks: c.checks.map(jsonCheck),
  };
}

/** Everything but the controls, redacted; `controls` holds what the caller passes. */
function reportWith(input: ReportInput, controls: JsonControl[]): JsonReport {
  const s = summarizeResults(input.results);
  return redactSecrets({
    ...jsonHeader(input.toolVersion, input.target),
    level: input.level,
    generatedAt: input.generatedAt,
    summary: { pass: s.pass, fail: s.fail, manual: s.manual, not_applicable: s.not_applicable, error: s.error, accepted: s.accepted },
    controls,
    ...(input.probe ? { probe: input.probe } : {}),
    ...(input.drift ? { drift: input.drift } : {}),
  });
}

export function buildJsonReport(input: ReportInput): JsonReport {
  return reportWith(input, input.results.map(jsonControl));
}

/**
 * The report's text in pieces, the same text as `renderJson`: each control is converted and
 * redacted only when it is written, so the whole report never exists as one object or string.
 */
export function* jsonReportChunks(input: ReportInput): Generator<string> {
  const shell = reportWith(input, []);
  const keys = Object.keys(shell) as (keyof JsonReport)[];
  yield '{\n';
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    yield `  ${JSON.stringify(key)}: `;
    if (key === 'controls' && input.results.length > 0) {
      yield '[\n';
      for (let j = 0; j < input.results.length; j += 1) {
        yield '    ';
        // control > checks > check > findings > finding: one finding is the largest piece
        yield* prettyJsonChunks(redactSecrets(jsonControl(input.results[j]!)), 4, '    ');
        yield j < input.results.length - 1 ? ',\n' : '\n';
      }
      yield '  ]';
    } else {
      yield* prettyJsonChunks(shell[key], 0, '  ');
    }
    yield i < keys.length - 1 ? ',\n' : '\n';
  }
  yield '}\n';
}

export function renderJson(input: ReportInput): string {
  return [...jsonReportChunks(input)].join('');
}
