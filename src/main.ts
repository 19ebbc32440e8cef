// Argument parsing, validation and command routing. Returns exit codes; src/cli.ts exits.
// Commands are imported lazily so `--version` and `--help` never load ink or react.

import { DEFAULT_PROBE_SAMPLE } from './state/events.js';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, UserError } from './errors.js';
import { redactString } from './secrets.js';
import type { Command, GlobalOptions, Io, OutputFormat } from './commands/types.js';
import type { Level } from '../steps/types.js';
import { toolVersion } from './version.js';
import { SIMULATOR_SEEDS } from './simulator/seeds.js';
import { COMMAND_NAMES, commandSpec, type CommandName, type OptionName, usage, commandHelp, suggestion } from './cli-help.js';

const LOADERS: Record<CommandName, () => Promise<Command>> = {
  wizard: () => import('./commands/wizard.js').then((m) => m.runWizard),
  verify: () => import('./commands/verify.js').then((m) => m.runVerify),
  plan: () => import('./commands/plan.js').then((m) => m.runPlan),
  apply: () => import('./commands/apply.js').then((m) => m.runApply),
  rollback: () => import('./commands/rollback.js').then((m) => m.runRollback),
  snapshots: () => import('./commands/snapshots.js').then((m) => m.runSnapshots),
  controls: () => import('./commands/controls.js').then((m) => m.runControls),
  'audit-log': () => import('./commands/audit-log.js').then((m) => m.runAuditLog),
  demo: () => import('./commands/demo.js').then((m) => m.runDemo),
  simulator: () => import('./commands/simulator.js').then((m) => m.runSimulatorCommand),
};

const OPTIONS = {
  url: { type: 'string' },
  org: { type: 'string' },
  'allow-http': { type: 'boolean' },
  timeout: { type: 'string' },
  level: { type: 'string' },
  only: { type: 'string', multiple: true },
  skip: { type: 'string', multiple: true },
  policy: { type: 'string' },
  'snapshots-dir': { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  'allow-risky': { type: 'string', multiple: true },
  // parsed only to name what replaced it (one way to allow a risky check: --allow-risky ID)
  'allow-member-removal': { type: 'boolean' },
  'force-drifted': { type: 'boolean' },
  plain: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  latest: { type: 'boolean' },
  since: { type: 'string' },
  export: { type: 'string' },
  seed: { type: 'string' },
  projects: { type: 'string' },
  members: { type: 'string' },
  'latency-ms': { type: 'string' },
  'rate-limit': { type: 'string' },
  port: { type: 'string' },
  json: { type: 'boolean' },
  'probe-pii': { type: 'boolean' },
  'probe-sample': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} satisfies ParseArgsConfig['options'];

const LEVEL_VALUES = ['L1', 'L2', 'L3'] as const;
const FORMAT_VALUES = ['table', 'json', 'markdown', 'sarif', 'junit'] as const;

function splitIds(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

function intOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`--${name} expects a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

/** Parse argv into a command and validated options; throws UsageError on anything wrong. */
export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv): { command: CommandName | 'help' | 'version'; opts: GlobalOptions } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    // node:util messages are long and mention internals; keep the part naming the flag.
    const msg = err instanceof Error ? err.message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '') : String(err);
    const unknown = /^Unknown option '--([^=']+)/.exec(msg)?.[1];
    const hint = unknown ? suggestion(unknown, Object.keys(OPTIONS)).replace(/"([^"]+)"/, '"--$1"') : '';
    throw new UsageError(
      msg
        .replace(/^Unknown option '(.+)'$/, `unknown option $1${hint}`)
        .replace(/^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing$/, '$1 needs a value')
        .replace(/^Option '(?:-\w, )?(--[\w-]+)' does not take an argument$/, '$1 takes no value'),
    );
  }
  const { values, positionals } = parsed;
  const first = positionals[0];
  let command: CommandName = 'wizard';
  let args = positionals;
  if (first !== undefined) {
    if (!(COMMAND_NAMES as readonly string[]).includes(first)) {
      if (first === 'help') return { command: 'help', opts: emptyOptions(positionals.slice(1)) };
      throw new UsageError(`unknown command "${first}"${suggestion(first, COMMAND_NAMES)}`);
    }
    command = first as CommandName;
    args = positionals.slice(1);
  }
  if (values.version) return { command: 'version', opts: emptyOptions([]) };
  if (values.help) return { command: 'help', opts: emptyOptions(first ? [command] : []) };

  if (values['allow-member-removal']) {
    throw new UsageError('--allow-member-removal was replaced by --allow-risky 1.2.1 (the one way to allow any risky check)');
  }
  const allowed = new Set<OptionName>(commandSpec(command).options);
  for (const key of Object.keys(values)) {
    if (key === 'help' || key === 'version') continue;
    if (!allowed.has(key as OptionName)) throw new UsageError(`--${key} is not an option of "${command}"; \`sentry-harden help ${command}\` lists its options`);
  }
  if (args.length > commandSpec(command).maxArgs) {
    throw new UsageError(`unexpected argument "${args[commandSpec(command).maxArgs]}" for "${command}"`);
  }

  const level = values.level?.toUpperCase();
  if (level !== undefined && !(LEVEL_VALUES as readonly string[]).includes(level)) {
    throw new UsageError(`--level must be one of L1, L2, L3, got "${values.level}"`);
  }
  let format = values.format?.toLowerCase();
  if (format !== undefined && !(FORMAT_VALUES as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMAT_VALUES.join(', ')}, got "${values.format}"`);
  }
  if (values.json && command !== 'simulator') {
    if (format !== undefined && format !== 'json') throw new UsageError('--json and --format disagree; pass one of them');
    format = 'json';
  }
  const formats = commandSpec(command).formats;
  if (format !== undefined && formats && !formats.includes(format as OutputFormat)) {
    throw new UsageError(`"${command}" supports --format ${formats.join(', ')}, not "${format}"`);
  }
  if (values.seed !== undefined && !(SIMULATOR_SEEDS as readonly string[]).includes(values.seed)) {
    throw new UsageError(`--seed must be one of ${SIMULATOR_SEEDS.join(', ')}, got "${values.seed}"`);
  }
  for (const flag of ['url', 'org', 'timeout', 'policy', 'output', 'snapshots-dir', 'export', 'since'] as const) {
    if (values[flag] !== undefined && values[flag].trim() === '') throw new UsageError(`--${flag} needs a value`);
  }

  if (values['probe-sample'] !== undefined && values['probe-pii'] !== true) throw new UsageError('--probe-sample needs --probe-pii');
  const opts: GlobalOptions = {
    url: values.url,
    org: values.org,
    ...(values['allow-http'] ? { allowHttp: true } : {}),
    ...(values.timeout !== undefined ? { timeout: values.timeout } : {}),
    level: level as Level | undefined,
    only: splitIds(values.only),
    skip: splitIds(values.skip),
    policy: values.policy,
    snapshotsDir: values['snapshots-dir'],
    format: format as OutputFormat | undefined,
    output: values.output,
    yes: values.yes === true,
    dryRun: values['dry-run'] === true,
    allowRisky: splitIds(values['allow-risky']),
    forceDrifted: values['force-drifted'] === true,
    plain: values.plain === true || env.TERM === 'dumb',
    color: values['no-color'] !== true && !env.NO_COLOR, // no-color.org: set and not empty
    latest: values.latest === true,
    session: command === 'rollback' ? args[0] : undefined,
    since: values.since,
    exportFile: values.export,
    args,
    seed: values.seed,
    projects: intOption('projects', values.projects, 1, 100_000),
    members: intOption('members', values.members, 1, 100_000),
    latencyMs: intOption('latency-ms', values['latency-ms'], 0, 60_000),
    rateLimit: intOption('rate-limit', values['rate-limit'], 1, 100_000),
    port: intOption('port', values.port, 0, 65_535),
    json: values.json === true,
    ...(values['probe-pii'] === true ? { probePii: true, probeSample: intOption('probe-sample', values['probe-sample'], 1, 1000) ?? DEFAULT_PROBE_SAMPLE } : {}),
  };
  return { command, opts };
}

function emptyOptions(args: string[]): GlobalOptions {
  return {
    only: [], skip: [], yes: false, dryRun: false, allowRisky: [],
    forceDrifted: false, plain: false, color: true, latest: false, args, json: false,
  };
}

/** Runs one command line and returns the exit code; never exits itself (testable). */
export async function main(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(argv, io.env);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`sentry-harden: ${err.message}\n${usage()}\n`);
      return 2;
    }
    throw err;
  }
  const { command, opts } = parsed;
  if (command === 'version') {
    io.stdout.write(`${toolVersion()}\n`);
    return 0;
  }
  if (command === 'help') {
    const topic = opts.args[0];
    if (topic === 'policy') {
      io.stdout.write((await import('./report/policy-reference.js')).renderPolicyText());
      return 0;
    }
    if (topic !== undefined && !(COMMAND_NAMES as readonly string[]).includes(topic)) {
      io.stderr.write(`sentry-harden: no help for "${topic}"${suggestion(topic, [...COMMAND_NAMES, 'policy'])}. Topics: ${[...COMMAND_NAMES, 'policy'].join(', ')}\n`);
      return 2;
    }
    io.stdout.write(topic ? commandHelp(topic as CommandName) : commandHelp());
    return 0;
  }
  try {
    const run = await LOADERS[command]();
    return await run(opts, io);
  } catch (err) {
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: Io): number {
  // error texts can quote a server answer: no secret reaches the terminal or a CI log
  const stderr = { write: (text: string): void => void io.stderr.write(redactString(text)) };
  if (err instanceof UserError) {
    stderr.write(`sentry-harden: ${err.message}\n`);
    if (err instanceof UsageError) stderr.write(`${usage()}\n`);
    return err.exitCode;
  }
  // Typed API errors carry an actionable one-line message (and never the token).
  if (err instanceof Error && err.name === 'SentryApiError') {
    stderr.write(`sentry-harden: ${err.message}\n`);
    return 2;
  }
  if (err instanceof Error && err.name === 'ExitPromptError') {
    stderr.write('sentry-harden: cancelled\n');
    return 130;
  }
  const message = err instanceof Error ? err.message : String(err);
  stderr.write(`sentry-harden: internal error: ${message}\n`);
  if (io.env.SENTRY_HARDEN_DEBUG && err instanceof Error && err.stack) stderr.write(`${err.stack}\n`);
  else stderr.write('Set SENTRY_HARDEN_DEBUG=1 for details and report it at the project issue tracker.\n');
  return 2;
}

