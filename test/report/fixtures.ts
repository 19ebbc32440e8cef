// Results for the renderer tests: the fixture org evaluated by the real catalog, made to fail
// in a few places, plus one hand-made control with hostile text (markup, pipes, control chars).

import { evaluate } from '../../src/engine/evaluate.js';
import { partError, partOk } from '../../src/state/types.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import type { ControlResult } from '../../steps/types.js';
import type { ReportInput } from '../../src/report/types.js';
import { makeKey, makeOrg, makeState, NOW } from '../fixtures/state.js';

export const SECRET = 'f00dfeedf00dfeedf00dfeedf00dfeed';

export function failingResults(): ControlResult[] {
  const state = makeState({
    org: partOk(makeOrg({ require2FA: false, dataScrubber: false, defaultRole: 'admin', allowSharedIssues: true })),
    keys: { backend: partOk([makeKey({ rateLimit: null })]) },
    auditLog: partError('cannot read the audit log: the token lacks the scope org:write'),
  });
  return evaluate(state, DEFAULT_POLICY, { level: 'L3', now: NOW });
}

export function hostileControl(): ControlResult {
  return {
    id: '9.9',
    title: 'Weird <title> & "quotes" | pipes',
    level: 'L1',
    frameworks: { cis: ['1.1'], nist: ['AC-1'], soc2: [] },
    rationale: 'Because <reasons> & more.',
    status: 'error',
    checks: [
      {
        id: '9.9.1',
        title: "Check with 'apostrophes' <b>bold</b> \u0001 control & ]]> end",
        level: 'L1',
        automation: 'auto',
        risk: 'none',
        rationale: 'Long rationale. Second sentence.',
        status: 'fail',
        findings: [
          {
            resource: { type: 'key', id: 'abc', project: 'web', name: 'Default' },
            field: 'dsn',
            current: { secret: SECRET, dsn: { secret: `https://pub:${SECRET}@o1.ingest.sentry.io/1`, legacy: `https://pub:${SECRET}@o1.ingest.sentry.io/1` } },
            expected: null,
            message: `A very long finding message | with a pipe and a URL https://example.com/${'x'.repeat(120)} and more words ${'word '.repeat(40)}`,
          },
        ],
      },
      {
        id: '9.9.2',
        title: 'Errored check',
        level: 'L1',
        automation: 'manual',
        risk: 'none',
        rationale: 'x',
        status: 'error',
        findings: [],
        reason: 'cannot read <it>: the token lacks the scope org:write',
      },
      {
        id: '9.9.3',
        title: 'Not applicable check',
        level: 'L1',
        automation: 'auto',
        risk: 'none',
        rationale: 'x',
        status: 'not_applicable',
        findings: [],
        reason: 'self-hosted',
      },
    ],
  };
}

export function reportInput(results: ControlResult[] = [...failingResults(), hostileControl()]): ReportInput {
  return {
    results,
    target: { baseUrl: 'https://sentry.io', org: 'acme' },
    level: 'L3',
    generatedAt: '2026-11-25T15:00:00.000Z',
    toolVersion: '0.1.0',
  };
}
