// The CLI contract: each command's one spec — the flags it takes (typed, validated, with their
// environment fallbacks), positional arguments, help text. main.ts parses with it, each command
// receives exactly `CommandOptions<its name>`, and cli-help.ts renders help from it.
// Loaded for `--help`, so it imports no command implementation (no ink, no react).

import path from 'node:path';
import { UsageError } from '../errors.js';
import { FORMAT_EXTENSION, type OutputFormat, type ReportRequest } from '../report/types.js';
import { DEFAULT_PROBE_SAMPLE } from '../state/events.js';
import {
  ALLOW_RISKY_FLAG, BASELINE_FLAG, DRY_RUN_FLAG, SAVE_BASELINE_FLAG, EXPORT_FLAG, FORCE_DRIFTED_FLAG, formatFlag, JSON_FLAG, LATENCY_FLAG, LATEST_FLAG, LEVEL_FLAG,
  MEMBERS_FLAG, NO_COLOR_FLAG, ONLY_FLAG, ORG_FLAG, OUTPUT_FLAG, PLAIN_FLAG, POLICY_FLAG, PORT_FLAG, PROBE_PII_FLAG,
  PROBE_SAMPLE_FLAG, PROJECTS_FLAG, RATE_LIMIT_FLAG, SEED_FLAG, SELECT_FLAGS, SINCE_FLAG, SKIP_FLAG, SNAPSHOTS_DIR_FLAG,
  TARGET_FLAGS, withDefault, YES_FLAG, RUN_JSON_FLAG, PLAN_OUT_FLAG, COMPLIANCE_FLAG, WIZARD_PLAN_OUT_FLAG, formatsFlag, OUTPUTS_FLAG, OUTPUT_DIR_FLAG, type Flags, type OptionsOf,
} from './flags.js';

export interface CommandSpec<F extends Flags = Flags, O = OptionsOf<F>> {
  summary: string;
  synopsis: string;
  flags: F;
  maxArgs: number;
  details?: string;
  /** connects to Sentry with a token (prints the "Token:" line) */
  token?: boolean;
  examples?: readonly string[];
  /**
   * Rules between flags and positional arguments, after each flag is parsed on its own;
   * returns the command's final options (throws a UsageError).
   */
  finish?: (opts: OptionsOf<F> & { args: string[] }) => O;
}

/** Keeps each command's flag types (a plain annotation would widen them to `Flags`). */
const command = <F extends Flags, O = OptionsOf<F>>(spec: CommandSpec<F, O>): CommandSpec<F, O> => spec;

/** --json is --format json (for commands that have both); both at once must agree. */
function jsonIsFormat<O extends { json: boolean; format?: string }>(opts: O): O {
  if (!opts.json) return opts;
  if (opts.format !== undefined && opts.format !== 'json') throw new UsageError('--json and --format disagree; pass one of them');
  return { ...opts, format: 'json' };
}

/** --json next to --format: only json, or they disagree. */
function jsonIsFormats(formats: OutputFormat[]): OutputFormat[] {
  if (formats.some((f) => f !== 'json')) throw new UsageError('--json and --format disagree; pass one of them');
  return ['json'];
}

/**
 * The reports of one run: --format F [--output FILE] pairs in order, or every --format into
 * --output-dir. Several reports each need a file (stdout holds one report at most).
 */
function reportsOf(formats: OutputFormat[], outputs: string[], outputDir: string | undefined): ReportRequest[] {
  const twice = formats.find((f, i) => formats.indexOf(f) !== i);
  if (twice) throw new UsageError(`--format ${twice} is given twice; one report per format`);
  if (outputDir !== undefined) {
    if (outputs.length > 0) throw new UsageError('--output-dir and --output: pass one of them');
    if (formats.length === 0) throw new UsageError('--output-dir needs at least one --format');
    return formats.map((format) => ({ format, output: path.join(outputDir, `sentry-harden.${FORMAT_EXTENSION[format]}`) }));
  }
  // one report (or none asked for): --format and --output as they were given
  if (formats.length <= 1 && outputs.length <= 1) return [];
  if (outputs.length !== formats.length) {
    throw new UsageError(`${formats.length} --format and ${outputs.length} --output: give an --output FILE after each --format, or --output-dir DIR`);
  }
  return formats.map((format, i) => ({ format, output: outputs[i]! }));
}

export const COMMANDS = {
  wizard: command({
    summary: 'guided hardening session, one control at a time (the default command)',
    synopsis: 'sentry-harden [wizard] [--level L2] [--only IDS] [--plain] [--out PLAN-FILE] [--probe-pii [--probe-sample N]]',
    flags: {
      ...TARGET_FLAGS, ...SELECT_FLAGS, level: withDefault(LEVEL_FLAG, 'asked; the level used last time is the suggestion'), snapshotsDir: SNAPSHOTS_DIR_FLAG, plain: PLAIN_FLAG,
      probePii: PROBE_PII_FLAG, probeSample: PROBE_SAMPLE_FLAG, out: WIZARD_PLAN_OUT_FLAG,
    },
    maxArgs: 0,
    token: true,
    details: 'Needs a terminal. Shows current vs recommended settings as a diff, asks before every change,\nreads every change back and keeps a rollback snapshot. Ctrl+C stops after the request in\nflight and shows the summary (exit 130).\nOn a control, p adds its changes to a plan file instead of applying them (nothing is written\nnow); when the session ends the file is saved (--out, mode 0600, no secrets) for\n`sentry-harden apply PLAN-FILE`, which applies exactly the changes you added.\n--probe-pii adds a last step after the summary: the read-only PII-leak probe of verify --probe-pii.',
    examples: ['sentry-harden', 'sentry-harden --level L2 --only 1.2,2.3', 'TERM=dumb sentry-harden --plain'],
    finish: (o) => {
      if (o.probeSample !== undefined && o.probePii !== true) throw new UsageError('--probe-sample needs --probe-pii');
      return o;
    },
  }),
  verify: command({
    summary: 'evaluate a level and report; changes nothing',
    synopsis: 'sentry-harden verify --level L2 [--format table|json|markdown|sarif|junit|html [--output FILE]]... [--output-dir DIR] [--compliance soc2|cis|nist] [--probe-pii [--probe-sample N]] [--baseline FILE] [--save-baseline FILE]',
    flags: {
      ...TARGET_FLAGS, ...SELECT_FLAGS,
      formats: formatsFlag(['table', 'json', 'markdown', 'sarif', 'junit', 'html']), outputs: OUTPUTS_FLAG, outputDir: OUTPUT_DIR_FLAG, json: JSON_FLAG,
      compliance: COMPLIANCE_FLAG, probePii: PROBE_PII_FLAG, probeSample: PROBE_SAMPLE_FLAG, baseline: BASELINE_FLAG, saveBaseline: SAVE_BASELINE_FLAG,
    },
    maxArgs: 0,
    token: true,
    details: 'Exit 0 when no evaluated check fails or errors, 1 otherwise, 2 when it could not run\n(a selection that leaves no check to evaluate is exit 2, not a pass).\n--probe-pii reads the newest events of every project (--probe-sample, default 50, at most 1000)\nand reports values scrubbing should have removed (path, kind, masked hint, event id; never the\nvalue); a leak fails the run.\n--save-baseline FILE saves the settings and check statuses (no secret; mode 0600); --baseline FILE\nlists what changed since (resource, setting, old → new, the audit-log entry that changed it);\ndrift alone does not change the exit code.',
    examples: [
      'sentry-harden verify --level L2',
      'sentry-harden verify --level L2 --format sarif --output sentry-harden.sarif',
      'sentry-harden verify --level L2 --format sarif --output a.sarif --format markdown --output a.md',
      'sentry-harden verify --format json --format sarif --format junit --output-dir reports',
      'sentry-harden verify --level L3 --compliance soc2 --format markdown',
      'sentry-harden verify --only 1.2 --json',
      'sentry-harden verify --level L2 --format html --output report.html',
    ],
    finish: ({ formats, outputs, outputDir, ...o }) => {
      if (o.probeSample !== undefined && o.probePii !== true) throw new UsageError('--probe-sample needs --probe-pii');
      const asked = o.json ? jsonIsFormats(formats) : formats;
      const reports = reportsOf(asked, outputs, outputDir);
      const format = reports[0]?.format ?? asked[0];
      const output = reports[0]?.output ?? outputs[0];
      return {
        ...o,
        ...(o.probePii ? { probeSample: o.probeSample ?? DEFAULT_PROBE_SAMPLE } : {}),
        ...(format !== undefined ? { format } : {}),
        ...(output !== undefined ? { output } : {}),
        ...(reports.length > 0 ? { reports } : {}),
      };
    },
  }),
  plan: command({
    summary: 'every change the wizard would make at a level, as diffs; changes nothing',
    synopsis: 'sentry-harden plan --level L2 [--format table|json|markdown] [--compliance soc2|cis|nist] [--out PLAN-FILE]',
    flags: { ...TARGET_FLAGS, ...SELECT_FLAGS, format: formatFlag(['table', 'json', 'markdown']), output: OUTPUT_FLAG, json: JSON_FLAG, compliance: COMPLIANCE_FLAG, out: PLAN_OUT_FLAG },
    maxArgs: 0,
    token: true,
    details: 'Exit 0 when there is nothing to change, 1 otherwise. --out also saves the plan (every change,\nits before and after values, the org, URL and level, a digest; no secrets; mode 0600) for\n`sentry-harden apply PLAN-FILE`, which applies exactly those changes.\n--compliance groups the changes by the framework\'s controls and leaves out the checks it does\nnot map; with --out the saved plan holds only the changes shown.',
    examples: ['sentry-harden plan --level L2', 'sentry-harden plan --only 3.1 --format json', 'sentry-harden plan --level L2 --out reviewed.plan.json', 'sentry-harden plan --level L3 --compliance soc2 --format markdown'],
    finish: jsonIsFormat,
  }),
  apply: command({
    summary: 'apply the plan: asks once on a terminal; --yes in scripts',
    synopsis: 'sentry-harden apply [PLAN-FILE | --level L2] --yes [--allow-risky IDS] [--dry-run] [--json]',
    flags: { ...TARGET_FLAGS, ...SELECT_FLAGS, snapshotsDir: SNAPSHOTS_DIR_FLAG, yes: YES_FLAG, dryRun: DRY_RUN_FLAG, allowRisky: ALLOW_RISKY_FLAG, json: RUN_JSON_FLAG },
    maxArgs: 1,
    token: true,
    examples: ['sentry-harden apply --level L2 --dry-run', 'sentry-harden apply --level L2 --yes', 'sentry-harden apply --only 1.2 --yes --allow-risky 1.2.1', 'sentry-harden apply reviewed.plan.json --yes --json'],
    details: 'Prints the plan, then asks once on a terminal (--yes skips the question; without a terminal\n--yes is required). Risky changes are held back unless their check id is in --allow-risky,\ne.g. --allow-risky 1.2.1 to require 2FA when members without 2FA would be removed.\nWith PLAN-FILE (from `plan --out`) exactly its changes are applied, after reading the live\nvalues: when a planned field no longer holds its planned value, nothing is written (exit 2).\nCtrl+C stops after the request in flight and prints the rollback command (exit 130).\nIts output and its one question are always plain lines, so it has no --plain.',
  }),
  rollback: command({
    summary: 'restore a snapshot session (picker when SESSION is omitted)',
    synopsis: 'sentry-harden rollback [SESSION | --latest] [--only IDS] [--yes] [--force-drifted] [--json]',
    flags: {
      ...TARGET_FLAGS, snapshotsDir: SNAPSHOTS_DIR_FLAG, latest: LATEST_FLAG, only: ONLY_FLAG, yes: YES_FLAG,
      forceDrifted: FORCE_DRIFTED_FLAG, dryRun: DRY_RUN_FLAG, plain: PLAIN_FLAG, policy: POLICY_FLAG, json: RUN_JSON_FLAG,
    },
    maxArgs: 1,
    token: true,
    details: 'Fields changed by someone else since the session are reported (live, session and saved value)\nand left as they are unless --force-drifted; the other fields of the same request are still restored.',
    examples: ['sentry-harden rollback --latest --dry-run', 'sentry-harden rollback 20261125T150000Z-ab12cd --yes', 'sentry-harden snapshots'],
    finish: (o) => ({ ...o, session: o.args[0] }),
  }),
  snapshots: command({
    summary: 'list snapshot sessions',
    synopsis: 'sentry-harden snapshots [--format table|json]',
    flags: { snapshotsDir: SNAPSHOTS_DIR_FLAG, format: formatFlag(['table', 'json']), json: JSON_FLAG, org: ORG_FLAG, color: NO_COLOR_FLAG },
    maxArgs: 0,
    finish: jsonIsFormat,
  }),
  controls: command({
    summary: 'the control catalog: ids, titles, levels, frameworks, automation',
    synopsis: 'sentry-harden controls [--level L3] [--format table|json|markdown]',
    flags: { level: withDefault(LEVEL_FLAG, 'every level'), format: formatFlag(['table', 'json', 'markdown']), output: OUTPUT_FLAG, json: JSON_FLAG, color: NO_COLOR_FLAG },
    maxArgs: 0,
    examples: ['sentry-harden controls', 'sentry-harden controls --level L1 --format markdown'],
    finish: jsonIsFormat,
  }),
  'audit-log': command({
    summary: 'security events of the audit log; --export appends JSON Lines',
    synopsis: 'sentry-harden audit-log [--since 30d] [--export FILE] [--format table|json]',
    flags: { ...TARGET_FLAGS, since: SINCE_FLAG, exportFile: EXPORT_FLAG, format: formatFlag(['table', 'json']), output: OUTPUT_FLAG, json: JSON_FLAG },
    maxArgs: 0,
    token: true,
    examples: ['sentry-harden audit-log --since 7d', 'sentry-harden audit-log --export audit.jsonl'],
    finish: jsonIsFormat,
  }),
  demo: command({
    summary: 'the wizard against the built-in simulated org: no account needed',
    synopsis: 'sentry-harden demo [--level L2] [--plain]',
    flags: {
      level: withDefault(LEVEL_FLAG, 'default L2'), only: ONLY_FLAG, skip: SKIP_FLAG, policy: POLICY_FLAG,
      snapshotsDir: withDefault(SNAPSHOTS_DIR_FLAG, 'default: a new temporary folder'), plain: PLAIN_FLAG, color: NO_COLOR_FLAG,
    },
    maxArgs: 0,
    details: 'Needs no account or token and sends nothing to the network: the simulator runs on a loopback\nport for as long as the demo does.',
    examples: ['sentry-harden demo', 'sentry-harden demo --level L3 --plain'],
  }),
  simulator: command({
    summary: 'run the Sentry API simulator as a server',
    synopsis: 'sentry-harden simulator [--seed demo|large|demo-sso-optional|demo-swept-long-ago] [--projects N] [--members N] [--latency-ms N] [--rate-limit N] [--port N] [--json]',
    flags: { seed: SEED_FLAG, projects: PROJECTS_FLAG, members: MEMBERS_FLAG, latencyMs: LATENCY_FLAG, rateLimit: RATE_LIMIT_FLAG, port: PORT_FLAG, json: JSON_FLAG },
    maxArgs: 0,
    details: '--json prints one line {"url","org","token"} (a simulator owner token). Runs until Ctrl+C.\nA --port that is taken is an error (exit 2).',
    examples: ['sentry-harden simulator --json', 'sentry-harden simulator --seed large --projects 1000 --latency-ms 50'],
  }),
};

export type CommandName = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

type SpecOf<C extends CommandName> = (typeof COMMANDS)[C];
/** Exactly what command C receives: its own flags, typed, plus positional arguments. */
export type CommandOptions<C extends CommandName> =
  SpecOf<C> extends CommandSpec<infer _F, infer O> ? O & { args: string[] } : never;

export const commandSpec = (name: CommandName): CommandSpec => COMMANDS[name] as unknown as CommandSpec;
