// Issue 10 item 3: Relay applies the default scrubbers only when data scrubbing and the defaults
// are both on, and the sensitive fields only when data scrubbing is on (to_pii_config, relay-pii
// src/convert.rs; org OR project per setting: get_datascrubbing_settings, Sentry
// src/sentry/datascrubbing.py). Required defaults or sensitive fields with the scrubber off pass no more.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import { partOk } from '../../src/state/types.js';
import { makeOrg, makeProject, makeState } from '../fixtures/state.js';
import { allText, runCheck } from './helpers.js';

const offProject = makeProject({ slug: 'legacy', dataScrubber: false, dataScrubberDefaults: true });
const onProject = makeProject({ slug: 'web', dataScrubber: true, dataScrubberDefaults: true });

describe('issue 10 / 3: scrubbing that Relay does not apply does not pass', () => {
  it('3.1.2: defaults required by the org but data scrubbing off in a project → fail naming it', () => {
    const state = makeState({ org: partOk(makeOrg({ dataScrubber: false, dataScrubberDefaults: true })), projects: partOk([onProject, offProject]) });
    const out = runCheck('3.1.2', state);
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource.id)).toEqual(['legacy']);
    expect(allText(out)).toMatch(/data scrubbing is off/);
  });

  it('3.1.2 passes when the org requires both', () => {
    const state = makeState({ org: partOk(makeOrg({ dataScrubber: true, dataScrubberDefaults: true })), projects: partOk([offProject]) });
    expect(runCheck('3.1.2', state).status).toBe('pass');
  });

  it('3.1.3: the policy fields are set but data scrubbing is off in a project → fail naming it', () => {
    const org = makeOrg({ dataScrubber: false, dataScrubberDefaults: true, sensitiveFields: [...DEFAULT_POLICY.sensitiveFields] });
    const out = runCheck('3.1.3', makeState({ org: partOk(org), projects: partOk([onProject, offProject]) }));
    expect(out.status).toBe('fail');
    expect(out.findings.map((f) => f.resource.id)).toEqual(['legacy']);
  });

  it('3.1.3: the warning does not claim "every project" when scrubbing is off in some', () => {
    const org = makeOrg({ dataScrubber: false, dataScrubberDefaults: true, sensitiveFields: [] });
    const out = runCheck('3.1.3', makeState({ org: partOk(org), projects: partOk([onProject, offProject]) }));
    expect(out.status).toBe('fail');
    const text = allText(out);
    expect(text).not.toMatch(/of every project/);
    expect(text).toMatch(/legacy/);
  });
});
