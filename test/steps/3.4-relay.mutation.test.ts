// Mutation tests for steps/3.4-relay.ts (issue 21). relay_usage/ (src/sentry/api/endpoints/
// organization_relay_usage.py, serializers/models/relay.py) answers one row per Relay instance and
// version that connected with a trusted key (its test has relay r1 in two versions), with firstSeen
// and lastSeen; a key is judged by its newest row. 90 days = the unused-credential age of 2.4.
import { describe, expect, it } from 'vitest';
import type { RelayUsage } from '../../src/sentry/types.js';
import { partError, partOk } from '../../src/state/types.js';
import { makeOrg, makeState, NOW, runCheck as run } from '../fixtures/state.js';

const DAY = 86_400_000;
const at = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();
const row = (publicKey: string, version: string, agoMs: number): RelayUsage => ({ relayId: `r-${version}`, publicKey, version, firstSeen: at(agoMs + 10 * DAY), lastSeen: at(agoMs) });
const withRelays = (relays: { name: string; publicKey: string }[], usage: RelayUsage[]) =>
  makeState({ org: partOk(makeOrg({ trustedRelays: relays })), relayUsage: partOk(usage) });

describe('3.4.1 the newest row of each key decides', () => {
  it.each([
    ['newest row last', [row('k1', '1.0.0', 200 * DAY), row('k1', '2.0.0', 1 * DAY)]],
    ['newest row first', [row('k1', '2.0.0', 1 * DAY), row('k1', '1.0.0', 200 * DAY)]],
  ])('%s: passes on the recent row and names its version', (_label, usage) => {
    const out = run('3.4.1', withRelays([{ name: 'eu', publicKey: 'k1' }], usage));
    expect(out).toEqual({ status: 'pass', findings: [], reason: 'registered Relays: eu: last seen 2026-11-24 12:00 UTC (Relay 2.0.0)' });
  });

  it('a recent row of another key does not count for this one', () => {
    const out = run('3.4.1', withRelays([{ name: 'eu', publicKey: 'k1' }, { name: 'us', publicKey: 'k2' }], [row('k2', '1.0.0', DAY), row('k1', '1.0.0', 120 * DAY)]));
    expect(out.status).toBe('fail');
    expect(out.findings).toEqual([{
      resource: { type: 'relay', id: 'k1', name: 'eu' },
      field: 'lastSeen',
      current: at(120 * DAY),
      expected: 'seen within 90 days',
      message: 'Relay "eu" was last seen 120 days ago (version 1.0.0).',
    }]);
    expect(out.reason).toBe('registered Relays: eu: last seen 2026-07-28 12:00 UTC (Relay 1.0.0); us: last seen 2026-11-24 12:00 UTC (Relay 1.0.0)');
    expect(out.manualSteps).toEqual(['Check whether "eu" still runs; remove the keys of Relays that are gone at https://acme.sentry.io/settings/relay/.']);
  });
});

describe('3.4.1 age boundary: whole days since the last row, 90 fails', () => {
  it.each([
    [89 * DAY, 'pass'],
    [90 * DAY - 1, 'pass'],
    [90 * DAY, 'fail'],
    [91 * DAY, 'fail'],
    // a last-seen time ahead of our clock (clock skew) is recent
    [-DAY, 'pass'],
  ])('%d ms ago → %s', (ago, status) => {
    expect(run('3.4.1', withRelays([{ name: 'eu', publicKey: 'k1' }], [row('k1', '1.0.0', ago)])).status).toBe(status);
  });
});

describe('3.4.1 findings', () => {
  it('never seen and an unreadable date are findings, with "run" for two', () => {
    const bad: RelayUsage = { relayId: 'r9', publicKey: 'k2', version: '3.0.0', firstSeen: 'garbage', lastSeen: 'garbage' };
    const out = run('3.4.1', withRelays([{ name: 'eu', publicKey: 'k1' }, { name: 'us', publicKey: 'k2' }], [bad]));
    expect(out).toEqual({
      status: 'fail',
      findings: [
        { resource: { type: 'relay', id: 'k1', name: 'eu' }, field: 'lastSeen', current: null, expected: 'seen within 90 days', message: 'Relay "eu" is registered but Sentry has never seen a Relay connect with its key.' },
        { resource: { type: 'relay', id: 'k2', name: 'us' }, field: 'lastSeen', current: 'garbage', expected: 'seen within 90 days', message: 'Relay "us" has an unreadable last-seen date ("garbage").' },
      ],
      reason: 'registered Relays: eu: never seen; us: last seen garbage (Relay 3.0.0)',
      manualSteps: ['Check whether "eu", "us" still run; remove the keys of Relays that are gone at https://acme.sentry.io/settings/relay/.'],
    });
  });

  it('an unreadable row next to a readable recent one of the same key: the readable one decides', () => {
    const bad: RelayUsage = { relayId: 'r9', publicKey: 'k1', version: '0.9.0', firstSeen: 'x', lastSeen: 'x' };
    expect(run('3.4.1', withRelays([{ name: 'eu', publicKey: 'k1' }], [row('k1', '1.0.0', DAY), bad])).status).toBe('pass');
  });
});

describe('3.4.1 what it cannot read', () => {
  it('is an error when the organization cannot be read, and not applicable when it lists no Relay', () => {
    expect(run('3.4.1', makeState({ org: partError('HTTP 500') }))).toEqual({ status: 'error', findings: [], reason: 'organization settings: HTTP 500' });
    const org = makeOrg({ trustedRelays: undefined as unknown as [] });
    expect(run('3.4.1', makeState({ org: partOk(org) }))).toEqual({ status: 'not_applicable', findings: [], reason: 'no trusted Relay is registered (3.3.5 reports that)' });
  });

  it('is manual when this server has no relay_usage/ (not applicable part), naming where to look', () => {
    const out = run('3.4.1', makeState({ relayUsage: { ok: false, kind: 'not_applicable', reason: 'self-hosted without relay usage' } }));
    expect(out.status).toBe('manual');
    expect(out.manualSteps).toEqual(['Review Relay usage by hand at https://acme.sentry.io/settings/relay/.']);
  });
});
