// `sentry-harden [wizard]`: the guided session. Onboarding prompts (first run) before anything
// mounts, then the Ink screen, or line-by-line questions with --plain / TERM=dumb / a stdout that
// is not a terminal. Returns 0 (all passes), 1 (findings remain), 130 (interrupted).

import { existsSync } from 'node:fs';
import path from 'node:path';
import { connect, requiredScopesFor, type Connection, type ConnectDeps } from '../config/connect.js';
import { createLinePrompter } from '../config/line-prompts.js';
import { createInquirerPrompter, type Prompter } from '../config/prompts.js';
import { openPreferences, type Preferences } from '../config/preferences.js';
import { findSentryclirc } from '../config/sentryclirc.js';
import { allowHttpOptIn, checkCleartext, requestTimeoutMs } from '../config/transport.js';
import { UserError } from '../errors.js';
import { requireSelection } from '../engine/evaluate.js';
import { createSentryApi } from '../sentry/api.js';
import { createSentryClient } from '../sentry/client.js';
import { SentryApiError } from '../sentry/errors.js';
import { registryFromPreferences } from '../config/session-registry.js';
import { openSnapshotStore, type SessionRegistry } from '../snapshots/store.js';
import { isPromptExit, askLevel, askServer, runOnboarding } from '../ui/onboarding.js';
import { verifyCommandFor } from '../ui/summary-model.js';
import { colorEnabled } from '../ui/theme.js';
import { createWizardDriver, type DriverOptions, type WizardDriver } from '../ui/wizard-driver.js';
import { exitCodeOf, type WizardState } from '../ui/wizard-state.js';
import { runPlainWizard } from '../ui/plain/run-plain.js';
import { runProbeStep } from '../ui/probe-step.js';
import { DEFAULT_PROBE_SAMPLE } from '../state/events.js';
import type { Level } from '../../steps/types.js';
import { loadPolicy, textColumns } from './shared.js';
import { processSignals } from './apply.js';
import { defaultPlanFile, writePlanFile } from './plan.js';
import type { SavedPlan } from '../engine/saved-plan.js';
import type { Io, WizardOptions } from './types.js';

export interface WizardDeps {
  /** an already validated connection (demo, tests): no credentials, no onboarding */
  connection?: Pick<Connection, 'api' | 'target' | 'whoami'> & { warnings?: string[] };
  connectDeps?: ConnectDeps;
  /** null: no saved preferences at all (demo, tests) */
  preferences?: Preferences | null;
  /** null: do not record session paths */
  registry?: SessionRegistry | null;
  /** the level when neither --level nor a preference gives one (demo: L2) */
  defaultLevel?: Level;
  /** a line shown above the screen (demo: the organization is simulated) */
  banner?: string;
  /** the organization disappears when the command ends (demo): closing hints say so */
  ephemeral?: boolean;
  /** where snapshots go when --snapshots-dir is absent (demo: a temp folder) */
  snapshotsDir?: string;
  /** the command recorded in the snapshot manifest */
  command?: string;
  now?: () => Date;
  /** receives the final state (demo offers a rollback of the session) */
  onFinished?: (state: WizardState) => void;
  /** replaces the engine-backed driver (tests) */
  driverFactory?: (options: DriverOptions) => WizardDriver;
}

export const NEEDS_TERMINAL = 'the wizard needs a terminal; use `sentry-harden apply --yes` or `verify` in scripts';

/** --plain, TERM=dumb, or a stdout that is not a terminal: line-by-line questions. */
export function wantsPlain(opts: Pick<WizardOptions, 'plain'>, io: Pick<Io, 'env' | 'stdout'>): boolean {
  return opts.plain || io.env.TERM === 'dumb' || io.stdout.isTTY !== true;
}

function safePreferences(): Preferences | undefined {
  try {
    return openPreferences();
  } catch {
    return undefined;
  }
}

function tokenKnown(io: Io): boolean {
  if (io.env.SENTRY_AUTH_TOKEN?.trim()) return true;
  const { local, home } = findSentryclirc(io.cwd, io.env.HOME ?? io.env.USERPROFILE);
  return Boolean(local?.token || home?.token);
}

/** URL and org from flag, environment or .sentryclirc: what the person set for this run. */
function knownUrl(opts: WizardOptions, io: Io): string | undefined {
  const { local, home } = findSentryclirc(io.cwd, io.env.HOME ?? io.env.USERPROFILE);
  return opts.url ?? (io.env.SENTRY_URL?.trim() || undefined) ?? local?.url ?? home?.url;
}

function knownOrg(opts: WizardOptions, io: Io): string | undefined {
  const { local, home } = findSentryclirc(io.cwd, io.env.HOME ?? io.env.USERPROFILE);
  return opts.org ?? (io.env.SENTRY_ORG?.trim() || undefined) ?? local?.org ?? home?.org;
}

async function listOrganizations(url: string, token: string, opts: WizardOptions, env: NodeJS.ProcessEnv): Promise<import('../sentry/types.js').OrgSummary[]> {
  // the URL typed at the prompt meets the same clear-text rule as --url
  const allowHttp = allowHttpOptIn(opts, env);
  checkCleartext(url, 'the URL you entered', allowHttp);
  const api = createSentryApi(createSentryClient({ baseUrl: url, token, maxRetries: 1, allowHttp, timeoutMs: requestTimeoutMs(opts, env) }));
  try {
    return await api.listOrganizations();
  } catch (e) {
    if (e instanceof SentryApiError && e.kind === 'unauthenticated') {
      throw new UserError(`${url} rejected the token (401): it is invalid, expired or for another server. Create one at ${url.replace(/\/+$/, '')}/settings/account/api/auth-tokens/`);
    }
    throw new UserError(`could not list organizations at ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Credentials, organization and level: prompts for what flags, environment and .sentryclirc
 * leave open (TTY only). Saved preferences are offered as the prompts' defaults, never used
 * silently; the answers are saved for next time (never the token).
 */
async function connectInteractive(opts: WizardOptions, io: Io, deps: WizardDeps, prompter: Prompter | undefined): Promise<{ conn: WizardDeps['connection'] & object; level: Level }> {
  const prefs = deps.preferences === null ? undefined : (deps.preferences ?? safePreferences());
  const saved = { url: prefs?.getUrl(), org: prefs?.getOrg(), level: prefs?.getLevel() };
  const promptCtx = { input: io.stdin, output: io.stdout };
  const ask = prompter ?? createInquirerPrompter(promptCtx);
  // line mode: connect's own questions (token, a host to trust) are lines too
  const connectDeps: ConnectDeps = { ...(prompter ? { prompts: prompter } : {}), ...deps.connectDeps };
  const remember = (v: { url?: string; org?: string; level?: Level }): void => {
    try {
      prefs?.set(v);
    } catch {
      /* a convenience only */
    }
  };
  const url = knownUrl(opts, io);
  const org = knownOrg(opts, io);
  if (!tokenKnown(io)) {
    const result = await runOnboarding(
      { url, org, level: opts.level },
      { listOrganizations: (u, token) => listOrganizations(u, token, opts, io.env), scopes: requiredScopesFor('wizard'), context: promptCtx, prompter: ask, suggested: saved, remember },
    );
    // the typed token reaches connect through this run's environment only, never a file
    const conn = await connect(
      opts,
      { ...io, env: { ...io.env, SENTRY_AUTH_TOKEN: result.token } },
      { command: 'wizard', answers: { url: result.url, org: result.org }, ...connectDeps },
    );
    return { conn, level: result.level };
  }
  const answers: { url?: string } = {};
  if (!url && saved.url) answers.url = await askServer(saved.url, ask);
  const conn = await connect(opts, io, { command: 'wizard', answers, suggestedOrg: saved.org, ...connectDeps });
  const level = opts.level ?? deps.defaultLevel ?? (await askLevel(ask, saved.level));
  remember({ url: conn.target.baseUrl, org: conn.target.org, level });
  return { conn, level };
}

export async function runWizard(opts: WizardOptions, io: Io, deps: WizardDeps = {}): Promise<number> {
  if (io.stdin.isTTY !== true) throw new UserError(NEEDS_TERMINAL);
  const plain = wantsPlain(opts, io);
  const color = colorEnabled(io.env, opts.color);
  // chalk decides on colour when ink is first loaded: say no before that (NO_COLOR, --no-color)
  if (!plain && !color && process.env.FORCE_COLOR === undefined) process.env.FORCE_COLOR = '0';
  // Start loading the screen now, so it overlaps the network round trips of connecting.
  const inkUi = plain ? undefined : loadInkWizard();
  inkUi?.catch(() => undefined); // awaited below, where a failure surfaces
  // line mode asks every question as numbered lines, from the first one (onboarding) on
  const prompter = plain ? createLinePrompter({ input: io.stdin, output: io.stdout }) : undefined;
  try {
    let conn: NonNullable<WizardDeps['connection']>;
    let level: Level;
    if (deps.connection) {
      conn = deps.connection;
      level = opts.level ?? deps.defaultLevel ?? 'L1';
    } else {
      ({ conn, level } = await connectInteractive(opts, io, deps, prompter));
    }
    // a selection that leaves nothing to review is a usage error, not an empty session
    requireSelection(level, opts.only, opts.skip);
    for (const w of conn.warnings ?? []) io.stderr.write(`warning: ${w}\n`);

    const policy = await loadPolicy(opts, io);
    const prefs = deps.preferences === null ? undefined : deps.preferences;
    const registry = deps.registry === null ? undefined : (deps.registry ?? (prefs ? registryFromPreferences(prefs) : safeRegistry()));
    const dir = opts.snapshotsDir ? path.resolve(io.cwd, opts.snapshotsDir) : (deps.snapshotsDir ?? path.resolve(io.cwd, 'snapshots'));
    const store = openSnapshotStore(dir, registry ? { registry } : {});
    const notes: string[] = [];
    const driver = (deps.driverFactory ?? createWizardDriver)({
      conn,
      store,
      policy,
      level,
      only: opts.only,
      skip: opts.skip,
      command: deps.command ?? 'wizard',
      ...(deps.now ? { now: deps.now } : {}),
      // a takeover note waits until the Ink screen is gone (stderr lines would tear it)
      onNote: (line) => (plain ? io.stderr.write(`${line}\n`) : notes.push(line)),
      // `p` saves a plan file for `apply FILE`; not in the demo, whose organization ends with it
      ...(deps.ephemeral ? {} : { writePlan: (plan: SavedPlan) => writePlanFile(opts.out ?? defaultPlanFile(conn.target.org, deps.now?.() ?? new Date()), io.cwd, plan) }),
    });
    const init = { org: conn.target.org, region: hostOf(conn.target.regionUrl), level, ...(deps.banner ? { banner: deps.banner } : {}), ...(deps.ephemeral ? { ephemeral: true } : {}) };
    const verifyCommand = verifyCommandFor(conn.target, level);

    let final: WizardState;
    const columns = textColumns(io.stdout, io.env);
    if (plain) {
      final = await runPlainWizard({
        driver,
        init,
        verifyCommand,
        input: io.stdin,
        output: io.stdout,
        prompter: prompter!,
        onInterrupt: (handler) => processSignals(handler, ['SIGINT']),
        ...(columns !== undefined ? { width: columns } : {}),
      });
    } else {
      const { runInkWizard } = await inkUi!;
      final = await runInkWizard({ driver, init, verifyCommand, color, streams: { stdin: io.stdin, stdout: io.stdout, stderr: io.stderr } });
      // Ink unrefs stdin when it unmounts; a prompt after it needs it back (TOOLCHAIN.md)
      io.stdin.ref?.();
      for (const n of notes) io.stderr.write(`${n}\n`);
    }
    // --probe-pii: the last step, once the session ended normally (not interrupted, not failed)
    if (opts.probePii && final.phase.kind === 'summary' && !final.phase.interrupted) {
      await runProbeStep(driver, opts.probeSample ?? DEFAULT_PROBE_SAMPLE, (line) => void io.stdout.write(`${line}\n`));
    }
    deps.onFinished?.(final);
    return exitCodeOf(final);
  } catch (err) {
    if (isPromptExit(err)) return 130;
    throw err;
  } finally {
    prompter?.close();
  }
}

type InkWizardModule = typeof import('../ui/run-ink-wizard.js');

/**
 * The Ink screen as one pre-bundled file when the build made it (dist/): Node 20 spends about
 * half a second resolving and linking ink's ~80 modules, the bundle loads in about a tenth of
 * that, so the first frame follows the token check closely. From sources (tsx, tests) the
 * modules themselves are loaded.
 */
async function loadInkWizard(): Promise<InkWizardModule> {
  const bundle = new URL('../ui/ink-wizard.bundle.js', import.meta.url);
  if (existsSync(bundle)) return (await import(bundle.href)) as InkWizardModule;
  return import('../ui/run-ink-wizard.js');
}

function safeRegistry(): SessionRegistry | undefined {
  const prefs = safePreferences();
  return prefs ? registryFromPreferences(prefs) : undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
