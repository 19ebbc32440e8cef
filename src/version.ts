// The tool's version, read from its own package.json (works from src/ under tsx and from dist/).
//
// fs comes from process.getBuiltinModule, not `import … from 'node:fs'`: an ES import of node:fs
// builds its whole namespace, which loads Node's stream modules (about 20 of them) that
// `--version` never uses (src/cli.ts answers it before loading anything else).

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function toolVersion(): string {
  if (cached) return cached;
  const { readFileSync } = process.getBuiltinModule('node:fs');
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i += 1) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sentry-harden' && pkg.version) return (cached = pkg.version);
    } catch {
      // not here: keep walking up
    }
    dir = dirname(dir);
  }
  return (cached = '0.0.0');
}
