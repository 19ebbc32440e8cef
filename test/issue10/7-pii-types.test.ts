// Issue 10 item 7: one list of PII rule types, Relay's RuleType (relay-pii src/config.rs, serde
// snake_case: `url_auth`, `us_ssn`). Apply used to refuse an org whose config has those rules;
// an unknown rule type from the server is `manual` with the reason, never `pass`.
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/engine/apply.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import { partOk } from '../../src/state/types.js';
import { makeOrg, makeState } from '../fixtures/state.js';
import { collect, harness, type Harness } from '../engine/helpers.js';
import { runCheck } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const REQUIRED_DONE = {
  rules: {
    cc: { type: 'creditcard', redaction: { method: 'mask' } },
    iban: { type: 'iban', redaction: { method: 'replace', text: '[iban]' } },
    rm: { type: 'anything', redaction: { method: 'remove' } },
  },
  applications: {
    $string: ['cc', 'iban'],
    '$http.headers.authorization': ['rm'],
    '$http.headers.x-api-key': ['rm'],
    '$http.cookies': ['rm'],
    '**.password': ['rm'],
  },
};

describe('issue 10 / 7: PII rule types are Relay\'s', () => {
  it('3.1.9 applies over real HTTP to an org that uses url_auth and us_ssn rules', async () => {
    h = await harness();
    const hh = h;
    hh.sim.state.org.relayPiiConfig = JSON.stringify({
      rules: { u: { type: 'url_auth', redaction: { method: 'remove' } }, s: { type: 'us_ssn', redaction: { method: 'mask' } } },
      applications: { $string: ['u', 's'] },
    });
    const state = await collect(hh);
    const out = runCheck('3.1.9', state);
    expect(out.status).toBe('fail');
    expect(out.changes).toHaveLength(1);
    const session = await openSnapshotStore(hh.dir).startSession({ org: 'acme', url: hh.sim.url, level: 'L3', command: 'apply' });
    const outcomes = await applyPlan(hh.conn, state, out.changes ?? [], session, { allowRisky: new Set() });
    expect(outcomes.map((o) => [o.status, o.message ?? ''])).toEqual([['applied', expect.any(String)]]);
    const live = JSON.parse(hh.sim.state.org.relayPiiConfig!) as { rules: Record<string, { type: string }> };
    expect(live.rules.u?.type).toBe('url_auth');
    expect(live.rules.s?.type).toBe('us_ssn');
  });

  it.each(['zip_code', 'urlauth', 'usssn'])('3.1.9: a rule of unknown type %j is manual with the reason, even when the required rules are there', (type) => {
    const cfg = { ...REQUIRED_DONE, rules: { ...REQUIRED_DONE.rules, odd: { type } }, applications: { ...REQUIRED_DONE.applications, $email: ['odd'] } };
    const out = runCheck('3.1.9', makeState({ org: partOk(makeOrg({ relayPiiConfig: JSON.stringify(cfg) })) }));
    expect(out.status).toBe('manual');
    expect(out.reason).toMatch(/odd/);
    expect(out.changes ?? []).toEqual([]);
  });

  it('3.1.9: a rule whose type is not a string fails, planning nothing: Relay cannot load the config at all (no RuleType tag)', () => {
    const cfg = { ...REQUIRED_DONE, rules: { ...REQUIRED_DONE.rules, odd: { type: 42 } }, applications: { ...REQUIRED_DONE.applications, $email: ['odd'] } };
    const out = runCheck('3.1.9', makeState({ org: partOk(makeOrg({ relayPiiConfig: JSON.stringify(cfg) })) }));
    expect(out.status).toBe('fail');
    expect(out.findings[0]?.message).toMatch(/^Relay cannot load the advanced scrubbing rules \(rule "odd" has unknown type 42\)/);
    expect(out.changes ?? []).toEqual([]);
  });

  it('3.1.9 passes with the required rules and only Relay rule types', () => {
    const out = runCheck('3.1.9', makeState({ org: partOk(makeOrg({ relayPiiConfig: JSON.stringify(REQUIRED_DONE) })) }));
    expect(out.status).toBe('pass');
  });
});
