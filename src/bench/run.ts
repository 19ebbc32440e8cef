// `npm run bench`: measures the scale targets on this machine, with the built CLI against the
// simulator (50 ms latency), `verify --level L3` on a generated org of 1,000 projects x 2 keys and
// 5,000 members, each figure printed with its bound:
// - real pages (per_page 100): wall time against doing every request one after another (<= 0.10);
// - pages of 10 (a simulator knob): against the critical path, the longest chain of requests that
//   must run one after another (<= 1.1): every chain starts at once and none waits on another;
// - 40 requests/s, 25 concurrent: against the rate bound, minimum requests / rate (<= 1.05),
//   with 0 errors and 0 duplicate requests;
// - 10x the org (10,000 projects, 20,000 keys, 50,000 members): peak RSS <= 250 MB and wall time
//   within 1.2x of 10 x the real-pages run; the simulator generates that org within 5 s;
// - requests made vs the minimum, duplicates, 429s, peak RSS of the CLI process (<= 200 MB at 1,000);
// - start-up time of --version and --help (median) and the wizard's first frame.
// BENCH_ONLY=real,small,rate,large,startup runs a subset (large needs real). Exits 1 when a bound
// is missed. Prints a table and writes the same as JSON (bench-results.json, or BENCH_OUTPUT).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type RunningSimulator } from '../simulator/index.js';
import type { SimMember } from '../simulator/state.js';
import { hasBrowserSide } from '../state/vocabulary.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = resolve(here, '..', 'cli.js');
const child = resolve(here, 'child.js');

interface Row {
  scenario: string;
  requests: number;
  minimum: number;
  duplicates: number;
  wallMs: number;
  /** what the wall time is measured against, and its duration */
  against: string;
  referenceMs: number;
  ratio: number;
  maxRatio: number;
  rateLimited: number;
  peakRssMb: number;
  maxRssMb: number;
  errors: number;
  exitCode: number;
  /** simulator: time to generate the org */
  seedMs: number;
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
/** the large run: 10,000 projects x 2 keys (20,000 keys), 50,000 members */
const SCALE = Number(process.env.BENCH_SCALE ?? 10);
const KEYS = 2;
const LATENCY = 50;
/** Sentry's page size (per_page=100) and the small pages of the critical-path scenario */
const PAGE = 100;
const SMALL_PAGE = 10;
/** peak RSS bounds: 1,000 projects, and the large run */
const RSS_MB = 200;
const RSS_LARGE_MB = 250;
/** generating the large org in the simulator */
const SEED_LARGE_MS = 5_000;
/** comma-separated scenario names to run (default: all), e.g. BENCH_ONLY=small,large */
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const runs = (name: string): boolean => ONLY.length === 0 || ONLY.includes(name);

const pagesOf = (n: number, page: number): number => Math.max(1, Math.ceil(n / page));

interface Needed {
  /** member details a check must read (teams, team roles, authenticators) */
  details: number;
  browserJs: number;
  auditEntries: number;
  /** members on each team (2.3.8 reads each team's member list) */
  teamSizes: number[];
  /** the org's own apps (2.5), installations, and other orgs' installed apps read by slug */
  ownApps: number;
  installations: number;
  thirdPartyApps: number;
  /** relay_usage is read only when trusted Relays are registered (3.4.1) */
  relays: number;
}

/**
 * The member list as Sentry answers it (src/simulator/routes-members.ts): approved invitations
 * and memberships, without those of deactivated users.
 */
function listedMembers(sim: RunningSimulator): SimMember[] {
  const s = sim.state;
  return [...s.members.values()].filter((m) => m.inviteStatus === 'approved' && !(m.userId && s.users.get(m.userId)?.isActive === false));
}

/**
 * What verify --level L3 must read beyond the lists: one member detail (teams, team roles,
 * authenticators) for each member a check must name with those: privileged members (2.3.6),
 * inactive or deactivated ones (2.1.9), owners over the limit (2.3.1, team roles for a demotion),
 * stale privileged invitations (2.3.4); inbound filters of projects with a browser side; the audit
 * log's last 90 days (2.3.4 dates invitations from it); the apps 2.5 reads (the org's own, the
 * installations, each other org's installed app); whether 3.4.1 reads relay_usage.
 */
function needed(sim: RunningSimulator): Needed {
  const s = sim.state;
  const now = Date.now();
  const members = listedMembers(sim);
  const privileged = (role: string): boolean => ['owner', 'manager', 'admin'].includes(role);
  const details = new Set<string>();
  const owners = members.filter((m) => m.orgRole === 'owner' && (!m.pending || !m.expired));
  for (const m of members) {
    const user = m.userId ? s.users.get(m.userId) : undefined;
    if (m.pending || !user) {
      const ageDays = (now - Date.parse(m.dateCreated)) / 86_400_000;
      // stale invitations of every role: privileged ones (2.3.4), the others (2.1.10)
      if (m.expired || ageDays > 7) details.add(m.id);
      continue;
    }
    const last = user.lastActive ? Date.parse(user.lastActive) : Number.NaN;
    const inactive = !Number.isFinite(last) || (now - last) / 86_400_000 > 90;
    if (privileged(m.orgRole) && user.isActive) details.add(m.id);
    if (!user.isActive || inactive) details.add(m.id);
    if (owners.length > 3 && m.orgRole === 'owner' && user.isActive) details.add(m.id);
  }
  const browserJs = [...s.projects.values()].filter((p) => hasBrowserSide({ platform: p.platform ?? null })).length;
  const auditDays = 90;
  const auditEntries = s.auditLog.filter((e) => now - Date.parse(e.dateCreated) <= auditDays * 86_400_000).length;
  // 2.3.8: each team's member list (team_members.py: approved memberships, active users or invitations)
  const teamSizes = [...s.teams.keys()].map((slug) => members.filter((m) => m.teamRoles.has(slug)).length);
  const own = [...s.sentryApps.values()].filter((a) => a.ownerId === s.org.id);
  const thirdParty = new Set(s.installations.map((i) => i.appSlug).filter((slug) => !own.some((a) => a.slug === slug)));
  return {
    details: details.size,
    browserJs,
    auditEntries,
    teamSizes,
    ownApps: own.length,
    installations: s.installations.length,
    thirdPartyApps: thirdParty.size,
    relays: s.org.trustedRelays.length,
  };
}

/** The fewest requests verify --level L3 can make on this org: one per resource and list page. */
function minimumRequests(sim: RunningSimulator, page: number): number {
  const s = sim.state;
  const n = needed(sim);
  const keyPages = [...s.projects.keys()].reduce((sum, slug) => sum + pagesOf(s.keysByProject.get(slug)?.length ?? 0, page), 0);
  return (
    1 + // GET /api/0/
    1 + // org details with feature flags
    2 + // auth-provider, auth-providers
    pagesOf(listedMembers(sim).length, page) +
    n.details +
    pagesOf(s.teams.size, page) +
    n.teamSizes.reduce((sum, size) => sum + pagesOf(size, page), 0) +
    pagesOf(s.projects.size, page) +
    keyPages +
    n.browserJs +
    1 + // spike protection probe
    pagesOf(n.auditEntries, page) +
    1 + // org auth tokens (2.4): one unpaginated list
    pagesOf(n.ownApps, page) + // custom integrations (2.5)
    pagesOf(n.installations, page) +
    n.thirdPartyApps + // each installed app of another org, by slug (its scopes and webhook)
    (n.relays > 0 ? 1 : 0) // relay_usage (3.4.1)
  );
}

/**
 * The critical path in requests: the longest chain that must be read one after another. Connect
 * reads the token (GET /api/0/) and then the organization; after that every chain may start at
 * once: the member pages and then member details; the project pages and then the key list
 * (and inbound filters) of the projects on the last page; the team pages; the audit-log pages.
 */
function criticalPath(sim: RunningSimulator, page: number): number {
  const s = sim.state;
  const n = needed(sim);
  let keyChain = n.browserJs > 0 ? 1 : 0;
  for (const slug of s.projects.keys()) keyChain = Math.max(keyChain, pagesOf(s.keysByProject.get(slug)?.length ?? 0, page));
  const chains = [
    pagesOf(listedMembers(sim).length, page) + (n.details > 0 ? 1 : 0),
    pagesOf(s.projects.size, page) + keyChain,
    pagesOf(s.teams.size, page) + Math.max(0, ...n.teamSizes.map((size) => pagesOf(size, page))),
    pagesOf(n.auditEntries, page),
    Math.max(pagesOf(n.ownApps, page), pagesOf(n.installations, page)) + (n.thirdPartyApps > 0 ? 1 : 0),
    1,
  ];
  return 2 + Math.max(...chains);
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

interface Scenario {
  name: string;
  projects: number;
  members: number;
  /** items per list page the simulator serves (Sentry's 100 unless smaller) */
  page: number;
  rateLimit: { perSecond: number; concurrent: number } | null;
  maxRssMb: number;
  /** what the wall time is compared with, given the run's figures */
  reference: (f: { requests: number; minimum: number; critical: number }) => { against: string; ms: number; maxRatio: number };
}

async function verifyScenario(sc: Scenario): Promise<Row> {
  const seedStart = performance.now();
  const sim = await startSimulator({
    seed: 'large',
    projects: sc.projects,
    members: sc.members,
    keysPerProject: KEYS,
    latencyMs: LATENCY,
    rateLimit: sc.rateLimit,
    ...(sc.page !== PAGE ? { pageSize: sc.page } : {}),
  });
  const seedMs = performance.now() - seedStart;
  try {
    const out = join(mkdtempSync(join(tmpdir(), 'sh-bench-')), 'report.json');
    sim.stats.reset();
    const env = { ...process.env, SENTRY_URL: sim.url, SENTRY_ORG: sim.org, SENTRY_AUTH_TOKEN: sim.token, NO_COLOR: '1' };
    const run = await runCli(['verify', '--level', 'L3', '--format', 'json', '--output', out], env);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { summary: { error: number } };
    const requests = sim.stats.total;
    const minimum = minimumRequests(sim, sc.page);
    const ref = sc.reference({ requests, minimum, critical: criticalPath(sim, sc.page) });
    const dups = duplicates(sim);
    const errors = report.summary.error;
    const ratio = run.wallMs / ref.ms;
    process.stderr.write(`  ${sc.name}: ${Math.round(run.wallMs)} ms, ${ratio.toFixed(3)} x ${ref.against} (bound ${ref.maxRatio}), peak RSS ${run.peakRssMb.toFixed(1)} MB\n`);
    return {
      scenario: sc.name,
      requests,
      minimum,
      duplicates: dups,
      wallMs: Math.round(run.wallMs),
      against: ref.against,
      referenceMs: Math.round(ref.ms),
      ratio: Number(ratio.toFixed(3)),
      maxRatio: ref.maxRatio,
      rateLimited: sim.stats.rateLimited,
      peakRssMb: Number(run.peakRssMb.toFixed(1)),
      maxRssMb: sc.maxRssMb,
      errors,
      exitCode: run.code,
      seedMs: Math.round(seedMs),
      pass: ratio <= ref.maxRatio && dups === 0 && errors === 0 && run.peakRssMb <= sc.maxRssMb && run.code !== 2,
    };
  } finally {
    await sim.close();
  }
}

interface FormatsRow {
  /** server requests of `verify` with one format, and with three from the same run */
  oneFormat: number;
  threeFormats: number;
  pass: boolean;
}

/** One read, many reports: three formats from one run cost the server what one format costs. */
async function formatsFigure(): Promise<FormatsRow> {
  const sim = await startSimulator({ seed: 'large', projects: 100, members: 500, keysPerProject: KEYS });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'sh-bench-'));
    const env = { ...process.env, SENTRY_URL: sim.url, SENTRY_ORG: sim.org, SENTRY_AUTH_TOKEN: sim.token, NO_COLOR: '1' };
    sim.stats.reset();
    await runCli(['verify', '--level', 'L3', '--format', 'json', '--output', join(dir, 'one.json')], env);
    const oneFormat = sim.stats.total;
    sim.stats.reset();
    await runCli(['verify', '--level', 'L3', '--format', 'json', '--format', 'sarif', '--format', 'markdown', '--output-dir', join(dir, 'three')], env);
    const threeFormats = sim.stats.total;
    process.stderr.write(`  one read, many reports: ${oneFormat} requests for 1 format, ${threeFormats} for 3\n`);
    return { oneFormat, threeFormats, pass: oneFormat === threeFormats && oneFormat > 0 };
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

async function timeCommand(args: string[], script: string[] = [cli]): Promise<number> {
  const started = performance.now();
  await new Promise<void>((res, rej) => {
    const p = spawn(process.execPath, [...script, ...args], { stdio: 'ignore' });
    p.on('error', rej);
    p.on('exit', () => res());
  });
  return performance.now() - started;
}

function table(rows: Row[], startup: StartupRow[], nodeAloneMs?: number): string {
  const head = ['scenario', 'requests', 'minimum', 'dups', '429s', 'errors', 'wall ms', 'measured against', 'ref ms', 'ratio', 'bound', 'RSS MB', 'RSS bound', 'ok'];
  const body = rows.map((r) =>
    [r.scenario, r.requests, r.minimum, r.duplicates, r.rateLimited, r.errors, r.wallMs, r.against, r.referenceMs, r.ratio.toFixed(3), `<= ${r.maxRatio}`, r.peakRssMb, `<= ${r.maxRssMb}`, r.pass ? 'yes' : 'NO'].map(String),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === 7 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(head), ...body.map(line), ''];
  const large = rows.find((r) => r.scenario.startsWith('10x'));
  if (large) out.push(`simulator generated the ${large.scenario.replace(/^10x /, '')} org in ${large.seedMs} ms (bound ${SEED_LARGE_MS} ms) ${large.seedMs <= SEED_LARGE_MS ? 'ok' : 'NO'}`);
  for (const s of startup) {
    const what = s.command === 'first frame' ? 'wizard frame after token check' : `${s.command} median`;
    out.push(`${what.padEnd(31)} ${Number.isNaN(s.medianMs) ? 'not seen' : `${s.medianMs.toFixed(0)} ms`} (bound ${s.boundMs} ms) ${s.pass ? 'ok' : 'NO'}`);
  }
  // what Node itself costs on this machine: a start-up bound below it cannot be met by any code
  if (nodeAloneMs !== undefined) out.push(`${'node -e 0 median'.padEnd(31)} ${nodeAloneMs.toFixed(0)} ms (Node's own start, no bound)`);
  return out.join('\n');
}

async function mainBench(): Promise<number> {
  const org = (p: number, m: number): string => `${p.toLocaleString('en-US')} projects x ${KEYS} keys, ${m.toLocaleString('en-US')} members`;
  process.stderr.write(`verify --level L3 on ${org(PROJECTS, MEMBERS)} (and ${SCALE}x that), ${LATENCY} ms latency\n`);
  const base = { projects: PROJECTS, members: MEMBERS, page: PAGE, rateLimit: null, maxRssMb: RSS_MB };
  const rows: Row[] = [];
  let realPages: Row | undefined;
  if (runs('real') || runs('large')) {
    // Sentry's page size: the run against doing every request one after another
    realPages = await verifyScenario({
      ...base,
      name: 'real pages',
      reference: ({ requests }) => ({ against: `serial (${requests} x ${LATENCY} ms)`, ms: requests * LATENCY, maxRatio: 0.1 }),
    });
    rows.push(realPages);
  }
  if (runs('small')) {
    // pages of 10: the run is as long as its longest chain of pages if no chain ever waits
    rows.push(
      await verifyScenario({
        ...base,
        name: `pages of ${SMALL_PAGE}`,
        page: SMALL_PAGE,
        reference: ({ critical }) => ({ against: `critical path (${critical} x ${LATENCY} ms)`, ms: critical * LATENCY, maxRatio: 1.1 }),
      }),
    );
  }
  if (runs('rate')) {
    const rate = { perSecond: 40, concurrent: 25 };
    rows.push(
      await verifyScenario({
        ...base,
        name: `${rate.perSecond}/s, ${rate.concurrent} conc`,
        rateLimit: rate,
        reference: ({ minimum }) => ({ against: `rate bound (${minimum} / ${rate.perSecond}/s)`, ms: (minimum * 1000) / rate.perSecond, maxRatio: 1.05 }),
      }),
    );
  }
  if (runs('large') && realPages) {
    const oneK = realPages.wallMs;
    rows.push(
      await verifyScenario({
        ...base,
        projects: PROJECTS * SCALE,
        members: MEMBERS * SCALE,
        maxRssMb: RSS_LARGE_MB,
        name: `10x ${org(PROJECTS * SCALE, MEMBERS * SCALE)}`,
        reference: () => ({ against: `${SCALE} x real pages (${oneK} ms)`, ms: SCALE * oneK, maxRatio: 1.2 }),
      }),
    );
  }
  const formats = runs('formats') ? await formatsFigure() : undefined;
  const startup: StartupRow[] = [];
  let nodeAloneMs: number | undefined;
  if (runs('startup')) {
    await timeCommand(['0'], ['-e']);
    nodeAloneMs = Number((await median(11, () => timeCommand(['0'], ['-e']))).toFixed(1));
    for (const [args, bound] of [[['--version'], 100], [['--help'], 200]] as const) {
      await timeCommand([...args]); // warm the file cache
      const ms = await median(11, () => timeCommand([...args]));
      startup.push({ command: args.join(' '), medianMs: Number(ms.toFixed(1)), boundMs: bound, pass: ms <= bound });
    }
    const frame = await firstWizardFrame();
    startup.push({ command: 'first frame', medianMs: frame ?? Number.NaN, boundMs: 500, pass: frame !== undefined && frame <= 500 });
  }
  process.stdout.write(`${table(rows, startup, nodeAloneMs)}\n`);
  if (formats) {
    process.stdout.write(`one read, many reports (100 projects, 500 members, L3): 1 format ${formats.oneFormat} requests, 3 formats ${formats.threeFormats} requests ${formats.pass ? 'ok' : 'NO'}\n`);
  }
  const file = process.env.BENCH_OUTPUT ?? 'bench-results.json';
  writeFileSync(file, `${JSON.stringify({ generatedAt: new Date().toISOString(), node: process.version, projects: PROJECTS, members: MEMBERS, scale: SCALE, keysPerProject: KEYS, latencyMs: LATENCY, verify: rows, startup, ...(nodeAloneMs !== undefined ? { nodeAloneMs } : {}), ...(formats ? { formats } : {}) }, null, 2)}\n`);
  process.stderr.write(`written ${file}\n`);
  const seedOk = rows.every((r) => !r.scenario.startsWith('10x') || r.seedMs <= SEED_LARGE_MS);
  return rows.every((r) => r.pass) && seedOk && startup.every((s) => s.pass) && (formats?.pass ?? true) ? 0 : 1;
}

mainBench().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  },
);
