// 3.6 Client security: JavaScript source fetching (issue 13; beyond the guide). When a browser
// event's stack trace points at JavaScript files by URL, Sentry fetches the sources and source
// maps from your servers. src/sentry/lang/native/sources.py get_scraping_config decides how:
// - fetching is on when the org's AND the project's `scrapeJavaScript` are on (both default on);
// - it fetches only from the project's allowed domains (`sentry:origins`);
// - it sends the project's security token in `securityTokenHeader` (default X-Sentry-Token) with
//   every fetch: Symbolicator adds the scraping headers to each URL its is_valid_origin admits
//   (getsentry/symbolicator crates/symbolicator-js/src/lookup.rs, crates/symbolicator-service/src/
//   utils/http.rs), so with "*", "https://*" or "*.com" the token goes to any such host an event's
//   stack trace names: whoever sends an event with a public DSN can collect it;
// - it verifies TLS unless the project's `sentry:verify_ssl` is stored false (null = unset = verify,
//   although the project detail shows verifySSL false for an unset option).
// The values are read from the org project list's options expansion, never from the project
// detail GET, which stores a security token on a project's first read (projects.md §2.2).

import type { OrgState, ProjectState } from '../src/state/types.js';
import { everyHostOrigin } from '../src/state/origins.js';
import { classifyPlatform, PLATFORM_SOURCES, platformNote } from '../src/state/platforms.js';
import { hasBrowserSide, need, orgRef, orgSettingsUrl } from './lib.js';
import { plural, word } from '../src/words.js';
import type { CheckDef, CheckOutcome, ControlDef, Finding, PlannedChange, ResourceRef } from './types.js';

const SCRAPING_SOURCES = [
  'getsentry/sentry:src/sentry/lang/native/sources.py',
  'getsentry/sentry:src/sentry/models/options/project_option.py',
  'getsentry/sentry:src/sentry/core/endpoints/project_details.py',
  'getsentry/symbolicator:crates/symbolicator-js/src/lookup.rs',
  'getsentry/symbolicator:crates/symbolicator-service/src/utils/http.rs',
] as const;

const projectRef = (p: ProjectState): ResourceRef => ({ type: 'project', id: p.slug, name: p.name });

/** The org's scrapeJavaScript, or why it is unknown. */
function orgScraping(state: OrgState): { value: boolean } | { outcome: CheckOutcome } {
  const org = need(state.org, 'organization settings');
  if ('outcome' in org) return org;
  const v = org.value.scrapeJavaScript;
  if (typeof v !== 'boolean') return { outcome: { status: 'error', findings: [], reason: 'the organization settings carry no scrapeJavaScript, so whether Sentry fetches JavaScript sources is unknown' } };
  return { value: v };
}

/**
 * Browser-side projects Sentry fetches JavaScript for (org AND project scrapeJavaScript), and, apart,
 * those with fetching on whose platform tells nothing: Sentry fetches for any project that receives
 * JavaScript events, so they are not passed unseen but left to the owner (as 3.2.2 and 3.3 do).
 */
function fetchingProjects(state: OrgState): { value: ProjectState[]; unknown: ProjectState[] } | { outcome: CheckOutcome } {
  const org = orgScraping(state);
  if ('outcome' in org) return org;
  if (!org.value) return { value: [], unknown: [] };
  const projects = need(state.projects, 'projects');
  if ('outcome' in projects) return projects;
  const on = projects.value.filter((p) => p.scrapeJavaScript);
  return { value: on.filter(hasBrowserSide), unknown: on.filter((p) => classifyPlatform(p.platform) === 'unknown') };
}

/** The first allowed domain that admits hosts anyone can run (3.2.2's judgement, origins.ts), if any. */
function hostWideEntry(p: ProjectState): { e: string; how: string } | undefined {
  for (const e of p.allowedDomains) {
    const how = everyHostOrigin(e);
    if (how !== null) return { e, how };
  }
  return undefined;
}

/** A manual outcome for projects of unknown platform that would fail the rule if browsers send their events. */
function undecided(state: OrgState, what: string, items: { p: ProjectState; why: string }[]): CheckOutcome {
  return {
    status: 'manual',
    findings: [],
    reason: `Platform unknown, so whether Sentry fetches JavaScript for ${word(items.length, 'this project', 'these projects')} cannot be told: ${plural(items.length, 'project')} ${what}.`,
    manualSteps: items.map(({ p, why }) => `${p.slug}: ${platformNote(p.platform)}; ${why}. If browsers send its events, fix it at ${orgSettingsUrl(state, `projects/${p.slug}/`)} → Client Security.`),
  };
}

const check3_6_1: CheckDef = {
  id: '3.6.1',
  title: 'JavaScript source fetching verifies TLS',
  level: 'L2',
  reads: ['projects'],
  automation: 'auto',
  risk: 'none',
  rationale: 'Without certificate checks, whoever sits between Sentry and your servers can hand Sentry altered sources and source maps, or read the security token Sentry sends.',
  sources: [...SCRAPING_SOURCES, ...PLATFORM_SOURCES],
  evaluate({ state }) {
    const fetching = fetchingProjects(state);
    if ('outcome' in fetching) return fetching.outcome;
    const off = fetching.value.filter((p) => p.verifySSL === false);
    const undecidedOff = fetching.unknown.filter((p) => p.verifySSL === false).map((p) => ({ p, why: 'it fetches without verifying TLS certificates' }));
    const unknown = fetching.value.filter((p) => p.verifySSLUnknown === true);
    const findings: Finding[] = off.map((p) => ({
      resource: projectRef(p), field: 'verifySSL', current: false, expected: true, source: 'project',
      message: `Project ${p.slug} fetches JavaScript sources without verifying TLS certificates.`,
    }));
    const changes: PlannedChange[] = off.map((p) => ({ checkId: '3.6.1', target: projectRef(p), field: 'verifySSL', before: false, after: true, risk: 'none', reversible: true }));
    const note = unknown.length > 0
      ? `Not judged: ${unknown.map((p) => p.slug).join(', ')} (read through the project detail, which shows verifySSL false both when it is off and when it was never set, and an unset option verifies)`
      : undefined;
    if (findings.length > 0) return { status: 'fail', findings, changes, ...(note ? { warnings: [`${note}.`] } : {}) };
    if (note) return { status: 'error', findings: [], reason: note };
    if (undecidedOff.length > 0) return undecided(state, `${word(undecidedOff.length, 'fetches', 'fetch')} without verifying TLS`, undecidedOff);
    return { status: 'pass', findings: [] };
  },
};

const check3_6_2: CheckDef = {
  id: '3.6.2',
  title: 'Fetched JavaScript sources are protected by the security token',
  level: 'L3',
  reads: ['projects'],
  automation: 'manual',
  risk: 'none',
  rationale: 'Source maps reveal your source code. When Sentry fetches them, your servers can serve them only to requests carrying the project\'s security token; Sentry sends that token to every host the project\'s allowed domains admit, so they must name only your own hosts.',
  sources: [...SCRAPING_SOURCES, ...PLATFORM_SOURCES],
  evaluate({ state }) {
    const fetching = fetchingProjects(state);
    if ('outcome' in fetching) return fetching.outcome;
    const findings: Finding[] = [];
    const unprotected = fetching.unknown.flatMap((p) => {
      const wide = hostWideEntry(p);
      if (wide) return [{ p, why: `its allowed domains admit ${wide.how} ("${wide.e}"), and Sentry sends the security token to each` }];
      return p.hasSecurityToken ? [] : [{ p, why: 'it has no security token' }];
    });
    for (const p of fetching.value) {
      const wide = hostWideEntry(p);
      if (wide) {
        findings.push({ resource: projectRef(p), field: 'allowedDomains', current: p.allowedDomains, expected: 'specific origins', source: 'project', message: `Project ${p.slug} allows ${wide.how} ("${wide.e}"): Sentry fetches sources from any such host an event's stack trace names and sends the security token there too.` });
      } else if (!p.hasSecurityToken) {
        findings.push({ resource: projectRef(p), field: 'securityToken', current: 'not set', expected: 'set', source: 'project', message: `Project ${p.slug} has no security token: its sources can be fetched only if your servers serve them to anyone.` });
      }
    }
    if (findings.length === 0) {
      return unprotected.length > 0 ? undecided(state, `${word(unprotected.length, 'is', 'are')} not protected by the token`, unprotected) : { status: 'pass', findings: [] };
    }
    const slugs = [...new Set(findings.map((f) => f.resource.id))];
    return {
      status: 'fail',
      findings,
      reason: 'the token only protects anything once your servers require it, which is configured outside Sentry',
      manualSteps: [
        'Restrict allowed domains to your own hosts where they admit any host (3.2.2): Sentry sends the token to every host they admit.',
        `Set a security token (and, if you like, its header name; default X-Sentry-Token) under Client Security in each project's settings: ${slugs.slice(0, 10).map((s) => orgSettingsUrl(state, `projects/${s}/`)).join(', ')}${slugs.length > 10 ? ', ...' : ''}.`,
        'Make the servers that host your JavaScript and source maps answer source-map requests only when that header carries the token, or upload source maps to Sentry and turn fetching off (3.6.3).',
      ],
    };
  },
};

const check3_6_3: CheckDef = {
  id: '3.6.3',
  title: 'Sentry does not fetch JavaScript from your servers',
  level: 'L3',
  reads: [],
  automation: 'auto',
  risk: 'disruptive',
  rationale: 'With fetching off, Sentry makes no requests to your servers on behalf of events anyone can send with a public DSN; stack traces are resolved from the source maps you upload.',
  sources: [...SCRAPING_SOURCES, 'getsentry/sentry:src/sentry/core/endpoints/organization_details.py'],
  evaluate({ state }) {
    const org = orgScraping(state);
    if ('outcome' in org) return org.outcome;
    if (!org.value) return { status: 'pass', findings: [] };
    return {
      status: 'fail',
      findings: [{ resource: orgRef(state), field: 'scrapeJavaScript', current: true, expected: false, message: 'Sentry fetches JavaScript sources and source maps from your servers for browser events.' }],
      changes: [{
        checkId: '3.6.3', target: orgRef(state), field: 'scrapeJavaScript', before: true, after: false, risk: 'disruptive', reversible: true,
        consequence: 'Minified JavaScript stack traces are resolved only from source maps and artifacts uploaded to Sentry (sentry-cli sourcemaps upload, or the bundler plugins); projects that relied on fetching show minified frames.',
      }],
      manualSteps: [`Upload source maps in your build before turning fetching off; project overrides do not matter once the organization turns it off (${orgSettingsUrl(state, 'security-and-privacy/')}).`],
    };
  },
};

export const control3_6: ControlDef = {
  id: '3.6',
  title: 'Client Security (JavaScript Source Fetching)',
  level: 'L2',
  frameworks: { cis: ['3.10', '16.1'], nist: ['SC-8', 'SC-7'], soc2: ['CC6.7'] },
  rationale:
    'For browser events Sentry fetches JavaScript sources and source maps from your servers.\n' +
    'Verify TLS when it does, protect the sources with the security token, or upload source maps and turn fetching off.',
  checks: [check3_6_1, check3_6_2, check3_6_3],
};
