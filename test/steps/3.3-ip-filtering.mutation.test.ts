// Mutation tests for steps/3.3-ip-filtering.ts (issue 21). Sources: the inbound filters' `active`
// (true/false, or a list of legacy-browser subfilters: Sentry src/sentry/api/endpoints/
// project_filter_details.py, src/sentry/ingest/inbound_filters.py) and what Relay's filters drop
// (relay-filter src/localhost.rs, web_crawlers.rs, browser_extensions.rs, legacy_browsers.rs:
// on a server they drop real errors, so full-stack projects are a person's call); the IP blocklist
// (`sentry:blacklisted_ips`, matched per sender IP by relay-filter src/client_ips.rs); trusted Relays
// and relay-only ingestion (organization_details.py trustedRelays / ingestThroughTrustedRelaysOnly).
import { describe, expect, it } from 'vitest';
import { filterIsOn, LEGACY_BROWSER_SUBFILTERS } from '../../steps/3.3-ip-filtering.js';
import { findCheck } from '../../steps/index.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import type { CheckResult, ResourceRef } from '../../steps/types.js';
import type { InboundFilter } from '../../src/sentry/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { ALL_FILTERS_ON, makeOrg, makeProject, makeState, runCheck as run } from '../fixtures/state.js';

const OFF: InboundFilter[] = ALL_FILTERS_ON.map((f) => ({ id: f.id, active: f.id === 'legacy-browsers' ? [] : false }));
const url = (slug: string) => `https://acme.sentry.io/settings/projects/${slug}/filters/data-filters/`;
const proj = (r: ResourceRef): string | undefined => (r as { project?: string }).project;
const FILTERS: [string, string][] = [['3.3.1', 'localhost'], ['3.3.2', 'web-crawlers'], ['3.3.3', 'browser-extensions'], ['3.3.6', 'legacy-browsers']];

function org(projects: { slug: string; platform: string | null; filters?: InboundFilter[] | 'unreadable' }[]): OrgState {
  const filters: OrgState['filters'] = {};
  for (const p of projects) {
    if (p.filters === 'unreadable') filters[p.slug] = partError('permission denied (403)');
    else if (p.filters) filters[p.slug] = partOk(p.filters);
  }
  return makeState({ projects: partOk(projects.map((p) => makeProject({ slug: p.slug, platform: p.platform }))), filters });
}

describe('filterIsOn: a filter is on with true or a non-empty subfilter list', () => {
  it.each([[true, true], [false, false], [[], false], [['ie'], true], [undefined, false]] as [InboundFilter['active'] | undefined, boolean][])('%j → %s', (active, on) => {
    expect(filterIsOn(active)).toBe(on);
  });
});

describe('3.3.1–3.3.3, 3.3.6: browser projects', () => {
  it('3.3.1 whole outcome: only the browser project whose filter is off, one change, its page', () => {
    const out = run('3.3.1', org([{ slug: 'web', platform: 'javascript-react', filters: ALL_FILTERS_ON }, { slug: 'spa', platform: 'javascript-vue', filters: OFF }]));
    const consequence = 'Events sent from localhost (127.0.0.1 and ::1) are dropped from now on, including those of local development against this project.';
    expect(out).toEqual({
      status: 'fail',
      findings: [{ resource: { type: 'filter', id: 'localhost', project: 'spa' }, field: 'active', current: false, expected: true, message: 'Inbound filter localhost is off for spa.', source: 'project' }],
      changes: [{ checkId: '3.3.1', target: { type: 'filter', id: 'localhost', project: 'spa' }, field: 'active', before: false, after: true, risk: 'disruptive', reversible: true, consequence: `${consequence} (spa)` }],
      warnings: [consequence],
      manualSteps: [`spa: ${url('spa')}`],
    });
  });

  it.each(FILTERS)('%s (%s): a filter entry without `active` counts as off', (id, filter) => {
    const filters = OFF.map((f) => (f.id === filter ? ({ id: filter } as InboundFilter) : f));
    const out = run(id, org([{ slug: 'web', platform: 'javascript-react', filters }]));
    expect(out.status).toBe('fail');
    expect(out.findings[0]?.current).toBe(false);
  });

  it('3.3.6 expects the subfilter list and writes it from the current value', () => {
    const out = run('3.3.6', org([{ slug: 'web', platform: 'javascript-react', filters: OFF }]));
    expect(out.findings).toEqual([{ resource: { type: 'filter', id: 'legacy-browsers', project: 'web' }, field: 'active', current: [], expected: [...LEGACY_BROWSER_SUBFILTERS], message: 'Inbound filter legacy-browsers is off for web.', source: 'project' }]);
    expect(out.changes).toEqual([{
      checkId: '3.3.6', target: { type: 'filter', id: 'legacy-browsers', project: 'web' }, field: 'subfilters', before: [], after: [...LEGACY_BROWSER_SUBFILTERS], risk: 'disruptive', reversible: true,
      consequence: 'Events from old versions of IE, Edge, Safari, Firefox, Chrome, Opera, Android and Opera Mini are dropped from now on. (web)',
    }]);
  });

  it.each(FILTERS)('%s (%s): unreadable filters of one project next to a failing one: fail naming what was not read', (id) => {
    const out = run(id, org([{ slug: 'web', platform: 'javascript-react', filters: 'unreadable' }, { slug: 'spa', platform: 'javascript-react', filters: OFF }]));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => proj(f.resource))).toEqual(['spa']);
    expect(out.reason).toBe('Not evaluated (could not be read): inbound filters of web: permission denied (403)');
  });

  it.each(FILTERS)('%s (%s): only unreadable filters (or none collected): an error, never pass', (id) => {
    expect(run(id, org([{ slug: 'web', platform: 'javascript-react', filters: 'unreadable' }, { slug: 'nx', platform: 'javascript-nextjs' }]))).toEqual({
      status: 'error',
      findings: [],
      reason: 'Not evaluated (could not be read): inbound filters of web: permission denied (403); inbound filters of nx: inbound filters were not collected',
    });
  });

  it.each(FILTERS)('%s (%s): no browser, full-stack or unknown project: not applicable; unreadable projects: error', (id) => {
    expect(run(id, org([{ slug: 'api', platform: 'python' }, { slug: 'ios', platform: 'apple-ios' }]))).toEqual({
      status: 'not_applicable', findings: [], reason: 'No browser JavaScript project (inbound filters would hide real errors on server and native platforms).',
    });
    expect(run(id, makeState({ projects: partError('HTTP 500') }))).toEqual({ status: 'error', findings: [], reason: 'projects: HTTP 500' });
  });
});

describe('3.3.1–3.3.3, 3.3.6: full-stack and unknown platforms are left to a person', () => {
  it('a full-stack project with the filter off, alone: manual, no change, no warning', () => {
    const out = run('3.3.2', org([{ slug: 'nx', platform: 'javascript-nextjs', filters: OFF }]));
    expect(out).toEqual({
      status: 'manual',
      findings: [],
      reason: 'Not changed automatically: 1 project where web-crawlers could drop real errors; a person decides (see the steps).',
      manualSteps: [
        `nx (javascript-nextjs is a full-stack platform: the same project receives server-side errors): turning on web-crawlers there would also drop server-side errors of requests whose User-Agent is a known crawler (real rendering errors on pages that search engines visit). Decide at ${url('nx')}`,
      ],
    });
  });

  it.each(FILTERS)('%s (%s): a full-stack project with the filter on needs nothing', (id) => {
    expect(run(id, org([{ slug: 'nx', platform: 'javascript-nextjs', filters: ALL_FILTERS_ON }]))).toEqual({ status: 'pass', findings: [] });
  });

  it.each(FILTERS)('%s (%s): next to a failing browser project the decision is added to the steps and the reason', (id, filter) => {
    const out = run(id, org([{ slug: 'web', platform: 'javascript-react', filters: OFF }, { slug: 'nx', platform: 'javascript-remix', filters: OFF }]));
    expect(out.status).toBe('fail');
    expect(out.changes?.map((c) => proj(c.target))).toEqual(['web']);
    expect(out.findings.map((f) => proj(f.resource))).toEqual(['web']);
    expect(out.manualSteps?.[0]).toBe(`web: ${url('web')}`);
    expect(out.manualSteps?.[1]).toMatch(new RegExp(`^nx \\(javascript-remix is a full-stack platform.*Decide at ${url('nx').replace(/[/.]/g, '\\$&')}$`));
    expect(out.reason).toBe(`Left for a person to decide: 1 project where ${filter} could drop real errors (see the steps).`);
  });

  it('an unknown platform is a decision even with the filter on, and two decisions are counted', () => {
    const out = run('3.3.3', org([{ slug: 'odd', platform: 'cobol', filters: ALL_FILTERS_ON }, { slug: 'none', platform: null }]));
    expect(out.status).toBe('manual');
    expect(out.reason).toBe('Not changed automatically: 2 projects where browser-extensions could drop real errors; a person decides (see the steps).');
    expect(out.manualSteps).toEqual([
      `odd: platform cobol is not in Sentry's platform lists (platform_categories.py): whether its events come from browsers cannot be told; if only browsers send its events, turn on browser-extensions at ${url('odd')}, otherwise leave it off (it would drop server-side errors whose message or stack frames happen to match one of the extension patterns.)`,
      `none: platform (no platform set) is not in Sentry's platform lists (platform_categories.py): whether its events come from browsers cannot be told; if only browsers send its events, turn on browser-extensions at ${url('none')}, otherwise leave it off (it would drop server-side errors whose message or stack frames happen to match one of the extension patterns.)`,
    ]);
    expect(out.warnings).toBeUndefined();
  });

  it('unreadable filters of a browser project next to a decision: an error that keeps both', () => {
    const out = run('3.3.1', org([{ slug: 'web', platform: 'javascript-react', filters: 'unreadable' }, { slug: 'odd', platform: 'cobol' }]));
    expect(out.status).toBe('error');
    expect(out.reason).toBe('Not evaluated (could not be read): inbound filters of web: permission denied (403) Left for a person to decide: 1 project where localhost could drop real errors (see the steps).');
    expect(out.manualSteps).toHaveLength(1);
    expect(out.manualSteps?.[0]).toMatch(/^odd: platform cobol/);
  });

  it('a full-stack project whose filters cannot be read is unread, not a decision', () => {
    expect(run('3.3.1', org([{ slug: 'nx', platform: 'javascript-nextjs', filters: 'unreadable' }]))).toEqual({
      status: 'error', findings: [], reason: 'Not evaluated (could not be read): inbound filters of nx: permission denied (403)',
    });
  });
});

describe('3.3.4 IP blocklist: what the policy asks', () => {
  const web = makeProject({ slug: 'web', platform: 'javascript-react' });
  const api = makeProject({ slug: 'api', platform: 'python' });

  it('manual while the policy names no range, listing each project\'s page (none when unreadable)', () => {
    const steps = (extra: string[]) => [
      'Decide which addresses or ranges send abusive or unwanted events, then add them to the policy, e.g. {"blockedIps": ["203.0.113.0/24"]} or {"blockedIps": {"<project>": ["2001:db8::/32"]}}, or edit them per project:',
      ...extra,
      'For a server SDK the sender is your own server: do not block your internal networks there.',
    ];
    const base = { status: 'manual', findings: [], missingParameter: 'blockedIps', reason: 'The policy names no IP ranges to block (blockedIps): a person decides which senders to block.' };
    expect(run('3.3.4', makeState({ projects: partOk([web, api]) }), { blockedIps: [] })).toEqual({ ...base, manualSteps: steps([`web: ${url('web')} → IP Addresses`, `api: ${url('api')} → IP Addresses`]) });
    expect(run('3.3.4', makeState({ projects: partError('HTTP 500') }), { blockedIps: { web: [], api: [] } })).toEqual({ ...base, manualSteps: steps([]) });
  });

  it('a map with one non-empty list is a policy: only that project is judged', () => {
    const out = run('3.3.4', makeState({ projects: partOk([web, api]) }), { blockedIps: { web: [], api: ['203.0.113.9'] } });
    expect(out.status).toBe('fail');
    expect(out.changes?.map((c) => c.target.id)).toEqual(['api']);
    // every key names a project: no "do not exist" warning
    expect(out.warnings).toEqual(['Events from the listed addresses are dropped at ingestion and are not counted or stored.']);
  });

  it('an error naming the projects when they cannot be read', () => {
    expect(run('3.3.4', makeState({ projects: partError('HTTP 500') }), { blockedIps: ['203.0.113.9'] })).toEqual({ status: 'error', findings: [], reason: 'projects: HTTP 500' });
  });

  it('map keys are matched trimmed and case-insensitively; only unknown ones are warned about; pass keeps the warning', () => {
    const state = makeState({ projects: partOk([{ ...web, blockedIps: ['203.0.113.9'] }, api]) });
    expect(run('3.3.4', state, { blockedIps: { ' Web ': ['203.0.113.9'], ghost: ['198.51.100.1'], spook: [] } })).toEqual({
      status: 'pass', findings: [], warnings: ["The policy's blockedIps names projects that do not exist: ghost, spook."],
    });
  });

  it('a project the map does not name gets nothing, even when the map has a key "undefined"', () => {
    const out = run('3.3.4', makeState({ projects: partOk([web, api]) }), { blockedIps: { api: ['203.0.113.9'], undefined: ['198.51.100.1'] } });
    expect(out.changes?.map((c) => [c.target.id, c.after])).toEqual([['api', ['203.0.113.9']]]);
    expect(out.warnings).toContain("The policy's blockedIps names projects that do not exist: undefined.");
  });

  it('a list policy warns about no project name', () => {
    expect(run('3.3.4', makeState({ projects: partOk([{ ...web, blockedIps: ['203.0.113.9'] }]) }), { blockedIps: ['203.0.113.9'] })).toEqual({ status: 'pass', findings: [] });
  });
});

describe('3.3.4 IP blocklist: findings and changes', () => {
  const web = makeProject({ slug: 'web', platform: 'javascript-react' });
  const api = makeProject({ slug: 'api', platform: 'python' });
  const DROP = 'Events from the listed addresses are dropped at ingestion and are not counted or stored.';

  it('whole outcome: a missing range appended once (a repeated policy entry and one already present in other case)', () => {
    const state = makeState({ projects: partOk([{ ...web, blockedIps: ['2001:DB8::/32'] }]) });
    const out = run('3.3.4', state, { blockedIps: ['203.0.113.9', ' 203.0.113.9 ', '2001:db8::/32'] });
    const ref = { type: 'project', id: 'web', name: 'web' };
    expect(out).toEqual({
      status: 'fail',
      findings: [{ resource: ref, field: 'blockedIps', current: ['2001:DB8::/32'], expected: ['2001:DB8::/32', '203.0.113.9'], message: 'web does not block 203.0.113.9.', source: 'project' }],
      changes: [{ checkId: '3.3.4', target: ref, field: 'blockedIps', before: ['2001:DB8::/32'], after: ['2001:DB8::/32', '203.0.113.9'], risk: 'disruptive', reversible: true, consequence: 'Events sent from 203.0.113.9 to web are dropped from now on.' }],
      warnings: [DROP],
    });
  });

  it('invalid entries next to missing ones: both in the message, the reason and the invalid-policy record (once for two projects)', () => {
    const out = run('3.3.4', makeState({ projects: partOk([web, { ...api, blockedIps: ['203.0.113.9'] }]) }), { blockedIps: ['203.0.113.9', 'evil.example.com'] });
    expect(out.findings.map((f) => [f.resource.id, f.message])).toEqual([
      ['web', 'web does not block 203.0.113.9. Policy entries that are not IPv4, IPv6 or CIDR and are left out: "evil.example.com" is not an IPv4 or IPv6 address.'],
      ['api', 'Policy entries that are not IPv4, IPv6 or CIDR and are left out: "evil.example.com" is not an IPv4 or IPv6 address.'],
    ]);
    expect(out.changes?.map((c) => c.target.id)).toEqual(['web']);
    expect(out.reason).toBe('Fix the policy\'s blockedIps: "evil.example.com" is not an IPv4 or IPv6 address.');
    expect(out.invalidPolicy).toEqual([{ parameter: 'blockedIps', problems: ['"evil.example.com" is not an IPv4 or IPv6 address'] }]);
    expect(out.warnings).toEqual([DROP]);
  });

  it('invalid entries only: fail with no change and no warning', () => {
    const out = run('3.3.4', makeState({ projects: partOk([{ ...web, blockedIps: ['203.0.113.9'] }]) }), { blockedIps: ['203.0.113.9', '10.0.0.0/33'] });
    expect(out).toEqual({
      status: 'fail',
      findings: [expect.objectContaining({ message: 'Policy entries that are not IPv4, IPv6 or CIDR and are left out: "10.0.0.0/33": prefix /33 exceeds /32 for IPv4.' })],
      changes: [],
      reason: 'Fix the policy\'s blockedIps: "10.0.0.0/33": prefix /33 exceeds /32 for IPv4.',
      invalidPolicy: [{ parameter: 'blockedIps', problems: ['"10.0.0.0/33": prefix /33 exceeds /32 for IPv4'] }],
    });
  });

  it('entries Relay ignores are warned about only when something is added', () => {
    expect(run('3.3.4', makeState({ projects: partOk([{ ...web, blockedIps: ['lol/bar', '203.0.113.9'] }]) }), { blockedIps: ['203.0.113.9'] })).toEqual({ status: 'pass', findings: [] });
  });

  it('a range of every address is warned about; on a server it is not also called an internal network', () => {
    const out = run('3.3.4', makeState({ projects: partOk([web, api]) }), { blockedIps: ['0.0.0.0/0'] });
    expect(out.warnings).toEqual([
      DROP,
      'web: 0.0.0.0/0 blocks every sender of that IP family: all its events would be dropped.',
      'api: 0.0.0.0/0 blocks every sender of that IP family: all its events would be dropped.',
    ]);
  });

  it('internal networks are warned about on full-stack and unknown projects, not browser-only ones, and only when added', () => {
    const nx = makeProject({ slug: 'nx', platform: 'javascript-nextjs' });
    const none = makeProject({ slug: 'none', platform: null });
    const has = { ...api, blockedIps: ['10.0.0.0/8'] };
    const out = run('3.3.4', makeState({ projects: partOk([web, nx, none, has]) }), { blockedIps: ['10.0.0.0/8', 'fd00::/8', '203.0.113.0/24'] });
    expect(out.warnings).toEqual([
      DROP,
      'nx is not a browser-only project (javascript-nextjs): its events are (also) sent by your own servers, so blocking internal networks (10.0.0.0/8, fd00::/8) can drop all of its events.',
      'none is not a browser-only project (unknown platform): its events are (also) sent by your own servers, so blocking internal networks (10.0.0.0/8, fd00::/8) can drop all of its events.',
      'api is not a browser-only project (python): its events are (also) sent by your own servers, so blocking internal networks (fd00::/8) can drop all of its events.',
    ]);
  });

  it('the guided edit starts from a list policy, and from nothing for a per-project map', () => {
    const def = findCheck('3.3.4')!.check;
    const asResult = { ...def, status: 'manual', findings: [] } as unknown as CheckResult;
    expect(def.edit!.spec(asResult, { policy: { ...DEFAULT_POLICY, blockedIps: ['203.0.113.0/24', '198.51.100.7'] }, state: undefined })).toEqual({
      kind: 'list', checkId: '3.3.4', param: 'blockedIps', label: '3.3.4 IP ranges to block on every project', hint: 'comma separated IPv4, IPv6 or CIDR, e.g. 203.0.113.0/24', projects: [], initial: '203.0.113.0/24, 198.51.100.7',
    });
    expect(def.edit!.spec(asResult, { policy: { ...DEFAULT_POLICY, blockedIps: { web: ['203.0.113.0/24'] } }, state: undefined })).toMatchObject({ initial: '' });
  });
});

describe('3.3.5 trusted Relays', () => {
  const ref = { type: 'organization', id: 'acme' };
  it('registered Relays but ingestion open: one finding with the setup steps', () => {
    const out = run('3.3.5', makeState({ org: partOk(makeOrg({ ingestThroughTrustedRelaysOnly: 'disabled' })) }));
    expect(out).toEqual({
      status: 'fail',
      findings: [{ resource: ref, field: 'ingestThroughTrustedRelaysOnly', current: 'disabled', expected: 'enabled', message: 'Events are accepted from any sender that has a DSN, not only through trusted Relays.', source: 'organization' }],
      manualSteps: [
        'Run Relay in managed mode in your network (docs.sentry.io/product/relay/): `relay config init`, then `relay credentials generate` to create its key pair.',
        'Register each Relay\'s public key (from `relay credentials show`) at https://acme.sentry.io/settings/relay/.',
        'Point every SDK\'s DSN host at your Relay and check that events arrive.',
        'Then turn on "Ingest through trusted relays only" at https://acme.sentry.io/settings/relay/ (needs a plan with this feature).',
      ],
      warnings: ['Once ingestion is limited to trusted Relays, SDKs that still send to Sentry directly lose their events.'],
    });
  });

  it('relay-only ingestion on but no Relay registered (or the list absent): the trustedRelays finding only', () => {
    const none = makeOrg({ trustedRelays: [] });
    const absent = makeOrg({ trustedRelays: undefined as unknown as [] });
    for (const o of [none, absent]) {
      expect(run('3.3.5', makeState({ org: partOk(o) })).findings).toEqual([
        { resource: ref, field: 'trustedRelays', current: [], expected: 'at least one registered Relay', message: 'No trusted Relay is registered.', source: 'organization' },
      ]);
    }
  });

  it('a server without the setting: current null; the org unreadable: error', () => {
    const o = makeOrg();
    delete o.ingestThroughTrustedRelaysOnly;
    expect(run('3.3.5', makeState({ org: partOk(o) })).findings[0]).toMatchObject({ current: null, expected: 'enabled' });
    expect(run('3.3.5', makeState({ org: partError('HTTP 500') }))).toEqual({ status: 'error', findings: [], reason: 'organization settings: HTTP 500' });
    expect(run('3.3.5', makeState())).toEqual({ status: 'pass', findings: [] });
  });
});
