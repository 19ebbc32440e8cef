// 3.2 Configure DSN Security (POLICY.md 3.2): client-key rate limits, allowed origins of browser
// projects, spike protection, key age (rotation) and the number of active keys.

import type { ClientKey, KeyStatPoint, RateLimit } from '../src/sentry/types.js';
import type { OrgState, Part, ProjectState } from '../src/state/types.js';
import { everyHostOrigin, ORIGIN_SOURCES } from '../src/state/origins.js';
import { DAY_MS, hasBrowserSide, need, normName, orgSettingsUrl } from './lib.js';
import { classifyPlatform, PLATFORM_SOURCES, platformNote } from '../src/state/platforms.js';
import type { CheckDef, CheckOutcome, ControlDef, Finding, PlannedChange, ResourceRef } from './types.js';
import { parseRateLimit, projectsOf, resolveList } from './edits.js';
import { plural, word } from '../src/words.js';
import { z } from 'zod';
import { param, rateLimitSchema, stringList } from './policy-params.js';

/** The policy-file parameters 3.2's checks read (steps/policy.ts builds the policy file from them). */
export const policyParams3_2 = {
  keyRateLimit: param(rateLimitSchema.describe('Rate limit proposed for client keys without one: `count` events per `window` seconds'), { window: 60, count: 1000 }),
  /** project slug → allowed origins */
  allowedDomains: param(
    z.record(z.string(), stringList).describe('Project slug -> the origins its browser SDK may send from, replacing "*"; without an entry the wizard asks'),
    {},
  ),
  maxKeyAgeDays: param(z.number().int().min(1).describe('Client keys older than this many days are due for rotation'), 365),
};

const PASS: CheckOutcome = { status: 'pass', findings: [] };
const projectRef = (p: ProjectState): ResourceRef => ({ type: 'project', id: p.slug, name: p.name });
const keyRef = (p: ProjectState, k: ClientKey): ResourceRef => ({ type: 'key', id: k.id, project: p.slug, name: k.name });
const keysUrl = (state: OrgState, p: ProjectState): string => orgSettingsUrl(state, `projects/${p.slug}/keys/`);

/** The project's client keys, or why they are missing. */
function keysOf(state: OrgState, slug: string): Part<ClientKey[]> {
  return state.keys[slug] ?? { ok: false, kind: 'error', reason: 'client keys were not collected' };
}

/** Each project with its client keys; a project whose keys were not read goes to `unreadable` instead. */
function* keysByProject(state: OrgState, projects: readonly ProjectState[], unreadable: string[]): Generator<[ProjectState, ClientKey[]]> {
  for (const project of projects) {
    const keys = keysOf(state, project.slug);
    if (keys.ok) yield [project, keys.value];
    else unreadable.push(`client keys of ${project.slug}: ${keys.reason}`);
  }
}

/** fail when something must change; error when nothing failed but part of the state was unreadable. */
function finish(findings: Finding[], changes: PlannedChange[] | undefined, unreadable: string[], extra: Partial<CheckOutcome> = {}): CheckOutcome {
  const note = unreadable.length > 0 ? `Not evaluated (could not be read): ${unreadable.join('; ')}` : undefined;
  const reason = [note, extra.reason].filter(Boolean).join(' ') || undefined;
  if (findings.length > 0) {
    return { ...extra, status: 'fail', findings, ...(changes ? { changes } : {}), ...(reason ? { reason } : {}) };
  }
  if (note) return { ...extra, status: 'error', findings: [], reason: reason ?? note };
  return { ...extra, status: 'pass', findings: [], ...(reason ? { reason } : {}) };
}

function ageDays(dateCreated: string | null, now: Date): number | null {
  if (!dateCreated) return null;
  const t = Date.parse(dateCreated);
  return Number.isFinite(t) ? Math.floor((now.getTime() - t) / DAY_MS) : null;
}

// ---------------------------------------------------------------- 3.2.1 rate limits

/** Days of key stats the proposal looks at, and the resolution the collector should request. */
export const KEY_STATS_DAYS = 30;
export const KEY_STATS_RESOLUTION = '1h';

/**
 * The busiest minute of a key's stats. Points are `{ts (epoch seconds), total}` buckets; the bucket
 * length is the smallest gap between timestamps (a single point is taken as one hour, the
 * resolution the collector requests). Buckets of a minute or less are summed per minute; for
 * coarser buckets the busiest minute is estimated as the busiest bucket's total divided by its
 * minutes (an average: real bursts inside the bucket can be higher, which the 10x headroom and
 * the policy floor absorb). Returns null when there are no points.
 */
export function busiestMinute(points: readonly KeyStatPoint[]): number | null {
  const valid = points.filter((p) => Number.isFinite(p.ts) && Number.isFinite(p.total));
  if (valid.length === 0) return null;
  const ts = [...new Set(valid.map((p) => p.ts))].sort((a, b) => a - b);
  let bucket = 3600;
  for (let i = 1; i < ts.length; i += 1) {
    const gap = (ts[i] as number) - (ts[i - 1] as number);
    if (i === 1 || gap < bucket) bucket = gap;
  }
  if (bucket <= 60) {
    const perMinute = new Map<number, number>();
    for (const p of valid) {
      const m = Math.floor(p.ts / 60);
      perMinute.set(m, (perMinute.get(m) ?? 0) + p.total);
    }
    return Math.max(...perMinute.values());
  }
  const busiest = Math.max(...valid.map((p) => p.total));
  return busiest / (bucket / 60);
}

export interface RateLimitProposal {
  rateLimit: RateLimit;
  basis: 'stats' | 'policy';
  busiestMinute: number | null;
}

/**
 * 10x the busiest minute (scaled to the policy window), never below the policy's `keyRateLimit`.
 * Without readable stats the policy limit is proposed.
 */
export function proposeRateLimit(stats: Part<KeyStatPoint[]> | undefined, policyLimit: RateLimit): RateLimitProposal {
  const peak = stats?.ok ? busiestMinute(stats.value) : null;
  if (peak === null) return { rateLimit: { ...policyLimit }, basis: 'policy', busiestMinute: null };
  const fromStats = Math.ceil(10 * peak * (policyLimit.window / 60));
  return {
    rateLimit: { window: policyLimit.window, count: Math.max(fromStats, policyLimit.count) },
    basis: fromStats > policyLimit.count ? 'stats' : 'policy',
    busiestMinute: peak,
  };
}

const check3_2_1: CheckDef = {
  id: '3.2.1',
  params: ['keyRateLimit'],
  title: 'Every active client key has a rate limit',
  level: 'L1',
  reads: ['projects', 'keys', 'keyStats'],
  edit: {
    spec(check) {
      const first = (check.changes ?? []).find((c) => c.field === 'rateLimit');
      const rl = first?.after as RateLimit | undefined;
      if (!rl) return undefined;
      return { kind: 'rate-limit', checkId: check.id, label: '3.2.1 rate limit for every client key', initial: `${rl.count}/${rl.window}` };
    },
    resolve(spec, value) {
      const rl = parseRateLimit(Array.isArray(value) ? (value[0] ?? '') : value);
      if (typeof rl === 'string') return rl;
      return { rateLimit: { checkId: spec.checkId, value: rl } };
    },
  },
  automation: 'auto',
  risk: 'disruptive',
  rationale: 'A DSN is public in every browser and app bundle; a per-key rate limit caps what anyone holding it can send and what it costs.',
  evaluate(ctx) {
    const p = need(ctx.state.projects, 'projects');
    if ('outcome' in p) return p.outcome;
    const projects = p.value;
    const withFeature = projects.filter((x) => x.features.includes('rate-limits'));
    const without = projects.filter((x) => !x.features.includes('rate-limits'));
    if (withFeature.length === 0) {
      return {
        status: 'not_applicable',
        findings: [],
        reason: projects.length === 0
          ? 'The organization has no projects.'
          : 'No project has the "rate-limits" feature, so Sentry ignores client-key rate limits on this plan or server.',
      };
    }
    const findings: Finding[] = [];
    const changes: PlannedChange[] = [];
    const unreadable: string[] = [];
    const policyLimit = ctx.policy.keyRateLimit;
    for (const [project, keys] of keysByProject(ctx.state, withFeature, unreadable)) {
      for (const key of keys) {
        if (!key.isActive || key.rateLimit) continue;
        const proposal = proposeRateLimit(ctx.state.keyStats[key.id], policyLimit);
        const { count, window } = proposal.rateLimit;
        const basis = proposal.busiestMinute === null
          ? 'no usage statistics could be read, so the policy limit is proposed'
          : `its busiest minute of the last ${KEY_STATS_DAYS} days had about ${Math.ceil(proposal.busiestMinute)} events` +
            (proposal.basis === 'stats' ? '; proposed 10x that' : '; 10x that is below the policy minimum, so the policy limit is proposed');
        findings.push({
          resource: keyRef(project, key),
          field: 'rateLimit',
          current: null,
          expected: proposal.rateLimit,
          message: `Active key "${key.name}" of ${project.slug} has no rate limit (${basis}).`,
        });
        changes.push({
          checkId: '3.2.1',
          target: keyRef(project, key),
          field: 'rateLimit',
          before: null,
          after: proposal.rateLimit,
          risk: 'disruptive',
          reversible: true,
          consequence: `Events above ${count} per ${window} seconds sent with this DSN are dropped.`,
          context: { browserSdkVersion: key.browserSdkVersion, basis: proposal.basis, busiestMinute: proposal.busiestMinute },
        });
      }
    }
    const note = without.length > 0
      ? `Skipped (no "rate-limits" feature, Sentry would ignore a limit): ${without.map((x) => x.slug).join(', ')}.`
      : undefined;
    const warnings = changes.length > 0
      ? ['Events above the new limits are dropped; check the proposed numbers against expected peaks (releases, incidents) before applying.']
      : undefined;
    return finish(findings, changes, unreadable, { ...(note ? { reason: note } : {}), ...(warnings ? { warnings } : {}) });
  },
};

// ---------------------------------------------------------------- 3.2.2 allowed domains

/**
 * A wildcard port as Sentry's OriginField refuses it (400 "Wildcard ports are not allowed"):
 * `validate_origin` looks for ":*" in the `domain` of `parse_uri_match`, which, once the host part
 * (before the first "/") has a ":", is everything after the scheme from the host on, path included
 * (src/sentry/api/serializers/rest_framework/origin.py, src/sentry/utils/http.py). So
 * "https://a.example.com:*x" and "a.example.com:80/x:*" are refused, "https://a.example.com/x:*" is not.
 */
function wildcardPort(origin: string): boolean {
  const i = origin.indexOf('://');
  const rest = i >= 0 ? origin.slice(i + 3) : origin;
  const slash = rest.indexOf('/');
  const host = slash >= 0 ? rest.slice(0, slash) : rest;
  return host.includes(':') && rest.includes(':*');
}

/** Origins Sentry's OriginField would reject or that allow everything. */
function badOrigin(origin: string): string | null {
  const o = origin.trim();
  if (o === '') return 'empty origin';
  const wide = everyHostOrigin(o);
  if (wide !== null) return `"${o}" allows ${wide}`;
  if (wildcardPort(o)) return `"${o}": wildcard ports are not allowed`;
  if (/\s/.test(o)) return `"${o}" contains whitespace`;
  return null;
}

function policyDomainsFor(policy: Record<string, string[]>, slug: string): string[] | undefined {
  const key = Object.keys(policy).find((k) => normName(k) === normName(slug));
  return key === undefined ? undefined : policy[key];
}

const check3_2_2: CheckDef = {
  id: '3.2.2',
  params: ['allowedDomains'],
  title: 'Browser projects accept events only from their own origins',
  level: 'L2',
  reads: ['projects'],
  edit: {
    spec(check, { policy }) {
      const projects = projectsOf(check);
      const first = projects[0];
      return {
        kind: 'list',
        checkId: check.id,
        param: 'allowedDomains',
        label: `3.2.2 allowed origins for ${plural(projects.length, 'browser project')}`,
        hint: 'comma separated, e.g. https://app.example.com, https://*.example.com',
        projects,
        initial: first ? (policy.allowedDomains[first] ?? []).join(', ') : '',
      };
    },
    resolve: resolveList,
  },
  automation: 'guided',
  risk: 'disruptive',
  rationale: 'With "*" (or a wildcard host such as "https://*", or a wildcard over a top-level domain such as "*.com") as allowed domain anyone can send events to a browser project\'s public DSN from any website; a list of origins rejects them at ingestion.',
  sources: [...ORIGIN_SOURCES, ...PLATFORM_SOURCES],
  evaluate(ctx) {
    const p = need(ctx.state.projects, 'projects');
    if ('outcome' in p) return p.outcome;
    // full-stack projects too: their browser side sends an Origin header (server events have none)
    const browser = p.value.filter(hasBrowserSide);
    const unknown = p.value.filter((x) => classifyPlatform(x.platform) === 'unknown');
    if (browser.length === 0 && unknown.length === 0) {
      return { status: 'not_applicable', findings: [], reason: 'No browser JavaScript project.' };
    }
    const findings: Finding[] = [];
    const changes: PlannedChange[] = [];
    const missing: string[] = [];
    const invalid: string[] = [];
    const decide: string[] = [];
    for (const project of unknown) {
      const wide = project.allowedDomains.map((d) => [d, everyHostOrigin(d)] as const).filter(([, w]) => w !== null);
      if (wide.length === 0) continue;
      decide.push(`${project.slug}: ${platformNote(project.platform)}; it accepts events from ${wide.map(([d, w]) => `${w} ("${d}")`).join(', ')}. If browsers send its events, list its origins at ${orgSettingsUrl(ctx.state, `projects/${project.slug}/`)} → Client Security → Allowed Domains.`);
    }
    for (const project of browser) {
      const wide = project.allowedDomains.map((d) => [d, everyHostOrigin(d)] as const).filter(([, w]) => w !== null);
      if (wide.length === 0) continue;
      const wanted = policyDomainsFor(ctx.policy.allowedDomains, project.slug);
      const problems = (wanted ?? []).map(badOrigin).filter((x): x is string => x !== null);
      const finding: Finding = {
        resource: projectRef(project),
        field: 'allowedDomains',
        current: project.allowedDomains,
        expected: wanted && wanted.length > 0 && problems.length === 0 ? wanted : ['<the origins of your web app>'],
        message: `${project.slug} accepts events from ${wide.map(([d, w]) => `${w} ("${d}")`).join(', ')}.`,
        source: 'project',
      };
      if (!wanted || wanted.length === 0) {
        missing.push(project.slug);
        findings.push({ ...finding, message: `${finding.message} The policy names no origins for it (allowedDomains.${project.slug}).` });
        continue;
      }
      if (problems.length > 0) {
        invalid.push(`${project.slug}: ${problems.join(', ')}`);
        findings.push({ ...finding, message: `${finding.message} The policy's origins for it are not usable: ${problems.join(', ')}.` });
        continue;
      }
      const kept = project.allowedDomains.filter((d) => everyHostOrigin(d) === null);
      const after = [...kept];
      for (const w of wanted) if (!after.some((a) => normName(a) === normName(w))) after.push(w.trim());
      findings.push(finding);
      changes.push({
        checkId: '3.2.2',
        target: projectRef(project),
        field: 'allowedDomains',
        before: project.allowedDomains,
        after,
        risk: 'disruptive',
        reversible: true,
        consequence: `Events from pages outside ${after.join(', ')} are rejected for ${project.slug} (also local development and preview URLs unless listed).`,
      });
    }
    if (findings.length === 0) {
      if (decide.length === 0) return PASS;
      return { status: 'manual', findings: [], reason: `Platform unknown, so whether browsers send these events cannot be told: ${plural(decide.length, 'project')} ${word(decide.length, 'accepts', 'accept')} every origin.`, manualSteps: decide };
    }
    const out: CheckOutcome = { status: 'fail', findings, changes };
    if (missing.length > 0) {
      out.missingParameter = 'allowedDomains';
      out.reason = `Add the origins to the policy file, e.g. {"allowedDomains": {${missing.map((s) => `"${s}": ["https://app.example.com"]`).join(', ')}}}, or enter them in the wizard.`;
    }
    if (invalid.length > 0) {
      out.reason = [out.reason, `Fix the policy's allowedDomains: ${invalid.join('; ')}.`].filter(Boolean).join(' ');
      out.invalidPolicy = [{ parameter: 'allowedDomains', problems: invalid }];
    }
    if (changes.length > 0) out.warnings = changes.map((c) => c.consequence as string);
    out.manualSteps = browser
      .filter((x) => findings.some((f) => f.resource.id === x.slug))
      .map((x) => `${x.slug}: ${orgSettingsUrl(ctx.state, `projects/${x.slug}/`)} → Client Security → Allowed Domains`);
    if (decide.length > 0) out.manualSteps.push(...decide);
    return out;
  },
};

// ---------------------------------------------------------------- 3.2.3 spike protection

const check3_2_3: CheckDef = {
  id: '3.2.3',
  title: 'Spike protection is on for every project',
  level: 'L2',
  reads: ['projects', 'spikeProtection'],
  automation: 'auto',
  risk: 'none',
  rationale: 'Spike protection drops sudden floods of events (abuse of a public DSN, error loops) before they exhaust the quota of every project.',
  evaluate(ctx) {
    const s = need(ctx.state.spikeProtection, 'spike protection');
    if ('outcome' in s) return s.outcome;
    if (s.value === 'unavailable') {
      return { status: 'not_applicable', findings: [], reason: 'This server has no spike protection (the spike-protections endpoint answers 404, as on self-hosted Sentry).' };
    }
    const p = need(ctx.state.projects, 'projects');
    if ('outcome' in p) return p.outcome;
    const off = p.value.filter((x) => x.spikeProtectionDisabled === true);
    if (off.length === 0) return PASS;
    return {
      status: 'fail',
      findings: off.map((x) => ({
        resource: projectRef(x),
        field: 'options["quotas:spike-protection-disabled"]',
        current: true,
        expected: 'false or unset',
        message: `Spike protection is off for ${x.slug}.`,
        source: 'project' as const,
      })),
      changes: off.map((x) => ({
        checkId: '3.2.3',
        target: { type: 'spike-protection', id: x.slug },
        field: 'enabled',
        before: false,
        after: true,
        risk: 'none',
        reversible: true,
      })),
    };
  },
};

// ---------------------------------------------------------------- 3.2.4 key age / rotation
//
// Rotation is planned as two changes per old key:
// 1. `create` (risk none) on target `rotation-of-<old id>`: POST a key with `after` as the body.
//    `after.name` holds the placeholder `{session}`, which the engine replaces with its session id
//    (the name marks the rotation and the session, so a crashed create can be found again).
// 2. `isActive` true → false (risky) on the old key, `context.browserSdkVersion` re-sent.
//    The engine must apply it only after the person confirms the new DSN is deployed (wizard),
//    or with `--allow-risky 3.2.4` on a LATER run: when `context.afterCreateOf` is set, the new
//    key is created in this very plan and its DSN cannot be deployed yet, so `apply --yes` holds
//    the deactivation back. A later run finds the replacement key (by name) and plans only step 2,
//    with `context.replacementKey`/`replacementDsn`. Keys are never deleted.

/** Name of a rotation key: marks the rotation, the old key and (placeholder) the session. */
export const ROTATION_SESSION_PLACEHOLDER = '{session}';
export function rotationKeyName(oldKey: Pick<ClientKey, 'id'>): string {
  return `sentry-harden ${ROTATION_SESSION_PLACEHOLDER} rotates ${oldKey.id.slice(0, 8)}`;
}
/** Target id of the `create` change that replaces `oldKey` (the new key has no id yet). */
export function rotationTargetId(oldKey: Pick<ClientKey, 'id'>): string {
  return `rotation-of-${oldKey.id}`;
}
/** An active key of the project created earlier to replace `oldKey`. */
function rotationKeyFor(keys: readonly ClientKey[], oldKey: ClientKey): ClientKey | undefined {
  const marker = ` rotates ${oldKey.id.slice(0, 8)}`;
  return keys.find((k) => k.id !== oldKey.id && k.isActive && k.name.startsWith('sentry-harden ') && k.name.endsWith(marker));
}

const check3_2_4: CheckDef = {
  id: '3.2.4',
  params: ['maxKeyAgeDays'],
  title: 'No active client key is older than the policy allows',
  level: 'L3',
  reads: ['projects', 'keys'],
  automation: 'guided',
  risk: 'risky',
  rationale: 'DSNs end up in public bundles, logs and old repositories; rotating them regularly limits how long a leaked DSN can be abused.',
  evaluate(ctx) {
    const p = need(ctx.state.projects, 'projects');
    if ('outcome' in p) return p.outcome;
    const maxDays = ctx.policy.maxKeyAgeDays;
    const findings: Finding[] = [];
    const changes: PlannedChange[] = [];
    const unreadable: string[] = [];
    const steps: string[] = [];
    for (const [project, keys] of keysByProject(ctx.state, p.value, unreadable)) {
      for (const key of keys) {
        if (!key.isActive) continue;
        const age = ageDays(key.dateCreated, ctx.now);
        if (age !== null && age <= maxDays) continue;
        // Keys without a creation date predate Sentry recording it, so they are very old.
        const ageText = age === null ? 'of unknown age (created before Sentry recorded key dates)' : `${age} days old`;
        const replacement = rotationKeyFor(keys, key);
        findings.push({
          resource: keyRef(project, key),
          field: 'dateCreated',
          current: key.dateCreated,
          expected: `at most ${maxDays} days old`,
          message: `Active key "${key.name}" of ${project.slug} is ${ageText}.` +
            (replacement ? ` Replacement key "${replacement.name}" already exists; deactivate the old key once the new DSN is deployed.` : ''),
        });
        if (!replacement) {
          // A distinct target id: the engine groups changes per key, and this request is a POST
          // for a new key, never part of a PUT on the old one.
          changes.push({
            checkId: '3.2.4',
            target: { type: 'key', id: rotationTargetId(key), project: project.slug, name: rotationKeyName(key) },
            field: 'create',
            before: null,
            after: {
              name: rotationKeyName(key),
              rateLimit: key.rateLimit,
              browserSdkVersion: key.browserSdkVersion,
              ...(key.dynamicSdkLoaderOptions ? { dynamicSdkLoaderOptions: key.dynamicSdkLoaderOptions } : {}),
            },
            risk: 'none',
            reversible: true,
            consequence: `A new key is created for ${project.slug}; deploy its DSN to every SDK, loader script and CSP report URI before the old key is deactivated.`,
            context: { rotates: key.id, rotatesName: key.name, sessionPlaceholder: ROTATION_SESSION_PLACEHOLDER },
          });
        } else {
          steps.push(`${project.slug}: deploy ${replacement.dsn.public} (key "${replacement.name}") everywhere "${key.name}" is used, then confirm.`);
        }
        changes.push({
          checkId: '3.2.4',
          target: keyRef(project, key),
          field: 'isActive',
          before: true,
          after: false,
          risk: 'risky',
          reversible: true,
          consequence: `Events sent with the DSN of "${key.name}" (${project.slug}) are rejected from then on. Deactivate only after the new DSN is deployed everywhere; the key is not deleted and can be reactivated.`,
          context: {
            browserSdkVersion: key.browserSdkVersion,
            requiresConfirmation: 'new-dsn-deployed',
            ...(replacement ? { replacementKey: replacement.id, replacementDsn: replacement.dsn.public } : { afterCreateOf: key.id }),
          },
        });
      }
    }
    const extra: Partial<CheckOutcome> = {};
    if (changes.length > 0) {
      extra.warnings = [
        'Rotation has two steps: a new key is created and its DSN shown; the old key is deactivated only after you confirm the new DSN is deployed (wizard), or on a later run with --allow-risky 3.2.4. Old keys are never deleted.',
      ];
      extra.manualSteps = [
        ...steps,
        'Replace the DSN in every application, loader <script> tag, CSP report-uri and CI secret, then release.',
        ...p.value.filter((x) => findings.some((f) => f.resource.type === 'key' && f.resource.project === x.slug)).map((x) => `${x.slug}: ${keysUrl(ctx.state, x)}`),
      ];
    }
    return finish(findings, changes, unreadable, extra);
  },
};

// ---------------------------------------------------------------- 3.2.5 one active key per project

const check3_2_5: CheckDef = {
  id: '3.2.5',
  title: 'Each project has at most one active client key',
  level: 'L3',
  reads: ['projects', 'keys'],
  automation: 'manual',
  risk: 'none',
  rationale: 'Every extra active DSN is another credential to leak, rate-limit and rotate; unused keys should be deactivated.',
  evaluate(ctx) {
    const p = need(ctx.state.projects, 'projects');
    if ('outcome' in p) return p.outcome;
    const findings: Finding[] = [];
    const unreadable: string[] = [];
    const steps: string[] = [];
    for (const [project, keys] of keysByProject(ctx.state, p.value, unreadable)) {
      const active = keys.filter((k) => k.isActive);
      if (active.length <= 1) continue;
      // Keep the newest listed first; the others are the extras to review. A key without a
      // creation date counts as the oldest (Sentry did not record dates for its oldest keys).
      const created = (k: ClientKey): number => {
        const t = Date.parse(k.dateCreated ?? '');
        return Number.isFinite(t) ? t : Number.NEGATIVE_INFINITY;
      };
      const sorted = [...active].sort((a, b) => (created(a) === created(b) ? 0 : created(b) > created(a) ? 1 : -1));
      for (const key of sorted.slice(1)) {
        const age = ageDays(key.dateCreated, ctx.now);
        findings.push({
          resource: keyRef(project, key),
          field: 'isActive',
          current: true,
          expected: false,
          message: `${project.slug} has ${active.length} active keys; extra key "${key.name}" is ${age === null ? 'of unknown age' : `${age} days old`}.`,
        });
      }
      steps.push(`${project.slug}: ${keysUrl(ctx.state, project)}: find which applications use each of ${active.map((k) => `"${k.name}"`).join(', ')}; move them to one key and disable the others.`);
    }
    return finish(findings, undefined, unreadable, steps.length > 0 ? { manualSteps: steps } : {});
  },
};

export const control3_2: ControlDef = {
  id: '3.2',
  title: 'Configure DSN Security',
  level: 'L1',
  frameworks: { cis: ['3.11'], nist: ['SC-12'], soc2: ['CC6.7'] },
  rationale:
    'A DSN is a public credential: anyone who has it can send events to the project. ' +
    'Rate limits, allowed origins and spike protection bound the damage, and rotating and pruning keys limits how long a leaked DSN works.',
  checks: [check3_2_1, check3_2_2, check3_2_3, check3_2_4, check3_2_5],
};
