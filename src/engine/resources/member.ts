// A member's organization role: PUT /organizations/{org}/members/{id}/ with the member's full
// teamRoles (without them Sentry drops the member's team rows). Never the acting user's own role.

import type { TeamRole } from '../../sentry/types.js';
import type { EntryField } from '../../snapshots/schema.js';
import { ABSENT } from '../live.js';
import { show } from '../values.js';
import type { ResourceAdapter } from './adapter.js';
import { fieldValue } from './fields.js';

export const member: ResourceAdapter<'member'> = {
  names: {
    noun: ['member', 'members'],
    describe: (r) => `member ${r.email}`,
    inRequest: (r) => `member ${r.email}`,
    short: (r) => r.email,
    path: (org, r) => `${org}/member/${r.email || r.id}`,
    uriSegments: (r) => ['member', r.email || r.id],
    subject: (r) => r.email || r.id,
    project: () => null,
  },
  write: {
    method: () => 'PUT',
    async read(reader, t, field) {
      const m = await reader.getMember(t.id);
      return m ? fieldValue(m, field) : ABSENT;
    },
    async prepare({ conn, req, target: t }) {
      const fields: EntryField[] = [];
      const c = req.changes[0]!;
      const org = conn.target.org;
      const detail = await conn.api.getMember(org, t.id);
      if (conn.whoami.user && detail.user?.id === conn.whoami.user.id) {
        return { fields, localError: `refused: sentry-harden never changes the acting user's own role (${t.email})` };
      }
      if (detail.orgRole === c.after) return { fields };
      // without the full teamRoles Sentry drops the member's team rows
      const live: TeamRole[] = Array.isArray(detail.teamRoles) ? detail.teamRoles : ((c.context?.teamRoles as TeamRole[] | undefined) ?? []);
      // a restore puts back the team roles saved before the change, on the teams the member
      // is on now (a team left or joined since stays as it is)
      const saved = c.context?.restoreTeamRoles as TeamRole[] | undefined;
      const teamRoles = Array.isArray(saved) ? live.map((tr) => saved.find((s) => s.teamSlug === tr.teamSlug) ?? tr) : live;
      fields.push({ field: 'orgRole', before: detail.orgRole, after: c.after });
      return {
        fields,
        marker: { kind: 'member-role', teamRoles: live },
        send: async () => void (await conn.api.updateMember(org, t.id, { orgRole: String(c.after), teamRoles })),
      };
    },
    async readBackExtra(conn, t, prepared) {
      if (prepared.marker?.kind !== 'member-role') return [];
      // the role PUT carries the member's teams; a server that drops team rows anyway is reported
      const detail = await conn.api.getMember(conn.target.org, t.id);
      const sent = new Set(prepared.marker.teamRoles.map((r) => r.teamSlug));
      const now = (detail.teamRoles ?? []).map((r) => r.teamSlug);
      if (Array.isArray(detail.teamRoles) && (now.length !== sent.size || now.some((s) => !sent.has(s)))) return [{ field: 'teamRoles', live: now }];
      return [];
    },
    async whyIgnored(_conn, req, _t, field, live) {
      if (field !== 'teamRoles') return undefined;
      const had = req.changes[0]?.context?.teamRoles;
      return `the member's teams changed with the role change: now ${show(live)}${Array.isArray(had) ? `, before ${show((had as TeamRole[]).map((r) => r.teamSlug))}` : ''}; add the missing teams back in Sentry`;
    },
    restoreContext: (e) => (e.marker?.kind === 'member-role' ? { restoreTeamRoles: e.marker.teamRoles } : undefined),
    async afterRestorePlan({ entry: e, cannotUndo, base }, restore) {
      if (e.marker?.kind !== 'member-role' || !restore.some((c) => c.field === 'orgRole' && c.after === 'admin')) return undefined;
      const who = 'email' in e.target && typeof e.target.email === 'string' ? e.target.email : `member ${e.target.id}`;
      cannotUndo.push(
        `${who} had the retired admin role: Sentry no longer assigns it, so the role cannot be restored; give ${who} the manager or member role that fits, or leave it as it is.`,
      );
      return { ...base, state: 'cannot-undo', fields: [], message: 'the retired admin role cannot be assigned again', restore: [] };
    },
  },
};
