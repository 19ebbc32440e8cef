// Issue 10 item 1: browser-only inbound filters are not auto-applied to full-stack frameworks
// (their server-side errors would be dropped: Relay's localhost filter also matches the Host /
// X-Forwarded-Host header, relay-filter src/localhost.rs); unknown platforms are a person's call.
// Platform lists: Sentry src/sentry/utils/platform_categories.py.
import { describe, expect, it } from 'vitest';
import type { InboundFilter } from '../../src/sentry/types.js';
import { partOk } from '../../src/state/types.js';
import { ALL_FILTERS_ON, makeProject, makeState } from '../fixtures/state.js';
import { allText, runCheck } from './helpers.js';

const OFF: InboundFilter[] = ALL_FILTERS_ON.map((f) => ({ id: f.id, active: f.id === 'legacy-browsers' ? [] : false }));
const FILTER_CHECKS = ['3.3.1', '3.3.2', '3.3.3', '3.3.6'];

function stateWith(platform: string | null) {
  const p = makeProject({ slug: 'app', platform });
  return makeState({ projects: partOk([p]), filters: { app: partOk(OFF) } });
}

describe('issue 10 / 1: full-stack frameworks get no browser-only filter automatically', () => {
  // FRONTEND in platform_categories.py, but their SDKs also run on the server
  it.each(['javascript-nextjs', 'javascript-nuxt', 'javascript-sveltekit', 'javascript-remix', 'javascript-astro', 'javascript-solidstart'])('%s: manual, no change, says what would be dropped', (platform) => {
    for (const id of FILTER_CHECKS) {
      const out = runCheck(id, stateWith(platform));
      expect(out.status, id).toBe('manual');
      expect(out.changes ?? [], id).toEqual([]);
      expect(allText(out), id).toMatch(/server-side/);
    }
    expect(allText(runCheck('3.3.1', stateWith(platform)))).toMatch(/X-Forwarded-Host/);
  });

  it('a browser-only framework (javascript-react) still gets the filters planned', () => {
    for (const id of FILTER_CHECKS) {
      const out = runCheck(id, stateWith('javascript-react'));
      expect(out.status, id).toBe('fail');
      expect(out.changes?.length, id).toBe(1);
    }
  });

  it.each(['javascript-cordova', 'javascript-capacitor', 'javascript-electron', 'react-native', 'python', 'node-express'])('%s: browser filters do not apply', (platform) => {
    for (const id of FILTER_CHECKS) expect(runCheck(id, stateWith(platform)).status, id).toBe('not_applicable');
  });

  it.each([['javascript-someday'], [null], ['other']])('unknown platform %s: manual with the reason, never pass or an automatic change', (platform) => {
    for (const id of FILTER_CHECKS) {
      const out = runCheck(id, stateWith(platform));
      expect(out.status, id).toBe('manual');
      expect(out.changes ?? [], id).toEqual([]);
      expect(allText(out), id).toMatch(/not in Sentry's platform lists/);
    }
  });

  it('a full-stack project still has its allowed domains checked (3.2.2: its browser side sends Origin)', () => {
    const p = makeProject({ slug: 'site', platform: 'javascript-nextjs', allowedDomains: ['*'] });
    expect(runCheck('3.2.2', makeState({ projects: partOk([p]) })).status).toBe('fail');
  });
});
