// Guided edits (steps/edits.ts) as behaviour, found by mutation testing (issue 21): how a typed
// answer becomes a list, a rate limit or a policy override, and which projects a check is about.
// Sentry facts: a key's rate limit window is at most one day (RateLimitSerializer, window
// max_value=60*60*24, src/sentry/api/serializers/rest_framework/project_key.py); a count of 0
// would be stored as "no limit" there, so the editor asks for at least 1 (the safer reading).
import { describe, expect, it } from 'vitest';
import { parseRateLimit, picks, projectsOf, resolveList, splitList, type EditContext, type EditSpec } from '../../steps/edits.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import type { CheckResult, Finding, PlannedChange, ResourceRef } from '../../steps/types.js';

const result = (findings: ResourceRef[], changes?: ResourceRef[]): CheckResult => ({
  id: '3.2.2', title: 't', level: 'L1', automation: 'guided', risk: 'disruptive', rationale: 'r', status: 'fail',
  findings: findings.map((resource): Finding => ({ resource, field: 'f', current: 1, expected: 2, message: 'm' })),
  ...(changes ? { changes: changes.map((target): PlannedChange => ({ checkId: '3.2.2', target, field: 'f', before: 1, after: 2, risk: 'none', reversible: true })) } : {}),
});

describe('splitList / picks', () => {
  it('splits on commas and any whitespace, dropping empty pieces', () => {
    expect(splitList('a.example.com, b.example.com\n c.example.com\t,,d')).toEqual(['a.example.com', 'b.example.com', 'c.example.com', 'd']);
    expect(splitList('  ')).toEqual([]);
    expect(splitList('')).toEqual([]);
    expect(splitList('one')).toEqual(['one']);
  });

  it('a list of picks is taken as it is; text is split', () => {
    expect(picks(['a b', 'c'])).toEqual(['a b', 'c']);
    expect(picks('a b,c')).toEqual(['a', 'b', 'c']);
  });
});

describe('parseRateLimit', () => {
  it('COUNT/WINDOW, COUNT/WINDOWs and COUNT alone (per minute), with spaces anywhere', () => {
    expect(parseRateLimit('1000/60')).toEqual({ count: 1000, window: 60 });
    expect(parseRateLimit(' 500 / 3600 s ')).toEqual({ count: 500, window: 3600 });
    expect(parseRateLimit('500/10s')).toEqual({ count: 500, window: 10 });
    expect(parseRateLimit('250')).toEqual({ count: 250, window: 60 });
  });

  it('refuses what is not COUNT/WINDOW', () => {
    for (const bad of ['', 'x', '10/', '/60', '10/60/2', '1.5/60', '-1/60', '10/60m', '10 per 60', 'a10/60', '10/60x', '10/s']) {
      expect(parseRateLimit(bad), bad).toBe('enter COUNT/WINDOW, e.g. 1000/60 (1000 events per 60 seconds)');
    }
  });

  it('the count from 1, the window 1 to 86400 seconds (Sentry\'s maximum), both edges', () => {
    expect(parseRateLimit('0/60')).toBe('the count must be at least 1');
    expect(parseRateLimit('1/60')).toEqual({ count: 1, window: 60 });
    expect(parseRateLimit('10/0')).toBe('the window must be 1 to 86400 seconds');
    expect(parseRateLimit('10/1')).toEqual({ count: 10, window: 1 });
    expect(parseRateLimit('10/86400')).toEqual({ count: 10, window: 86_400 });
    expect(parseRateLimit('10/86401')).toBe('the window must be 1 to 86400 seconds');
  });
});

describe('projectsOf', () => {
  it('collects project findings, the project of keys and filters, and project change targets, once each', () => {
    const out = projectsOf(result(
      [{ type: 'project', id: 'web' }, { type: 'key', id: 'k1', project: 'api' }, { type: 'filter', id: 'localhost', project: 'web' }, { type: 'member', id: '1', email: 'a@x' }],
      [{ type: 'project', id: 'shop' }, { type: 'key', id: 'k2', project: 'mobile' }, { type: 'project', id: 'api' }],
    ));
    expect(out).toEqual(['web', 'api', 'shop']);
  });

  it('none for findings about other resources and no changes', () => {
    expect(projectsOf(result([{ type: 'organization', id: 'acme' }, { type: 'team', id: 'platform' }]))).toEqual([]);
  });
});

describe('resolveList', () => {
  const ctx = (allowedDomains: Record<string, string[]> = {}): EditContext => ({ policy: { ...DEFAULT_POLICY, allowedDomains }, state: undefined });
  const domains: EditSpec = { kind: 'list', checkId: '3.2.2', param: 'allowedDomains', label: 'l', hint: 'e.g. https://app.acme.test', projects: ['web', 'shop'], initial: '' };
  const ips: EditSpec = { kind: 'list', checkId: '3.3.1', param: 'blockedIps', label: 'l', hint: 'e.g. 10.0.0.0/8', projects: [], initial: '' };

  it('sets the same origins for every project of the editor and keeps the other projects\' entries', () => {
    expect(resolveList(domains, 'https://a.test, https://b.test', ctx({ api: ['https://api.test'], web: ['https://old.test'] }))).toEqual({
      policy: { allowedDomains: { api: ['https://api.test'], web: ['https://a.test', 'https://b.test'], shop: ['https://a.test', 'https://b.test'] } },
    });
  });

  it('does not change the policy it was given', () => {
    const c = ctx({ web: ['https://old.test'] });
    resolveList(domains, 'https://a.test', c);
    expect(c.policy.allowedDomains).toEqual({ web: ['https://old.test'] });
  });

  it('blockedIps: one list for the organization, whatever the projects', () => {
    expect(resolveList(ips, ['10.0.0.0/8', '192.0.2.1'], ctx())).toEqual({ policy: { blockedIps: ['10.0.0.0/8', '192.0.2.1'] } });
  });

  it('an empty answer asks for a value with the hint; another kind of editor is refused', () => {
    expect(resolveList(domains, ' , ', ctx())).toBe('enter at least one value (e.g. https://app.acme.test)');
    expect(resolveList(ips, [], ctx())).toBe('enter at least one value (e.g. 10.0.0.0/8)');
    expect(resolveList({ kind: 'rate-limit', checkId: '3.2.1', label: 'l', initial: '' }, '10', ctx())).toBe('internal: not a list editor');
  });
});
