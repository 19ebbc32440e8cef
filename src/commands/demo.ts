// `sentry-harden demo`: the wizard against the built-in simulator (seed `demo`, a badly
// configured organization) on a free loopback port. No account needed; nothing leaves the
// machine. Snapshots go to a temporary folder (or --snapshots-dir), and the session can be
// rolled back before the simulator stops.

import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect } from '../config/connect.js';
import { createLinePrompter } from '../config/line-prompts.js';
import { createInquirerPrompter } from '../config/prompts.js';
import { UserError } from '../errors.js';
import { startSimulator } from '../simulator/index.js';
import { isPromptExit } from '../ui/onboarding.js';
import type { WizardState } from '../ui/wizard-state.js';
import { lineWriter } from './shared.js';
import { NEEDS_TERMINAL, runWizard, wantsPlain } from './wizard.js';
import type { DemoOptions, Io, RollbackOptions, WizardOptions } from './types.js';

export interface DemoDeps {
  /** ask whether to roll the session back at the end (default: on) */
  offerRollback?: boolean;
}

export function demoBanner(org: string, url: string, dir: string): string[] {
  return [
    `DEMO: "${org}" is a simulated organization; no Sentry account is touched.`,
    `It is served on this machine at ${url}; nothing goes to the network.`,
    `Snapshots of this demo are written to ${dir}`,
  ];
}

export async function runDemo(opts: DemoOptions, io: Io, deps: DemoDeps = {}): Promise<number> {
  if (io.stdin.isTTY !== true) throw new UserError(`${NEEDS_TERMINAL}; \`sentry-harden simulator\` runs the demo organization as a server`);
  const sim = await startSimulator({ seed: 'demo' });
  try {
    const dir = opts.snapshotsDir ? path.resolve(io.cwd, opts.snapshotsDir) : await mkdtemp(path.join(os.tmpdir(), 'sentry-harden-demo-'));
    const say = lineWriter(io.stdout, io.env);
    for (const line of demoBanner(sim.org, sim.url, dir)) say(line);
    // the simulator's token reaches connect through this run's environment only
    const demoIo: Io = { ...io, env: { ...io.env, SENTRY_AUTH_TOKEN: sim.token, SENTRY_URL: sim.url, SENTRY_ORG: sim.org } };
    const demoOpts: WizardOptions = { ...opts, url: sim.url, org: sim.org, snapshotsDir: dir };
    const conn = await connect(demoOpts, demoIo, { command: 'wizard' });
    let final: WizardState | undefined;
    const code = await runWizard(demoOpts, demoIo, {
      connection: conn,
      preferences: null,
      registry: null,
      defaultLevel: 'L2',
      banner: "(simulated)",
      ephemeral: true,
      command: 'demo',
      onFinished: (s) => (final = s),
    });
    const session = (final as WizardState | undefined)?.session;
    if (code === 130 || !session || deps.offerRollback === false) return code;

    say(`\nThe demo organization stops with this command. Try the rollback now: it restores what the session changed.`);
    const streams = { input: io.stdin, output: io.stdout };
    const line = wantsPlain(opts, io) ? createLinePrompter(streams) : undefined;
    let again: boolean;
    try {
      again = await (line ?? createInquirerPrompter(streams)).confirm(`Roll back session ${session.id} now?`, false);
    } finally {
      line?.close();
    }
    if (!again) return code;
    const { runRollback } = await import('./rollback.js');
    const rollbackOpts: RollbackOptions = {
      url: sim.url, org: sim.org, snapshotsDir: dir, color: opts.color, plain: opts.plain, only: opts.only,
      ...(opts.policy !== undefined ? { policy: opts.policy } : {}),
      session: session.id, latest: false, yes: false, forceDrifted: false, dryRun: false, json: false, args: [],
    };
    return await runRollback(rollbackOpts, demoIo, {
      registry: null,
      connect: async () => conn,
    });
  } catch (err) {
    if (isPromptExit(err)) return 130;
    throw err;
  } finally {
    await sim.close();
  }
}
