// Helpers shared by the read-only commands.

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emit, loadPolicy, resolveLevel, terminalOptions, writeFileAtomic } from '../../src/commands/shared.js';
import { UserError } from '../../src/errors.js';
import { DEFAULT_POLICY } from '../../steps/policy.js';
import { globalOptions, tempIo } from '../helpers/io.js';

describe('loadPolicy', () => {
  it('gives the defaults without --policy and merges a file', async () => {
    const c = tempIo();
    expect(await loadPolicy(globalOptions(), c.io)).toEqual(DEFAULT_POLICY);
    writeFileSync(path.join(c.dir, 'p.json'), JSON.stringify({ maxOwners: 5, blockedIps: ['10.0.0.0/8'] }));
    const p = await loadPolicy(globalOptions({ policy: 'p.json' }), c.io);
    expect(p.maxOwners).toBe(5);
    expect(p.blockedIps).toEqual(['10.0.0.0/8']);
    expect(p.minOwners).toBe(DEFAULT_POLICY.minOwners);
  });

  it('turns every problem into a one-line UserError', async () => {
    const c = tempIo();
    writeFileSync(path.join(c.dir, 'arr.json'), '[1,2]');
    writeFileSync(path.join(c.dir, 'min.json'), '{"minOwners": 4, "maxOwners": 3}');
    for (const [file, re] of [['arr.json', /JSON object/], ['min.json', /minOwners/], ['missing.json', /no such file/]] as const) {
      const err = await loadPolicy(globalOptions({ policy: file }), c.io).catch((e: unknown) => e);
      expect(err, file).toBeInstanceOf(UserError);
      expect((err as Error).message, file).toMatch(re);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

describe('resolveLevel', () => {
  it('is --level, else L1, whether or not a terminal is attached (preferences are the wizard\'s)', () => {
    expect(resolveLevel(globalOptions({ level: 'L2' }))).toBe('L2');
    expect(resolveLevel(globalOptions())).toBe('L1');
  });
});

describe('output', () => {
  it('writeFileAtomic replaces the whole file and leaves no temporary file', async () => {
    const c = tempIo();
    const file = path.join(c.dir, 'r.json');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new content');
    expect(readFileSync(file, 'utf8')).toBe('new content');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(c.dir)).toEqual(['r.json']);
  });

  it('a write that fails leaves nothing behind and is a UserError naming --output', async () => {
    const c = tempIo();
    const err = await emit(globalOptions({ output: 'no/such/dir/r.json' }), c.io, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/--output no\/such\/dir\/r\.json/);
    expect(existsSync(path.join(c.dir, 'no'))).toBe(false);
  });

  it('colours only a TTY stdout without NO_COLOR, --no-color or an --output file', () => {
    const c = tempIo();
    expect(terminalOptions(globalOptions({ color: true }), c.io).color).toBe(false);
    Object.assign(c.io.stdout, { isTTY: true, columns: 100 });
    expect(terminalOptions(globalOptions({ color: true }), c.io)).toEqual({ color: true, width: 100 });
    expect(terminalOptions(globalOptions({ color: false }), c.io).color).toBe(false);
    expect(terminalOptions(globalOptions({ color: true, output: 'f' }), c.io)).toEqual({ color: false, width: 80 });
    c.io.env.NO_COLOR = '1';
    expect(terminalOptions(globalOptions({ color: true }), c.io).color).toBe(false);
  });
});
