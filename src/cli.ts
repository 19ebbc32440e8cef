#!/usr/bin/env node
// The executable: runs one command line and exits with its code (the only place that exits).

import type { Io } from './commands/types.js';
import { redactString } from './secrets.js';

const argv = process.argv.slice(2);

// A reader that goes away (`| head -1`) is not an error: stop quietly, as other command-line
// tools do, instead of an unhandled EPIPE stack trace and exit 1.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

async function run(): Promise<number> {
  // `--version` is the one call scripts make in loops: answer it without loading the router.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    const { toolVersion } = await import('./version.js');
    process.stdout.write(`${toolVersion()}\n`);
    return 0;
  }
  const [{ main }, { keepHeapNearLiveData }] = await Promise.all([import('./main.js'), import('./heap.js')]);
  keepHeapNearLiveData();
  const io: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
  return main(argv, io);
}

run().then(
  (code) => {
    process.exitCode = code;
    // Normally the process ends by itself once output is flushed; a forgotten handle (a keep-alive
    // socket) must not keep it alive, so leave shortly after regardless.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (err: unknown) => {
    process.stderr.write(redactString(`sentry-harden: internal error: ${err instanceof Error ? err.message : String(err)}\n`));
    process.exit(2);
  },
);
