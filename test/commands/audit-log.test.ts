// `audit-log`: security events (newest first, redacted) and the resumable JSON Lines export,
// against a real simulator over HTTP.

import { readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSince, runAuditLog } from '../../src/commands/audit-log.js';
import { UserError } from '../../src/errors.js';
import { createSentryApi } from '../../src/sentry/api.js';
import { createSentryClient } from '../../src/sentry/client.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { globalOptions, simEnv, tempIo } from '../helpers/io.js';
import stringWidth from 'string-width';

const SECRET_KEY = '0a1b2c3d4e5f60718293a4b5c6d7e8f9'; // secret_key of the demo's projectkey.create entry

const lines = (file: string): Record<string, unknown>[] =>
  readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('parseSince', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  it('accepts Nd, Nh, Nw and ISO dates', () => {
    expect(parseSince('30d', now).toISOString()).toBe('2026-10-26T12:00:00.000Z');
    expect(parseSince('12h', now).toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(parseSince('2w', now).toISOString()).toBe('2026-11-11T12:00:00.000Z');
    expect(parseSince('2026-11-01', now).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince('2026-11-01T08:30:00Z', now).toISOString()).toBe('2026-11-01T08:30:00.000Z');
  });
  it('rejects anything else with a UserError naming the flag', () => {
    for (const bad of ['yesterday', '30', 'd30', '0d', '-3d', '2026-13-45', '2027-01-01']) {
      expect(() => parseSince(bad, now), bad).toThrow(UserError);
      expect(() => parseSince(bad, now), bad).toThrow(/--since/);
    }
  });
});

describe('audit-log against the demo org', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 'demo' });
  });
  afterAll(async () => sim.close());

  it('lists security events newest first with actor and description, redacted', async () => {
    const c = tempIo(simEnv(sim));
    expect(await runAuditLog(globalOptions({ since: '60d', format: 'json' }), c.io)).toBe(0);
    const report = JSON.parse(c.out()) as { events: { id: string; dateCreated: string; event: string; actor: string; description: string; data: Record<string, unknown> }[] };
    const events = report.events;
    expect(events.length).toBeGreaterThan(5);
    const times = events.map((e) => Date.parse(e.dateCreated));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const names = events.map((e) => e.event);
    expect(names).toContain('org.edit');
    expect(names).toContain('projectkey.create');
    expect(names).not.toContain('alertrule.create'); // not a security event
    expect(names).not.toContain('team.edit');
    const key = events.find((e) => e.event === 'projectkey.create')!;
    expect(key.data['secret_key']).toBe('[redacted]');
    expect(c.out()).not.toContain(SECRET_KEY);
    expect(events.find((e) => e.event === 'member.invite')!.actor).toBe('alex@acme.example');
    for (const e of events) expect(e.description.length).toBeGreaterThan(3);
  });

  it('defaults to the last 30 days and prints a readable table', async () => {
    const c = tempIo(simEnv(sim));
    await runAuditLog(globalOptions({}), c.io);
    const out = c.out();
    expect(out).toMatch(/^Security events of acme since/);
    expect(out).toContain('turned on Open Membership');
    expect(out).not.toContain('turned off Require 2FA'); // 53 days ago
    for (const line of out.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
  });

  it('rejects a bad --since before connecting', async () => {
    const c = tempIo(simEnv(sim));
    sim.stats.reset();
    await expect(runAuditLog(globalOptions({ since: 'last week' }), c.io)).rejects.toThrow(UserError);
    expect(sim.stats.total).toBe(0);
  });

  it('exports JSON Lines (0600), resumes with only the new entries, never duplicates', async () => {
    const c = tempIo(simEnv(sim));
    const file = path.join(c.dir, 'audit.jsonl');
    expect(await runAuditLog(globalOptions({ since: '90d', exportFile: 'audit.jsonl' }), c.io)).toBe(0);
    expect(c.out()).toBe('');
    const first = lines(file);
    expect(first.length).toBe(sim.state.auditLog.length);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET_KEY);
    // oldest first, as an append-only log grows
    const t = first.map((e) => Date.parse(String(e.dateCreated)));
    expect([...t].sort((a, b) => a - b)).toEqual(t);

    // a second run without --since continues from the newest entry: nothing new
    const c2 = tempIo(simEnv(sim));
    c2.io.cwd = c.dir;
    await runAuditLog(globalOptions({ exportFile: 'audit.jsonl' }), c2.io);
    expect(c2.err()).toMatch(/Appended 0 audit entries/);
    expect(lines(file)).toEqual(first);

    // a change made now produces new entries; only those are appended
    const api = createSentryApi(createSentryClient({ baseUrl: sim.url, token: sim.token }));
    await api.updateOrganization('acme', { allowJoinRequests: false });
    const added = sim.state.auditLog.length - first.length;
    expect(added).toBeGreaterThan(0);
    const c3 = tempIo(simEnv(sim));
    c3.io.cwd = c.dir;
    await runAuditLog(globalOptions({ exportFile: 'audit.jsonl' }), c3.io);
    const third = lines(file);
    expect(third.length).toBe(first.length + added);
    expect(third.slice(0, first.length)).toEqual(first);
    expect(new Set(third.map((e) => e.id)).size).toBe(third.length);

    // an explicit, wider --since re-reads everything but appends nothing twice
    const c4 = tempIo(simEnv(sim));
    c4.io.cwd = c.dir;
    await runAuditLog(globalOptions({ since: '365d', exportFile: 'audit.jsonl' }), c4.io);
    expect(lines(file)).toEqual(third);
  });

  it('repairs a line torn by an interrupted append, and keeps the mode at 0600', async () => {
    const c = tempIo(simEnv(sim));
    const file = path.join(c.dir, 'audit.jsonl');
    await runAuditLog(globalOptions({ since: '90d', exportFile: 'audit.jsonl' }), c.io);
    const before = lines(file);
    const last = before[before.length - 1]!;
    // drop the last complete line, leave half of it behind (a crash mid-write) and widen the mode
    const text = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
    const torn = text.slice(0, -1).join('\n') + '\n' + text[text.length - 1]!.slice(0, 20);
    writeFileSync(file, torn);
    chmodSync(file, 0o644);
    const c2 = tempIo(simEnv(sim));
    c2.io.cwd = c.dir;
    await runAuditLog(globalOptions({ since: '90d', exportFile: 'audit.jsonl' }), c2.io);
    const after = lines(file);
    expect(after.length).toBe(before.length);
    expect(after[after.length - 1]!.id).toBe(last.id);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses to append to a file that is not an export', async () => {
    const c = tempIo(simEnv(sim));
    const file = path.join(c.dir, 'notes.txt');
    writeFileSync(file, 'my notes\nmore\n');
    await expect(runAuditLog(globalOptions({ exportFile: 'notes.txt' }), c.io)).rejects.toThrow(/line 1 is not JSON/);
    expect(readFileSync(file, 'utf8')).toBe('my notes\nmore\n');
  });
});
