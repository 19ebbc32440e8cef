// Issue 10 item 2: wildcard allowed domains that Relay matches against every origin fail 3.2.2
// like "*" (matches_any_origin / SchemeDomainPort, relay-filter src/csp.rs; Sentry hands Relay
// the entries lower-cased and without a trailing slash: get_origins, src/sentry/utils/http.py).
import { describe, expect, it } from 'vitest';
import { partOk } from '../../src/state/types.js';
import { makeProject, makeState } from '../fixtures/state.js';
import { runCheck } from './helpers.js';

describe('issue 10 / 2: 3.2.2 fails on every entry that matches every host', () => {
  it.each(['https://*', 'http://*', '*://*', '*:*', '*://*:*', 'https://*:*', ' * ', '*/', 'HTTPS://*'])('"%s" fails like "*"', (entry) => {
    const p = makeProject({ slug: 'web', platform: 'javascript-react', allowedDomains: ['https://app.example.com', entry] });
    const out = runCheck('3.2.2', makeState({ projects: partOk([p]) }), { allowedDomains: { web: ['https://app.example.com'] } });
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource.id)).toEqual(['web']);
    // the plan drops the wildcard and keeps the real origin
    expect(out.changes?.[0]?.after).toEqual(['https://app.example.com']);
  });

  it.each(['https://app.example.com', '*.example.com', 'app.example.com:443', 'http://localhost:3000'])('"%s" names a host and passes', (entry) => {
    const p = makeProject({ slug: 'web', platform: 'javascript-react', allowedDomains: [entry] });
    expect(runCheck('3.2.2', makeState({ projects: partOk([p]) })).status).toBe('pass');
  });

  it('the policy cannot put a wildcard host back', () => {
    const p = makeProject({ slug: 'web', platform: 'javascript-react', allowedDomains: ['*'] });
    const out = runCheck('3.2.2', makeState({ projects: partOk([p]) }), { allowedDomains: { web: ['https://*'] } });
    expect(out.status).toBe('fail');
    expect(out.changes).toEqual([]);
    expect(out.reason).toMatch(/https:\/\/\*/);
  });
});
