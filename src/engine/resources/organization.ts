// The organization's settings: one PUT /organizations/{org}/ for all fields of a control.

import { crashReportsText } from './project.js';
import { twoFactorSweep } from '../../../steps/1.2-two-factor.js';
import type { Member } from '../../sentry/types.js';
import type { EntryMarker } from '../../snapshots/schema.js';
import { allowFlagFor } from '../opt-in.js';
import type { ResourceAdapter } from './adapter.js';
import { changedFields, fieldsOf, fieldValue, LocalRefusal } from './fields.js';

export const organization: ResourceAdapter<'organization'> = {
  names: {
    noun: ['organization', 'organizations'],
    describe: (r) => `organization ${r.id}`,
    inRequest: (r) => `organization ${r.id}`,
    short: (r) => `organization ${r.id}`,
    path: (_org, r) => `organization/${r.id}`,
    uriSegments: () => ['organization'],
    subject: () => null,
    project: () => null,
    valueText: (_r, field, v) => (field === 'storeCrashReports' ? crashReportsText(v, "Sentry's default (none)") : undefined),
  },
  write: {
    method: () => 'PUT',
    read: async (reader, _t, field) => fieldValue(await reader.getOrg(), field),
    async prepare({ conn, reader, req, allowRisky }) {
      const fields = [];
      const body: Record<string, unknown> = {};
      for (const { c, before, after } of changedFields(req.changes, fieldsOf(await reader.getOrg()))) {
        body[c.field] = after;
        fields.push({ field: c.field, before, after });
      }
      let marker: EntryMarker | undefined;
      if (body.require2FA === true) {
        const members = await reader.getMembers();
        marker = {
          kind: 'two-factor-sweep',
          // who Sentry's sweep turns into invitations (steps/1.2's rule, as
          // src/sentry/tasks/auth/auth.py runs it: deactivated users too), never the acting user
          members: twoFactorSweep(members)
            .filter((m) => m.user?.id !== conn.whoami.user?.id)
            .map((m) => ({ id: m.id, email: m.user?.email || m.email, orgRole: m.orgRole })),
        };
        // planned as removing nobody, but someone without 2FA is a member now
        const ids = req.changes.filter((c) => c.field === 'require2FA').map((c) => c.checkId);
        if (marker.members.length > 0 && !ids.some((id) => allowRisky.has(id))) {
          throw new LocalRefusal(
            `require2FA would now turn ${marker.members.map((x) => x.email).join(', ')} into pending invitations: run again with ${allowFlagFor(ids[0] ?? '1.2.1')} to apply it`,
          );
        }
      }
      const org = conn.target.org;
      return { fields, ...(marker ? { marker } : {}), send: async () => void (await conn.api.updateOrganization(org, body)) };
    },
    async whyIgnored(conn, _req, _t, field, _live, state) {
      if (field !== 'defaultRole') return undefined;
      // org:admin needs both the token scope and the owner role (scopes are the intersection)
      const role = state.org.ok ? state.org.value.orgRole : undefined;
      if (!(conn.whoami.scopes ?? ['org:admin']).includes('org:admin') || (role !== undefined && role !== 'owner')) {
        return `defaultRole: owner-only; Sentry ignores it from ${role && role !== 'owner' ? `a ${role}` : 'a token without org:admin'} (use an owner's token)`;
      }
      return undefined;
    },
    async afterRestorePlan({ reader, entry, cannotUndo }) {
      const m = entry.marker;
      if (m?.kind !== 'two-factor-sweep' || m.members.length === 0) return undefined;
      const lost: string[] = [];
      for (const x of m.members) {
        const live: Member | undefined = await reader.findMemberByEmail(x.email);
        if (!live || live.pending) lost.push(`${x.email} (${x.orgRole})`);
      }
      if (lost.length > 0) {
        cannotUndo.push(
          `Members turned into pending invitations by the 2FA requirement: ${lost.join(', ')}. Turning require2FA off does not bring them back: each must enable two-factor authentication on their Sentry account and accept the new invitation email (valid 30 days), or an owner re-invites them.`,
        );
      }
      return undefined;
    },
  },
};
