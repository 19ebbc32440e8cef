// 3.5 Replay and AI data: verdicts follow src/sentry/replays/permissions.py (who sees replays),
// src/sentry/core/endpoints/organization_details.py (the options and how they are written) and
// the hide_ai_features gates of Seer (src/sentry/seer/autofix/autofix.py).

import { describe, expect, it } from 'vitest';
import { control3_5 } from '../../steps/3.5-replay-ai-data.js';
import type { OrgDetails } from '../../src/sentry/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeMember, makeOrg, makeState, runCheck as run } from '../fixtures/state.js';

const withOrg = (over: Partial<OrgDetails>, state: Partial<OrgState> = {}): OrgState => makeState({ org: partOk(makeOrg(over)), ...state });

describe('control 3.5', () => {
  it('has its checks, levels and automation', () => {
    expect(control3_5).toMatchObject({ id: '3.5', title: 'Replay and AI Data', level: 'L2' });
    expect(control3_5.checks.map((c) => `${c.id}:${c.level}:${c.automation}:${c.risk}`)).toEqual([
      '3.5.1:L3:guided:disruptive', '3.5.2:L2:auto:none', '3.5.3:L3:auto:disruptive', '3.5.4:L2:manual:none',
    ]);
  });

  it('every check passes on the hardened fixture and is an error when the org cannot be read', () => {
    for (const c of control3_5.checks) {
      expect(run(c.id, makeState()).status, c.id).toBe('pass');
      expect(run(c.id, makeState({ org: partError('HTTP 500') })).status, c.id).toBe('error');
    }
  });
});

describe('3.5.1 replay access', () => {
  const alice = makeMember({ id: '90', email: 'alice@acme.test' });
  const members = partOk([alice, makeMember({ id: '91', email: 'bob@acme.test' })]);

  it('fails without a value to choose when the restriction is off and policy replayAccess is empty', () => {
    const out = run('3.5.1', withOrg({ hasGranularReplayPermissions: false, replayAccessMembers: [] }, { members }));
    expect(out).toMatchObject({ status: 'fail', missingParameter: 'replayAccess', changes: [] });
  });

  it('plans the allowlist (user ids) and the restriction from policy emails', () => {
    const out = run('3.5.1', withOrg({ hasGranularReplayPermissions: false, replayAccessMembers: [] }, { members }), { replayAccess: ['ALICE@acme.test'] });
    expect(out.status).toBe('fail');
    expect(out.changes).toEqual([
      expect.objectContaining({ field: 'replayAccessMembers', before: [], after: ['u90'] }),
      expect.objectContaining({ field: 'hasGranularReplayPermissions', before: false, after: true, reversible: true }),
    ]);
  });

  it('names policy emails that are not members and gives them nothing', () => {
    const out = run('3.5.1', withOrg({ hasGranularReplayPermissions: false, replayAccessMembers: [] }, { members }), { replayAccess: ['alice@acme.test', 'gone@acme.test'] });
    expect(out.warnings?.[0]).toContain('gone@acme.test');
    expect(out.changes?.[0]).toMatchObject({ after: ['u90'] });
  });

  it('passes when restricted (an empty allowlist hides replays from every member: permissions.py)', () => {
    expect(run('3.5.1', withOrg({ hasGranularReplayPermissions: true, replayAccessMembers: [] }, { members })).status).toBe('pass');
  });

  it('fails when restricted to other people than policy replayAccess', () => {
    const out = run('3.5.1', withOrg({ hasGranularReplayPermissions: true, replayAccessMembers: ['u91'] }, { members }), { replayAccess: ['alice@acme.test'] });
    expect(out.status).toBe('fail');
    expect(out.changes).toEqual([expect.objectContaining({ field: 'replayAccessMembers', before: ['u91'], after: ['u90'] })]);
  });

  it('is manual, never pass, on a server without granular replay permissions (field absent)', () => {
    expect(run('3.5.1', withOrg({ hasGranularReplayPermissions: undefined }, { members })).status).toBe('manual');
  });
});

describe('3.5.2 Seer automation for new projects', () => {
  it('plans both defaults off', () => {
    const out = run('3.5.2', withOrg({ hideAiFeatures: false, defaultSeerScannerAutomation: true, defaultAutofixAutomationTuning: 'medium' }));
    expect(out.status).toBe('fail');
    expect(out.changes?.map((c) => [c.field, c.after])).toEqual([['defaultSeerScannerAutomation', false], ['defaultAutofixAutomationTuning', 'off']]);
  });

  it('passes when AI features are hidden (Seer does not run at all)', () => {
    expect(run('3.5.2', withOrg({ hideAiFeatures: true, defaultSeerScannerAutomation: true, defaultAutofixAutomationTuning: 'high' })).status).toBe('pass');
  });

  it('is manual when the server predates the Seer options', () => {
    expect(run('3.5.2', withOrg({ hideAiFeatures: false, defaultSeerScannerAutomation: undefined, defaultAutofixAutomationTuning: undefined })).status).toBe('manual');
  });
});

describe('3.5.3 AI features hidden', () => {
  it('plans hideAiFeatures true as a disruptive change', () => {
    const out = run('3.5.3', withOrg({ hideAiFeatures: false }));
    expect(out.status).toBe('fail');
    expect(out.changes).toEqual([expect.objectContaining({ field: 'hideAiFeatures', before: false, after: true, risk: 'disruptive' })]);
  });

  it('is manual when the field is absent', () => {
    expect(run('3.5.3', withOrg({ hideAiFeatures: undefined })).status).toBe('manual');
  });
});

describe('3.5.4 data-use consents', () => {
  it('is manual with the consents given, naming each', () => {
    const out = run('3.5.4', withOrg({ genAIConsent: true, aggregatedDataConsent: true }));
    expect(out.status).toBe('manual');
    expect(out.findings.map((f) => f.field)).toEqual(['genAIConsent', 'aggregatedDataConsent']);
  });

  it('is an error on sentry.io when the fields are absent, and not applicable on self-hosted', () => {
    const s = withOrg({ genAIConsent: undefined, aggregatedDataConsent: undefined });
    expect(run('3.5.4', s).status).toBe('error');
    expect(run('3.5.4', { ...s, target: { ...s.target, selfHosted: true } }).status).toBe('not_applicable');
  });
});
