// Each command's spec is the one source of its flags: the parser accepts exactly them, the
// options a command receives hold only them, and its help lists exactly them.
import { describe, expect, it } from 'vitest';
import { commandHelp } from '../../src/cli-help.js';
import { COMMAND_NAMES, commandSpec } from '../../src/commands/specs.js';
import { main, parseCommandLine, unionOfFlags } from '../../src/main.js';
import { captureIo } from '../helpers/io.js';

describe('command specs', () => {
  it('no flag name is declared with two shapes by two commands', () => {
    expect(() => unionOfFlags()).not.toThrow();
  });

  it.each(COMMAND_NAMES)('help of %s lists exactly the flags of its spec', (name) => {
    const help = commandHelp(name);
    const options = help.slice(help.indexOf('Options:'));
    const listed = [...options.matchAll(/^ {2}--([a-z-]+)/gm)].map((m) => m[1]);
    expect(listed).toEqual(Object.values(commandSpec(name).flags).map((f) => f.name));
    for (const f of Object.values(commandSpec(name).flags)) {
      for (const v of f.env ?? []) expect(options, `${name} --${f.name} names ${v}`).toContain(v === 'TERM' ? 'TERM=dumb' : v);
    }
  });

  it('a flag another command takes is refused with one line naming the flags this one takes', async () => {
    const io = captureIo();
    expect(await main(['snapshots', '--level', 'L2'], io)).toBe(2);
    const [line] = io.err().split('\n');
    expect(line).toBe('sentry-harden: --level is not an option of "snapshots"; it takes --snapshots-dir, --format, --json, --org, --no-color');
  });

  it('a misspelled flag still gets its suggestion', async () => {
    const io = captureIo();
    expect(await main(['verify', '--levle', 'L2'], io)).toBe(2);
    expect(io.err().split('\n')[0]).toBe('sentry-harden: unknown option --levle; did you mean "--level"?');
  });

  it('each command receives only its own options', () => {
    for (const name of COMMAND_NAMES) {
      const parsed = parseCommandLine(name === 'wizard' ? [] : [name], {});
      const keys = new Set([...Object.keys(commandSpec(name).flags), 'args', ...(name === 'rollback' ? ['session'] : [])]);
      for (const k of Object.keys(parsed.opts)) expect(keys.has(k), `${name} got ${k}`).toBe(true);
    }
    const snap = parseCommandLine(['snapshots', '--json'], {});
    expect(snap.opts).toEqual({ args: [], json: true, format: 'json', color: true });
  });

  it('environment fallbacks come from the spec: TERM=dumb is --plain, NO_COLOR is --no-color', () => {
    const parsed = parseCommandLine(['rollback'], { TERM: 'dumb', NO_COLOR: '1' });
    expect(parsed.command === 'rollback' && [parsed.opts.plain, parsed.opts.color]).toEqual([true, false]);
  });
});
