// Mutation tests for steps/3.5-replay-ai-data.ts (issue 21). Sources: replay access,
// src/sentry/replays/permissions.py has_replay_permission (option on = only users on the allowlist;
// the allowlist holds USER ids: organization_details.py, test_replay_access_members_*); the AI
// options and their PUT in src/sentry/core/endpoints/organization_details.py and
// serializers/models/organization.py (hideAiFeatures gates Seer: seer/autofix/autofix.py); the
// data-use consents (genAIConsent, aggregatedDataConsent) in the same serializer, sentry.io only.
import { describe, expect, it } from 'vitest';
import type { Member, OrgDetails } from '../../src/sentry/types.js';
import { partError, partOk, type OrgState } from '../../src/state/types.js';
import { makeInvitation, makeMember, makeOrg, makeState, runCheck as run } from '../fixtures/state.js';

const withOrg = (over: Partial<OrgDetails>, state: Partial<OrgState> = {}): OrgState => makeState({ org: partOk(makeOrg(over)), ...state });

describe('3.5.1 who the policy names (resolveUsers)', () => {
  const alice = makeMember({ id: '90', email: 'alice@acme.test' });
  const bob = makeMember({ id: '91', email: 'bob@acme.test' });
  // a member whose membership email differs from the account email (Sentry keeps both)
  const carol: Member = { ...makeMember({ id: '92', email: 'carol.old@acme.test' }), user: { ...makeMember({ id: '92' }).user!, id: 'u92', email: 'carol@acme.test' } };
  const off = { hasGranularReplayPermissions: false, replayAccessMembers: [] };

  it('finds a member by the account email too, trimmed and case-insensitively', () => {
    const out = run('3.5.1', withOrg(off, { members: partOk([alice, carol]) }), { replayAccess: ['  CAROL@acme.test '] });
    expect(out.changes?.[0]).toMatchObject({ field: 'replayAccessMembers', after: ['u92'] });
    expect(out.warnings).toBeUndefined();
  });

  it('an invitation or a deactivated account with that email gets nothing and is named', () => {
    const invite = makeInvitation({ id: '93', email: 'dave@acme.test' });
    const gone = makeMember({ id: '94', email: 'erin@acme.test' });
    gone.user = { ...gone.user!, isActive: false };
    const out = run('3.5.1', withOrg(off, { members: partOk([alice, invite, gone]) }), { replayAccess: ['dave@acme.test', 'erin@acme.test', 'alice@acme.test'] });
    expect(out.changes?.[0]).toMatchObject({ field: 'replayAccessMembers', before: [], after: ['u90'] });
    expect(out.warnings).toEqual(['Not members with an active account, so not given replay access: dave@acme.test, erin@acme.test.']);
  });

  it('with only unknown emails: fails asking for the list, plans nothing, names them', () => {
    const out = run('3.5.1', withOrg(off, { members: partOk([alice]) }), { replayAccess: ['ghost@acme.test'] });
    expect(out).toEqual({
      status: 'fail',
      findings: [{ resource: { type: 'organization', id: 'acme' }, field: 'hasGranularReplayPermissions', current: false, expected: true, message: 'Every member who can see a project can watch its session replays.' }],
      changes: [],
      missingParameter: 'replayAccess',
      reason: 'list the emails of the people who may watch replays in policy replayAccess; turning the restriction on with nobody listed would hide replays from everyone',
      warnings: ['Not members with an active account, so not given replay access: ghost@acme.test.'],
    });
  });

  it('turning the restriction on names who keeps access (the allowlist first, then the switch)', () => {
    const out = run('3.5.1', withOrg(off, { members: partOk([alice, bob]) }), { replayAccess: ['bob@acme.test', 'alice@acme.test'] });
    expect(out).toEqual({
      status: 'fail',
      findings: [{ resource: { type: 'organization', id: 'acme' }, field: 'hasGranularReplayPermissions', current: false, expected: true, message: 'Every member who can see a project can watch its session replays.' }],
      changes: [
        { checkId: '3.5.1', target: { type: 'organization', id: 'acme' }, field: 'replayAccessMembers', before: [], after: ['u90', 'u91'], risk: 'disruptive', reversible: true },
        {
          checkId: '3.5.1', target: { type: 'organization', id: 'acme' }, field: 'hasGranularReplayPermissions', before: false, after: true, risk: 'disruptive', reversible: true,
          consequence: 'Only bob@acme.test, alice@acme.test can watch session replays; everyone else sees "You don\'t have access to this feature" on replays.',
        },
      ],
    });
  });

  it('when the allowlist already holds the policy\'s users, only the switch is planned', () => {
    const out = run('3.5.1', withOrg({ hasGranularReplayPermissions: false, replayAccessMembers: ['u90'] }, { members: partOk([alice]) }), { replayAccess: ['alice@acme.test'] });
    expect(out.changes?.map((c) => c.field)).toEqual(['hasGranularReplayPermissions']);
  });
});

describe('3.5 whole pass and missing-parameter outcomes', () => {
  it('not restricted, policy empty: fail asking for the list, with nothing else', () => {
    expect(run('3.5.1', withOrg({ hasGranularReplayPermissions: false, replayAccessMembers: [] }))).toEqual({
      status: 'fail',
      findings: [{ resource: { type: 'organization', id: 'acme' }, field: 'hasGranularReplayPermissions', current: false, expected: true, message: 'Every member who can see a project can watch its session replays.' }],
      changes: [],
      missingParameter: 'replayAccess',
      reason: 'list the emails of the people who may watch replays in policy replayAccess; turning the restriction on with nobody listed would hide replays from everyone',
    });
  });
  it('3.5.2 with AI hidden, 3.5.3 hidden and 3.5.4 without consents pass with no findings', () => {
    expect(run('3.5.2', withOrg({ hideAiFeatures: true, defaultSeerScannerAutomation: true, defaultAutofixAutomationTuning: 'high' }))).toEqual({ status: 'pass', findings: [] });
    expect(run('3.5.3', withOrg({ hideAiFeatures: true }))).toEqual({ status: 'pass', findings: [] });
    expect(run('3.5.4', withOrg({ genAIConsent: false, aggregatedDataConsent: false }))).toEqual({ status: 'pass', findings: [] });
  });
});

describe('3.5.1 restricted: the allowlist against the policy (user ids, order-free)', () => {
  const alice = makeMember({ id: '90', email: 'alice@acme.test' });
  const bob = makeMember({ id: '91', email: 'bob@acme.test' });
  const members = partOk([alice, bob]);
  const on = (ids: string[]) => withOrg({ hasGranularReplayPermissions: true, replayAccessMembers: ids }, { members });

  it('passes with the same users in another order', () => {
    expect(run('3.5.1', on(['u91', 'u90']), { replayAccess: ['alice@acme.test', 'bob@acme.test'] })).toEqual({ status: 'pass', findings: [] });
  });

  it.each([
    ['a user fewer', ['u90'], ['alice@acme.test', 'bob@acme.test']],
    ['a user more', ['u90', 'u91'], ['alice@acme.test']],
    ['another user', ['u91'], ['alice@acme.test']],
    ['nobody', [], ['alice@acme.test']],
    // as many users as the policy, one of them another person: every id must match, not some
    ['one of two another user', ['u90', 'u92'], ['alice@acme.test', 'bob@acme.test']],
  ])('fails with %s and plans the policy\'s list', (_label, live, policy) => {
    const out = run('3.5.1', on(live), { replayAccess: policy });
    const wanted = policy.map((e) => (e.startsWith('alice') ? 'u90' : 'u91')).sort();
    expect(out.status).toBe('fail');
    expect(out.findings).toEqual([{
      resource: { type: 'organization', id: 'acme' }, field: 'replayAccessMembers', current: [...live].sort(), expected: wanted,
      message: `Replay access is restricted, but to ${live.length} user${live.length === 1 ? '' : 's'} other than the ${wanted.length} of policy replayAccess.`,
    }]);
    expect(out.changes).toEqual([{ checkId: '3.5.1', target: { type: 'organization', id: 'acme' }, field: 'replayAccessMembers', before: [...live].sort(), after: wanted, risk: 'disruptive', reversible: true }]);
  });

  it('fails while a policy email names nobody, although the known ones already have access', () => {
    const out = run('3.5.1', on(['u90']), { replayAccess: ['alice@acme.test', 'ghost@acme.test'] });
    expect(out).toMatchObject({ status: 'fail', changes: [], warnings: ['Not members with an active account, so not given replay access: ghost@acme.test.'] });
    expect(out.findings.map((f) => f.field)).toEqual(['replayAccessMembers']);
  });

  it('restricted with an empty policy list passes without reading the members', () => {
    expect(run('3.5.1', withOrg({ hasGranularReplayPermissions: true, replayAccessMembers: ['u5'] }, { members: partError('HTTP 500') }))).toEqual({ status: 'pass', findings: [] });
  });

  it('restricted, policy names people, members unreadable: an error, not a pass (verdict fix, issue 21)', () => {
    // the allowlist holds user ids (organization_details.py); without the members the policy's
    // emails cannot be turned into ids, so whether the list is the policy's is unknown
    const out = run('3.5.1', withOrg({ hasGranularReplayPermissions: true, replayAccessMembers: ['u91'] }, { members: partError('HTTP 500') }), { replayAccess: ['alice@acme.test'] });
    expect(out).toEqual({ status: 'error', findings: [], reason: 'members (to find the user of each replayAccess email): HTTP 500' });
  });

  it('not restricted and the members unreadable: an error naming the members', () => {
    const out = run('3.5.1', withOrg({ hasGranularReplayPermissions: false }, { members: partError('HTTP 500') }), { replayAccess: ['alice@acme.test'] });
    expect(out).toEqual({ status: 'error', findings: [], reason: 'members (to find the user of each replayAccess email): HTTP 500' });
  });

  it('a missing allowlist field reads as an empty list', () => {
    const out = run('3.5.1', withOrg({ hasGranularReplayPermissions: true, replayAccessMembers: undefined }, { members }), { replayAccess: ['alice@acme.test'] });
    expect(out.findings[0]).toMatchObject({ current: [], expected: ['u90'] });
  });

  it('is manual, with the remedies, when the server has no granular replay permissions', () => {
    for (const v of [undefined, null, 'true'] as unknown as boolean[]) {
      const out = run('3.5.1', withOrg({ hasGranularReplayPermissions: v }, { members }), { replayAccess: ['alice@acme.test'] });
      expect(out).toEqual({
        status: 'manual',
        findings: [],
        reason: 'this Sentry version has no granular replay permissions (hasGranularReplayPermissions is absent from the organization settings): everyone who can see a project sees its replays',
        manualSteps: [
          'Limit who sees the projects that record replays by team membership (2.1.3, 2.2).',
          'Keep the Replay SDK\'s default privacy settings (maskAllText, blockAllMedia) so replays carry no text or media of your users.',
        ],
      });
    }
  });
});

describe('3.5.2 Seer automation defaults', () => {
  const org = { type: 'organization', id: 'acme' };
  it('plans only the scanner when the autofix tuning is off', () => {
    const out = run('3.5.2', withOrg({ hideAiFeatures: false, defaultSeerScannerAutomation: true, defaultAutofixAutomationTuning: 'off' }));
    expect(out).toEqual({
      status: 'fail',
      findings: [{ resource: org, field: 'defaultSeerScannerAutomation', current: true, expected: false, message: 'New projects scan every new issue with Seer.' }],
      changes: [{ checkId: '3.5.2', target: org, field: 'defaultSeerScannerAutomation', before: true, after: false, risk: 'none', reversible: true }],
      manualSteps: ['These are the defaults for projects created from now on; existing projects keep their own Seer automation setting: review each at https://acme.sentry.io/settings/projects/ (Project Settings > Seer).'],
    });
  });

  it('plans only the tuning when the scanner is off, from its current value', () => {
    const out = run('3.5.2', withOrg({ hideAiFeatures: undefined, defaultSeerScannerAutomation: false, defaultAutofixAutomationTuning: 'super_low' }));
    expect(out.findings).toEqual([{ resource: org, field: 'defaultAutofixAutomationTuning', current: 'super_low', expected: 'off', message: 'New projects run Seer\'s issue fix automatically ("super_low").' }]);
    expect(out.changes).toEqual([{ checkId: '3.5.2', target: org, field: 'defaultAutofixAutomationTuning', before: 'super_low', after: 'off', risk: 'none', reversible: true }]);
  });

  it('passes with both off while AI features are shown', () => {
    expect(run('3.5.2', withOrg({ hideAiFeatures: false, defaultSeerScannerAutomation: false, defaultAutofixAutomationTuning: 'off' }))).toEqual({ status: 'pass', findings: [] });
  });

  it('is manual when one of the two options is missing or not of its type, naming both', () => {
    for (const over of [
      { defaultSeerScannerAutomation: undefined, defaultAutofixAutomationTuning: 'off' },
      { defaultSeerScannerAutomation: false, defaultAutofixAutomationTuning: undefined },
      { defaultSeerScannerAutomation: 'false', defaultAutofixAutomationTuning: 'off' },
      { defaultSeerScannerAutomation: false, defaultAutofixAutomationTuning: false },
    ] as Partial<OrgDetails>[]) {
      expect(run('3.5.2', withOrg({ hideAiFeatures: false, ...over }))).toEqual({
        status: 'manual',
        findings: [],
        reason: 'the organization settings carry no defaultSeerScannerAutomation / defaultAutofixAutomationTuning: this Sentry version predates its AI (Seer) settings; confirm no AI integration sends your event data elsewhere',
      });
    }
  });

  it('a hideAiFeatures that is not true does not excuse the defaults', () => {
    expect(run('3.5.2', withOrg({ hideAiFeatures: 'true' as unknown as boolean, defaultSeerScannerAutomation: true, defaultAutofixAutomationTuning: 'off' })).status).toBe('fail');
  });
});

describe('3.5.3 AI features hidden', () => {
  it('fails with the whole change when shown', () => {
    const out = run('3.5.3', withOrg({ hideAiFeatures: false }));
    expect(out).toEqual({
      status: 'fail',
      findings: [{ resource: { type: 'organization', id: 'acme' }, field: 'hideAiFeatures', current: false, expected: true, message: 'AI features (Seer issue fixes, automatic runs, AI code review and summaries) may process the organization\'s event data.' }],
      changes: [{
        checkId: '3.5.3', target: { type: 'organization', id: 'acme' }, field: 'hideAiFeatures', before: false, after: true, risk: 'disruptive', reversible: true,
        consequence: 'Seer and every other AI feature stop for everyone in the organization (Sentry answers "AI features are disabled for this organization.").',
      }],
    });
  });

  it('is manual naming the field when it is missing or not a boolean; an error when the org is unreadable', () => {
    for (const v of [undefined, 'true', 1] as unknown as boolean[]) {
      expect(run('3.5.3', withOrg({ hideAiFeatures: v }))).toEqual({
        status: 'manual',
        findings: [],
        reason: 'the organization settings carry no hideAiFeatures: this Sentry version predates its AI (Seer) settings; confirm no AI integration sends your event data elsewhere',
      });
    }
    expect(run('3.5.3', makeState({ org: partError('HTTP 502') }))).toEqual({ status: 'error', findings: [], reason: 'organization settings: HTTP 502' });
  });
});

describe('3.5.4 data-use consents', () => {
  const org = { type: 'organization', id: 'acme' };
  it('names only the consent that is given', () => {
    expect(run('3.5.4', withOrg({ genAIConsent: true, aggregatedDataConsent: false })).findings).toEqual([
      { resource: org, field: 'genAIConsent', current: true, expected: 'a recorded decision', message: 'The organization has agreed that Sentry may process its data with generative AI.' },
    ]);
    expect(run('3.5.4', withOrg({ genAIConsent: false, aggregatedDataConsent: true })).findings).toEqual([
      { resource: org, field: 'aggregatedDataConsent', current: true, expected: 'a recorded decision', message: 'The organization has agreed that Sentry may use its data in aggregate to improve its products, including its AI/ML models.' },
    ]);
  });

  it('the manual outcome says where to withdraw them', () => {
    const out = run('3.5.4', withOrg({ genAIConsent: true, aggregatedDataConsent: true }));
    expect(out.reason).toBe('the consents are given and withdrawn in Sentry\'s Legal & Compliance settings, not through this API');
    expect(out.manualSteps).toEqual([
      'Confirm with whoever approves data processing (DPO, legal) that these consents are intended, and record the decision; withdraw them at https://acme.sentry.io/settings/legal/ otherwise.',
      'What each consent covers: https://docs.sentry.io/security-legal-pii/security/ai-ml-policy/',
    ]);
  });

  it('is an error when one consent is missing, and not applicable on self-hosted even with the org unreadable', () => {
    for (const over of [{ genAIConsent: true, aggregatedDataConsent: undefined }, { genAIConsent: undefined, aggregatedDataConsent: false }] as Partial<OrgDetails>[]) {
      expect(run('3.5.4', withOrg(over))).toEqual({ status: 'error', findings: [], reason: 'the organization settings carry no genAIConsent / aggregatedDataConsent, so the data-use consents are unknown' });
    }
    const s = makeState({ org: partError('HTTP 500') });
    expect(run('3.5.4', { ...s, target: { ...s.target, selfHosted: true } })).toEqual({
      status: 'not_applicable', findings: [], reason: 'a self-hosted server sends no event data to Sentry; the data-use consents exist on sentry.io only',
    });
    expect(run('3.5.4', s)).toEqual({ status: 'error', findings: [], reason: 'organization settings: HTTP 500' });
  });
});
