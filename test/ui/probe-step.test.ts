// The wizard's PII-probe step (--probe-pii): the real driver over HTTP against the demo org's
// seeded events (src/simulator/seed-events.ts), and runWizard running it after the summary only
// when asked and only when the session ended normally.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/config/connect.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';
import { runWizard } from '../../src/commands/wizard.js';
import { createWizardDriver } from '../../src/ui/wizard-driver.js';
import { runProbeStep } from '../../src/ui/probe-step.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import { globalOptions, homeIo } from '../helpers/io.js';
import { closedAfterEach } from '../helpers/simulators.js';
import { control } from './fixtures.js';
import { fakeDriver } from './fake-driver.js';

const { sim: startSim } = closedAfterEach();

describe('wizard --probe-pii step', () => {
  it('the real driver samples the projects it read and prints the leaks with their linked checks, never a value', async () => {
    const sim = await startSim();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sh-probe-step-'));
    const io = homeIo(dir, { SENTRY_AUTH_TOKEN: sim.token });
    const conn = await connect(globalOptions({ plain: true, url: sim.url, org: sim.org }), io, { command: 'wizard' });
    // 3.1 reads the projects (effective scrubbing per project)
    const driver = createWizardDriver({ conn, store: openSnapshotStore(path.join(dir, 'snapshots')), policy: DEFAULT_POLICY, level: 'L2', only: ['3.1'], skip: [] });
    await driver.collect(() => undefined);
    const lines: string[] = [];
    const report = await runProbeStep(driver, 50, (l) => lines.push(l));
    expect(report!.totals).toMatchObject({ leaks: 14, errors: 0 });
    const text = lines.join('\n');
    expect(text).toContain('PII probe: 14 leaked values in 100 sampled events of 12 projects');
    expect(text).toMatch(/creditcard at context\.payment_note ×2 .*explained by failing 3\.1\.2/);
    expect(text).toContain('Leaks found: turn on the scrubbing the linked 3.1 checks name');
    for (const v of ['4111 1111 1111 1111', 'buyer0@example.com', 'BEGIN RSA PRIVATE KEY']) expect(text).not.toContain(v);
  });

  it('runWizard runs it after the summary with --probe-pii, not without', async () => {
    const run = async (probePii: boolean) => {
      const io = homeIo('/tmp');
      const stdin = Object.assign(new PassThrough(), { isTTY: true }) as unknown as NodeJS.ReadStream;
      const driver = fakeDriver([control('2.3')]);
      let sampled = 0;
      const conn = { api: {} as never, target: { baseUrl: 'https://sentry.io', controlUrl: 'https://sentry.io', regionUrl: 'https://us.sentry.io', organizationUrl: 'https://acme.sentry.io', org: 'acme', selfHosted: false }, whoami: { scopes: [], user: null } };
      const code = await runWizard(globalOptions({ plain: true, ...(probePii ? { probePii: true, probeSample: 7 } : {}) }), { ...io, stdin }, {
        connection: conn,
        preferences: null,
        registry: null,
        defaultLevel: 'L2',
        driverFactory: () => ({
          ...driver,
          probe: async (n: number) => {
            sampled = n;
            return { sampleSize: n, projects: [{ project: 'web', sampled: 3, eventsWithLeaks: 0, scannedIps: false, byKind: {} }], findings: [], totals: { projects: 1, sampled: 3, leaks: 0, despitePass: 0, errors: 0 } };
          },
        }),
      });
      return { code, out: io.out(), sampled };
    };
    const withProbe = await run(true);
    expect(withProbe.code).toBe(0);
    expect(withProbe.sampled).toBe(7);
    const out = withProbe.out;
    expect(out.indexOf('Does scrubbing work? Reading up to 7 recent events per project')).toBeGreaterThan(out.indexOf('== Summary for acme at L2'));
    expect(out).toContain('No leak in the sample.');
    const without = await run(false);
    expect(without.sampled).toBe(0);
    expect(without.out).not.toContain('Does scrubbing work?');
  });
});
