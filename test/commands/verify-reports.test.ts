// One read, many reports (issue 20.3) and the compliance view (20.4), through main() against
// the demo org: the server sees the same requests for three formats as for one.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import type { JsonReport } from '../../src/report/json.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { simEnv, tempIo } from '../helpers/io.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 'demo' });
});
afterAll(async () => sim.close());

async function run(args: string[]): Promise<{ code: number; requests: number; dir: string; out: string; err: string }> {
  const c = tempIo(simEnv(sim));
  sim.stats.reset();
  const code = await main(['verify', '--level', 'L2', ...args], c.io);
  return { code, requests: sim.stats.total, dir: c.dir, out: c.out(), err: c.err() };
}

describe('one read, many reports', () => {
  it('three formats cost the server the same requests as one', async () => {
    const one = await run(['--format', 'json', '--output', 'one.json']);
    const three = await run(['--format', 'json', '--output', 'r.json', '--format', 'sarif', '--output', 'r.sarif', '--format', 'markdown', '--output', 'r.md']);
    expect(one.requests).toBeGreaterThan(0);
    expect(three.requests).toBe(one.requests);
    expect(three.code).toBe(one.code);
    const json = JSON.parse(readFileSync(path.join(three.dir, 'r.json'), 'utf8')) as JsonReport;
    expect(json.schemaVersion).toBe(1);
    expect(JSON.parse(readFileSync(path.join(three.dir, 'r.sarif'), 'utf8'))).toHaveProperty('runs');
    expect(readFileSync(path.join(three.dir, 'r.md'), 'utf8')).toMatch(/^#/m);
    expect(three.out).toBe('');
  });

  it('--output-dir writes sentry-harden.<ext> per format', async () => {
    const r = await run(['--format', 'junit', '--format', 'json', '--output-dir', 'reports']);
    expect(existsSync(path.join(r.dir, 'reports', 'sentry-harden.xml'))).toBe(true);
    expect(existsSync(path.join(r.dir, 'reports', 'sentry-harden.json'))).toBe(true);
  });

  it.each([
    [['--format', 'json', '--format', 'sarif'], /2 --format and 0 --output: give an --output FILE after each --format, or --output-dir DIR/],
    [['--format', 'json', '--format', 'json', '--output-dir', 'x'], /--format json is given twice/],
    [['--output-dir', 'x'], /--output-dir needs at least one --format/],
    [['--compliance', 'iso27001'], /--compliance must be one of soc2, cis, nist, got "iso27001"/],
  ])('%j is one line, exit 2, no request', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toMatch(message);
    expect(r.requests).toBe(0);
  });
});

describe('--compliance', () => {
  it('groups the checks by the framework controls in JSON and Markdown', async () => {
    const r = await run(['--compliance', 'soc2', '--format', 'json', '--output', 'c.json', '--format', 'markdown', '--output', 'c.md']);
    const json = JSON.parse(readFileSync(path.join(r.dir, 'c.json'), 'utf8')) as JsonReport;
    expect(json.controls.length).toBeGreaterThan(0);
    for (const c of json.controls) {
      expect(c.title).toMatch(/^SOC 2 \(sentry-harden \d+\.\d+/);
      expect(c.frameworks.soc2).toEqual([c.id]);
    }
    // 1.2 (two-factor) maps to SOC 2 CC6.1: its checks are in that group
    const cc61 = json.controls.find((c) => c.id === 'CC6.1');
    expect(cc61?.checks.map((k) => k.id)).toContain('1.2.1');
    expect(readFileSync(path.join(r.dir, 'c.md'), 'utf8')).toMatch(/CC6\.1 SOC 2 \(sentry-harden 1\.1, 1\.2\b/);
  });
});
