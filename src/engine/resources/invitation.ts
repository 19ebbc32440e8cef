// A pending invitation: DELETE /organizations/{org}/members/{id}/ removes it; Sentry cannot
// restore a deleted invitation, so a rollback sends a new one (POST .../members/) with the saved
// role and teams, and says so before confirming.

import type { MemberDetail, TeamRole } from '../../sentry/types.js';
import type { EntryField } from '../../snapshots/schema.js';
import { ABSENT } from '../live.js';
import type { ResourceAdapter } from './adapter.js';
import { fieldValue, restoreChange } from './fields.js';

const teamsText = (t: readonly TeamRole[]): string => (t.length === 0 ? 'no teams' : t.map((x) => `${x.teamSlug}${x.role ? ` (${x.role})` : ''}`).join(', '));

export const invitation: ResourceAdapter<'invitation'> = {
  names: {
    noun: ['invitation', 'invitations'],
    describe: (r) => `invitation ${r.email}`,
    inRequest: (r) => `invitation ${r.email}`,
    short: (r) => r.email,
    path: (org, r) => `${org}/invitation/${r.email || r.id}`,
    uriSegments: (r) => ['invitation', r.email || r.id],
    subject: (r) => r.email || r.id,
    project: () => null,
    // a write deletes (withdraws) or re-sends the invitation: "exists" is ours, not Sentry's
    label: (_r, field) => (field === 'exists' ? 'status' : undefined),
    valueText: (_r, field, v) => (field !== 'exists' ? undefined : v === true ? 'pending' : v === false ? 'withdrawn (deleted)' : undefined),
  },
  write: {
    method: (c) => (c.after === false ? 'DELETE' : 'POST'),
    async read(reader, t, field) {
      const m = await reader.getMember(t.id);
      if (field === 'exists') return m !== undefined;
      return m ? fieldValue(m, field) : ABSENT;
    },
    async prepare({ conn, reader, req, target: t }) {
      const fields: EntryField[] = [];
      const c = req.changes[0]!;
      const org = conn.target.org;
      if (c.after === false) {
        const live = await reader.getMember(t.id);
        if (!live) return { fields };
        if (!live.pending) return { fields, localError: `refused: ${t.email} is no longer an invitation (they joined)` };
        // the live detail's team roles: what a rollback re-invites with
        const liveRoles = (live as Partial<MemberDetail>).teamRoles;
        let teamRoles = Array.isArray(liveRoles) ? liveRoles : (c.context?.teamRoles as TeamRole[] | undefined);
        if (!Array.isArray(teamRoles)) teamRoles = (await conn.api.getMember(org, t.id)).teamRoles ?? [];
        fields.push({ field: 'exists', before: true, after: false });
        return {
          fields,
          marker: { kind: 'invitation-delete', email: live.email || t.email, orgRole: live.orgRole, teamRoles },
          send: () => conn.api.deleteMember(org, t.id),
        };
      }
      const email = String(c.context?.email ?? t.email);
      const orgRole = String(c.context?.orgRole ?? 'member');
      const teamRoles = (Array.isArray(c.context?.teamRoles) ? c.context.teamRoles : []) as TeamRole[];
      if (await reader.findMemberByEmail(email)) return { fields };
      fields.push({ field: 'exists', before: false, after: true });
      return {
        fields,
        marker: { kind: 'invitation-create', email, orgRole, teamRoles },
        send: async () => void (await conn.api.inviteMember(org, { email, orgRole, teamRoles, sendInvite: true })),
      };
    },
    async readBack(reader, _t, prepared) {
      if (prepared.marker?.kind !== 'invitation-create') return undefined;
      const m = await reader.findMemberByEmail(prepared.marker.email);
      return { allAfter: !!m, noneChanged: !m, ignored: m ? [] : [{ field: 'exists', live: false }] };
    },
    // a deleted invitation reads as gone: that is the intended state
    absentMeansAfter: (_field, after) => after === false,
    async planRestore({ reader, entry: e, cannotUndo, base }) {
      const m = e.marker;
      if (m?.kind === 'invitation-delete') {
        const live = await reader.findMemberByEmail(m.email);
        const fields = [{ field: 'exists', before: true, after: false, live: !!live }];
        if (live) return { ...base, state: 'already-restored', fields, message: `${m.email} is in the organization again`, restore: [] };
        cannotUndo.push(
          `Invitation for ${m.email} (role ${m.orgRole}; ${teamsText(m.teamRoles)}) was deleted: Sentry cannot restore it, so rollback sends a NEW invitation with the same role and teams; ${m.email} gets a new email and the old link no longer works.`,
        );
        return {
          ...base,
          state: 'restorable',
          fields,
          message: `re-invites ${m.email} with role ${m.orgRole} and ${teamsText(m.teamRoles)}`,
          restore: [restoreChange(e, { type: 'invitation', id: e.target.id, email: m.email }, 'exists', false, true, { email: m.email, orgRole: m.orgRole, teamRoles: m.teamRoles })],
        };
      }
      if (m?.kind === 'invitation-create') {
        const live = await reader.findMemberByEmail(m.email);
        const fields = [{ field: 'exists', before: false, after: true, live: !!live }];
        if (!live) return { ...base, state: 'already-restored', fields, restore: [] };
        if (!live.pending) return { ...base, state: 'cannot-undo', fields, message: `${m.email} accepted the invitation; remove the member in Sentry if that was not wanted`, restore: [] };
        return {
          ...base,
          state: 'restorable',
          fields,
          restore: [restoreChange(e, { type: 'invitation', id: live.id, email: m.email }, 'exists', true, false, { email: m.email, orgRole: live.orgRole })],
        };
      }
      return undefined;
    },
  },
};
