// Issue 13 (items 3-5) over HTTP against the demo simulator: the changes the checks plan for
// replay access (3.5.1), Seer automation (3.5.2), AI features (3.5.3), JavaScript fetching
// (3.6.1, 3.6.3) are applied through the org and project adapters, read back, and rolled back to
// exactly the starting values; collection reads the project options without the detail GET.

import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/engine/apply.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { executeRollback, planRollback } from '../../src/engine/rollback.js';
import { collectOrgState } from '../../src/engine/collect.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import type { PlannedChange } from '../../steps/types.js';
import { fingerprint, harness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const CHECKS = ['3.5.1', '3.5.2', '3.5.3', '3.6.1', '3.6.3'];

describe('issue 13: replay, AI and JavaScript-fetching changes', () => {
  it('applies the planned changes, reads them back, and rollback restores the starting values', async () => {
    h = await harness();
    const fp = fingerprint(h.sim.state);
    const policy = { ...DEFAULT_POLICY, replayAccess: ['alex@acme.example', 'evan@acme.example'] };
    const state = await collectOrgState(h.conn, { level: 'L3', policy, checkIds: new Set(CHECKS) });
    expect(h.sim.state.counters.securityTokensCreated).toBe(0);
    const results = evaluate(state, policy, { level: 'L3', only: CHECKS, now: new Date() }).flatMap((c) => c.checks);
    expect(results.map((c) => `${c.id}:${c.status}`)).toEqual(CHECKS.map((id) => `${id}:fail`));
    const changes: PlannedChange[] = results.flatMap((c) => c.changes ?? []);
    expect(changes.map((c) => `${c.checkId} ${c.target.type}:${c.target.id} ${c.field}`)).toEqual([
      '3.5.1 organization:acme replayAccessMembers',
      '3.5.1 organization:acme hasGranularReplayPermissions',
      '3.5.2 organization:acme defaultSeerScannerAutomation',
      '3.5.2 organization:acme defaultAutofixAutomationTuning',
      '3.5.3 organization:acme hideAiFeatures',
      '3.6.1 project:web-app verifySSL',
      '3.6.3 organization:acme scrapeJavaScript',
    ]);

    const store = openSnapshotStore(h.dir);
    const session = await store.startSession({ org: 'acme', url: h.sim.url, level: 'L3', command: 'apply' });
    const outcomes = await applyPlan(h.conn, state, changes, session, { allowRisky: new Set() });
    expect(outcomes.every((o) => o.status === 'applied'), JSON.stringify(outcomes)).toBe(true);
    const org = h.sim.state.org;
    expect(org).toMatchObject({ hasGranularReplayPermissions: true, defaultSeerScannerAutomation: false, defaultAutofixAutomationTuning: 'off', hideAiFeatures: true, scrapeJavaScript: false });
    expect([...(org.replayAccessUserIds ?? [])].sort()).toEqual(['101', '105']);
    expect(h.sim.state.projects.get('web-app')!.options.get('sentry:verify_ssl')).toBe(true);

    // the same checks pass on a fresh read
    const after = await collectOrgState(h.conn, { level: 'L3', policy, checkIds: new Set(CHECKS) });
    expect(evaluate(after, policy, { level: 'L3', only: CHECKS, now: new Date() }).flatMap((c) => c.checks).map((c) => `${c.id}:${c.status}`)).toEqual(CHECKS.map((id) => `${id}:pass`));

    const loaded = await store.loadSession(session.id);
    const plan = await planRollback(h.conn, loaded);
    const rs = await store.startSession({ org: 'acme', url: h.sim.url, level: 'L3', command: 'rollback', rollbackOf: session.id });
    const result = await executeRollback(h.conn, plan, rs);
    expect(result.complete).toBe(true);
    expect(org.replayAccessUserIds).toEqual([]);
    expect(org).toMatchObject({ hasGranularReplayPermissions: false, defaultSeerScannerAutomation: true, defaultAutofixAutomationTuning: 'medium', hideAiFeatures: false, scrapeJavaScript: true });
    expect(h.sim.state.projects.get('web-app')!.options.get('sentry:verify_ssl')).toBe(false);
    // the replay option existed as "never set" (GET false) and is now stored false: the API
    // cannot delete an org option, and both read as false (organization_details.py get_or_create)
    expect(fp).toMatchObject({ org: { hasGranularReplayPermissions: null } });
    expect(fingerprint(h.sim.state)).toEqual({ ...(fp as object), org: { ...(fp as { org: object }).org, hasGranularReplayPermissions: false } });
  });
});
