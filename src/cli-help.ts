// The CLI contract (DESIGN.md): commands, which options each accepts, and their help texts.

import { flagHelpLine, type AnyFlag } from './commands/flags.js';
import { COMMAND_NAMES, COMMANDS, commandSpec, type CommandName, type CommandSpec } from './commands/specs.js';

export { COMMAND_NAMES, commandSpec, type CommandName } from './commands/specs.js';

export function usage(): string {
  return 'Usage: sentry-harden [command] [options]; see `sentry-harden --help`.';
}

const EXIT_CODES = 'Exit codes: 0 everything passes / applied; 1 findings remain; 2 could not run (usage, token,\nserver); 130 interrupted (Ctrl+C).';

/** A flag's help lines, indented; the default shown is the command's own (derived from the spec). */
const flagLines = (f: AnyFlag, withDefault = true): string[] => flagHelpLine(f, withDefault).split('\n').map((l) => `  ${l}`);

export function commandHelp(command?: CommandName): string {
  if (command) {
    const spec = commandSpec(command);
    const lines = [`sentry-harden ${command}: ${spec.summary}`, '', `  ${spec.synopsis}`, ''];
    if (spec.details) lines.push(...spec.details.split('\n').map((l) => `  ${l}`), '');
    lines.push('Options:', ...Object.values(spec.flags).flatMap((f) => flagLines(f)));
    const formats = spec.flags.format?.choices;
    if (formats) lines.push(`  (formats: ${formats.join(', ')})`);
    if (spec.examples?.length) lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
    if (spec.token) lines.push('', 'Token: SENTRY_AUTH_TOKEN or .sentryclirc [auth] token (never a flag).');
    lines.push('', EXIT_CODES, '');
    return lines.join('\n');
  }
  // common = accepted by every command that connects to Sentry; the rest: `help COMMAND`
  const connecting = COMMAND_NAMES.filter((c) => commandSpec(c).token);
  const namesOf = (c: CommandName): string[] => Object.values(commandSpec(c).flags).map((f) => f.name);
  const common = Object.values(commandSpec(connecting[0]!).flags).filter((f) => connecting.every((c) => namesOf(c).includes(f.name)));
  return [
    'sentry-harden: harden a Sentry organization (sentry.io or self-hosted)',
    '',
    'Usage: sentry-harden [command] [options]',
    '',
    'Commands:',
    ...COMMAND_NAMES.map((c) => `  ${c.padEnd(10)}  ${COMMANDS[c].summary}`),
    '',
    `Options of every command that connects (${connecting.join(', ')}):`,
    ...common.flatMap((f) => flagLines(f, false)),
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
