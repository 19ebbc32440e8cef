import { afterEach, describe, expect, it } from 'vitest';
import {
  actorLabel,
  auditBool,
  describeAuditEntry,
  entriesWithin,
  isSecurityEvent,
  redactAuditEntry,
} from '../../src/state/audit-events.js';
import { isSecretKeyName } from '../../src/secrets.js';
import type { AuditEntry } from '../../src/sentry/types.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { NOW } from '../fixtures/state.js';

let seq = 0;
function entry(event: string, data: Record<string, unknown> = {}, over: Partial<AuditEntry> = {}): AuditEntry {
  seq += 1;
  return {
    id: String(seq),
    actor: { id: '1', email: 'owner@acme.test', name: 'Owner' },
    event,
    ipAddress: '203.0.113.1',
    note: '',
    targetObject: null,
    targetUser: null,
    data,
    dateCreated: NOW.toISOString(),
    ...over,
  };
}

describe('auditBool', () => {
  it('reads the value formats of org.edit', () => {
    expect(auditBool('to False')).toBe(false);
    expect(auditBool('to True')).toBe(true);
    expect(auditBool('from True to False')).toBe(false);
    expect(auditBool('from False to True')).toBe(true);
    expect(auditBool(false)).toBe(false);
    expect(auditBool('member')).toBeNull();
  });
});

describe('isSecurityEvent (POLICY 4.1.2)', () => {
  it.each([
    [{ require_2fa: 'to False' }, true],
    [{ require_2fa: 'to True' }, false],
    [{ enhanced_privacy: 'to False' }, true],
    [{ disable_shared_issues: 'to False' }, true],
    [{ disable_shared_issues: 'to True' }, false],
    [{ disable_member_invite: 'to False' }, true],
    [{ disable_member_project_creation: 'to False' }, true],
    [{ allow_joinleave: 'to True' }, true],
    [{ allow_joinleave: 'to False' }, false],
    [{ dataScrubber: 'from True to False' }, true],
    [{ dataScrubber: 'to True' }, false],
    [{ dataScrubberDefaults: 'to False' }, true],
    [{ scrubIPAddresses: 'from True to False' }, true],
    [{ safeFields: "to ['trace_id']" }, true],
    [{ relayPiiConfig: 'to {}' }, true],
    [{ trustedRelays: 'to [...]' }, true],
    [{ default_role: 'from member to admin' }, true],
    [{ name: 'from Acme to Acme Inc' }, false],
    [{ early_adopter: 'to True' }, false],
  ])('org.edit %j → %s', (data, expected) => {
    expect(isSecurityEvent(entry('org.edit', data))).toBe(expected);
  });

  it('project.edit only when scrubbing, safe fields, origins or the blocklist change', () => {
    expect(isSecurityEvent(entry('project.edit', { 'sentry:scrub_data': false, slug: 'web' }))).toBe(true);
    expect(isSecurityEvent(entry('project.edit', { 'sentry:safe_fields': ['x'], slug: 'web' }))).toBe(true);
    expect(isSecurityEvent(entry('project.edit', { 'sentry:origins': ['*'], slug: 'web' }))).toBe(true);
    expect(isSecurityEvent(entry('project.edit', { 'filters:blacklisted_ips': '10.0.0.1', slug: 'web' }))).toBe(true);
    expect(isSecurityEvent(entry('project.edit', { options: { 'filters:blacklisted_ips': '' }, slug: 'web' }))).toBe(true);
    expect(isSecurityEvent(entry('project.edit', { 'mail:subject_prefix': '[x]', slug: 'web' }))).toBe(false);
    expect(isSecurityEvent(entry('project.disable', { state: 'localhost', slug: 'web' }))).toBe(true);
    expect(isSecurityEvent(entry('project.enable', { state: 'localhost' }))).toBe(false);
  });

  it('keys named like Object.prototype members are plain keys, not table hits', () => {
    expect(isSecurityEvent(entry('org.edit', { constructor: 'to x' }))).toBe(false);
    expect(isSecurityEvent(entry('project.edit', { toString: 'x', slug: 'web' }))).toBe(false);
    expect(isSecurityEvent(entry('project.edit', { options: { hasOwnProperty: 'x' }, slug: 'web' }))).toBe(false);
    expect(describeAuditEntry(entry('org.edit', { constructor: 'from a to b' }))).toBe('changed constructor from a to b');
  });

  it('member events only when they give owner or manager; member.pending always', () => {
    expect(isSecurityEvent(entry('member.invite', { email: 'a@x', role: 'owner' }))).toBe(true);
    expect(isSecurityEvent(entry('member.invite', { email: 'a@x', role: 'member' }))).toBe(false);
    expect(isSecurityEvent(entry('member.edit', { email: 'a@x', role: 'manager' }))).toBe(true);
    expect(isSecurityEvent(entry('member.add', { email: 'a@x', role: 'Owner' }))).toBe(true);
    expect(isSecurityEvent(entry('member.add', { email: 'a@x', role: 'admin' }))).toBe(false);
    expect(isSecurityEvent(entry('member.pending', { email: 'a@x' }))).toBe(true);
    expect(isSecurityEvent(entry('member.remove', { email: 'a@x', role: 'owner' }))).toBe(false);
  });

  it('SSO, key and token events', () => {
    for (const ev of ['sso.enable', 'sso.disable', 'sso.edit', 'projectkey.create', 'projectkey.edit', 'projectkey.remove', 'org-auth-token.create', 'api-key.create']) {
      expect(isSecurityEvent(entry(ev)), ev).toBe(true);
    }
    for (const ev of ['team.create', 'project.create', 'rule.edit', 'monitor.edit']) {
      expect(isSecurityEvent(entry(ev)), ev).toBe(false);
    }
  });
});

describe('describeAuditEntry', () => {
  it.each([
    ['org.edit', { require_2fa: 'to False' }, 'turned off Require 2FA'],
    ['org.edit', { disable_shared_issues: 'to False' }, 'turned on Allow Shared Issues'],
    ['org.edit', { allow_joinleave: 'to True' }, 'turned on Open Membership'],
    ['org.edit', { dataScrubber: 'from True to False' }, 'turned off Require Data Scrubber'],
    ['org.edit', { default_role: 'from member to admin' }, 'changed Default Role from member to admin'],
    ['org.edit', { require_2fa: 'to False', enhanced_privacy: 'to False' }, 'turned off Require 2FA; turned off Enhanced Privacy'],
    ['org.edit', { relayPiiConfig: 'to {"rules":{}}' }, 'changed the Advanced Data Scrubbing rules'],
    ['member.invite', { email: 'jane@x', role: 'owner' }, 'invited jane@x as owner'],
    ['member.edit', { email: 'jane@x', role: 'manager' }, 'changed the role of jane@x to manager'],
    ['member.add', { email: 'bob@x', role: 'owner' }, 'added bob@x as owner'],
    ['member.pending', { email: 'bob@x' }, 'required bob@x to set up 2FA (membership turned into a pending invitation)'],
    ['sso.enable', { provider: 'saml2' }, 'enabled SSO (saml2)'],
    ['sso.edit', { require_link: 'to False' }, 'changed SSO settings: require_link False'],
    ['projectkey.create', { label: 'Default', public_key: 'abc' }, 'created client key Default'],
    ['projectkey.edit', { label: 'Default', prev_rate_limit_count: 100, rate_limit_count: 0 }, 'edited client key Default: rate limit count from 100 to none'],
    ['project.disable', { state: 'localhost', slug: 'web' }, 'turned off inbound filter localhost on project web'],
    ['project.disable', { state: '0', slug: 'web' }, 'turned off inbound filter legacy-browsers on project web'],
    // Sentry's format (project_filter_details.py): boolean filters carry their id in `state`,
    // legacy-browsers a bool or the subfilters added / removed
    ['project.enable', { state: 'web-crawlers', slug: 'web' }, 'turned on inbound filter web-crawlers on project web'],
    ['project.disable', { state: false, slug: 'web' }, 'turned off inbound filter legacy-browsers on project web'],
    ['project.disable', { state: ['safari', 'ie'], slug: 'web' }, 'turned off inbound filter legacy-browsers (ie, safari) on project web'],
    // the simulator's format: `filter` names the filter, `state` is the new value
    ['project.disable', { state: false, slug: 'web', filter: 'localhost' }, 'turned off inbound filter localhost on project web'],
    ['project.enable', { state: true, slug: 'web', filter: 'browser-extensions' }, 'turned on inbound filter browser-extensions on project web'],
    ['project.enable', { state: ['safari', 'ie'], slug: 'web', filter: 'legacy-browsers' }, 'turned on inbound filter legacy-browsers (ie, safari) on project web'],
    ['project.edit', { 'sentry:scrub_data': false, slug: 'web' }, 'turned off Data Scrubber on project web'],
    ['project.edit', { 'sentry:origins': ['*'], slug: 'web' }, 'set Allowed Domains to * on project web'],
    ['org-auth-token.create', { name: 'CI' }, 'created organization auth token CI'],
    ['api-key.create', { label: 'legacy' }, 'created API key legacy'],
  ])('%s %j', (event, data, text) => {
    expect(describeAuditEntry(entry(event, data))).toBe(text);
  });

  it('falls back to the note, then the event name', () => {
    expect(describeAuditEntry(entry('team.create', { slug: 't' }, { note: 'created team t' }))).toBe('created team t');
    expect(describeAuditEntry(entry('team.create', {}))).toBe('team.create');
  });

  it('names the target user when data has no email', () => {
    expect(describeAuditEntry(entry('member.edit', { role: 'owner' }, { targetUser: { id: '9', email: 'z@x' } }))).toBe('changed the role of z@x to owner');
  });

  it('labels actors', () => {
    expect(actorLabel(entry('x'))).toBe('owner@acme.test');
    expect(actorLabel(entry('x', {}, { actor: { name: 'API key' } }))).toBe('API key');
    expect(actorLabel(entry('x', {}, { actor: null }))).toBe('Sentry (system)');
  });
});

describe('redactAuditEntry', () => {
  it('removes secret_key from projectkey entries', () => {
    const e = entry('projectkey.create', { label: 'Default', public_key: 'a'.repeat(32), secret_key: 'b'.repeat(32), rate_limit_count: 10 });
    const red = redactAuditEntry(e);
    expect(red.data['secret_key']).toBe('[redacted]');
    expect(red.data['public_key']).toBe('a'.repeat(32));
    expect(red.data['rate_limit_count']).toBe(10);
    expect(JSON.stringify(red)).not.toContain('b'.repeat(32));
    expect(e.data['secret_key']).toBe('b'.repeat(32)); // input untouched
  });

  it('removes the security token from project.edit data and from the rendered note', () => {
    const token = 'c0ffee1234567890deadbeef';
    const e = entry('project.edit', { 'sentry:token': token, 'sentry:token_header': 'X-Sentry-Token', slug: 'web' }, { note: `edited project settings in sentry:token to ${token}` });
    const red = redactAuditEntry(e);
    expect(JSON.stringify(red)).not.toContain(token);
    expect(red.data['sentry:token_header']).toBe('X-Sentry-Token');
    expect(red.note).toBe('edited project settings in sentry:token to [redacted]');
  });

  it('removes API key values, auth tokens, DSN secrets and PII hash keys anywhere', () => {
    const e = entry('api-key.create', {
      label: 'legacy',
      key: 'f'.repeat(32),
      nested: { password: 'hunter22', list: ['sntrys_abcdefghijklmnop123'] },
      dsn: 'https://pub123:sec456@o1.ingest.sentry.io/1',
      relayPiiConfig: 'from None to {"vars": {"hashKey": "pepper-secret"}}',
    });
    const text = JSON.stringify(redactAuditEntry(e));
    for (const secret of ['f'.repeat(32), 'hunter22', 'sntrys_abcdefghijklmnop123', 'sec456', 'pepper-secret']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('legacy');
    expect(text).toContain('pub123');
  });

  it('recognises secret-like key names', () => {
    for (const k of ['secret_key', 'secret', 'sentry:token', 'token', 'password', 'hashKey', 'private_key', 'api_key', 'key', 'client_secret']) {
      expect(isSecretKeyName(k), k).toBe(true);
    }
    for (const k of ['public_key', 'sentry:token_header', 'rate_limit_count', 'label', 'scopes', 'email', 'role']) {
      expect(isSecretKeyName(k), k).toBe(false);
    }
  });
});

describe('entriesWithin', () => {
  it('keeps the window, newest first', () => {
    const day = 86_400_000;
    const at = (d: number) => new Date(NOW.getTime() - d * day).toISOString();
    const list = [entry('a', {}, { dateCreated: at(40) }), entry('b', {}, { dateCreated: at(2) }), entry('c', {}, { dateCreated: at(1) }), entry('d', {}, { dateCreated: at(29) })];
    expect(entriesWithin(list, 30, NOW).map((e) => e.event)).toEqual(['c', 'b', 'd']);
  });
});

describe('describeAuditEntry on the simulator\'s filter entries (real HTTP)', () => {
  let s: RunningSimulator | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('names the filter that was switched, not legacy-browsers', async () => {
    s = await startSimulator();
    const sim = s;
    const put = async (filter: string, body: unknown): Promise<void> => {
      const r = await fetch(`${sim.regionUrl}/api/0/projects/${sim.org}/checkout-web/filters/${filter}/`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${sim.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(r.status).toBeLessThan(300);
    };
    await put('localhost', { active: true });
    await put('localhost', { active: false });
    await put('legacy-browsers', { subfilters: ['safari', 'ie'] });
    const r = await fetch(`${sim.url}/api/0/organizations/${sim.org}/audit-logs/?per_page=10`, { headers: { Authorization: `Bearer ${sim.token}` } });
    expect(r.status).toBe(200);
    const rows = ((await r.json()) as { rows: AuditEntry[] }).rows.filter((e) => e.event === 'project.enable' || e.event === 'project.disable');
    expect(rows.slice(0, 3).map((e) => [e.event, describeAuditEntry(e)])).toEqual([
      ['project.enable', 'turned on inbound filter legacy-browsers (ie, safari) on project checkout-web'],
      ['project.disable', 'turned off inbound filter localhost on project checkout-web'],
      ['project.enable', 'turned on inbound filter localhost on project checkout-web'],
    ]);
  });
});

// Data formats of org.edit from getsentry/sentry tests/sentry/core/endpoints/
// test_organization_details.py: test_various_options (prevent_superuser_access "to True" when
// allowSuperuserAccess is false; hideAiFeatures "to True"), test_granular_replay_permissions_*
// ("from False to True") and test_replay_access_members_* ("added 2 user(s) (total: ...)").
describe('issue 13: staff access, AI and replay settings in org.edit', () => {
  const cases: [string, Record<string, unknown>, boolean, string][] = [
    ['staff access allowed again', { prevent_superuser_access: 'to False' }, true, 'turned on Allow Sentry Staff Access'],
    ['staff access blocked', { prevent_superuser_access: 'to True' }, false, 'turned off Allow Sentry Staff Access'],
    ['AI features shown again', { hideAiFeatures: 'from True to False' }, true, 'turned off Hide AI Features'],
    ['AI features hidden', { hideAiFeatures: 'to True' }, false, 'turned on Hide AI Features'],
    ['replay restriction lifted', { hasGranularReplayPermissions: 'from True to False' }, true, 'turned off Restrict Replay Access'],
    ['replay restriction on', { hasGranularReplayPermissions: 'from False to True' }, false, 'turned on Restrict Replay Access'],
    ['replay allowlist changed', { replayAccessMembers: 'added 2 user(s) (total: 2 user(s) with access)' }, true, 'changed who may watch replays: added 2 user(s) (total: 2 user(s) with access)'],
    ['Seer scanner on for new projects', { defaultSeerScannerAutomation: 'from False to True' }, true, 'turned on Seer scanner automation for new projects'],
    ['Seer scanner off', { defaultSeerScannerAutomation: 'from True to False' }, false, 'turned off Seer scanner automation for new projects'],
    ['Seer fix automation on', { defaultAutofixAutomationTuning: 'from off to high' }, true, 'changed Seer issue fix automation for new projects from off to high'],
    ['Seer fix automation off', { defaultAutofixAutomationTuning: 'from high to off' }, false, 'changed Seer issue fix automation for new projects from high to off'],
  ];
  for (const [name, data, security, text] of cases) {
    it(`${name}: ${security ? 'a security event' : 'not a security event'}`, () => {
      const e = entry('org.edit', data);
      expect(isSecurityEvent(e)).toBe(security);
      expect(describeAuditEntry(e)).toBe(text);
    });
  }
});
