import { describe, expect, it } from 'vitest';
import { DEMO } from '../../src/simulator/index.js';
import { call, sim, walk } from './helpers.js';

const ORG = `/api/0/organizations/${DEMO.org}`;

describe('members', () => {
  it('the demo roster matches the documented seed', async () => {
    const s = await sim();
    const { items } = await walk(s, `${ORG}/members/`);
    // 31 rows in the seed; the deactivated user's row is not listed (user_is_active filter)
    expect(items).toHaveLength(31 - 1);
    const members = items.filter((m) => !m.pending);
    const owners = members.filter((m) => m.orgRole === 'owner');
    expect(owners).toHaveLength(4);
    const no2fa = members.filter((m) => m.user && !m.user.has2fa);
    expect(no2fa.map((m) => m.id)).toEqual([DEMO.no2faMemberId]);
    expect(no2fa[0]?.orgRole).toBe('manager');
    expect(members.find((m) => m.id === DEMO.adminRoleMemberId)?.orgRole).toBe('admin');
    expect(members.find((m) => m.id === DEMO.deactivatedMemberId)).toBeUndefined();
    expect(s.state.members.get(DEMO.deactivatedMemberId)).toBeDefined();
    const stale = items.find((m) => m.id === DEMO.staleOwnerInviteId);
    expect(stale).toMatchObject({ pending: true, user: null, orgRole: 'owner' });
    expect(Date.now() - Date.parse(stale.dateCreated)).toBeGreaterThan(19 * 86_400_000);
    expect(items.find((m) => m.id === DEMO.staleMemberInviteId)).toMatchObject({ pending: true, user: null, orgRole: 'member' });
    expect(members.every((m) => m.flags['sso:linked'] === false)).toBe(true);
    for (const id of DEMO.inactiveMemberIds) {
      const m = members.find((x) => x.id === id);
      expect(Date.now() - Date.parse(m.user.lastActive)).toBeGreaterThan(90 * 86_400_000);
    }
  });

  it('member query tokens filter; unknown keys give an empty list', async () => {
    const s = await sim();
    expect((await call(s, 'GET', `${ORG}/members/?query=role:owner`)).body).toHaveLength(5);
    expect((await call(s, 'GET', `${ORG}/members/?query=has2fa:false`)).body.map((m: { id: string }) => m.id)).toEqual([DEMO.no2faMemberId]);
    expect((await call(s, 'GET', `${ORG}/members/?query=bogus:1`)).body).toEqual([]);
  });

  it('detail adds teams/teamRoles; `me` works; authenticators only with member:admin', async () => {
    const s = await sim();
    const me = await call(s, 'GET', `${ORG}/members/me/`);
    expect(me.body.id).toBe(DEMO.ownerMemberId);
    expect(me.body.teams).toEqual(['platform', 'security']);
    expect(me.body.teamRoles).toEqual([{ teamSlug: 'platform', role: 'admin' }, { teamSlug: 'security', role: 'admin' }]);
    expect(me.body.user.authenticators.map((a: { type: string }) => a.type)).toEqual(['u2f', 'totp']);
    expect(me.body.isOnlyOwner).toBe(false);
    const ro = await call(s, 'GET', `${ORG}/members/${DEMO.ownerMemberId}/`, { token: s.tokens.readonly });
    expect(ro.status).toBe(200);
    expect(ro.body.user.authenticators).toBeUndefined();
  });

  it('changing your own role is refused', async () => {
    const s = await sim();
    const r = await call(s, 'PUT', `${ORG}/members/${DEMO.ownerMemberId}/`, { body: { orgRole: 'manager', teamRoles: [] } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ detail: 'You cannot make changes to your own role.' });
  });

  it('member PUT without teamRoles drops every team row; with teamRoles keeps them', async () => {
    const s = await sim();
    const id = '1300'; // Ivy, member of backend
    expect([...s.state.members.get(id)!.teamRoles.keys()]).toEqual(['backend']);
    const keep = await call(s, 'PUT', `${ORG}/members/${id}/`, { body: { orgRole: 'member', teamRoles: [{ teamSlug: 'backend', role: null }, { teamSlug: 'data', role: 'admin' }] } });
    expect(keep.status).toBe(200);
    expect(keep.body.teamRoles).toEqual([{ teamSlug: 'backend', role: null }, { teamSlug: 'data', role: 'admin' }]);
    const before = s.state.auditLog.length;
    const drop = await call(s, 'PUT', `${ORG}/members/${id}/`, { body: { orgRole: 'manager' } });
    expect(drop.status).toBe(200);
    expect(drop.body.orgRole).toBe('manager');
    expect(drop.body.teams).toEqual([]);
    const events = s.state.auditLog.slice(before).map((e) => e.event);
    expect(events).toEqual(['member.leave-team', 'member.leave-team', 'member.edit']);
  });

  it('role checks: unknown role 400, above the caller 400, demoting a superior 403, retired admin 400', async () => {
    const s = await sim();
    expect((await call(s, 'PUT', `${ORG}/members/1300/`, { body: { orgRole: 'king' } })).body).toEqual({ orgRole: ['"king" is not a valid choice.'] });
    // a role above the caller fails the serializer's allowed-roles check first: 400, not 403
    const mgr = await call(s, 'PUT', `${ORG}/members/1300/`, { token: s.tokens.manager, body: { orgRole: 'owner', teamRoles: [] } });
    expect(mgr.status).toBe(400);
    expect(mgr.body).toEqual({ orgRole: ['You do not have permission to set that org-level role'] });
    const demoteOwner = await call(s, 'PUT', `${ORG}/members/1020/`, { token: s.tokens.manager, body: { orgRole: 'member', teamRoles: [] } });
    expect(demoteOwner.status).toBe(403);
    expect((await call(s, 'PUT', `${ORG}/members/1300/`, { body: { orgRole: 'admin', teamRoles: [] } })).status).toBe(400);
  });

  it('the last-owner guard refuses demoting the only owner (400, list body)', async () => {
    const s = await sim();
    expect((await call(s, 'PUT', `${ORG}/members/1030/`, { body: { orgRole: 'manager', teamRoles: [] } })).status).toBe(200);
    expect((await call(s, 'PUT', `${ORG}/members/1040/`, { body: { orgRole: 'manager', teamRoles: [] } })).status).toBe(200);
    // Through the API an owner caller always counts as another owner, so the model hook is only
    // reachable when the caller is not counted: take the acting member out of the count.
    s.state.members.get(DEMO.ownerMemberId)!.pending = true;
    const r = await call(s, 'PUT', `${ORG}/members/1020/`, { body: { orgRole: 'manager', teamRoles: [] } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual(['An organization must have at least one owner']);
    expect(s.state.members.get('1020')!.orgRole).toBe('owner');
  });

  it('the only remaining owner cannot be removed (403)', async () => {
    const s = await sim();
    // "only member with org:write": every other owner and manager becomes a member first
    for (const m of s.state.members.values()) if (m.id !== DEMO.ownerMemberId && ['owner', 'manager'].includes(m.orgRole)) m.orgRole = 'member';
    const r = await call(s, 'DELETE', `${ORG}/members/${DEMO.ownerMemberId}/`);
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ detail: 'You cannot remove the only remaining owner or manager of the organization.' });
  });

  it('DELETE: idp-provisioned 403, superior 400, success 204 with member.remove', async () => {
    const s = await sim();
    s.state.members.get('1310')!.flags['idp:provisioned'] = true;
    const idp = await call(s, 'DELETE', `${ORG}/members/1310/`);
    expect(idp.status).toBe(403);
    expect(idp.body).toEqual({ detail: "This user is managed through your organization's identity provider." });
    const sup = await call(s, 'DELETE', `${ORG}/members/1020/`, { token: s.tokens.manager });
    expect(sup.status).toBe(400);
    const ok = await call(s, 'DELETE', `${ORG}/members/${DEMO.staleOwnerInviteId}/`);
    expect(ok.status).toBe(204);
    expect(s.state.members.has(DEMO.staleOwnerInviteId)).toBe(false);
    expect(s.state.auditLog.at(-1)).toMatchObject({ event: 'member.remove', data: { email: 'new-cto@acme.example', role: 'owner' } });
  });

  // Sentry: OrganizationMemberRequestSerializer (src/sentry/api/endpoints/organization_member/index.py)
  // defaults orgRole to organization_roles.get_default(), SENTRY_DEFAULT_ROLE = "member"
  // (src/sentry/conf/server.py); the org's defaultRole only applies to SSO sign-ups
  // (src/sentry/auth/helper.py). The demo org's defaultRole is admin.
  it('POST without a role invites as member, whatever the org defaultRole', async () => {
    const s = await sim();
    expect(s.state.org.defaultRole).toBe('admin');
    const r = await call(s, 'POST', `${ORG}/members/`, { body: { email: 'plain@acme.example' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ email: 'plain@acme.example', orgRole: 'member', pending: true });
  });

  it('POST invites a member with teamRoles and writes member.invite; duplicates are 400', async () => {
    const s = await sim();
    const r = await call(s, 'POST', `${ORG}/members/`, { body: { email: 'back@acme.example', orgRole: 'manager', teamRoles: [{ teamSlug: 'backend', role: null }] } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ email: 'back@acme.example', orgRole: 'manager', pending: true, user: null });
    const detail = await call(s, 'GET', `${ORG}/members/${r.body.id}/`);
    expect(detail.body.teamRoles).toEqual([{ teamSlug: 'backend', role: null }]);
    expect(s.state.auditLog.at(-1)?.event).toBe('member.invite');
    expect((await call(s, 'POST', `${ORG}/members/`, { body: { email: 'back@acme.example' } })).status).toBe(400);
    expect((await call(s, 'POST', `${ORG}/members/`, { body: { email: 'ivy@acme.example' } })).body).toEqual({ email: ['The user ivy@acme.example is already a member'] });
  });
});

describe('require2FA', () => {
  it('is refused when the acting user lacks 2FA', async () => {
    const s = await sim();
    const r = await call(s, 'PUT', `${ORG}/`, { token: s.tokens.ownerNo2fa, body: { require2FA: true } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ require2FA: ['Cannot require two-factor authentication without personal two-factor enabled.'] });
    expect(s.state.org.require2FA).toBe(false);
  });

  it('is refused when an auth provider exists', async () => {
    const s = await sim();
    s.state.org.authProvider = { id: '1', provider_name: 'saml2', pending_links_count: 0, login_url: `${s.url}/organizations/acme/issues/`, default_role: 'member', require_link: true, scim_enabled: false };
    const r = await call(s, 'PUT', `${ORG}/`, { body: { require2FA: true } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ require2FA: ['Cannot require two-factor authentication with SSO enabled'] });
    expect((await call(s, 'GET', `${ORG}/auth-provider/`)).body.provider_name).toBe('saml2');
  });

  // Sentry: src/sentry/tasks/auth/auth.py (OrganizationComplianceTask.remove_non_compliant_members)
  // writes member.pending with target_object=org id, target_user=the user and the membership's
  // get_audit_log_data() (email, user); src/sentry/models/organizationmember.py remove_user keeps
  // date_added, so the invitation is as old as the membership.
  it('turns members without 2FA into pending invitations, on every such PUT', async () => {
    const s = await sim();
    const before = s.state.members.get(DEMO.no2faMemberId)!;
    const teamsBefore = [...before.teamRoles.keys()];
    const addedBefore = before.dateCreated;
    const r = await call(s, 'PUT', `${ORG}/`, { body: { require2FA: true } });
    expect(r.status).toBe(200);
    expect(r.body.require2FA).toBe(true);
    const m = await call(s, 'GET', `${ORG}/members/${DEMO.no2faMemberId}/`);
    expect(m.body).toMatchObject({ pending: true, user: null, email: 'finley@acme.example', orgRole: 'manager' });
    expect(m.body.teams).toEqual(teamsBefore);
    expect(m.body.dateCreated).toBe(addedBefore);
    expect(Date.now() - Date.parse(m.body.dateCreated)).toBeGreaterThan(300 * 86_400_000);
    const log = await call(s, 'GET', `${ORG}/audit-logs/?per_page=5`);
    expect(log.body.rows.map((e: { event: string }) => e.event).slice(0, 2).sort()).toEqual(['member.pending', 'org.edit']);
    const pendingEntry = log.body.rows.find((e: { event: string }) => e.event === 'member.pending');
    expect(pendingEntry.targetObject).toBe(Number(s.state.org.id));
    expect(pendingEntry.targetObject).not.toBe(Number(DEMO.no2faMemberId));
    expect(pendingEntry.targetUser).toMatchObject({ id: '106', email: 'finley@acme.example' });
    expect(pendingEntry.data).toMatchObject({ email: 'finley@acme.example', user: 106, role: 'manager', teams_slugs: teamsBefore });
    expect(log.body.rows.find((e: { event: string }) => e.event === 'org.edit').data).toEqual({ require_2fa: 'to True' });
    // the former member's token no longer reaches the org
    expect((await call(s, 'GET', `${ORG}/`, { token: s.tokens.ownerNo2fa })).status).toBe(403);
    // a second PUT re-runs the sweep: a user who lost 2FA meanwhile is converted too
    s.state.users.get('130')!.authenticators = [];
    await call(s, 'PUT', `${ORG}/`, { body: { require2FA: true } });
    expect(s.state.members.get('1300')!.pending).toBe(true);
    expect(s.state.auditLog.filter((e) => e.event === 'member.pending')).toHaveLength(2);
  });
});
