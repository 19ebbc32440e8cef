import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/commands/types.js';
import { UsageError, UserError } from '../../src/errors.js';
import { startSimulator } from '../../src/simulator/index.js';
import { runSimulatorCommand } from '../../src/commands/simulator.js';
import { globalOptions } from '../helpers/io.js';

function io(): { io: Io; out: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (c: Buffer) => {
    text += c.toString('utf8');
  });
  const stream = stdout as unknown as NodeJS.WriteStream;
  return { io: { stdout: stream, stderr: stream, stdin: process.stdin, env: {}, cwd: process.cwd() }, out: () => text };
}

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i += 1) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error('condition not met');
}

describe('sentry-harden simulator', () => {
  it('a --port in use is one line and exit 2, not an internal error', async () => {
    const busy = await startSimulator({ seed: 'demo' });
    try {
      const port = Number(new URL(busy.url).port);
      const err = await runSimulatorCommand(globalOptions({ port }), io().io).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).exitCode).toBe(2);
      expect((err as UserError).message).toBe(`--port ${port}: the port is in use; pick another, or leave --port out for a free one`);
    } finally {
      await busy.close();
    }
  });

  it('--json prints exactly one line {url, org, token}, serves until SIGINT, resolves 0', async () => {
    const { io: stdio, out } = io();
    const done = runSimulatorCommand(globalOptions({ json: true, rateLimit: 50 }), stdio);
    await waitFor(() => out().includes('\n'));
    const lines = out().trim().split('\n');
    expect(lines).toHaveLength(1);
    const info = JSON.parse(lines[0] ?? '');
    expect(Object.keys(info)).toEqual(['url', 'org', 'token']);
    expect(info.org).toBe('acme');
    const r = await fetch(`${info.url}/api/0/`, { headers: { Authorization: `Bearer ${info.token}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-sentry-rate-limit-limit')).toBe('50');
    expect(r.headers.get('x-sentry-rate-limit-concurrentlimit')).toBe('25');
    process.emit('SIGINT');
    expect(await done).toBe(0);
    await expect(fetch(`${info.url}/api/0/`)).rejects.toThrow();
  });

  it('the banner names the URL, org and the env lines to export', async () => {
    const { io: stdio, out } = io();
    const done = runSimulatorCommand(globalOptions({}), stdio);
    await waitFor(() => out().includes('Ctrl+C'));
    expect(out()).toMatch(/export SENTRY_URL=http:\/\/127\.0\.0\.1:\d+\n/);
    expect(out()).toContain('export SENTRY_ORG=acme');
    expect(out()).toMatch(/export SENTRY_AUTH_TOKEN=sntryu_[0-9a-f]{64}/);
    process.emit('SIGTERM');
    expect(await done).toBe(0);
  });

  it('--seed large --projects --members --latency-ms shape the served org', async () => {
    const { io: stdio, out } = io();
    const done = runSimulatorCommand(globalOptions({ json: true, seed: 'large', projects: 3, members: 12, latencyMs: 150 }), stdio);
    await waitFor(() => out().includes('\n'));
    const info = JSON.parse(out().trim());
    const get = async (p: string): Promise<{ ms: number; body: unknown[] }> => {
      const t0 = Date.now();
      const r = await fetch(`${info.url}/api/0/${p}`, { headers: { Authorization: `Bearer ${info.token}` } });
      return { body: (await r.json()) as unknown[], ms: Date.now() - t0 };
    };
    const projects = await get(`organizations/${info.org}/projects/`);
    expect(projects.body).toHaveLength(3);
    expect(projects.ms).toBeGreaterThanOrEqual(145);
    expect((await get(`organizations/${info.org}/members/`)).body).toHaveLength(12 + 2); // + 2 invitations
    process.emit('SIGINT');
    expect(await done).toBe(0);
  });

  it('bad flags are usage errors', async () => {
    const { io: stdio } = io();
    await expect(runSimulatorCommand(globalOptions({ seed: 'huge' }), stdio)).rejects.toBeInstanceOf(UsageError);
    await expect(runSimulatorCommand(globalOptions({ rateLimit: 0 }), stdio)).rejects.toBeInstanceOf(UsageError);
  });
});
