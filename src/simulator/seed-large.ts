// The `large` seed: a generated org like the demo one but big (benchmarks). Deterministic for
// given sizes (seeded PRNG); dates are relative to the start time.

import { prng, READ_SCOPES, addInvite, addPerson, addTeam, addUserToken, baseOrg, daysAgo, makeKey, project, putProject, seedAudit, sortMembers } from './seed-util.js';
import type { SimState } from './state.js';
import { emptyState } from './state.js';

const PLATFORMS = ['javascript', 'javascript-react', 'javascript-nextjs', 'python', 'node', 'java', 'go', 'react-native', 'android', 'python-django', 'ruby', 'php'];
const FIRST = ['Alex', 'Blake', 'Casey', 'Dana', 'Evan', 'Finley', 'Gray', 'Harper', 'Ivy', 'Jordan', 'Kai', 'Lena', 'Milo', 'Nora', 'Omar', 'Priya'];
const LAST = ['Rivera', 'Chen', 'Morgan', 'Okafor', 'Park', 'Brooks', 'Patel', 'Lee', 'Nguyen', 'Smith', 'Rossi', 'Garcia'];

export function buildLargeState(sizes: { projects: number; members: number; keysPerProject: number }, nowMs = Date.now()): SimState {
  const now = nowMs;
  const rand = prng(sizes.projects * 7919 + sizes.members * 104729 + sizes.keysPerProject);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const org = baseOrg('acme-large', 'Acme Large', now);
  Object.assign(org, { defaultRole: 'admin', sensitiveFields: ['credit_card'], storeCrashReports: 5 });
  const state = emptyState(org);

  const teamCount = Math.max(5, Math.ceil(sizes.projects / 10));
  const teamSlugs: string[] = [];
  for (let i = 0; i < teamCount; i += 1) {
    const slug = `team-${String(i).padStart(4, '0')}`;
    teamSlugs.push(slug);
    addTeam(state, String(20_000 + i), slug, `Team ${i}`, daysAgo(now, 700));
  }

  const memberCount = Math.max(6, sizes.members);
  let ownerUser = '';
  let managerUser = '';
  let no2faUser = '';
  for (let i = 0; i < memberCount; i += 1) {
    const id = String(1_000_000 + i);
    // 0: acting owner (u2f); 1-3 owners; 4-6 managers (5 without 2FA); a few retired admins
    const role = i < 4 ? 'owner' : i < 7 ? 'manager' : i % 97 === 0 ? 'admin' : i % 50 === 0 ? 'billing' : 'member';
    const twofa = i === 0 ? ['u2f', 'totp'] : i === 5 || (i > 7 && i % 41 === 0) ? [] : ['totp'];
    const teams: [string, string | null][] = role === 'billing' ? [] : [[pick(teamSlugs), null], ...(rand() < 0.4 ? [[pick(teamSlugs), null] as [string, null]] : [])];
    const { user } = addPerson(state, now, {
      id,
      name: `${pick(FIRST)} ${pick(LAST)} ${i}`,
      email: `user${i}@acme-large.example`,
      role,
      twofa,
      lastActiveDays: i % 31 === 0 ? 100 + (i % 200) : Math.floor(rand() * 60),
      joinedDays: 100 + Math.floor(rand() * 600),
      isActive: i % 113 !== 0 || i === 0,
      teams: [...new Map(teams)],
    });
    if (i === 0) ownerUser = user.id;
    if (i === 4) managerUser = user.id;
    if (i === 5) no2faUser = user.id;
  }
  addInvite(state, '9000000', 'new-owner@acme-large.example', 'owner', daysAgo(now, 20), 'Alex', []);
  addInvite(state, '9000001', 'intern@acme-large.example', 'member', daysAgo(now, 1), 'Alex', []);
  sortMembers(state);

  addUserToken(state, rand, ownerUser, 'owner');
  addUserToken(state, rand, ownerUser, 'readonly', READ_SCOPES);
  addUserToken(state, rand, managerUser, 'manager');
  addUserToken(state, rand, no2faUser, 'ownerNo2fa');

  const feat = ['rate-limits', 'custom-inbound-filters'];
  for (let i = 0; i < sizes.projects; i += 1) {
    const slug = `project-${String(i).padStart(5, '0')}${i % 25 === 0 ? '-prod' : ''}`;
    const platform = PLATFORMS[i % PLATFORMS.length] ?? 'python';
    const teams = i % 53 === 7 ? [] : i % 25 === 0 ? [pick(teamSlugs), pick(teamSlugs), pick(teamSlugs)] : [teamSlugs[i % teamSlugs.length] ?? 'team-0000'];
    const options: Record<string, unknown> = {};
    if (platform.startsWith('javascript')) {
      options['sentry:origins'] = i % 3 === 0 ? ['https://app.example.com'] : ['*'];
      options['filters:localhost'] = i % 4 === 0 ? '1' : '0';
    }
    if (i % 17 === 0) options['quotas:spike-protection-disabled'] = true;
    if (i % 29 === 0) options['sentry:debug_files_role'] = 'member';
    if (i % 31 === 0) options['sentry:store_crash_reports'] = -1;
    if (i % 37 === 0) options['sentry:blacklisted_ips'] = ['10.0.0.0/8'];
    putProject(state, project(String(500_000 + i), slug, `Project ${i}`, platform, daysAgo(now, 10 + (i % 700)), [...new Set(teams)], i % 19 === 0 ? ['custom-inbound-filters'] : feat, options));
    for (let k = 0; k < sizes.keysPerProject; k += 1) {
      makeKey(state, rand, slug, k === 0 ? 'Default' : `Key ${k}`, daysAgo(now, k === 0 && i % 11 === 0 ? 400 : 30 + k), {
        ...(i % 23 === 0 && k === 0 ? { rateLimit: { window: 60, count: 500 } } : {}),
        ...(k === 2 ? { isActive: false } : {}),
      });
    }
  }

  const events = ['org.edit', 'member.edit', 'project.edit', 'projectkey.create', 'member.invite', 'team.create', 'rule.edit', 'member.join-team'];
  const owner = state.users.get(ownerUser) ?? null;
  const auditCount = Math.min(2000, 50 + Math.floor(sizes.members / 10));
  for (let i = auditCount; i > 0; i -= 1) {
    const event = events[i % events.length] ?? 'org.edit';
    seedAudit(state, {
      event,
      actor: owner,
      days: (i * 60) / auditCount,
      now,
      data: event === 'org.edit' ? { require_2fa: 'to False' } : event === 'projectkey.create' ? { public_key: 'x'.repeat(32), secret_key: 'y'.repeat(32) } : { n: i },
    });
  }
  return state;
}
