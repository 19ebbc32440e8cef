import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveCredentials } from '../../src/config/credentials.js';
import { parseIni } from '../../src/config/ini.js';
import { decodeOrgToken, orgTokenConflicts } from '../../src/config/org-token.js';
import { openPreferences } from '../../src/config/preferences.js';
import { validateSentryUrl } from '../../src/config/url.js';
import { UserError } from '../../src/errors.js';
import { rejectsWith } from '../helpers/rejects.js';
import { fakePrompts, tempTree, writeRc } from './helpers.js';

const rejects = (p: Promise<unknown>): Promise<UserError> => rejectsWith(p, UserError);

const USER_TOKEN = `sntryu_${'a1'.repeat(32)}`;
const orgToken = (payload: object): string =>
  `sntrys_${Buffer.from(JSON.stringify({ iat: 1, ...payload })).toString('base64')}_${'S'.repeat(43)}`;

describe('parseIni', () => {
  it('reads sections, keys, comments and quotes', () => {
    const ini = parseIni('\uFEFF; comment\n[defaults]\nurl = https://sentry.example.com/\nORG: acme ; trailing\n\n[auth]\ntoken="abc def"\n# x\n[empty]\n');
    expect(ini).toEqual({ defaults: { url: 'https://sentry.example.com/', org: 'acme' }, auth: { token: 'abc def' } });
  });
});

describe('validateSentryUrl', () => {
  it('accepts http(s) and normalizes; refuses credentials and other schemes', () => {
    expect(validateSentryUrl('https://sentry.example.com/', 'x')).toBe('https://sentry.example.com');
    expect(validateSentryUrl('http://127.0.0.1:9000/sentry/', 'x')).toBe('http://127.0.0.1:9000/sentry');
    expect(() => validateSentryUrl('https://user:pw@sentry.example.com', '--url')).toThrow(/contains credentials/);
    expect(() => validateSentryUrl('ftp://sentry.example.com', '--url')).toThrow(/only http/);
    expect(() => validateSentryUrl('sentry.example.com', 'SENTRY_URL')).toThrow(/SENTRY_URL.*https:\/\//);
  });
});

describe('resolveCredentials', () => {
  it('takes flags, then env, then the nearest .sentryclirc, then ~/.sentryclirc, then the default', async () => {
    const t = tempTree();
    writeRc(t.home, '[defaults]\nurl=https://home.example.com\norg=home-org\n[auth]\ntoken=home-token-123456\n');
    const base = { cwd: t.sub, homeDir: t.home, interactive: false };

    let c = await resolveCredentials({ ...base, flags: {}, env: {} });
    expect([c.url, c.org, c.token, c.urlSource.kind, c.tokenSource.label]).toEqual([
      'https://home.example.com', 'home-org', 'home-token-123456', 'home-rc', '~/.sentryclirc',
    ]);

    writeRc(t.repo, '[defaults]\norg=repo-org\n[auth]\ntoken=repo-token-123456\n');
    c = await resolveCredentials({ ...base, flags: {}, env: {} });
    expect([c.url, c.org, c.token, c.orgSource?.kind, c.tokenSource.kind]).toEqual([
      'https://home.example.com', 'repo-org', 'repo-token-123456', 'rc', 'rc',
    ]);

    c = await resolveCredentials({ ...base, flags: {}, env: { SENTRY_URL: 'https://env.example.com', SENTRY_ORG: 'env-org', SENTRY_AUTH_TOKEN: USER_TOKEN } });
    expect([c.url, c.org, c.token, c.tokenSource.label]).toEqual(['https://env.example.com', 'env-org', USER_TOKEN, 'SENTRY_AUTH_TOKEN']);

    c = await resolveCredentials({ ...base, flags: { url: 'https://flag.example.com', org: 'flag-org' }, env: { SENTRY_URL: 'https://env.example.com', SENTRY_ORG: 'env-org', SENTRY_AUTH_TOKEN: USER_TOKEN } });
    expect([c.url, c.org, c.urlSource.label, c.orgSource?.label]).toEqual(['https://flag.example.com', 'flag-org', '--url', '--org']);

    const bare = tempTree();
    c = await resolveCredentials({ cwd: bare.sub, homeDir: bare.home, interactive: false, flags: {}, env: { SENTRY_AUTH_TOKEN: USER_TOKEN } });
    expect([c.url, c.org, c.urlSource.kind]).toEqual(['https://sentry.io', undefined, 'default']);
  });

  it('never reads saved preferences, on a TTY either (only the wizard offers them), and never saves a token', async () => {
    const t = tempTree();
    const prefs = openPreferences({ cwd: t.prefsDir });
    prefs.set({ org: 'saved-org', level: 'L2', url: 'https://saved.example.com' });
    prefs.addSession('/tmp/snapshots/acme/20261125T150000Z-abc123');
    const env = { SENTRY_AUTH_TOKEN: USER_TOKEN };
    const before = process.env.SENTRY_HARDEN_CONFIG_DIR;
    process.env.SENTRY_HARDEN_CONFIG_DIR = t.prefsDir;
    try {
      for (const interactive of [false, true]) {
        const c = await resolveCredentials({ cwd: t.sub, homeDir: t.home, interactive, flags: {}, env, prompts: fakePrompts() });
        expect([c.url, c.urlSource.kind, c.org]).toEqual(['https://sentry.io', 'default', undefined]);
      }
      // the wizard passes what the person answered (a suggestion they accepted)
      const w = await resolveCredentials({ cwd: t.sub, homeDir: t.home, interactive: true, flags: {}, env, answers: { url: 'https://saved.example.com', org: 'saved-org' } });
      expect([w.url, w.org, w.urlSource.kind, w.orgSource?.kind]).toEqual(['https://saved.example.com', 'saved-org', 'prompt', 'prompt']);
    } finally {
      if (before === undefined) delete process.env.SENTRY_HARDEN_CONFIG_DIR;
      else process.env.SENTRY_HARDEN_CONFIG_DIR = before;
    }
    const file = readFileSync(prefs.path, 'utf8');
    expect(file).not.toContain(USER_TOKEN);
    expect(statSync(prefs.path).mode & 0o777).toBe(0o600);
    expect(prefs.sessions()).toEqual(['/tmp/snapshots/acme/20261125T150000Z-abc123']);
    expect(() => prefs.set({ url: 'https://u:p@x.example.com' })).toThrow();
  });

  it('asks for the token with a masked prompt on a TTY, and names the variable otherwise', async () => {
    const t = tempTree();
    const e = await rejects(resolveCredentials({ cwd: t.sub, homeDir: t.home, interactive: false, flags: {}, env: {} }));
    expect(e.message).toBe('No auth token: set SENTRY_AUTH_TOKEN or add [auth] token to .sentryclirc');
    const prompts = fakePrompts({ password: USER_TOKEN });
    const c = await resolveCredentials({ cwd: t.sub, homeDir: t.home, interactive: true, flags: {}, env: {}, prompts });
    expect(c.token).toBe(USER_TOKEN);
    expect(c.tokenSource.kind).toBe('prompt');
    expect(prompts.asked[0]).toMatch(/^password: .*https:\/\/sentry\.io/);
  });

  it('refuses (no TTY) or asks (TTY) when a working-tree .sentryclirc points the env token at another host', async () => {
    const t = tempTree();
    const rc = writeRc(t.repo, '[defaults]\nurl=https://attacker.example\n');
    const env = { SENTRY_AUTH_TOKEN: USER_TOKEN };
    const e = await rejects(resolveCredentials({ cwd: t.sub, homeDir: t.home, interactive: false, flags: {}, env }));
    expect(e.message).toContain(rc);
    expect(e.message).toMatch(/SENTRY_AUTH_TOKEN is for https:\/\/sentry\.io.*https:\/\/attacker\.example.*Refusing/);
    expect(e.message).not.toContain(USER_TOKEN);

    const no = fakePrompts({ confirm: false });
    await rejects(resolveCredentials({ cwd: t.sub, homeDir: t.home, interactive: true, flags: {}, env, prompts: no }));
    expect(no.asked[0]).toMatch(/^confirm: .*attacker\.example/);
    const yes = fakePrompts({ confirm: true });
    const c = await resolveCredentials({ cwd: t.sub, homeDir: t.home, interactive: true, flags: {}, env, prompts: yes });
    expect(c.url).toBe('https://attacker.example');

    // an explicit --url, or a token from the same file, or the same host group is fine
    expect((await resolveCredentials({ cwd: t.sub, homeDir: t.home, interactive: false, flags: { url: 'https://attacker.example' }, env })).url).toBe('https://attacker.example');
    writeRc(t.repo, '[defaults]\nurl=https://de.sentry.io\n');
    expect((await resolveCredentials({ cwd: t.sub, homeDir: t.home, interactive: false, flags: {}, env })).url).toBe('https://de.sentry.io');
    writeRc(t.repo, '[defaults]\nurl=https://sentry.repo.example\n[auth]\ntoken=repo-token-123456\n');
    expect((await resolveCredentials({ cwd: t.sub, homeDir: t.home, interactive: false, flags: {}, env: {} })).token).toBe('repo-token-123456');
    // the home file's URL is the token's host when the token comes from the home file
    writeRc(t.home, '[defaults]\nurl=https://sentry.repo.example\n[auth]\ntoken=home-token-123456\n');
    writeRc(t.repo, '[defaults]\nurl=https://sentry.repo.example:8443\n');
    expect((await resolveCredentials({ cwd: t.sub, homeDir: t.home, interactive: false, flags: {}, env: {} })).url).toBe('https://sentry.repo.example:8443');
  });

  it('decodes org auth tokens and refuses them up front with what to use instead', async () => {
    const tok = orgToken({ url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme' });
    expect(decodeOrgToken(tok)).toEqual({ url: 'https://sentry.io', regionUrl: 'https://us.sentry.io', org: 'acme' });
    expect(decodeOrgToken(USER_TOKEN)).toBeNull();
    expect(orgTokenConflicts({ url: 'https://sentry.io', org: 'acme' }, 'https://sentry.example.com', 'other')).toHaveLength(2);
    expect(orgTokenConflicts({ url: 'https://sentry.io', org: 'acme' }, 'https://de.sentry.io', 'acme')).toHaveLength(0);

    const t = tempTree();
    const e = await rejects(resolveCredentials({ cwd: t.sub, homeDir: t.home, interactive: false, flags: { org: 'other' }, env: { SENTRY_AUTH_TOKEN: tok } }));
    expect(e.message).toMatch(/organization auth token \(sntrys_\) for "acme".*only the org:ci scope.*cannot read or change security settings.*sntryu_/);
    expect(e.message).toMatch(/belongs to "acme", but the configured organization is "other"/);
    expect(e.message).not.toContain(tok);
    expect(e.message).not.toContain('S'.repeat(43));
  });

  it('rejects a token with whitespace inside', async () => {
    const t = tempTree();
    const e = await rejects(resolveCredentials({ cwd: t.sub, homeDir: t.home, interactive: false, flags: {}, env: { SENTRY_AUTH_TOKEN: 'abc\r\nX-Evil: 1' } }));
    expect(e.message).toMatch(/spaces or line breaks/);
  });
});
