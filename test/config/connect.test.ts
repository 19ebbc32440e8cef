// connect() over real HTTP against the simulator.

import { describe, expect, it } from 'vitest';
import { connect, requiredScopesFor } from '../../src/config/connect.js';
import { openPreferences } from '../../src/config/preferences.js';
import { UserError } from '../../src/errors.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { captureIo, globalOptions } from '../helpers/io.js';
import { rejectsWith } from '../helpers/rejects.js';
import { closedAfterEach } from '../helpers/simulators.js';
import { fakePrompts, tempTree } from './helpers.js';

const { sim } = closedAfterEach();
const rejects = (p: Promise<unknown>): Promise<UserError> => rejectsWith(p, UserError);

const env = (s: RunningSimulator, token = s.token, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  SENTRY_URL: s.url,
  SENTRY_AUTH_TOKEN: token,
  ...extra,
});

describe('connect', () => {
  it('validates the token, reads the org and routes org calls to its region', async () => {
    const s = await sim({ splitRegion: true });
    const t = tempTree();
    const conn = await connect(globalOptions({ org: s.org }), captureIo(env(s), t.sub), { homeDir: t.home });
    expect(conn.target).toEqual({
      baseUrl: s.url,
      controlUrl: s.url,
      regionUrl: s.regionUrl,
      organizationUrl: conn.org.links.organizationUrl,
      org: 'acme',
      selfHosted: true,
    });
    expect(conn.whoami.user?.has2fa).toBe(true);
    expect(conn.whoami.scopes).toContain('org:admin');
    expect(conn.warnings).toEqual([]);
    const regionPort = Number(new URL(s.regionUrl).port);
    s.stats.reset();
    await conn.api.listMembers('acme');
    expect(s.stats.byPort.get(regionPort)).toBe(1);
    expect(JSON.stringify(conn)).not.toContain(s.token);
  });

  it('lists the organizations the token can see for an unknown org', async () => {
    const s = await sim();
    const t = tempTree();
    const e = await rejects(connect(globalOptions({ org: 'nope' }), captureIo(env(s), t.sub), { homeDir: t.home }));
    expect(e.message).toMatch(/Organization "nope" \(from --org\) was not found at .*this token can see: acme.*--org/);
    expect(e.exitCode).toBe(2);
  });

  it('asks for the org on a TTY (saving nothing: preferences are the wizard\'s); requires it otherwise', async () => {
    const s = await sim();
    const t = tempTree();
    const e = await rejects(connect(globalOptions(), captureIo(env(s), t.sub), { homeDir: t.home }));
    expect(e.message).toMatch(/No organization: pass --org or set SENTRY_ORG \(this token can see: acme\)/);
    const preferences = openPreferences({ cwd: t.prefsDir });
    const conn = await connect(globalOptions(), captureIo(env(s), t.sub, true), { homeDir: t.home, prompts: fakePrompts() });
    expect(conn.target.org).toBe('acme');
    expect(conn.credentials.orgSource).toBeUndefined(); // asked: the report header says "prompt"
    expect(preferences.getOrg()).toBeUndefined();
    expect(preferences.getUrl()).toBeUndefined();
  });

  it('says which server it could not reach and which setting to check', async () => {
    const s = await startSimulator({ seed: 'demo' });
    const url = s.url;
    await s.close();
    const t = tempTree();
    const e = await rejects(
      connect(globalOptions({ org: 'acme' }), captureIo({ SENTRY_URL: url, SENTRY_AUTH_TOKEN: `sntryu_${'f'.repeat(64)}` }, t.sub), {
        homeDir: t.home,
        client: { maxRetries: 0 },
      }),
    );
    expect(e.message).toMatch(new RegExp(`^could not reach ${url.replace(/\./g, '\\.')}: .*Check SENTRY_URL`));
  });

  it('rejects an invalid token with a 401 message naming where it came from', async () => {
    const s = await sim();
    const t = tempTree();
    const bad = `sntryu_${'0'.repeat(64)}`;
    const e = await rejects(connect(globalOptions({ org: 'acme' }), captureIo(env(s, bad), t.sub), { homeDir: t.home }));
    expect(e.message).toMatch(/rejected the auth token from SENTRY_AUTH_TOKEN \(401\)/);
    expect(e.message).not.toContain(bad);
  });

  it('warns about missing scopes for read-only commands and fails for write commands', async () => {
    const s = await sim();
    const t = tempTree();
    const io = captureIo(env(s, s.tokens.readonly), t.sub);
    const conn = await connect(globalOptions({ org: 'acme' }), io, { homeDir: t.home, command: 'verify' });
    expect(conn.warnings.join('\n')).toMatch(/lacks .*org:write \(to read the audit log\)/);
    const e = await rejects(connect(globalOptions({ org: 'acme' }), io, { homeDir: t.home, command: 'apply' }));
    expect(e.message).toMatch(/lacks .*org:write.*member:admin.*project:write/);
    expect(e.message).toMatch(/settings\/account\/api\/auth-tokens\//);
  });

  it('refuses an org auth token before sending anything', async () => {
    const s = await sim();
    const t = tempTree();
    s.stats.reset();
    const e = await rejects(connect(globalOptions({ org: 'acme' }), captureIo(env(s, s.tokens.orgCi), t.sub), { homeDir: t.home }));
    expect(e.message).toMatch(/org:ci/);
    expect(s.stats.total).toBe(0);
  });

  it('on self-hosted, keeps the base URL when links.regionUrl names another host, with a warning', async () => {
    const s = await sim({ regionUrlOverride: 'http://localhost:1' });
    const t = tempTree();
    const conn = await connect(globalOptions({ org: 'acme' }), captureIo(env(s), t.sub), { homeDir: t.home });
    expect(conn.target.regionUrl).toBe(s.url);
    expect(conn.warnings.join('\n')).toMatch(/region URL http:\/\/localhost:1 does not match/);
  });

  it('lists the scopes each command needs with their purpose', () => {
    expect(requiredScopesFor('audit-log')).toEqual([{ scope: 'org:write', purpose: 'read the audit log' }]);
    expect(requiredScopesFor('apply').map((n) => n.scope)).toEqual(
      expect.arrayContaining(['org:admin', 'org:write', 'member:admin', 'project:write']),
    );
    expect(requiredScopesFor('controls')).toEqual([]);
  });
});
