// The probe's verdict: each leak is tied to the scrubbing checks that should have prevented it.
// A leak under a passing check is the finding that matters (the setting looks right, the data
// still leaks); under a failing check it confirms that finding; a check not evaluated at this
// level is named so the person can run it.

import type { ProbeLeak, ProbeResult } from '../state/events.js';
import type { LeakKind } from '../state/pii-scan.js';
import type { CheckResult, ControlResult } from '../../steps/types.js';

/**
 * A leak is `leak-expected` when a linked check fails for its project (the failing check explains
 * it), `leak-despite-pass` when the evaluated linked checks all pass, `leak-unchecked` when none
 * was evaluated at this level.
 *
 * The 3.1 checks whose settings would remove each kind:
 * - email: Relay's default rules (`@common:filter`, relay-pii src/builtin.rs) do not include
 *   `@email`; emails reach Sentry when SDKs send personal data (3.1.4) and are removed only by an
 *   advanced rule (3.1.9 names none for emails, so 3.1.4 is the control).
 * - creditcard, iban, private-key: `@creditcard:filter`, `@iban:filter`, `@pemkey:filter` of the
 *   defaults (3.1.2) and the advanced rules (3.1.9).
 * - bearer, api-key: the advanced rules on the Authorization / X-Api-Key headers (3.1.9)
 *   and `@password:filter` of the defaults, which removes values under key names like token,
 *   secret, api_key (3.1.2).
 * - ip: "Prevent storing of IP addresses" (3.1.5).
 * - sensitive-field: the policy's sensitive fields (3.1.3), applied only with server-side
 *   scrubbing on (3.1.1; relay-pii src/convert.rs returns no rules when scrub_data is off).
 */
export const LEAK_CHECKS: Record<LeakKind, readonly string[]> = {
  email: ['3.1.4'],
  creditcard: ['3.1.2', '3.1.9'],
  iban: ['3.1.2', '3.1.9'],
  'private-key': ['3.1.2', '3.1.9'],
  'bearer': ['3.1.9', '3.1.2'],
  'api-key': ['3.1.9', '3.1.2'],
  ip: ['3.1.5'],
  'sensitive-field': ['3.1.3', '3.1.1'],
};

export type LeakVerdict = 'leak-despite-pass' | 'leak-expected' | 'leak-unchecked';

export interface LinkedCheck {
  id: string;
  /** the check's status for this project: `pass` when it passed or did not name the project */
  status: 'pass' | 'fail' | 'not-evaluated' | 'other';
}

export interface ProbeFinding extends ProbeLeak {
  project: string;
  checks: LinkedCheck[];
  verdict: LeakVerdict;
}

export interface ProbeReport {
  sampleSize: number;
  projects: {
    project: string;
    /** null when the events could not be read */
    sampled: number | null;
    error?: string;
    eventsWithLeaks: number;
    scannedIps: boolean;
    byKind: Partial<Record<LeakKind, number>>;
  }[];
  findings: ProbeFinding[];
  totals: { projects: number; sampled: number; leaks: number; despitePass: number; errors: number };
}

function checkFor(results: readonly ControlResult[], id: string): CheckResult | undefined {
  for (const c of results) for (const k of c.checks) if (k.id === id) return k;
  return undefined;
}

function statusFor(check: CheckResult | undefined, project: string): LinkedCheck['status'] {
  if (!check) return 'not-evaluated';
  if (check.status === 'pass' || check.status === 'not_applicable') return 'pass';
  if (check.status === 'fail') {
    // an org-wide finding covers every project; a project finding covers only that project
    const names = check.findings.some((f) => f.resource.type === 'organization' || (f.resource.type === 'project' && f.resource.id === project));
    return names ? 'fail' : 'pass';
  }
  return 'other';
}

export function linkProbe(probe: ProbeResult, results: readonly ControlResult[]): ProbeReport {
  const report: ProbeReport = { sampleSize: probe.sampleSize, projects: [], findings: [], totals: { projects: 0, sampled: 0, leaks: 0, despitePass: 0, errors: 0 } };
  for (const [slug, part] of Object.entries(probe.projects).sort(([a], [b]) => a.localeCompare(b))) {
    report.totals.projects++;
    if (!part.ok) {
      report.totals.errors++;
      report.projects.push({ project: slug, sampled: null, error: part.reason, eventsWithLeaks: 0, scannedIps: false, byKind: {} });
      continue;
    }
    const p = part.value;
    report.totals.sampled += p.sampled;
    report.projects.push({ project: slug, sampled: p.sampled, eventsWithLeaks: p.eventsWithLeaks, scannedIps: p.scannedIps, byKind: p.byKind });
    for (const leak of p.leaks) {
      const checks = LEAK_CHECKS[leak.kind].map((id) => ({ id, status: statusFor(checkFor(results, id), slug) }));
      // a failing check explains the leak; only when every evaluated check passes does the leak
      // contradict the settings
      const verdict: LeakVerdict = checks.some((c) => c.status === 'fail')
        ? 'leak-expected'
        : checks.some((c) => c.status === 'pass') ? 'leak-despite-pass' : 'leak-unchecked';
      report.findings.push({ ...leak, project: slug, checks, verdict });
      report.totals.leaks += leak.count;
      if (verdict === 'leak-despite-pass') report.totals.despitePass += leak.count;
    }
  }
  return report;
}

/** Exit code contribution: leaks or unreadable projects fail the run. */
export const probeFails = (r: ProbeReport): boolean => r.totals.leaks > 0 || r.totals.errors > 0;

const STATUS_WORD: Record<LinkedCheck['status'], string> = { pass: 'passes', fail: 'fails', 'not-evaluated': 'not evaluated at this level', other: 'not decided (manual or error)' };

/** "leaks although 3.1.2 passes", "explained by failing 3.1.2", "3.1.4 not decided (manual or error)" */
export function verdictText(f: Pick<ProbeFinding, 'verdict' | 'checks'>): string {
  const ids = (s: LinkedCheck['status']): string => f.checks.filter((c) => c.status === s).map((c) => c.id).join(', ');
  switch (f.verdict) {
    case 'leak-despite-pass':
      return `leaks although ${ids('pass')} ${f.checks.filter((c) => c.status === 'pass').length > 1 ? 'pass' : 'passes'}`;
    case 'leak-expected':
      return `explained by failing ${ids('fail')}`;
    case 'leak-unchecked':
      return f.checks.map((c) => `${c.id} ${STATUS_WORD[c.status]}`).join('; ');
  }
}
