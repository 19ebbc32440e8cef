// The resource adapters (src/engine/resources/): how each type is named, which request a change
// becomes, and what the live reads and the preparation of a write find — over real HTTP against
// the demo simulator (nothing is sent here: `prepare` returns the request without running it).
// Negative cases next to positive ones: an unknown project, key, filter or member reads as
// ABSENT or is refused, a value already live is not written, the acting user's role is never
// changed, a joined person's membership is never deleted as an invitation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABSENT, LiveReader } from '../../src/engine/live.js';
import { resourceKey, type RefOf, type ResourceType } from '../../src/engine/resources/adapter.js';
import { describeResource, namesOf, readLive, RESOURCES, spikeProject, writerOf } from '../../src/engine/resources/index.js';
import type { ApiRequest } from '../../src/engine/types.js';
import type { SnapshotSession } from '../../src/snapshots/store.js';
import { DEMO } from '../../src/simulator/seed-demo.js';
import type { PlannedChange, ResourceRef } from '../../steps/types.js';
import { harness, type Harness } from './helpers.js';

const change = (target: ResourceRef, field: string, after: unknown, extra: Partial<PlannedChange> = {}): PlannedChange => ({
  checkId: '9.9.9', target, field, before: null, after, risk: 'none', reversible: true, ...extra,
});
const request = (target: ResourceRef, changes: PlannedChange[], method: ApiRequest['method'] = 'PUT'): ApiRequest => ({
  id: resourceKey(target), controlId: '9.9', checkIds: ['9.9.9'], target, method, description: '', changes, risk: 'none',
});
const session = { shortId: 'abcd1234' } as SnapshotSession;

describe('names: each type\'s fallbacks and locations', () => {
  const key = { type: 'key', id: 'abcdef1234567890', project: 'web' } as const;
  it('names a key by its name, else by the first 8 characters of its id', () => {
    const n = namesOf('key');
    expect([n.describe({ ...key, name: 'Default' }), n.describe(key)]).toEqual(['key Default (web)', 'key abcdef12 (web)']);
    expect([n.inRequest({ ...key, name: 'Default' }), n.inRequest(key)]).toEqual(['key "Default" abcdef12 of web', 'key abcdef12 of web']);
    expect([n.short({ ...key, name: 'Default' }), n.short(key)]).toEqual(['web/Default', 'web/abcdef12']);
    expect(n.path('acme', key)).toBe('acme/project/web/key/abcdef1234567890');
    expect(n.uriSegments(key)).toEqual(['project', 'web', 'key', 'abcdef1234567890']);
    expect([n.subject(key), n.project(key)]).toEqual(['web', 'web']);
  });

  it.each(['member', 'invitation'] as const)('names a %s by email, else by id, and belongs to no project', (type) => {
    const n = namesOf(type) as ReturnType<typeof namesOf>;
    const withEmail = { type, id: '1010', email: 'a@x.example' } as ResourceRef;
    const without = { type, id: '1010', email: '' } as ResourceRef;
    expect([n.path('acme', withEmail), n.path('acme', without)]).toEqual([`acme/${type}/a@x.example`, `acme/${type}/1010`]);
    expect([n.uriSegments(withEmail), n.uriSegments(without)]).toEqual([[type, 'a@x.example'], [type, '1010']]);
    expect([n.subject(withEmail), n.subject(without)]).toEqual(['a@x.example', '1010']);
    expect([n.describe(withEmail), n.inRequest(withEmail), n.short(withEmail)]).toEqual([`${type} a@x.example`, `${type} a@x.example`, 'a@x.example']);
    expect(n.project(withEmail)).toBeNull();
  });

  it('places the organization at the root, with no subject and no project', () => {
    const n = namesOf('organization');
    const org = { type: 'organization', id: 'acme' } as const;
    expect([n.path('acme', org), n.uriSegments(org), n.subject(org), n.project(org)]).toEqual(['organization/acme', ['organization'], null, null]);
    expect(describeResource(org)).toBe('organization acme');
  });

  it('places project-level resources under their project', () => {
    const cases: [ResourceRef, string, string[], string | null, string | null][] = [
      [{ type: 'project', id: 'web' }, 'acme/project/web', ['project', 'web'], 'web', 'web'],
      [{ type: 'filter', id: 'legacy-browsers', project: 'web' }, 'acme/project/web/filter/legacy-browsers', ['project', 'web', 'filter', 'legacy-browsers'], 'web', 'web'],
      [{ type: 'project-team', id: 'sre', project: 'web' }, 'acme/project/web/team/sre', ['project', 'web', 'team', 'sre'], 'web', 'web'],
      [{ type: 'spike-protection', id: 'web' }, 'acme/spike-protection/web', ['spike-protection', 'web'], 'web', 'web'],
      [{ type: 'team', id: 'sre' }, 'acme/team/sre', ['team', 'sre'], 'sre', null],
      [{ type: 'auth-provider', id: 'saml2' }, 'acme/auth-provider/saml2', ['auth-provider', 'saml2'], 'saml2', null],
      [{ type: 'audit-log', id: 'acme' }, 'acme/audit-log/acme', ['audit-log', 'acme'], 'acme', null],
    ];
    for (const [r, path, segments, subject, project] of cases) {
      const n = namesOf(r.type);
      expect([n.path('acme', r), n.uriSegments(r), n.subject(r), n.project(r)], r.type).toEqual([path, segments, subject, project]);
    }
    expect(describeResource({ type: 'filter', id: 'localhost', project: 'web' })).toBe('filter localhost (web)');
    expect(describeResource({ type: 'project-team', id: 'sre', project: 'web' })).toBe('team sre on web');
    expect(namesOf('project-team').short({ type: 'project-team', id: 'sre', project: 'web' })).toBe('web ← team sre');
    expect(namesOf('filter').inRequest({ type: 'filter', id: 'localhost', project: 'web' })).toBe('filter localhost of web');
  });

  it('keys a resource by type, project and id', () => {
    expect(resourceKey({ type: 'key', id: 'k1', project: 'web' })).toBe('key:web:k1');
    expect(resourceKey({ type: 'organization', id: 'acme' })).toBe('organization::acme');
    expect(resourceKey({ type: 'project', id: 'web', name: 'Web' })).toBe('project::web');
  });
});

describe('writers: the request a change becomes', () => {
  const keyRef = { type: 'key', id: 'k1', project: 'web' } as const;
  const key = RESOURCES.key.write!;

  it('creates a replacement key with POST in a request of its own, and changes a key with PUT', () => {
    expect(key.method(change(keyRef, 'create', {}))).toBe('POST');
    expect(key.method(change(keyRef, 'isActive', false))).toBe('PUT');
    const create = key.group!(change(keyRef, 'create', {}), 'POST');
    const rate = key.group!(change(keyRef, 'rateLimit', { window: 60, count: 1 }), 'PUT');
    const active = key.group!(change(keyRef, 'isActive', false), 'PUT');
    expect(create).toEqual({ key: 'key:web:k1:create', target: keyRef });
    expect(rate).toEqual({ key: 'key:web:k1', target: keyRef });
    expect(active.key).toBe(rate.key);
  });

  it('needs no opt-in only for a new key, and describes only a rotation request', () => {
    expect(key.needsNoOptIn!(change(keyRef, 'create', {}))).toBe(true);
    expect(key.needsNoOptIn!(change(keyRef, 'isActive', false))).toBe(false);
    expect(key.describeRequest!(request(keyRef, [change(keyRef, 'create', {})], 'POST'))).toBe('new client key for web (rotation)');
    expect(key.describeRequest!(request(keyRef, [change(keyRef, 'isActive', false)]))).toBeUndefined();
    const project = { type: 'project', id: 'web' } as const;
    expect(key.describeRequest!(request(project, [change(keyRef, 'create', {})], 'POST'))).toBeUndefined();
  });

  it('deletes an invitation only when the change removes it, and links or unlinks a team by the value', () => {
    const inv = { type: 'invitation', id: '1900', email: 'x@y' } as const;
    expect(RESOURCES.invitation.write!.method(change(inv, 'exists', false))).toBe('DELETE');
    expect(RESOURCES.invitation.write!.method(change(inv, 'exists', true))).toBe('POST');
    const pt = { type: 'project-team', id: 'sre', project: 'web' } as const;
    expect(RESOURCES['project-team'].write!.method(change(pt, 'linked', true))).toBe('POST');
    expect(RESOURCES['project-team'].write!.method(change(pt, 'linked', false))).toBe('DELETE');
    for (const type of ['organization', 'project', 'member', 'filter'] as const) {
      expect(writerOf(type)!.method(change({ type: 'organization', id: 'acme' }, 'x', true)), type).toBe('PUT');
    }
  });

  it('groups spike protection of all projects into one request per direction', () => {
    const spike = RESOURCES['spike-protection'].write!;
    const a = change({ type: 'spike-protection', id: 'a' }, 'enabled', true);
    const b = change({ type: 'spike-protection', id: 'b' }, 'enabled', true);
    expect(spike.method(a)).toBe('POST');
    expect(spike.method(change({ type: 'spike-protection', id: 'a' }, 'enabled', false))).toBe('DELETE');
    expect(spike.group!(a, 'POST')).toEqual({ key: 'spike-protection::POST', target: { type: 'spike-protection', id: 'projects' } });
    expect(spike.group!(b, 'POST').key).toBe(spike.group!(a, 'POST').key);
    expect(spike.group!(a, 'DELETE').key).not.toBe(spike.group!(a, 'POST').key);
    expect(spike.describeRequest!(request({ type: 'spike-protection', id: 'projects' }, [a, b], 'POST'))).toBe('spike protection for a, b');
  });

  it('takes the project of a spike-protection change from its context when that names one', () => {
    const t = { type: 'spike-protection', id: 'projects' } as const;
    expect(spikeProject({ target: t, context: { project: 'web' } })).toBe('web');
    expect(spikeProject({ target: t })).toBe('projects');
    expect(spikeProject({ target: t, context: { project: 7 } })).toBe('projects');
  });

  it('restores spike protection per project, and a member\'s saved team roles only from a role entry', () => {
    const spike = RESOURCES['spike-protection'].write!;
    const t = { type: 'spike-protection', id: 'projects' } as const;
    expect(spike.restoreTarget!(t, 'web')).toEqual({ type: 'spike-protection', id: 'web' });
    expect(spike.restoreTarget!(t, undefined)).toBe(t);
    expect(spike.restoreContext!({} as never, 'web')).toEqual({ project: 'web' });
    expect(spike.restoreContext!({} as never, undefined)).toBeUndefined();
    const member = RESOURCES.member.write!;
    const teamRoles = [{ teamSlug: 'sre', role: null }];
    expect(member.restoreContext!({ marker: { kind: 'member-role', teamRoles } } as never, undefined)).toEqual({ restoreTeamRoles: teamRoles });
    expect(member.restoreContext!({ marker: { kind: 'invitation-delete' } } as never, undefined)).toBeUndefined();
    expect(member.restoreContext!({} as never, undefined)).toBeUndefined();
  });

  it('counts a deleted invitation that reads as gone as done, not a created one', () => {
    const inv = RESOURCES.invitation.write!;
    expect(inv.absentMeansAfter!('exists', false)).toBe(true);
    expect(inv.absentMeansAfter!('exists', true)).toBe(false);
  });

  it('has no writer for the types it only reports on', () => {
    for (const type of ['team', 'auth-provider', 'audit-log'] as ResourceType[]) expect(writerOf(type), type).toBeNull();
  });
});

describe('live reads and preparation against the simulator', () => {
  let h: Harness;
  let reader: LiveReader;
  const fresh = (): LiveReader => new LiveReader(h.api, 'acme');
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => {
    await h.close();
  });
  const ctx = <K extends ResourceType>(target: RefOf<K>, changes: PlannedChange[], method: ApiRequest['method'] = 'PUT') => ({
    conn: h.conn, reader: (reader = fresh()), req: request(target, changes, method), target, session, allowRisky: new Set<string>(),
  });

  it('reads nothing for a type it never writes', async () => {
    expect(await readLive(fresh(), { type: 'team', id: 'sre' }, 'x')).toBe(ABSENT);
  });

  it('reads a project field, and an unknown project as absent', async () => {
    expect(await readLive(fresh(), { type: 'project', id: DEMO.unlimitedCrashProject }, 'storeCrashReports')).toBe(-1);
    expect(await readLive(fresh(), { type: 'project', id: 'no-such-project' }, 'storeCrashReports')).toBe(ABSENT);
    const prepared = await RESOURCES.project.write!.prepare(ctx({ type: 'project', id: 'no-such-project' }, [change({ type: 'project', id: 'no-such-project' }, 'storeCrashReports', 0)]));
    expect(prepared).toEqual({ fields: [], localError: 'project no-such-project was not found' });
  });

  it('writes only the project fields that differ from the live value, and clears a PII config with ""', async () => {
    const t = { type: 'project', id: DEMO.unlimitedCrashProject } as const;
    const same = await RESOURCES.project.write!.prepare(ctx(t, [change(t, 'storeCrashReports', -1)]));
    expect(same.fields).toEqual([]);
    const differ = await RESOURCES.project.write!.prepare(ctx(t, [change(t, 'storeCrashReports', 0)]));
    expect(differ.fields).toEqual([{ field: 'storeCrashReports', before: -1, after: 0 }]);
  });

  it('reads an organization field as the org GET returns it', async () => {
    const org = await h.api.getOrganization('acme');
    expect(await readLive(fresh(), { type: 'organization', id: 'acme' }, 'require2FA')).toBe(org.require2FA);
    expect(await readLive(fresh(), { type: 'organization', id: 'acme' }, 'noSuchField')).toBeNull();
  });

  it('reads a key by id among its project\'s keys, an unknown one as absent, and refuses to change it', async () => {
    const keys = await h.api.listKeys('acme', DEMO.multiKeyProject);
    const k = keys[0]!;
    const t = { type: 'key', id: k.id, project: DEMO.multiKeyProject } as const;
    expect(await readLive(fresh(), t, 'isActive')).toBe(k.isActive);
    const unknown = { ...t, id: 'no-such-key' };
    expect(await readLive(fresh(), unknown, 'isActive')).toBe(ABSENT);
    expect(await RESOURCES.key.write!.prepare(ctx(unknown, [change(unknown, 'isActive', false)]))).toEqual({ fields: [], localError: `client key no-such-key of ${DEMO.multiKeyProject} was not found` });
    const same = await RESOURCES.key.write!.prepare(ctx(t, [change(t, 'isActive', k.isActive)]));
    expect(same.fields).toEqual([]);
    const flip = await RESOURCES.key.write!.prepare(ctx(t, [change(t, 'isActive', !k.isActive)]));
    expect(flip.fields).toEqual([{ field: 'isActive', before: k.isActive, after: !k.isActive }]);
  });

  it('prepares a rotation\'s new key from the old key\'s live rate limit, named with the session', async () => {
    const keys = await h.api.listKeys('acme', DEMO.rateLimitedKeyProject);
    const old = keys.find((k) => k.rateLimit)!;
    const t = { type: 'key', id: `rotation-of-${old.id}`, project: DEMO.rateLimitedKeyProject } as const;
    const prepared = await RESOURCES.key.write!.prepare(ctx(t, [change(t, 'create', { rateLimit: { window: 1, count: 1 } })], 'POST'));
    const after = prepared.fields[0]!.after as Record<string, unknown>;
    expect(prepared.fields[0]!.field).toBe('create');
    expect(after.rateLimit).toEqual(old.rateLimit);
    expect(after.name).toBe(`${old.name} rotated (sentry-harden abcd1234)`);
    expect(prepared.marker).toEqual({ kind: 'key-create', project: DEMO.rateLimitedKeyProject, name: after.name });
    // a name template with the session placeholder keeps its own wording
    const named = await RESOURCES.key.write!.prepare(ctx(t, [change(t, 'create', { name: 'new {session}' })], 'POST'));
    expect((named.fields[0]!.after as Record<string, unknown>).name).toBe('new abcd1234');
  });

  it('reads an inbound filter\'s value, the legacy-browser subfilters as true, a list or none', async () => {
    const filters = await h.api.listFilters('acme', DEMO.filtersOnProject);
    for (const f of filters) {
      const t = { type: 'filter', id: f.id, project: DEMO.filtersOnProject } as const;
      expect(await readLive(fresh(), t, 'active'), f.id).toEqual(f.active);
      const sub = await readLive(fresh(), t, 'subfilters');
      expect(sub, f.id).toEqual(Array.isArray(f.active) ? f.active : f.active === true ? true : []);
    }
    const unknown = { type: 'filter', id: 'no-such-filter', project: DEMO.filtersOnProject } as const;
    expect(await readLive(fresh(), unknown, 'active')).toBe(ABSENT);
    expect(await RESOURCES.filter.write!.prepare(ctx(unknown, [change(unknown, 'active', true)]))).toEqual({ fields: [], localError: `inbound filter no-such-filter of ${DEMO.filtersOnProject} was not found` });
  });

  it('reads a member\'s field, an unknown member as absent, and whether an invitation exists', async () => {
    expect(await readLive(fresh(), { type: 'member', id: DEMO.managerMemberId, email: '' }, 'orgRole')).toBe('manager');
    expect(await readLive(fresh(), { type: 'member', id: '999999', email: '' }, 'orgRole')).toBe(ABSENT);
    expect(await readLive(fresh(), { type: 'invitation', id: DEMO.staleOwnerInviteId, email: '' }, 'exists')).toBe(true);
    expect(await readLive(fresh(), { type: 'invitation', id: '999999', email: '' }, 'exists')).toBe(false);
    expect(await readLive(fresh(), { type: 'invitation', id: '999999', email: '' }, 'orgRole')).toBe(ABSENT);
    expect(await readLive(fresh(), { type: 'invitation', id: DEMO.staleOwnerInviteId, email: '' }, 'orgRole')).toBe('owner');
  });

  it('never changes the acting user\'s own role, and writes nothing when the role is already live', async () => {
    const self = { type: 'member', id: DEMO.ownerMemberId, email: 'me' } as const;
    const refused = await RESOURCES.member.write!.prepare(ctx(self, [change(self, 'orgRole', 'manager')]));
    expect(refused.localError).toBe('refused: sentry-harden never changes the acting user\'s own role (me)');
    expect(refused.send).toBeUndefined();
    const manager = { type: 'member', id: DEMO.managerMemberId, email: 'm' } as const;
    expect(await RESOURCES.member.write!.prepare(ctx(manager, [change(manager, 'orgRole', 'manager')]))).toEqual({ fields: [] });
    const demote = await RESOURCES.member.write!.prepare(ctx(manager, [change(manager, 'orgRole', 'member')]));
    expect(demote.fields).toEqual([{ field: 'orgRole', before: 'manager', after: 'member' }]);
    expect(demote.marker?.kind).toBe('member-role');
  });

  it('never deletes a joined person as an invitation, and does nothing for one already gone', async () => {
    const joined = { type: 'invitation', id: DEMO.managerMemberId, email: 'm@x' } as const;
    const refused = await RESOURCES.invitation.write!.prepare(ctx(joined, [change(joined, 'exists', false)], 'DELETE'));
    expect(refused).toEqual({ fields: [], localError: 'refused: m@x is no longer an invitation (they joined)' });
    const gone = { type: 'invitation', id: '999999', email: 'g@x' } as const;
    expect(await RESOURCES.invitation.write!.prepare(ctx(gone, [change(gone, 'exists', false)], 'DELETE'))).toEqual({ fields: [] });
    const stale = { type: 'invitation', id: DEMO.staleOwnerInviteId, email: 's@x' } as const;
    const del = await RESOURCES.invitation.write!.prepare(ctx(stale, [change(stale, 'exists', false)], 'DELETE'));
    expect(del.fields).toEqual([{ field: 'exists', before: true, after: false }]);
    expect(del.marker).toMatchObject({ kind: 'invitation-delete', orgRole: 'owner' });
  });

  it('does not re-invite an email that is in the organization', async () => {
    const members = await h.api.listMembers('acme');
    const present = members.find((m) => m.id === DEMO.managerMemberId)!;
    const t = { type: 'invitation', id: 'new', email: present.email } as const;
    expect(await RESOURCES.invitation.write!.prepare(ctx(t, [change(t, 'exists', true, { context: { email: present.email.toUpperCase() } })], 'POST'))).toEqual({ fields: [] });
    const fresh = { type: 'invitation', id: 'new', email: 'nobody-yet@acme.example' } as const;
    const invite = await RESOURCES.invitation.write!.prepare(ctx(fresh, [change(fresh, 'exists', true, { context: { orgRole: 'manager', teamRoles: [] } })], 'POST'));
    expect(invite.fields).toEqual([{ field: 'exists', before: false, after: true }]);
    expect(invite.marker).toEqual({ kind: 'invitation-create', email: 'nobody-yet@acme.example', orgRole: 'manager', teamRoles: [] });
  });

  it('reads a team\'s link to a project, and an unknown project as absent', async () => {
    const project = await fresh().getProject(DEMO.prodProject);
    const linkedTeam = project!.teams[0]!.slug;
    expect(await readLive(fresh(), { type: 'project-team', id: linkedTeam, project: DEMO.prodProject }, 'linked')).toBe(true);
    expect(await readLive(fresh(), { type: 'project-team', id: linkedTeam, project: DEMO.orphanProject }, 'linked')).toBe(false);
    const unknown = { type: 'project-team', id: linkedTeam, project: 'no-such-project' } as const;
    expect(await readLive(fresh(), unknown, 'linked')).toBe(ABSENT);
    expect(await RESOURCES['project-team'].write!.prepare(ctx(unknown, [change(unknown, 'linked', false)], 'DELETE'))).toEqual({ fields: [], localError: 'project no-such-project was not found' });
    const t = { type: 'project-team', id: linkedTeam, project: DEMO.prodProject } as const;
    expect((await RESOURCES['project-team'].write!.prepare(ctx(t, [change(t, 'linked', true)], 'POST'))).fields).toEqual([]);
    expect((await RESOURCES['project-team'].write!.prepare(ctx(t, [change(t, 'linked', false)], 'DELETE'))).fields).toEqual([{ field: 'linked', before: true, after: false }]);
  });

  it('reads spike protection per project and prepares only the projects whose value differs', async () => {
    const t = { type: 'spike-protection', id: 'projects' } as const;
    const off = DEMO.spikeOffProjects[0];
    expect(await readLive(fresh(), { type: 'spike-protection', id: off }, 'enabled')).toBe(false);
    expect(await readLive(fresh(), t, 'enabled', DEMO.prodProject)).toBe(true);
    expect(await readLive(fresh(), { type: 'spike-protection', id: 'no-such-project' }, 'enabled')).toBe(ABSENT);
    const enable = (slug: string) => change(t, 'enabled', true, { context: { project: slug } });
    const prepared = await RESOURCES['spike-protection'].write!.prepare(ctx(t, [enable(off), enable(DEMO.prodProject), enable('no-such-project')], 'POST'));
    expect(prepared.fields).toEqual([{ field: 'enabled', resource: off, before: false, after: true }]);
  });
});
