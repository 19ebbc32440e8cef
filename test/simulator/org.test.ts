import { describe, expect, it } from 'vitest';
import { DEMO, DEMO_RELAY_PII_CONFIG } from '../../src/simulator/index.js';
import { call, sim, walk } from './helpers.js';

const ORG = `/api/0/organizations/${DEMO.org}`;

describe('auth, introspection and errors', () => {
  it('GET /api/0/ reports the token scopes and the acting user with has2fa', async () => {
    const s = await sim();
    const r = await call(s, 'GET', '/api/0/');
    expect(r.status).toBe(200);
    expect(r.body.version).toBe('0');
    expect(r.body.auth.scopes).toContain('org:admin');
    expect(r.body.user).toMatchObject({ email: 'alex@acme.example', has2fa: true });
    const ci = await call(s, 'GET', '/api/0/', { token: s.tokens.orgCi });
    expect(ci.body).toEqual({ version: '0', auth: { scopes: ['org:ci'] }, user: null });
    const anon = await call(s, 'GET', '/api/0/', { token: null });
    expect(anon.status).toBe(200);
    expect(anon.body).toEqual({ version: '0', auth: null, user: null });
    expect((await call(s, 'GET', '/api/0/', { token: 'sntryu_invalid' })).status).toBe(401);
  });

  it('org tokens carry a base64 JSON payload like real ones', async () => {
    const s = await sim();
    const m = /^sntrys_([A-Za-z0-9+/]+)_[0-9a-f]+$/.exec(s.tokens.orgCi);
    expect(m).not.toBeNull();
    const payload = JSON.parse(Buffer.from(m?.[1] ?? '', 'base64').toString('utf8'));
    expect(payload).toMatchObject({ url: s.url, region_url: s.regionUrl, org: 'acme' });
    expect(typeof payload.iat).toBe('number');
    expect(s.token).toMatch(/^sntryu_[0-9a-f]{64}$/);
  });

  it('missing or invalid token is 401; unknown resource is 404 with Sentry\'s body', async () => {
    const s = await sim();
    expect((await call(s, 'GET', `${ORG}/`, { token: null })).status).toBe(401);
    expect((await call(s, 'GET', `${ORG}/`, { token: 'sntryu_nope' })).status).toBe(401);
    const nf = await call(s, 'GET', '/api/0/organizations/other-org/');
    expect(nf.status).toBe(404);
    expect(nf.body).toEqual({ detail: 'The requested resource does not exist' });
    expect((await call(s, 'GET', '/api/0/projects/acme/nope/')).body).toEqual({ detail: 'The requested resource does not exist' });
  });

  it('insufficient scope answers 403 with WWW-Authenticate naming the sorted scopes', async () => {
    const s = await sim();
    const r = await call(s, 'PUT', `${ORG}/`, { token: s.tokens.readonly, body: { enhancedPrivacy: true } });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ detail: 'You do not have permission to perform this action.' });
    expect(r.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="org:admin org:write"');
    const ci = await call(s, 'GET', `${ORG}/members/`, { token: s.tokens.orgCi });
    expect(ci.status).toBe(403);
    expect(ci.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="member:admin member:read member:write"');
    // audit logs need org:write: the read-only token is refused
    expect((await call(s, 'GET', `${ORG}/audit-logs/`, { token: s.tokens.readonly })).status).toBe(403);
    expect(s.state.org.enhancedPrivacy).toBe(false);
  });
});

describe('organization details', () => {
  it('GET returns the detailed shape; features only with include_feature_flags', async () => {
    const s = await sim();
    const r = await call(s, 'GET', `${ORG}/`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      slug: 'acme',
      name: 'Acme Corp',
      require2FA: false,
      defaultRole: 'admin',
      openMembership: true,
      allowJoinRequests: true,
      attachmentsRole: 'member',
      debugFilesRole: 'admin',
      dataScrubber: false,
      sensitiveFields: ['credit_card', 'internal_id'],
      relayPiiConfig: DEMO_RELAY_PII_CONFIG,
      storeCrashReports: 5,
      ingestThroughTrustedRelaysOnly: 'disabled',
      hasAuthProvider: false,
      links: { organizationUrl: s.url, regionUrl: s.regionUrl },
    });
    expect(r.body.features).toBeUndefined();
    const f = await call(s, 'GET', `${ORG}/?include_feature_flags=1`);
    expect(f.body.features).toContain('sso-saml2');
  });

  it('PUT is partial, ignores unknown keys, answers the full org and writes org.edit with flag names', async () => {
    const s = await sim();
    const before = s.state.auditLog.length;
    const r = await call(s, 'PUT', `${ORG}/`, { body: { allowSharedIssues: false, openMembership: false, dataScrubber: true, noSuchField: 42 } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ allowSharedIssues: false, openMembership: false, dataScrubber: true, enhancedPrivacy: false });
    expect(Array.isArray(r.body.projects)).toBe(true);
    expect(Array.isArray(r.body.teams)).toBe(true);
    expect(r.body.noSuchField).toBeUndefined();
    const added = s.state.auditLog.slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]?.event).toBe('org.edit');
    expect(added[0]?.data).toEqual({ disable_shared_issues: 'to True', allow_joinleave: 'to False', dataScrubber: 'from False to True' });
  });

  it('an unchanged PUT writes no audit entry', async () => {
    const s = await sim();
    const before = s.state.auditLog.length;
    expect((await call(s, 'PUT', `${ORG}/`, { body: { openMembership: true } })).status).toBe(200);
    expect(s.state.auditLog.length).toBe(before);
  });

  it('defaultRole is owner-only: silently ignored for a manager', async () => {
    const s = await sim();
    const r = await call(s, 'PUT', `${ORG}/`, { token: s.tokens.manager, body: { defaultRole: 'member' } });
    expect(r.status).toBe(200);
    expect(r.body.defaultRole).toBe('admin');
    const o = await call(s, 'PUT', `${ORG}/`, { body: { defaultRole: 'member' } });
    expect(o.body.defaultRole).toBe('member');
    expect(s.state.auditLog.at(-1)?.data).toEqual({ default_role: 'from admin to member' });
  });

  it('validation errors are field-keyed 400s and change nothing', async () => {
    const s = await sim();
    const long = await call(s, 'PUT', `${ORG}/`, { body: { sensitiveFields: ['x'.repeat(4001)], enhancedPrivacy: true } });
    expect(long.status).toBe(400);
    expect(long.body).toEqual({ sensitiveFields: ['List of sensitive fields is too long.'] });
    expect(s.state.org.enhancedPrivacy).toBe(false);
    expect((await call(s, 'PUT', `${ORG}/`, { body: { sensitiveFields: ['ok', ''] } })).body).toEqual({ sensitiveFields: ['Empty values are not allowed.'] });
    expect((await call(s, 'PUT', `${ORG}/`, { body: { attachmentsRole: 'boss' } })).body).toEqual({ attachmentsRole: ['Invalid role'] });
    const pii = await call(s, 'PUT', `${ORG}/`, { body: { relayPiiConfig: '{not json' } });
    expect(pii.status).toBe(400);
    expect(Object.keys(pii.body)).toEqual(['relayPiiConfig']);
    const badType = await call(s, 'PUT', `${ORG}/`, { body: { relayPiiConfig: JSON.stringify({ rules: { a: { type: 'nonsense', redaction: { method: 'remove' } } }, applications: { $string: ['a'] } }) } });
    expect(badType.status).toBe(400);
  });

  it('relayPiiConfig accepts an unknown redaction method (like Relay) and replaces the whole value', async () => {
    const s = await sim();
    const cfg = JSON.stringify({ rules: { '0': { type: 'creditcard', redaction: { method: 'scramble' } } }, applications: { $string: ['0'] } });
    const r = await call(s, 'PUT', `${ORG}/`, { body: { relayPiiConfig: cfg } });
    expect(r.status).toBe(200);
    expect(r.body.relayPiiConfig).toBe(cfg);
  });

  it('auth-provider answers 204 when none; auth-providers lists saml2, google, github', async () => {
    const s = await sim();
    const ap = await call(s, 'GET', `${ORG}/auth-provider/`);
    expect(ap.status).toBe(204);
    expect(ap.text).toBe('');
    const list = await call(s, 'GET', `${ORG}/auth-providers/`);
    expect(list.body.map((p: { key: string }) => p.key)).toEqual(['saml2', 'google', 'github']);
    expect(list.body[0]).toEqual({ key: 'saml2', name: 'SAML2', requiredFeature: 'organizations:sso-saml2' });
  });

  it('teams list has memberCount', async () => {
    const s = await sim();
    const r = await call(s, 'GET', `${ORG}/teams/`);
    expect(r.status).toBe(200);
    const backend = r.body.find((t: { slug: string }) => t.slug === 'backend');
    expect(backend.memberCount).toBeGreaterThan(3);
  });
});

describe('pagination', () => {
  it('writes Sentry\'s Link header and follows it to the end', async () => {
    const s = await sim();
    const first = await call(s, 'GET', `${ORG}/members/?per_page=7`);
    const link = first.headers.get('link') ?? '';
    expect(link).toBe(
      `<${s.url}${ORG}/members/?per_page=7&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", ` +
        `<${s.url}${ORG}/members/?per_page=7&cursor=0:7:0>; rel="next"; results="true"; cursor="0:7:0"`,
    );
    const all = await walk(s, `${ORG}/members/?per_page=7`);
    expect(all.items).toHaveLength(30); // the deactivated user's row is not listed
    expect(all.pages).toBe(5);
    expect(new Set(all.items.map((m) => m.id)).size).toBe(30);
  });

  it('a query without other parameters gets "?&cursor=" like Sentry', async () => {
    const s = await sim();
    const r = await call(s, 'GET', `${ORG}/teams/`);
    expect(r.headers.get('link')).toContain(`<${s.url}${ORG}/teams/?&cursor=0:0:1>`);
  });

  it('per_page above 100 is a 400', async () => {
    const s = await sim();
    const r = await call(s, 'GET', `${ORG}/members/?per_page=101`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ detail: 'Invalid per_page value. Cannot exceed 100.' });
    expect((await call(s, 'GET', `${ORG}/members/?per_page=abc`)).body).toEqual({ detail: 'Invalid per_page parameter.' });
  });
});

describe('audit logs', () => {
  it('newest first, {rows, options}, event and statsPeriod filters', async () => {
    const s = await sim();
    const r = await call(s, 'GET', `${ORG}/audit-logs/`);
    expect(r.status).toBe(200);
    expect(r.body.options).toContain('member.pending');
    const dates = r.body.rows.map((e: { dateCreated: string }) => e.dateCreated);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(r.body.rows.length).toBeGreaterThanOrEqual(38);
    const invites = await call(s, 'GET', `${ORG}/audit-logs/?event=member.invite`);
    expect(invites.body.rows.every((e: { event: string }) => e.event === 'member.invite')).toBe(true);
    const ownerInvite = invites.body.rows.find((e: { data: { role: string } }) => e.data.role === 'owner');
    expect(ownerInvite.targetObject).toBe(Number(DEMO.staleOwnerInviteId));
    expect((await call(s, 'GET', `${ORG}/audit-logs/?event=no.such`)).body.rows).toEqual([]);
    const recent = await call(s, 'GET', `${ORG}/audit-logs/?statsPeriod=7d`);
    expect(recent.body.rows.length).toBeGreaterThan(0);
    expect(recent.body.rows.length).toBeLessThan(r.body.rows.length);
    const start = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const win = await call(s, 'GET', `${ORG}/audit-logs/?start=${encodeURIComponent(start)}&end=${encodeURIComponent(new Date().toISOString())}`);
    expect(win.body.rows.every((e: { dateCreated: string }) => e.dateCreated >= start)).toBe(true);
  });

  it('the demo log holds the security events the policy lists', async () => {
    const s = await sim();
    const { items } = await walk(s, `${ORG}/audit-logs/?per_page=10`);
    const events = new Set(items.map((e) => e.event));
    for (const e of ['org.edit', 'member.invite', 'projectkey.create', 'sso.disable', 'api-key.create']) expect(events).toContain(e);
    expect(items.some((e) => e.event === 'org.edit' && e.data.require_2fa === 'to False')).toBe(true);
    expect(items.some((e) => e.event === 'projectkey.create' && typeof e.data.secret_key === 'string')).toBe(true);
  });
});
