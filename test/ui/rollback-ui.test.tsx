// Interactive rollback screens and the verify progress bar, with explicit frames and keys.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { PickerApp, ReviewApp } from '../../src/ui/rollback-ui.js';
import { CollectProgressView } from '../../src/ui/progress-ui.js';
import type { SessionSummary } from '../../src/snapshots/store.js';
import type { RollbackPlan } from '../../src/engine/types.js';
import type { PlannedChange } from '../../steps/types.js';
import { frame, KEY, press } from './keys.js';

afterEach(() => cleanup());

const session = (id: string, startedAt: string, over: Partial<SessionSummary> = {}): SessionSummary => ({
  id,
  dir: `/snap/acme/${id}`,
  org: 'acme',
  url: 'https://sentry.io',
  command: 'wizard',
  level: 'L2',
  startedAt,
  endedAt: startedAt,
  status: 'complete',
  changes: 3,
  rolledBack: false,
  rolledBackBy: [],
  ...over,
});

const org = { type: 'organization', id: 'acme' } as const;
const change = (checkId: string, field: string, before: unknown, after: unknown): PlannedChange => ({ checkId, target: org, field, before, after, risk: 'none', reversible: true });

const plan: RollbackPlan = {
  sessionId: '20261125T120000Z-abcd1234',
  org: 'acme',
  items: [
    {
      seq: 2,
      checkIds: ['2.1.3'],
      target: { type: 'organization', id: 'acme' },
      description: 'PUT organization acme: openMembership',
      state: 'restorable',
      fields: [{ field: 'openMembership', before: true, after: false, live: false }],
      restore: [change('2.1.3', 'openMembership', false, true)],
    },
    {
      seq: 1,
      checkIds: ['3.1.5'],
      target: { type: 'organization', id: 'acme' },
      description: 'PUT organization acme: scrubIPAddresses, dataScrubber',
      state: 'drifted',
      fields: [
        { field: 'scrubIPAddresses', before: false, after: true, live: 'x', drifted: true },
        { field: 'dataScrubber', before: false, after: true, live: true },
      ],
      message: 'someone changed it since the session',
      restore: [change('3.1.1', 'dataScrubber', true, false)],
      driftedRestore: [change('3.1.5', 'scrubIPAddresses', 'x', false)],
    },
  ],
  cannotUndo: ['finley@acme.test became a pending invitation when 2FA was required: invite them again.'],
  warnings: [],
};

describe('rollback picker', () => {
  it('lists sessions newest first by time (any offset) in the one time format, and returns the chosen folder', async () => {
    const finish = vi.fn();
    const sessions = [
      session('20261124T120000Z-aaaaaaaa', '2026-11-24T12:00:00.000Z', { command: 'apply', changes: 1 }),
      session('20261125T120000Z-bbbbbbbb', '2026-11-25T12:00:00.000Z'),
      // 11:30 UTC: after bbbbbbbb as text, before it in time
      session('20261125T113000Z-cccccccc', '2026-11-25T12:30:00+01:00', { command: 'apply', changes: 2 }),
    ];
    const t = render(<PickerApp sessions={sessions} finish={finish} />);
    const f = await frame(t, 'Which session do you want to roll back?');
    expect(f.split('\n').slice(1, 4)).toEqual([
      '❯ 2026-11-25 12:00 UTC  acme  wizard L2  3 changes  complete  bbbbbbbb',
      '  2026-11-25 11:30 UTC  acme  apply L2  2 changes  complete  cccccccc',
      '  2026-11-24 12:00 UTC  acme  apply L2  1 change  complete  aaaaaaaa',
    ]);
    await press(t, KEY.down, /❯ 2026-11-25 11:30/);
    await press(t, KEY.down, /❯ 2026-11-24/);
    t.stdin.write(KEY.enter);
    await vi.waitFor(() => expect(finish).toHaveBeenCalledWith('/snap/acme/20261124T120000Z-aaaaaaaa'));
  });

  it('Esc cancels', async () => {
    const finish = vi.fn();
    const t = render(<PickerApp sessions={[session('s1', '2026-11-25T12:00:00.000Z')]} finish={finish} />);
    await frame(t, 'enter to choose');
    t.stdin.write(KEY.escape);
    await vi.waitFor(() => expect(finish).toHaveBeenCalledWith(undefined));
  });
});

describe('rollback review', () => {
  it('shows live → restored per entry, drift and what cannot be undone, then asks', async () => {
    const finish = vi.fn();
    const t = render(<ReviewApp plan={plan} forceDrifted={false} finish={finish} />);
    const f = await frame(t, 'Restore 2 changes of acme?');
    expect(f).toContain('Roll back session 20261125T120000Z-abcd1234 of acme');
    expect(f).toContain('↺ restore #2 PUT organization acme: openMembership');
    expect(f).toContain('- openMembership: false');
    expect(f).toContain('+ openMembership: true');
    expect(f).toContain('! drifted #1 PUT organization acme: scrubIPAddresses, dataScrubber');
    // per field: the drifted field is left, the other field of the same entry is restored
    expect(f).not.toContain('+ scrubIPAddresses');
    expect(f).toContain('+ dataScrubber: false');
    expect(f).toContain('1 drifted field changed by someone else since the session is left as it is');
    expect(f).toContain('The API cannot undo these');
    expect(f).toContain('finley@acme.test became a pending invitation');
    t.stdin.write('y');
    await vi.waitFor(() => expect(finish).toHaveBeenCalledWith(true));
  });

  it('with --force-drifted the drifted entry is restored too; n declines', async () => {
    const finish = vi.fn();
    const t = render(<ReviewApp plan={plan} forceDrifted finish={finish} />);
    const f = await frame(t, 'Restore 3 changes of acme?');
    expect(f).toContain('+ scrubIPAddresses: false');
    t.stdin.write('n');
    await vi.waitFor(() => expect(finish).toHaveBeenCalledWith(false));
  });
});

describe('verify progress', () => {
  it('shows a bar with done/total and what is being read', () => {
    const t = render(<CollectProgressView progress={{ done: 5, total: 10, label: 'members' }} />);
    expect(t.lastFrame()).toMatch(/Reading .*5\/10 reads · members/);
  });

  it('shows the requests sent and the rate-limit waits', () => {
    const waiting = render(<CollectProgressView width={120} progress={{ done: 5, total: 10, label: 'keys', requests: 42, rateLimitWaits: 1, rateLimitWaitMs: 900, waiting: true }} />);
    expect(waiting.lastFrame()).toMatch(/5\/10 reads · 42 requests · waiting for the rate limit · keys/);
    const waited = render(<CollectProgressView width={120} progress={{ done: 9, total: 10, label: 'keys', requests: 60, rateLimitWaits: 2, rateLimitWaitMs: 1500 }} />);
    expect(waited.lastFrame()).toMatch(/9\/10 reads · 60 requests · rate limit: 2 waits, 1\.5 s · keys/);
  });
});
