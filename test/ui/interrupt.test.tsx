// Ctrl+C while applying: the request in flight finishes (and is journaled by the engine), the
// rest is not sent, and the summary says what was done; the session ends as interrupted (130).
// Also: the wizard refuses to run without a terminal and names what to use instead.

import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { WizardApp } from '../../src/ui/components/WizardApp.js';
import { ColorProvider } from '../../src/ui/theme.js';
import { exitCodeOf, type WizardState } from '../../src/ui/wizard-state.js';
import { runWizard } from '../../src/commands/wizard.js';
import { UserError } from '../../src/errors.js';
import { control } from './fixtures.js';
import { fakeDriver } from './fake-driver.js';
import { frame, KEY, press } from './keys.js';
import { globalOptions, homeIo } from '../helpers/io.js';
import { groupIntoRequests } from '../../src/engine/apply.js';
import type { PlannedChange } from '../../steps/types.js';

afterEach(() => cleanup());

describe('Ctrl+C during apply', () => {
  it('lets the request in flight finish, sends nothing more, and says what was done', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // split 3.1's org changes into two requests so one is in flight and one is still to come
    const twoRequests = (changes: PlannedChange[]) => {
      const reqs = groupIntoRequests(changes);
      const first = reqs[0]!;
      return [
        { request: { ...first, id: 'r1', description: 'PUT organization acme: first' }, status: 'applied' as const },
        { request: { ...first, id: 'r2', description: 'PUT organization acme: second' }, status: 'applied' as const },
      ];
    };
    const driver = fakeDriver([control('2.1'), control('1.2')], { gate, result: twoRequests });
    let final: WizardState | undefined;
    const t = render(
      <ColorProvider color={false}>
        <WizardApp driver={driver} init={{ org: 'acme', region: 'us.sentry.io', level: 'L2' }} verifyCommand="v" onDone={(s) => (final = s)} width={80} />
      </ColorProvider>,
    );
    await frame(t, '[a] apply 3 changes');
    await press(t, 'a', 'Apply 3 changes to acme?');
    await press(t, 'y', 'PUT organization acme: first');
    await press(t, KEY.ctrlC, 'Stopping after the request in flight');
    expect(driver.calls[0]!.signal.aborted).toBe(true);
    release();
    const summary = await frame(t, 'Summary for acme at L2 (interrupted)');
    expect(summary).toMatch(/2\.1 +1\/2 requests applied, interrupted/);
    expect(summary).toMatch(/1\.2 +skipped/);
    expect(summary).toContain('Snapshot session S-1');
    await vi.waitFor(() => expect(final).toBeDefined());
    expect(exitCodeOf(final!)).toBe(130);
    expect(driver.finished).toEqual([true]);
  });
});

describe('runWizard', () => {
  it('needs a terminal: without one it names apply --yes and verify', async () => {
    const io = homeIo('/tmp');
    const err = await runWizard(globalOptions({ plain: false }), io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe('the wizard needs a terminal; use `sentry-harden apply --yes` or `verify` in scripts');
    expect((err as UserError).exitCode).toBe(2);
  });

  it('stdin is a TTY but stdout is not: the plain line mode runs', async () => {
    const io = homeIo('/tmp');
    const stdin = new PassThrough() as unknown as NodeJS.ReadStream & { isTTY: boolean };
    stdin.isTTY = true;
    const driverControls = [control('2.3')]; // passes: nothing to ask
    const conn = { api: {} as never, target: { baseUrl: 'https://sentry.io', controlUrl: 'https://sentry.io', regionUrl: 'https://us.sentry.io', organizationUrl: 'https://acme.sentry.io', org: 'acme', selfHosted: false }, whoami: { scopes: [], user: null } };
    // the real driver would collect over HTTP; this run only proves the mode switch and the exit code
    const code = await runWizard(globalOptions({ plain: false }), { ...io, stdin }, {
      connection: conn,
      preferences: null,
      registry: null,
      defaultLevel: 'L2',
      driverFactory: () => fakeDriver(driverControls),
    });
    expect(code).toBe(0);
    expect(io.out()).toContain('== Summary for acme at L2');
    expect(io.out()).toContain('In CI: sentry-harden verify --org acme --level L2');
  });
});
