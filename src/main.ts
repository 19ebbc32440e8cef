// Argument parsing, validation and command routing. Returns exit codes; src/cli.ts exits.
// Commands are imported lazily so `--version` and `--help` never load ink or react.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, UserError } from './errors.js';
import { redactString } from './secrets.js';
import type { Io } from './commands/types.js';
import { toolVersion } from './version.js';
import type { AnyFlag, RawValue } from './commands/flags.js';
import { COMMAND_NAMES, commandSpec, type CommandName, type CommandOptions } from './commands/specs.js';
import { usage, commandHelp, suggestion } from './cli-help.js';

/** Each command's runner, typed with exactly its own options. */
type Runner<C extends CommandName> = (opts: CommandOptions<C>, io: Io) => Promise<number>;
const LOADERS: { [C in CommandName]: () => Promise<Runner<C>> } = {
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

/** Flags that every command accepts (answered before the command runs). */
const GLOBAL = { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } } as const;
/** Flags that are gone, each with the one line naming what replaced it. */
const RETIRED: Record<string, string> = {
  'allow-member-removal': '--allow-member-removal was replaced by --allow-risky 1.2.1 (the one way to allow any risky check)',
};

type ParseOption = NonNullable<ParseArgsConfig['options']>[string];
const toParseOption = (f: AnyFlag): ParseOption => ({
  type: f.value ? 'string' : 'boolean',
  ...(f.short ? { short: f.short } : {}),
});
/**
 * Value flags are collected as lists by the tokenizer (one command repeats --format, another
 * takes it once); a flag that is not repeatable gets its last value, as node:util would give.
 */
const rawOf = (f: AnyFlag, v: RawValue): RawValue => (!f.multiple && Array.isArray(v) ? v[v.length - 1] : v);

/**
 * The tokenizer's table: every command's flags by name. The command is a positional word, so
 * the line is split once with all of them; then each flag is checked against the command's own
 * spec. A name two commands declare differently is a programming error, caught here (and by test).
 */
export function unionOfFlags(): Record<string, ParseOption> {
  const table: Record<string, ParseOption> = { ...GLOBAL };
  for (const r of Object.keys(RETIRED)) table[r] = { type: 'boolean' };
  for (const name of COMMAND_NAMES) {
    for (const f of Object.values(commandSpec(name).flags)) {
      const opt = toParseOption(f);
      const seen = table[f.name];
      if (seen && JSON.stringify({ ...seen, multiple: undefined }) !== JSON.stringify(f.value ? { ...opt, multiple: undefined } : opt)) throw new Error(`flag --${f.name} is declared with two shapes (${name})`);
      table[f.name] = f.value ? { ...opt, multiple: true } : opt;
    }
  }
  return table;
}

export type ParsedCommandLine =
  | { command: 'help'; opts: { args: string[] } }
  | { command: 'version'; opts: { args: string[] } }
  | { [C in CommandName]: { command: C; opts: CommandOptions<C> } }[CommandName];

/** Parse argv into a command and exactly its validated, typed options; throws UsageError on anything wrong. */
export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  const table = unionOfFlags();
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: table, allowPositionals: true, strict: true });
  } catch (err) {
    // node:util messages are long and mention internals; keep the part naming the flag.
    const msg = err instanceof Error ? err.message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '') : String(err);
    const unknown = /^Unknown option '--([^=']+)/.exec(msg)?.[1];
    const hint = unknown ? suggestion(unknown, Object.keys(table)).replace(/"([^"]+)"/, '"--$1"') : '';
    throw new UsageError(
      msg
        .replace(/^Unknown option '(.+)'$/, `unknown option $1${hint}`)
        .replace(/^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing$/, '$1 needs a value')
        .replace(/^Option '(?:-\w, )?(--[\w-]+)' does not take an argument$/, '$1 takes no value'),
    );
  }
  const values = parsed.values as Record<string, RawValue>;
  const { positionals } = parsed;
  const first = positionals[0];
  let command: CommandName = 'wizard';
  let args = positionals;
  if (first !== undefined) {
    if (!(COMMAND_NAMES as readonly string[]).includes(first)) {
      if (first === 'help') return { command: 'help', opts: { args: positionals.slice(1) } };
      throw new UsageError(`unknown command "${first}"${suggestion(first, COMMAND_NAMES)}`);
    }
    command = first as CommandName;
    args = positionals.slice(1);
  }
  if (values.version) return { command: 'version', opts: { args: [] } };
  if (values.help) return { command: 'help', opts: { args: first ? [command] : [] } };
  for (const [name, line] of Object.entries(RETIRED)) if (values[name] !== undefined) throw new UsageError(line);

  const spec = commandSpec(command);
  const byName = new Map(Object.entries(spec.flags).map(([key, f]) => [f.name, { key, f }]));
  for (const name of Object.keys(values)) {
    if (!byName.has(name)) {
      const takes = Object.values(spec.flags).map((f) => `--${f.name}`).join(', ');
      throw new UsageError(`--${name} is not an option of "${command}"; it takes ${takes || 'no options'}`);
    }
  }
  if (args.length > spec.maxArgs) throw new UsageError(`unexpected argument "${args[spec.maxArgs]}" for "${command}"`);

  const ctx = { env, command };
  const opts: Record<string, unknown> = {};
  for (const { key, f } of byName.values()) {
    const v = f.parse(rawOf(f, values[f.name]), ctx);
    if (v !== undefined) opts[key] = v;
  }
  opts.args = args;
  const finished = spec.finish ? spec.finish(opts as never) : opts;
  return { command, opts: finished } as ParsedCommandLine;
}

/** Runs one command line and returns the exit code; never exits itself (testable). */
export async function main(argv: string[], io: Io): Promise<number> {
  let parsed: ParsedCommandLine;
  try {
    parsed = parseCommandLine(argv, io.env);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`sentry-harden: ${err.message}\n${usage()}\n`);
      return 2;
    }
    throw err;
  }
  if (parsed.command === 'version') {
    io.stdout.write(`${toolVersion()}\n`);
    return 0;
  }
  if (parsed.command === 'help') {
    const topic = parsed.opts.args[0];
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
    return await runCommand(parsed, io);
  } catch (err) {
    return reportError(err, io);
  }
}

type CommandLine = Exclude<ParsedCommandLine, { command: 'help' | 'version' }>;
/** Loads and runs the command with its own options. */
async function runCommand(parsed: CommandLine, io: Io): Promise<number> {
  // TypeScript cannot pair LOADERS[command] with the opts of the same union member; the
  // ParsedCommandLine type (built per command) is what guarantees they belong together.
  const run = (await LOADERS[parsed.command]()) as (opts: CommandLine['opts'], io: Io) => Promise<number>;
  return run(parsed.opts, io);
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

