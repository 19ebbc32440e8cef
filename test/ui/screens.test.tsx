// Screens with explicit frame assertions: a control with a diff, a risky confirmation that needs
// the org slug, a manual step, the summary. NO_COLOR is set for tests (vitest.config.ts).

import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { WizardScreen } from '../../src/ui/components/WizardScreen.js';
import { WizardApp } from '../../src/ui/components/WizardApp.js';
import { ColorProvider } from '../../src/ui/theme.js';
import { initialState, wizardReducer, type WizardEvent, type WizardState } from '../../src/ui/wizard-state.js';
import type { ControlResult } from '../../steps/types.js';
import { makeProject, makeState, ALL_FILTERS_ON } from '../fixtures/state.js';
import { partOk } from '../../src/state/types.js';
import { badState, control, controlsOf, outcome, request } from './fixtures.js';
import { frame, KEY, press, typeText } from './keys.js';
import { fakeDriver } from './fake-driver.js';
import { EditView } from '../../src/ui/components/EditView.js';
import { progressCounts } from '../../src/state/progress.js';
import type { EditSpec } from '../../src/ui/edits.js';

afterEach(() => cleanup());

const VERIFY = 'sentry-harden verify --org acme --level L2';
const run = (s: WizardState, ...events: WizardEvent[]): WizardState => events.reduce(wizardReducer, s);
const start = (): WizardState => initialState({ org: 'acme', region: 'us.sentry.io', level: 'L2' });

function screen(state: WizardState, width = 80, rows = 24): ReturnType<typeof render> {
  return render(
    <ColorProvider color={false}>
      <WizardScreen state={state} verifyCommand={VERIFY} canEdit={false} width={width} rows={rows} />
    </ColorProvider>,
  );
}

function expectFits(f: string, width = 80): void {
  for (const line of f.split('\n')) expect(line.length, line).toBeLessThanOrEqual(width);
}

describe('reading the organization', () => {
  it('shows reads of the known total, requests and rate-limit waits under the bar (the counts verify prints)', () => {
    const counts = progressCounts({ done: 1204, total: 2031, label: 'keys web', requests: 1530, rateLimitWaits: 2, rateLimitWaitMs: 3100, waiting: false });
    const state = run(start(), { type: 'collect-progress', message: 'keys web', done: 1204, total: 2031, counts });
    const f = screen(state).lastFrame()!;
    expect(f).toContain('Reading the organization: keys web (1204/2031)');
    expect(f).toContain('1,204/2,031 reads · 1,530 requests · rate limit: 2 waits, 3.1 s');
    expectFits(f);
    const waiting = run(state, { type: 'collect-progress', message: 'keys web', done: 1204, total: 2031, counts: progressCounts({ done: 1204, total: 2031, label: '', requests: 1530, rateLimitWaits: 3, rateLimitWaitMs: 3100, waiting: true }) });
    expect(screen(waiting).lastFrame()).toContain('waiting for the rate limit');
  });
});

describe('a control with a diff', () => {
  it('shows title, tags, why, checks, current → recommended, the warning box and the keys', () => {
    const state = run(start(), { type: 'collected', controls: [control('2.1')] });
    const { lastFrame } = screen(state);
    const f = lastFrame()!;
    expect(f).toContain('sentry-harden · acme · L2 · us.sentry.io');
    expect(f).toContain('control 1 of 1');
    expect(f).toContain('✘ 2.1 Configure Team Access');
    expect(f).toContain('L1 · CIS 5.4 · NIST AC-6 · SOC 2 CC6.2');
    expect(f).toMatch(/Least privilege/);
    expect(f).toContain('✔ 2.1.4 Members cannot invite others');
    expect(f).toMatch(/✘ 2\.1\.1 New members join with the member role\s+defaultRole: admin → member/);
    expect(f).toMatch(/✘ 2\.1\.2 Join requests are off\s+allowJoinRequests: true → false/);
    expect(f).toMatch(/✘ 2\.1\.3 Open membership is off \(disruptive\)\s+openMembership: true → false/);
    expect(f).toContain('⚠ Before you apply');
    expect(f).toContain('[a] apply 3 changes (disruptive)');
    expect(f).toContain('[s] skip');
    expect(f).toContain('[d] details');
    expect(f).toContain('[q] quit');
    expect(f).not.toContain('allowMemberInvite'); // changed keys only
    expectFits(f);
  });

  it('details (d) shows the red/green lines of every changed key', () => {
    const state = run(start(), { type: 'collected', controls: [control('2.1')] }, { type: 'toggle-details' });
    const f = screen(state, 80, 60).lastFrame()!;
    expect(f).toContain('Current → recommended');
    expect(f).toContain('organization acme');
    expect(f).toContain('- defaultRole: "admin"');
    expect(f).toContain('+ defaultRole: "member"');
    expect(f).toContain('- openMembership: true');
    expect(f).toContain('+ openMembership: false');
  });

  it('collapses per-project changes with a count and expands them with d', () => {
    const web = ['web', 'shop', 'admin', 'docs'].map((slug) => makeProject({ slug, platform: 'javascript-react' }));
    const s = makeState({
      projects: partOk(web),
      keys: Object.fromEntries(web.map((p) => [p.slug, partOk([])])),
      filters: Object.fromEntries(web.map((p) => [p.slug, partOk(ALL_FILTERS_ON.map((f) => (f.id === 'localhost' ? { ...f, active: false } : f)))])),
    });
    const c33 = control('3.3', s);
    const collapsed = screen(run(start(), { type: 'collected', controls: [c33] }), 80, 40).lastFrame()!;
    expect(collapsed).toContain('3.3.1 localhost.active · 4 projects');
    expect(collapsed).toContain('web, shop, admin, docs');
    expect(collapsed).toContain('- localhost.active: false');
    expect(collapsed).toContain('+ localhost.active: true');
    cleanup();
    const many = web.concat(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8'].map((slug) => makeProject({ slug: `project-${slug}`, platform: 'javascript' })));
    const s2 = makeState({
      projects: partOk(many),
      keys: Object.fromEntries(many.map((p) => [p.slug, partOk([])])),
      filters: Object.fromEntries(many.map((p) => [p.slug, partOk(ALL_FILTERS_ON.map((f) => (f.id === 'localhost' ? { ...f, active: false } : f)))])),
    });
    const c = control('3.3', s2);
    const short = screen(run(start(), { type: 'collected', controls: [c] })).lastFrame()!;
    expect(short).toContain('3.3.1 localhost.active · 12 projects');
    expect(short).toMatch(/\+\d+ more/);
    expect(short).not.toContain('project-a8');
    cleanup();
    const long = screen(run(start(), { type: 'collected', controls: [c] }, { type: 'toggle-details' }), 80, 60).lastFrame()!;
    expect(long).toContain('project-a8');
  });

  it('details taller than the screen scroll in a window that keeps the header and the keys', async () => {
    const details = run(start(), { type: 'collected', controls: [control('2.1')] }, { type: 'toggle-details' });
    const top = screen(details).lastFrame()!;
    expectFits(top);
    expect(top).toMatch(/rows 1–\d+ of \d+ · ↑↓ PgUp PgDn scroll/);
    expect(top).toContain('sentry-harden · acme');
    expect(top).toContain('[d] details');
    expect(top).not.toContain('+ defaultRole: "member"');
    cleanup();
    // scrolled past the end: clamped to the last rows, which hold the diff
    const t = screen(run(details, { type: 'scroll', delta: 100 }));
    const bottom = await vi.waitFor(() => {
      const f = t.lastFrame()!;
      if (!f.includes('+ defaultRole: "member"')) throw new Error(f);
      return f;
    });
    expectFits(bottom);
    expect(bottom).toContain('[d] details');
    // the reducer never goes above the first row
    expect(run(details, { type: 'scroll', delta: -5 }).phase).toMatchObject({ kind: 'reviewing', scroll: 0 });
  });
});

describe('a manual step', () => {
  it("shows what to do by hand with this org's exact URLs", () => {
    const state = run(start(), { type: 'collected', controls: [control('1.1')] });
    const f = screen(state, 100).lastFrame()!;
    expect(f).toContain('✘ 1.1 Configure SAML Single Sign-On');
    expect(f).toContain('By hand:');
    expect(f).toContain('https://acme.sentry.io/settings/auth/');
    expect(f.replace(/\n/g, ' ')).toMatch(/ACS URL\s+https:\/\/sentry\.io\/saml\/acs\/acme\//);
    expect(f.replace(/\n/g, ' ')).toMatch(/entity ID \/ metadata URL\s+https:\/\/sentry\.io\/saml\/metadata\/acme\//);
    expect(f).toContain('[s] continue');
    expect(f).not.toContain('[a] apply');
  });
});

describe('a risky confirmation', () => {
  it('needs the org slug typed out; a wrong slug applies nothing', async () => {
    const driver = fakeDriver([control('1.2')]);
    let final: WizardState | undefined;
    const t = render(
      <ColorProvider color={false}>
        <WizardApp driver={driver} init={{ org: 'acme', region: 'us.sentry.io', level: 'L2' }} verifyCommand={VERIFY} onDone={(s) => (final = s)} width={80} />
      </ColorProvider>,
    );
    await frame(t, '1.2.1 Two-factor authentication is required (risky)');
    const review = t.lastFrame()!;
    expect(review).toContain('require2FA: false → true');
    expect(review).toContain('[a] apply 1 change (risky)');

    const confirm = await press(t, 'a', 'Type the organization slug acme to apply 1 change');
    expect(confirm).toContain('⚠ Risky: someone may lose access, or it cannot be fully undone');
    expect(confirm).toContain('finley@acme.test');
    expect(confirm).toContain('cannot be fully undone by rollback');
    // y is not enough for a risky change
    await typeText(t, 'acne', (typed) => `> ${typed}`);
    await press(t, KEY.enter, 'Type the organization slug "acme" exactly');
    expect(driver.calls).toHaveLength(0);
    for (let i = 4; i > 0; i--) await press(t, KEY.backspace, (f) => !f.includes(`> ${'acne'.slice(0, i)}`));
    await typeText(t, 'acme', (typed) => `> ${typed}`);
    const summary = await press(t, KEY.enter, 'Summary for acme at L2');
    expect(driver.calls).toHaveLength(1);
    expect(driver.calls[0]!.allowRisky).toEqual(['1.2.1']);
    expect(driver.calls[0]!.changes.map((c) => `${c.field}=${String(c.after)}`)).toEqual(['require2FA=true']);
    expect(summary).toContain('1/1 request applied');
    await vi.waitFor(() => expect(final).toBeDefined());
    expect(final?.records[0]?.decision.kind).toBe('applied');
  });

  /** The risky confirmation of 1.2, its slug field waiting. */
  async function atSlugField() {
    const driver = fakeDriver([control('1.2')]);
    const t = render(
      <ColorProvider color={false}>
        <WizardApp driver={driver} init={{ org: 'acme', region: 'us.sentry.io', level: 'L2' }} verifyCommand={VERIFY} onDone={() => undefined} width={80} />
      </ColorProvider>,
    );
    await frame(t, '[a] apply 1 change (risky)');
    await press(t, 'a', 'Type the organization slug acme to apply 1 change');
    return { driver, t };
  }

  it('a slug pasted with Enter in one write ("acme\\r", one stdin chunk) applies: the Enter is not lost', async () => {
    const { driver, t } = await atSlugField();
    t.stdin.write('acme\r'); // a paste: text and Enter arrive together
    await frame(t, 'Summary for acme at L2');
    expect(driver.calls).toHaveLength(1);
    expect(driver.calls[0]!.allowRisky).toEqual(['1.2.1']);
  });

  it('a pasted wrong slug with Enter is refused like a typed one', async () => {
    const { driver, t } = await atSlugField();
    t.stdin.write('acne\r');
    await frame(t, 'Type the organization slug "acme" exactly');
    expect(driver.calls).toHaveLength(0);
  });

  it('Esc goes back without applying', async () => {
    const driver = fakeDriver([control('1.2')], { result: () => [] });
    const t = render(
      <ColorProvider color={false}>
        <WizardApp driver={driver} init={{ org: 'acme', region: 'us.sentry.io', level: 'L2' }} verifyCommand={VERIFY} onDone={() => undefined} width={80} />
      </ColorProvider>,
    );
    await frame(t, '[a] apply 1 change (risky)');
    await press(t, 'a', 'Type the organization slug');
    await press(t, KEY.escape, '[a] apply 1 change (risky)');
    expect(driver.calls).toHaveLength(0);
  });
});

describe('a disruptive confirmation', () => {
  it('shows the consequence in a warning box and applies on y (n goes back first)', async () => {
    const driver = fakeDriver([control('2.1')]);
    const t = render(
      <ColorProvider color={false}>
        <WizardApp driver={driver} init={{ org: 'acme', region: 'us.sentry.io', level: 'L2' }} verifyCommand={VERIFY} onDone={() => undefined} width={80} />
      </ColorProvider>,
    );
    await frame(t, '[a] apply 3 changes (disruptive)');
    const confirm = await press(t, 'a', 'Apply 3 changes to acme?');
    expect(confirm).toContain('⚠ This narrows access or drops data from now on');
    expect(confirm).toMatch(/[╭┌].*\n[│|]/); // a box, not a bare line
    expect(confirm).toContain('[y] yes, apply');
    expect(confirm).toContain('[n] no, go back');
    expect(confirm).not.toContain('Type the organization slug');
    expectFits(confirm);
    await press(t, 'n', '[a] apply 3 changes (disruptive)');
    expect(driver.calls).toHaveLength(0);
    await press(t, 'a', 'Apply 3 changes to acme?');
    await press(t, 'y', 'Summary for acme at L2');
    expect(driver.calls).toHaveLength(1);
    expect(driver.calls[0]!.allowRisky).toEqual([]);
    expect(driver.calls[0]!.changes.map((c) => c.field).sort()).toEqual(['allowJoinRequests', 'defaultRole', 'openMembership']);
  });
});

describe('a confirmation with more consequences than fit', () => {
  /** 2.1 with six projects whose debug files role changes, each with its own consequence */
  function crowded(risk: 'disruptive' | 'risky'): ControlResult {
    const c = control('2.1');
    const changes = ['web', 'shop', 'docs', 'api', 'mobile', 'billing'].map((p) => ({
      checkId: '2.1.1',
      target: { type: 'project' as const, id: p },
      field: 'debugFilesRole',
      before: 'member',
      after: 'admin',
      risk,
      reversible: true,
      consequence: `Members of ${p} can no longer download its debug files.`,
    }));
    return { ...c, checks: c.checks.map((k) => (k.id === '2.1.1' ? { ...k, risk, changes } : k.status === 'fail' ? { ...k, status: 'pass' as const, changes: [] } : k)) };
  }

  it('d (y/n) or Tab (slug field) shows every consequence: the "+N more" line names a key that works', async () => {
    for (const [risk, key, label] of [['disruptive', 'd', 'd shows all'], ['risky', '\t', 'Tab shows all']] as const) {
      const driver = fakeDriver([crowded(risk)]);
      const t = render(
        <ColorProvider color={false}>
          <WizardApp driver={driver} init={{ org: 'acme', region: 'us.sentry.io', level: 'L2' }} verifyCommand={VERIFY} onDone={() => undefined} width={80} />
        </ColorProvider>,
      );
      await frame(t, '[a] apply 6 changes');
      const confirm = await press(t, 'a', `+2 more (${label})`);
      expect(confirm).not.toContain('Members of billing');
      const all = await press(t, key, 'Members of billing can no longer download its debug files.');
      expect(all).toContain('Members of mobile can no longer download its debug files.');
      expect(all).not.toContain('more (');
      // Tab typed nothing into the slug field
      if (risk === 'risky') expect(all).toMatch(/^> ?$/m);
      expect(driver.calls).toHaveLength(0);
      cleanup();
    }
  });
});

describe('applying', () => {
  it('a spinner per request in flight, then applied and verified, not effective, or failed with Sentry\'s message', () => {
    const [ok, ignored, refused, busy] = [
      request('r1', 'PUT organization acme: defaultRole'),
      request('r2', 'PUT organization acme: openMembership'),
      request('r3', 'PUT organization acme: allowJoinRequests'),
      request('r4', 'PUT project web: scrubIPAddresses'),
    ];
    let s = run(start(), { type: 'collected', controls: [control('2.1'), control('1.2')] }, { type: 'apply', blockers: [], warnings: [] }, { type: 'confirm' });
    s = run(s, { type: 'session-started', id: 'S1', dir: '/tmp/S1' });
    for (const r of [ok, ignored, refused, busy]) s = run(s, { type: 'request-started', request: r });
    s = run(
      s,
      { type: 'request-finished', outcome: outcome(ok, 'applied') },
      { type: 'request-finished', outcome: outcome(ignored, 'not-effective', 'the server kept openMembership: true') },
      { type: 'request-finished', outcome: outcome(refused, 'failed', 'Sentry said: You do not have permission (403)') },
    );
    const f = screen(s).lastFrame()!;
    expect(f).toContain('Applying…');
    expect(f).toContain('✔ PUT organization acme: defaultRole applied and verified');
    expect(f).toContain('✘ PUT organization acme: openMembership not effective');
    expect(f).toContain('the server kept openMembership: true');
    expect(f).toContain('✘ PUT organization acme: allowJoinRequests failed');
    expect(f).toContain('Sentry said: You do not have permission (403)');
    // the request still in flight has a spinner, not an outcome
    expect(f).toMatch(/^\S+ PUT project web: scrubIPAddresses$/m);
    expect(f).not.toMatch(/scrubIPAddresses (applied|failed|not effective)/);
    expectFits(f);
  });
});

describe('the summary', () => {
  it('shows before → after per control, the snapshot session, manual steps left and the CI command', () => {
    const controls = controlsOf(badState());
    const c21 = controls.find((c) => c.id === '2.1')!;
    const req = request('organization:acme', 'PUT organization acme: defaultRole');
    let s = run(start(), { type: 'collected', controls });
    while (s.phase.kind === 'reviewing' && s.controls[s.phase.index]!.id !== '2.1') s = wizardReducer(s, { type: 'skip' });
    s = run(s, { type: 'apply', blockers: [], warnings: [] }, { type: 'confirm' }, { type: 'session-started', id: '20261125T120000Z-abcd1234', dir: '/w/snapshots/acme/20261125T120000Z-abcd1234' });
    const after = controls.map((c) => (c.id === '2.1' ? { ...c21, status: 'manual' as const } : c));
    s = run(s, { type: 'apply-finished', outcomes: [outcome(req, 'applied')], refreshed: after }, { type: 'quit' });
    const f = screen(s).lastFrame()!;
    expect(f).toContain('Summary for acme at L2');
    expect(f).toMatch(/✘ → ◆ 2\.1 +1\/1 request applied/);
    expect(f).toMatch(/✘ → ✘ 1\.1 +manual steps/);
    expect(f).toMatch(/✘ → ✘ 1\.2 +skipped/);
    expect(f).toContain('Snapshot session 20261125T120000Z-abcd1234');
    expect(f).toContain('/w/snapshots/acme/20261125T120000Z-abcd1234');
    expect(f).toContain('Undo: sentry-harden rollback 20261125T120000Z-abcd1234');
    expect(f).toMatch(/Manual steps left \(\d+\): .*2\.1\.9/);
    expect(f).toContain(`In CI: ${VERIFY}`);
    expectFits(f);
  });

  it('says so when nothing was changed', () => {
    const s = run(start(), { type: 'collected', controls: [control('2.1')] }, { type: 'quit' });
    expect(screen(s).lastFrame()).toContain('Nothing was changed, so no snapshot session was written.');
  });
});

describe('editing a value', () => {
  it('e opens the field with the proposed value; the new value goes to the driver, Esc goes back', async () => {
    const c = control('2.1');
    const submitted: (string | string[])[] = [];
    const driver = {
      ...fakeDriver([c], { result: () => [] }),
      editSpecs: () => [{ kind: 'rate-limit' as const, checkId: '3.2.1', label: '3.2.1 rate limit for every client key', initial: '1000/60' }],
      submitEdit: (ctl: ControlResult, _spec: unknown, value: string | string[]) => {
        submitted.push(value);
        return value === 'lots' ? 'enter COUNT/WINDOW, e.g. 1000/60' : { ...ctl, title: 'Edited Team Access' };
      },
    };
    const t = render(
      <ColorProvider color={false}>
        <WizardApp driver={driver} init={{ org: 'acme', region: 'us.sentry.io', level: 'L2' }} verifyCommand={VERIFY} onDone={() => undefined} width={80} />
      </ColorProvider>,
    );
    await frame(t, '[e] edit values');
    await press(t, 'e', '> 1000/60');
    expect(t.lastFrame()).toContain('3.2.1 rate limit for every client key');
    expect(t.lastFrame()).toContain('Esc to go back');
    for (let i = 7; i > 0; i--) await press(t, KEY.backspace, (f) => !f.includes(`> ${'1000/60'.slice(0, i)}`));
    await typeText(t, 'lots', (typed) => `> ${typed}`);
    await press(t, KEY.enter, 'enter COUNT/WINDOW, e.g. 1000/60');
    for (let i = 4; i > 0; i--) await press(t, KEY.backspace, (f) => !f.includes(`> ${'lots'.slice(0, i)}`));
    await typeText(t, '250/60', (typed) => `> ${typed}`);
    await press(t, KEY.enter, 'Edited Team Access');
    expect(submitted).toEqual(['lots', '250/60']);
    await press(t, 'e', '> 1000/60');
    await press(t, KEY.escape, 'Edited Team Access');
    expect(submitted).toHaveLength(2);
  });

  it('a team picker shows every team of a small org, and says when more are below', () => {
    const teams = ['backend', 'data', 'frontend', 'mobile', 'platform', 'sre', 'security'];
    const spec = (names: string[]): EditSpec => ({ kind: 'team', checkId: '2.2.1', label: '2.2.1 team', options: names.map((n) => ({ label: n, value: n })) });
    const small = render(
      <ColorProvider color={false}>
        <EditView specs={[spec(teams)]} pick={0} onPick={() => undefined} onSubmit={() => undefined} />
      </ColorProvider>,
    );
    // the widget's default shows five and hides sre and security without a sign
    for (const team of teams) expect(small.lastFrame()).toContain(team);
    const many = Array.from({ length: 20 }, (_, i) => `team-${i + 1}`);
    const big = render(
      <ColorProvider color={false}>
        <EditView specs={[spec(many)]} pick={0} onPick={() => undefined} onSubmit={() => undefined} />
      </ColorProvider>,
    );
    expect(big.lastFrame()).toContain('team-12');
    expect(big.lastFrame()).not.toContain('team-13');
    expect(big.lastFrame()).toContain('↑↓ scrolls the list (20 in all)');
  });
});
