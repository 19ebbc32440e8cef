// 3.4.1 over relay_usage/ (organization_relay_usage.py: one row per Relay instance and version
// that used a trusted key, first/last seen; the Sentry test has two versions of relay r1).

import { describe, expect, it } from 'vitest';
import { control3_4 } from '../../steps/3.4-relay.js';
import type { RelayUsage } from '../../src/sentry/types.js';
import { partError, partOk } from '../../src/state/types.js';
import { makeOrg, makeState, NOW, runCheck as run } from '../fixtures/state.js';

const daysAgo = (d: number): string => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const use = (publicKey: string, version: string, lastDays: number): RelayUsage => ({ relayId: 'r1', publicKey, version, firstSeen: daysAgo(lastDays + 10), lastSeen: daysAgo(lastDays) });
const relays = [{ name: 'eu', publicKey: 'k1' }, { name: 'us', publicKey: 'k2' }, { name: 'old', publicKey: 'k3' }];

describe('3.4.1 registered Relays seen recently', () => {
  it('is L3 and manual', () => {
    expect(control3_4.checks.map((c) => `${c.id}:${c.level}:${c.automation}`)).toEqual(['3.4.1:L3:manual']);
  });

  it('passes when every key was seen within 90 days, listing each with its last-seen time', () => {
    const out = run('3.4.1', makeState());
    expect(out.status).toBe('pass');
    expect(out.reason).toMatch(/^registered Relays: edge: last seen 2026-11-25 11:00 UTC \(Relay 24\.1\.0\)$/);
  });

  it('judges a key by its newest row (a Relay upgraded from 1.1.1 to 1.1.2), flags never-seen and 90+ days', () => {
    const state = makeState({
      org: partOk(makeOrg({ trustedRelays: relays })),
      relayUsage: partOk([use('k1', '1.1.1', 200), use('k1', '1.1.2', 1), use('k3', '1.0.0', 90)]),
    });
    const out = run('3.4.1', state);
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.message)).toEqual([
      'Relay "us" is registered but Sentry has never seen a Relay connect with its key.',
      'Relay "old" was last seen 90 days ago (version 1.0.0).',
    ]);
    expect(out.reason).toContain('eu: last seen');
    expect(out.manualSteps?.[0]).toContain('https://acme.sentry.io/settings/relay/');
  });

  it('is not applicable without registered Relays; manual when relay_usage answers 404; error on 403', () => {
    expect(run('3.4.1', makeState({ org: partOk(makeOrg({ trustedRelays: [] })) })).status).toBe('not_applicable');
    expect(run('3.4.1', makeState({ relayUsage: partError('cannot read Relay usage: not found (404)', 'not_found') })).status).toBe('manual');
    const denied = run('3.4.1', makeState({ relayUsage: partError('cannot read Relay usage: permission denied (403)', 'permission') }));
    expect(denied).toMatchObject({ status: 'error' });
    expect(denied.reason).toContain('org:read');
  });
});
