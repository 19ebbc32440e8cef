// 3.4 Relay (guide v0.2.1 §3.4): beyond 3.3.5 (are events accepted only through trusted Relays),
// which registered Relays are actually in use. Sentry records each Relay that connects with a
// trusted public key (RelayUsage: relay id, version, first and last seen) and serves it from
// relay_usage/ (organization_relay_usage.py). A registered key no Relay has used for months is a
// credential that can still sign requests: remove it.

import type { RelayUsage, TrustedRelay } from '../src/sentry/types.js';
import { DAY_MS, need, needRead, orgSettingsUrl } from './lib.js';
import type { CheckDef, ControlDef, Finding } from './types.js';
import { humanTime } from '../src/words.js';

/** the 90 days 2.4 uses for unused credentials */
export const RELAY_MAX_UNSEEN_DAYS = 90;

const relayRef = (r: TrustedRelay) => ({ type: 'relay' as const, id: r.publicKey, name: r.name });

/** The newest usage row of a public key (one row per Relay instance and version). */
function lastSeen(usage: readonly RelayUsage[], publicKey: string): RelayUsage | undefined {
  let best: RelayUsage | undefined;
  for (const u of usage) {
    if (u.publicKey !== publicKey) continue;
    if (!best || Date.parse(u.lastSeen) > Date.parse(best.lastSeen)) best = u;
  }
  return best;
}

const check3_4_1: CheckDef = {
  id: '3.4.1',
  title: 'Every registered Relay has been seen recently',
  level: 'L3',
  automation: 'manual',
  risk: 'none',
  rationale: 'A trusted Relay key lets its holder send events as your infrastructure; a key no Relay has used for months is one nobody would miss or notice being misused.',
  reads: ['relayUsage'],
  sources: [
    'getsentry/sentry:src/sentry/api/endpoints/organization_relay_usage.py',
    'getsentry/sentry:src/sentry/api/serializers/models/relay.py',
    'getsentry/sentry:src/sentry/models/relay.py',
  ],
  evaluate({ state, now }) {
    const org = need(state.org, 'organization settings');
    if ('outcome' in org) return org.outcome;
    const relays = org.value.trustedRelays ?? [];
    if (relays.length === 0) return { status: 'not_applicable', findings: [], reason: 'no trusted Relay is registered (3.3.5 reports that)' };
    const url = orgSettingsUrl(state, 'relay/');
    const usage = needRead(state.relayUsage, { what: 'Relay usage', scope: 'org:read', byHand: url });
    if ('outcome' in usage) return usage.outcome;

    const findings: Finding[] = [];
    const inventory: string[] = [];
    for (const r of relays) {
      const seen = lastSeen(usage.value, r.publicKey);
      const days = seen ? Math.floor((now.getTime() - Date.parse(seen.lastSeen)) / DAY_MS) : NaN;
      inventory.push(seen ? `${r.name}: last seen ${humanTime(seen.lastSeen)} (Relay ${seen.version})` : `${r.name}: never seen`);
      if (seen && days < RELAY_MAX_UNSEEN_DAYS) continue;
      findings.push({
        resource: relayRef(r),
        field: 'lastSeen',
        current: seen ? seen.lastSeen : null,
        expected: `seen within ${RELAY_MAX_UNSEEN_DAYS} days`,
        message: seen
          ? Number.isFinite(days)
            ? `Relay "${r.name}" was last seen ${days} days ago (version ${seen.version}).`
            : `Relay "${r.name}" has an unreadable last-seen date (${JSON.stringify(seen.lastSeen)}).`
          : `Relay "${r.name}" is registered but Sentry has never seen a Relay connect with its key.`,
      });
    }
    const reason = `registered Relays: ${inventory.join('; ')}`;
    if (findings.length === 0) return { status: 'pass', findings: [], reason };
    return {
      status: 'fail',
      findings,
      reason,
      manualSteps: [
        `Check whether ${findings.map((f) => `"${(f.resource as { name: string }).name}"`).join(', ')} still run${findings.length === 1 ? 's' : ''}; remove the keys of Relays that are gone at ${url}.`,
      ],
    };
  },
};

export const control3_4: ControlDef = {
  id: '3.4',
  title: 'Relay',
  level: 'L3',
  frameworks: { cis: ['1.1', '5.3'], nist: ['CM-8', 'IA-5'], soc2: ['CC6.1'] },
  rationale: 'Registered Relay keys are credentials of your ingest path; keep only those of Relays that run.',
  checks: [check3_4_1],
};
