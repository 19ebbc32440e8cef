// Mutation tests for steps/3.6-client-security.ts (issue 21). Sentry's get_scraping_config
// (src/sentry/lang/native/sources.py): fetching is on when the org's AND the project's
// scrape_javascript are on; verify_ssl defaults to true (an unset option verifies); the token goes
// in the scraping headers. Symbolicator fetches only from URLs its is_valid_origin admits and adds
// those headers to every such fetch (getsentry/symbolicator crates/symbolicator-js/src/lookup.rs,
// crates/symbolicator-service/src/utils/http.rs).
import { describe, expect, it } from 'vitest';
import { partError, partOk } from '../../src/state/types.js';
import { makeOrg, makeProject, makeState, runCheck as run } from '../fixtures/state.js';

type P = Parameters<typeof makeProject>[0];
const web = (over: P = {}) => makeProject({ slug: 'web', platform: 'javascript-react', allowedDomains: ['https://app.acme.test'], hasSecurityToken: true, verifySSL: true, ...over });
const fetching = (projects: ReturnType<typeof makeProject>[]) => makeState({ org: partOk(makeOrg({ scrapeJavaScript: true })), projects: partOk(projects) });
const ref = (slug: string) => ({ type: 'project', id: slug, name: slug });

describe('3.6 which projects Sentry fetches JavaScript for', () => {
  it('browser and full-stack projects with the project option on; not servers, apps or unknown platforms', () => {
    const projects = [
      web({ slug: 'spa', verifySSL: false }),
      web({ slug: 'next', platform: 'javascript-nextjs', verifySSL: false }),
      web({ slug: 'api', platform: 'python', verifySSL: false }),
      web({ slug: 'ios', platform: 'apple-ios', verifySSL: false }),
      web({ slug: 'odd', platform: 'cobol', verifySSL: false }),
      web({ slug: 'off', scrapeJavaScript: false, verifySSL: false }),
    ];
    expect(run('3.6.1', fetching(projects)).findings.map((f) => f.resource.id)).toEqual(['spa', 'next']);
  });

  it('the org option off: nothing is fetched, so 3.6.1 and 3.6.2 pass without reading the projects', () => {
    const s = makeState({ org: partOk(makeOrg({ scrapeJavaScript: false })), projects: partError('HTTP 500') });
    for (const id of ['3.6.1', '3.6.2', '3.6.3']) expect(run(id, s), id).toEqual({ status: 'pass', findings: [] });
  });

  it('every check is an error when the org cannot be read or carries no scrapeJavaScript', () => {
    for (const id of ['3.6.1', '3.6.2', '3.6.3']) {
      expect(run(id, makeState({ org: partError('HTTP 500') })), id).toEqual({ status: 'error', findings: [], reason: 'organization settings: HTTP 500' });
      for (const v of [undefined, 'true'] as unknown as boolean[]) {
        expect(run(id, makeState({ org: partOk(makeOrg({ scrapeJavaScript: v })) })), id).toEqual({
          status: 'error', findings: [], reason: 'the organization settings carry no scrapeJavaScript, so whether Sentry fetches JavaScript sources is unknown',
        });
      }
    }
  });

  it('3.6.1 and 3.6.2 are an error naming the projects when those cannot be read and fetching is on', () => {
    const s = makeState({ org: partOk(makeOrg({ scrapeJavaScript: true })), projects: partError('HTTP 403') });
    for (const id of ['3.6.1', '3.6.2']) expect(run(id, s), id).toEqual({ status: 'error', findings: [], reason: 'projects: HTTP 403' });
  });
});

describe('3.6.1 TLS verification', () => {
  it('fails for each project stored false, with one change each', () => {
    const out = run('3.6.1', fetching([web({ slug: 'a', verifySSL: false }), web({ slug: 'b', verifySSL: true }), web({ slug: 'c', verifySSL: false })]));
    expect(out).toEqual({
      status: 'fail',
      findings: ['a', 'c'].map((s) => ({ resource: ref(s), field: 'verifySSL', current: false, expected: true, source: 'project', message: `Project ${s} fetches JavaScript sources without verifying TLS certificates.` })),
      changes: ['a', 'c'].map((s) => ({ checkId: '3.6.1', target: ref(s), field: 'verifySSL', before: false, after: true, risk: 'none', reversible: true })),
    });
  });

  it('fails and warns about projects it could not judge (read through the detail GET)', () => {
    const out = run('3.6.1', fetching([web({ slug: 'a', verifySSL: false }), web({ slug: 'u1', verifySSL: null, verifySSLUnknown: true }), web({ slug: 'u2', verifySSL: null, verifySSLUnknown: true })]));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource.id)).toEqual(['a']);
    expect(out.warnings).toEqual(['Not judged: u1, u2 (read through the project detail, which shows verifySSL false both when it is off and when it was never set, and an unset option verifies).']);
  });

  it('is an error, never pass, when the only doubtful project could not be judged', () => {
    expect(run('3.6.1', fetching([web({ slug: 'ok' }), web({ slug: 'u1', verifySSL: null, verifySSLUnknown: true })]))).toEqual({
      status: 'error',
      findings: [],
      reason: 'Not judged: u1 (read through the project detail, which shows verifySSL false both when it is off and when it was never set, and an unset option verifies)',
    });
  });

  it('passes for verified and unset projects', () => {
    expect(run('3.6.1', fetching([web({ verifySSL: true }), web({ slug: 'b', verifySSL: null })]))).toEqual({ status: 'pass', findings: [] });
  });
});

describe('3.6.2 allowed domains that admit any host (verdict fix, issue 21)', () => {
  // Symbolicator fetches every URL its is_valid_origin admits and adds the scraping headers (the
  // token) to each fetch (symbolicator-js src/lookup.rs). Its is_valid_origin (symbolicator-service
  // src/utils/http.rs, tests test_global_wildcard_matches_domain, test_custom_protocol_without_location
  // "sp://*", test_wildcard_hostname_with_port "*:1234", test_domain_wildcard_*) admits any host for
  // "*", "<scheme>://*", "*:<port>" and "*.<suffix>". The check passed such projects when they had a
  // token (it looked for "*" only), although Sentry hands that token to whatever host an event names.
  it.each([
    ['*', 'every origin'],
    ['https://*', 'every https site'],
    ['*:443', 'every site on port 443'],
    ['*.com', 'every .com site'],
    ['*.github.io', 'every site under github.io (a public suffix: anyone can register a name there)'],
  ])('"%s" fails even with a token: %s', (entry, how) => {
    const out = run('3.6.2', fetching([web({ slug: 'w', allowedDomains: ['https://app.acme.test', entry], hasSecurityToken: true })]));
    expect(out.status).toBe('fail');
    expect(out.findings).toEqual([{
      resource: ref('w'), field: 'allowedDomains', current: ['https://app.acme.test', entry], expected: 'specific origins', source: 'project',
      message: `Project w allows ${how} ("${entry}"): Sentry fetches sources from any such host an event's stack trace names and sends the security token there too.`,
    }]);
    expect(out.manualSteps?.[0]).toBe('Restrict allowed domains to your own hosts where they admit any host (3.2.2): Sentry sends the token to every host they admit.');
  });

  it('own hosts and a wildcard under the owner\'s domain pass with a token', () => {
    expect(run('3.6.2', fetching([web({ allowedDomains: ['https://app.acme.test', '*.acme.test', 'http://localhost:3000'] })]))).toEqual({ status: 'pass', findings: [] });
  });

  it('a wide entry is the one finding of a project without a token too', () => {
    const out = run('3.6.2', fetching([web({ slug: 'w', allowedDomains: ['*'], hasSecurityToken: false })]));
    expect(out.findings.map((f) => f.field)).toEqual(['allowedDomains']);
  });
});

describe('3.6.2 security token', () => {
  it('a project without a token fails; the whole outcome names every project page', () => {
    const out = run('3.6.2', fetching([web({ slug: 'a', hasSecurityToken: false }), web({ slug: 'b' })]));
    expect(out).toEqual({
      status: 'fail',
      findings: [{ resource: ref('a'), field: 'securityToken', current: 'not set', expected: 'set', source: 'project', message: 'Project a has no security token: its sources can be fetched only if your servers serve them to anyone.' }],
      reason: 'the token only protects anything once your servers require it, which is configured outside Sentry',
      manualSteps: [
        expect.stringContaining('(3.2.2)'),
        'Set a security token (and, if you like, its header name; default X-Sentry-Token) under Client Security in each project\'s settings: https://acme.sentry.io/settings/projects/a/.',
        'Make the servers that host your JavaScript and source maps answer source-map requests only when that header carries the token, or upload source maps to Sentry and turn fetching off (3.6.3).',
      ],
    });
  });

  it('names at most ten project pages', () => {
    const slugs = Array.from({ length: 11 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const out = run('3.6.2', fetching(slugs.map((slug) => web({ slug, hasSecurityToken: false }))));
    expect(out.findings).toHaveLength(11);
    const step = out.manualSteps?.[1] ?? '';
    expect(step).toContain('https://acme.sentry.io/settings/projects/p09/, ...');
    expect(step).not.toContain('p10');
    const ten = run('3.6.2', fetching(slugs.slice(0, 10).map((slug) => web({ slug, hasSecurityToken: false }))));
    expect(ten.manualSteps?.[1]).toMatch(/projects\/p09\/\.$/);
  });

  it('passes with restricted origins and a token', () => {
    expect(run('3.6.2', fetching([web(), web({ slug: 'next', platform: 'javascript-nextjs' })]))).toEqual({ status: 'pass', findings: [] });
  });
});

describe('3.6.3 fetching off', () => {
  it('fails with the whole change while the org fetches', () => {
    expect(run('3.6.3', fetching([]))).toEqual({
      status: 'fail',
      findings: [{ resource: { type: 'organization', id: 'acme' }, field: 'scrapeJavaScript', current: true, expected: false, message: 'Sentry fetches JavaScript sources and source maps from your servers for browser events.' }],
      changes: [{
        checkId: '3.6.3', target: { type: 'organization', id: 'acme' }, field: 'scrapeJavaScript', before: true, after: false, risk: 'disruptive', reversible: true,
        consequence: 'Minified JavaScript stack traces are resolved only from source maps and artifacts uploaded to Sentry (sentry-cli sourcemaps upload, or the bundler plugins); projects that relied on fetching show minified frames.',
      }],
      manualSteps: ['Upload source maps in your build before turning fetching off; project overrides do not matter once the organization turns it off (https://acme.sentry.io/settings/security-and-privacy/).'],
    });
  });
});

// A project whose platform is in none of Sentry's lists (platform_categories.py) may receive browser
// events, and Sentry fetches for any project that does: 3.6.1 and 3.6.2 leave it to the owner
// ('manual', naming it) instead of passing it unseen, as 3.2.2 and 3.3 do.
describe('3.6 projects of unknown platform', () => {
  const odd = (over: P = {}) => web({ slug: 'odd', platform: 'cobol', ...over });

  it('3.6.1: fetching without TLS checks on an unknown platform is manual and names the project; with TLS checks it passes', () => {
    const out = run('3.6.1', fetching([web(), odd({ verifySSL: false })]));
    expect(out.status).toBe('manual');
    expect(out.findings).toEqual([]);
    expect(out.manualSteps).toHaveLength(1);
    expect(out.manualSteps?.[0]).toMatch(/^odd: platform cobol is not in Sentry's platform lists/);
    expect(out.manualSteps?.[0]).toContain('without verifying TLS');
    expect(run('3.6.1', fetching([web(), odd()]))).toEqual({ status: 'pass', findings: [] });
    // no platform at all is unknown too
    expect(run('3.6.1', fetching([odd({ platform: null, verifySSL: false })])).status).toBe('manual');
  });

  it('3.6.1: project fetching off, or a server platform, is not asked about', () => {
    expect(run('3.6.1', fetching([odd({ verifySSL: false, scrapeJavaScript: false })]))).toEqual({ status: 'pass', findings: [] });
    expect(run('3.6.1', fetching([odd({ platform: 'python', verifySSL: false })]))).toEqual({ status: 'pass', findings: [] });
  });

  it('3.6.1: a browser project that fails keeps the verdict fail', () => {
    const out = run('3.6.1', fetching([web({ verifySSL: false }), odd({ verifySSL: false })]));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource)).toEqual([ref('web')]);
  });

  it('3.6.2: an unknown platform with a wildcard host or without a token is manual; with a token and own hosts it passes', () => {
    const wide = run('3.6.2', fetching([web(), odd({ allowedDomains: ['https://*'] })]));
    expect(wide.status).toBe('manual');
    expect(wide.manualSteps).toHaveLength(1);
    expect(wide.manualSteps?.[0]).toContain('("https://*")');
    const bare = run('3.6.2', fetching([odd({ hasSecurityToken: false }), odd({ slug: 'odd2' })]));
    expect(bare.status).toBe('manual');
    expect(bare.manualSteps).toHaveLength(1);
    expect(bare.manualSteps?.[0]).toMatch(/^odd: .*it has no security token/);
    expect(run('3.6.2', fetching([web(), odd()]))).toEqual({ status: 'pass', findings: [] });
    expect(run('3.6.2', fetching([odd({ hasSecurityToken: false, scrapeJavaScript: false })]))).toEqual({ status: 'pass', findings: [] });
  });

  it('3.6.2: a browser project without a token keeps the verdict fail', () => {
    const out = run('3.6.2', fetching([web({ hasSecurityToken: false }), odd({ hasSecurityToken: false })]));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource)).toEqual([ref('web')]);
  });
});
