// The built command line piped into `head`: a reader that goes away early is not an error. No
// EPIPE stack trace, exit 0 (with pipefail, so the tool's own status is what is checked).

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CLI = `'${process.execPath}' --import '${TSX}' '${path.join(ROOT, 'src/cli.ts')}'`;

describe('piping into head', () => {
  for (const [args, head] of [['controls', 1], ['controls --format markdown', 0], ['help verify', 0]] as const) {
    it(`${args} | head -${head}: quiet, exit 0`, () => {
      const r = spawnSync('bash', ['-c', `set -o pipefail; ${CLI} ${args} | head -${head}`], { encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).not.toMatch(/EPIPE|at .+:\d+:\d+/);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(head);
    });
  }
});
