// `npm run bench`: measures what issue "Fast at scale" targets, on this machine, with the built CLI.
// - verify --level L3 on a generated org (1,000 projects x 2 keys, 5,000 members) against the
//   simulator at 50 ms latency, without and with Sentry's usual rate limits (40/s, 25 concurrent);
// - requests made vs the minimum, duplicates, 429s, peak RSS of the CLI process;
// - start-up time of --version and --help (median).
// Prints a table and writes the same as JSON (bench-results.json, or BENCH_OUTPUT).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type RunningSimulator } from '../simulator/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = resolve(here, '..', 'cli.js');
const child = resolve(here, 'child.js');

interface Row {
  scenario: string;
  requests: number;
  minimum: number;
  duplicates: number;
  wallMs: number;
  boundMs: number;
  ratio: number;
  rateLimited: number;
  peakRssMb: number;
  errors: number;
  exitCode: number;
  pass: boolean;
}

interface StartupRow {
  command: string;
  medianMs: number;
  boundMs: number;
  pass: boolean;
}

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 1000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 5000);
const KEYS = 2;
const LATENCY = 50;
const PAGE = 100;

/**
 * The fewest requests verify --level L3 can make on this org: one per resource, every list page
 * at per_page=100, key lists per project, filters for browser JavaScript projects, one audit-log
 * page per 100 entries, and one member detail (teams, team roles, authenticators) for each member
 * a check must name with those: privileged members (2.3.6), inactive or deactivated ones (2.1.9),
 * owners over the limit (2.3.1, team roles for a demotion), stale privileged invitations (2.3.4).
 */
function minimumRequests(sim: RunningSimulator): number {
  const s = sim.state;
  const now = Date.now();
  const members = [...s.members.values()];
  const privileged = (role: string): boolean => ['owner', 'manager', 'admin'].includes(role);
  const details = new Set<string>();
  const owners = members.filter((m) => m.orgRole === 'owner' && (!m.pending || !m.expired));
  for (const m of members) {
    const user = m.userId ? s.users.get(m.userId) : undefined;
    if (m.pending || !user) {
      const ageDays = (now - Date.parse(m.dateCreated)) / 86_400_000;
      if (privileged(m.orgRole) && (m.expired || ageDays > 7)) details.add(m.id);
      continue;
    }
    const last = user.lastActive ? Date.parse(user.lastActive) : Number.NaN;
    const inactive = !Number.isFinite(last) || (now - last) / 86_400_000 > 90;
    if (privileged(m.orgRole) && user.isActive) details.add(m.id);
    if (!user.isActive || inactive) details.add(m.id);
    if (owners.length > 3 && m.orgRole === 'owner' && user.isActive) details.add(m.id);
  }
  const browserJs = [...s.projects.values()].filter((p) => {
    const pl = p.platform ?? '';
    return pl.startsWith('javascript') && !['javascript-electron', 'javascript-cordova', 'javascript-capacitor'].includes(pl);
  }).length;
  const pages = (n: number): number => Math.max(1, Math.ceil(n / PAGE));
  const keyPages = [...s.projects.keys()].reduce((sum, slug) => sum + pages(s.keysByProject.get(slug)?.length ?? 0), 0);
  const auditDays = 90; // 2.3.4 dates invitations from the audit log: at least 90 days are read
  const audit = s.auditLog.filter((e) => now - Date.parse(e.dateCreated) <= auditDays * 86_400_000).length;
  return (
    1 + // GET /api/0/
    1 + // org details with feature flags
    2 + // auth-provider, auth-providers
    pages(members.length) +
    details.size +
    pages(s.teams.size) +
    pages(s.projects.size) +
    keyPages +
    browserJs +
    1 + // spike protection probe
    pages(audit)
  );
}

function duplicates(sim: RunningSimulator): number {
  let dup = 0;
  for (const [key, count] of sim.stats.byUrl) if (key.startsWith('GET ') && count > 1) dup += count - 1;
  // a request answered 429 is asked again once it may be: that is a retry, not a duplicate
  return Math.max(0, dup - sim.stats.rateLimited);
}

async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; wallMs: number; peakRssMb: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sh-bench-'));
  const resultFile = join(dir, 'result.json');
  const started = performance.now();
  const code = await new Promise<number>((res, rej) => {
    const p = spawn(process.execPath, [child, ...args], { env: { ...env, BENCH_RESULT: resultFile }, stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('error', rej);
    p.on('exit', (c) => res(c ?? 1));
  });
  const wallMs = performance.now() - started;
  const r = JSON.parse(readFileSync(resultFile, 'utf8')) as { maxRssKb: number };
  return { code, wallMs, peakRssMb: r.maxRssKb / 1024 };
}

async function verifyScenario(name: string, rateLimit: { perSecond: number; concurrent: number } | null): Promise<Row> {
  const sim = await startSimulator({ seed: 'large', projects: PROJECTS, members: MEMBERS, keysPerProject: KEYS, latencyMs: LATENCY, rateLimit });
  try {
    const out = join(mkdtempSync(join(tmpdir(), 'sh-bench-')), 'report.json');
    sim.stats.reset();
    const env = { ...process.env, SENTRY_URL: sim.url, SENTRY_ORG: sim.org, SENTRY_AUTH_TOKEN: sim.token, NO_COLOR: '1' };
    const run = await runCli(['verify', '--level', 'L3', '--format', 'json', '--output', out], env);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { summary: { error: number } };
    const requests = sim.stats.total;
    const boundMs = rateLimit ? (1.2 * requests * 1000) / rateLimit.perSecond : 0.1 * requests * LATENCY;
    const dups = duplicates(sim);
    const errors = report.summary.error;
    const ratio = rateLimit ? run.wallMs / ((requests * 1000) / rateLimit.perSecond) : run.wallMs / (requests * LATENCY);
    return {
      scenario: name,
      requests,
      minimum: minimumRequests(sim),
      duplicates: dups,
      wallMs: Math.round(run.wallMs),
      boundMs: Math.round(boundMs),
      ratio: Number(ratio.toFixed(3)),
      rateLimited: sim.stats.rateLimited,
      peakRssMb: Number(run.peakRssMb.toFixed(1)),
      errors,
      exitCode: run.code,
      pass: run.wallMs <= boundMs && dups === 0 && errors === 0 && run.peakRssMb <= 200 && run.code !== 2,
    };
  } finally {
    await sim.close();
  }
}

/**
 * Time from the token check returning to the wizard's first frame, in a real pseudo-terminal
 * (`script`), on the same large org: the CLI writes timing marks (SENTRY_HARDEN_TIMING).
 */
async function firstWizardFrame(): Promise<number | undefined> {
  const sim = await startSimulator({ seed: 'large', projects: PROJECTS, members: MEMBERS, keysPerProject: KEYS, latencyMs: LATENCY });
  const dir = mkdtempSync(join(tmpdir(), 'sh-bench-'));
  const timing = join(dir, 'timing.txt');
  const command = `'${process.execPath}' '${cli}' wizard --level L3 --snapshots-dir '${join(dir, 'snapshots')}'`;
  const p = spawn('script', ['-qfec', command, '/dev/null'], {
    env: {
      ...process.env,
      SENTRY_URL: sim.url,
      SENTRY_ORG: sim.org,
      SENTRY_AUTH_TOKEN: sim.token,
      SENTRY_HARDEN_TIMING: timing,
      // a terminal run remembers org/URL/sessions: keep the user's own preferences untouched
      SENTRY_HARDEN_CONFIG_DIR: join(dir, 'config'),
      TERM: 'xterm-256color',
    },
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  try {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      let text = '';
      try {
        text = readFileSync(timing, 'utf8');
      } catch {
        continue;
      }
      const at = (name: string): number | undefined => {
        const m = new RegExp(`^${name} ([\\d.]+)$`, 'm').exec(text);
        return m ? Number(m[1]) : undefined;
      };
      const checked = at('token-checked');
      const frame = at('first-frame');
      if (checked !== undefined && frame !== undefined) return frame - checked;
    }
    return undefined;
  } finally {
    try {
      process.kill(-p.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await sim.close();
  }
}

async function median(times: number, fn: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i += 1) samples.push(await fn());
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

async function timeCommand(args: string[]): Promise<number> {
  const started = performance.now();
  await new Promise<void>((res, rej) => {
    const p = spawn(process.execPath, [cli, ...args], { stdio: 'ignore' });
    p.on('error', rej);
    p.on('exit', () => res());
  });
  return performance.now() - started;
}

function table(rows: Row[], startup: StartupRow[]): string {
  const head = ['scenario', 'requests', 'minimum', 'dups', 'wall ms', 'bound ms', 'ratio', '429s', 'RSS MB', 'errors', 'ok'];
  const body = rows.map((r) => [r.scenario, r.requests, r.minimum, r.duplicates, r.wallMs, r.boundMs, r.ratio, r.rateLimited, r.peakRssMb, r.errors, r.pass ? 'yes' : 'NO'].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(head), ...body.map(line), ''];
  for (const s of startup) {
    const what = s.command === 'first frame' ? 'wizard frame after token check' : `${s.command} median`;
    out.push(`${what.padEnd(31)} ${Number.isNaN(s.medianMs) ? 'not seen' : `${s.medianMs.toFixed(0)} ms`} (bound ${s.boundMs} ms) ${s.pass ? 'ok' : 'NO'}`);
  }
  return out.join('\n');
}

async function mainBench(): Promise<number> {
  process.stderr.write(`verify --level L3 on ${PROJECTS} projects x ${KEYS} keys, ${MEMBERS} members, ${LATENCY} ms latency\n`);
  const rows = [
    await verifyScenario('latency 50ms', null),
    await verifyScenario('40/s, 25 conc', { perSecond: 40, concurrent: 25 }),
  ];
  const startup: StartupRow[] = [];
  for (const [args, bound] of [[['--version'], 100], [['--help'], 200]] as const) {
    await timeCommand([...args]); // warm the file cache
    const ms = await median(11, () => timeCommand([...args]));
    startup.push({ command: args.join(' '), medianMs: Number(ms.toFixed(1)), boundMs: bound, pass: ms <= bound });
  }
  const frame = await firstWizardFrame();
  startup.push({ command: 'first frame', medianMs: frame ?? Number.NaN, boundMs: 500, pass: frame !== undefined && frame <= 500 });
  process.stdout.write(`${table(rows, startup)}\n`);
  const file = process.env.BENCH_OUTPUT ?? 'bench-results.json';
  writeFileSync(file, `${JSON.stringify({ generatedAt: new Date().toISOString(), node: process.version, projects: PROJECTS, members: MEMBERS, keysPerProject: KEYS, latencyMs: LATENCY, verify: rows, startup }, null, 2)}\n`);
  process.stderr.write(`written ${file}\n`);
  return rows.every((r) => r.pass) && startup.every((s) => s.pass) ? 0 : 1;
}

mainBench().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  },
);
