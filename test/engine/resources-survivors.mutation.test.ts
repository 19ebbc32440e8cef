// Cases the first after-run of session 5 showed untested (/tmp/s5mut/s5-m4/after-1.table.txt),
// against a fresh demo simulator over real HTTP: who may opt in to the 2FA sweep and which check
// the refusal names, an org token (no user) as the acting identity, list merges that keep the live
// order, values that are not merged, the legacy-browser filter switched to "every browser" from a
// list that changed, a role change of an invitation (no user), a team that is not linked next to
// ones that are, a project option set back to the organization's (null), and the read-back of a
// replacement key naming the live values. Sources as in resources-writes.mutation.test.ts:
// organization_details.py / tasks/auth/auth.py (the sweep), inbound_filters.py (legacy browsers),
// project_details.py, project_key_details.py, organization_member/details.py.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveReader } from '../../src/engine/live.js';
import { changedFields, LocalRefusal } from '../../src/engine/resources/fields.js';
import { readLive, RESOURCES } from '../../src/engine/resources/index.js';
import type { JournalEntry } from '../../src/snapshots/schema.js';
import { DEMO } from '../../src/simulator/seed-demo.js';
import type { OrgState } from '../../src/state/types.js';
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
const org = { type: 'organization', id: 'acme' } as const;

describe('organization: the 2FA sweep\'s opt-in', () => {
  it('journals require2FA as a field of the organization PUT', async () => {
    const p = await prepare(org, [change(org, 'require2FA', false, true, { checkId: '1.2.1' })], { allowRisky: ['1.2.1'] });
    expect(p.fields).toEqual([{ field: 'require2FA', before: false, after: true }]);
  });

  it('only the check that sets require2FA can opt in, and the refusal names that check', async () => {
    const other = change(org, 'allowJoinRequests', true, false, { checkId: '2.1.1' });
    const sweep = change(org, 'require2FA', false, true, { checkId: '9.1.1' });
    await expect(prepare(org, [other, sweep], { allowRisky: ['2.1.1'] })).rejects.toThrow('run again with --allow-risky 9.1.1 to apply it');
    await expect(prepare(org, [other, sweep], { allowRisky: ['2.1.1'] })).rejects.toThrow(LocalRefusal);
    expect((await prepare(org, [other, sweep], { allowRisky: ['9.1.1'] })).fields).toHaveLength(2);
  });

  it('one of two checks setting require2FA being allowed is enough', async () => {
    const a = change(org, 'require2FA', false, true, { checkId: '1.2.1' });
    const b = change(org, 'require2FA', false, true, { checkId: '9.1.1' });
    const p = await prepare(org, [a, b], { allowRisky: ['9.1.1'] });
    expect(p.fields).toEqual([{ field: 'require2FA', before: false, after: true }]);
  });

  it('with an org token (no user) everyone without 2FA is counted', async () => {
    const conn = { ...h.conn, whoami: { ...h.conn.whoami, user: null } };
    const p = await prepare(org, [change(org, 'require2FA', false, true, { checkId: '1.2.1' })], { conn, allowRisky: ['1.2.1'] });
    expect(p.marker).toEqual({ kind: 'two-factor-sweep', members: [{ id: DEMO.no2faMemberId, email: 'finley@acme.example', orgRole: 'manager' }] });
  });

  it('a rollback entry without a sweep marker names no one', async () => {
    const cannotUndo: string[] = [];
    const entry = { target: org, checkIds: ['1.2.1'], controlId: '1.2' } as unknown as JournalEntry;
    expect(await RESOURCES.organization.write!.afterRestorePlan!({ reader: fresh(), entry, target: org, cannotUndo, base: { seq: 1, checkIds: ['1.2.1'], target: org, description: 'd' } }, [])).toBeUndefined();
    expect(cannotUndo).toEqual([]);
    const token = { type: 'org-auth-token', id: '4002', name: 'n' } as const;
    expect(await RESOURCES['org-auth-token'].write!.planRestore!({ reader: fresh(), entry: { ...entry, target: token } as JournalEntry, target: token, cannotUndo, base: { seq: 1, checkIds: ['2.4.1'], target: token, description: 'd' } })).toBeUndefined();
  });
});

describe('fields: what is merged and what is not', () => {
  const run = (changes: PlannedChange[], live: Record<string, unknown>) => [...changedFields(changes, live)].map(({ c, before, after }) => ({ field: c.field, before, after }));
  it('drops entries of a live list that are not strings before merging', () => {
    expect(run([change(org, 'sensitiveFields', [], ['b'])], { sensitiveFields: ['a', 7] })).toEqual([{ field: 'sensitiveFields', before: ['a', 7], after: ['a', 'b'] }]);
  });

  it('a list still as planned is sent in the plan\'s order; a merge keeps the live order', () => {
    expect(run([change(org, 'safeFields', ['a', 'b'], ['c', 'a'])], { safeFields: ['b', 'a'] })).toEqual([{ field: 'safeFields', before: ['b', 'a'], after: ['c', 'a'] }]);
    expect(run([change(org, 'safeFields', ['a'], ['c', 'a'])], { safeFields: ['b', 'a'] })).toEqual([{ field: 'safeFields', before: ['b', 'a'], after: ['b', 'a', 'c'] }]);
  });

  it('a field that is not merged is set as planned even when its value is a list', () => {
    expect(run([change(org, 'replayAccessUserIds', ['1'], ['2'])], { replayAccessUserIds: ['1', '3'] })).toEqual([{ field: 'replayAccessUserIds', before: ['1', '3'], after: ['2'] }]);
  });

  it('adds relays to an organization that has none (the field unset)', () => {
    const r = { publicKey: 'k', name: 'edge' };
    expect(run([change(org, 'trustedRelays', [], [r])], {})).toEqual([{ field: 'trustedRelays', before: null, after: [r] }]);
  });

  it('validates only relayPiiConfig as a PII config: other text fields are sent as they are', () => {
    expect(run([change(org, 'defaultRole', 'admin', 'member')], { defaultRole: 'admin' })).toEqual([{ field: 'defaultRole', before: 'admin', after: 'member' }]);
  });
});

describe('adapters: cases next to the tested ones', () => {
  it('legacy browsers: "every browser" planned over a list that changed since the plan is sent as active: true', async () => {
    const t = { type: 'filter', id: 'legacy-browsers', project: DEMO.filtersOnProject } as const;
    const p = await prepare(t, [change(t, 'subfilters', ['ie'], true)]);
    expect(p.fields).toEqual([{ field: 'subfilters', before: ['chrome', 'edge', 'firefox', 'ie', 'safari'], after: true }]);
    await p.send!();
    expect((await h.api.listFilters('acme', DEMO.filtersOnProject)).find((f) => f.id === 'legacy-browsers')!.active).toBe(true);
  });

  it('changes the role of an invitation (a membership without a user) without taking it for the acting user', async () => {
    const t = { type: 'member', id: DEMO.freshInviteId, email: 'x' } as const;
    const before = await h.api.getMember('acme', DEMO.freshInviteId);
    expect(before.user ?? null).toBeNull();
    const to = before.orgRole === 'manager' ? 'member' : 'manager';
    const p = await prepare(t, [change(t, 'orgRole', before.orgRole, to)]);
    expect(p.fields).toEqual([{ field: 'orgRole', before: before.orgRole, after: to }]);
  });

  it('a team that is not linked to a project with other teams reads as not linked', async () => {
    const project = (await fresh().getProject(DEMO.prodProject))!;
    expect(project.teams.length).toBeGreaterThan(0);
    const linked = new Set(project.teams.map((x) => x.slug));
    const other = (await h.api.listTeams('acme')).map((x) => x.slug).find((s) => !linked.has(s))!;
    expect(await readLive(fresh(), { type: 'project-team', id: other, project: DEMO.prodProject }, 'linked')).toBe(false);
  });

  it('sets a project option back to the organization\'s (null) as null, not as a PII-config clear', async () => {
    const t = { type: 'project', id: DEMO.unlimitedCrashProject } as const;
    const p = await prepare(t, [change(t, 'storeCrashReports', -1, null)]);
    expect(p.fields).toEqual([{ field: 'storeCrashReports', before: -1, after: null }]);
    await p.send!();
    expect(await readLive(fresh(), t, 'storeCrashReports')).toBeNull();
  });

  it('a replacement key\'s read-back names the live SDK version and loader options, and any loader option that differs', async () => {
    const project = DEMO.rateLimitedKeyProject;
    const k = await h.api.createKey('acme', project, { name: 'rb-x' });
    const live = (await h.api.listKeys('acme', project)).find((x) => x.id === k.id)!;
    const t = { type: 'key', id: 'rotation', project } as const;
    const loader = live.dynamicSdkLoaderOptions ?? {};
    const firstName = Object.keys(loader)[0]!;
    // two options, only the second differs
    const want = { ...loader, [firstName]: loader[firstName as keyof typeof loader], hasDebug: !loader.hasDebug };
    const rb = await RESOURCES.key.write!.readBack!(fresh(), t, { fields: [{ field: 'create', before: null, after: { browserSdkVersion: live.browserSdkVersion === '7.x' ? '8.x' : '7.x', dynamicSdkLoaderOptions: want } }], marker: { kind: 'key-create', project, name: 'rb-x' } });
    expect(rb?.ignored).toEqual([{ field: 'browserSdkVersion', live: live.browserSdkVersion }, { field: 'dynamicSdkLoaderOptions', live: live.dynamicSdkLoaderOptions }]);
  });

  it('explains an ignored rate limit by the key\'s own project among several in the state', async () => {
    const state = { projects: { ok: true, value: [{ slug: 'other', features: ['rate-limits'] }, { slug: 'p', features: [] }] } } as unknown as OrgState;
    const t = { type: 'key', id: 'k', project: 'p' } as const;
    expect(await RESOURCES.key.write!.whyIgnored!(h.conn, undefined as never, t, 'rateLimit', null, state)).toBe('rateLimit: project p lacks the rate-limits feature, so Sentry ignores rate limits on its keys (plan)');
  });

  it('a created invitation\'s rollback journals its existence as created', async () => {
    const members = await h.api.listMembers('acme');
    const pending = members.find((m) => m.id === DEMO.freshInviteId)!;
    const t = { type: 'invitation', id: 'x', email: pending.email } as const;
    const entry = { marker: { kind: 'invitation-create', email: pending.email, orgRole: 'member', teamRoles: [] }, target: t, checkIds: ['2.3.4'], controlId: '2.3' } as unknown as JournalEntry;
    const plan = await RESOURCES.invitation.write!.planRestore!({ reader: fresh(), entry, target: t, cannotUndo: [], base: { seq: 1, checkIds: ['2.3.4'], target: t, description: 'd' } });
    expect(plan?.fields).toEqual([{ field: 'exists', before: false, after: true, live: true }]);
  });
});
