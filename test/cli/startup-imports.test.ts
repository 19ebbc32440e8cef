// `--version` and `--help` must not load ink or react (and `--version` next to nothing): the static import graph of the entry
// point (dynamic `import()`s of commands excluded) reaches neither. Layering: sentry/, state/,
// steps/ and engine/ never import ink, react or @inquirer.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(STATIC_IMPORT)].map((m) => m[1]!);
}

function resolveLocal(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec).replace(/\.js$/, '');
  for (const ext of ['.ts', '.tsx']) {
    try {
      if (statSync(base + ext).isFile()) return base + ext;
    } catch {
      // try the next extension
    }
  }
  throw new Error(`cannot resolve ${spec} from ${from}`);
}

/** every file and package reached through static imports from `entry` */
function reached(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) walk(resolveLocal(file, spec));
      else packages.add(spec);
    }
  };
  walk(entry);
  return { files, packages };
}
const packagesReached = (entry: string): Set<string> => reached(entry).packages;

const isUiPackage = (p: string): boolean => /^(ink|react|@inkjs\/|@inquirer\/|ink-)/.test(p);

describe('start-up and layering imports', () => {
  it('the walker finds ink where it is imported (so the checks below can fail)', () => {
    expect([...packagesReached(path.join(root, 'src', 'ui', 'run-ink-wizard.tsx'))].filter(isUiPackage)).toEqual(
      expect.arrayContaining(['ink', 'react']),
    );
  });

  it('the entry point reaches no ink, react or inquirer statically', () => {
    const reached = [...packagesReached(path.join(root, 'src', 'cli.ts')), ...packagesReached(path.join(root, 'src', 'main.ts'))];
    expect(reached.filter(isUiPackage)).toEqual([]);
  });

  it('`--version` loads almost nothing: the entry point reaches only node:path and node:url statically', () => {
    // no node:crypto (secrets.js), no ES import of node:fs (its namespace loads Node's stream
    // modules), no router: Node's own start-up is most of what `--version` costs (npm run bench)
    expect([...packagesReached(path.join(root, 'src', 'cli.ts'))].sort()).toEqual(['node:path', 'node:url']);
  });

  it('`--help` loads no check catalogue and no zod: the router reaches neither statically', () => {
    // the flag table (commands/flags.ts) names the compliance frameworks; reaching the catalogue
    // through it cost --help ~150 ms (zod and its locales, every control)
    const { files, packages } = reached(path.join(root, 'src', 'main.ts'));
    expect([...packages].filter((p) => p === 'zod' || p.startsWith('zod/'))).toEqual([]);
    expect([...files].map((f) => path.relative(root, f)).filter((f) => f.startsWith('steps/') && f !== path.join('steps', 'types.ts'))).toEqual([]);
  });

  it('the walker sees the catalogue and zod behind the evaluator (so the check above can fail)', () => {
    const { files, packages } = reached(path.join(root, 'src', 'engine', 'evaluate.ts'));
    expect(packages.has('zod')).toBe(true);
    expect([...files].map((f) => path.relative(root, f))).toContain(path.join('steps', 'index.ts'));
  });

  it.each(['src/sentry', 'src/state', 'src/engine', 'steps'])('%s imports no ink, react or inquirer', (dir) => {
    const files = readdirSync(path.join(root, dir), { recursive: true })
      .map(String)
      .filter((f) => /\.tsx?$/.test(f))
      .map((f) => path.join(root, dir, f));
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.flatMap((f) => [...packagesReached(f)].filter(isUiPackage).map((p) => `${path.relative(root, f)} -> ${p}`));
    expect(offenders).toEqual([]);
  });
});
