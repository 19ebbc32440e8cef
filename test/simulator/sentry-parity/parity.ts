// Fixtures for the tests ported from getsentry/sentry: people with their own user tokens,
// invitations and teams added to the demo organization, the way Sentry's tests call
// create_user / create_member / create_team. Each `it` names the Sentry test it ports as
// `file::Class.test_name`.

import { ALL_SCOPES } from '../../../src/simulator/roles.js';
import { addInvite, addPerson, addTeam } from '../../../src/simulator/seed-util.js';
import type { SimMember, SimUser } from '../../../src/simulator/state.js';
import type { RunningSimulator } from '../../../src/simulator/index.js';

export { call, sim } from '../helpers.js';

export const ORG = '/api/0/organizations/acme';
export const PRJ = '/api/0/projects/acme';

let seq = 0;

export interface Person {
  user: SimUser;
  member: SimMember;
  /** a user auth token with `scopes` (default: every scope; the role still narrows them) */
  token: string;
}

export function person(s: RunningSimulator, opts: { role?: string; teams?: [string, string | null][]; twofa?: string[]; scopes?: readonly string[]; flags?: Partial<SimMember['flags']> } = {}): Person {
  seq += 1;
  const id = String(7000 + seq);
  const { user, member } = addPerson(s.state, Date.now(), {
    id,
    name: `Person ${id}`,
    email: `person${id}@acme.example`,
    role: opts.role ?? 'member',
    twofa: opts.twofa ?? ['totp'],
    lastActiveDays: 1,
    joinedDays: 30,
    teams: opts.teams ?? [],
  });
  Object.assign(member.flags, opts.flags ?? {});
  return { user, member, token: tokenFor(s, user, opts.scopes) };
}

export function tokenFor(s: RunningSimulator, user: SimUser, scopes: readonly string[] = ALL_SCOPES): string {
  seq += 1;
  const tok = `sntryu_parity${seq}`;
  s.state.tokens.set(tok, { userId: user.id, scopes: [...scopes], kind: 'user' });
  return tok;
}

export function invitation(s: RunningSimulator, opts: { inviter?: SimUser; role?: string; teams?: [string, string | null][]; status?: string; expired?: boolean } = {}): SimMember {
  seq += 1;
  const m = addInvite(s.state, String(8000 + seq), `invite${seq}@acme.example`, opts.role ?? 'member', new Date().toISOString(), opts.inviter?.name ?? 'Alex Rivera', opts.teams ?? [], opts.inviter?.id ?? '101');
  if (opts.status) m.inviteStatus = opts.status;
  if (opts.expired) m.expired = true;
  return m;
}

export function team(s: RunningSimulator, opts: { idp?: boolean } = {}): string {
  seq += 1;
  const slug = `team-${seq}`;
  addTeam(s.state, String(9000 + seq), slug, `Team ${seq}`, new Date().toISOString());
  if (opts.idp) s.state.teams.get(slug)!.flags['idp:provisioned'] = true;
  return slug;
}

/** The newest audit entry with this event name, if any. */
export function lastAudit(s: RunningSimulator, event: string) {
  return [...s.state.auditLog].reverse().find((e) => e.event === event);
}
