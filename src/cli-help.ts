// The CLI contract (DESIGN.md): commands, which options each accepts, and their help texts.

import type { OutputFormat } from './commands/types.js';

export type OptionName =
  | 'url' | 'org' | 'allow-http' | 'timeout' | 'level' | 'only' | 'skip' | 'policy' | 'snapshots-dir' | 'format' | 'output'
  | 'yes' | 'dry-run' | 'allow-risky' | 'force-drifted' | 'plain'
  | 'no-color' | 'latest' | 'since' | 'export' | 'seed' | 'projects' | 'members' | 'latency-ms'
  | 'rate-limit' | 'port' | 'json' | 'probe-pii' | 'probe-sample';

export interface CommandSpec {
  summary: string;
  synopsis: string;
  options: readonly OptionName[];
  formats?: readonly OutputFormat[];
  maxArgs: number;
  details?: string;
  /** connects to Sentry with a token (prints the "Token:" line) */
  token?: boolean;
  /** this command's defaults where they differ from OPTION_HELP's ("level": "default L2") */
  defaults?: Partial<Record<OptionName, string>>;
  examples?: readonly string[];
}

const TARGET: readonly OptionName[] = ['url', 'org', 'allow-http', 'timeout', 'no-color'];
const SELECT: readonly OptionName[] = ['level', 'only', 'skip', 'policy'];

export const COMMANDS = {
  wizard: {
    summary: 'guided hardening session, one control at a time (the default command)',
    synopsis: 'sentry-harden [wizard] [--level L2] [--only IDS] [--plain]',
    options: [...TARGET, ...SELECT, 'snapshots-dir', 'plain'],
    maxArgs: 0,
    token: true,
    defaults: { level: 'asked; the level used last time is the suggestion' },
    details: 'Needs a terminal. Shows current vs recommended settings as a diff, asks before every change,\nreads every change back and keeps a rollback snapshot. Ctrl+C stops after the request in\nflight and shows the summary (exit 130).',
    examples: ['sentry-harden', 'sentry-harden --level L2 --only 1.2,2.3', 'TERM=dumb sentry-harden --plain'],
  },
  verify: {
    summary: 'evaluate a level and report; changes nothing',
    synopsis: 'sentry-harden verify --level L2 [--format table|json|markdown|sarif|junit] [--output FILE] [--probe-pii [--probe-sample N]]',
    options: [...TARGET, ...SELECT, 'format', 'output', 'json', 'probe-pii', 'probe-sample'],
    formats: ['table', 'json', 'markdown', 'sarif', 'junit'],
    maxArgs: 0,
    token: true,
    details: 'Exit 0 when no evaluated check fails or errors, 1 otherwise, 2 when it could not run\n(a selection that leaves no check to evaluate is exit 2, not a pass).\n--probe-pii reads the newest events of every project (--probe-sample, default 50, at most 1000)\nand reports values scrubbing should have removed (path, kind, masked hint, event id; never the\nvalue); a leak fails the run.',
    examples: ['sentry-harden verify --level L2', 'sentry-harden verify --level L2 --format sarif --output sentry-harden.sarif', 'sentry-harden verify --only 1.2 --json'],
  },
  plan: {
    summary: 'every change the wizard would make at a level, as diffs; changes nothing',
    synopsis: 'sentry-harden plan --level L2 [--format table|json]',
    options: [...TARGET, ...SELECT, 'format', 'output', 'json'],
    formats: ['table', 'json'],
    maxArgs: 0,
    token: true,
    details: 'Exit 0 when there is nothing to change, 1 otherwise.',
    examples: ['sentry-harden plan --level L2', 'sentry-harden plan --only 3.1 --format json'],
  },
  apply: {
    summary: 'apply the plan: asks once on a terminal; --yes in scripts',
    synopsis: 'sentry-harden apply --level L2 --yes [--allow-risky IDS] [--dry-run]',
    options: [...TARGET, ...SELECT, 'snapshots-dir', 'yes', 'dry-run', 'allow-risky', 'plain'],
    maxArgs: 0,
    token: true,
    examples: ['sentry-harden apply --level L2 --dry-run', 'sentry-harden apply --level L2 --yes', 'sentry-harden apply --only 1.2 --yes --allow-risky 1.2.1'],
    details: 'Prints the plan, then asks once on a terminal (--yes skips the question; without a terminal\n--yes is required). Risky changes are held back unless their check id is in --allow-risky,\ne.g. --allow-risky 1.2.1 to require 2FA when members without 2FA would be removed.\nCtrl+C stops after the request in flight and prints the rollback command (exit 130).',
  },
  rollback: {
    summary: 'restore a snapshot session (picker when SESSION is omitted)',
    synopsis: 'sentry-harden rollback [SESSION | --latest] [--only IDS] [--yes] [--force-drifted]',
    options: [...TARGET, 'snapshots-dir', 'latest', 'only', 'yes', 'force-drifted', 'dry-run', 'plain', 'policy'],
    maxArgs: 1,
    token: true,
    details: 'Values changed by someone else since the session are skipped unless --force-drifted.',
    examples: ['sentry-harden rollback --latest --dry-run', 'sentry-harden rollback 20261125T150000Z-ab12cd --yes', 'sentry-harden snapshots'],
  },
  snapshots: {
    summary: 'list snapshot sessions',
    synopsis: 'sentry-harden snapshots [--format table|json]',
    options: ['snapshots-dir', 'format', 'json', 'org', 'no-color'],
    formats: ['table', 'json'],
    maxArgs: 0,
  },
  controls: {
    summary: 'the control catalog: ids, titles, levels, frameworks, automation',
    synopsis: 'sentry-harden controls [--level L3] [--format table|json|markdown]',
    options: ['level', 'format', 'output', 'json', 'no-color'],
    formats: ['table', 'json', 'markdown'],
    maxArgs: 0,
    defaults: { level: 'every level' },
    examples: ['sentry-harden controls', 'sentry-harden controls --level L1 --format markdown'],
  },
  'audit-log': {
    summary: 'security events of the audit log; --export appends JSON Lines',
    synopsis: 'sentry-harden audit-log [--since 30d] [--export FILE] [--format table|json]',
    options: [...TARGET, 'since', 'export', 'format', 'output', 'json'],
    formats: ['table', 'json'],
    maxArgs: 0,
    token: true,
    examples: ['sentry-harden audit-log --since 7d', 'sentry-harden audit-log --export audit.jsonl'],
  },
  demo: {
    summary: 'the wizard against the built-in simulated org: no account needed',
    synopsis: 'sentry-harden demo [--level L2] [--plain]',
    options: ['level', 'only', 'skip', 'policy', 'snapshots-dir', 'plain', 'no-color'],
    maxArgs: 0,
    defaults: { level: 'default L2', 'snapshots-dir': 'default: a new temporary folder' },
    details: 'Needs no account or token and sends nothing to the network: the simulator runs on a loopback\nport for as long as the demo does.',
    examples: ['sentry-harden demo', 'sentry-harden demo --level L3 --plain'],
  },
  simulator: {
    summary: 'run the Sentry API simulator as a server',
    synopsis: 'sentry-harden simulator [--seed demo|large|demo-sso-optional|demo-swept-long-ago] [--projects N] [--members N] [--latency-ms N] [--rate-limit N] [--port N] [--json]',
    options: ['seed', 'projects', 'members', 'latency-ms', 'rate-limit', 'port', 'json'],
    maxArgs: 0,
    details: '--json prints one line {"url","org","token"} (a simulator owner token). Runs until Ctrl+C.\nA --port that is taken is an error (exit 2).',
    examples: ['sentry-harden simulator --json', 'sentry-harden simulator --seed large --projects 1000 --latency-ms 50'],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;
export const commandSpec = (name: CommandName): CommandSpec => COMMANDS[name];
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

const OPTION_HELP: Record<OptionName, string> = {
  url: '--url URL             Sentry base URL (SENTRY_URL, .sentryclirc [defaults] url, https://sentry.io)',
  org: '--org SLUG            organization slug (SENTRY_ORG, .sentryclirc [defaults] org)',
  'allow-http': '--allow-http          allow a plain http:// URL that is not loopback (the token travels\n                        unencrypted: trusted networks only; also SENTRY_HARDEN_ALLOW_HTTP=1; never saved)',
  timeout: '--timeout SECONDS     how long one request waits for an answer (default 30; SENTRY_HARDEN_TIMEOUT)',
  level: '--level L1|L2|L3      target level, cumulative',
  only: '--only IDS            only these control or check ids, comma separated (e.g. 1.2,3.1.4)',
  skip: '--skip IDS            skip these control or check ids',
  policy: '--policy FILE         policy parameters (JSON; `sentry-harden help policy`)',
  'snapshots-dir': '--snapshots-dir DIR   where rollback snapshots go',
  format: '--format F            output format',
  output: '--output FILE         write the report to FILE instead of stdout',
  yes: '--yes, -y             answer yes to ordinary confirmations',
  'dry-run': '--dry-run             show what would be sent; change nothing',
  'allow-risky': '--allow-risky IDS     also apply these risky checks with --yes (e.g. 1.2.1: require 2FA\n                        even when members without 2FA would be removed)',
  'force-drifted': '--force-drifted       also overwrite values changed by someone else since the session',
  plain: '--plain               line-by-line prompts and output (also TERM=dumb)',
  'no-color': '--no-color            no colours (also NO_COLOR)',
  latest: '--latest              the most recent session',
  since: '--since 30d           window: Nd, Nh or an ISO date',
  export: '--export FILE         append new entries to FILE as JSON Lines (mode 0600)',
  seed: '--seed NAME           which organization to simulate: demo, large, demo-sso-optional, demo-swept-long-ago',
  projects: '--projects N          projects of the large seed',
  members: '--members N           members of the large seed',
  'latency-ms': '--latency-ms N        added latency per response',
  'rate-limit': '--rate-limit N        requests per second before 429 (25 concurrent)',
  port: '--port N              listen port (default: a free one)',
  json: '--json                machine output (same as --format json)',
  'probe-pii': '--probe-pii           sample recent events and report values scrubbing missed (read-only)',
  'probe-sample': '--probe-sample N      events per project for --probe-pii (default 50)',
};

export function usage(): string {
  return 'Usage: sentry-harden [command] [options]; see `sentry-harden --help`.';
}

/** Defaults shown after an option's text, unless the command says otherwise. */
const OPTION_DEFAULT: Partial<Record<OptionName, string>> = { level: 'default L1', 'snapshots-dir': 'default ./snapshots' };

const EXIT_CODES = 'Exit codes: 0 everything passes / applied; 1 findings remain; 2 could not run (usage, token,\nserver); 130 interrupted (Ctrl+C).';

function optionLine(o: OptionName, spec?: CommandSpec): string {
  const d = spec?.defaults?.[o] ?? OPTION_DEFAULT[o];
  return `  ${OPTION_HELP[o]}${d ? ` (${d})` : ''}`;
}

export function commandHelp(command?: CommandName): string {
  if (command) {
    const spec: CommandSpec = COMMANDS[command];
    const lines = [`sentry-harden ${command}: ${spec.summary}`, '', `  ${spec.synopsis}`, ''];
    if (spec.details) lines.push(...spec.details.split('\n').map((l) => `  ${l}`), '');
    lines.push('Options:', ...spec.options.map((o) => optionLine(o, spec)));
    if (spec.formats) lines.push(`  (formats: ${spec.formats.join(', ')})`);
    if (spec.examples?.length) lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
    if (spec.token) lines.push('', 'Token: SENTRY_AUTH_TOKEN or .sentryclirc [auth] token (never a flag).');
    lines.push('', EXIT_CODES, '');
    return lines.join('\n');
  }
  // common = accepted by every command that connects to Sentry; the rest: `help COMMAND`
  const connecting = COMMAND_NAMES.filter((c) => (COMMANDS[c] as CommandSpec).token);
  const common = (Object.keys(OPTION_HELP) as OptionName[]).filter((o) => connecting.every((c) => (COMMANDS[c] as CommandSpec).options.includes(o)));
  return [
    'sentry-harden: harden a Sentry organization (sentry.io or self-hosted)',
    '',
    'Usage: sentry-harden [command] [options]',
    '',
    'Commands:',
    ...COMMAND_NAMES.map((c) => `  ${c.padEnd(10)}  ${COMMANDS[c].summary}`),
    '',
    `Options of every command that connects (${connecting.join(', ')}):`,
    ...common.map((o) => `  ${OPTION_HELP[o]}`),
    '  --help, -h            help; `sentry-harden help COMMAND` lists the options each command takes',
    '  --version, -V         version',
    '',
    'Examples:',
    '  sentry-harden demo                          the wizard on a simulated org, no account needed',
    '  sentry-harden                               the wizard on your organization',
    '  sentry-harden verify --level L2 --format sarif --output sentry-harden.sarif',
    '  sentry-harden apply --level L2 --dry-run',
    '  sentry-harden rollback --latest',
    '',
    'Credentials: SENTRY_URL, SENTRY_ORG, SENTRY_AUTH_TOKEN, or .sentryclirc. The token must be a',
    'user auth token of an organization owner; it is never a flag and never written anywhere.',
    'Policy file: `sentry-harden help policy`.',
    '',
    EXIT_CODES,
    '',
  ].join('\n');
}

/** Edit distance (insert, delete, substitute, swap adjacent): "verfy" -> "verify" is 1. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** `; did you mean "verify"?` for a near miss (at most 2 edits), else ''. */
export function suggestion(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const dist = distance(word.toLowerCase(), c.toLowerCase());
    if (dist < bestD) {
      best = c;
      bestD = dist;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(word.length / 3)) ? `; did you mean "${best}"?` : '';
}
