// Every check of 3.1-4.1 is a pure function of (state, policy, now): it must not mutate the state
// (frozen here), must give the same outcome twice, and must carry a reason for not_applicable/error.
import { describe, expect, it } from 'vitest';
import { control3_1 } from '../../steps/3.1-data-scrubbing.js';
import { control3_2 } from '../../steps/3.2-dsn-security.js';
import { control3_3 } from '../../steps/3.3-ip-filtering.js';
import { control4_1 } from '../../steps/4.1-audit-logs.js';
import { DEFAULT_POLICY, type Policy } from '../../steps/policy.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeKey, makeOrg, makeProject, makeState, NOW } from '../fixtures/state.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const badState = (): OrgState =>
  makeState({
    org: partOk(makeOrg({
      dataScrubber: false, dataScrubberDefaults: false, scrubIPAddresses: false, allowSharedIssues: true, enhancedPrivacy: false,
      sensitiveFields: ['x'], safeFields: ['password'], relayPiiConfig: JSON.stringify({ rules: { '0': { type: 'email', redaction: { method: 'hash' } } }, applications: { $string: ['0'] } }),
      storeCrashReports: -1, trustedRelays: [], ingestThroughTrustedRelaysOnly: 'disabled',
    })),
    projects: partOk([
      makeProject({ slug: 'web', platform: 'javascript', allowedDomains: ['*'], safeFields: ['cookie'], storeCrashReports: 5, spikeProtectionDisabled: true }),
      makeProject({ slug: 'api', platform: 'node', features: [] }),
    ]),
    keys: {
      web: partOk([makeKey({ id: 'k1', rateLimit: null, dateCreated: null }), makeKey({ id: 'k2', rateLimit: null, dateCreated: '2020-01-01T00:00:00Z', dynamicSdkLoaderOptions: { hasReplay: true } })]),
      api: partError('timeout'),
    },
    keyStats: { k1: partOk([{ ts: 1, total: 5 }, { ts: 3601, total: 100_000 }]) },
    filters: { web: partOk([{ id: 'localhost', active: false }, { id: 'legacy-browsers', active: [] }]) },
    auditLog: partOk([{ id: '1', actor: null, event: 'projectkey.create', data: { secret_key: 'zzzzzzzz' }, dateCreated: NOW.toISOString() }]),
  });

const policy: Policy = { ...DEFAULT_POLICY, allowedDomains: { web: ['https://app.example.com'] }, blockedIps: ['10.0.0.0/8'], maxKeyAgeDays: 30 };

describe('checks 3.1-4.1 are pure', () => {
  const controls = [control3_1, control3_2, control3_3, control4_1];
  it.each(controls.flatMap((c) => c.checks.map((k) => [k.id, k] as const)))('%s', (_id, check) => {
    const state = deepFreeze(badState());
    const first = check.evaluate({ state, policy: deepFreeze(structuredClone(policy)), now: NOW });
    const second = check.evaluate({ state, policy, now: NOW });
    expect(second).toEqual(first);
    if (first.status === 'not_applicable' || first.status === 'error') expect(first.reason).toBeTruthy();
    for (const change of first.changes ?? []) {
      expect(change.checkId).toBe(check.id);
      if (change.risk !== 'none') expect(change.consequence).toBeTruthy();
    }
    expect(JSON.stringify(first)).not.toContain('zzzzzzzz');
  });

  it('the bad state fails every automatable check', () => {
    const state = badState();
    const failing = controls.flatMap((c) => c.checks).filter((k) => k.automation !== 'manual').map((k) => [k.id, k.evaluate({ state, policy, now: NOW }).status]);
    expect(failing.filter(([, s]) => s !== 'fail')).toEqual([]);
  });
});
