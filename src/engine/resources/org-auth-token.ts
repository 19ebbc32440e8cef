// An organization auth token: DELETE /organizations/{org}/org-auth-tokens/{id}/ revokes it
// (src/sentry/api/endpoints/org_auth_token_details.py sets date_deactivated; the token stops
// working and is listed no more). Sentry has no way to bring it back and never shows a token's
// value after creation, so the journal keeps what was revoked (name, scopes, dates) and a
// rollback reports the entry as not restorable with what to do instead.

import { ABSENT } from '../live.js';
import type { ResourceAdapter } from './adapter.js';

const scopesText = (s: readonly string[]): string => (s.length === 0 ? 'no scopes' : `scopes ${s.join(', ')}`);

export const orgAuthToken: ResourceAdapter<'org-auth-token'> = {
  names: {
    noun: ['organization auth token', 'organization auth tokens'],
    describe: (r) => `organization auth token "${r.name}" (id ${r.id})`,
    inRequest: (r) => `organization auth token "${r.name}" (id ${r.id})`,
    short: (r) => r.name,
    path: (org, r) => `${org}/org-auth-token/${r.id}`,
    uriSegments: (r) => ['org-auth-token', r.id],
    subject: (r) => r.name,
    project: () => null,
    // a write revokes (deletes) the token: "exists" is ours, not Sentry's
    label: (_r, field) => (field === 'exists' ? 'status' : undefined),
    valueText: (_r, field, v) => (field !== 'exists' ? undefined : v === true ? 'active' : v === false ? 'revoked (deleted)' : undefined),
  },
  write: {
    method: () => 'DELETE',
    async read(reader, t, field) {
      const live = await reader.getOrgAuthToken(t.id);
      if (field === 'exists') return live !== undefined;
      return live ? (live as unknown as Record<string, unknown>)[field] : ABSENT;
    },
    async prepare({ conn, reader, req, target: t }) {
      const c = req.changes[0]!;
      if (c.field !== 'exists' || c.after !== false) {
        return { fields: [], localError: 'refused: sentry-harden only revokes organization auth tokens; a revoked token cannot be created again' };
      }
      const live = await reader.getOrgAuthToken(t.id);
      // already revoked (or never existed): nothing to send
      if (!live) return { fields: [] };
      return {
        fields: [{ field: 'exists', before: true, after: false }],
        marker: { kind: 'org-auth-token-revoke', name: live.name, scopes: [...live.scopes], dateCreated: live.dateCreated, dateLastUsed: live.dateLastUsed },
        send: () => conn.api.deleteOrgAuthToken(conn.target.org, t.id),
      };
    },
    // a revoked token reads as gone: that is the intended state
    absentMeansAfter: (_field, after) => after === false,
    async planRestore({ reader, entry: e, cannotUndo, base }) {
      const m = e.marker;
      if (m?.kind !== 'org-auth-token-revoke') return undefined;
      const live = await reader.getOrgAuthToken(e.target.id);
      const fields = [{ field: 'exists', before: true, after: false, live: live !== undefined }];
      if (live) return { ...base, state: 'already-restored', fields, message: `organization auth token "${m.name}" is still active (the revoke did not take effect)`, restore: [] };
      const used = m.dateLastUsed ? `last used ${m.dateLastUsed.slice(0, 10)}` : 'never used';
      cannotUndo.push(
        `Organization auth token "${m.name}" (id ${e.target.id}; ${scopesText(m.scopes)}; created ${m.dateCreated.slice(0, 10)}, ${used}) was revoked: Sentry cannot restore a revoked token. If something still needs it, create a new organization token in Sentry (Settings > Auth Tokens) and replace the old one where it was used.`,
      );
      return {
        ...base,
        state: 'cannot-undo',
        fields,
        message: `NOT RESTORED: a revoked organization auth token cannot be restored; create a new token for "${m.name}" if it is still needed`,
        restore: [],
      };
    },
  },
};
