#!/usr/bin/env node
// The executable: runs one command line and exits with its code (the only place that exits).

import { main } from './main.js';
import type { Io } from './commands/types.js';

const io: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
    // Normally the process ends by itself once output is flushed; a forgotten handle (a keep-alive
    // socket) must not keep it alive, so leave shortly after regardless.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (err: unknown) => {
    process.stderr.write(`sentry-harden: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
