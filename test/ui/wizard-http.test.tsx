// A whole wizard session over real HTTP against the simulator's demo organization, driven by keys
// in ink-testing-library: skip, apply (plain, disruptive, risky with the slug), edit a value, then
// the summary; the simulator's state afterwards proves what was applied and what was not.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { DEMO_INTEGRATIONS } from '../../src/simulator/seed-integrations.js';
import { connect } from '../../src/config/connect.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import { createWizardDriver } from '../../src/ui/wizard-driver.js';
import { WizardApp } from '../../src/ui/components/WizardApp.js';
import { ColorProvider } from '../../src/ui/theme.js';
import type { WizardState } from '../../src/ui/wizard-state.js';
import { exitCodeOf } from '../../src/ui/wizard-state.js';
import { frame, KEY, press, typeText } from './keys.js';
import { globalOptions, homeIo } from '../helpers/io.js';

let sim: RunningSimulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 'demo' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'wizard-http-'));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => cleanup());

const reviewing = (id: string): RegExp => new RegExp(`control \\d+ of 13[\\s\\S]*[✘◆!✔] ${id.replace('.', '\\.')} `);

describe('the wizard over HTTP against the simulator', () => {
  it('walks the controls at L2: applies, skips, edits, revokes, and the server shows the result', async () => {
    const before = { ...sim.state.org };
    const orphan = [...sim.state.projects.values()].filter((p) => p.teamSlugs.length === 0).map((p) => p.slug);
    expect(before.require2FA).toBe(false);
    expect(before.openMembership).toBe(true);
    expect(orphan.length).toBeGreaterThan(0);

    const io = homeIo(dir, { SENTRY_AUTH_TOKEN: sim.token });
    const conn = await connect(globalOptions({ plain: false, url: sim.url, org: sim.org }), io, { command: 'wizard' });
    const store = openSnapshotStore(path.join(dir, 'snapshots'));
    const driver = createWizardDriver({ conn, store, policy: DEFAULT_POLICY, level: 'L2', only: [], skip: [] });
    let final: WizardState | undefined;
    const t = render(
      <ColorProvider color={false}>
        <WizardApp driver={driver} init={{ org: sim.org, region: new URL(conn.target.regionUrl).host, level: 'L2' }} verifyCommand="verify" onDone={(s) => (final = s)} width={80} />
      </ColorProvider>,
    );
    const T = 15_000;

    // 1.1 SSO: manual only
    await frame(t, reviewing('1.1'), T);
    await press(t, 's', reviewing('1.2'));
    // 1.2 2FA: risky, the slug typed out
    await press(t, 'a', 'Type the organization slug acme');
    await typeText(t, 'acme', (typed) => `> ${typed}`);
    await press(t, KEY.enter, reviewing('2.1'), T);
    expect(t.lastFrame()).toMatch(/✘ → [✔◆] 1\.2 Enforce Two-Factor Authentication — 1\/1 request applied/);
    // 2.1 team access: risky since 2.1.10 deletes a stale invitation, the slug typed out
    await press(t, 'a', 'Type the organization slug acme');
    await typeText(t, 'acme', (typed) => `> ${typed}`);
    await press(t, KEY.enter, reviewing('2.2'), T);
    // 2.2 project access: pick a team for the projects without one, then apply
    expect(t.lastFrame()).toContain('2.2.1 needs a value from you');
    await press(t, 'e', /team for projects without a team/);
    const teamPicker = t.lastFrame()!;
    const firstTeam = /❯ (\S+) \(/.exec(teamPicker)?.[1];
    expect(firstTeam).toBeTruthy();
    await press(t, KEY.enter, `team ${firstTeam}`);
    await press(t, 'a', 'Apply ');
    await press(t, 'y', reviewing('2.3'), T);
    // 2.3 admin access: skip
    await press(t, 's', reviewing('2.4'));
    // 2.4 org auth tokens: revoking is risky (cannot be restored), the slug typed out
    expect(t.lastFrame()).toMatch(/2\.4\.1/);
    await press(t, 'a', 'Type the organization slug acme');
    await typeText(t, 'acme', (typed) => `> ${typed}`);
    await press(t, KEY.enter, reviewing('2.5'), T);
    // 2.5 integrations: manual only
    await press(t, 's', reviewing('3.1'));
    // 3.1 scrubbing: details (taller than 24 rows: a scrollable window), then apply
    await press(t, 'd', '↑↓ PgUp PgDn scroll');
    await press(t, 'a', 'Apply ');
    await press(t, 'y', reviewing('3.2'), T);
    // 3.2 DSN security: skip; 3.3 IP filtering: apply; 3.5 replay and AI, 3.6 JavaScript
    // fetching: skip; 4.1 audit logs: quit
    await press(t, 's', reviewing('3.3'));
    await press(t, 'a', 'Apply ');
    await press(t, 'y', reviewing('3.5'), T);
    await press(t, 's', reviewing('3.6'));
    await press(t, 's', reviewing('4.1'));
    const summary = await press(t, 'q', 'Summary for acme at L2', T);

    expect(summary).toMatch(/Snapshot session \S+/);
    expect(summary).toContain('In CI: verify');
    // onDone runs once the snapshot session is finished
    await vi.waitFor(() => expect(final).toBeDefined());
    expect(final!.records.map((r) => [r.controlId, r.decision.kind])).toEqual([
      ['1.1', 'manual'],
      ['1.2', 'applied'],
      ['2.1', 'applied'],
      ['2.2', 'applied'],
      ['2.3', 'skipped'],
      ['2.4', 'applied'],
      ['2.5', 'manual'],
      ['3.1', 'applied'],
      ['3.2', 'skipped'],
      ['3.3', 'applied'],
      ['3.5', 'skipped'],
      ['3.6', 'skipped'],
      ['4.1', 'manual'],
    ]);
    for (const r of final!.records) {
      if (r.decision.kind === 'applied') expect(r.decision.outcomes.every((o) => o.status === 'applied'), r.controlId).toBe(true);
    }
    expect(exitCodeOf(final!)).toBe(1); // skipped controls still fail

    // the server's state
    const org = sim.state.org;
    expect(org.require2FA).toBe(true);
    expect(org.openMembership).toBe(false);
    expect(org.allowJoinRequests).toBe(false);
    expect(org.defaultRole).toBe('member');
    expect(org.dataScrubber).toBe(true);
    expect(org.scrubIPAddresses).toBe(true);
    for (const slug of orphan) expect(sim.state.projects.get(slug)!.teamSlugs).toContain(firstTeam);
    // the stale, never-used and broad tokens are revoked; the CI token in use is not
    const revoked = [...sim.state.orgAuthTokens.values()].filter((x) => x.dateDeactivated !== null).map((x) => x.id).sort();
    expect(revoked).toEqual([DEMO_INTEGRATIONS.staleTokenId, DEMO_INTEGRATIONS.neverUsedTokenId, DEMO_INTEGRATIONS.broadScopeTokenId].sort());
    // skipped controls are untouched: 3.2 rate limits, 2.3 owners
    expect([...sim.state.keys.values()].some((k) => k.isActive && k.rateLimit === null)).toBe(true);

    // the snapshot session holds one journal entry per request
    const sessions = await store.listSessions();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.id).toBe(final!.session!.id);
    expect(sessions[0]!.status).toBe('complete');
    const requests = final!.records.flatMap((r) => (r.decision.kind === 'applied' ? r.decision.outcomes : [])).filter((o) => o.entry).length;
    expect(sessions[0]!.changes).toBe(requests);
  }, 90_000);
});
