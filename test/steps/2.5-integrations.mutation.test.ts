// 2.5: whole outcomes, and the negative case next to each matching rule, found by mutation testing
// (issue 21). Sentry facts: an app lists `scopes`, `status` (get_status_display: "internal",
// "unpublished", "published", ...) and `webhookUrl`, a string or null
// (src/sentry/sentry_apps/api/serializers/sentry_app.py); the scopes an app can hold are Sentry's
// SENTRY_SCOPES (src/sentry/conf/server.py), and an app's token acts with exactly them
// (src/sentry/auth/access.py).
import { describe, expect, it } from 'vitest';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeSentryApp, makeState, runCheck as run } from '../fixtures/state.js';

const apps = (own: ReturnType<typeof makeSentryApp>[], installed: ReturnType<typeof makeSentryApp>[] = []): OrgState =>
  makeState({ sentryApps: partOk(own), installedApps: partOk(installed) });

/** SENTRY_SCOPES (src/sentry/conf/server.py) */
const SENTRY_SCOPES = [
  'org:read', 'org:write', 'org:admin', 'org:integrations', 'org:ci',
  'member:invite', 'member:read', 'member:write', 'member:admin',
  'team:read', 'team:write', 'team:admin',
  'project:read', 'project:write', 'project:admin', 'project:releases', 'project:distribution',
  'event:read', 'event:write', 'event:admin', 'alerts:read', 'alerts:write',
  'openid', 'profile', 'email',
];

describe('2.5: unread parts', () => {
  it.each(['2.5.1', '2.5.2', '2.5.3'])('%s: own integrations unreadable (404 manual, 403 error naming org:read)', (id) => {
    expect(run(id, makeState({ sentryApps: partError('not found (404)', 'not_found') }))).toEqual({
      status: 'manual',
      findings: [],
      reason: 'custom integrations: not found (404); this server does not offer it through the API',
      manualSteps: ['Review custom integrations by hand at https://acme.sentry.io/settings/developer-settings/.'],
    });
    expect(run(id, makeState({ sentryApps: partError('permission denied (403)', 'permission') }))).toEqual({
      status: 'error', findings: [], reason: 'custom integrations: permission denied (403); reading it needs a token with the scope org:read',
    });
  });

  it.each(['2.5.1', '2.5.2'])('%s: installed integrations unreadable is manual/error too, never a pass', (id) => {
    expect(run(id, makeState({ installedApps: partError('not found (404)', 'not_found') }))).toEqual({
      status: 'manual',
      findings: [],
      reason: 'installed integrations: not found (404); this server does not offer it through the API',
      manualSteps: ['Review installed integrations by hand at https://acme.sentry.io/settings/integrations/.'],
    });
    expect(run(id, makeState({ installedApps: partError('permission denied (403)', 'permission') }))).toEqual({
      status: 'error', findings: [], reason: 'installed integrations: permission denied (403); reading it needs a token with the scope org:read or org:integrations',
    });
  });

  it('2.5.3 reads only the own integrations: unreadable installed apps change nothing', () => {
    const state = makeState({ sentryApps: partOk([makeSentryApp({ slug: 'ops' })]), installedApps: partError('permission denied (403)', 'permission') });
    expect(run('2.5.3', state).status).toBe('manual');
    expect(run('2.5.3', makeState({ sentryApps: partOk([]), installedApps: partError('500') })).status).toBe('pass');
  });
});

describe('2.5.1 write/admin scopes', () => {
  it('of all of Sentry\'s scopes, exactly org/member/project write and admin are flagged', () => {
    const flagged = SENTRY_SCOPES.filter((s) => run('2.5.1', apps([makeSentryApp({ scopes: [s] })])).status === 'fail');
    expect(flagged).toEqual(['org:write', 'org:admin', 'member:write', 'member:admin', 'project:write', 'project:admin']);
  });

  it('whole outcome: a custom (not internal) integration and an installed one, each with its own page', () => {
    const own = makeSentryApp({ slug: 'deployer', name: 'Deployer', status: 'unpublished', scopes: ['project:read', 'project:admin'] });
    const fine = makeSentryApp({ slug: 'reader', name: 'Reader', scopes: ['org:read'] });
    const third = makeSentryApp({ slug: 'pager', name: 'Pager', status: 'published', scopes: ['member:admin', 'event:admin'] });
    expect(run('2.5.1', apps([own, fine], [third]))).toEqual({
      status: 'fail',
      findings: [
        { resource: { type: 'sentry-app', id: 'deployer' }, field: 'scopes', current: ['project:read', 'project:admin'], expected: 'no org, member or project write/admin', message: 'The custom integration "Deployer" (deployer) has project:admin.' },
        { resource: { type: 'sentry-app', id: 'pager' }, field: 'scopes', current: ['member:admin', 'event:admin'], expected: 'no org, member or project write/admin', message: 'The installed integration "Pager" (pager) has member:admin.' },
      ],
      reason: 'what an integration may do is decided by the people who run it',
      manualSteps: [
        'Lower the permissions of "Deployer" at https://acme.sentry.io/settings/developer-settings/deployer/ to read where it only reads (Organization, Member and Project: "Read" or "No Access"); check first what it changes in Sentry.',
        '"Pager" is another organization\'s app: its permissions cannot be lowered here. If it is not needed, uninstall it at https://acme.sentry.io/settings/sentry-apps/pager/.',
      ],
    });
  });

  it('an installed app with only read scopes passes next to an own app that has them too', () => {
    expect(run('2.5.1', apps([makeSentryApp()], [makeSentryApp({ slug: 'x', status: 'published', scopes: ['event:read'] })]))).toEqual({ status: 'pass', findings: [] });
  });
});

describe('2.5.2 webhooks over HTTPS', () => {
  it('no webhook (null, empty or blank) sends nothing and passes', () => {
    for (const webhookUrl of [null, '', '   ']) {
      expect(run('2.5.2', apps([makeSentryApp({ webhookUrl })])), JSON.stringify(webhookUrl)).toEqual({ status: 'pass', findings: [] });
    }
  });

  it('whole outcome: an own http webhook and an installed one, with the page of each', () => {
    const own = makeSentryApp({ slug: 'ops', name: 'Ops', webhookUrl: 'http://hooks.acme.test/x' });
    const ok = makeSentryApp({ slug: 'ok', name: 'Ok', webhookUrl: 'https://hooks.acme.test/y' });
    const third = makeSentryApp({ slug: 'pager', name: 'Pager', status: 'published', webhookUrl: 'ftp://pager.test/in' });
    expect(run('2.5.2', apps([own, ok], [third]))).toEqual({
      status: 'fail',
      findings: [
        { resource: { type: 'sentry-app', id: 'ops' }, field: 'webhookUrl', current: 'http://hooks.acme.test/x', expected: 'an https:// URL', message: '"Ops" (ops) sends its webhooks to http://hooks.acme.test/x, not over HTTPS.' },
        { resource: { type: 'sentry-app', id: 'pager' }, field: 'webhookUrl', current: 'ftp://pager.test/in', expected: 'an https:// URL', message: '"Pager" (pager) sends its webhooks to ftp://pager.test/in, not over HTTPS.' },
      ],
      reason: 'the receiving server must serve HTTPS before the URL changes',
      manualSteps: [
        'Change the Webhook URL of "Ops" to an https:// address at https://acme.sentry.io/settings/developer-settings/ops/ (the receiving server needs a certificate first).',
        '"Pager" is another organization\'s app; ask its vendor for an HTTPS webhook or uninstall it at https://acme.sentry.io/settings/sentry-apps/pager/.',
      ],
    });
  });

  it('an installed app with an https webhook passes; one with an unparsable webhook fails', () => {
    expect(run('2.5.2', apps([], [makeSentryApp({ slug: 'p', webhookUrl: 'https://p.test/' })])).status).toBe('pass');
    expect(run('2.5.2', apps([], [makeSentryApp({ slug: 'p', webhookUrl: 'p.test/hook' })])).findings.map((f) => f.resource.id)).toEqual(['p']);
  });
});

describe('2.5.3 internal integration tokens', () => {
  it('whole outcome: two internal integrations named, a published one left out', () => {
    const state = apps([makeSentryApp({ slug: 'ops' }), makeSentryApp({ slug: 'pub', status: 'published' }), makeSentryApp({ slug: 'ci' })]);
    expect(run('2.5.3', state)).toEqual({
      status: 'manual',
      findings: [],
      reason: 'Sentry lists an internal integration\'s tokens only to a signed-in browser, not to an auth token, so their age cannot be read here; 2 internal integrations to look at: ops, ci',
      manualSteps: [
        'Open https://acme.sentry.io/settings/developer-settings/ops/: under Tokens, for each token created more than 90 days ago, create a new token, put it where the old one is used, then revoke the old one.',
        'Open https://acme.sentry.io/settings/developer-settings/ci/: under Tokens, for each token created more than 90 days ago, create a new token, put it where the old one is used, then revoke the old one.',
      ],
    });
  });

  it('only non-internal integrations: nothing to rotate, a pass', () => {
    expect(run('2.5.3', apps([makeSentryApp({ slug: 'pub', status: 'published' }), makeSentryApp({ slug: 'un', status: 'unpublished' })]))).toEqual({ status: 'pass', findings: [] });
  });
});
