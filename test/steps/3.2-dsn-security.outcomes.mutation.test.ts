// 3.2: whole outcomes where the earlier tests checked only a status or one field, found by mutation
// testing (issue 21): what an unreadable part is called, what a finding and a change carry, and
// every list a check adds only when it has something to say (warnings, manual steps, reasons).
// Sentry facts: a wildcard port in an allowed domain is refused by OriginField.validate_origin,
// which looks for ":*" in parse_uri_match's `domain` (src/sentry/api/serializers/rest_framework/origin.py,
// src/sentry/utils/http.py: with a port, that "domain" runs from the host to the end of the entry,
// path included); rateLimit, dateCreated, isActive and allowedDomains are the API's field names
// (../shared/sentry-api/projects.md §2.2, §4).
import { describe, expect, it } from 'vitest';
import { busiestMinute } from '../../steps/3.2-dsn-security.js';
import { findCheck } from '../../steps/index.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import type { CheckDef, CheckOutcome, CheckResult } from '../../steps/types.js';
import type { KeyStatPoint } from '../../src/sentry/types.js';
import { partError, partOk } from '../../src/state/types.js';
import { makeKey, makeProject, makeState, NOW, runCheck as run } from '../fixtures/state.js';

const daysAgo = (d: number): string => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const MINUTE0 = 1_700_000_040; // a minute boundary (divisible by 60)

describe('3.2: unreadable projects are named as "projects" in every check', () => {
  it.each(['3.2.1', '3.2.2', '3.2.3', '3.2.4', '3.2.5'])('%s is an error naming the projects', (id) => {
    expect(run(id, makeState({ projects: partError('403 project:read') }))).toEqual({ status: 'error', findings: [], reason: 'projects: 403 project:read' });
  });

  it('3.2.3 names spike protection when its probe failed', () => {
    expect(run('3.2.3', makeState({ spikeProtection: partError('500') }))).toEqual({ status: 'error', findings: [], reason: 'spike protection: 500' });
  });
});

describe('busiestMinute: one-minute buckets are summed per minute too', () => {
  it('adds two points of the same minute when the bucket is exactly 60 seconds', () => {
    // gaps of 60 s: the bucket is one minute; the two points at MINUTE0 are one minute's events
    const points: KeyStatPoint[] = [{ ts: MINUTE0, total: 4 }, { ts: MINUTE0, total: 6 }, { ts: MINUTE0 + 60, total: 7 }];
    expect(busiestMinute(points)).toBe(10);
  });
});

describe('3.2.1 finding and change', () => {
  it('names the key field in the finding and the change, with the proposal as expected value', () => {
    const key = makeKey({ id: 'k1', name: 'Open', rateLimit: null, browserSdkVersion: '7.x' });
    const out = run('3.2.1', makeState({ keys: { backend: partOk([key]) } }));
    expect(out.findings).toEqual([{
      resource: { type: 'key', id: 'k1', project: 'backend', name: 'Open' },
      field: 'rateLimit',
      current: null,
      expected: { window: 60, count: 1000 },
      message: 'Active key "Open" of backend has no rate limit (no usage statistics could be read, so the policy limit is proposed).',
    }]);
    expect(out.changes).toEqual([{
      checkId: '3.2.1',
      target: { type: 'key', id: 'k1', project: 'backend', name: 'Open' },
      field: 'rateLimit',
      before: null,
      after: { window: 60, count: 1000 },
      risk: 'disruptive',
      reversible: true,
      consequence: 'Events above 1000 per 60 seconds sent with this DSN are dropped.',
      context: { browserSdkVersion: '7.x', basis: 'policy', busiestMinute: null },
    }]);
  });

  it('is an error that keeps the skipped projects in its reason when the only readable keys are fine', () => {
    const state = makeState({
      projects: partOk([makeProject({ slug: 'web' }), makeProject({ slug: 'legacy', features: [] })]),
      keys: { web: partError('403') },
    });
    expect(run('3.2.1', state)).toEqual({
      status: 'error',
      findings: [],
      reason: 'Not evaluated (could not be read): client keys of web: 403 Skipped (no "rate-limits" feature, Sentry would ignore a limit): legacy.',
    });
  });

  it('is not applicable with nothing else when no project has the feature', () => {
    expect(run('3.2.1', makeState({ projects: partOk([makeProject({ features: [] })]) }))).toEqual({
      status: 'not_applicable', findings: [], reason: 'No project has the "rate-limits" feature, so Sentry ignores client-key rate limits on this plan or server.',
    });
  });
});

describe('3.2.2 allowed domains: outcome details', () => {
  const web = makeProject({ slug: 'web', platform: 'javascript-react', allowedDomains: ['*'] });
  const shop = makeProject({ slug: 'shop', platform: 'javascript', allowedDomains: ['*'] });

  it('is not applicable with nothing else for server projects only', () => {
    expect(run('3.2.2', makeState())).toEqual({ status: 'not_applicable', findings: [], reason: 'No browser JavaScript project.' });
  });

  it('plans a reversible change and a finding naming the field and the project as source', () => {
    const out = run('3.2.2', makeState({ projects: partOk([web]) }), { allowedDomains: { web: ['https://app.example.com'] } });
    expect(out).toEqual({
      status: 'fail',
      findings: [{
        resource: { type: 'project', id: 'web', name: 'web' },
        field: 'allowedDomains',
        current: ['*'],
        expected: ['https://app.example.com'],
        message: 'web accepts events from every origin ("*").',
        source: 'project',
      }],
      changes: [{
        checkId: '3.2.2',
        target: { type: 'project', id: 'web', name: 'web' },
        field: 'allowedDomains',
        before: ['*'],
        after: ['https://app.example.com'],
        risk: 'disruptive',
        reversible: true,
        consequence: 'Events from pages outside https://app.example.com are rejected for web (also local development and preview URLs unless listed).',
      }],
      warnings: ['Events from pages outside https://app.example.com are rejected for web (also local development and preview URLs unless listed).'],
      manualSteps: ['web: https://acme.sentry.io/settings/projects/web/ → Client Security → Allowed Domains'],
    });
  });

  it('without policy origins: no warnings, no invalid-policy entry, the placeholder as expected value', () => {
    const out = run('3.2.2', makeState({ projects: partOk([web]) }), { allowedDomains: { web: [] } });
    expect(out.warnings).toBeUndefined();
    expect(out.invalidPolicy).toBeUndefined();
    expect(out.findings[0]?.expected).toEqual(['<the origins of your web app>']);
    expect(out.reason).toBe('Add the origins to the policy file, e.g. {"allowedDomains": {"web": ["https://app.example.com"]}}, or enter them in the wizard.');
  });

  it('a policy key that is not a slug is no project\'s entry (not even "undefined")', () => {
    const out = run('3.2.2', makeState({ projects: partOk([web]) }), { allowedDomains: { undefined: ['https://x.example.com'] } });
    expect(out.changes).toEqual([]);
    expect(out.missingParameter).toBe('allowedDomains');
  });

  it('lists the settings page of every failing project, and joins the unusable entries of two projects', () => {
    const out = run('3.2.2', makeState({ projects: partOk([web, shop]) }), { allowedDomains: { web: ['https://a.example.com:*'], shop: ['*'] } });
    expect(out.manualSteps).toEqual([
      'web: https://acme.sentry.io/settings/projects/web/ → Client Security → Allowed Domains',
      'shop: https://acme.sentry.io/settings/projects/shop/ → Client Security → Allowed Domains',
    ]);
    expect(out.invalidPolicy).toEqual([{ parameter: 'allowedDomains', problems: ['web: "https://a.example.com:*": wildcard ports are not allowed', 'shop: "*" allows every origin'] }]);
    expect(out.reason).toBe('Fix the policy\'s allowedDomains: web: "https://a.example.com:*": wildcard ports are not allowed; shop: "*" allows every origin.');
  });

  // OriginField.validate_origin: ":*" anywhere in parse_uri_match's domain, which with a port runs to the end of the entry
  it.each([
    ['https://a.example.com:*', true],
    ['a.example.com:*', true],
    ['https://a.example.com:*x', true],
    ['https://a.example.com:*/app', true],
    ['https://a.example.com:8080/x:*', true],
    ['https://a.example.com/x:*', false],
    ['https://a.example.com:8080', false],
    ['https://a.example.com/path*', false],
  ])('policy origin %s: wildcard port refused = %s', (origin, refused) => {
    const out = run('3.2.2', makeState({ projects: partOk([web]) }), { allowedDomains: { web: [origin] } });
    if (refused) {
      expect(out.changes).toEqual([]);
      expect(out.invalidPolicy).toEqual([{ parameter: 'allowedDomains', problems: [`web: "${origin}": wildcard ports are not allowed`] }]);
    } else {
      expect(out.invalidPolicy).toBeUndefined();
      expect(out.changes?.[0]?.after).toEqual([origin]);
    }
  });
});

describe('3.2.3 spike protection outcomes', () => {
  it('is not applicable with nothing else when the server has no spike protection', () => {
    expect(run('3.2.3', makeState({ spikeProtection: partOk('unavailable') }))).toEqual({
      status: 'not_applicable', findings: [], reason: 'This server has no spike protection (the spike-protections endpoint answers 404, as on self-hosted Sentry).',
    });
  });

  it('plans one reversible change per project whose protection is off', () => {
    const out = run('3.2.3', makeState({ projects: partOk([makeProject({ slug: 'a', spikeProtectionDisabled: true }), makeProject({ slug: 'b' })]) }));
    expect(out.changes).toEqual([{ checkId: '3.2.3', target: { type: 'spike-protection', id: 'a' }, field: 'enabled', before: false, after: true, risk: 'none', reversible: true }]);
  });
});

describe('3.2.4 key age outcomes', () => {
  it('passes with nothing else (no warnings, no steps) when every key is young enough', () => {
    expect(run('3.2.4', makeState())).toEqual({ status: 'pass', findings: [] });
  });

  it('plans the create and the deactivation with their risks, and lists only the fixed steps', () => {
    const old = makeKey({ id: 'a'.repeat(32), name: 'Old', dateCreated: daysAgo(400), rateLimit: null });
    const out = run('3.2.4', makeState({ keys: { backend: partOk([old]) } }), { maxKeyAgeDays: 365 });
    expect(out.findings).toEqual([{
      resource: { type: 'key', id: old.id, project: 'backend', name: 'Old' },
      field: 'dateCreated',
      current: old.dateCreated,
      expected: 'at most 365 days old',
      message: 'Active key "Old" of backend is 400 days old.',
    }]);
    expect(out.changes?.map((c) => [c.field, c.risk, c.reversible])).toEqual([['create', 'none', true], ['isActive', 'risky', true]]);
    expect(out.changes?.[0]?.consequence).toBe('A new key is created for backend; deploy its DSN to every SDK, loader script and CSP report URI before the old key is deactivated.');
    expect(out.manualSteps).toEqual([
      'Replace the DSN in every application, loader <script> tag, CSP report-uri and CI secret, then release.',
      'backend: https://acme.sentry.io/settings/projects/backend/keys/',
    ]);
  });

  it('lists the keys page of every project with an old key', () => {
    const state = makeState({
      projects: partOk([makeProject({ slug: 'a' }), makeProject({ slug: 'b' })]),
      keys: { a: partOk([makeKey({ id: 'k'.repeat(32), dateCreated: daysAgo(900) })]), b: partOk([makeKey({ id: 'm'.repeat(32), dateCreated: daysAgo(900) })]) },
    });
    expect(run('3.2.4', state).manualSteps?.filter((s) => s.includes('/keys/'))).toEqual([
      'a: https://acme.sentry.io/settings/projects/a/keys/',
      'b: https://acme.sentry.io/settings/projects/b/keys/',
    ]);
  });

  it('treats a key without a creation date as of unknown age', () => {
    const out = run('3.2.4', makeState({ keys: { backend: partOk([makeKey({ dateCreated: null })]) } }));
    expect(out.findings[0]?.message).toBe('Active key "Default" of backend is of unknown age (created before Sentry recorded key dates).');
  });
});

describe('3.2.5 outcome details', () => {
  it('names the field and the values of each extra key, and the age of an undated one', () => {
    const keys = [makeKey({ id: 'k1', name: 'New', dateCreated: daysAgo(5) }), makeKey({ id: 'k2', name: 'Undated', dateCreated: null })];
    const out = run('3.2.5', makeState({ keys: { backend: partOk(keys) } }));
    expect(out.findings).toEqual([{
      resource: { type: 'key', id: 'k2', project: 'backend', name: 'Undated' },
      field: 'isActive',
      current: true,
      expected: false,
      message: 'backend has 2 active keys; extra key "Undated" is of unknown age.',
    }]);
  });

  it('keeps a dated key over an undated one whichever is listed first', () => {
    const keys = [makeKey({ id: 'k2', name: 'Undated', dateCreated: null }), makeKey({ id: 'k1', name: 'Dated', dateCreated: daysAgo(5) })];
    expect(run('3.2.5', makeState({ keys: { backend: partOk(keys) } })).findings.map((f) => f.resource.id)).toEqual(['k2']);
  });
});

// Sentry's platform lists (src/sentry/utils/platform_categories.py, src/state/platforms.ts): a
// platform in none of them, or none set, cannot be told browser or server; "*" there is a decision
// for a person, never a pass and never a planned change.
describe('3.2.2 projects of unknown platform', () => {
  const odd = makeProject({ slug: 'odd', platform: 'cobol', allowedDomains: ['*'] });
  const none = makeProject({ slug: 'none', platform: null, allowedDomains: ['https://*'] });
  const web = makeProject({ slug: 'web', platform: 'javascript-react', allowedDomains: ['*'] });

  it('is manual, naming each one that accepts every origin, never not-applicable or pass', () => {
    const out = run('3.2.2', makeState({ projects: partOk([odd]) }));
    expect(out).toEqual({
      status: 'manual',
      findings: [],
      reason: 'Platform unknown, so whether browsers send these events cannot be told: 1 project accepts every origin.',
      manualSteps: ['odd: platform cobol is not in Sentry\'s platform lists (platform_categories.py): whether its events come from browsers cannot be told; it accepts events from every origin ("*"). If browsers send its events, list its origins at https://acme.sentry.io/settings/projects/odd/ → Client Security → Allowed Domains.'],
    });
    const two = run('3.2.2', makeState({ projects: partOk([odd, none]) }));
    expect(two.reason).toBe('Platform unknown, so whether browsers send these events cannot be told: 2 projects accept every origin.');
    expect(two.manualSteps?.[1]).toMatch(/^none: platform \(no platform set\) is not in Sentry's platform lists .*; it accepts events from every https site \("https:\/\/\*"\)\./);
  });

  it('passes an unknown-platform project that lists its own origins', () => {
    expect(run('3.2.2', makeState({ projects: partOk([{ ...odd, allowedDomains: ['https://odd.example.com'] }]) }))).toEqual({ status: 'pass', findings: [] });
  });

  it('next to a failing browser project: fails for that one and adds the decision to the steps', () => {
    const out = run('3.2.2', makeState({ projects: partOk([odd, web]) }), { allowedDomains: { web: ['https://app.example.com'] } });
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource.id)).toEqual(['web']);
    expect(out.changes?.map((c) => c.target.id)).toEqual(['web']);
    expect(out.manualSteps).toHaveLength(2);
    expect(out.manualSteps?.[1]).toMatch(/^odd: platform cobol /);
  });
});

describe('3.2.2 wildcard ports at the edges of the entry', () => {
  const web = makeProject({ slug: 'web', platform: 'javascript', allowedDomains: ['*'] });
  // parse_uri_match (src/sentry/utils/http.py): without "://" the whole entry is host and path;
  // with an empty host the domain has no ":" and the path is not checked
  it.each([
    ['x:1/y:*', true],
    ['https:///x:*', false],
  ])('%s refused = %s', (origin, refused) => {
    const out = run('3.2.2', makeState({ projects: partOk([web]) }), { allowedDomains: { web: [origin] } });
    expect(out.invalidPolicy === undefined).toBe(!refused);
  });
});

describe('3.2.1 and 3.2.2 guided edits', () => {
  const def = (id: string): CheckDef => findCheck(id)!.check;
  const asResult = (id: string, out: CheckOutcome): CheckResult => ({ ...def(id), ...out } as unknown as CheckResult);

  it('3.2.1 starts from the proposed limit of the first rate-limit change and turns the answer into the policy limit', () => {
    const keys = [makeKey({ id: 'k1', rateLimit: null }), makeKey({ id: 'k2', rateLimit: null })];
    const out = run('3.2.1', makeState({ keys: { backend: partOk(keys) }, keyStats: { k1: partOk([{ ts: MINUTE0, total: 600_000 }]) } }));
    const spec = def('3.2.1').edit!.spec(asResult('3.2.1', out), { policy: DEFAULT_POLICY, state: undefined });
    expect(spec).toEqual({ kind: 'rate-limit', checkId: '3.2.1', label: '3.2.1 rate limit for every client key', initial: '100000/60' });
    expect(def('3.2.1').edit!.spec(asResult('3.2.1', { status: 'fail', findings: [], changes: [] }), { policy: DEFAULT_POLICY, state: undefined })).toBeUndefined();
    expect(def('3.2.1').edit!.spec(asResult('3.2.1', { status: 'fail', findings: [] }), { policy: DEFAULT_POLICY, state: undefined })).toBeUndefined();
    const resolve = (v: string | string[]) => def('3.2.1').edit!.resolve(spec!, v, { policy: DEFAULT_POLICY, state: undefined });
    expect(resolve('500/30')).toEqual({ rateLimit: { checkId: '3.2.1', value: { count: 500, window: 30 } } });
    expect(resolve(['200'])).toEqual({ rateLimit: { checkId: '3.2.1', value: { count: 200, window: 60 } } });
    expect(resolve('lots')).toBe('enter COUNT/WINDOW, e.g. 1000/60 (1000 events per 60 seconds)');
    expect(resolve([])).toBe('enter COUNT/WINDOW, e.g. 1000/60 (1000 events per 60 seconds)');
  });

  it('3.2.2 offers the failing browser projects, starting from the policy origins of the first', () => {
    const web = makeProject({ slug: 'web', platform: 'javascript', allowedDomains: ['*'] });
    const shop = makeProject({ slug: 'shop', platform: 'javascript', allowedDomains: ['*'] });
    const policy = { ...DEFAULT_POLICY, allowedDomains: { web: ['https://a.example.com', 'https://b.example.com'] } };
    const out = run('3.2.2', makeState({ projects: partOk([web, shop]) }), { allowedDomains: policy.allowedDomains });
    const spec = def('3.2.2').edit!.spec(asResult('3.2.2', out), { policy, state: undefined });
    expect(spec).toMatchObject({ kind: 'list', checkId: '3.2.2', param: 'allowedDomains', label: '3.2.2 allowed origins for 2 browser projects', projects: ['web', 'shop'], initial: 'https://a.example.com, https://b.example.com' });
    const one = def('3.2.2').edit!.spec(asResult('3.2.2', run('3.2.2', makeState({ projects: partOk([shop]) }))), { policy, state: undefined });
    expect(one).toMatchObject({ label: '3.2.2 allowed origins for 1 browser project', projects: ['shop'], initial: '' });
    const none = def('3.2.2').edit!.spec(asResult('3.2.2', { status: 'pass', findings: [] }), { policy, state: undefined });
    expect(none).toMatchObject({ projects: [], initial: '' });
  });
});
