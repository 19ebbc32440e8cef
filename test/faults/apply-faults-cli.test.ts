// The fault guarantees through the command line (issue 17): a 500, a socket dropped before the
// server handled the write, and a socket dropped after it applied the write, each at the first,
// a middle and the last write of `apply --level L2 --yes`. Then `rollback ID --yes` restores the
// organization exactly, a second rollback sends no write and changes nothing, and every write
// that failed is named in the apply output.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { startSimulator, type FaultKind } from '../../src/simulator/index.js';
import { fingerprint } from '../engine/helpers.js';
import { homeIo } from '../helpers/io.js';
import { closedAfterEach } from '../helpers/simulators.js';

const { sim } = closedAfterEach();
const APPLY = ['apply', '--yes', '--level', 'L2'];

/** the writes of a clean apply, in order: "PUT /api/0/..." */
let writes: string[] = [];

const nonGet = (byUrl: Map<string, number>): string[] => [...byUrl.keys()].filter((k) => !k.startsWith('GET '));

beforeAll(async () => {
  process.env.SENTRY_HARDEN_CONFIG_DIR = mkdtempSync(path.join(tmpdir(), 'sh-faults-prefs-'));
  const s = await startSimulator({ seed: 'demo' });
  try {
    const cwd = mkdtempSync(path.join(tmpdir(), 'sh-faults-'));
    expect([0, 1]).toContain(await main(APPLY, homeIo(cwd, { SENTRY_URL: s.url, SENTRY_ORG: s.org, SENTRY_AUTH_TOKEN: s.token })));
    writes = nonGet(s.stats.byUrl);
  } finally {
    await s.close();
  }
  expect(writes.length).toBeGreaterThan(5);
}, 60_000);

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each([
  ['a 500', 500],
  ['a socket dropped before the server handled the write', 'drop'],
  ['a socket dropped after the server applied the write', 'drop-after'],
] as const)('%s', (_label, kind: FaultKind) => {
  it.each(['first', 'middle', 'last'] as const)('at the %s write: failures named, rollback exact, second rollback changes nothing', async (at) => {
    const s = await sim();
    const cwd = mkdtempSync(path.join(tmpdir(), 'sh-faults-'));
    const env = { SENTRY_URL: s.url, SENTRY_ORG: s.org, SENTRY_AUTH_TOKEN: s.token };
    const start = fingerprint(s.state);
    const target = writes[at === 'first' ? 0 : at === 'last' ? writes.length - 1 : Math.floor(writes.length / 2)]!;
    const [method, url] = target.split(' ') as [string, string];
    // every attempt fails: the client resends an idempotent write after a 500 (a write whose socket
    // dropped is not resent: it may have been applied)
    s.faults.failNext({ method, path: new RegExp(`^${escape(url)}$`) }, kind, 10);

    const io = homeIo(cwd, env);
    expect(await main(APPLY, io), io.err()).toBe(1);
    s.faults.clear();
    const out = io.out();
    const failedLines = out.split('\n').filter((l) => /^ {2}failed /.test(l));
    const summary = /Changes: (\d+) applied, (\d+) not effective, (\d+) failed, \d+ held back, \d+ skipped/.exec(out);
    expect(summary, out).not.toBeNull();
    // each request that failed has its own line naming the checks, the resource and why; the
    // summary counts changes (one request may carry several)
    expect(failedLines.length > 0, out).toBe(Number(summary![3]) > 0);
    for (const l of failedLines) expect(l).toMatch(/^ {2}failed +\d+\.\d+\.\d+(,\d+\.\d+\.\d+)* .+: .+/);
    if (kind !== 'drop-after') expect(failedLines.length).toBeGreaterThanOrEqual(1);
    expect(io.err()).not.toMatch(/internal error|\bat .+:\d+:\d+/);
    const id = /Snapshot session (\S+)/.exec(out)![1]!;
    console.log(`${kind} at ${at} write (${target}): ${summary![0]}\n${failedLines.join('\n')}`);

    const rb = homeIo(cwd, env);
    expect(await main(['rollback', id, '--yes'], rb), rb.out() + rb.err()).toBe(0);
    expect(fingerprint(s.state)).toEqual(start);
    expect(rb.out()).toMatch(/Restored \d+ requests?\./);

    s.stats.reset();
    const again = homeIo(cwd, env);
    expect(await main(['rollback', id, '--yes'], again), again.out() + again.err()).toBe(0);
    expect(again.out()).toMatch(/Nothing to restore/);
    expect(nonGet(s.stats.byUrl)).toEqual([]);
    expect(fingerprint(s.state)).toEqual(start);
  }, 60_000);
});
