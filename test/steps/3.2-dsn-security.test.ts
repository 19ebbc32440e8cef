import { describe, expect, it } from 'vitest';
import { busiestMinute, control3_2, proposeRateLimit, rotationKeyName, rotationTargetId } from '../../steps/3.2-dsn-security.js';
import type { KeyStatPoint } from '../../src/sentry/types.js';
import { partError, partNotApplicable, partOk, type OrgState } from '../../src/state/types.js';
import { makeKey, makeProject, makeState, NOW, runCheck as run } from '../fixtures/state.js';

const daysAgo = (d: number): string => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const hourly = (totals: number[]): KeyStatPoint[] => totals.map((total, i) => ({ ts: 1_700_000_000 + i * 3600, total }));

describe('control 3.2 metadata', () => {
  it('matches POLICY.md', () => {
    expect(control3_2).toMatchObject({ id: '3.2', title: 'Configure DSN Security', level: 'L1', frameworks: { cis: ['3.11'], nist: ['SC-12'], soc2: ['CC6.7'] } });
    expect(control3_2.checks.map((c) => [c.id, c.level, c.automation, c.risk])).toEqual([
      ['3.2.1', 'L1', 'auto', 'disruptive'],
      ['3.2.2', 'L2', 'guided', 'disruptive'],
      ['3.2.3', 'L2', 'auto', 'none'],
      ['3.2.4', 'L3', 'guided', 'risky'],
      ['3.2.5', 'L3', 'manual', 'none'],
    ]);
  });

  it('a hardened org passes (no browser project: 3.2.2 not applicable)', () => {
    const state = makeState();
    expect(control3_2.checks.map((c) => [c.id, run(c.id, state).status])).toEqual([
      ['3.2.1', 'pass'], ['3.2.2', 'not_applicable'], ['3.2.3', 'pass'], ['3.2.4', 'pass'], ['3.2.5', 'pass'],
    ]);
  });

  it('unreadable projects are an error for every check', () => {
    const state = makeState({ projects: partError('403') });
    for (const c of control3_2.checks) expect(run(c.id, state).status, c.id).toBe('error');
  });
});

describe('busiestMinute', () => {
  it('sums fine buckets per minute', () => {
    const base = 1_700_000_040; // minute boundary = 1_700_000_040 - 1_700_000_040 % 60
    const start = base - (base % 60);
    const points = [0, 10, 20, 30, 40, 50, 60].map((s) => ({ ts: start + s, total: 5 }));
    expect(busiestMinute(points)).toBe(30);
  });

  it('divides a coarse bucket by its minutes', () => {
    expect(busiestMinute(hourly([60, 6000, 120]))).toBe(100);
    const daily = [0, 1, 2].map((i) => ({ ts: 1_700_000_000 + i * 86_400, total: i === 1 ? 14_400 : 0 }));
    expect(busiestMinute(daily)).toBe(10);
  });

  it('takes a single point as one hour and nothing as null', () => {
    expect(busiestMinute([{ ts: 1_700_000_000, total: 600 }])).toBe(10);
    expect(busiestMinute([])).toBeNull();
  });
});

describe('proposeRateLimit', () => {
  const policy = { window: 60, count: 1000 };
  it('never goes below the policy limit', () => {
    expect(proposeRateLimit(partOk(hourly([6000])), policy)).toEqual({ rateLimit: { window: 60, count: 1000 }, basis: 'policy', busiestMinute: 100 });
    expect(proposeRateLimit(partOk([]), policy).rateLimit).toEqual(policy);
    expect(proposeRateLimit(partError('403'), policy).basis).toBe('policy');
    expect(proposeRateLimit(undefined, policy).busiestMinute).toBeNull();
  });

  it('proposes 10x the busiest minute, scaled to the policy window', () => {
    expect(proposeRateLimit(partOk(hourly([60_000, 12_000])), policy).rateLimit).toEqual({ window: 60, count: 10_000 });
    expect(proposeRateLimit(partOk(hourly([60_000])), { window: 3600, count: 1000 }).rateLimit).toEqual({ window: 3600, count: 600_000 });
  });
});

describe('3.2.1 key rate limits', () => {
  it('plans a limit for an active key without one, re-sending browserSdkVersion', () => {
    const key = makeKey({ id: 'k1', rateLimit: null, browserSdkVersion: '7.x' });
    const off = makeKey({ id: 'k2', rateLimit: null, isActive: false });
    const state = makeState({ keys: { backend: partOk([key, off]) } });
    const out = run('3.2.1', state);
    expect(out.status).toBe('fail');
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]?.message).toMatch(/no usage statistics/);
    expect(out.changes).toEqual([{
      checkId: '3.2.1',
      target: { type: 'key', id: 'k1', project: 'backend', name: 'Default' },
      field: 'rateLimit',
      before: null,
      after: { window: 60, count: 1000 },
      risk: 'disruptive',
      reversible: true,
      consequence: expect.stringContaining('1000 per 60 seconds'),
      context: { browserSdkVersion: '7.x', basis: 'policy', busiestMinute: null },
    }]);
  });

  it('uses the key stats when they are readable', () => {
    const state = makeState({
      keys: { backend: partOk([makeKey({ id: 'k1', rateLimit: null })]) },
      keyStats: { k1: partOk(hourly([100, 120_000, 300])) },
    });
    const out = run('3.2.1', state);
    expect(out.changes?.[0]?.after).toEqual({ window: 60, count: 20_000 });
    expect(out.changes?.[0]?.context).toMatchObject({ basis: 'stats', busiestMinute: 2000 });
    expect(out.findings[0]?.message).toMatch(/busiest minute .* about 2000 events/);
  });

  it('skips projects without the rate-limits feature and names them', () => {
    const state = makeState({
      projects: partOk([makeProject({ slug: 'backend' }), makeProject({ slug: 'legacy', features: [] })]),
      keys: { backend: partOk([makeKey()]), legacy: partOk([makeKey({ id: 'k9', rateLimit: null })]) },
    });
    const out = run('3.2.1', state);
    expect(out.status).toBe('pass');
    expect(out.findings).toEqual([]);
    expect(out.reason).toMatch(/Skipped .*legacy/);
  });

  it('is not applicable when no project has the rate-limits feature', () => {
    const state = makeState({ projects: partOk([makeProject({ features: [] })]), keys: { backend: partOk([makeKey({ rateLimit: null })]) } });
    const out = run('3.2.1', state);
    expect(out.status).toBe('not_applicable');
    expect(out.reason).toMatch(/rate-limits/);
  });

  it('reports unreadable key lists', () => {
    expect(run('3.2.1', makeState({ keys: { backend: partError('403 project:read') } })).status).toBe('error');
    expect(run('3.2.1', makeState({ keys: {} })).reason).toMatch(/not collected/);
  });
});

describe('3.2.2 allowed domains', () => {
  const web = makeProject({ slug: 'web', platform: 'javascript-react', allowedDomains: ['*'] });
  const electron = makeProject({ slug: 'desk', platform: 'javascript-electron', allowedDomains: ['*'] });

  it('needs the policy parameter when it names no origins', () => {
    const out = run('3.2.2', makeState({ projects: partOk([web, electron]) }));
    expect(out.status).toBe('fail');
    expect(out.missingParameter).toBe('allowedDomains');
    expect(out.changes).toEqual([]);
    expect(out.findings.map((f) => f.resource.id)).toEqual(['web']);
  });

  it('plans the policy origins and drops "*"', () => {
    const project = { ...web, allowedDomains: ['*', 'https://old.example.com'] };
    const out = run('3.2.2', makeState({ projects: partOk([project]) }), { allowedDomains: { web: ['https://app.example.com'] } });
    expect(out.missingParameter).toBeUndefined();
    expect(out.changes?.[0]).toMatchObject({ target: { type: 'project', id: 'web' }, field: 'allowedDomains', before: ['*', 'https://old.example.com'], after: ['https://old.example.com', 'https://app.example.com'], risk: 'disruptive' });
  });

  it('rejects unusable policy origins', () => {
    const out = run('3.2.2', makeState({ projects: partOk([web]) }), { allowedDomains: { web: ['https://app.example.com:*'] } });
    expect(out.changes).toEqual([]);
    expect(out.reason).toMatch(/wildcard ports/);
  });

  it('passes when browser projects list their origins', () => {
    const ok = { ...web, allowedDomains: ['https://app.example.com'] };
    expect(run('3.2.2', makeState({ projects: partOk([ok, electron]) })).status).toBe('pass');
  });

  // relay-filter src/csp.rs matches "*<suffix>" with ends_with: "*.com" admits every .com host,
  // "*example.com" admits evilexample.com (see test/state/origins.test.ts for Relay's own rows)
  it('fails on a wildcard over a top-level domain or a look-alike suffix, and keeps the real origins', () => {
    const tld = { ...web, allowedDomains: ['https://app.example.com', '*.com'] };
    const out = run('3.2.2', makeState({ projects: partOk([tld]) }), { allowedDomains: { web: ['https://app.example.com'] } });
    expect(out.status).toBe('fail');
    expect(out.findings[0]?.message).toMatch(/every \.com site/);
    expect(out.changes?.[0]).toMatchObject({ before: ['https://app.example.com', '*.com'], after: ['https://app.example.com'] });
    const lookAlike = { ...web, allowedDomains: ['*example.com'] };
    expect(run('3.2.2', makeState({ projects: partOk([lookAlike]) })).status).toBe('fail');
    expect(run('3.2.2', makeState({ projects: partOk([{ ...web, allowedDomains: ['*.example.com'] }]) })).status).toBe('pass');
  });

  it('fails on a wildcard over a public suffix of the Public Suffix List (ICANN or private), and passes one under an owned name', () => {
    for (const open of ['*.co.uk', '*.github.io']) {
      const out = run('3.2.2', makeState({ projects: partOk([{ ...web, allowedDomains: ['https://app.example.com', open] }]) }), { allowedDomains: { web: ['https://app.example.com'] } });
      expect(out.status, open).toBe('fail');
      expect(out.findings[0]?.message, open).toMatch(/a public suffix/);
      expect(out.changes?.[0]?.after, open).toEqual(['https://app.example.com']);
    }
    expect(run('3.2.2', makeState({ projects: partOk([{ ...web, allowedDomains: ['*.acme.co.uk'] }]) })).status).toBe('pass');
    const policy = run('3.2.2', makeState({ projects: partOk([web]) }), { allowedDomains: { web: ['*.vercel.app'] } });
    expect(policy.changes).toEqual([]);
    expect(policy.reason).toMatch(/every site under vercel\.app/);
  });

  it('rejects a policy origin that is an open wildcard', () => {
    const out = run('3.2.2', makeState({ projects: partOk([web]) }), { allowedDomains: { web: ['*.com'] } });
    expect(out.changes).toEqual([]);
    expect(out.reason).toMatch(/every \.com site/);
  });
});

describe('3.2.3 spike protection', () => {
  it('is not applicable without spike protection on the server', () => {
    const out = run('3.2.3', makeState({ spikeProtection: partOk('unavailable') }));
    expect(out.status).toBe('not_applicable');
    expect(out.reason).toMatch(/404/);
  });

  it('plans enabling it for projects that have it off', () => {
    const state = makeState({ projects: partOk([makeProject({ slug: 'a', spikeProtectionDisabled: true }), makeProject({ slug: 'b', spikeProtectionDisabled: false })]) });
    const out = run('3.2.3', state);
    expect(out.status).toBe('fail');
    expect(out.changes).toEqual([{ checkId: '3.2.3', target: { type: 'spike-protection', id: 'a' }, field: 'enabled', before: false, after: true, risk: 'none', reversible: true }]);
  });

  it('errors when the probe failed', () => {
    expect(run('3.2.3', makeState({ spikeProtection: partError('500') })).status).toBe('error');
    expect(run('3.2.3', makeState({ spikeProtection: partNotApplicable('self-hosted') })).status).toBe('not_applicable');
  });
});

describe('3.2.4 key age', () => {
  it('plans a rotation: create a copy, then a risky deactivation', () => {
    const old = makeKey({ id: 'f'.repeat(32), name: 'Default', dateCreated: daysAgo(400), rateLimit: { window: 60, count: 500 }, browserSdkVersion: '8.x', dynamicSdkLoaderOptions: { hasReplay: true } });
    const out = run('3.2.4', makeState({ keys: { backend: partOk([old]) } }));
    expect(out.status).toBe('fail');
    expect(out.findings[0]?.message).toMatch(/400 days old/);
    const [create, deactivate] = out.changes ?? [];
    expect(create).toMatchObject({
      field: 'create',
      target: { type: 'key', id: rotationTargetId(old), project: 'backend' },
      before: null,
      after: { name: rotationKeyName(old), rateLimit: { window: 60, count: 500 }, browserSdkVersion: '8.x', dynamicSdkLoaderOptions: { hasReplay: true } },
      context: { rotates: old.id },
    });
    expect((create?.after as { name: string }).name.length).toBeLessThanOrEqual(64);
    expect(deactivate).toMatchObject({ field: 'isActive', target: { type: 'key', id: old.id }, before: true, after: false, risk: 'risky', reversible: true, context: { browserSdkVersion: '8.x', requiresConfirmation: 'new-dsn-deployed' } });
    expect(out.warnings?.[0]).toMatch(/--allow-risky 3.2.4/);
  });

  it('lists keys without a creation date as unknown age', () => {
    const out = run('3.2.4', makeState({ keys: { backend: partOk([makeKey({ dateCreated: null })]) } }));
    expect(out.status).toBe('fail');
    expect(out.findings[0]?.message).toMatch(/unknown age/);
  });

  it('on a later run only deactivates the old key once the replacement exists', () => {
    const old = makeKey({ id: 'a'.repeat(32), dateCreated: daysAgo(500) });
    const replacement = makeKey({ id: 'b'.repeat(32), name: rotationKeyName(old).replace('{session}', '20261125-ab12'), dateCreated: daysAgo(1) });
    const out = run('3.2.4', makeState({ keys: { backend: partOk([old, replacement]) } }));
    expect(out.changes?.map((c) => c.field)).toEqual(['isActive']);
    expect(out.changes?.[0]?.context).toMatchObject({ replacementKey: replacement.id, replacementDsn: replacement.dsn.public });
    expect(out.manualSteps?.join('\n')).toContain(replacement.dsn.public);
  });

  it('ignores inactive keys and respects maxKeyAgeDays', () => {
    expect(run('3.2.4', makeState({ keys: { backend: partOk([makeKey({ isActive: false, dateCreated: daysAgo(900) })]) } })).status).toBe('pass');
    expect(run('3.2.4', makeState(), { maxKeyAgeDays: 10 }).status).toBe('fail');
  });
});

describe('3.2.5 one active key per project', () => {
  it('lists the extra active keys with names and ages', () => {
    const keys = [makeKey({ id: 'k1', name: 'Default', dateCreated: daysAgo(300) }), makeKey({ id: 'k2', name: 'Mobile', dateCreated: daysAgo(20) }), makeKey({ id: 'k3', name: 'Old', isActive: false })];
    const out = run('3.2.5', makeState({ keys: { backend: partOk(keys) } }));
    expect(out.status).toBe('fail');
    expect(out.changes).toBeUndefined();
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]?.message).toMatch(/2 active keys; extra key "Default" is 300 days old/);
    expect(out.manualSteps?.[0]).toContain('https://acme.sentry.io/settings/projects/backend/keys/');
  });

  it('keeps a dated key over one of unknown age', () => {
    const keys = [makeKey({ id: 'k1', name: 'Legacy', dateCreated: null }), makeKey({ id: 'k2', name: 'Current', dateCreated: daysAgo(20) })];
    const out = run('3.2.5', makeState({ keys: { backend: partOk(keys) } }));
    expect(out.findings.map((f) => f.resource.id)).toEqual(['k1']);
    expect(out.findings[0]?.message).toMatch(/extra key "Legacy" is of unknown age/);
  });

  it('passes with one active key', () => {
    expect(run('3.2.5', makeState()).status).toBe('pass');
  });
});
