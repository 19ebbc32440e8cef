// The GitHub Action's entry script (action/entry.mjs) run as the action runs it: a child node
// process with INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, against the
// simulator over HTTP. The CLI it calls is the TypeScript source through tsx (same code as dist).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedAfterEach } from '../helpers/simulators.js';

const { sim: startSim } = closedAfterEach();
const ROOT = path.resolve(import.meta.dirname, '..', '..');

function runEntry(env: Record<string, string>): Promise<{ code: number; out: string; err: string; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sh-action-'));
  writeFileSync(path.join(dir, 'output'), '');
  writeFileSync(path.join(dir, 'summary'), '');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'action', 'entry.mjs')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        SENTRY_HARDEN_CONFIG_DIR: dir,
        SENTRY_HARDEN_CLI: path.join(ROOT, 'src', 'cli.ts'),
        NODE_PATH: path.join(ROOT, 'node_modules'),
        GITHUB_OUTPUT: path.join(dir, 'output'),
        GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
        ...env,
      },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err, dir }));
  });
}

describe('action/entry.mjs', () => {
  it('runs verify against the simulator: SARIF file, Markdown job summary, outputs', async () => {
    const sim = await startSim();
    const r = await runEntry({ INPUT_LEVEL: 'L2', INPUT_TOKEN: sim.token, INPUT_URL: sim.url, INPUT_ORG: 'acme', INPUT_PROBE_PII: 'true', INPUT_PROBE_SAMPLE: '20', INPUT_SARIF_FILE: 'out.sarif' });
    expect(r.code).toBe(0);
    const outputs = readFileSync(path.join(r.dir, 'output'), 'utf8');
    expect(outputs).toContain('sarif-file=out.sarif');
    expect(outputs).toContain('exit-code=1');
    const sarif = JSON.parse(readFileSync(path.join(r.dir, 'out.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    const summary = readFileSync(path.join(r.dir, 'summary'), 'utf8');
    expect(summary).toMatch(/^## Sentry hardening report/m);
    expect(summary).toContain('## PII-leak probe');
    expect(r.out + r.err + summary).not.toContain(sim.token);
    // one read of the organization for both reports: the member list is listed once
    expect(sim.stats.byRoute.get('GET /api/0/organizations/{org}/members/')).toBe(1);
  }, 120_000);

  it('bad inputs: one ::error:: line, exit 2, no report written', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ INPUT_LEVEL: 'L4', INPUT_TOKEN: 't' }, /input level must be L1, L2 or L3/],
      [{ INPUT_LEVEL: 'L1' }, /input token is required/],
      [{ INPUT_TOKEN: 't', INPUT_URL: 'ftp://x' }, /input url must be http\(s\)/],
      [{ INPUT_TOKEN: 't', INPUT_URL: 'not a url' }, /input url is not a URL/],
      [{ INPUT_TOKEN: 't', INPUT_PROBE_PII: 'yes' }, /input probe-pii must be true or false/],
      [{ INPUT_TOKEN: 't', INPUT_PROBE_SAMPLE: '0' }, /input probe-sample must be a whole number/],
      [{ INPUT_TOKEN: 't', INPUT_ORG: 'a b' }, /input org is not an organization slug/],
    ];
    for (const [env, re] of cases) {
      const r = await runEntry(env);
      expect(r.code).toBe(2);
      const lines = r.out.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^::error title=sentry-harden::/);
      expect(lines[0]).toMatch(re);
      expect(existsSync(path.join(r.dir, 'sentry-harden.sarif'))).toBe(false);
    }
  }, 120_000);

  it('a server that cannot be reached: exit-code 2 and no sarif-file output', async () => {
    const r = await runEntry({ INPUT_TOKEN: 'sntryu_x', INPUT_URL: 'http://127.0.0.1:9', INPUT_ORG: 'acme' });
    expect(r.code).toBe(2);
    const outputs = readFileSync(path.join(r.dir, 'output'), 'utf8');
    expect(outputs).toContain('exit-code=2');
    expect(outputs).not.toContain('sarif-file=');
  }, 120_000);
});
