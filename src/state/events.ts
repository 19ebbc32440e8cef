// The PII-leak probe's sampling: the newest N events of every project (Sentry's events API),
// all projects at once through the client's rate-aware scheduler, each page scanned and dropped.
// What it keeps per project: counts per kind and per (path, kind), a masked hint and a few event
// ids per path. Never a value (pii-scan.ts returns none).

import type { OrgDetails, SentryApi } from '../sentry/types.js';
import { effectiveScrubbing } from './effective.js';
import { scanEvent, type LeakKind } from './pii-scan.js';
import { partError, partOk, type Part, type ProjectState } from './types.js';

export const DEFAULT_PROBE_SAMPLE = 50;
/** event ids kept per (path, kind): enough to open a few in Sentry */
const EVENT_IDS_PER_PATH = 3;

export interface ProbeLeak {
  path: string;
  kind: LeakKind;
  /** occurrences in the sample */
  count: number;
  /** masked hint of the first occurrence */
  hint: string;
  eventIds: string[];
}

export interface ProjectProbe {
  project: string;
  /** events read (≤ the sample size) */
  sampled: number;
  /** events with at least one leak */
  eventsWithLeaks: number;
  /** whether IP addresses were looked for (IP scrubbing on) */
  scannedIps: boolean;
  byKind: Partial<Record<LeakKind, number>>;
  leaks: ProbeLeak[];
}

export interface ProbeResult {
  sampleSize: number;
  projects: Record<string, Part<ProjectProbe>>;
}

type OrgScrubbing = Parameters<typeof effectiveScrubbing>[0];

export async function probeProjects(
  api: Pick<SentryApi, 'sampleProjectEvents'>,
  org: string,
  orgDetails: OrgScrubbing & Pick<OrgDetails, 'slug'>,
  projects: readonly ProjectState[],
  sampleSize = DEFAULT_PROBE_SAMPLE,
  /** the policy's sensitive fields: values under them count as leaks even where scrubbing is off */
  policySensitiveFields: readonly string[] = [],
): Promise<ProbeResult> {
  const entries = await Promise.all(
    projects.map(async (p): Promise<[string, Part<ProjectProbe>]> => {
      const eff = effectiveScrubbing(orgDetails, p);
      const opts = {
        ips: eff.scrubIPAddresses.value,
        // what the org configured and what the policy requires, whether or not the scrubber runs:
        // a value under such a name in an event is exactly what the settings should have removed
        sensitiveFields: [...eff.sensitiveFields.map((f) => f.value), ...policySensitiveFields],
        safeFields: eff.safeFields.map((f) => f.value),
      };
      const out: ProjectProbe = { project: p.slug, sampled: 0, eventsWithLeaks: 0, scannedIps: opts.ips, byKind: {}, leaks: [] };
      const byPath = new Map<string, ProbeLeak>();
      try {
        out.sampled = await api.sampleProjectEvents(org, p.slug, {
          limit: sampleSize,
          onPage: (events) => {
            for (const ev of events) {
              const hits = scanEvent(ev, opts);
              if (hits.length > 0) out.eventsWithLeaks++;
              for (const h of hits) {
                out.byKind[h.kind] = (out.byKind[h.kind] ?? 0) + 1;
                const k = `${h.kind}\u0000${h.path}`;
                let leak = byPath.get(k);
                if (!leak) {
                  leak = { path: h.path, kind: h.kind, count: 0, hint: h.hint, eventIds: [] };
                  byPath.set(k, leak);
                }
                leak.count++;
                if (leak.eventIds.length < EVENT_IDS_PER_PATH && !leak.eventIds.includes(ev.eventID)) leak.eventIds.push(ev.eventID);
              }
            }
          },
        });
      } catch (e) {
        return [p.slug, partError(`could not read events: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`)];
      }
      out.leaks = [...byPath.values()].sort((a, b) => b.count - a.count || a.path.localeCompare(b.path) || a.kind.localeCompare(b.kind));
      return [p.slug, partOk(out)];
    }),
  );
  return { sampleSize, projects: Object.fromEntries(entries) };
}
