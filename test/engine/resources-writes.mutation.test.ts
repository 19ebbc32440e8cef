// What the resource adapters' prepared writes DO: each test prepares a change against a fresh demo
// simulator over real HTTP, sends it, and reads the result back through the API (never a mocked
// fetch). The request body is only observable through what the server stored, so these tests pin
// it: which fields are sent, what is merged into the live value, what is always re-sent.
// Sentry's behaviour behind each (../shared/sentry-api/projects.md and organization.md, with the
// source files they cite):
// - inbound filters: src/sentry/ingest/inbound_filters.py — legacy-browsers is `true` (every
//   subfilter), off, or a list of subfilters; PUT .../filters/{id}/ takes `active` or `subfilters`
//   (src/sentry/api/endpoints/project_filter_details.py);
// - project PUT: `filters:blacklisted_ips` is one newline-joined string; relayPiiConfig `null` is
//   ignored and `""` clears (src/sentry/api/endpoints/project_details.py);
// - client keys: a PUT without browserSdkVersion resets it (project_key_details.py); POST
//   .../keys/ takes name and rateLimit (project_keys.py);
// - members: the role PUT replaces the team rows with the teamRoles it carries
//   (organization_member/details.py, save_team_assignments); an invitation is a POST .../members/
//   with email, orgRole and teams, withdrawn by DELETE;
// - org auth tokens: DELETE .../org-auth-tokens/{id}/ revokes (org_auth_token_details.py);
// - spike protection: POST/DELETE .../spike-protections/ with the project slugs (sentry.io).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ABSENT, LiveReader } from '../../src/engine/live.js';
import { LocalRefusal } from '../../src/engine/resources/fields.js';
import { readLive, RESOURCES, writerOf } from '../../src/engine/resources/index.js';
import type { JournalEntry } from '../../src/snapshots/schema.js';
import type { OrgState } from '../../src/state/types.js';
import { DEMO } from '../../src/simulator/seed-demo.js';
import { DEMO_INTEGRATIONS } from '../../src/simulator/seed-integrations.js';
import type { PlannedChange, ResourceRef } from '../../steps/types.js';
import { change, freshReader, prepareWrite, session, type PrepareOpts } from './adapter-helpers.js';
import { harness, type Harness } from './helpers.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});
const fresh = (): LiveReader => freshReader(h);

const prepare = (target: ResourceRef, changes: PlannedChange[], o: PrepareOpts = {}) => prepareWrite(h, target, changes, o);
async function send(p: Awaited<ReturnType<typeof prepare>>) {
  expect(p.localError).toBeUndefined();
  return p.send!();
}
const filterOf = async (project: string, id: string) => (await h.api.listFilters('acme', project)).find((f) => f.id === id)!.active;

describe('filter: the inbound filter PUT', () => {
  const localhost = (project: string) => ({ type: 'filter', id: 'localhost', project }) as const;
  const legacy = (project: string) => ({ type: 'filter', id: 'legacy-browsers', project }) as const;
  const LIVE_LEGACY = ['chrome', 'edge', 'firefox', 'ie', 'safari']; // the demo's checkout-web

  it('switches a filter on, and another one off, only on the target project', async () => {
    const on = localhost(DEMO.noVerifySslProject);
    const p = await prepare(on, [change(on, 'active', false, true)]);
    expect(p.fields).toEqual([{ field: 'active', before: false, after: true }]);
    await send(p);
    expect(await filterOf(DEMO.noVerifySslProject, 'localhost')).toBe(true);
    expect(await filterOf(DEMO.noVerifySslProject, 'web-crawlers')).toBe(false);
    const off = localhost(DEMO.filtersOnProject);
    await send(await prepare(off, [change(off, 'active', true, false)]));
    expect(await filterOf(DEMO.filtersOnProject, 'localhost')).toBe(false);
    expect(await filterOf(DEMO.filtersOnProject, 'web-crawlers')).toBe(true);
    // already live: nothing to write
    expect((await prepare(on, [change(on, 'active', false, true)])).fields).toEqual([]);
  });

  it('reads an off legacy-browser filter as no subfilters', async () => {
    expect(await readLive(fresh(), legacy(DEMO.noVerifySslProject), 'subfilters')).toEqual([]);
    expect(await readLive(fresh(), legacy(DEMO.noVerifySslProject), 'active')).toBe(false);
  });

  it('adds the planned subfilters to a live list that changed since the plan, keeping the live ones', async () => {
    const t = legacy(DEMO.filtersOnProject);
    const p = await prepare(t, [change(t, 'subfilters', ['ie'], ['ie', 'opera'])]);
    expect(p.fields).toEqual([{ field: 'subfilters', before: LIVE_LEGACY, after: [...LIVE_LEGACY, 'opera'] }]);
    await send(p);
    expect(await filterOf(DEMO.filtersOnProject, 'legacy-browsers')).toEqual([...LIVE_LEGACY, 'opera'].sort());
  });

  it('sends the planned list as it is when the live list is still the planned "before"', async () => {
    const t = legacy(DEMO.filtersOnProject);
    const p = await prepare(t, [change(t, 'subfilters', [...LIVE_LEGACY].reverse(), ['safari', 'ie', 'opera'])]);
    // a merge would keep the live order (ie before safari)
    expect(p.fields).toEqual([{ field: 'subfilters', before: LIVE_LEGACY, after: ['safari', 'ie', 'opera'] }]);
    await send(p);
    expect(await filterOf(DEMO.filtersOnProject, 'legacy-browsers')).toEqual(['ie', 'opera', 'safari']);
    // the same subfilters in another order: nothing to write
    expect((await prepare(t, [change(t, 'subfilters', null, ['opera', 'safari', 'ie'])])).fields).toEqual([]);
  });

  it('switches every legacy browser off with active false, and on with active true', async () => {
    const t = legacy(DEMO.filtersOnProject);
    const p = await prepare(t, [change(t, 'subfilters', LIVE_LEGACY, false)]);
    expect(p.fields).toEqual([{ field: 'subfilters', before: LIVE_LEGACY, after: [] }]);
    await send(p);
    expect(await filterOf(DEMO.filtersOnProject, 'legacy-browsers')).toBe(false);
    const off = legacy(DEMO.noVerifySslProject);
    const all = await prepare(off, [change(off, 'subfilters', false, true)]);
    expect(all.fields).toEqual([{ field: 'subfilters', before: [], after: true }]);
    await send(all);
    expect(await filterOf(DEMO.noVerifySslProject, 'legacy-browsers')).toBe(true);
  });

  it('never narrows `true` (every legacy browser) to a list, but a restore of a saved list is sent', async () => {
    await h.api.updateFilter('acme', DEMO.noVerifySslProject, 'legacy-browsers', { active: true });
    const t = legacy(DEMO.noVerifySslProject);
    expect((await prepare(t, [change(t, 'subfilters', false, ['ie'])])).fields).toEqual([]);
    expect((await prepare(t, [change(t, 'subfilters', ['edge'], ['ie'])])).fields).toEqual([]);
    const restore = await prepare(t, [change(t, 'subfilters', true, ['ie', 'edge'])]);
    expect(restore.fields).toEqual([{ field: 'subfilters', before: true, after: ['ie', 'edge'] }]);
    await send(restore);
    expect(await filterOf(DEMO.noVerifySslProject, 'legacy-browsers')).toEqual(['edge', 'ie']);
  });

  it('restores a legacy-browser `active` list as subfilters', async () => {
    const t = legacy(DEMO.noVerifySslProject);
    const p = await prepare(t, [change(t, 'active', ['ie'], ['ie', 'edge'])]);
    expect(p.fields).toEqual([{ field: 'active', before: false, after: ['ie', 'edge'] }]);
    await send(p);
    expect(await filterOf(DEMO.noVerifySslProject, 'legacy-browsers')).toEqual(['edge', 'ie']);
  });
});

describe('project: the project PUT', () => {
  it('sends the IP blocklist as the newline-joined option, next to a typed field in the same request', async () => {
    const t = { type: 'project', id: DEMO.ipBlocklistProject } as const;
    const live = (await fresh().getProject(DEMO.ipBlocklistProject))!;
    expect(live.blockedIps.length).toBeGreaterThan(1);
    const p = await prepare(t, [change(t, 'blockedIps', live.blockedIps, [...live.blockedIps, '10.9.0.0/16']), change(t, 'storeCrashReports', null, 0)]);
    expect(p.fields.map((f) => f.field)).toEqual(['blockedIps', 'storeCrashReports']);
    await send(p);
    const after = (await fresh().getProject(DEMO.ipBlocklistProject))!;
    expect(after.blockedIps).toEqual([...live.blockedIps, '10.9.0.0/16']);
    expect(after.storeCrashReports).toBe(0);
  });

  it('clears a project PII config with "" (Sentry ignores null)', async () => {
    const cfg = JSON.stringify({ applications: { $string: ['@creditcard:mask'] } });
    await h.api.updateProject('acme', DEMO.prodProject, { relayPiiConfig: cfg });
    const t = { type: 'project', id: DEMO.prodProject } as const;
    expect(await readLive(fresh(), t, 'relayPiiConfig')).toBe(cfg);
    const p = await prepare(t, [change(t, 'relayPiiConfig', cfg, null)]);
    expect(p.fields).toEqual([{ field: 'relayPiiConfig', before: cfg, after: null }]);
    await send(p);
    expect(await readLive(fresh(), t, 'relayPiiConfig')).toBeNull();
  });

  it('sets a PII config as planned', async () => {
    const cfg = JSON.stringify({ applications: { $string: ['@creditcard:mask'] } });
    const t = { type: 'project', id: DEMO.prodProject } as const;
    await send(await prepare(t, [change(t, 'relayPiiConfig', null, cfg)]));
    expect(await readLive(fresh(), t, 'relayPiiConfig')).toBe(cfg);
  });
});

describe('key: the key PUT and a rotation\'s POST', () => {
  const project = DEMO.rateLimitedKeyProject;
  const keys = () => h.api.listKeys('acme', project);

  it('re-sends the live browserSdkVersion with every key PUT, which would otherwise reset it', async () => {
    const k = (await keys())[0]!;
    await h.api.updateKey('acme', project, k.id, { browserSdkVersion: '7.x' });
    const t = { type: 'key', id: k.id, project } as const;
    const p = await prepare(t, [change(t, 'rateLimit', k.rateLimit, { window: 60, count: 7 })]);
    expect(p.fields).toEqual([{ field: 'rateLimit', before: k.rateLimit ?? null, after: { window: 60, count: 7 } }]);
    await send(p);
    const live = (await keys()).find((x) => x.id === k.id)!;
    expect(live.rateLimit).toEqual({ window: 60, count: 7 });
    expect(live.browserSdkVersion).toBe('7.x');
  });

  it('creates the replacement key with the old key\'s live rate limit, SDK version and loader options', async () => {
    const old = (await keys()).find((k) => k.rateLimit)!;
    await h.api.updateKey('acme', project, old.id, { browserSdkVersion: '7.x', dynamicSdkLoaderOptions: { hasDebug: true, hasReplay: false } });
    const loader = (await keys()).find((k) => k.id === old.id)!.dynamicSdkLoaderOptions;
    // the old key is named by the change's context (3.2.4), not by the target id
    const t = { type: 'key', id: 'replacement', project } as const;
    const p = await prepare(t, [change(t, 'create', null, { rateLimit: { window: 1, count: 1 } }, { context: { rotates: old.id } })], { method: 'POST' });
    const name = `${old.name} rotated (sentry-harden abcd1234)`;
    expect(p.fields).toEqual([{ field: 'create', before: null, after: { name, rateLimit: old.rateLimit, browserSdkVersion: '7.x', dynamicSdkLoaderOptions: loader } }]);
    const sent = await send(p);
    const made = (await keys()).find((k) => k.name === name)!;
    expect(sent).toEqual({ keyId: made.id });
    expect([made.rateLimit, made.browserSdkVersion, made.dynamicSdkLoaderOptions]).toEqual([old.rateLimit, '7.x', loader]);
    expect(await RESOURCES.key.write!.readBack!(fresh(), t, p)).toEqual({ allAfter: true, noneChanged: false, ignored: [], keyId: made.id });
  });

  it('takes the plan\'s settings where the old key is gone, and names the key after it', async () => {
    const t = { type: 'key', id: 'rotation-of-no-such-key', project } as const;
    const spec = { name: '', rateLimit: { window: 60, count: 9 }, browserSdkVersion: '8.x', dynamicSdkLoaderOptions: { hasDebug: true } };
    const p = await prepare(t, [change(t, 'create', null, spec)], { method: 'POST' });
    expect(p.fields[0]!.after).toEqual({ name: 'key rotated (sentry-harden abcd1234)', rateLimit: spec.rateLimit, browserSdkVersion: '8.x', dynamicSdkLoaderOptions: { hasDebug: true } });
    await send(p);
    const made = (await keys()).find((k) => k.name === 'key rotated (sentry-harden abcd1234)')!;
    expect([made.rateLimit, made.browserSdkVersion, made.dynamicSdkLoaderOptions?.hasDebug]).toEqual([spec.rateLimit, '8.x', true]);
  });

  it('creates a key without rate limit or SDK settings when neither the old key nor the plan has them', async () => {
    const t = { type: 'key', id: 'rotation-of-no-such-key', project } as const;
    const p = await prepare(t, [change(t, 'create', null, {})], { method: 'POST' });
    expect(p.fields[0]!.after).toEqual({ name: 'key rotated (sentry-harden abcd1234)', rateLimit: null });
    h.sim.stats.reset();
    await send(p);
    const made = (await keys()).find((k) => k.name === 'key rotated (sentry-harden abcd1234)')!;
    expect(made.rateLimit).toBeNull();
    // one POST, no follow-up PUT
    expect([...h.sim.stats.byRoute.keys()].filter((r) => r.startsWith('PUT'))).toEqual([]);
  });

  it('applies the loader options alone, or the SDK version alone, with the follow-up PUT', async () => {
    const t = { type: 'key', id: 'rotation-of-no-such-key', project } as const;
    const loaderOnly = await prepare(t, [change(t, 'create', null, { name: 'loader only {session}', dynamicSdkLoaderOptions: { hasDebug: true, hasReplay: false } })], { method: 'POST' });
    await send(loaderOnly);
    const a = (await keys()).find((k) => k.name === 'loader only abcd1234')!;
    expect([a.dynamicSdkLoaderOptions?.hasDebug, a.dynamicSdkLoaderOptions?.hasReplay]).toEqual([true, false]);
    const sdkOnly = await prepare(t, [change(t, 'create', null, { name: 'sdk only {session}', browserSdkVersion: '7.x' })], { method: 'POST' });
    await send(sdkOnly);
    expect((await keys()).find((k) => k.name === 'sdk only abcd1234')!.browserSdkVersion).toBe('7.x');
  });

  it('finds the old key by the target id without the rotation prefix', async () => {
    const old = (await keys()).find((k) => k.rateLimit)!;
    for (const id of [`rotation-of-${old.id}`, old.id]) {
      const t = { type: 'key', id, project } as const;
      const p = await prepare(t, [change(t, 'create', null, {})], { method: 'POST' });
      expect(p.fields[0]!.after, id).toMatchObject({ name: `${old.name} rotated (sentry-harden abcd1234)`, rateLimit: old.rateLimit });
    }
  });

  it('keeps the new key\'s name within Sentry\'s 64 characters, with the session tag', async () => {
    const t = { type: 'key', id: 'rotation-of-no-such-key', project } as const;
    const nameOf = async (name: string) => (await prepare(t, [change(t, 'create', null, { name })], { method: 'POST' })).fields[0]!.after as { name: string };
    const long = 'n'.repeat(80);
    const tagged = (await nameOf(long)).name;
    expect(tagged).toBe(`${'n'.repeat(64 - ' (sentry-harden abcd1234)'.length)} (sentry-harden abcd1234)`);
    expect(tagged).toHaveLength(64);
    // the session placeholder, wherever and however often it appears, replaces the tag
    expect((await nameOf('{session} rotates {session}')).name).toBe('abcd1234 rotates abcd1234');
    expect((await nameOf(`${long}{session}`)).name).toBe('n'.repeat(64));
    expect((await nameOf(`{session}${long}`)).name).toBe(`abcd1234${'n'.repeat(56)}`);
  });
});

describe('member: the role PUT carries the member\'s teams', () => {
  it('keeps the member\'s teams with the new role', async () => {
    const t = { type: 'member', id: DEMO.managerMemberId, email: 'evan@acme.example' } as const;
    const before = await h.api.getMember('acme', DEMO.managerMemberId);
    const p = await prepare(t, [change(t, 'orgRole', 'manager', 'member')]);
    expect(p.marker).toEqual({ kind: 'member-role', teamRoles: before.teamRoles });
    await send(p);
    const after = await h.api.getMember('acme', DEMO.managerMemberId);
    expect(after.orgRole).toBe('member');
    expect(after.teamRoles).toEqual(before.teamRoles);
  });

  it('a restore puts back the saved team roles on the teams the member is on now', async () => {
    const t = { type: 'member', id: DEMO.managerMemberId, email: 'evan@acme.example' } as const;
    const before = await h.api.getMember('acme', DEMO.managerMemberId);
    expect(before.teamRoles).toEqual([{ teamSlug: 'backend', role: null }, { teamSlug: 'data', role: null }]);
    const saved = [{ teamSlug: 'backend', role: 'admin' }, { teamSlug: 'left-since', role: 'admin' }];
    const p = await prepare(t, [change(t, 'orgRole', 'manager', 'member', { context: { restoreTeamRoles: saved } })]);
    // the journal keeps the live team roles, not the restored ones
    expect(p.marker).toEqual({ kind: 'member-role', teamRoles: before.teamRoles });
    await send(p);
    expect((await h.api.getMember('acme', DEMO.managerMemberId)).teamRoles).toEqual([{ teamSlug: 'backend', role: 'admin' }, { teamSlug: 'data', role: null }]);
  });

  it('with a token that acts as no user (an org token), the self-protection has no one to compare', async () => {
    const conn = { ...h.conn, whoami: { ...h.conn.whoami, user: null } };
    const self = { type: 'member', id: DEMO.ownerMemberId, email: 'alex@acme.example' } as const;
    const p = await prepare(self, [change(self, 'orgRole', 'owner', 'manager')], { conn });
    expect(p.localError).toBeUndefined();
    expect(p.fields).toEqual([{ field: 'orgRole', before: 'owner', after: 'manager' }]);
  });
});

describe('read-back and rollback details', () => {
  it('reports the member\'s teams when as many teams came back but not the same ones', async () => {
    const t = { type: 'member', id: DEMO.managerMemberId, email: 'evan@acme.example' } as const;
    const sent = (slugs: string[]) => ({ fields: [], marker: { kind: 'member-role' as const, teamRoles: slugs.map((teamSlug) => ({ teamSlug, role: null })) } });
    expect(await RESOURCES.member.write!.readBackExtra!(h.conn, t, sent(['backend', 'data']))).toEqual([]);
    expect(await RESOURCES.member.write!.readBackExtra!(h.conn, t, sent(['backend', 'sre']))).toEqual([{ field: 'teamRoles', live: ['backend', 'data'] }]);
  });

  it('a rollback deactivates the key the entry names by id, not another key of the project', async () => {
    const project = DEMO.multiKeyProject;
    const keys = (await h.api.listKeys('acme', project)).filter((x) => x.isActive);
    expect(keys.length).toBeGreaterThan(1);
    const k = keys[keys.length - 1]!;
    const entry = { marker: { kind: 'key-create', project, name: 'a name no key has', keyId: k.id }, target: { type: 'key', id: 'x', project }, checkIds: ['3.2.4'], controlId: '3.2' } as unknown as JournalEntry;
    const base = { seq: 1, checkIds: ['3.2.4'], target: { type: 'key', id: 'x', project } as const, description: 'd' };
    const plan = await RESOURCES.key.write!.planRestore!({ reader: fresh(), entry, target: base.target, cannotUndo: [], base });
    expect(plan?.restore?.[0]?.target).toEqual({ type: 'key', id: k.id, project, name: k.name });
    // an id that matches no key: found by name, else not at all
    const byName = { ...entry, marker: { kind: 'key-create', project, name: keys[0]!.name, keyId: 'no-such-id' } } as unknown as JournalEntry;
    expect((await RESOURCES.key.write!.planRestore!({ reader: fresh(), entry: byName, target: base.target, cannotUndo: [], base }))?.restore?.[0]?.target).toMatchObject({ id: keys[0]!.id });
  });

  it('withdraws a created invitation with the role it has now', async () => {
    const members = await h.api.listMembers('acme');
    const pending = members.find((m) => m.id === DEMO.freshInviteId)!;
    const t = { type: 'invitation', id: 'x', email: pending.email } as const;
    const base = { seq: 1, checkIds: ['2.3.4'], target: t, description: 'd' };
    const entry = { marker: { kind: 'invitation-create', email: pending.email, orgRole: 'owner', teamRoles: [] }, target: t, checkIds: ['2.3.4'], controlId: '2.3' } as unknown as JournalEntry;
    const plan = await RESOURCES.invitation.write!.planRestore!({ reader: fresh(), entry, target: t, cannotUndo: [], base });
    expect(plan?.restore).toEqual([{ checkId: '2.3.4', target: { type: 'invitation', id: pending.id, email: pending.email }, field: 'exists', before: true, after: false, risk: 'none', reversible: true, context: { email: pending.email, orgRole: pending.orgRole } }]);
  });

  it('explains an ignored key rate limit as a missing feature when the project cannot be read either', async () => {
    h.sim.faults.failNext({ method: 'GET', path: /\/projects\/$/ }, 500, 1);
    const unread = { projects: { ok: false, reason: 'x' } } as unknown as OrgState;
    const t = { type: 'key', id: 'k', project: DEMO.rateLimitedKeyProject } as const;
    expect(await RESOURCES.key.write!.whyIgnored!(h.conn, undefined as never, t, 'rateLimit', null, unread)).toBe(`rateLimit: project ${DEMO.rateLimitedKeyProject} lacks the rate-limits feature, so Sentry ignores rate limits on its keys (plan)`);
  });
});

describe('invitation: withdraw (DELETE) and invite (POST)', () => {
  it('withdraws an invitation and journals its role, email and teams from the live detail', async () => {
    const t = { type: 'invitation', id: DEMO.staleOwnerInviteId, email: 'planned@x.example' } as const;
    const detail = await h.api.getMember('acme', DEMO.staleOwnerInviteId);
    const p = await prepare(t, [change(t, 'exists', true, false, { context: { teamRoles: [{ teamSlug: 'from-plan', role: null }] } })], { method: 'DELETE' });
    expect(p.marker).toEqual({ kind: 'invitation-delete', email: detail.email, orgRole: 'owner', teamRoles: detail.teamRoles });
    await send(p);
    expect(await readLive(fresh(), t, 'exists')).toBe(false);
  });

  it('takes the teams from the plan when the member list (which has no teams) was read, else asks for the detail', async () => {
    const t = { type: 'invitation', id: DEMO.staleMemberInviteId, email: 'x@x.example' } as const;
    const listed = async () => {
      const r = fresh();
      await r.getMembers();
      return r;
    };
    const planned = [{ teamSlug: 'from-plan', role: null }];
    const fromPlan = await prepare(t, [change(t, 'exists', true, false, { context: { teamRoles: planned } })], { method: 'DELETE', reader: await listed() });
    expect(fromPlan.marker).toMatchObject({ kind: 'invitation-delete', teamRoles: planned });
    const detail = await h.api.getMember('acme', DEMO.staleMemberInviteId);
    const asked = await prepare(t, [change(t, 'exists', true, false)], { method: 'DELETE', reader: await listed() });
    expect(asked.marker).toMatchObject({ kind: 'invitation-delete', teamRoles: detail.teamRoles });
  });

  it('invites with the planned email, role and teams', async () => {
    const t = { type: 'invitation', id: 'new', email: 'target@acme.example' } as const;
    const p = await prepare(t, [change(t, 'exists', false, true, { context: { email: 'again@acme.example', orgRole: 'manager', teamRoles: [{ teamSlug: 'sre', role: null }] } })], { method: 'POST' });
    expect(p.marker).toEqual({ kind: 'invitation-create', email: 'again@acme.example', orgRole: 'manager', teamRoles: [{ teamSlug: 'sre', role: null }] });
    await send(p);
    const m = (await fresh().findMemberByEmail('again@acme.example'))!;
    expect([m.pending, m.orgRole]).toEqual([true, 'manager']);
    expect((await h.api.getMember('acme', m.id)).teamRoles).toEqual([{ teamSlug: 'sre', role: null }]);
    expect(await fresh().findMemberByEmail('target@acme.example')).toBeUndefined();
  });

  it('invites the target\'s email as a member on no team when the plan says no more', async () => {
    const t = { type: 'invitation', id: 'new', email: 'plain@acme.example' } as const;
    const p = await prepare(t, [change(t, 'exists', false, true)], { method: 'POST' });
    expect(p.marker).toEqual({ kind: 'invitation-create', email: 'plain@acme.example', orgRole: 'member', teamRoles: [] });
    await send(p);
    const m = (await fresh().findMemberByEmail('plain@acme.example'))!;
    expect([m.pending, m.orgRole]).toEqual([true, 'member']);
    expect((await h.api.getMember('acme', m.id)).teamRoles).toEqual([]);
  });
});

describe('project-team and spike protection', () => {
  it('links a team to a project with POST and unlinks it with DELETE', async () => {
    const t = { type: 'project-team', id: 'sre', project: DEMO.orphanProject } as const;
    await send(await prepare(t, [change(t, 'linked', false, true)], { method: 'POST' }));
    expect(await readLive(fresh(), t, 'linked')).toBe(true);
    await send(await prepare(t, [change(t, 'linked', true, false)], { method: 'DELETE' }));
    expect(await readLive(fresh(), t, 'linked')).toBe(false);
  });

  it('enables spike protection of the projects in a POST, and disables it in a DELETE', async () => {
    const t = { type: 'spike-protection', id: 'projects' } as const;
    const [off1, off2] = DEMO.spikeOffProjects;
    const on = (slug: string) => change(t, 'enabled', false, true, { context: { project: slug } });
    await send(await prepare(t, [on(off1!), on(off2!)], { method: 'POST' }));
    expect([await readLive(fresh(), t, 'enabled', off1), await readLive(fresh(), t, 'enabled', off2)]).toEqual([true, true]);
    const disable = await prepare(t, [change(t, 'enabled', true, false, { context: { project: DEMO.prodProject } })], { method: 'DELETE' });
    expect(disable.fields).toEqual([{ field: 'enabled', resource: DEMO.prodProject, before: true, after: false }]);
    await send(disable);
    expect(await readLive(fresh(), t, 'enabled', DEMO.prodProject)).toBe(false);
    expect(await readLive(fresh(), t, 'enabled', off1)).toBe(true);
  });
});

describe('organization: the 2FA requirement removes members without 2FA', () => {
  const org = { type: 'organization', id: 'acme' } as const;
  const require2fa = change(org, 'require2FA', false, true, { checkId: '1.2.1' });

  it('refuses, naming who would become an invitation, unless the check is allowed to be risky', async () => {
    const refused = prepare(org, [require2fa]);
    await expect(refused).rejects.toThrow(LocalRefusal);
    await expect(prepare(org, [require2fa])).rejects.toThrow('require2FA would now turn finley@acme.example into pending invitations: run again with --allow-risky 1.2.1 to apply it');
    const p = await prepare(org, [require2fa], { allowRisky: ['1.2.1'] });
    expect(p.marker).toEqual({ kind: 'two-factor-sweep', members: [{ id: DEMO.no2faMemberId, email: 'finley@acme.example', orgRole: 'manager' }] });
    await send(p);
    expect((await h.api.getOrganization('acme')).require2FA).toBe(true);
    expect((await h.api.getMember('acme', DEMO.no2faMemberId)).pending).toBe(true);
  });

  it('another check\'s opt-in does not allow it', async () => {
    await expect(prepare(org, [require2fa], { allowRisky: ['2.3.1'] })).rejects.toThrow(LocalRefusal);
  });

  it('never counts the acting user, and needs no opt-in when no one else lacks 2FA', async () => {
    const self = await harness({ token: 'ownerNo2fa' });
    try {
      const reader = new LiveReader(self.api, 'acme');
      const p = await writerOf('organization')!.prepare({ conn: self.conn, reader, req: { id: 'o', controlId: '1.2', checkIds: ['1.2.1'], target: org, method: 'PUT', description: '', changes: [require2fa], risk: 'none' }, target: org, session, allowRisky: new Set() });
      expect(p.marker).toEqual({ kind: 'two-factor-sweep', members: [] });
    } finally {
      await self.close();
    }
  });

  it('no sweep when 2FA is not being turned on', async () => {
    const p = await prepare(org, [change(org, 'allowJoinRequests', true, false)]);
    expect(p.marker).toBeUndefined();
    await send(p);
    expect((await h.api.getOrganization('acme')).allowJoinRequests).toBe(false);
  });
});

describe('org auth token: revoke only', () => {
  const t = { type: 'org-auth-token', id: DEMO_INTEGRATIONS.staleTokenId, name: 'Old deploy script' } as const;
  const w = () => RESOURCES['org-auth-token'].write!;

  it('reads whether a token exists and its fields; an unknown token does not exist', async () => {
    expect(await readLive(fresh(), t, 'exists')).toBe(true);
    expect(await readLive(fresh(), t, 'name')).toBe('Old deploy script');
    const unknown = { ...t, id: '999999' };
    expect(await readLive(fresh(), unknown, 'exists')).toBe(false);
    expect(await readLive(fresh(), unknown, 'name')).toBe(ABSENT);
  });

  it('revokes a token with DELETE and journals what it was', async () => {
    expect(w().method(change(t, 'exists', true, false))).toBe('DELETE');
    const p = await prepare(t, [change(t, 'exists', true, false)], { method: 'DELETE' });
    const live = await h.api.getOrgAuthToken('acme', t.id);
    expect(p.fields).toEqual([{ field: 'exists', before: true, after: false }]);
    expect(p.marker).toEqual({ kind: 'org-auth-token-revoke', name: 'Old deploy script', scopes: ['org:ci'], dateCreated: live.dateCreated, dateLastUsed: live.dateLastUsed });
    await send(p);
    expect(await readLive(fresh(), t, 'exists')).toBe(false);
    // already revoked: nothing to send
    expect(await prepare(t, [change(t, 'exists', true, false)], { method: 'DELETE' })).toEqual({ fields: [] });
    expect(w().absentMeansAfter!('exists', false)).toBe(true);
    expect(w().absentMeansAfter!('exists', true)).toBe(false);
  });

  it('refuses anything but a revoke', async () => {
    const refusal = 'refused: sentry-harden only revokes organization auth tokens; a revoked token cannot be created again';
    expect(await prepare(t, [change(t, 'exists', false, true)])).toEqual({ fields: [], localError: refusal });
    expect(await prepare(t, [change(t, 'name', 'a', false)])).toEqual({ fields: [], localError: refusal });
  });

  it('a rollback cannot bring a revoked token back: it says what was revoked and what to do', async () => {
    const base = { seq: 1, checkIds: ['2.4.1'], target: t, description: 'd' };
    const marker = { kind: 'org-auth-token-revoke', name: 'Old deploy script', scopes: ['org:ci', 'org:read'], dateCreated: '2025-01-02T03:04:05Z', dateLastUsed: '2025-06-07T08:09:10Z' };
    const entry = (m: unknown) => ({ marker: m, target: t, checkIds: ['2.4.1'], controlId: '2.4' }) as unknown as JournalEntry;
    // still live: the revoke did not take effect
    const still = await w().planRestore!({ reader: fresh(), entry: entry(marker), target: t, cannotUndo: [], base });
    expect(still).toEqual({ ...base, state: 'already-restored', fields: [{ field: 'exists', before: true, after: false, live: true }], message: 'organization auth token "Old deploy script" is still active (the revoke did not take effect)', restore: [] });
    await h.api.deleteOrgAuthToken('acme', t.id);
    const cannotUndo: string[] = [];
    const gone = await w().planRestore!({ reader: fresh(), entry: entry(marker), target: t, cannotUndo, base });
    expect(gone).toEqual({ ...base, state: 'cannot-undo', fields: [{ field: 'exists', before: true, after: false, live: false }], message: 'NOT RESTORED: a revoked organization auth token cannot be restored; create a new token for "Old deploy script" if it is still needed', restore: [] });
    expect(cannotUndo).toEqual([`Organization auth token "Old deploy script" (id ${t.id}; scopes org:ci, org:read; created 2025-01-02, last used 2025-06-07) was revoked: Sentry cannot restore a revoked token. If something still needs it, create a new organization token in Sentry (Settings > Auth Tokens) and replace the old one where it was used.`]);
    const never: string[] = [];
    await w().planRestore!({ reader: fresh(), entry: entry({ ...marker, scopes: [], dateLastUsed: null }), target: t, cannotUndo: never, base });
    expect(never[0]).toContain('(id 4002; no scopes; created 2025-01-02, never used)');
    expect(await w().planRestore!({ reader: fresh(), entry: entry({ kind: 'key-create', project: 'p', name: 'n' }), target: t, cannotUndo: [], base })).toBeUndefined();
  });
});

describe('invitation rollback words', () => {
  it('names a deleted invitation without teams as on no teams', async () => {
    const t = { type: 'invitation', id: 'x', email: 'x' } as const;
    const cannotUndo: string[] = [];
    const base = { seq: 1, checkIds: ['2.3.4'], target: t, description: 'd' };
    const plan = await RESOURCES.invitation.write!.planRestore!({ reader: fresh(), entry: { marker: { kind: 'invitation-delete', email: 'solo@acme.example', orgRole: 'member', teamRoles: [] }, target: t, checkIds: ['2.3.4'], controlId: '2.3' } as unknown as JournalEntry, target: t, cannotUndo, base });
    expect(plan?.message).toBe('re-invites solo@acme.example with role member and no teams');
    expect(cannotUndo[0]).toContain('(role member; no teams)');
    expect(plan?.restore).toEqual([{ checkId: '2.3.4', target: { type: 'invitation', id: 'x', email: 'solo@acme.example' }, field: 'exists', before: false, after: true, risk: 'none', reversible: true, context: { email: 'solo@acme.example', orgRole: 'member', teamRoles: [] } }]);
  });
});

describe('organization: the 2FA sweep as Sentry runs it', () => {
  // src/sentry/tasks/auth/auth.py OrganizationComplianceTask.remove_non_compliant_members: every
  // membership with a user whose user has no 2FA, users fetched by id without an is_active filter
  // (src/sentry/users/services/user/impl.py apply_filters) — a deactivated user is swept too.
  // Today's member list hides deactivated users (organization_member/index.py filters
  // user_is_active=True, and so does the simulator); a server that lists one is played here by
  // adding it to the list the reader read over HTTP.
  it('names a listed deactivated user without 2FA as swept, like steps/1.2 and Sentry', async () => {
    const reader = fresh();
    const listed = await reader.getMembers();
    const finley = listed.find((m) => m.id === DEMO.no2faMemberId)!;
    const deactivated = { ...finley, id: '7777', email: 'gone@acme.example', orgRole: 'member', user: { ...finley.user!, id: '777', email: 'gone@acme.example', isActive: false } };
    reader.getMembers = async () => [...listed, deactivated];
    const org = { type: 'organization', id: 'acme' } as const;
    const require2fa = change(org, 'require2FA', false, true, { checkId: '1.2.1' });
    await expect(prepare(org, [require2fa], { reader })).rejects.toThrow('require2FA would now turn finley@acme.example, gone@acme.example into pending invitations');
    const p = await prepare(org, [require2fa], { reader, allowRisky: ['1.2.1'] });
    expect(p.marker).toEqual({ kind: 'two-factor-sweep', members: [{ id: DEMO.no2faMemberId, email: 'finley@acme.example', orgRole: 'manager' }, { id: '7777', email: 'gone@acme.example', orgRole: 'member' }] });
  });
});
