// The token never travels in clear text to a host that is not loopback unless the user opted in
// (issue 17). The refused hostname is under .example (RFC 2606): it would never be contacted, and
// the network watch proves no request or connection was even started. The opt-in is exercised
// end to end against the simulator through http://[::ffff:127.0.0.1]:PORT: the tool treats that
// IPv4-mapped form as not loopback (only localhost, 127/8 and ::1 are), yet its traffic stays on
// this machine.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/config/connect.js';
import { allowHttpOptIn, requestTimeoutMs } from '../../src/config/transport.js';
import { UserError } from '../../src/errors.js';
import { main } from '../../src/main.js';
import { createSentryClient } from '../../src/sentry/client.js';
import { SentryApiError } from '../../src/sentry/errors.js';
import { isCleartext, isLoopbackHostname } from '../../src/sentry/hosts.js';
import { globalOptions, tempIo } from '../helpers/io.js';
import { watchNetwork, type NetworkWatch } from '../helpers/network-watch.js';
import { rejectsWith } from '../helpers/rejects.js';
import { closedAfterEach } from '../helpers/simulators.js';

const { sim, keep } = closedAfterEach();
const FAR = 'http://sentry.internal.example';
let watch: NetworkWatch | undefined;
afterEach(() => {
  watch?.stop();
  watch = undefined;
});

const mapped = (url: string): string => url.replace('127.0.0.1', '[::ffff:127.0.0.1]');

describe('loopback and clear text', () => {
  it('only localhost, 127/8 and ::1 are loopback; http elsewhere is clear text', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost.']) expect(isLoopbackHostname(h)).toBe(true);
    for (const h of ['sentry.internal.example', '10.0.0.1', '0.0.0.0', '[::ffff:7f00:1]', 'foo.localhost', '127.0.0.1.example']) expect(isLoopbackHostname(h)).toBe(false);
    expect(isCleartext(`${FAR}/`)).toBe(true);
    expect(isCleartext('https://sentry.internal.example')).toBe(false);
    expect(isCleartext('http://127.0.0.1:9000')).toBe(false);
  });

  it('the opt-in comes from --allow-http or SENTRY_HARDEN_ALLOW_HTTP only', () => {
    expect(allowHttpOptIn({}, {})).toBe(false);
    expect(allowHttpOptIn({ allowHttp: true }, {})).toBe(true);
    for (const v of ['1', 'true', 'YES']) expect(allowHttpOptIn({}, { SENTRY_HARDEN_ALLOW_HTTP: v })).toBe(true);
    for (const v of ['', '0', 'no', 'false']) expect(allowHttpOptIn({}, { SENTRY_HARDEN_ALLOW_HTTP: v })).toBe(false);
  });
});

describe('refused by default', () => {
  it.each([
    ['--url', ['verify', '--url', FAR, '--org', 'acme'], {}],
    ['SENTRY_URL', ['apply', '--yes', '--org', 'acme'], { SENTRY_URL: `${FAR}/` }],
  ])('http to a far host from %s: exit 2, one line naming the opt-ins, nothing sent', async (_from, argv, extra) => {
    const t = tempIo({ SENTRY_AUTH_TOKEN: 'sntryu_' + 'a'.repeat(64), ...extra });
    watch = watchNetwork();
    expect(await main(argv, t.io)).toBe(2);
    const lines = t.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sentry-harden: Refusing to send the auth token in clear text to http:\/\/sentry\.internal\.example .*use https:\/\/, or.*--allow-http or set SENTRY_HARDEN_ALLOW_HTTP=1\. Nothing was sent$/);
    expect(watch.requests).toEqual([]);
    expect(watch.connects).toEqual([]);
  });

  it('is refused before a token is looked up or asked for', async () => {
    const t = tempIo({});
    watch = watchNetwork();
    expect(await main(['verify', '--url', FAR], t.io)).toBe(2);
    expect(t.err()).toMatch(/Refusing to send the auth token in clear text/);
    expect(watch.requests).toEqual([]);
  });

  it('the client itself refuses a clear-text request it was not allowed (defence in depth)', async () => {
    watch = watchNetwork();
    const client = createSentryClient({ baseUrl: FAR, token: 'sntryu_x' });
    const e = await rejectsWith(client.request('GET', ''), SentryApiError);
    expect(e.kind).toBe('untrusted_host');
    expect(e.message).toMatch(/plain http: the token would travel unencrypted.*Nothing was sent there/);
    expect(watch.requests).toEqual([]);
  });

  it('the mapped loopback form is refused too without the opt-in (and the simulator sees nothing)', async () => {
    const s = await sim();
    const t = tempIo({ SENTRY_AUTH_TOKEN: s.token, SENTRY_ORG: s.org });
    expect(await main(['verify', '--url', mapped(s.url)], t.io)).toBe(2);
    expect(t.err()).toMatch(/Refusing to send the auth token in clear text/);
    expect(s.stats.total).toBe(0);
  });
});

describe('explicit opt-in', () => {
  it.each([
    ['--allow-http', ['--allow-http'], {}],
    ['SENTRY_HARDEN_ALLOW_HTTP=1', [], { SENTRY_HARDEN_ALLOW_HTTP: '1' }],
  ])('%s connects and keeps the warning on every run', async (_how, flags, extra) => {
    const s = await sim();
    const t = tempIo({ SENTRY_AUTH_TOKEN: s.token, SENTRY_ORG: s.org, ...extra });
    const code = await main(['verify', '--url', mapped(s.url), ...flags], t.io);
    expect([0, 1]).toContain(code);
    expect(t.err()).toMatch(/warning: http:\/\/\[::ffff:7f00:1\]:\d+ uses plain http: the auth token travels unencrypted \(allowed by --allow-http \/ SENTRY_HARDEN_ALLOW_HTTP\); use https/);
    expect(s.stats.total).toBeGreaterThan(0);
  });

  it('is never saved: the next run without it is refused again', async () => {
    const s = await sim();
    const t = tempIo({ SENTRY_AUTH_TOKEN: s.token, SENTRY_ORG: s.org, SENTRY_HARDEN_CONFIG_DIR: '' });
    const conn = await connect(globalOptions({ url: mapped(s.url), org: s.org, allowHttp: true }), t.io);
    expect(conn.warnings.join('\n')).toMatch(/plain http/);
    await expect(connect(globalOptions({ url: mapped(s.url), org: s.org }), t.io)).rejects.toBeInstanceOf(UserError);
  });

  it('loopback http needs no opt-in and warns about nothing', async () => {
    const s = await sim();
    const t = tempIo({ SENTRY_AUTH_TOKEN: s.token, SENTRY_ORG: s.org });
    const conn = await connect(globalOptions({ url: s.url }), t.io);
    expect(conn.warnings).toEqual([]);
  });
});

describe('no downgrade through server-provided URLs', () => {
  it('a region URL on another host (http or not) is not followed; requests stay on the configured host', async () => {
    const s = await sim({ regionUrlOverride: `${FAR}/` });
    const t = tempIo({ SENTRY_AUTH_TOKEN: s.token, SENTRY_ORG: s.org });
    watch = watchNetwork();
    const conn = await connect(globalOptions({ url: s.url }), t.io);
    await conn.api.listTeams(s.org);
    expect(conn.target.regionUrl).toBe(s.url);
    expect(conn.warnings.join('\n')).toMatch(/region URL http:\/\/sentry\.internal\.example does not match/);
    expect(new Set(watch.requests)).toEqual(new Set([s.url]));
  });

  it('a next-page link to a clear-text far host is refused, or followed on the configured host when it carries a cursor', async () => {
    // a purpose-built loopback server: page 1 links to a far http host
    let withCursor = false;
    const server = http.createServer((req, res) => {
        const u = new URL(req.url ?? '/', 'http://x');
        const page2 = u.searchParams.get('cursor') === 'c2';
        const link = page2 ? '' : `<${FAR}/api/0/organizations/acme/teams/${withCursor ? '?cursor=c2' : ''}>; rel="next"; results="true"${withCursor ? '; cursor="c2"' : ''}`;
        res.writeHead(200, { 'content-type': 'application/json', ...(link ? { link } : {}) });
        res.end(JSON.stringify([{ id: page2 ? '2' : '1' }]));
    });
    keep({ close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    watch = watchNetwork();
    const client = createSentryClient({ baseUrl: base, token: 'sntryu_x', retryBaseMs: 1 });
    const e = await rejectsWith(client.paginate('organizations/acme/teams/'), SentryApiError);
    expect(e.kind).toBe('untrusted_host');
    withCursor = true;
    const items = await client.paginate('organizations/acme/teams/');
    expect(items).toEqual([{ id: '1' }, { id: '2' }]);
    expect(new Set(watch.requests)).toEqual(new Set([base]));
  });
});

describe('request timeout setting', () => {
  it('--timeout, else SENTRY_HARDEN_TIMEOUT, else 30 s; a bad value is one line', () => {
    expect(requestTimeoutMs({}, {})).toBe(30_000);
    expect(requestTimeoutMs({}, { SENTRY_HARDEN_TIMEOUT: '5' })).toBe(5_000);
    expect(requestTimeoutMs({ timeout: '0.5' }, { SENTRY_HARDEN_TIMEOUT: '5' })).toBe(500);
    expect(() => requestTimeoutMs({ timeout: 'soon' }, {})).toThrow(/--timeout expects seconds from 0.1 to 600 \(e.g. 30\), got "soon"/);
    expect(() => requestTimeoutMs({}, { SENTRY_HARDEN_TIMEOUT: '0' })).toThrow(/SENTRY_HARDEN_TIMEOUT expects seconds/);
  });
});
