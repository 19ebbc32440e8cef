// 3.3 Configure IP Filtering (POLICY.md 3.3). Sentry has deny-lists, not allow-lists: inbound
// filters drop browser noise (browser JavaScript projects only, they would hide real errors on
// servers), the IP blocklist drops events by sender, and the allow-list equivalent is ingestion
// only through trusted Relays.

import type { InboundFilter } from '../src/sentry/types.js';
import { coversEverything, overlapsInternalNetwork, validateIpEntries } from '../src/state/ip.js';
import type { OrgState, Part, ProjectState } from '../src/state/types.js';
import { need, normName, orgSettingsUrl } from './lib.js';
import { classifyPlatform, PLATFORM_SOURCES, platformNote } from '../src/state/platforms.js';
import type { CheckDef, CheckOutcome, ControlDef, Finding, PlannedChange, ResourceRef } from './types.js';
import { resolveList } from './edits.js';
import { plural } from '../src/words.js';
import { z } from 'zod';
import { param, stringList } from './policy-params.js';

/** The policy-file parameters 3.3's checks read (steps/policy.ts builds the policy file from them). */
export const policyParams3_3 = {
  /** a list for every project, or project slug → list */
  blockedIps: param(
    z.union([stringList, z.record(z.string(), stringList)]).describe('IP addresses or CIDR ranges to block: one list for every project, or project slug -> list'),
    [],
  ),
};

const PASS: CheckOutcome = { status: 'pass', findings: [] };
const projectRef = (p: ProjectState): ResourceRef => ({ type: 'project', id: p.slug, name: p.name });
const filtersUrl = (state: OrgState, p: ProjectState): string => orgSettingsUrl(state, `projects/${p.slug}/filters/data-filters/`);

/** The current (non-deprecated) legacy-browsers subfilters (projects.md §3.2). */
export const LEGACY_BROWSER_SUBFILTERS = ['ie', 'edge', 'safari', 'firefox', 'chrome', 'opera', 'android', 'opera_mini'] as const;

function filtersOf(state: OrgState, slug: string): Part<InboundFilter[]> {
  return state.filters[slug] ?? { ok: false, kind: 'error', reason: 'inbound filters were not collected' };
}

function finish(findings: Finding[], changes: PlannedChange[] | undefined, unreadable: string[], extra: Partial<CheckOutcome> = {}): CheckOutcome {
  const note = unreadable.length > 0 ? `Not evaluated (could not be read): ${unreadable.join('; ')}` : undefined;
  if (findings.length > 0) return { ...extra, status: 'fail', findings, ...(changes ? { changes } : {}), ...(note ? { reason: note } : {}) };
  if (note) return { ...extra, status: 'error', findings: [], reason: note };
  return PASS;
}

/** `active` is on: `true`, or a non-empty list of legacy-browser subfilters. */
export function filterIsOn(active: InboundFilter['active'] | undefined): boolean {
  return active === true || (Array.isArray(active) && active.length > 0);
}

interface FilterSpec {
  id: string;
  reads: CheckDef['reads'];
  filter: string;
  title: string;
  level: CheckDef['level'];
  rationale: string;
  consequence: string;
  /** what the filter drops of the server-side events of a full-stack project (from Relay's filter) */
  serverSideDrops: string;
  sources: string[];
}

function filterCheck(spec: FilterSpec): CheckDef {
  return {
    id: spec.id,
    title: spec.title,
    level: spec.level,
    reads: spec.reads,
    automation: 'auto',
    risk: 'disruptive',
    rationale: spec.rationale,
    sources: [...spec.sources, ...PLATFORM_SOURCES],
    evaluate(ctx) {
      const p = need(ctx.state.projects, 'projects');
      if ('outcome' in p) return p.outcome;
      const browser = p.value.filter((x) => classifyPlatform(x.platform) === 'browser');
      const mixed = p.value.filter((x) => classifyPlatform(x.platform) === 'mixed');
      const unknown = p.value.filter((x) => classifyPlatform(x.platform) === 'unknown');
      if (browser.length === 0 && mixed.length === 0 && unknown.length === 0) {
        return { status: 'not_applicable', findings: [], reason: 'No browser JavaScript project (inbound filters would hide real errors on server and native platforms).' };
      }
      const findings: Finding[] = [];
      const changes: PlannedChange[] = [];
      const unreadable: string[] = [];
      const decide: string[] = [];
      const legacy = spec.filter === 'legacy-browsers';
      const expected = legacy ? [...LEGACY_BROWSER_SUBFILTERS] : true;
      for (const project of [...browser, ...mixed]) {
        const filters = filtersOf(ctx.state, project.slug);
        if (!filters.ok) {
          unreadable.push(`inbound filters of ${project.slug}: ${filters.reason}`);
          continue;
        }
        const current = filters.value.find((f) => f.id === spec.filter)?.active ?? false;
        if (filterIsOn(current)) continue;
        const target: ResourceRef = { type: 'filter', id: spec.filter, project: project.slug };
        if (classifyPlatform(project.platform) === 'mixed') {
          // a person decides: the filter would also drop real server-side errors
          decide.push(`${project.slug} (${platformNote(project.platform)}): turning on ${spec.filter} there would also drop ${spec.serverSideDrops} Decide at ${filtersUrl(ctx.state, project)}`);
          continue;
        }
        findings.push({
          resource: target,
          field: 'active',
          current,
          expected,
          message: `Inbound filter ${spec.filter} is off for ${project.slug}.`,
          source: 'project',
        });
        // legacy-browsers: a list is only written when the filter has none (never overwrite one).
        changes.push(legacy
          ? { checkId: spec.id, target, field: 'subfilters', before: current, after: [...LEGACY_BROWSER_SUBFILTERS], risk: 'disruptive', reversible: true, consequence: `${spec.consequence} (${project.slug})` }
          : { checkId: spec.id, target, field: 'active', before: false, after: true, risk: 'disruptive', reversible: true, consequence: `${spec.consequence} (${project.slug})` });
      }
      for (const project of unknown) {
        decide.push(`${project.slug}: ${platformNote(project.platform)}; if only browsers send its events, turn on ${spec.filter} at ${filtersUrl(ctx.state, project)}, otherwise leave it off (it would drop ${spec.serverSideDrops})`);
      }
      const manualSteps = [
        ...browser.filter((x) => findings.some((f) => f.resource.type === 'filter' && f.resource.project === x.slug)).map((x) => `${x.slug}: ${filtersUrl(ctx.state, x)}`),
        ...decide,
      ];
      const extra: Partial<CheckOutcome> = {
        ...(changes.length > 0 ? { warnings: [spec.consequence] } : {}),
        ...(manualSteps.length > 0 ? { manualSteps } : {}),
      };
      if (findings.length === 0 && unreadable.length === 0 && decide.length > 0) {
        return {
          status: 'manual',
          findings: [],
          reason: `Not changed automatically: ${plural(decide.length, 'project')} where ${spec.filter} could drop real errors; a person decides (see the steps).`,
          ...extra,
        };
      }
      const out = finish(findings, changes, unreadable, extra);
      if (decide.length > 0 && out.status !== 'pass') {
        out.reason = [out.reason, `Left for a person to decide: ${plural(decide.length, 'project')} where ${spec.filter} could drop real errors (see the steps).`].filter(Boolean).join(' ');
      }
      return out;
    },
  };
}

const check3_3_1 = filterCheck({
  id: '3.3.1',
  filter: 'localhost',
  title: 'Browser projects drop events from localhost',
  level: 'L2',
  reads: ['projects', 'filters'],
  rationale: 'Events from developers\' machines (127.0.0.1, ::1) are noise in production projects and can carry test data.',
  consequence: 'Events sent from localhost (127.0.0.1 and ::1) are dropped from now on, including those of local development against this project.',
  serverSideDrops: 'server-side events whose user IP or X-Forwarded-For is 127.0.0.1 or ::1, whose request URL is on localhost or file://, and (without a request URL) whose Host or X-Forwarded-Host header is localhost or 127.0.0.1, which is what a server behind a reverse proxy usually records.',
  sources: ['getsentry/relay:relay-filter/src/localhost.rs'],
});

const check3_3_2 = filterCheck({
  id: '3.3.2',
  filter: 'web-crawlers',
  title: 'Browser projects drop events from web crawlers',
  level: 'L2',
  reads: ['projects', 'filters'],
  rationale: 'Crawlers and bots trigger errors no user sees and consume quota.',
  consequence: 'Events from known web crawlers and bots are dropped from now on.',
  serverSideDrops: 'server-side errors of requests whose User-Agent is a known crawler (real rendering errors on pages that search engines visit).',
  sources: ['getsentry/relay:relay-filter/src/web_crawlers.rs'],
});

const check3_3_3 = filterCheck({
  id: '3.3.3',
  filter: 'browser-extensions',
  title: 'Browser projects drop errors caused by browser extensions',
  level: 'L2',
  reads: ['projects', 'filters'],
  rationale: 'Errors thrown by users\' browser extensions are not your code, flood issues and can carry extension data.',
  consequence: 'Errors recognised as caused by browser extensions are dropped from now on.',
  serverSideDrops: 'server-side errors whose message or stack frames happen to match one of the extension patterns.',
  sources: ['getsentry/relay:relay-filter/src/browser_extensions.rs'],
});

const check3_3_6 = filterCheck({
  id: '3.3.6',
  filter: 'legacy-browsers',
  title: 'Browser projects drop events from legacy browsers',
  level: 'L3',
  reads: ['projects', 'filters'],
  rationale: 'Outdated browsers produce errors you will not fix and are a common disguise for abusive traffic.',
  consequence: 'Events from old versions of IE, Edge, Safari, Firefox, Chrome, Opera, Android and Opera Mini are dropped from now on.',
  serverSideDrops: 'server-side errors of requests whose User-Agent is an old browser version.',
  sources: ['getsentry/relay:relay-filter/src/legacy_browsers.rs'],
});

// ---------------------------------------------------------------- 3.3.4 IP blocklist

/** The policy's ranges for a project: a list for every project, or a per-project map. */
function policyRangesFor(blockedIps: string[] | Record<string, string[]>, slug: string): string[] {
  if (Array.isArray(blockedIps)) return blockedIps;
  const key = Object.keys(blockedIps).find((k) => normName(k) === normName(slug));
  return key === undefined ? [] : (blockedIps[key] ?? []);
}

function policyNamesRanges(blockedIps: string[] | Record<string, string[]>): boolean {
  return Array.isArray(blockedIps) ? blockedIps.length > 0 : Object.values(blockedIps).some((l) => l.length > 0);
}

const check3_3_4: CheckDef = {
  id: '3.3.4',
  params: ['blockedIps'],
  title: 'Project IP blocklists contain the policy\'s ranges',
  level: 'L2',
  reads: ['projects'],
  edit: {
    spec: (check, { policy }) => ({
      kind: 'list',
      checkId: check.id,
      param: 'blockedIps',
      label: '3.3.4 IP ranges to block on every project',
      hint: 'comma separated IPv4, IPv6 or CIDR, e.g. 203.0.113.0/24',
      projects: [],
      initial: Array.isArray(policy.blockedIps) ? policy.blockedIps.join(', ') : '',
    }),
    resolve: resolveList,
  },
  automation: 'guided',
  risk: 'disruptive',
  rationale: 'The blocklist drops events from known abusive senders at ingestion; it matches the IP that sends the event.',
  sources: ['getsentry/relay:relay-filter/src/client_ips.rs', ...PLATFORM_SOURCES],
  evaluate(ctx) {
    const policy = ctx.policy.blockedIps;
    if (!policyNamesRanges(policy)) {
      const projects = ctx.state.projects.ok ? ctx.state.projects.value : [];
      return {
        status: 'manual',
        findings: [],
        missingParameter: 'blockedIps',
        reason: 'The policy names no IP ranges to block (blockedIps): a person decides which senders to block.',
        manualSteps: [
          'Decide which addresses or ranges send abusive or unwanted events, then add them to the policy, e.g. {"blockedIps": ["203.0.113.0/24"]} or {"blockedIps": {"<project>": ["2001:db8::/32"]}}, or edit them per project:',
          ...projects.map((x) => `${x.slug}: ${filtersUrl(ctx.state, x)} → IP Addresses`),
          'For a server SDK the sender is your own server: do not block your internal networks there.',
        ],
      };
    }
    const p = need(ctx.state.projects, 'projects');
    if ('outcome' in p) return p.outcome;
    const findings: Finding[] = [];
    const changes: PlannedChange[] = [];
    const warnings: string[] = [];
    const invalidAll = new Set<string>();
    if (!Array.isArray(policy)) {
      const unknown = Object.keys(policy).filter((k) => !p.value.some((x) => normName(x.slug) === normName(k)));
      if (unknown.length > 0) warnings.push(`The policy's blockedIps names projects that do not exist: ${unknown.join(', ')}.`);
    }
    for (const project of p.value) {
      const wanted = policyRangesFor(policy, project.slug);
      if (wanted.length === 0) continue;
      const { valid, errors } = validateIpEntries(wanted);
      errors.forEach((e) => invalidAll.add(e));
      const have = new Set(project.blockedIps.map(normName));
      const missing: string[] = [];
      for (const entry of valid) {
        if (have.has(entry.normalized)) continue;
        have.add(entry.normalized);
        missing.push(entry.normalized);
      }
      if (missing.length === 0 && errors.length === 0) continue;
      const after = [...project.blockedIps, ...missing];
      findings.push({
        resource: projectRef(project),
        field: 'blockedIps',
        current: project.blockedIps,
        expected: after,
        message: [
          missing.length > 0 ? `${project.slug} does not block ${missing.join(', ')}.` : '',
          errors.length > 0 ? `Policy entries that are not IPv4, IPv6 or CIDR and are left out: ${errors.join('; ')}.` : '',
        ].filter(Boolean).join(' '),
        source: 'project',
      });
      if (missing.length === 0) continue;
      changes.push({
        checkId: '3.3.4',
        target: projectRef(project),
        field: 'blockedIps',
        before: project.blockedIps,
        after,
        risk: 'disruptive',
        reversible: true,
        consequence: `Events sent from ${missing.join(', ')} to ${project.slug} are dropped from now on.`,
      });
      const existingBad = validateIpEntries(project.blockedIps).errors;
      if (existingBad.length > 0) {
        warnings.push(`${project.slug} already has blocklist entries that Relay ignores (kept as they are): ${existingBad.join('; ')}.`);
      }
      const entries = valid.filter((e) => missing.includes(e.normalized));
      const everything = entries.filter(coversEverything);
      if (everything.length > 0) {
        warnings.push(`${project.slug}: ${everything.map((e) => e.input).join(', ')} blocks every sender of that IP family: all its events would be dropped.`);
      }
      if (classifyPlatform(project.platform) !== 'browser') {
        const internal = entries.filter((e) => !coversEverything(e) && overlapsInternalNetwork(e));
        if (internal.length > 0) {
          warnings.push(`${project.slug} is not a browser-only project (${project.platform ?? 'unknown platform'}): its events are (also) sent by your own servers, so blocking internal networks (${internal.map((e) => e.input).join(', ')}) can drop all of its events.`);
        }
      }
    }
    if (findings.length === 0) return warnings.length > 0 ? { ...PASS, warnings } : PASS;
    const out: CheckOutcome = { status: 'fail', findings, changes };
    if (changes.length > 0) warnings.unshift('Events from the listed addresses are dropped at ingestion and are not counted or stored.');
    if (warnings.length > 0) out.warnings = warnings;
    if (invalidAll.size > 0) {
      out.reason = `Fix the policy's blockedIps: ${[...invalidAll].join('; ')}.`;
      out.invalidPolicy = [{ parameter: 'blockedIps', problems: [...invalidAll] }];
    }
    return out;
  },
};

// ---------------------------------------------------------------- 3.3.5 trusted relays

const check3_3_5: CheckDef = {
  id: '3.3.5',
  title: 'Events are accepted only through trusted Relays',
  level: 'L3',
  reads: [],
  automation: 'manual',
  risk: 'none',
  rationale: 'Sentry has no IP allow-list; accepting events only from your own registered Relays is the equivalent, so a leaked DSN alone cannot send events.',
  evaluate(ctx) {
    const o = need(ctx.state.org, 'organization settings');
    if ('outcome' in o) return o.outcome;
    const org = o.value;
    const relays = org.trustedRelays ?? [];
    const mode = org.ingestThroughTrustedRelaysOnly;
    const orgRef: ResourceRef = { type: 'organization', id: ctx.state.target.org };
    const findings: Finding[] = [];
    if (relays.length === 0) {
      findings.push({ resource: orgRef, field: 'trustedRelays', current: [], expected: 'at least one registered Relay', message: 'No trusted Relay is registered.', source: 'organization' });
    }
    if (mode !== 'enabled') {
      findings.push({
        resource: orgRef,
        field: 'ingestThroughTrustedRelaysOnly',
        current: mode ?? null,
        expected: 'enabled',
        message: mode === undefined
          ? 'This server or plan does not offer "ingest through trusted relays only" (the setting is absent).'
          : 'Events are accepted from any sender that has a DSN, not only through trusted Relays.',
        source: 'organization',
      });
    }
    if (findings.length === 0) return PASS;
    const relayUrl = orgSettingsUrl(ctx.state, 'relay/');
    return {
      status: 'fail',
      findings,
      manualSteps: [
        'Run Relay in managed mode in your network (docs.sentry.io/product/relay/): `relay config init`, then `relay credentials generate` to create its key pair.',
        `Register each Relay's public key (from \`relay credentials show\`) at ${relayUrl}.`,
        'Point every SDK\'s DSN host at your Relay and check that events arrive.',
        `Then turn on "Ingest through trusted relays only" at ${relayUrl} (needs a plan with this feature).`,
      ],
      warnings: ['Once ingestion is limited to trusted Relays, SDKs that still send to Sentry directly lose their events.'],
    };
  },
};

export const control3_3: ControlDef = {
  id: '3.3',
  title: 'Configure IP Filtering',
  level: 'L2',
  frameworks: { cis: ['13.5'], nist: ['AC-17'], soc2: [] },
  rationale:
    'Filtering events by sender keeps noise and abusive traffic out. Sentry offers deny-lists (inbound filters, IP blocklist), not allow-lists: ' +
    'the allow-list equivalent is accepting events only through your own trusted Relays.',
  checks: [check3_3_1, check3_3_2, check3_3_3, check3_3_4, check3_3_5, check3_3_6],
};
