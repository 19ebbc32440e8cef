import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/commands/apply.js';
import { runRollback } from '../../src/commands/rollback.js';
import { runSnapshots } from '../../src/commands/snapshots.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { UserError } from '../../src/errors.js';
import { fingerprint } from '../engine/helpers.js';
import { globalOptions, homeIo } from '../helpers/io.js';

let sim: RunningSimulator;
let cwd: string;
let env: Record<string, string>;

beforeEach(async () => {
  sim = await startSimulator({ seed: 'demo' });
  cwd = mkdtempSync(path.join(tmpdir(), 'sh-cmd-'));
  env = { SENTRY_URL: sim.url, SENTRY_ORG: sim.org, SENTRY_AUTH_TOKEN: sim.token };
});
afterEach(async () => {
  await sim.close();
  rmSync(cwd, { recursive: true, force: true });
});

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

describe('apply and rollback commands', () => {
  it('refuses to apply without --yes and without a TTY (exit 2, names --yes), sending nothing', async () => {
    const io = homeIo(cwd, env);
    sim.stats.reset();
    await expect(runApply(globalOptions({ level: 'L2' }), io, { registry: null })).rejects.toThrow(/--yes/);
    await expect(runApply(globalOptions({ level: 'L2' }), io, { registry: null })).rejects.toBeInstanceOf(UserError);
    expect(sim.stats.total).toBe(0);
  });

  it('apply --level L2 --yes then rollback --latest --yes leaves every touched field as it started', async () => {
    const start = fingerprint(sim.state);
    const io = homeIo(cwd, env);
    const code = await runApply(globalOptions({ level: 'L2', yes: true }), io, { registry: null });
    const out = io.out();
    expect(out).toMatch(/applied/);
    expect(out).toMatch(/held back .*1\.2\.1.*--allow-risky 1\.2\.1/);
    expect(out).toMatch(/held back .*2\.3\.4.*--allow-risky 2\.3\.4/);
    expect(out).toMatch(/Verify:/);
    expect(out).toMatch(/2\.1\.2\s+fail -> pass/);
    expect(code).toBe(1); // risky changes were held back
    expect(fingerprint(sim.state)).not.toEqual(start);
    expect(sim.state.org.require2FA).toBe(false);

    // snapshot folder: .gitignore "*", folders 0700, files 0600, no token anywhere
    const snapDir = path.join(cwd, 'snapshots');
    expect(readFileSync(path.join(snapDir, '.gitignore'), 'utf8')).toBe('*\n');
    for (const f of allFiles(snapDir)) {
      if (!f.endsWith('.gitignore')) expect(statSync(f).mode & 0o777).toBe(0o600);
      expect(readFileSync(f, 'utf8')).not.toContain(sim.token);
    }
    expect(statSync(path.join(snapDir, 'acme')).mode & 0o777).toBe(0o700);

    const io2 = homeIo(cwd, env);
    const rc = await runRollback(globalOptions({ latest: true, yes: true }), io2, { registry: null });
    expect(io2.out()).toMatch(/Restored/);
    expect(rc).toBe(0);
    expect(fingerprint(sim.state)).toEqual(start);

    // rollback twice is harmless: nothing to restore, nothing sent but reads
    sim.stats.reset();
    const io3 = homeIo(cwd, env);
    expect(await runRollback(globalOptions({ latest: true, yes: true }), io3, { registry: null })).toBe(0);
    expect(io3.out()).toMatch(/Nothing to restore/);
    expect([...sim.stats.byRoute.keys()].filter((k) => !k.startsWith('GET'))).toEqual([]);
    expect(fingerprint(sim.state)).toEqual(start);

    const io4 = homeIo(cwd, env);
    await runSnapshots(globalOptions({ format: 'json' }), io4, { registry: null });
    const listed = JSON.parse(io4.out()) as { sessions: { command: string; status: string; rolledBack: boolean; changes: number }[] };
    expect(listed.sessions.map((s) => s.command)).toEqual(['apply', 'rollback']);
    expect(listed.sessions[0]!.status).toBe('rolled-back');
    expect(listed.sessions[0]!.rolledBack).toBe(true);
    expect(listed.sessions[0]!.changes).toBeGreaterThan(10);
    for (const text of [io.out(), io.err(), io2.out(), io2.err(), io3.out(), io4.out()]) expect(text).not.toContain(sim.token);
  });

  it('rollback without --yes and without a TTY is refused (exit 2) and sends nothing', async () => {
    const io = homeIo(cwd, env);
    await runApply(globalOptions({ level: 'L1', yes: true, only: ['2.1'] }), io, { registry: null });
    sim.stats.reset();
    await expect(runRollback(globalOptions({ latest: true }), homeIo(cwd, env), { registry: null })).rejects.toThrow(/--yes/);
    expect([...sim.stats.byRoute.keys()].filter((k) => !k.startsWith('GET'))).toEqual([]);
  });

  it('apply --dry-run prints the plan and changes nothing', async () => {
    const start = fingerprint(sim.state);
    const io = homeIo(cwd, env);
    sim.stats.reset();
    expect(await runApply(globalOptions({ level: 'L2', dryRun: true }), io, { registry: null })).toBe(1);
    // one unit (changes), held-back ones counted apart, the same numbers in the plan and the dry run
    const [, n, held] = /Plan for acme at L2: (\d+) changes to apply, (\d+) held back/.exec(io.out()) ?? [];
    expect(Number(n)).toBeGreaterThan(0);
    expect(Number(held)).toBeGreaterThan(0);
    expect(io.out()).toContain(`Dry run: nothing was changed (${n} changes would be applied, ${held} held back).`);
    const planLines = io.out().split('\n').filter((l) => /^  \d+\.\d+\.\d+ /.test(l));
    expect(planLines).toHaveLength(Number(n) + Number(held));
    expect(planLines.filter((l) => l.endsWith('(held back)'))).toHaveLength(Number(held));
    expect(fingerprint(sim.state)).toEqual(start);
    // only reads: no write request, no security token created by a detail GET, no snapshot
    expect([...sim.stats.byRoute.keys()].filter((k) => !k.startsWith('GET'))).toEqual([]);
    expect(sim.stats.total).toBeGreaterThan(0);
    expect(sim.state.counters.securityTokensCreated).toBe(0);
    expect(existsSync(path.join(cwd, 'snapshots'))).toBe(false);
  });

  it('rollback --dry-run (even with --yes) lists what it would restore and sends nothing', async () => {
    await runApply(globalOptions({ level: 'L1', yes: true, only: ['2.1'] }), homeIo(cwd, env), { registry: null });
    const applied = fingerprint(sim.state);
    sim.stats.reset();
    for (const yes of [true, false]) {
      const io = homeIo(cwd, env);
      expect(await runRollback(globalOptions({ latest: true, yes, dryRun: true }), io, { registry: null })).toBe(1);
      expect(io.out()).toMatch(/restore .*allowJoinRequests/s);
      expect(io.out()).toMatch(/Dry run: nothing was changed/);
    }
    expect([...sim.stats.byRoute.keys()].filter((k) => !k.startsWith('GET'))).toEqual([]);
    expect(fingerprint(sim.state)).toEqual(applied);
    expect(readdirSync(path.join(cwd, 'snapshots', 'acme'))).toHaveLength(1);
  });

  it('a tampered snapshot is refused with a clear error (exit 2) and nothing is sent', async () => {
    const start = fingerprint(sim.state);
    await runApply(globalOptions({ level: 'L1', yes: true, only: ['2.1', '3.1'] }), homeIo(cwd, env), { registry: null });
    const sessionDir = path.join(cwd, 'snapshots', 'acme', readdirSync(path.join(cwd, 'snapshots', 'acme'))[0]!);
    const f = path.join(sessionDir, 'entries', '0001.json');
    writeFileSync(f, readFileSync(f, 'utf8').replace('"before": true', '"before": false'));
    sim.stats.reset();
    const err = await runRollback(globalOptions({ latest: true, yes: true }), homeIo(cwd, env), { registry: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/was altered.*Nothing was sent/);
    expect(sim.stats.total).toBe(0);
    expect(fingerprint(sim.state)).not.toEqual(start);
  });

  it('on a TTY without --yes, apply asks and changes nothing when the answer is no', async () => {
    const start = fingerprint(sim.state);
    const io = homeIo(cwd, env);
    (io.stdin as { isTTY?: boolean }).isTTY = true;
    const questions: string[] = [];
    const code = await runApply(globalOptions({ level: 'L1' }), io, {
      registry: null,
      confirm: async (q) => {
        questions.push(q);
        return false;
      },
    });
    expect(code).toBe(1);
    const [, n, held] = /Plan for acme at L1: (\d+) changes to apply, (\d+) held back/.exec(io.out()) ?? [];
    expect(questions[0]).toBe(`Apply ${n} changes to acme (${held} held back)?`);
    expect(fingerprint(sim.state)).toEqual(start);
  });

  it('snapshots lists time, command, level, org, status, number of changes and rolled back', async () => {
    await runApply(globalOptions({ level: 'L1', yes: true, only: ['2.1'] }), homeIo(cwd, env), { registry: null });
    await runRollback(globalOptions({ latest: true, yes: true }), homeIo(cwd, env), { registry: null });
    const io = homeIo(cwd, env);
    expect(await runSnapshots(globalOptions({}), io, { registry: null })).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SESSION\s+STARTED\s+COMMAND\s+LEVEL\s+ORG\s+STATUS\s+CHANGES\s+ROLLED BACK$/);
    expect(lines).toHaveLength(3);
    const ts = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC';
    expect(lines[1]).toMatch(new RegExp(`^(\\S+)\\s+${ts}\\s+apply\\s+L1\\s+acme\\s+rolled-back\\s+1\\s+yes \\(\\S+\\)$`));
    expect(lines[2]).toMatch(new RegExp(`^\\S+\\s+${ts}\\s+rollback of \\S+\\s+L1\\s+acme\\s+complete\\s+1\\s+no$`));
    const json = homeIo(cwd, env);
    await runSnapshots(globalOptions({ format: 'json' }), json, { registry: null });
    const [first] = (JSON.parse(json.out()) as { sessions: Record<string, unknown>[] }).sessions;
    expect(first).toMatchObject({ command: 'apply', level: 'L1', org: 'acme', status: 'rolled-back', changes: 1, rolledBack: true });
    expect(Date.parse(String(first!.startedAt))).toBeGreaterThan(Date.now() - 60_000);
    await expect(runSnapshots(globalOptions({ format: 'sarif' }), homeIo(cwd, env), { registry: null })).rejects.toBeInstanceOf(UserError);
  });

  it('applies a guided change whose value the policy supplies (--policy), and notes the missing parameter otherwise', async () => {
    const start = fingerprint(sim.state);
    const dana = [...sim.state.members.values()].find((m) => m.email === 'dana@acme.example')!;
    const io = homeIo(cwd, env);
    await runApply(globalOptions({ level: 'L1', yes: true, only: ['2.3.1'], allowRisky: ['2.3.1'] }), io, { registry: null });
    expect(io.err()).toMatch(/2\.3\.1 needs the policy parameter "demoteOwners"/);
    expect(dana.orgRole).toBe('owner');

    writeFileSync(path.join(cwd, 'policy.json'), JSON.stringify({ demoteOwners: ['dana@acme.example'] }));
    const io2 = homeIo(cwd, env);
    await runApply(globalOptions({ level: 'L1', yes: true, only: ['2.3.1'], allowRisky: ['2.3.1'], policy: 'policy.json' }), io2, { registry: null });
    expect(io2.out()).toMatch(/applied\s+2\.3\.1 .*dana@acme\.example/);
    expect(dana.orgRole).toBe('manager');
    expect([...dana.teamRoles.entries()]).toEqual([['sre', 'admin']]);
    expect(await runRollback(globalOptions({ latest: true, yes: true }), homeIo(cwd, env), { registry: null })).toBe(0);
    expect(fingerprint(sim.state)).toEqual(start);
  });

  it('rollback --only restores just the named control', async () => {
    const start = fingerprint(sim.state);
    await runApply(globalOptions({ level: 'L1', yes: true, only: ['2.1', '3.1'] }), homeIo(cwd, env), { registry: null });
    expect(sim.state.org.dataScrubber).toBe(true);
    const io = homeIo(cwd, env);
    expect(await runRollback(globalOptions({ latest: true, yes: true, only: ['2.1'] }), io, { registry: null })).toBe(0);
    expect(sim.state.org.allowJoinRequests).toBe(true);
    expect(sim.state.org.dataScrubber).toBe(true);
    expect(await runRollback(globalOptions({ latest: true, yes: true }), homeIo(cwd, env), { registry: null })).toBe(0);
    expect(fingerprint(sim.state)).toEqual(start);
  });

  it('rollback --only with an unknown id is a usage error (exit 2), not a silent "nothing to restore"', async () => {
    await runApply(globalOptions({ level: 'L1', yes: true, only: ['2.1'] }), homeIo(cwd, env), { registry: null });
    const applied = fingerprint(sim.state);
    sim.stats.reset();
    const err = await runRollback(globalOptions({ latest: true, yes: true, only: ['2.11'] }), homeIo(cwd, env), { registry: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/--only: unknown control or check id "2\.11"/);
    expect([...sim.stats.byRoute.keys()].filter((k) => !k.startsWith('GET'))).toEqual([]);
    expect(fingerprint(sim.state)).toEqual(applied);
  });

  it('drift is judged per field: the drifted field is left and reported, the other field of the same request is restored; --force-drifted restores it (exit 1, then 0)', async () => {
    const before = { allowJoinRequests: sim.state.org.allowJoinRequests, attachmentsRole: sim.state.org.attachmentsRole };
    await runApply(globalOptions({ level: 'L2', yes: true, only: ['2.1.2', '2.1.6'] }), homeIo(cwd, env), { registry: null });
    // one journal entry (one PUT) holds both fields
    expect(sim.state.org.attachmentsRole).toBe('admin');
    expect(sim.state.org.allowJoinRequests).toBe(false);
    expect(before.allowJoinRequests).toBe(true);
    sim.state.org.attachmentsRole = 'owner'; // someone changed it since
    sim.stats.reset();
    const io = homeIo(cwd, env);
    expect(await runRollback(globalOptions({ latest: true, yes: true }), io, { registry: null })).toBe(1);
    // reported with the current, the session's and the saved value
    expect(io.out()).toMatch(/DRIFTED .*attachmentsRole is "owner" \(session set "admin", saved before "member"\); left as it is unless --force-drifted; allowJoinRequests is restored/);
    expect(io.err()).toMatch(/1 drifted field left as it is; pass --force-drifted to overwrite it\./);
    expect(io.out()).toMatch(/Restored 1 request/);
    // restored over real HTTP: one PUT of the organization carrying only the undrifted field
    expect(sim.state.org.allowJoinRequests).toBe(before.allowJoinRequests);
    expect(sim.state.org.attachmentsRole).toBe('owner');
    expect([...sim.stats.byRoute.keys()].filter((k) => !k.startsWith('GET'))).toEqual(['PUT /api/0/organizations/{org}/']);

    // the next run finds only the drifted field left
    const io2 = homeIo(cwd, env);
    expect(await runRollback(globalOptions({ latest: true, yes: true, dryRun: true }), io2, { registry: null })).toBe(1);
    expect(io2.err()).toMatch(/1 drifted field left as it is/);
    expect(io2.out()).toMatch(/Nothing to restore/);

    const io3 = homeIo(cwd, env);
    expect(await runRollback(globalOptions({ latest: true, yes: true, forceDrifted: true }), io3, { registry: null })).toBe(0);
    expect(sim.state.org.attachmentsRole).toBe(before.attachmentsRole);
    expect(sim.state.org.allowJoinRequests).toBe(before.allowJoinRequests);
  });

  it('on a TTY without a session id, rollback offers a picker and asks before restoring', async () => {
    const start = fingerprint(sim.state);
    await runApply(globalOptions({ level: 'L1', yes: true, only: ['2.1'] }), homeIo(cwd, env), { registry: null });
    const io = homeIo(cwd, env);
    (io.stdin as { isTTY?: boolean }).isTTY = true;
    let offered = 0;
    const code = await runRollback(globalOptions({}), io, {
      registry: null,
      pick: async (sessions) => {
        offered = sessions.length;
        return sessions[0]!.dir;
      },
      confirm: async () => true,
    });
    expect(offered).toBe(1);
    expect(code).toBe(0);
    expect(fingerprint(sim.state)).toEqual(start);
  });

  it('exits 0 when every planned change applied and the touched checks pass (--allow-risky 1.2.1 2.4.1 2.4.3)', async () => {
    const io = homeIo(cwd, env);
    const code = await runApply(globalOptions({ level: 'L1', yes: true, allowRisky: ['1.2.1', '2.4.1', '2.4.3'] }), io, { registry: null });
    expect(io.out()).toMatch(/2\.4\.1\s+fail -> pass/);
    expect(io.out()).toMatch(/1\.2\.1\s+fail -> pass/);
    expect(io.out()).toMatch(/Changes: \d+ applied, 0 not effective, 0 failed, 0 held back, 0 skipped \(in \d+ requests\)\./);
    expect(io.err()).toMatch(/finley@acme\.example/); // who the 2FA requirement removes
    expect(code).toBe(0);
    expect(sim.state.org.require2FA).toBe(true);
    const io2 = homeIo(cwd, env);
    expect(await runRollback(globalOptions({ latest: true, yes: true }), io2, { registry: null })).toBe(0);
    expect(io2.out()).toMatch(/Still to do by hand:\n(  - .*\n)*  - Members turned into pending invitations by the 2FA requirement: finley@acme\.example \(manager\)/);
    // a revoked token is reported as not restorable, in the plan and in what is left to do
    expect(io2.out()).toMatch(/cannot undo\s+#\d+ 2\.4\.1 DELETE organization auth token "Old deploy script" \(id 4002\): exists - NOT RESTORED: a revoked organization auth token cannot be restored/);
    expect(io2.out()).toMatch(/  - Organization auth token "Old deploy script" \(id 4002; scopes org:ci; created \d{4}-\d\d-\d\d, last used \d{4}-\d\d-\d\d\) was revoked: Sentry cannot restore a revoked token/);
    expect(sim.state.orgAuthTokens.get('4002')!.dateDeactivated).not.toBeNull();
    expect(sim.state.org.require2FA).toBe(false);
  });
});
