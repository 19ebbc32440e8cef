// Pre-flight of the lockout rules (DESIGN.md "Safety rules"): who the 2FA requirement removes,
// whether the acting user can set it at all, and how many owners the whole plan leaves.

import type { Member, MemberDetail } from '../sentry/types.js';
import type { OrgState } from '../state/types.js';
import type { PlannedChange } from '../../steps/types.js';
import type { Policy } from '../../steps/policy.js';
import { isMember, isSsoLinked, memberLabel } from '../../steps/lib.js';
import { ssoLinksCount, twoFactorSweep } from '../../steps/1.2-two-factor.js';
import { plural } from '../words.js';

export interface Preflight {
  /** refusals, one line each */
  blockers: string[];
  /** consequences to show before confirming */
  warnings: string[];
  /** check ids whose changes must not be applied */
  refusedChecks: string[];
  /** why, per refused check id */
  reasons: Record<string, string[]>;
  /** members without 2FA that `require2FA: true` turns into pending invitations */
  removedBy2fa: Member[];
}

const sets2fa = (c: PlannedChange): boolean => c.target.type === 'organization' && c.field === 'require2FA' && c.after === true;
const demotesOwner = (c: PlannedChange, members: Map<string, Member>): boolean =>
  c.target.type === 'member' && c.field === 'orgRole' && c.after !== 'owner' && (c.before === 'owner' || members.get(c.target.id)?.orgRole === 'owner');

export function preflight(state: OrgState, changes: readonly PlannedChange[], policy: Pick<Policy, 'minOwners'>): Preflight {
  const blockers: string[] = [];
  const warnings: string[] = [];
  const refused = new Set<string>();
  const reasons: Record<string, string[]> = {};
  const refuseCheck = (id: string, why: string): void => {
    refused.add(id);
    const list = (reasons[id] ??= []);
    if (!list.includes(why)) list.push(why);
  };
  const removedBy2fa: Member[] = [];
  const members = state.members.ok ? state.members.value : null;
  const byId = new Map((members ?? []).map((m) => [m.id, m]));
  const actingUser = state.whoami.user;

  const twoFa = changes.filter(sets2fa);
  if (twoFa.length > 0) {
    const ids = twoFa.map((c) => c.checkId);
    const refuse = (msg: string): void => {
      blockers.push(msg);
      ids.forEach((id) => refuseCheck(id, msg));
    };
    if (!actingUser) refuse('require2FA: the token has no user (an org auth token); Sentry requires the acting user to have 2FA. Use a user auth token of an owner with 2FA.');
    else if (!actingUser.has2fa) refuse(`require2FA: the acting user ${actingUser.email} has no two-factor authentication; enable 2FA on your account first, or Sentry refuses the change.`);
    const sso = (state.authProvider.ok && state.authProvider.value !== null) || (state.org.ok && state.org.value.hasAuthProvider);
    if (sso) refuse('require2FA: an SSO provider is configured and Sentry refuses require2FA with SSO; enforce MFA in the identity provider instead.');
    if (!members) refuse(`require2FA: members could not be read (${state.members.ok ? '' : state.members.reason}), so who would be removed is unknown.`);
    else {
      // steps/1.2's sweep (Sentry's: deactivated users too); the acting user has 2FA or is refused above
      for (const m of twoFactorSweep(members)) if (m.user?.id !== actingUser?.id) removedBy2fa.push(m);
      if (removedBy2fa.length > 0) {
        warnings.push(
          `require2FA turns ${plural(removedBy2fa.length, 'member')} without 2FA into pending invitations and emails them: ${removedBy2fa.map((m) => `${memberLabel(m)} (${m.orgRole})`).join(', ')}.`,
        );
      }
    }
  }

  const demotions = changes.filter((c) => demotesOwner(c, byId));
  for (const c of changes) {
    if (c.target.type === 'member' && c.field === 'orgRole' && actingUser) {
      const m = byId.get(c.target.id);
      if (m?.user?.id === actingUser.id) {
        const msg = `${c.checkId}: never changes the acting user's own role (${actingUser.email}).`;
        blockers.push(msg);
        refuseCheck(c.checkId, msg);
      }
    }
  }

  if ((demotions.length > 0 || twoFa.length > 0) && members) {
    const details: Record<string, MemberDetail> = state.memberDetails.ok ? state.memberDetails.value : {};
    const linksProtect = ssoLinksCount(state, false);
    const qualifies = (m: Member, sweep: boolean): boolean => {
      if (!isMember(m) || m.orgRole !== 'owner' || !m.user) return false;
      const has2fa = m.user.has2fa || (details[m.id]?.user?.has2fa ?? false);
      if (sweep && !has2fa) return false;
      // an SSO link protects only when the provider requires SSO (steps 1.1 ssoEnforced)
      return has2fa || (linksProtect && isSsoLinked(m));
    };
    const demoted = new Set(demotions.map((c) => c.target.id));
    const sweep = twoFa.length > 0 && !twoFa.some((c) => refused.has(c.checkId));
    const now = members.filter((m) => qualifies(m, false)).length;
    const after = members.filter((m) => !demoted.has(m.id) && qualifies(m, sweep)).length;
    if (after < now && after < policy.minOwners) {
      const msg = `The plan would leave ${plural(after, 'owner')} who ${after === 1 ? 'is an active member' : 'are active members'} with 2FA or an SSO link (policy minOwners ${policy.minOwners}; now ${now}); owner demotions${sweep ? ' and the 2FA requirement' : ''} are refused. Promote another owner first.`;
      blockers.push(msg);
      demotions.forEach((c) => refuseCheck(c.checkId, msg));
      if (sweep && members.filter((m) => !demoted.has(m.id) && qualifies(m, true)).length < members.filter((m) => !demoted.has(m.id) && qualifies(m, false)).length) {
        twoFa.forEach((c) => refuseCheck(c.checkId, msg));
      }
    }
  }

  return { blockers, warnings, refusedChecks: [...refused], reasons, removedBy2fa };
}
