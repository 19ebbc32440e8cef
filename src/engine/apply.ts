// The apply engine (DESIGN.md "Data flow" step 6): for each API request, write the journal
// entry first, send, read the resource back and record applied / not effective / failed.
// Every safety rule of DESIGN.md is enforced here, whatever the caller planned.

import type { MemberDetail, SentryApi, TeamRole, Whoami } from '../sentry/types.js';
import { isValidIpEntry } from '../state/ip.js';
import type { OrgState, Target } from '../state/types.js';
import type { SnapshotSession } from '../snapshots/store.js';
import type { EntryField, EntryMarker, JournalEntry } from '../snapshots/schema.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import type { PlannedChange } from '../../steps/types.js';
import { isMember } from '../../steps/lib.js';
import { groupIntoRequests } from './group.js';
import { ABSENT, LiveReader, spikeProject, type LiveValue } from './live.js';
import { preflight } from './preflight.js';
import type { ApiRequest, ApplyOptions, EngineEvent, RequestOutcome } from './types.js';
import {
  MAX_SENSITIVE_FIELD_CHARS,
  mergeList,
  mergePiiConfig,
  sameValue,
  sensitiveFieldsTooLong,
  show,
} from './values.js';
import { validatePiiConfigText } from '../state/pii-config.js';
import { containsSecretDigest } from '../secrets.js';

export { groupIntoRequests } from './group.js';
export { preflight } from './preflight.js';

export interface Conn {
  api: SentryApi;
  target: Target;
  whoami: Whoami;
}

/** Lists the API replaces whole: always merged into the live value. */
const LIST_FIELDS = new Set(['sensitiveFields', 'safeFields', 'allowedDomains', 'blockedIps']);

/**
 * The flag that lets a held-back risky change through with --yes: one way for every risky
 * check, the 2FA sweep (1.2.1) included.
 */
export function allowFlagFor(checkId: string): string {
  return `--allow-risky ${checkId}`;
}

/**
 * Does this change need its own opt-in (--allow-risky ID) with --yes?
 * Creating a rotation key takes nothing away; `require2FA: true` needs --allow-risky 1.2.1
 * only when it would turn someone into a pending invitation (the engine re-checks that on the
 * live member list before sending).
 */
/** A rotation's old key is deactivated only once the new DSN is deployed (POLICY 3.2.4). */
export const waitsForDeploy = (c: PlannedChange): boolean => c.field === 'isActive' && typeof c.context?.afterCreateOf === 'string';

/**
 * Why `applyPlan` will hold this change back (the flag that releases it), or undefined: one
 * home for the rule, so the plan, the prompt and the summary of `apply` count the same changes.
 */
export function heldBackFlag(c: PlannedChange, state: OrgState, allowRisky: ReadonlySet<string>, rotationDeployed = false): string | undefined {
  if (!rotationDeployed && waitsForDeploy(c)) return allowFlagFor('3.2.4');
  return needsOptIn(c, state) && !allowRisky.has(c.checkId) ? allowFlagFor(c.checkId) : undefined;
}

export function needsOptIn(c: PlannedChange, state: OrgState): boolean {
  if (c.risk !== 'risky') return false;
  if (c.target.type === 'key' && c.field === 'create') return false;
  if (c.target.type === 'organization' && c.field === 'require2FA' && c.after === true && state.members.ok) {
    return preflight(state, [c], DEFAULT_POLICY).removedBy2fa.length > 0;
  }
  return true;
}

interface Prepared {
  fields: EntryField[];
  marker?: EntryMarker;
  /** refused before sending (validation, safety rule) */
  localError?: string;
  send?: () => Promise<{ keyId?: string } | void>;
}

class LocalRefusal extends Error {}

function errorInfo(e: unknown): { message: string; fieldErrors?: Record<string, string[]>; uncertain: boolean } {
  if (e && typeof e === 'object' && 'kind' in e) {
    const err = e as { kind: string; message: string; fieldErrors?: Record<string, string[]> };
    const uncertain = err.kind === 'network' || err.kind === 'timeout' || err.kind === 'server' || err.kind === 'bad_response';
    return { message: err.message, ...(err.fieldErrors ? { fieldErrors: err.fieldErrors } : {}), uncertain };
  }
  return { message: e instanceof Error ? e.message : String(e), uncertain: true };
}

function fieldMessages(fe: Record<string, string[]> | undefined): string {
  if (!fe) return '';
  return Object.entries(fe)
    .map(([k, v]) => `${k}: ${v.join(' ')}`)
    .join('; ');
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Merge the plan's change into the live value of a list or PII config; other fields as planned. */
function intended(field: string, live: unknown, c: PlannedChange): unknown {
  // A journaled value (rollback) holds hash keys only as digests: merge the rule changes into the
  // live config, which keeps the live vars.hashKey, instead of sending the journal's text.
  if (field === 'relayPiiConfig') return sameValue(field, live, c.before) && !containsSecretDigest(c.after) ? c.after : mergePiiConfig(live, c.before, c.after);
  if (LIST_FIELDS.has(field) && Array.isArray(c.after)) {
    if (Array.isArray(live) && sameValue(field, live, c.before)) return c.after;
    return mergeList(asList(live), asList(c.before), asList(c.after));
  }
  if (field === 'trustedRelays' && Array.isArray(c.after)) {
    const keyOf = (r: unknown): string => String((r as { publicKey?: unknown })?.publicKey ?? JSON.stringify(r));
    const before = new Set(asObjList(c.before).map(keyOf));
    const after = new Set(asObjList(c.after).map(keyOf));
    const kept = asObjList(live).filter((r) => !(before.has(keyOf(r)) && !after.has(keyOf(r))));
    const have = new Set(kept.map(keyOf));
    return [...kept, ...asObjList(c.after).filter((r) => !before.has(keyOf(r)) && !have.has(keyOf(r)))];
  }
  return c.after;
}
const asObjList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function checkValue(field: string, value: unknown, c: PlannedChange, live: unknown): void {
  if (field === 'sensitiveFields' && Array.isArray(value) && sensitiveFieldsTooLong(asList(value))) {
    throw new LocalRefusal(`sensitiveFields would be longer than Sentry's ${MAX_SENSITIVE_FIELD_CHARS}-character limit; shorten the list.`);
  }
  if (containsSecretDigest(value)) {
    throw new LocalRefusal(`${field}: refusing to send a value that holds a redacted secret (a digest from the journal) in place of the secret`);
  }
  if (field === 'relayPiiConfig') {
    const errors = validatePiiConfigText(typeof value === 'string' ? value : null);
    if (errors.length > 0) throw new LocalRefusal(`relayPiiConfig is invalid: ${errors.join('; ')}`);
  }
  if (field === 'blockedIps') {
    // only what this change adds: entries the user already had are kept as they are (Relay
    // ignores the ones it cannot parse; dropping them is not ours to decide)
    const had = new Set([...asList(c.before), ...asList(live)]);
    const added = asList(c.after).filter((x) => !had.has(x));
    const bad = added.filter((x) => !isValidIpEntry(x));
    if (bad.length > 0) throw new LocalRefusal(`IP blocklist entries are not IPv4/IPv6 addresses or CIDR ranges: ${bad.join(', ')}`);
  }
}

const keyName = (raw: string, shortId: string): string => {
  const base = raw.replace(/\{session\}/g, shortId);
  const tag = ` (sentry-harden ${shortId})`;
  if (base.includes(shortId)) return base.slice(0, 64);
  return `${base.slice(0, 64 - tag.length)}${tag}`;
};

/**
 * The fields whose intended value differs from the live one (each value checked first). Two
 * changes of one field (a rollback of a session that changed it twice) build on each other:
 * the second merges into the first's result, not into the same read, and the field is sent
 * and journaled once (before = the live value read, after = the final value).
 */
function* changedFields(changes: readonly PlannedChange[], live: Record<string, unknown>): Generator<{ c: PlannedChange; before: unknown; after: unknown }> {
  const next = new Map<string, { c: PlannedChange; after: unknown }>();
  for (const c of changes) {
    const current = next.has(c.field) ? next.get(c.field)!.after : (live[c.field] ?? null);
    const after = intended(c.field, current, c);
    checkValue(c.field, after, c, current);
    next.set(c.field, { c, after });
  }
  for (const [field, { c, after }] of next) {
    const before = live[field] ?? null;
    if (!sameValue(field, before, after)) yield { c, before, after };
  }
}

async function prepare(
  conn: Conn,
  reader: LiveReader,
  req: ApiRequest,
  session: SnapshotSession,
  state: OrgState,
  allowRisky: ReadonlySet<string>,
): Promise<Prepared> {
  const { api } = conn;
  const org = conn.target.org;
  const t = req.target;
  const fields: EntryField[] = [];
  try {
    switch (t.type) {
      case 'organization': {
        const live = (await reader.getOrg()) as unknown as Record<string, unknown>;
        const body: Record<string, unknown> = {};
        for (const { c, before, after } of changedFields(req.changes, live)) {
          body[c.field] = after;
          fields.push({ field: c.field, before, after });
        }
        let marker: EntryMarker | undefined;
        if (body.require2FA === true) {
          const members = await reader.getMembers();
          marker = {
            kind: 'two-factor-sweep',
            members: members
              .filter((m) => isMember(m) && m.user && !m.user.has2fa && m.user.id !== conn.whoami.user?.id)
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
        return { fields, ...(marker ? { marker } : {}), send: async () => void (await api.updateOrganization(org, body)) };
      }
      case 'project': {
        const p = await reader.getProject(t.id);
        if (!p) return { fields, localError: `project ${t.id} was not found` };
        const live = p as unknown as Record<string, unknown>;
        const body: Record<string, unknown> = {};
        for (const { c, before, after } of changedFields(req.changes, live)) {
          fields.push({ field: c.field, before, after });
          if (c.field === 'blockedIps') {
            body.options = { ...((body.options as object) ?? {}), 'filters:blacklisted_ips': asList(after).join('\n') };
          } else if (c.field === 'relayPiiConfig' && after === null) {
            body.relayPiiConfig = ''; // null is ignored by the project PUT; "" clears
          } else body[c.field] = after;
        }
        return { fields, send: async () => void (await api.updateProject(org, t.id, body)) };
      }
      case 'key': {
        const keys = await reader.getKeys(t.project);
        const create = req.changes.find((c) => c.field === 'create');
        if (create) {
          const spec = (create.after ?? {}) as Record<string, unknown>;
          const oldId = typeof create.context?.rotates === 'string' ? create.context.rotates : t.id.replace(/^rotation-of-/, '');
          const old = keys.find((k) => k.id === oldId);
          const name = keyName(typeof spec.name === 'string' && spec.name ? spec.name : `${old?.name ?? 'key'} rotated`, session.shortId);
          // the old key's LIVE rate limit (3.2.1 may have just set it), else the planned one
          const rateLimit = old?.rateLimit ?? spec.rateLimit ?? null;
          const browserSdkVersion = spec.browserSdkVersion ?? old?.browserSdkVersion;
          const loader = spec.dynamicSdkLoaderOptions ?? old?.dynamicSdkLoaderOptions;
          const after = { name, rateLimit, ...(browserSdkVersion ? { browserSdkVersion } : {}), ...(loader ? { dynamicSdkLoaderOptions: loader } : {}) };
          fields.push({ field: 'create', before: null, after });
          return {
            fields,
            marker: { kind: 'key-create', project: t.project, name },
            send: async () => {
              const k = await api.createKey(org, t.project, { name, ...(rateLimit ? { rateLimit } : {}) });
              if (browserSdkVersion || loader) {
                await api.updateKey(org, t.project, k.id, {
                  ...(browserSdkVersion ? { browserSdkVersion } : {}),
                  ...(loader ? { dynamicSdkLoaderOptions: loader } : {}),
                });
              }
              return { keyId: k.id };
            },
          };
        }
        const key = keys.find((k) => k.id === t.id);
        if (!key) return { fields, localError: `client key ${t.id} of ${t.project} was not found` };
        const live = key as unknown as Record<string, unknown>;
        // every key PUT that omits browserSdkVersion resets it: always re-send the live value
        const body: Record<string, unknown> = { browserSdkVersion: key.browserSdkVersion };
        for (const c of req.changes) {
          const lv = live[c.field] ?? null;
          if (sameValue(c.field, lv, c.after)) continue;
          body[c.field] = c.after;
          fields.push({ field: c.field, before: lv, after: c.after });
        }
        return { fields, send: async () => void (await api.updateKey(org, t.project, t.id, body)) };
      }
      case 'filter': {
        const filters = await reader.getFilters(t.project);
        const f = filters.find((x) => x.id === t.id);
        if (!f) return { fields, localError: `inbound filter ${t.id} of ${t.project} was not found` };
        let body: { active?: boolean; subfilters?: string[] } = {};
        for (const c of req.changes) {
          if (c.field === 'subfilters') {
            const lv: unknown = Array.isArray(f.active) ? f.active : f.active === true ? true : [];
            // `true` already filters every legacy browser: a list would narrow it
            if (lv === true && c.before !== true) continue;
            let after: unknown = c.after === false ? [] : c.after;
            // never overwrite an existing list: add to it (a restore sets the saved list)
            if (Array.isArray(lv) && Array.isArray(after) && !sameValue('subfilters', lv, c.before === false ? [] : c.before)) {
              after = mergeList(lv, asList(c.before), asList(after));
            }
            if (sameValue('subfilters', lv, after)) continue;
            fields.push({ field: 'subfilters', before: lv, after });
            body = after === true ? { active: true } : Array.isArray(after) && after.length === 0 ? { active: false } : { subfilters: asList(after) };
          } else {
            const lv = f.active;
            if (sameValue('active', lv, c.after)) continue;
            fields.push({ field: 'active', before: lv, after: c.after });
            body = Array.isArray(c.after) ? { subfilters: asList(c.after) } : { active: c.after === true };
          }
        }
        return { fields, send: async () => void (await api.updateFilter(org, t.project, t.id, body)) };
      }
      case 'project-team': {
        const c = req.changes[0]!;
        const lv = await reader.value(t, 'linked');
        if (lv === ABSENT) return { fields, localError: `project ${t.project} was not found` };
        if (lv === c.after) return { fields };
        fields.push({ field: 'linked', before: lv, after: c.after });
        return {
          fields,
          send: async () => {
            if (c.after === true) await api.addProjectTeam(org, t.project, t.id);
            else await api.removeProjectTeam(org, t.project, t.id);
          },
        };
      }
      case 'spike-protection': {
        const projects: string[] = [];
        for (const c of req.changes) {
          const slug = spikeProject(c);
          const lv = await reader.value(t, 'enabled', slug);
          if (lv === ABSENT || lv === c.after) continue;
          projects.push(slug);
          fields.push({ field: 'enabled', resource: slug, before: lv, after: c.after });
        }
        const enable = req.method === 'POST';
        return {
          fields,
          send: async () => {
            if (enable) await api.enableSpikeProtection(org, projects);
            else await api.disableSpikeProtection(org, projects);
          },
        };
      }
      case 'member': {
        const c = req.changes[0]!;
        const detail = await api.getMember(org, t.id);
        if (conn.whoami.user && detail.user?.id === conn.whoami.user.id) {
          return { fields, localError: `refused: sentry-harden never changes the acting user's own role (${t.email})` };
        }
        if (detail.orgRole === c.after) return { fields };
        // without the full teamRoles Sentry drops the member's team rows
        const live: TeamRole[] = Array.isArray(detail.teamRoles)
          ? detail.teamRoles
          : ((c.context?.teamRoles as TeamRole[] | undefined) ?? []);
        // a restore puts back the team roles saved before the change, on the teams the member
        // is on now (a team left or joined since stays as it is)
        const saved = c.context?.restoreTeamRoles as TeamRole[] | undefined;
        const teamRoles = Array.isArray(saved)
          ? live.map((tr) => saved.find((s) => s.teamSlug === tr.teamSlug) ?? tr)
          : live;
        fields.push({ field: 'orgRole', before: detail.orgRole, after: c.after });
        return {
          fields,
          marker: { kind: 'member-role', teamRoles: live },
          send: async () => void (await api.updateMember(org, t.id, { orgRole: String(c.after), teamRoles })),
        };
      }
      case 'invitation': {
        const c = req.changes[0]!;
        if (c.after === false) {
          const live = await reader.getMember(t.id);
          if (!live) return { fields };
          if (!live.pending) return { fields, localError: `refused: ${t.email} is no longer an invitation (they joined)` };
          // the live detail's team roles: what a rollback re-invites with
          const liveRoles = (live as Partial<MemberDetail>).teamRoles;
          let teamRoles = Array.isArray(liveRoles) ? liveRoles : (c.context?.teamRoles as TeamRole[] | undefined);
          if (!Array.isArray(teamRoles)) teamRoles = (await api.getMember(org, t.id)).teamRoles ?? [];
          fields.push({ field: 'exists', before: true, after: false });
          return {
            fields,
            marker: { kind: 'invitation-delete', email: live.email || t.email, orgRole: live.orgRole, teamRoles },
            send: () => api.deleteMember(org, t.id),
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
          send: async () => void (await api.inviteMember(org, { email, orgRole, teamRoles, sendInvite: true })),
        };
      }
      default:
        return { fields, localError: `sentry-harden cannot change a ${t.type}` };
    }
  } catch (e) {
    if (e instanceof LocalRefusal) return { fields, localError: e.message };
    throw e;
  }
}

interface Readback {
  allAfter: boolean;
  noneChanged: boolean;
  /** per field, when not the intended value */
  ignored: { field: string; live: LiveValue }[];
  keyId?: string;
}

async function readBack(conn: Conn, req: ApiRequest, prepared: Prepared): Promise<Readback> {
  const reader = new LiveReader(conn.api, conn.target.org);
  const t = req.target;
  if (prepared.marker?.kind === 'key-create' && t.type === 'key') {
    const k = await reader.findKeyByName(t.project, prepared.marker.name);
    if (!k) return { allAfter: false, noneChanged: true, ignored: [{ field: 'create', live: ABSENT }] };
    // the new key must also carry what the old one had (set by the POST and a follow-up PUT)
    const want = (prepared.fields[0]?.after ?? {}) as Record<string, unknown>;
    const live = k as unknown as Record<string, unknown>;
    const ignored: Readback['ignored'] = [];
    if (want.rateLimit && !sameValue('rateLimit', live.rateLimit ?? null, want.rateLimit)) ignored.push({ field: 'rateLimit', live: live.rateLimit ?? null });
    if (typeof want.browserSdkVersion === 'string' && live.browserSdkVersion !== want.browserSdkVersion) ignored.push({ field: 'browserSdkVersion', live: live.browserSdkVersion ?? null });
    const loader = want.dynamicSdkLoaderOptions;
    if (loader && typeof loader === 'object') {
      const liveLoader = (live.dynamicSdkLoaderOptions ?? {}) as Record<string, unknown>;
      if (Object.entries(loader).some(([key, v]) => liveLoader[key] !== v)) ignored.push({ field: 'dynamicSdkLoaderOptions', live: live.dynamicSdkLoaderOptions ?? null });
    }
    return { allAfter: ignored.length === 0, noneChanged: false, ignored, keyId: k.id };
  }
  if (prepared.marker?.kind === 'invitation-create') {
    const m = await reader.findMemberByEmail(prepared.marker.email);
    return { allAfter: !!m, noneChanged: !m, ignored: m ? [] : [{ field: 'exists', live: false }] };
  }
  const ignored: { field: string; live: LiveValue }[] = [];
  let noneChanged = true;
  for (const f of prepared.fields) {
    const live = await reader.value(t, f.field, f.resource);
    const isAfter = live !== ABSENT ? sameValue(f.field, live, f.after) : t.type === 'invitation' && f.after === false;
    if (!isAfter) ignored.push({ field: f.resource ? `${f.resource}:${f.field}` : f.field, live });
    if (live === ABSENT || !sameValue(f.field, live, f.before)) noneChanged = false;
  }
  if (prepared.marker?.kind === 'member-role' && t.type === 'member') {
    // the role PUT carries the member's teams; a server that drops team rows anyway is reported
    const detail = await conn.api.getMember(conn.target.org, t.id);
    const sent = new Set(prepared.marker.teamRoles.map((r) => r.teamSlug));
    const now = (detail.teamRoles ?? []).map((r) => r.teamSlug);
    if (Array.isArray(detail.teamRoles) && (now.length !== sent.size || now.some((s) => !sent.has(s)))) {
      ignored.push({ field: 'teamRoles', live: now });
    }
  }
  return { allAfter: ignored.length === 0, noneChanged, ignored };
}

async function whyIgnored(conn: Conn, req: ApiRequest, field: string, live: LiveValue, state: OrgState): Promise<string> {
  const t = req.target;
  if (t.type === 'key' && field === 'rateLimit') {
    const fromState = state.projects.ok ? state.projects.value.find((p) => p.slug === t.project) : undefined;
    const features = fromState?.features ?? (await new LiveReader(conn.api, conn.target.org).getProject(t.project).catch(() => undefined))?.features ?? [];
    if (!features.includes('rate-limits')) return `rateLimit: project ${t.project} lacks the rate-limits feature, so Sentry ignores rate limits on its keys (plan)`;
  }
  if (t.type === 'organization' && field === 'defaultRole') {
    // org:admin needs both the token scope and the owner role (scopes are the intersection)
    const role = state.org.ok ? state.org.value.orgRole : undefined;
    if (!(conn.whoami.scopes ?? ['org:admin']).includes('org:admin') || (role !== undefined && role !== 'owner')) {
      return `defaultRole: owner-only; Sentry ignores it from ${role && role !== 'owner' ? `a ${role}` : 'a token without org:admin'} (use an owner's token)`;
    }
  }
  if (t.type === 'member' && field === 'teamRoles') {
    const had = req.changes[0]?.context?.teamRoles;
    return `the member's teams changed with the role change: now ${show(live)}${Array.isArray(had) ? `, before ${show((had as TeamRole[]).map((r) => r.teamSlug))}` : ''}; add the missing teams back in Sentry`;
  }
  if (live === ABSENT) return `${field}: the resource no longer exists`;
  return `${field}: the server ignored it and kept ${show(live)} (unknown or unsupported setting on this server)`;
}

function entryStatusOf(o: RequestOutcome['status']): JournalEntry['status'] {
  return o === 'applied' ? 'applied' : o === 'not-effective' ? 'not-effective' : 'failed';
}

/**
 * Apply the plan through `session`. Requests run one at a time in plan order; a failed request
 * stops the rest of its control, not the session. Finishes the session (unless keepSessionOpen).
 */
export async function applyPlan(
  conn: Conn,
  state: OrgState,
  changes: PlannedChange[],
  session: SnapshotSession,
  opts: ApplyOptions,
): Promise<RequestOutcome[]> {
  const emit = (e: EngineEvent): void => opts.onEvent?.(e);
  // with keepSessionOpen the caller owns the session's lifecycle and its events
  if (!opts.keepSessionOpen) emit({ type: 'session-started', sessionId: session.id, dir: session.dir });
  const requests = groupIntoRequests(changes);
  const outcomes: RequestOutcome[] = [];
  const stoppedControls = new Map<string, string>();
  /** old keys whose rotation key was not created as planned */
  const missingReplacement = new Set<string>();
  let aborted = false;

  // A key rotation deactivates the old key only once the new DSN is deployed: never in the run
  // that creates the replacement (POLICY 3.2.4), unless the person confirmed it in the wizard.
  const requestWaits = (r: ApiRequest): boolean => !opts.rotationDeployed && r.changes.some(waitsForDeploy);
  const held = (r: ApiRequest): string | undefined => {
    for (const c of r.changes) {
      const flag = heldBackFlag(c, state, opts.allowRisky, opts.rotationDeployed);
      if (flag) return flag;
    }
    return undefined;
  };
  const toRun = requests.filter((r) => !held(r));
  const pf = preflight(state, toRun.flatMap((r) => r.changes), opts.policy ?? DEFAULT_POLICY);
  const refused = new Set(pf.refusedChecks);

  const finish = (o: RequestOutcome): void => {
    outcomes.push(o);
    emit({ type: 'request-finished', outcome: o });
  };

  for (const req of requests) {
    const flag = held(req);
    if (flag) {
      const message = requestWaits(req)
        ? `the old key stays active until the new DSN is deployed: run again later with ${flag} to deactivate it`
        : `risky change held back: run again with ${flag} to apply it`;
      finish({ request: req, status: 'held-back', heldBackFlag: flag, message });
      continue;
    }
    const refusedCheck = req.checkIds.find((id) => refused.has(id));
    if (refusedCheck) {
      const why = req.checkIds.flatMap((id) => pf.reasons[id] ?? []).join(' ');
      finish({ request: req, status: 'skipped', message: `refused by pre-flight: ${why}` });
      continue;
    }
    if (aborted || opts.signal?.aborted) {
      aborted = true;
      finish({ request: req, status: 'skipped', message: 'stopped before this request' });
      continue;
    }
    const stopped = stoppedControls.get(req.controlId);
    if (stopped) {
      finish({ request: req, status: 'skipped', message: `control ${req.controlId} stopped: ${stopped}` });
      continue;
    }
    const orphaned = req.changes.find((c) => c.field === 'isActive' && typeof c.context?.afterCreateOf === 'string' && missingReplacement.has(c.context.afterCreateOf));
    if (orphaned) {
      finish({ request: req, status: 'skipped', message: 'the replacement key was not created as planned, so the old key stays active' });
      continue;
    }
    emit({ type: 'request-started', request: req });
    const outcome = await runRequest(conn, state, req, session, opts);
    finish(outcome);
    // an old key is deactivated only after its replacement is in place (not merely "not failed")
    for (const c of req.changes) {
      if (c.field !== 'create' || outcome.status === 'applied') continue;
      missingReplacement.add(typeof c.context?.rotates === 'string' ? c.context.rotates : c.target.id.replace(/^rotation-of-/, ''));
    }
    if (outcome.status === 'failed') {
      const reason = `${req.description} failed: ${outcome.message ?? ''}`.trim();
      stoppedControls.set(req.controlId, reason);
      emit({ type: 'control-stopped', controlId: req.controlId, reason });
    }
  }

  const status = aborted || outcomes.some((o) => o.status === 'failed') ? 'partial' : 'complete';
  if (!opts.keepSessionOpen) {
    await session.finish(status);
    emit({ type: 'session-finished', sessionId: session.id, status });
  }
  return outcomes;
}

async function runRequest(conn: Conn, state: OrgState, req: ApiRequest, session: SnapshotSession, opts: ApplyOptions): Promise<RequestOutcome> {
  let prepared: Prepared;
  try {
    prepared = await prepare(conn, new LiveReader(conn.api, conn.target.org), req, session, state, opts.allowRisky);
  } catch (e) {
    const info = errorInfo(e);
    return { request: req, status: 'failed', message: `could not read the live value before writing: ${info.message}` };
  }
  if (prepared.localError) return { request: req, status: 'failed', message: prepared.localError };
  if (prepared.fields.length === 0 || !prepared.send) return { request: req, status: 'applied', message: 'already in place; nothing sent' };

  let entry = await session.writeEntry({
    requestId: req.id,
    controlId: req.controlId,
    checkIds: req.checkIds,
    target: req.target,
    method: req.method,
    description: req.description,
    fields: prepared.fields,
    ...(prepared.marker ? { marker: prepared.marker } : {}),
  });
  await opts.hooks?.afterJournal?.(req, entry);

  let sendError: unknown;
  let created: { keyId?: string } | void = undefined;
  try {
    created = await prepared.send();
  } catch (e) {
    sendError = e;
  }
  await opts.hooks?.afterSend?.(req, entry);
  if (created?.keyId && prepared.marker?.kind === 'key-create') {
    prepared.marker = { ...prepared.marker, keyId: created.keyId };
    entry = await session.updateEntry(entry.seq, { marker: prepared.marker });
  }

  let outcome: RequestOutcome;
  let lastReadback: Readback | undefined;
  const errInfo = sendError === undefined ? undefined : errorInfo(sendError);
  if (errInfo && !errInfo.uncertain) {
    const fm = fieldMessages(errInfo.fieldErrors);
    outcome = {
      request: req,
      status: 'failed',
      message: fm ? `${errInfo.message} (${fm})` : errInfo.message,
      ...(errInfo.fieldErrors ? { fieldErrors: errInfo.fieldErrors } : {}),
    };
  } else {
    let rb: Readback | undefined;
    let rbError: string | undefined;
    try {
      rb = await readBack(conn, req, prepared);
      lastReadback = rb;
    } catch (e) {
      rbError = errorInfo(e).message;
    }
    if (rb?.keyId && prepared.marker?.kind === 'key-create' && !prepared.marker.keyId) {
      prepared.marker = { ...prepared.marker, keyId: rb.keyId };
      entry = await session.updateEntry(entry.seq, { marker: prepared.marker });
    }
    if (!rb) {
      outcome = {
        request: req,
        status: 'failed',
        message: errInfo
          ? `${errInfo.message}; the read-back failed too (${rbError}), so whether it took effect is unknown (rollback resolves it)`
          : `sent, but the read-back failed (${rbError}), so whether it took effect is unknown (rollback resolves it)`,
      };
    } else if (rb.allAfter) {
      outcome = { request: req, status: 'applied', ...(errInfo ? { message: `the request reported an error (${errInfo.message}) but the read-back shows it took effect` } : {}) };
    } else if (errInfo) {
      const notInEffect = rb.ignored.length > 0 ? ` (not in effect: ${rb.ignored.map((i) => i.field).join(', ')})` : '';
      outcome = { request: req, status: 'failed', message: `${errInfo.message}${notInEffect}${rb.noneChanged ? '' : ' (some fields changed; rollback restores them)'}` };
    } else {
      const reasons: string[] = [];
      for (const i of rb.ignored) reasons.push(await whyIgnored(conn, req, i.field.replace(/^.*:/, ''), i.live, state));
      outcome = { request: req, status: 'not-effective', message: `not effective: ${reasons.join('; ')}` };
    }
  }
  // Fields this request certainly did not change: all of them after a definite refusal; those the
  // read-back found unchanged (still `before`) when the server ignored them.
  const untouched = new Set<string>();
  if (errInfo && !errInfo.uncertain) for (const f of entry.fields) untouched.add(f.resource ? `${f.resource}:${f.field}` : f.field);
  else if (lastReadback && !lastReadback.allAfter) {
    for (const i of lastReadback.ignored) {
      const f = entry.fields.find((x) => (x.resource ? `${x.resource}:${x.field}` : x.field) === i.field);
      if (f && i.live !== ABSENT && sameValue(f.field, i.live, f.before)) untouched.add(i.field);
    }
  }
  entry = await session.updateEntry(entry.seq, {
    ...(untouched.size > 0
      ? { fields: entry.fields.map((f) => (untouched.has(f.resource ? `${f.resource}:${f.field}` : f.field) ? { ...f, notApplied: true } : f)) }
      : {}),
    status: entryStatusOf(outcome.status),
    ...(outcome.message ? { message: outcome.message } : {}),
    ...(outcome.fieldErrors ? { fieldErrors: outcome.fieldErrors } : {}),
    finishedAt: new Date().toISOString(),
  });
  return { ...outcome, entry: `entries/${String(entry.seq).padStart(4, '0')}.json` };
}
