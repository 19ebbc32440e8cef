// One definition per flag: its name, value, help line, environment fallback and validation.
// A command declares the flags it takes by listing these (commands/specs.ts); the parser, the
// typed options a command receives and the help text are all derived from that one list
// (the shape of getsentry/cli's Stricli flag specs, src/lib/mutate-command.ts: DRY_RUN_FLAG,
// YES_FLAG, spread into each command's `flags`).

import { UsageError } from '../errors.js';
import { LEVELS, type Level } from '../levels.js';
import { COMPLIANCE_FRAMEWORKS, type ComplianceFramework } from '../report/compliance.js';
import type { OutputFormat } from '../report/types.js';
import { SIMULATOR_SEEDS } from '../simulator/seeds.js';

/** What node:util parseArgs hands over for one flag. */
export type RawValue = string | boolean | string[] | undefined;

export interface ParseContext {
  env: NodeJS.ProcessEnv;
  /** the command being parsed, for messages ("plan" supports --format …) */
  command: string;
}

export interface Flag<T> {
  /** long name without dashes: --dry-run is "dry-run" */
  name: string;
  short?: string;
  /** the value's placeholder in help ("FILE"); absent for a switch */
  value?: string;
  /** repeatable (--only A --only B) */
  multiple?: boolean;
  /** the help text; continuation lines start at the help column */
  help: string;
  /** "(default …)" after the help text; a command may override it by spreading the flag */
  default?: string;
  /**
   * Environment variables this flag falls back to. `parse` applies those marked so (TERM=dumb,
   * NO_COLOR); SENTRY_URL/SENTRY_ORG/timeout/allow-http are resolved in config/ together with
   * .sentryclirc, whose precedence and source labels live there.
   */
  env?: readonly string[];
  /** the values a choice flag accepts for this command (help shows them) */
  choices?: readonly string[];
  parse: (raw: RawValue, ctx: ParseContext) => T;
}

export type AnyFlag = Flag<unknown>;
export type Flags = Record<string, AnyFlag>;

type ValueOf<F> = F extends Flag<infer T> ? T : never;
/** The typed options of a flag list: keys that may be undefined become optional properties. */
export type OptionsOf<F extends Flags> = {
  [K in keyof F as undefined extends ValueOf<F[K]> ? never : K]: ValueOf<F[K]>;
} & {
  [K in keyof F as undefined extends ValueOf<F[K]> ? K : never]?: Exclude<ValueOf<F[K]>, undefined>;
};

// ---- value parsers (each throws a one-line UsageError) ----

const asString = (raw: RawValue): string | undefined => (typeof raw === 'string' ? raw : undefined);

/** A string flag that may not be blank. */
function text(name: string) {
  return (raw: RawValue): string | undefined => {
    const v = asString(raw);
    if (v !== undefined && v.trim() === '') throw new UsageError(`--${name} needs a value`);
    return v;
  };
}

/** Comma-separated ids, repeatable: --only 1.2,3.1 --only 2.2 */
function ids(raw: RawValue): string[] {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  return list.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

function wholeNumber(name: string, min: number, max: number) {
  return (raw: RawValue): number | undefined => {
    const v = asString(raw);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      throw new UsageError(`--${name} expects a whole number from ${min} to ${max}, got "${v}"`);
    }
    return Number(v);
  };
}

function oneOf<T extends string>(name: string, values: readonly T[], normalize: (s: string) => string) {
  return (raw: RawValue): T | undefined => {
    const v = asString(raw);
    if (v === undefined) return undefined;
    const n = normalize(v);
    if (!(values as readonly string[]).includes(n)) throw new UsageError(`--${name} must be one of ${values.join(', ')}, got "${v}"`);
    return n as T;
  };
}

const swtch = (raw: RawValue): boolean => raw === true;
/** A switch that is either on or absent (kept absent so it never shows up as `false`). */
const onOrAbsent = (raw: RawValue): true | undefined => (raw === true ? true : undefined);

// ---- the flags ----

export const URL_FLAG = { name: 'url', value: 'URL', help: 'Sentry base URL (SENTRY_URL, .sentryclirc [defaults] url, https://sentry.io)', env: ['SENTRY_URL'], parse: text('url') } satisfies Flag<string | undefined>;
export const ORG_FLAG = { name: 'org', value: 'SLUG', help: 'organization slug (SENTRY_ORG, .sentryclirc [defaults] org)', env: ['SENTRY_ORG'], parse: text('org') } satisfies Flag<string | undefined>;
export const ALLOW_HTTP_FLAG = {
  name: 'allow-http',
  help: 'allow a plain http:// URL that is not loopback (the token travels\nunencrypted: trusted networks only; also SENTRY_HARDEN_ALLOW_HTTP=1; never saved)',
  env: ['SENTRY_HARDEN_ALLOW_HTTP'],
  parse: onOrAbsent,
} satisfies Flag<true | undefined>;
export const TIMEOUT_FLAG = {
  name: 'timeout',
  value: 'SECONDS',
  help: 'how long one request waits for an answer (default 30; SENTRY_HARDEN_TIMEOUT)',
  env: ['SENTRY_HARDEN_TIMEOUT'],
  // the number is validated in config/transport.ts, where the environment variable is read too
  parse: text('timeout'),
} satisfies Flag<string | undefined>;
export const NO_COLOR_FLAG = {
  name: 'no-color',
  help: 'no colours (also NO_COLOR)',
  env: ['NO_COLOR'],
  // no-color.org: NO_COLOR set and not empty
  parse: (raw, { env }) => raw !== true && !env.NO_COLOR,
} satisfies Flag<boolean>;
export const LEVEL_FLAG = {
  name: 'level',
  value: 'L1|L2|L3',
  help: 'target level, cumulative',
  default: 'default L1',
  parse: oneOf<Level>('level', LEVELS, (s) => s.toUpperCase()),
} satisfies Flag<Level | undefined>;
export const ONLY_FLAG = { name: 'only', value: 'IDS', multiple: true, help: 'only these control or check ids, comma separated (e.g. 1.2,3.1.4)', parse: ids } satisfies Flag<string[]>;
export const SKIP_FLAG = { name: 'skip', value: 'IDS', multiple: true, help: 'skip these control or check ids', parse: ids } satisfies Flag<string[]>;
export const POLICY_FLAG = { name: 'policy', value: 'FILE', help: 'policy parameters (JSON; `sentry-harden help policy`)', parse: text('policy') } satisfies Flag<string | undefined>;
export const SNAPSHOTS_DIR_FLAG = { name: 'snapshots-dir', value: 'DIR', help: 'where rollback snapshots go', default: 'default ./snapshots', parse: text('snapshots-dir') } satisfies Flag<string | undefined>;
export const OUTPUT_FLAG = { name: 'output', value: 'FILE', help: 'write the report to FILE instead of stdout', parse: text('output') } satisfies Flag<string | undefined>;
export const YES_FLAG = { name: 'yes', short: 'y', help: 'answer yes to ordinary confirmations', parse: swtch } satisfies Flag<boolean>;
export const DRY_RUN_FLAG = { name: 'dry-run', help: 'show what would be sent; change nothing', parse: swtch } satisfies Flag<boolean>;
export const ALLOW_RISKY_FLAG = {
  name: 'allow-risky',
  value: 'IDS',
  multiple: true,
  help: 'also apply these risky checks with --yes (e.g. 1.2.1: require 2FA\neven when members without 2FA would be removed)',
  parse: ids,
} satisfies Flag<string[]>;
export const FORCE_DRIFTED_FLAG = { name: 'force-drifted', help: 'also overwrite fields changed by someone else since the session', parse: swtch } satisfies Flag<boolean>;
export const PLAIN_FLAG = {
  name: 'plain',
  help: 'line-by-line prompts and output (also TERM=dumb)',
  env: ['TERM'],
  parse: (raw, { env }) => raw === true || env.TERM === 'dumb',
} satisfies Flag<boolean>;
export const LATEST_FLAG = { name: 'latest', help: 'the most recent session', parse: swtch } satisfies Flag<boolean>;
export const SINCE_FLAG = { name: 'since', value: '30d', help: 'window: Nd, Nh or an ISO date', parse: text('since') } satisfies Flag<string | undefined>;
export const EXPORT_FLAG = { name: 'export', value: 'FILE', help: 'append new entries to FILE as JSON Lines (mode 0600)', parse: text('export') } satisfies Flag<string | undefined>;
export const JSON_FLAG = { name: 'json', help: 'machine output (same as --format json)', parse: swtch } satisfies Flag<boolean>;
/** apply/rollback: the run as one JSON document on stdout (README "Machine output of apply and rollback") */
export const RUN_JSON_FLAG = { name: 'json', help: 'one JSON document of the run on stdout (people\'s lines go to stderr)', parse: swtch } satisfies Flag<boolean>;
export const PLAN_OUT_FLAG = { name: 'out', value: 'FILE', help: 'also save the plan to FILE for `apply FILE` (mode 0600)', parse: text('out') } satisfies Flag<string | undefined>;
export const WIZARD_PLAN_OUT_FLAG = {
  name: 'out',
  value: 'FILE',
  help: 'where `p` (add to a plan file instead of applying) saves the plan for\n`apply FILE` (default ./sentry-harden-ORG-TIME.plan.json: a new file each session)',
  parse: text('out'),
} satisfies Flag<string | undefined>;
export const COMPLIANCE_FLAG = {
  name: 'compliance',
  value: 'NAME',
  help: `select and group the checks by a framework's controls: ${COMPLIANCE_FRAMEWORKS.join(', ')}`,
  parse: oneOf<ComplianceFramework>('compliance', COMPLIANCE_FRAMEWORKS, (s) => s.toLowerCase()),
} satisfies Flag<ComplianceFramework | undefined>;
export const PROBE_PII_FLAG = { name: 'probe-pii', help: 'sample recent events and report values scrubbing missed (read-only)', parse: onOrAbsent } satisfies Flag<true | undefined>;
export const BASELINE_FLAG = { name: 'baseline', value: 'FILE', help: 'list what changed since a baseline saved by --save-baseline', parse: text('baseline') } satisfies Flag<string | undefined>;
export const SAVE_BASELINE_FLAG = { name: 'save-baseline', value: 'FILE', help: 'save the settings and check statuses as a baseline (no secrets; mode 0600)', parse: text('save-baseline') } satisfies Flag<string | undefined>;
export const PROBE_SAMPLE_FLAG = { name: 'probe-sample', value: 'N', help: 'events per project for --probe-pii (default 50)', parse: wholeNumber('probe-sample', 1, 1000) } satisfies Flag<number | undefined>;

export const SEED_FLAG = {
  name: 'seed',
  value: 'NAME',
  help: `which organization to simulate: ${SIMULATOR_SEEDS.join(', ')}`,
  // typed as a string: simulatorOptionsFrom re-checks it for callers that are not the parser
  parse: (raw): string | undefined => oneOf('seed', SIMULATOR_SEEDS, (s) => s)(raw),
} satisfies Flag<string | undefined>;
export const PROJECTS_FLAG = { name: 'projects', value: 'N', help: 'projects of the large seed', parse: wholeNumber('projects', 1, 100_000) } satisfies Flag<number | undefined>;
export const MEMBERS_FLAG = { name: 'members', value: 'N', help: 'members of the large seed', parse: wholeNumber('members', 1, 100_000) } satisfies Flag<number | undefined>;
export const LATENCY_FLAG = { name: 'latency-ms', value: 'N', help: 'added latency per response', parse: wholeNumber('latency-ms', 0, 60_000) } satisfies Flag<number | undefined>;
export const RATE_LIMIT_FLAG = { name: 'rate-limit', value: 'N', help: 'requests per second before 429 (25 concurrent)', parse: wholeNumber('rate-limit', 1, 100_000) } satisfies Flag<number | undefined>;
export const PORT_FLAG = { name: 'port', value: 'N', help: 'listen port (default: a free one)', parse: wholeNumber('port', 0, 65_535) } satisfies Flag<number | undefined>;

/** Every report format the tool knows; a command's --format flag accepts a subset. */
export const FORMAT_VALUES = ['table', 'json', 'markdown', 'sarif', 'junit', 'html'] as const satisfies readonly OutputFormat[];

function checkFormat(formats: readonly OutputFormat[], raw: string, command: string): OutputFormat {
  const f = oneOf<OutputFormat>('format', FORMAT_VALUES, (s) => s.toLowerCase())(raw)!;
  if (!formats.includes(f)) throw new UsageError(`"${command}" supports --format ${formats.join(', ')}, not "${f}"`);
  return f;
}

/** --format F limited to what this command renders. */
export function formatFlag(formats: readonly OutputFormat[]): Flag<OutputFormat | undefined> {
  return {
    name: 'format',
    value: 'F',
    help: 'output format',
    choices: formats,
    parse: (raw, ctx) => (typeof raw === 'string' ? checkFormat(formats, raw, ctx.command) : undefined),
  };
}

/** --format F, repeatable: several reports from one read (each with its --output, or --output-dir). */
export function formatsFlag(formats: readonly OutputFormat[]): Flag<OutputFormat[]> {
  return {
    name: 'format',
    value: 'F',
    multiple: true,
    help: 'output format; repeat it (each with its --output FILE, or with --output-dir)\nfor several reports from one read of the organization',
    choices: formats,
    parse: (raw, ctx) => (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).map((r) => checkFormat(formats, r, ctx.command)),
  };
}
export const OUTPUTS_FLAG = {
  name: 'output',
  value: 'FILE',
  multiple: true,
  help: 'write the report to FILE instead of stdout (one per --format, in order)',
  parse: (raw: RawValue): string[] => (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).map((v) => text('output')(v)!),
} satisfies Flag<string[]>;
export const OUTPUT_DIR_FLAG = {
  name: 'output-dir',
  value: 'DIR',
  help: 'write each --format to DIR/sentry-harden.<ext> (json, md, sarif, xml, html, txt)',
  parse: text('output-dir'),
} satisfies Flag<string | undefined>;

// ---- bundles (spread into a command's flags) ----

/** Where to connect: every command that talks to Sentry. */
export const TARGET_FLAGS = { url: URL_FLAG, org: ORG_FLAG, allowHttp: ALLOW_HTTP_FLAG, timeout: TIMEOUT_FLAG, color: NO_COLOR_FLAG };
/** Which checks: the level and the selection. */
export const SELECT_FLAGS = { level: LEVEL_FLAG, only: ONLY_FLAG, skip: SKIP_FLAG, policy: POLICY_FLAG };

/** The same flag with another "(default …)" in this command's help. */
export const withDefault = <T>(flag: Flag<T>, text: string): Flag<T> => ({ ...flag, default: text });

/** "--url URL" / "--yes, -y" */
export const flagLabel = (f: AnyFlag): string => `--${f.name}${f.value ? ` ${f.value}` : ''}${f.short ? `, -${f.short}` : ''}`;

/** Help column: labels are padded to 22 characters, continuation lines indented to match. */
export function flagHelpLine(f: AnyFlag, withDefaultText = true): string {
  const pad = 22;
  const [first, ...rest] = f.help.split('\n');
  const d = withDefaultText && f.default ? ` (${f.default})` : '';
  const label = flagLabel(f);
  const head = label.length >= pad ? `${label} ${first}` : `${label.padEnd(pad)}${first}`;
  return [head, ...rest.map((l) => `${' '.repeat(pad)}${l}`)].join('\n') + d;
}
