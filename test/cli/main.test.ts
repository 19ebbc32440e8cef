import { describe, expect, it } from 'vitest';
import { main, parseCommandLine } from '../../src/main.js';
import { captureIo } from '../helpers/io.js';

describe('command line', () => {
  it('prints the version from package.json', async () => {
    const io = captureIo();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('prints help listing every command', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    for (const c of ['wizard', 'verify', 'plan', 'apply', 'rollback', 'snapshots', 'controls', 'audit-log', 'demo', 'simulator']) {
      expect(io.out()).toContain(c);
    }
  });

  it('prints one command help', async () => {
    const io = captureIo();
    expect(await main(['verify', '--help'], io)).toBe(0);
    expect(io.out()).toContain('--format F');
    expect(io.out()).toContain('sarif');
  });

  it.each([
    [['verify', '--bogus'], /unknown option --bogus/],
    [['verify', '--level', 'L4'], /--level must be one of L1, L2, L3, got "L4"/],
    [['verify', '--format', 'xml'], /--format must be one of table, json, markdown, sarif, junit, html, got "xml"/],
    [['verify', '--level'], /--level needs a value/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['plan', '--format', 'sarif'], /"plan" supports --format table, json, markdown, not "sarif"/],
    [['verify', '--seed', 'demo'], /--seed is not an option of "verify"/],
    [['simulator', '--port', 'abc'], /--port expects a whole number/],
    [['verify', 'extra'], /unexpected argument "extra"/],
    [['verify', '--json', '--format', 'sarif'], /--json and --format disagree/],
  ])('rejects %j with one line and exit 2', async (argv, pattern) => {
    const io = captureIo();
    expect(await main(argv, io)).toBe(2);
    const lines = io.err().trim().split('\n');
    expect(lines[0]).toMatch(pattern);
    expect(lines[0]).toMatch(/^sentry-harden: /);
    expect(io.err()).toContain('sentry-harden --help');
    expect(io.err()).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
  });

  it.each([
    [['9.9.9'], /--allow-risky: "9.9.9" is not a check id/],
    [['2.1.2'], /--allow-risky: 2.1.2 has no risky changes/],
  ])('apply refuses --allow-risky %j before connecting', async (ids, pattern) => {
    const io = captureIo({});
    expect(await main(['apply', '--yes', ...ids.flatMap((i) => ['--allow-risky', i])], io)).toBe(2);
    expect(io.err().split('\n')[0]).toMatch(pattern);
  });

  it.each([
    [['verify', '--only', '1.1.4'], '--only 1.1.4 selects nothing at L1: check 1.1.4 is at L3; pass --level L3'],
    [['verify', '--skip', '1.2.1', '--only', '1.2'], '--skip 1.2.1 leaves no check of --only 1.2 to evaluate at L1'],
    [['plan', '--only', '3.3'], '--only 3.3 selects nothing at L1: its checks start at L2; pass --level L2'],
    [['apply', '--yes', '--only', '1.1.4', '--level', 'L2'], '--only 1.1.4 selects nothing at L2: check 1.1.4 is at L3'],
  ])('%j evaluates nothing: one line, exit 2, before connecting', async (argv, text) => {
    // no SENTRY_* variables: an attempt to connect would fail with another message
    const io = captureIo({ HOME: '/nonexistent' });
    expect(await main(argv, io)).toBe(2);
    expect(io.err().trim().split('\n')).toHaveLength(1);
    expect(io.err()).toContain(text);
    expect(io.out()).toBe('');
  });

  it('parses ids, levels and flags', () => {
    const parsed = parseCommandLine(
      ['apply', '--level', 'l2', '--only', '1.2,3.1.4', '--skip', '2.2', '--allow-risky', '2.3.1', '--allow-risky', '3.2.4', '--yes'],
      {},
    );
    if (parsed.command !== 'apply') throw new Error(`parsed as ${parsed.command}`);
    const { opts } = parsed;
    expect(opts.level).toBe('L2');
    expect(opts.only).toEqual(['1.2', '3.1.4']);
    expect(opts.skip).toEqual(['2.2']);
    expect(opts.allowRisky).toEqual(['2.3.1', '3.2.4']);
    expect(opts.yes).toBe(true);
  });

  it('defaults to the wizard, maps --json and honours TERM=dumb and NO_COLOR', () => {
    expect(parseCommandLine([], {}).command).toBe('wizard');
    const verify = parseCommandLine(['verify', '--json'], {});
    expect(verify.command === 'verify' && verify.opts.format).toBe('json');
    const wizard = parseCommandLine(['--level', 'L3'], { TERM: 'dumb', NO_COLOR: '1' });
    if (wizard.command !== 'wizard') throw new Error(`parsed as ${wizard.command}`);
    const { opts } = wizard;
    expect(opts.plain).toBe(true);
    expect(opts.color).toBe(false);
  });

  it('apply has no --plain (its output and its one question are always lines): one line, exit 2', () => {
    expect(() => parseCommandLine(['apply', '--plain', '--yes'], {})).toThrow(/^--plain is not an option of "apply"; it takes --url, .*--allow-risky, --json$/);
    // TERM=dumb is not a flag: apply still runs
    expect(parseCommandLine(['apply', '--yes'], { TERM: 'dumb' }).command).toBe('apply');
  });

  it('takes the rollback session id as a positional argument', () => {
    const parsed = parseCommandLine(['rollback', '20261125T150000Z-abcd', '--yes'], {});
    expect(parsed.command === 'rollback' && parsed.opts.session).toBe('20261125T150000Z-abcd');
  });
});
