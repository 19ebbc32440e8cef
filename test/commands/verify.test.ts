// `verify` end to end: the command function against a real simulator over HTTP, demo seed
// (src/simulator/seed-demo.ts: every control has something to fix).

import { mkdtempSync, readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openPreferences } from '../../src/config/preferences.js';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../src/commands/verify.js';
import { UserError } from '../../src/errors.js';
import type { JsonReport } from '../../src/report/json.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import type { Level } from '../../steps/types.js';
import { globalOptions, simEnv, tempIo } from '../helpers/io.js';
import stringWidth from 'string-width';

/**
 * The status of every check on the demo org, with the seed fact that causes it. Levels are
 * cumulative: a run at L2 lists the L1 and L2 rows.
 */
const EXPECTED: Record<string, [Level, string]> = {
  '1.1.1': ['L1', 'fail'], // SSO is on the plan but no provider is configured
  '1.1.2': ['L2', 'fail'], // needs 1.1.1 first
  '1.1.3': ['L2', 'fail'],
  '1.1.4': ['L3', 'fail'],
  '1.2.1': ['L1', 'fail'], // require2FA false, no SSO
  '2.1.1': ['L1', 'fail'], // defaultRole admin
  '2.1.2': ['L1', 'fail'], // allowJoinRequests
  '2.1.3': ['L2', 'fail'], // openMembership
  '2.1.4': ['L2', 'fail'], // allowMemberInvite
  '2.1.5': ['L2', 'fail'], // allowMemberProjectCreation
  '2.1.6': ['L2', 'fail'], // attachmentsRole member
  '2.1.7': ['L2', 'fail'], // payments-service debugFilesRole member
  '2.1.8': ['L3', 'fail'], // eventsMemberAdmin, alertsMemberWrite
  '2.1.9': ['L2', 'manual'], // inactive yara, zeke; deactivated ash
  '2.1.10': ['L2', 'fail'], // contractor's member invitation (team admin of frontend) 30 days old
  '2.2.1': ['L2', 'fail'], // data-pipeline has no team
  '2.2.2': ['L3', 'fail'], // api-prod has 3 teams
  '2.2.3': ['L2', 'manual'],
  '2.3.1': ['L1', 'fail'], // 4 owners + a pending owner invitation > 3
  '2.3.2': ['L1', 'pass'], // 4 owners with 2FA
  '2.3.3': ['L1', 'fail'], // finley (manager) has no 2FA
  '2.3.4': ['L2', 'fail'], // owner invitation 20 days old
  '2.3.5': ['L3', 'fail'], // harper has the retired admin role
  '2.3.6': ['L3', 'fail'], // only alex has a u2f authenticator
  '2.3.7': ['L3', 'not_applicable'], // the demo URL is self-hosted: the flag has no effect there
  '2.3.8': ['L2', 'pass'], // the team admins who are members have 2FA (finley is a manager: 2.3.3)
  '2.4.1': ['L1', 'fail'], // "Old deploy script" last used 200 days ago
  '2.4.2': ['L2', 'fail'], // "Vercel preview" created 60 days ago, never used
  '2.4.3': ['L1', 'fail'], // "Legacy release bot" has project:releases, org:read
  '2.5.1': ['L2', 'fail'], // ops-automation org:admin, member:write, project:admin; pagerbridge project:write
  '2.5.2': ['L1', 'fail'], // ops-automation webhook over http://
  '2.5.3': ['L2', 'manual'], // internal integration tokens are listed to browser sessions only
  '3.1.1': ['L1', 'fail'], // org dataScrubber false
  '3.1.2': ['L1', 'fail'], // org dataScrubberDefaults false
  '3.1.3': ['L1', 'fail'], // sensitiveFields lack most policy entries
  '3.1.4': ['L1', 'manual'],
  '3.1.5': ['L2', 'fail'], // scrubIPAddresses false
  '3.1.6': ['L2', 'fail'], // worker safeFields user.email
  '3.1.7': ['L2', 'fail'], // allowSharedIssues
  '3.1.8': ['L2', 'fail'], // enhancedPrivacy false
  '3.1.9': ['L3', 'fail'], // relayPiiConfig has only a custom pattern rule
  '3.1.10': ['L3', 'fail'], // org 5 crash reports, mobile-app -1
  '3.2.1': ['L1', 'fail'], // only worker's key has a rate limit
  '3.2.2': ['L2', 'fail'], // web-app, admin-dashboard, checkout-web allow "*"
  '3.2.3': ['L2', 'fail'], // web-app, android-app spike protection off
  '3.2.4': ['L3', 'fail'], // api-prod key 500 days old
  '3.2.5': ['L3', 'fail'], // web-app and mobile-app have 2 active keys
  '3.3.1': ['L2', 'fail'], // filters off on 3 browser projects
  '3.3.2': ['L2', 'fail'],
  '3.3.3': ['L2', 'fail'],
  '3.3.4': ['L2', 'manual'], // the default policy names no IP ranges
  '3.3.5': ['L3', 'fail'], // ingestion not limited to the trusted relays
  '3.3.6': ['L3', 'fail'],
  '3.4.1': ['L3', 'fail'], // edge-legacy last seen 200 days ago, staging-relay never seen
  '3.5.1': ['L3', 'fail'], // replay access never restricted; the default policy names nobody
  '3.5.2': ['L2', 'fail'], // Seer scanner and issue-fix automation on for new projects
  '3.5.3': ['L3', 'fail'], // AI features shown
  '3.5.4': ['L2', 'not_applicable'], // self-hosted: the consents exist on sentry.io only
  '3.6.1': ['L2', 'fail'], // web-app fetches JavaScript with verify_ssl false
  '3.6.2': ['L3', 'fail'], // no project has a security token; three allow "*"
  '3.6.3': ['L3', 'fail'], // the org fetches JavaScript
  '4.1.1': ['L1', 'pass'], // the owner token reads the audit log
  '4.1.2': ['L1', 'manual'],
  '4.1.3': ['L2', 'manual'],
};

const RANK: Record<Level, number> = { L1: 1, L2: 2, L3: 3 };
const SEVERITY: Record<string, number> = { error: 4, fail: 3, manual: 2, pass: 1, not_applicable: 0 };

async function verifyJson(sim: RunningSimulator, level: Level, token = sim.token): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const c = tempIo(simEnv(sim, token));
  const code = await runVerify(globalOptions({ level, format: 'json' }), c.io);
  return { code, report: JSON.parse(c.out()) as JsonReport, stderr: c.err() };
}

describe('verify --format json against the demo org', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 'demo' });
  });
  afterAll(async () => sim.close());

  for (const level of ['L1', 'L2', 'L3'] as const) {
    it(`reports the expected status of every check at ${level}`, async () => {
      const { code, report } = await verifyJson(sim, level);
      expect(code).toBe(1);
      expect(Object.keys(report)).toEqual(['schemaVersion', 'tool', 'target', 'level', 'generatedAt', 'summary', 'controls']);
      expect(report.schemaVersion).toBe(1);
      expect(report.tool).toEqual({ name: 'sentry-harden', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
      expect(report.target).toEqual({ url: sim.url, org: 'acme', sources: { url: 'SENTRY_URL', org: 'SENTRY_ORG', level: '--level' } });
      expect(report.level).toBe(level);
      expect(new Date(report.generatedAt).toISOString()).toBe(report.generatedAt);

      const expected = Object.entries(EXPECTED).filter(([, [l]]) => RANK[l] <= RANK[level]);
      const got = report.controls.flatMap((c) => c.checks.map((k) => [k.id, k.status] as const));
      expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected.map(([id, [, s]]) => [id, s])));

      const controlIds = report.controls.map((c) => c.id);
      const expectedControls =
        level === 'L1'
          ? ['1.1', '1.2', '2.1', '2.3', '2.4', '2.5', '3.1', '3.2', '4.1']
          : ['1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5', '3.1', '3.2', '3.3', ...(level === 'L3' ? ['3.4'] : []), '3.5', '3.6', '4.1'];
      expect(controlIds).toEqual(expectedControls);

      const counts = { pass: 0, fail: 0, manual: 0, not_applicable: 0, error: 0, accepted: 0 };
      for (const [, s] of got) counts[s as keyof typeof counts] += 1;
      expect(report.summary).toEqual(counts);

      for (const c of report.controls) {
        expect(Object.keys(c)).toEqual(['id', 'title', 'level', 'status', 'frameworks', 'checks']);
        expect(Object.keys(c.frameworks)).toEqual(['cis', 'nist', 'soc2']);
        const worst = c.checks.reduce((w, k) => (SEVERITY[k.status]! > SEVERITY[w]! ? k.status : w), 'not_applicable');
        expect(c.status).toBe(worst);
        for (const k of c.checks) {
          expect(Object.keys(k).slice(0, 6)).toEqual(['id', 'title', 'level', 'status', 'automation', 'findings']);
          expect(RANK[k.level as Level]).toBeLessThanOrEqual(RANK[level]);
          if (k.status === 'fail') expect(k.findings.length).toBeGreaterThan(0);
          if (k.status === 'not_applicable') expect(k.reason).toBeTruthy();
          if (k.status === 'error') expect(k.message).toBeTruthy();
          for (const f of k.findings) expect(Object.keys(f)).toEqual(['resource', 'field', 'current', 'expected', 'message']);
        }
      }
    });
  }

  it('in a terminal, as in CI: no saved preference changes the level or target; the header says where each came from', async () => {
    const prefsDir = mkdtempSync(path.join(tmpdir(), 'sh-prefs-'));
    openPreferences({ cwd: prefsDir }).set({ level: 'L3', org: 'other-org', url: 'http://127.0.0.1:9' });
    const before = process.env.SENTRY_HARDEN_CONFIG_DIR;
    process.env.SENTRY_HARDEN_CONFIG_DIR = prefsDir;
    try {
      for (const tty of [false, true]) {
        const c = tempIo(simEnv(sim));
        if (tty) Object.assign(c.io.stdin, { isTTY: true });
        expect(await runVerify(globalOptions({ format: 'table', only: ['1.2'] }), c.io)).toBe(1);
        const [, target] = c.out().split('\n');
        expect(target).toBe(`${sim.url} (SENTRY_URL) · acme (SENTRY_ORG) · L1 (default)`);
      }
      const c = tempIo({ SENTRY_AUTH_TOKEN: sim.token });
      expect(await runVerify(globalOptions({ format: 'table', only: ['1.2'], url: sim.url, org: 'acme', level: 'L2' }), c.io)).toBe(1);
      expect(c.out().split('\n')[1]).toBe(`${sim.url} (--url) · acme (--org) · L2 (--level)`);
    } finally {
      if (before === undefined) delete process.env.SENTRY_HARDEN_CONFIG_DIR;
      else process.env.SENTRY_HARDEN_CONFIG_DIR = before;
    }
  });

  it('names members by email and never prints secrets or the token', async () => {
    const { report } = await verifyJson(sim, 'L3');
    const text = JSON.stringify(report);
    expect(text).toContain('finley@acme.example');
    expect(text).not.toContain(sim.token);
    for (const k of sim.state.keys.values()) expect(text).not.toContain(k.secret);
    expect(text).not.toContain('0a1b2c3d4e5f60718293a4b5c6d7e8f9'); // secret_key of a projectkey.create entry
  });

  it('changes nothing: no project detail GET, no security token, no audit entry', async () => {
    const auditBefore = sim.state.auditLog.length;
    sim.stats.reset();
    await verifyJson(sim, 'L3');
    expect(sim.stats.byRoute.get('GET /api/0/projects/{org}/{project}/')).toBeUndefined();
    for (const route of sim.stats.byRoute.keys()) expect(route.startsWith('GET ')).toBe(true);
    expect(sim.state.counters.securityTokensCreated).toBe(0);
    expect(sim.state.auditLog.length).toBe(auditBefore);
  });

  it('with a read-only token still runs: what needs more scope is an error naming it', async () => {
    const { code, report, stderr } = await verifyJson(sim, 'L1', sim.tokens.readonly);
    expect(code).toBe(1);
    const check = report.controls.flatMap((c) => c.checks).find((k) => k.id === '4.1.1')!;
    expect(JSON.stringify(check)).toMatch(/org:write/);
    expect(report.controls.flatMap((c) => c.checks).find((k) => k.id === '2.1.1')!.status).toBe('fail');
    expect(stderr).toMatch(/warning/);
    expect(stderr).not.toContain(sim.tokens.readonly);
  });

  it('--only limits the report to those controls and checks', async () => {
    const c = tempIo(simEnv(sim));
    const code = await runVerify(globalOptions({ level: 'L3', only: ['1.2', '3.1.4'], format: 'json' }), c.io);
    const report = JSON.parse(c.out()) as JsonReport;
    expect(report.controls.map((x) => [x.id, x.checks.map((k) => k.id)])).toEqual([['1.2', ['1.2.1']], ['3.1', ['3.1.4']]]);
    expect(code).toBe(1);
    const c2 = tempIo(simEnv(sim));
    // only manual checks: nothing fails, exit 0
    expect(await runVerify(globalOptions({ level: 'L1', only: ['3.1.4', '4.1.2'], format: 'json' }), c2.io)).toBe(0);
  });

  it('shows a progress line on a TTY stderr and clears it; a hook replaces it', async () => {
    // TERM=dumb: the line progress rather than the Ink bar (verify takes no --plain)
    const c = tempIo({ ...simEnv(sim), TERM: 'dumb' });
    Object.assign(c.io.stderr, { isTTY: true, columns: 120 });
    await runVerify(globalOptions({ level: 'L1', format: 'table' }), c.io);
    // reads done of those known, and the requests sent so far
    expect(c.err()).toMatch(/\r\u001B\[2KReading \d+\/\d+ reads · \d+ requests? · /);
    expect(c.err().endsWith('\r\u001B[2K')).toBe(true);
    expect(c.out()).not.toContain('Reading');

    const events: { done: number; total: number }[] = [];
    const c2 = tempIo(simEnv(sim));
    Object.assign(c2.io.stderr, { isTTY: true });
    await runVerify(globalOptions({ level: 'L1', format: 'json' }), c2.io, { onProgress: (e) => events.push(e) });
    expect(c2.err()).not.toContain('Reading');
    expect(events.length).toBeGreaterThan(5);
    expect(events[events.length - 1]!.done).toBe(events[events.length - 1]!.total);
  });

  it('shows no progress in CI or next to machine-readable output, even on a TTY', async () => {
    for (const [opts, env] of [
      [{ format: 'json' as const }, {}],
      [{ format: 'sarif' as const }, {}],
      [{ format: 'junit' as const }, {}],
      [{ format: 'table' as const }, { CI: 'true' }],
      [{ format: 'table' as const }, { CI: '1' }],
    ] as const) {
      const c = tempIo({ ...simEnv(sim), ...env });
      Object.assign(c.io.stderr, { isTTY: true, columns: 120 });
      await runVerify(globalOptions({ level: 'L1', ...opts }), c.io);
      expect(c.err()).not.toContain('Reading');
    }
    // CI=false is not a CI run
    const c = tempIo({ ...simEnv(sim), CI: 'false' });
    Object.assign(c.io.stderr, { isTTY: true, columns: 120 });
    await runVerify(globalOptions({ level: 'L1', format: 'table' }), c.io);
    expect(c.err()).toContain('Reading');
  });

  it('writes --output atomically (0600), prints nothing on stdout and says on stderr where it wrote', async () => {
    const c = tempIo(simEnv(sim));
    const code = await runVerify(globalOptions({ level: 'L1', format: 'sarif', output: 'report.sarif' }), c.io);
    expect(code).toBe(1);
    expect(c.out()).toBe('');
    const file = path.join(c.dir, 'report.sarif');
    expect(c.err()).toContain(`sentry-harden: wrote the report to ${file}\n`);
    const sarif = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(c.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('renders table, markdown and junit through the command', async () => {
    for (const format of ['table', 'markdown', 'junit'] as const) {
      const c = tempIo(simEnv(sim));
      expect(await runVerify(globalOptions({ level: 'L2', format }), c.io)).toBe(1);
      expect(c.out()).toContain('2.1.1');
    }
    const c = tempIo(simEnv(sim));
    await runVerify(globalOptions({ level: 'L3' }), c.io);
    for (const line of c.out().split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    expect(c.out()).not.toContain('\u001B['); // not a TTY: no colour
  });
});

describe('verify: could not run (exit 2, one line, no request)', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 'demo' });
  });
  afterAll(async () => sim.close());

  async function failure(policyText: string | null, over: Parameters<typeof globalOptions>[0] = {}): Promise<UserError> {
    const c = tempIo(simEnv(sim));
    if (policyText !== null) writeFileSync(path.join(c.dir, 'policy.json'), policyText);
    sim.stats.reset();
    const err = await runVerify(globalOptions({ policy: 'policy.json', ...over }), c.io).then(
      () => {
        throw new Error('expected a UserError');
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as UserError).message).not.toContain('\n');
    expect(sim.stats.total).toBe(0);
    return err as UserError;
  }

  it('names the unknown key of a policy file', async () => {
    expect((await failure('{"maxOwnerz": 2}')).message).toMatch(/maxOwnerz/);
  });

  it('names the key with a wrong type', async () => {
    expect((await failure('{"maxOwners": "three"}')).message).toMatch(/maxOwners/);
  });

  it('says when the policy is not JSON or cannot be read', async () => {
    expect((await failure('{ not json')).message).toMatch(/not valid JSON/);
    expect((await failure(null)).message).toMatch(/cannot read.*no such file/);
  });

  it('rejects an unknown --only id', async () => {
    const c = tempIo(simEnv(sim));
    await expect(runVerify(globalOptions({ only: ['9.9'] }), c.io)).rejects.toThrow(/9\.9/);
  });
});

describe('verify on other server shapes', () => {
  it('self-hosted (no spike protection endpoint): 3.2.3 is not applicable with a reason', async () => {
    const sim = await startSimulator({ seed: 'demo', selfHosted: true });
    try {
      const { report } = await verifyJson(sim, 'L2');
      const check = report.controls.flatMap((c) => c.checks).find((k) => k.id === '3.2.3')!;
      expect(check.status).toBe('not_applicable');
      expect(check.reason).toMatch(/spike protection/i);
    } finally {
      await sim.close();
    }
  });

  it('split region: org data from the region port, the audit log from the control port', async () => {
    const sim = await startSimulator({ seed: 'demo', splitRegion: true });
    try {
      expect(sim.regionUrl).not.toBe(sim.url);
      const { report } = await verifyJson(sim, 'L1');
      const got = Object.fromEntries(report.controls.flatMap((c) => c.checks.map((k) => [k.id, k.status])));
      expect(got).toEqual(Object.fromEntries(Object.entries(EXPECTED).filter(([, [l]]) => l === 'L1').map(([id, [, s]]) => [id, s])));
    } finally {
      await sim.close();
    }
  });
});
