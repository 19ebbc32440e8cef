// The GitHub Action's entry (action.yml): validates the inputs (one `::error::` line and exit 2
// on a bad one), runs `sentry-harden verify` once — one read of the organization — for both the
// SARIF report and the Markdown job summary (`--format F --output FILE` pairs), and writes `exit-code` and `sarif-file` to $GITHUB_OUTPUT. It never prints the token: the CLI
// reads it from SENTRY_AUTH_TOKEN, and GitHub masks it as a secret.
// Plain JavaScript so it runs without a build step; the CLI it runs is the one in this package.

import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = process.env.SENTRY_HARDEN_CLI ?? path.join(here, '..', 'dist', 'src', 'cli.js');
const env = process.env;

function fail(message) {
  process.stdout.write(`::error title=sentry-harden::${message}\n`);
  process.exit(2);
}

const input = (name) => (env[`INPUT_${name}`] ?? '').trim();

function bool(name) {
  const v = input(name).toLowerCase();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  return fail(`input ${name.toLowerCase().replace(/_/g, '-')} must be true or false, got "${input(name)}"`);
}

export function readInputs() {
  const level = input('LEVEL').toUpperCase() || 'L1';
  if (!['L1', 'L2', 'L3'].includes(level)) fail(`input level must be L1, L2 or L3, got "${input('LEVEL')}"`);
  const token = input('TOKEN') || env.SENTRY_AUTH_TOKEN || '';
  if (!token) fail('input token is required (a Sentry auth token, e.g. ${{ secrets.SENTRY_AUTH_TOKEN }})');
  const url = input('URL');
  if (url) {
    let u;
    try {
      u = new URL(url);
    } catch {
      fail(`input url is not a URL: "${url}"`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') fail(`input url must be http(s), got "${url}"`);
  }
  const org = input('ORG');
  if (org && !/^[a-z0-9][a-z0-9_-]*$/i.test(org)) fail(`input org is not an organization slug: "${org}"`);
  const probe = bool('PROBE_PII');
  const sampleRaw = input('PROBE_SAMPLE') || '50';
  if (!/^\d+$/.test(sampleRaw) || Number(sampleRaw) < 1 || Number(sampleRaw) > 1000) fail(`input probe-sample must be a whole number from 1 to 1000, got "${sampleRaw}"`);
  const sarif = input('SARIF_FILE') || 'sentry-harden.sarif';
  return { level, token, url, org, policy: input('POLICY'), probe, sample: sampleRaw, sarif };
}

/** One verify run; `reports` are [format, file] pairs, all rendered from the same read. */
function run(inputs, reports) {
  // tests run the TypeScript source through tsx (SENTRY_HARDEN_CLI=src/cli.ts)
  const args = [...(cli.endsWith('.ts') ? ['--import', pathToFileURL(createRequire(cli).resolve('tsx/package.json').replace(/package\.json$/, 'dist/loader.mjs')).href] : []), cli, 'verify', '--level', inputs.level, '--no-color'];
  for (const [format, output] of reports) args.push('--format', format, '--output', output);
  if (inputs.url) args.push('--url', inputs.url);
  if (inputs.org) args.push('--org', inputs.org);
  if (inputs.policy) args.push('--policy', inputs.policy);
  if (inputs.probe) args.push('--probe-pii', '--probe-sample', inputs.sample);
  const res = spawnSync(process.execPath, args, {
    env: { ...env, SENTRY_AUTH_TOKEN: inputs.token, CI: 'true' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (res.stderr) process.stderr.write(res.stderr);
  return { code: res.status ?? 2, stdout: res.stdout ?? '' };
}

function setOutput(name, value) {
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

const inputs = readInputs();
const scratch = mkdtempSync(path.join(env.RUNNER_TEMP || tmpdir(), 'sentry-harden-'));
const summary = path.join(scratch, 'summary.md');
const { code } = run(inputs, [['sarif', inputs.sarif], ['markdown', summary]]);
if (code === 2) {
  rmSync(scratch, { recursive: true, force: true });
  setOutput('exit-code', '2');
  process.exit(2);
}
setOutput('sarif-file', inputs.sarif);
if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, readFileSync(summary, 'utf8'));
rmSync(scratch, { recursive: true, force: true });
setOutput('exit-code', String(code));
process.stdout.write(`sentry-harden verify ${inputs.level}: exit ${code} (SARIF in ${inputs.sarif})\n`);
// the step itself succeeds so that the SARIF upload runs; the action's last step applies the code
process.exit(0);
