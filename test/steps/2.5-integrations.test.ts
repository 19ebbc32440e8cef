// 2.5 rules over what Sentry lists for integrations (sentry_apps/api/serializers/sentry_app.py:
// scopes, status, webhookUrl). Sentry's example response has an app with event:admin + org:admin.

import { describe, expect, it } from 'vitest';
import { control2_5 } from '../../steps/2.5-integrations.js';
import { partError, partOk } from '../../src/state/types.js';
import { makeSentryApp, makeState, runCheck as run } from '../fixtures/state.js';

describe('control 2.5', () => {
  it('carries its checks', () => {
    expect(control2_5.checks.map((c) => `${c.id}:${c.level}:${c.automation}:${c.risk}`)).toEqual(['2.5.1:L2:manual:none', '2.5.2:L1:manual:none', '2.5.3:L2:manual:none']);
  });

  it('a 404 is manual with the developer settings page; a 403 names the scope', () => {
    const nf = makeState({ sentryApps: partError('cannot read custom integrations: not found (404)', 'not_found') });
    expect(run('2.5.1', nf)).toMatchObject({ status: 'manual', manualSteps: [expect.stringContaining('https://acme.sentry.io/settings/developer-settings/')] });
    const denied = makeState({ installedApps: partError('cannot read installed integrations: permission denied (403)', 'permission') });
    const out = run('2.5.2', denied);
    expect(out.status).toBe('error');
    expect(out.reason).toContain('org:read or org:integrations');
  });
});

describe('2.5.1 write/admin scopes', () => {
  it('passes for read and event scopes (event:admin is not org, member or project)', () => {
    expect(run('2.5.1', makeState({ sentryApps: partOk([makeSentryApp({ scopes: ['event:admin', 'org:read', 'project:read'] })]) })).status).toBe('pass');
  });

  it('flags org:admin, member:write and project:write, own and installed, with the page for each', () => {
    const own = makeSentryApp({ slug: 'ops', name: 'Ops', scopes: ['org:admin', 'member:write', 'event:write'] });
    const third = makeSentryApp({ slug: 'pager', name: 'Pager', status: 'published', scopes: ['project:write'] });
    const out = run('2.5.1', makeState({ sentryApps: partOk([own]), installedApps: partOk([third]) }));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.message)).toEqual(['The internal integration "Ops" (ops) has org:admin, member:write.', 'The installed integration "Pager" (pager) has project:write.']);
    expect(out.manualSteps?.[0]).toContain('https://acme.sentry.io/settings/developer-settings/ops/');
    expect(out.manualSteps?.[1]).toContain('https://acme.sentry.io/settings/sentry-apps/pager/');
    expect(out.changes ?? []).toEqual([]);
  });
});

describe('2.5.2 webhooks over HTTPS', () => {
  it('flags http:// and unparsable URLs, not https:// or none', () => {
    const apps = [
      makeSentryApp({ slug: 'a', webhookUrl: 'http://hooks.acme.test/x' }),
      makeSentryApp({ slug: 'b', webhookUrl: 'hooks.acme.test/x' }),
      makeSentryApp({ slug: 'c', webhookUrl: 'https://hooks.acme.test/x' }),
      makeSentryApp({ slug: 'd', webhookUrl: null }),
    ];
    const out = run('2.5.2', makeState({ sentryApps: partOk(apps) }));
    expect(out.findings.map((f) => f.resource.id)).toEqual(['a', 'b']);
  });
});

describe('2.5.3 internal integration tokens', () => {
  it('is manual for each internal integration (token ages are readable only in a browser session)', () => {
    const out = run('2.5.3', makeState({ sentryApps: partOk([makeSentryApp({ slug: 'ops' }), makeSentryApp({ slug: 'pub', status: 'unpublished' })]) }));
    expect(out.status).toBe('manual');
    expect(out.reason).toContain('ops');
    expect(out.reason).not.toContain('pub');
    expect(out.manualSteps).toEqual([expect.stringContaining('https://acme.sentry.io/settings/developer-settings/ops/')]);
  });

  it('passes when the org has no internal integration', () => {
    expect(run('2.5.3', makeState({ sentryApps: partOk([]) })).status).toBe('pass');
  });
});
