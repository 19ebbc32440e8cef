// `sentry-harden simulator`: run the simulator as a server until SIGINT/SIGTERM.

import { UsageError, UserError } from '../errors.js';
import type { SimulatorOptions } from '../simulator/index.js';
import { SIMULATOR_SEEDS, type SimulatorSeed } from '../simulator/seeds.js';
import { startSimulator } from '../simulator/server.js';
import type { Io, SimulatorCommandOptions } from './types.js';

function nonNegativeInt(v: number | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v < 0) throw new UsageError(`${flag} must be a non-negative integer`);
  return v;
}

const isSeed = (s: string): s is SimulatorSeed => (SIMULATOR_SEEDS as readonly string[]).includes(s);

export function simulatorOptionsFrom(opts: SimulatorCommandOptions): SimulatorOptions {
  const seed = opts.seed ?? 'demo';
  if (!isSeed(seed)) throw new UsageError(`--seed must be one of ${SIMULATOR_SEEDS.join(', ')}, not "${seed}"`);
  const projects = nonNegativeInt(opts.projects, '--projects');
  const members = nonNegativeInt(opts.members, '--members');
  const latencyMs = nonNegativeInt(opts.latencyMs, '--latency-ms');
  const rate = nonNegativeInt(opts.rateLimit, '--rate-limit');
  const port = nonNegativeInt(opts.port, '--port');
  if (port !== undefined && port > 65535) throw new UsageError('--port must be at most 65535');
  if (rate === 0) throw new UsageError('--rate-limit must be at least 1 request per second');
  return {
    seed,
    ...(projects !== undefined ? { projects } : {}),
    ...(members !== undefined ? { members } : {}),
    ...(latencyMs !== undefined ? { latencyMs } : {}),
    ...(rate !== undefined ? { rateLimit: { perSecond: rate, concurrent: 25 } } : {}),
    ...(port !== undefined ? { port } : {}),
  };
}

export async function runSimulatorCommand(opts: SimulatorCommandOptions, io: Io): Promise<number> {
  const simOpts = simulatorOptionsFrom(opts);
  let sim;
  try {
    sim = await startSimulator(simOpts);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserError(`--port ${simOpts.port}: the port is in use; pick another, or leave --port out for a free one`);
    if (code === 'EACCES') throw new UserError(`--port ${simOpts.port}: not allowed to listen there; use a port above 1023`);
    throw err;
  }
  if (opts.json) {
    io.stdout.write(JSON.stringify({ url: sim.url, org: sim.org, token: sim.token }) + '\n');
  } else {
    const lines = [
      `Sentry API simulator (seed: ${simOpts.seed ?? 'demo'}) listening on ${sim.url}`,
      `Organization: ${sim.org}`,
      '',
      'To point sentry-harden at it (the token is a simulator token):',
      `  export SENTRY_URL=${sim.url}`,
      `  export SENTRY_ORG=${sim.org}`,
      `  export SENTRY_AUTH_TOKEN=${sim.token}`,
      '',
      'Press Ctrl+C to stop.',
    ];
    io.stdout.write(lines.join('\n') + '\n');
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sim.close();
  return 0;
}
