#!/usr/bin/env node
// The executable: runs one command line and exits with its code (the only place that exits).
//
// `--version` is the one call scripts make in loops, so it is answered before anything else is
// loaded: no router, no node:crypto (secrets.js), and no process.stdout (touching it builds the
// stream machinery); it writes with fs.writeSync (fs as in version.ts). Together that is about a third of Node's own
// start-up (test/cli/startup-imports.test.ts counts the modules it loads).

import type { Io } from './commands/types.js';
import { toolVersion } from './version.js';

const argv = process.argv.slice(2);

function printVersion(): void {
  try {
    process.getBuiltinModule('node:fs').writeSync(1, `${toolVersion()}\n`);
  } catch (err) {
    // a reader that went away (`| head -0`) is not an error
    if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
  }
}

async function run(): Promise<number> {
  // A reader that goes away (`| head -1`) is not an error: stop quietly, as other command-line
  // tools do, instead of an unhandled EPIPE stack trace and exit 1.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
  const [{ main }, { keepHeapNearLiveData }] = await Promise.all([import('./main.js'), import('./heap.js')]);
  keepHeapNearLiveData();
  const io: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
  return main(argv, io);
}

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  printVersion();
} else {
  run().then(
    (code) => {
      process.exitCode = code;
      // Normally the process ends by itself once output is flushed; a forgotten handle (a keep-alive
      // socket) must not keep it alive, so leave shortly after regardless.
      setTimeout(() => process.exit(code), 200).unref();
    },
    async (err: unknown) => {
      const { redactString } = await import('./secrets.js');
      process.stderr.write(redactString(`sentry-harden: internal error: ${err instanceof Error ? err.message : String(err)}\n`));
      process.exit(2);
    },
  );
}
