import { describe, expect, it } from 'vitest';
import { control3_3, LEGACY_BROWSER_SUBFILTERS } from '../../steps/3.3-ip-filtering.js';
import type { InboundFilter } from '../../src/sentry/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { ALL_FILTERS_ON, makeOrg, makeProject, makeState, runCheck as run } from '../fixtures/state.js';

const web = makeProject({ slug: 'web', platform: 'javascript-react' });
const api = makeProject({ slug: 'api', platform: 'python' });
const electron = makeProject({ slug: 'desk', platform: 'javascript-electron' });
const withFilters = (filters: InboundFilter[]): OrgState =>
  makeState({ projects: partOk([web, api, electron]), filters: { web: partOk(filters) } });
const set = (id: string, active: InboundFilter['active']): InboundFilter[] =>
  ALL_FILTERS_ON.map((f) => (f.id === id ? { id, active } : f));

describe('control 3.3 metadata', () => {
  it('matches POLICY.md', () => {
    expect(control3_3).toMatchObject({ id: '3.3', title: 'Configure IP Filtering', level: 'L2', frameworks: { cis: ['13.5'], nist: ['AC-17'], soc2: [] } });
    expect(control3_3.checks.map((c) => [c.id, c.level, c.automation, c.risk])).toEqual([
      ['3.3.1', 'L2', 'auto', 'disruptive'],
      ['3.3.2', 'L2', 'auto', 'disruptive'],
      ['3.3.3', 'L2', 'auto', 'disruptive'],
      ['3.3.4', 'L2', 'guided', 'disruptive'],
      ['3.3.5', 'L3', 'manual', 'none'],
      ['3.3.6', 'L3', 'auto', 'disruptive'],
    ]);
  });

  it('browser filters pass when on, and do not apply without browser projects', () => {
    const on = withFilters(ALL_FILTERS_ON);
    for (const id of ['3.3.1', '3.3.2', '3.3.3', '3.3.6']) {
      expect(run(id, on).status, id).toBe('pass');
      const none = run(id, makeState());
      expect(none.status, id).toBe('not_applicable');
      expect(none.reason).toMatch(/No browser JavaScript project/);
    }
    expect(run('3.3.5', makeState()).status).toBe('pass');
    expect(run('3.3.4', makeState()).status).toBe('manual');
  });
});

describe('3.3.1-3.3.3 boolean filters', () => {
  it.each([['3.3.1', 'localhost'], ['3.3.2', 'web-crawlers'], ['3.3.3', 'browser-extensions']])('%s turns on %s for browser projects only', (id, filter) => {
    const out = run(id, withFilters(set(filter, false)));
    expect(out.status).toBe('fail');
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({ resource: { type: 'filter', id: filter, project: 'web' }, current: false, expected: true });
    expect(out.changes).toEqual([expect.objectContaining({ checkId: id, target: { type: 'filter', id: filter, project: 'web' }, field: 'active', before: false, after: true, risk: 'disruptive', reversible: true })]);
    expect(out.warnings?.length).toBe(1);
  });

  it('an absent filter counts as off', () => {
    const out = run('3.3.1', withFilters(ALL_FILTERS_ON.filter((f) => f.id !== 'localhost')));
    expect(out.changes?.[0]).toMatchObject({ field: 'active', after: true });
  });

  it('reports uncollected filters as error', () => {
    const state = makeState({ projects: partOk([web]), filters: { web: partError('403') } });
    expect(run('3.3.1', state).status).toBe('error');
    expect(run('3.3.1', makeState({ projects: partOk([web]) })).reason).toMatch(/not collected/);
  });
});

describe('3.3.6 legacy browsers', () => {
  it('is on with true or a non-empty list', () => {
    expect(run('3.3.6', withFilters(set('legacy-browsers', true))).status).toBe('pass');
    expect(run('3.3.6', withFilters(set('legacy-browsers', ['ie']))).status).toBe('pass');
  });

  it('writes the current subfilters when off', () => {
    for (const off of [false, []] as InboundFilter['active'][]) {
      const out = run('3.3.6', withFilters(set('legacy-browsers', off)));
      expect(out.status).toBe('fail');
      expect(out.changes?.[0]).toMatchObject({ target: { type: 'filter', id: 'legacy-browsers', project: 'web' }, field: 'subfilters', before: off, after: [...LEGACY_BROWSER_SUBFILTERS] });
    }
    expect(LEGACY_BROWSER_SUBFILTERS).toEqual(['ie', 'edge', 'safari', 'firefox', 'chrome', 'opera', 'android', 'opera_mini']);
  });
});

describe('3.3.4 IP blocklist', () => {
  it('is manual while the policy names no ranges', () => {
    const out = run('3.3.4', makeState(), { blockedIps: {} });
    expect(out.status).toBe('manual');
    expect(out.missingParameter).toBe('blockedIps');
    expect(out.manualSteps?.join('\n')).toContain('https://acme.sentry.io/settings/projects/backend/filters/data-filters/');
  });

  it('plans the union of a list for every project', () => {
    const state = makeState({ projects: partOk([{ ...web, blockedIps: ['198.51.100.7'] }, api]) });
    const out = run('3.3.4', state, { blockedIps: ['203.0.113.0/24', '198.51.100.7', '2001:DB8::/32'] });
    expect(out.status).toBe('fail');
    expect(out.changes?.map((c) => [c.target.id, c.field, c.before, c.after])).toEqual([
      ['web', 'blockedIps', ['198.51.100.7'], ['198.51.100.7', '203.0.113.0/24', '2001:db8::/32']],
      ['api', 'blockedIps', [], ['203.0.113.0/24', '198.51.100.7', '2001:db8::/32']],
    ]);
  });

  it('uses a per-project map and warns about unknown projects', () => {
    const state = makeState({ projects: partOk([web, api]) });
    const out = run('3.3.4', state, { blockedIps: { WEB: ['203.0.113.9'], ghost: ['203.0.113.10'] } });
    expect(out.changes?.map((c) => c.target.id)).toEqual(['web']);
    expect(out.warnings?.join('\n')).toMatch(/do not exist: ghost/);
  });

  it('leaves out invalid entries and says so', () => {
    const state = makeState({ projects: partOk([web]) });
    const out = run('3.3.4', state, { blockedIps: ['203.0.113.0/24', '10.0.0.0/33', 'evil.example.com'] });
    expect(out.changes?.[0]?.after).toEqual(['203.0.113.0/24']);
    expect(out.findings[0]?.message).toMatch(/left out/);
    expect(out.reason).toMatch(/10\.0\.0\.0\/33.*exceeds/);
    // the check keeps failing while the policy holds invalid entries
    const done = makeState({ projects: partOk([{ ...web, blockedIps: ['203.0.113.0/24'] }]) });
    const again = run('3.3.4', done, { blockedIps: ['203.0.113.0/24', 'evil.example.com'] });
    expect(again.status).toBe('fail');
    expect(again.changes).toEqual([]);
  });

  it('warns before blocking internal networks on backend projects only', () => {
    const state = makeState({ projects: partOk([web, api]) });
    const out = run('3.3.4', state, { blockedIps: ['10.0.0.0/8'] });
    const text = out.warnings?.join('\n') ?? '';
    expect(text).toMatch(/api is not a browser-only project \(python\).*10\.0\.0\.0\/8/);
    expect(text).not.toMatch(/web is a backend/);
  });

  it('keeps existing entries Relay ignores, with a warning', () => {
    const state = makeState({ projects: partOk([{ ...web, blockedIps: ['lol/bar'] }]) });
    const out = run('3.3.4', state, { blockedIps: ['203.0.113.0/24'] });
    expect(out.changes?.[0]?.after).toEqual(['lol/bar', '203.0.113.0/24']);
    expect(out.warnings?.join('\n')).toMatch(/Relay ignores \(kept as they are\): "lol\/bar"/);
  });

  it('passes when every project already blocks the ranges (case-insensitive)', () => {
    const state = makeState({ projects: partOk([{ ...api, blockedIps: ['2001:db8::/32'] }]) });
    expect(run('3.3.4', state, { blockedIps: ['2001:DB8::/32'] }).status).toBe('pass');
  });
});

describe('3.3.5 trusted relays', () => {
  it('fails without relays or without relay-only ingestion, with setup steps', () => {
    const none = run('3.3.5', makeState({ org: partOk(makeOrg({ trustedRelays: [], ingestThroughTrustedRelaysOnly: 'disabled' })) }));
    expect(none.status).toBe('fail');
    expect(none.findings.map((f) => f.field)).toEqual(['trustedRelays', 'ingestThroughTrustedRelaysOnly']);
    expect(none.manualSteps?.join('\n')).toContain('https://acme.sentry.io/settings/relay/');
    expect(none.changes).toBeUndefined();
  });

  it('explains a server without the relay-only setting', () => {
    const org = makeOrg();
    delete org.ingestThroughTrustedRelaysOnly;
    const out = run('3.3.5', makeState({ org: partOk(org) }));
    expect(out.status).toBe('fail');
    expect(out.findings[0]?.message).toMatch(/does not offer/);
  });

  it('uses the self-hosted settings URL', () => {
    const base = makeState();
    const state = makeState({ target: { ...base.target, baseUrl: 'https://sentry.corp', selfHosted: true }, org: partOk(makeOrg({ trustedRelays: [] })) });
    expect(run('3.3.5', state).manualSteps?.join('\n')).toContain('https://sentry.corp/settings/acme/relay/');
  });
});
