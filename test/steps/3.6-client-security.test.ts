// 3.6 JavaScript source fetching: verdicts follow get_scraping_config in
// src/sentry/lang/native/sources.py (org AND project scrapeJavaScript; verify_ssl default true;
// the token is sent with every fetch, to every host the allowed domains admit: getsentry/symbolicator
// crates/symbolicator-js/src/lookup.rs).

import { describe, expect, it } from 'vitest';
import { control3_6 } from '../../steps/3.6-client-security.js';
import { partError, partOk } from '../../src/state/types.js';
import { makeOrg, makeProject, makeState, runCheck as run } from '../fixtures/state.js';

const web = (over: Parameters<typeof makeProject>[0] = {}) => makeProject({ slug: 'web', platform: 'javascript-react', allowedDomains: ['https://app.acme.test'], ...over });
const fetching = (projects: ReturnType<typeof makeProject>[]) => makeState({ org: partOk(makeOrg({ scrapeJavaScript: true })), projects: partOk(projects) });

describe('control 3.6', () => {
  it('has its checks', () => {
    expect(control3_6.checks.map((c) => `${c.id}:${c.level}:${c.automation}:${c.risk}`)).toEqual(['3.6.1:L2:auto:none', '3.6.2:L3:manual:none', '3.6.3:L3:auto:disruptive']);
  });

  it('every check passes when the organization turns fetching off (org AND project)', () => {
    const s = makeState({ projects: partOk([web({ verifySSL: false, allowedDomains: ['*'] })]) });
    for (const c of control3_6.checks) expect(run(c.id, s).status, c.id).toBe('pass');
  });
});

describe('3.6.1 TLS verification', () => {
  it('fails for a fetching browser project with verify_ssl stored false and plans verifySSL true', () => {
    const out = run('3.6.1', fetching([web({ verifySSL: false }), web({ slug: 'api', platform: 'python', verifySSL: false })]));
    expect(out.status).toBe('fail');
    expect(out.changes).toEqual([expect.objectContaining({ target: expect.objectContaining({ type: 'project', id: 'web' }), field: 'verifySSL', before: false, after: true })]);
  });

  it('passes for an unset option (the fetcher verifies) and for a project that turned fetching off', () => {
    expect(run('3.6.1', fetching([web({ verifySSL: null }), web({ slug: 'off', scrapeJavaScript: false, verifySSL: false })])).status).toBe('pass');
  });

  it('is an error, never pass, when only the detail GET was read (false there may mean unset)', () => {
    expect(run('3.6.1', fetching([web({ verifySSL: null, verifySSLUnknown: true })])).status).toBe('error');
  });

  it('is an error when the org has no scrapeJavaScript field or the projects are unreadable', () => {
    expect(run('3.6.1', makeState({ org: partOk(makeOrg({ scrapeJavaScript: undefined })) })).status).toBe('error');
    expect(run('3.6.1', makeState({ org: partOk(makeOrg({ scrapeJavaScript: true })), projects: partError('403') })).status).toBe('error');
  });
});

describe('3.6.2 security token', () => {
  it('fails for restricted origins without a token, and for "*" (Sentry would send the token to any host)', () => {
    const out = run('3.6.2', fetching([web(), web({ slug: 'star', allowedDomains: ['*'], hasSecurityToken: true }), web({ slug: 'ok', hasSecurityToken: true })]));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => `${f.resource.id}:${f.field}`)).toEqual(['web:securityToken', 'star:allowedDomains']);
    expect(out.changes ?? []).toEqual([]);
  });
});

describe('3.6.3 fetching off', () => {
  it('plans the org scrapeJavaScript false', () => {
    const out = run('3.6.3', fetching([]));
    expect(out.changes).toEqual([expect.objectContaining({ target: { type: 'organization', id: 'acme' }, field: 'scrapeJavaScript', before: true, after: false, risk: 'disruptive' })]);
  });
});
