// Members, invitations and teams.

import { memberDetailSchema, memberSchema, teamMemberSchema, teamSchema } from '../schemas.js';
import type { SentryApi } from '../types.js';
import { orgPath, seg, type Endpoints } from './request.js';

type MemberEndpoints = Pick<SentryApi, 'listMembers' | 'getMember' | 'updateMember' | 'deleteMember' | 'inviteMember' | 'listTeams' | 'listTeamMembers'>;

export function memberEndpoints({ client, call, list }: Endpoints): MemberEndpoints {
  return {
    listMembers: (org, opts) => list(memberSchema, orgPath(org, 'members/'), { purpose: 'list members', ...(opts?.onPage ? { onPage: opts.onPage } : {}) }),

    getMember: (org, memberId) =>
      call(memberDetailSchema, 'GET', orgPath(org, `members/${seg(memberId)}/`), {
        purpose: "read a member's teams and authenticators",
      }),

    updateMember: (org, memberId, body) =>
      call(memberDetailSchema, 'PUT', orgPath(org, `members/${seg(memberId)}/`), {
        json: body,
        purpose: "change a member's role",
      }),

    async deleteMember(org, memberId) {
      await client.request('DELETE', orgPath(org, `members/${seg(memberId)}/`), { purpose: 'remove a member or invitation' });
    },

    inviteMember: (org, body) => call(memberSchema, 'POST', orgPath(org, 'members/'), { json: body, purpose: 'invite a member' }),

    listTeams: (org) => list(teamSchema, orgPath(org, 'teams/'), { query: { detailed: 0 }, purpose: 'list teams' }),

    listTeamMembers: (org, team) =>
      list(teamMemberSchema, `teams/${seg(org)}/${seg(team)}/members/`, { purpose: "list a team's members and their team roles" }),
  };
}
