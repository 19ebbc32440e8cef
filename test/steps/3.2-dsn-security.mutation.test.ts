// Negative cases and boundaries for 3.2 that mutation testing showed missing (issue 21): each
// matching rule is tried with a wrong project / key / value next to the right one.
// Sentry facts: projects.md §4 (rateLimit null unless both values are set, stored only with the
// project feature `rate-limits`, src/sentry/api/serializers/models/project_key.py), §2.2
// (`sentry:origins` = allowedDomains, default ["*"]), §6.1 (`quotas:spike-protection-disabled`,
// null when unset = spike protection on).
import { describe, expect, it } from 'vitest';
import { busiestMinute, control3_2, proposeRateLimit, rotationKeyName } from '../../steps/3.2-dsn-security.js';
import type { KeyStatPoint } from '../../src/sentry/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeKey, makeProject, makeState, NOW, runCheck as run } from '../fixtures/state.js';

const daysAgo = (d: number): string => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const MINUTE0 = 1_700_000_040; // a minute boundary (divisible by 60)

describe('busiestMinute: fine buckets are summed per minute, not averaged', () => {
  it('tells a burst inside one minute from the average of the buckets', () => {
    // 10-second buckets; minute 0 holds 1 + 50 + 1, minute 1 holds 7 + 7.
    // Summed per minute: 52. The coarse estimate (busiest bucket 50 * 6 buckets per minute) would be 300.
    const points: KeyStatPoint[] = [
      { ts: MINUTE0, total: 1 }, { ts: MINUTE0 + 10, total: 50 }, { ts: MINUTE0 + 20, total: 1 },
      { ts: MINUTE0 + 60, total: 7 }, { ts: MINUTE0 + 70, total: 7 },
    ];
    expect(busiestMinute(points)).toBe(52);
  });

  it('sorts the points and uses the smallest gap as the bucket length', () => {
    // unordered hourly points with one half-hour gap: bucket = 30 minutes, busiest 600 / 30
    const points: KeyStatPoint[] = [
      { ts: MINUTE0 + 7200, total: 60 }, { ts: MINUTE0, total: 600 }, { ts: MINUTE0 + 5400, total: 30 },
    ];
    expect(busiestMinute(points)).toBe(20);
  });

  it('keeps the first gap when a later gap is larger', () => {
    // gaps 1800 then 3600: bucket 1800 s = 30 minutes
    const points: KeyStatPoint[] = [{ ts: MINUTE0, total: 300 }, { ts: MINUTE0 + 1800, total: 0 }, { ts: MINUTE0 + 5400, total: 0 }];
    expect(busiestMinute(points)).toBe(10);
  });

  it('ignores points with a non-finite timestamp or total', () => {
    const points: KeyStatPoint[] = [
      { ts: Number.NaN, total: 1_000_000 }, { ts: MINUTE0, total: Number.POSITIVE_INFINITY },
      { ts: MINUTE0 + 3600, total: 120 },
    ];
    // only the last point is valid: a single point is one hour
    expect(busiestMinute(points)).toBe(2);
    expect(busiestMinute([{ ts: Number.NaN, total: 5 }])).toBeNull();
  });

  it('counts two points with the same timestamp once for the bucket length, both for the minute', () => {
    const points: KeyStatPoint[] = [{ ts: MINUTE0, total: 4 }, { ts: MINUTE0, total: 6 }, { ts: MINUTE0 + 30, total: 1 }];
    expect(busiestMinute(points)).toBe(11);
  });
});

describe('proposeRateLimit boundaries', () => {
  it('rounds the scaled peak up', () => {
    // peak 120.5 / 60 min... a single hourly point of 7230 events: 120.5 per minute → 1205
    const out = proposeRateLimit(partOk([{ ts: MINUTE0, total: 7230 }]), { window: 60, count: 100 });
    expect(out).toEqual({ rateLimit: { window: 60, count: 1205 }, basis: 'stats', busiestMinute: 120.5 });
    const frac = proposeRateLimit(partOk([{ ts: MINUTE0, total: 6001 }]), { window: 60, count: 100 });
    expect(frac.rateLimit.count).toBe(1001); // ceil(1000.1666)
  });

  it('calls the proposal the policy when 10x the peak equals the policy count', () => {
    const out = proposeRateLimit(partOk([{ ts: MINUTE0, total: 6000 }]), { window: 60, count: 1000 });
    expect(out).toEqual({ rateLimit: { window: 60, count: 1000 }, basis: 'policy', busiestMinute: 100 });
    const above = proposeRateLimit(partOk([{ ts: MINUTE0, total: 6060 }]), { window: 60, count: 1000 });
    expect(above).toEqual({ rateLimit: { window: 60, count: 1010 }, basis: 'stats', busiestMinute: 101 });
  });

  it('returns a copy of the policy limit, not the policy object', () => {
    const policy = { window: 60, count: 10 };
    const out = proposeRateLimit(undefined, policy);
    expect(out.rateLimit).toEqual(policy);
    expect(out.rateLimit).not.toBe(policy);
  });
});

describe('3.2.1 rate limits: which keys and which projects', () => {
  it('leaves keys that have a limit and inactive keys alone, next to one that needs a limit', () => {
    const keys = [
      makeKey({ id: 'limited', rateLimit: { window: 60, count: 5 } }),
      makeKey({ id: 'inactive', rateLimit: null, isActive: false }),
      makeKey({ id: 'open', rateLimit: null }),
    ];
    const out = run('3.2.1', makeState({ keys: { backend: partOk(keys) } }));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource.id)).toEqual(['open']);
    expect(out.changes?.map((c) => c.target.id)).toEqual(['open']);
    expect(out.warnings).toHaveLength(1);
  });

  it('uses each key its own statistics', () => {
    const keys = [makeKey({ id: 'k1', rateLimit: null }), makeKey({ id: 'k2', rateLimit: null })];
    const state = makeState({
      keys: { backend: partOk(keys) },
      keyStats: { k2: partOk([{ ts: MINUTE0, total: 600_000 }]) },
    });
    const out = run('3.2.1', state);
    expect(out.changes?.map((c) => [c.target.id, c.after])).toEqual([
      ['k1', { window: 60, count: 1000 }],
      ['k2', { window: 60, count: 100_000 }],
    ]);
    expect(out.findings[1]?.message).toMatch(/about 10000 events; proposed 10x that/);
  });

  it('says when 10x the busiest minute is below the policy minimum', () => {
    const state = makeState({ keys: { backend: partOk([makeKey({ id: 'k1', rateLimit: null })]) }, keyStats: { k1: partOk([{ ts: MINUTE0, total: 60 }]) } });
    const out = run('3.2.1', state);
    expect(out.findings[0]?.message).toMatch(/about 1 events; 10x that is below the policy minimum/);
    expect(out.changes?.[0]?.context).toMatchObject({ basis: 'policy', busiestMinute: 1 });
  });

  it('passes without warnings when every active key has a limit', () => {
    const out = run('3.2.1', makeState());
    expect(out).toEqual({ status: 'pass', findings: [] });
  });

  it('reads only the keys of projects with the rate-limits feature: an unreadable list elsewhere is no error', () => {
    const state = makeState({
      projects: partOk([makeProject({ slug: 'backend' }), makeProject({ slug: 'legacy', features: ['other'] })]),
      keys: { backend: partOk([makeKey()]), legacy: partError('403') },
    });
    const out = run('3.2.1', state);
    expect(out.status).toBe('pass');
    expect(out.reason).toBe('Skipped (no "rate-limits" feature, Sentry would ignore a limit): legacy.');
  });

  it('is an error when a project with the feature has unreadable keys and nothing else failed', () => {
    const state = makeState({
      projects: partOk([makeProject({ slug: 'backend' }), makeProject({ slug: 'web' })]),
      keys: { backend: partOk([makeKey()]), web: partError('403 project:read') },
    });
    const out = run('3.2.1', state);
    expect(out.status).toBe('error');
    expect(out.reason).toBe('Not evaluated (could not be read): client keys of web: 403 project:read');
  });

  it('fails for the readable project and still names the unreadable one', () => {
    const state = makeState({
      projects: partOk([makeProject({ slug: 'backend' }), makeProject({ slug: 'web' })]),
      keys: { backend: partOk([makeKey({ rateLimit: null })]) },
    });
    const out = run('3.2.1', state);
    expect(out.status).toBe('fail');
    expect(out.reason).toBe('Not evaluated (could not be read): client keys of web: client keys were not collected');
  });

  it('is not applicable for an org without projects, with its own reason', () => {
    const out = run('3.2.1', makeState({ projects: partOk([]) }));
    expect(out).toEqual({ status: 'not_applicable', findings: [], reason: 'The organization has no projects.' });
  });
});

describe('3.2.2 allowed domains: the policy entry of each project', () => {
  const web = makeProject({ slug: 'web', platform: 'javascript-react', allowedDomains: ['*'] });
  const shop = makeProject({ slug: 'shop', platform: 'javascript', allowedDomains: ['*'] });

  it('applies the origins of one project to that project only', () => {
    const out = run('3.2.2', makeState({ projects: partOk([web, shop]) }), { allowedDomains: { shop: ['https://shop.example.com'] } });
    expect(out.status).toBe('fail');
    expect(out.changes?.map((c) => [c.target.id, c.after])).toEqual([['shop', ['https://shop.example.com']]]);
    expect(out.missingParameter).toBe('allowedDomains');
    expect(out.findings.map((f) => [f.resource.id, f.expected])).toEqual([
      ['web', ['<the origins of your web app>']],
      ['shop', ['https://shop.example.com']],
    ]);
    expect(out.reason).toContain('{"allowedDomains": {"web": ["https://app.example.com"]}}');
    expect(out.reason).not.toContain('"shop"');
  });

  it('finds the policy entry by slug trimmed and case-insensitively, never by another slug', () => {
    const out = run('3.2.2', makeState({ projects: partOk([web]) }), { allowedDomains: { ' WEB ': ['https://app.example.com'], webshop: ['https://x.example.com'] } });
    expect(out.changes?.[0]?.after).toEqual(['https://app.example.com']);
    const other = run('3.2.2', makeState({ projects: partOk([web]) }), { allowedDomains: { webshop: ['https://x.example.com'] } });
    expect(other.changes).toEqual([]);
    expect(other.missingParameter).toBe('allowedDomains');
  });

  it('treats an empty policy list as missing', () => {
    const out = run('3.2.2', makeState({ projects: partOk([web]) }), { allowedDomains: { web: [] } });
    expect(out.missingParameter).toBe('allowedDomains');
    expect(out.changes).toEqual([]);
  });

  it('keeps existing origins, adds each policy origin once (trimmed, case-insensitive)', () => {
    const project = { ...web, allowedDomains: ['https://App.example.com', '*'] };
    const out = run('3.2.2', makeState({ projects: partOk([project]) }), { allowedDomains: { web: ['https://app.example.com', ' https://b.example.com '] } });
    expect(out.changes?.[0]?.after).toEqual(['https://App.example.com', 'https://b.example.com']);
    expect(out.warnings).toEqual([out.changes?.[0]?.consequence]);
    expect(out.warnings?.[0]).toContain('https://App.example.com, https://b.example.com');
  });

  it('names each unusable origin and keeps the usable projects planned', () => {
    const out = run('3.2.2', makeState({ projects: partOk([web, shop]) }), {
      allowedDomains: { web: ['https://ok.example.com', '', 'https://a.example.com:*/x', 'https://a b.example.com'], shop: ['https://shop.example.com'] },
    });
    expect(out.changes?.map((c) => c.target.id)).toEqual(['shop']);
    expect(out.missingParameter).toBeUndefined();
    expect(out.reason).toBe('Fix the policy\'s allowedDomains: web: empty origin, "https://a.example.com:*/x": wildcard ports are not allowed, "https://a b.example.com" contains whitespace.');
    expect(out.findings[0]?.expected).toEqual(['<the origins of your web app>']);
  });

  it('rejects "*" as a policy origin', () => {
    const out = run('3.2.2', makeState({ projects: partOk([web]) }), { allowedDomains: { web: ['*'] } });
    expect(out.changes).toEqual([]);
    expect(out.reason).toMatch(/"\*" allows /);
  });

  it('gives both reasons when one project lacks origins and another has unusable ones', () => {
    const out = run('3.2.2', makeState({ projects: partOk([web, shop]) }), { allowedDomains: { shop: ['https://s.example.com:*'] } });
    expect(out.reason).toMatch(/^Add the origins .* Fix the policy's allowedDomains: shop: /);
  });

  it('lists a settings link only for the projects with findings', () => {
    const ok = makeProject({ slug: 'ok', platform: 'javascript', allowedDomains: ['https://ok.example.com'] });
    const out = run('3.2.2', makeState({ projects: partOk([ok, web]) }));
    expect(out.manualSteps).toEqual(['web: https://acme.sentry.io/settings/projects/web/ → Client Security → Allowed Domains']);
  });

  it('ignores non-browser projects even with "*"', () => {
    const server = makeProject({ slug: 'api', platform: 'node', allowedDomains: ['*'] });
    const out = run('3.2.2', makeState({ projects: partOk([server]) }));
    expect(out.status).toBe('not_applicable');
    expect(run('3.2.2', makeState({ projects: partOk([server, web]) })).findings.map((f) => f.resource.id)).toEqual(['web']);
  });
});

describe('3.2.3 spike protection', () => {
  it('counts only an explicit "disabled": null (unset) and false mean on', () => {
    const state = makeState({ projects: partOk([makeProject({ slug: 'a', spikeProtectionDisabled: null }), makeProject({ slug: 'b', spikeProtectionDisabled: false })]) });
    expect(run('3.2.3', state)).toEqual({ status: 'pass', findings: [] });
  });

  it('is an error when the projects are unreadable although the probe worked', () => {
    const out = run('3.2.3', makeState({ projects: partError('403') }));
    expect(out.status).toBe('error');
    expect(out.reason).toBe('projects: 403');
  });

  it('names the project option in the finding', () => {
    const out = run('3.2.3', makeState({ projects: partOk([makeProject({ slug: 'a', spikeProtectionDisabled: true })]) }));
    expect(out.findings).toEqual([{ resource: { type: 'project', id: 'a', name: 'a' }, field: 'options["quotas:spike-protection-disabled"]', current: true, expected: 'false or unset', message: 'Spike protection is off for a.', source: 'project' }]);
  });
});

describe('3.2.4 key age: boundaries and which replacement belongs to which key', () => {
  it('passes a key exactly maxKeyAgeDays old and fails one a day older', () => {
    const at = (d: number) => makeState({ keys: { backend: partOk([makeKey({ dateCreated: daysAgo(d) })]) } });
    expect(run('3.2.4', at(365), { maxKeyAgeDays: 365 }).status).toBe('pass');
    const older = run('3.2.4', at(366), { maxKeyAgeDays: 365 });
    expect(older.status).toBe('fail');
    expect(older.findings[0]?.message).toMatch(/366 days old/);
    expect(older.findings[0]?.expected).toBe('at most 365 days old');
  });

  it('treats an unparseable creation date as unknown age (fail), not as new', () => {
    const out = run('3.2.4', makeState({ keys: { backend: partOk([makeKey({ dateCreated: 'yesterday' })]) } }));
    expect(out.status).toBe('fail');
    expect(out.findings[0]?.message).toMatch(/of unknown age/);
  });

  it('matches a replacement to its own old key when two old keys exist', () => {
    const oldA = makeKey({ id: 'a'.repeat(32), name: 'A', dateCreated: daysAgo(500) });
    const oldB = makeKey({ id: 'b'.repeat(32), name: 'B', dateCreated: daysAgo(500) });
    const forB = makeKey({ id: 'c'.repeat(32), name: rotationKeyName(oldB).replace('{session}', 's1'), dateCreated: daysAgo(1) });
    const out = run('3.2.4', makeState({ keys: { backend: partOk([oldA, oldB, forB]) } }));
    expect(out.changes?.map((c) => [c.target.id, c.field])).toEqual([
      [`rotation-of-${oldA.id}`, 'create'],
      [oldA.id, 'isActive'],
      [oldB.id, 'isActive'],
    ]);
    expect(out.changes?.[1]?.context).toEqual({ browserSdkVersion: '8.x', requiresConfirmation: 'new-dsn-deployed', afterCreateOf: oldA.id });
    expect(out.changes?.[2]?.context).toEqual({ browserSdkVersion: '8.x', requiresConfirmation: 'new-dsn-deployed', replacementKey: forB.id, replacementDsn: forB.dsn.public });
    expect(out.findings[0]?.message).not.toMatch(/Replacement key/);
    expect(out.findings[1]?.message).toMatch(/Replacement key "sentry-harden s1 rotates bbbbbbbb" already exists/);
  });

  it('does not take an inactive key, a key of another name or the old key itself as the replacement', () => {
    const old = makeKey({ id: 'a'.repeat(32), name: 'sentry-harden x rotates aaaaaaaa', dateCreated: daysAgo(500) });
    const inactive = makeKey({ id: 'd'.repeat(32), name: rotationKeyName(old).replace('{session}', 's1'), isActive: false, dateCreated: daysAgo(1) });
    const renamed = makeKey({ id: 'e'.repeat(32), name: `my ${rotationKeyName(old).replace('{session}', 's2')}`, dateCreated: daysAgo(1) });
    const suffix = makeKey({ id: 'f'.repeat(32), name: `${rotationKeyName(old).replace('{session}', 's3')} (copy)`, dateCreated: daysAgo(1) });
    const out = run('3.2.4', makeState({ keys: { backend: partOk([old, inactive, renamed, suffix]) } }));
    expect(out.changes?.map((c) => c.field)).toEqual(['create', 'isActive']);
    expect(out.changes?.[0]?.after).toEqual({ name: rotationKeyName(old), rateLimit: old.rateLimit, browserSdkVersion: '8.x' });
  });

  it('lists the keys page of each project with an old key, and names unreadable projects', () => {
    const state = makeState({
      projects: partOk([makeProject({ slug: 'backend' }), makeProject({ slug: 'fresh' }), makeProject({ slug: 'web' })]),
      keys: { backend: partOk([makeKey({ dateCreated: daysAgo(900) })]), fresh: partOk([makeKey({ dateCreated: daysAgo(1) })]) },
    });
    const out = run('3.2.4', state);
    expect(out.status).toBe('fail');
    expect(out.manualSteps?.filter((s) => s.includes('/keys/'))).toEqual(['backend: https://acme.sentry.io/settings/projects/backend/keys/']);
    expect(out.reason).toBe('Not evaluated (could not be read): client keys of web: client keys were not collected');
  });

  it('is an error, not a pass, when the only keys are unreadable', () => {
    const out = run('3.2.4', makeState({ keys: { backend: partError('403') } }));
    expect(out.status).toBe('error');
    expect(out.changes).toBeUndefined();
  });
});

describe('3.2.5 one active key', () => {
  it('keeps the newest of three and lists the two older ones', () => {
    const keys = [
      makeKey({ id: 'k1', name: 'Mid', dateCreated: daysAgo(50) }),
      makeKey({ id: 'k2', name: 'New', dateCreated: daysAgo(5) }),
      makeKey({ id: 'k3', name: 'Old', dateCreated: daysAgo(500) }),
    ];
    const out = run('3.2.5', makeState({ keys: { backend: partOk(keys) } }));
    expect(out.findings.map((f) => f.resource.id)).toEqual(['k1', 'k3']);
    expect(out.manualSteps).toEqual(['backend: https://acme.sentry.io/settings/projects/backend/keys/: find which applications use each of "Mid", "New", "Old"; move them to one key and disable the others.']);
  });

  it('keeps the listed order for keys created at the same time', () => {
    const keys = [makeKey({ id: 'k1', name: 'First', dateCreated: daysAgo(5) }), makeKey({ id: 'k2', name: 'Second', dateCreated: daysAgo(5) })];
    const out = run('3.2.5', makeState({ keys: { backend: partOk(keys) } }));
    expect(out.findings.map((f) => f.resource.id)).toEqual(['k2']);
  });

  it('is an error when a project\'s keys are unreadable and no other project failed', () => {
    const out = run('3.2.5', makeState({ keys: { backend: partError('403') } }));
    expect(out).toEqual({ status: 'error', findings: [], reason: 'Not evaluated (could not be read): client keys of backend: 403' });
  });

  it('does not count inactive keys', () => {
    const keys = [makeKey({ id: 'k1' }), makeKey({ id: 'k2', isActive: false })];
    expect(run('3.2.5', makeState({ keys: { backend: partOk(keys) } }))).toEqual({ status: 'pass', findings: [] });
  });
});
