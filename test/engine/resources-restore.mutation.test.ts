// The adapters' read-back, rollback planning and explanations, over real HTTP against the demo
// simulator (nothing is written except the keys and invitations a test creates for itself).
// A replacement key is found by its session name and must carry the old key's rate limit and SDK
// settings; a rollback deactivates it (keys are never deleted). A deleted invitation cannot be
// restored: rollback sends a new one and says so. Sentry ignores a key rate limit on a project
// without the `rate-limits` feature, and `defaultRole` from anyone but an owner with org:admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABSENT, LiveReader } from '../../src/engine/live.js';
import { RESOURCES } from '../../src/engine/resources/index.js';
import type { Prepared } from '../../src/engine/resources/index.js';
import type { JournalEntry } from '../../src/snapshots/schema.js';
import { DEMO } from '../../src/simulator/seed-demo.js';
import type { OrgState } from '../../src/state/types.js';
import { harness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.close();
});
const reader = (): LiveReader => new LiveReader(h.api, 'acme');
const base = { seq: 1, checkIds: ['9.9.9'], target: { type: 'organization', id: 'acme' } as const, description: 'd' };
const entry = (marker: unknown): JournalEntry => ({ marker, target: base.target, checkIds: ['2.3.4'], controlId: '2.3' }) as unknown as JournalEntry;

describe('key: read-back and rollback of a replacement key', () => {
  const project = DEMO.rateLimitedKeyProject;
  const prepared = (name: string, after: Record<string, unknown>): Prepared => ({ fields: [{ field: 'create', before: null, after }], marker: { kind: 'key-create', project, name } });
  const t = { type: 'key', id: 'rotation', project } as const;

  it('reads back a missing key as not created, and an unrelated preparation not at all', async () => {
    expect(await RESOURCES.key.write!.readBack!(reader(), t, prepared('never-made', {}))).toEqual({ allAfter: false, noneChanged: true, ignored: [{ field: 'create', live: ABSENT }] });
    expect(await RESOURCES.key.write!.readBack!(reader(), t, { fields: [] })).toBeUndefined();
  });

  it('reads back a created key: done when it carries the rate limit, SDK version and loader options, else names what is missing', async () => {
    const k = await h.api.createKey('acme', project, { name: 'rb-1', rateLimit: { window: 60, count: 100 } });
    await h.api.updateKey('acme', project, k.id, { browserSdkVersion: '7.x' });
    const live = (await h.api.listKeys('acme', project)).find((x) => x.id === k.id)!;
    const ok = await RESOURCES.key.write!.readBack!(reader(), t, prepared('rb-1', { rateLimit: { window: 60, count: 100 }, browserSdkVersion: '7.x', dynamicSdkLoaderOptions: live.dynamicSdkLoaderOptions }));
    expect(ok).toEqual({ allAfter: true, noneChanged: false, ignored: [], keyId: k.id });
    const off = await RESOURCES.key.write!.readBack!(reader(), t, prepared('rb-1', { rateLimit: { window: 60, count: 5 }, browserSdkVersion: '8.x', dynamicSdkLoaderOptions: { hasReplay: !live.dynamicSdkLoaderOptions?.hasReplay } }));
    expect(off?.allAfter).toBe(false);
    expect(off?.ignored.map((i) => i.field)).toEqual(['rateLimit', 'browserSdkVersion', 'dynamicSdkLoaderOptions']);
    expect(off?.ignored[0]?.live).toEqual({ window: 60, count: 100 });
    // no rate limit, SDK version or loader asked for: nothing to compare
    expect(await RESOURCES.key.write!.readBack!(reader(), t, prepared('rb-1', { rateLimit: null }))).toEqual({ allAfter: true, noneChanged: false, ignored: [], keyId: k.id });
  });

  it('plans to deactivate the new key on rollback, found by id or name; nothing when it is gone or inactive', async () => {
    const k = await h.api.createKey('acme', project, { name: 'rb-2' });
    const plan = await RESOURCES.key.write!.planRestore!({ reader: reader(), entry: entry({ kind: 'key-create', project, name: 'rb-2' }), target: t, cannotUndo: [], base });
    expect(plan).toMatchObject({ state: 'restorable', message: 'deactivates the new key "rb-2" (never deletes it)', fields: [{ field: 'isActive', before: false, after: true, live: true }] });
    expect(plan?.restore).toEqual([expect.objectContaining({ target: { type: 'key', id: k.id, project, name: 'rb-2' }, field: 'isActive', before: true, after: false })]);
    const byId = await RESOURCES.key.write!.planRestore!({ reader: reader(), entry: entry({ kind: 'key-create', project, name: 'renamed', keyId: k.id }), target: t, cannotUndo: [], base });
    expect(byId?.state).toBe('restorable');
    const never = await RESOURCES.key.write!.planRestore!({ reader: reader(), entry: entry({ kind: 'key-create', project, name: 'rb-none' }), target: t, cannotUndo: [], base });
    expect(never).toMatchObject({ state: 'already-restored', message: 'the key "rb-none" was never created', restore: [], fields: [{ live: 'absent' }] });
    await h.api.updateKey('acme', project, k.id, { isActive: false });
    const inactive = await RESOURCES.key.write!.planRestore!({ reader: reader(), entry: entry({ kind: 'key-create', project, name: 'rb-2' }), target: t, cannotUndo: [], base });
    expect(inactive).toMatchObject({ state: 'already-restored', message: 'the key "rb-2" is already inactive', restore: [] });
    expect(await RESOURCES.key.write!.planRestore!({ reader: reader(), entry: entry(undefined), target: t, cannotUndo: [], base })).toBeUndefined();
  });

  it('explains an ignored rate limit by the project\'s missing rate-limits feature, from the state or read live', async () => {
    const why = RESOURCES.key.write!.whyIgnored!;
    const state = (features: string[]) => ({ projects: { ok: true, value: [{ slug: 'p', features }] } }) as unknown as OrgState;
    const kp = { type: 'key', id: 'k', project: 'p' } as const;
    expect(await why(h.conn, undefined as never, kp, 'rateLimit', null, state([]))).toBe('rateLimit: project p lacks the rate-limits feature, so Sentry ignores rate limits on its keys (plan)');
    expect(await why(h.conn, undefined as never, kp, 'rateLimit', null, state(['rate-limits']))).toBeUndefined();
    expect(await why(h.conn, undefined as never, kp, 'isActive', null, state([]))).toBeUndefined();
    const unread = { projects: { ok: false, reason: 'x' } } as unknown as OrgState;
    const noFeature = { type: 'key', id: 'k', project: DEMO.noRateLimitFeatureProject } as const;
    expect(await why(h.conn, undefined as never, noFeature, 'rateLimit', null, unread)).toMatch(/^rateLimit: project ingest-gateway lacks the rate-limits feature/);
    expect(await why(h.conn, undefined as never, { ...noFeature, project: DEMO.rateLimitedKeyProject }, 'rateLimit', null, unread)).toBeUndefined();
  });
});

describe('invitation: rollback of a deletion or a creation', () => {
  const t = { type: 'invitation', id: 'x', email: 'x' } as const;
  it('re-invites a deleted invitation with its role and teams, saying it cannot be restored; nothing when the person is back', async () => {
    const cannotUndo: string[] = [];
    const teamRoles = [{ teamSlug: 'sre', role: null }];
    const plan = await RESOURCES.invitation.write!.planRestore!({ reader: reader(), entry: entry({ kind: 'invitation-delete', email: 'gone@acme.example', orgRole: 'owner', teamRoles }), target: t, cannotUndo, base });
    expect(plan).toMatchObject({ state: 'restorable', message: 're-invites gone@acme.example with role owner and sre', fields: [{ field: 'exists', before: true, after: false, live: false }] });
    expect(plan?.restore?.[0]).toMatchObject({ field: 'exists', before: false, after: true, context: { email: 'gone@acme.example', orgRole: 'owner', teamRoles } });
    expect(cannotUndo[0]).toMatch(/^Invitation for gone@acme\.example \(role owner; sre\) was deleted: Sentry cannot restore it/);
    const members = await h.api.listMembers('acme');
    const present = members.find((m) => m.id === DEMO.managerMemberId)!;
    const back = await RESOURCES.invitation.write!.planRestore!({ reader: reader(), entry: entry({ kind: 'invitation-delete', email: present.email, orgRole: 'manager', teamRoles: [] }), target: t, cannotUndo: [], base });
    expect(back).toMatchObject({ state: 'already-restored', message: `${present.email} is in the organization again`, restore: [] });
    const noTeams: string[] = [];
    await RESOURCES.invitation.write!.planRestore!({ reader: reader(), entry: entry({ kind: 'invitation-delete', email: 'g2@acme.example', orgRole: 'member', teamRoles: [{ teamSlug: 'a', role: 'admin' }, { teamSlug: 'b', role: null }] }), target: t, cannotUndo: noTeams, base });
    expect(noTeams[0]).toContain('(role member; a (admin), b)');
  });

  it('withdraws a created invitation still pending, leaves one accepted, and nothing for one already gone', async () => {
    const members = await h.api.listMembers('acme');
    const pending = members.find((m) => m.id === DEMO.freshInviteId)!;
    const joined = members.find((m) => m.id === DEMO.managerMemberId)!;
    const undo = await RESOURCES.invitation.write!.planRestore!({ reader: reader(), entry: entry({ kind: 'invitation-create', email: pending.email, orgRole: 'member', teamRoles: [] }), target: t, cannotUndo: [], base });
    expect(undo).toMatchObject({ state: 'restorable', fields: [{ live: true }] });
    expect(undo?.restore?.[0]).toMatchObject({ target: { type: 'invitation', id: pending.id, email: pending.email }, field: 'exists', before: true, after: false });
    const accepted = await RESOURCES.invitation.write!.planRestore!({ reader: reader(), entry: entry({ kind: 'invitation-create', email: joined.email, orgRole: 'member', teamRoles: [] }), target: t, cannotUndo: [], base });
    expect(accepted).toMatchObject({ state: 'cannot-undo', message: `${joined.email} accepted the invitation; remove the member in Sentry if that was not wanted`, restore: [] });
    const gone = await RESOURCES.invitation.write!.planRestore!({ reader: reader(), entry: entry({ kind: 'invitation-create', email: 'none@acme.example', orgRole: 'member', teamRoles: [] }), target: t, cannotUndo: [], base });
    expect(gone).toMatchObject({ state: 'already-restored', restore: [], fields: [{ live: false }] });
    expect(await RESOURCES.invitation.write!.planRestore!({ reader: reader(), entry: entry(undefined), target: t, cannotUndo: [], base })).toBeUndefined();
  });

  it('reads back a created invitation by its email', async () => {
    const members = await h.api.listMembers('acme');
    const pending = members.find((m) => m.id === DEMO.freshInviteId)!;
    const mk = (email: string): Prepared => ({ fields: [], marker: { kind: 'invitation-create', email, orgRole: 'member', teamRoles: [] } });
    expect(await RESOURCES.invitation.write!.readBack!(reader(), t, mk(pending.email))).toEqual({ allAfter: true, noneChanged: false, ignored: [] });
    expect(await RESOURCES.invitation.write!.readBack!(reader(), t, mk('none@acme.example'))).toEqual({ allAfter: false, noneChanged: true, ignored: [{ field: 'exists', live: false }] });
    expect(await RESOURCES.invitation.write!.readBack!(reader(), t, { fields: [] })).toBeUndefined();
  });
});

describe('member and organization: what the server did besides the field', () => {
  it('reports the member\'s teams when they differ from the teams the role change sent', async () => {
    const detail = await h.api.getMember('acme', DEMO.managerMemberId);
    const teams = (detail.teamRoles ?? []).map((r) => r.teamSlug);
    const t = { type: 'member', id: DEMO.managerMemberId, email: 'm' } as const;
    const sent = (slugs: string[]): Prepared => ({ fields: [], marker: { kind: 'member-role', teamRoles: slugs.map((teamSlug) => ({ teamSlug, role: null })) } });
    expect(await RESOURCES.member.write!.readBackExtra!(h.conn, t, sent(teams))).toEqual([]);
    expect(await RESOURCES.member.write!.readBackExtra!(h.conn, t, sent([...teams, 'extra']))).toEqual([{ field: 'teamRoles', live: teams }]);
    expect(teams.length).toBeGreaterThan(0);
    expect(await RESOURCES.member.write!.readBackExtra!(h.conn, t, sent(teams.slice(1)))).toEqual([{ field: 'teamRoles', live: teams }]);
    expect(await RESOURCES.member.write!.readBackExtra!(h.conn, t, { fields: [] })).toEqual([]);
  });

  it('explains an ignored defaultRole by the token scope or the role, and nothing for an owner with org:admin', async () => {
    const why = RESOURCES.organization.write!.whyIgnored!;
    const conn = (scopes?: string[]) => ({ ...h.conn, whoami: { ...h.conn.whoami, scopes } }) as never;
    const state = (orgRole?: string) => ({ org: { ok: true, value: { orgRole } } }) as unknown as OrgState;
    const o = { type: 'organization', id: 'acme' } as const;
    expect(await why(conn(['org:admin']), undefined as never, o, 'defaultRole', null, state('owner'))).toBeUndefined();
    expect(await why(conn(undefined), undefined as never, o, 'defaultRole', null, state('owner'))).toBeUndefined();
    expect(await why(conn(['org:write']), undefined as never, o, 'defaultRole', null, state('owner'))).toBe('defaultRole: owner-only; Sentry ignores it from a token without org:admin (use an owner\'s token)');
    expect(await why(conn(['org:admin']), undefined as never, o, 'defaultRole', null, state('manager'))).toBe('defaultRole: owner-only; Sentry ignores it from a manager (use an owner\'s token)');
    expect(await why(conn(['org:admin']), undefined as never, o, 'defaultRole', null, { org: { ok: false } } as unknown as OrgState)).toBeUndefined();
    expect(await why(conn(['org:write']), undefined as never, o, 'require2FA', null, state('manager'))).toBeUndefined();
  });
});
