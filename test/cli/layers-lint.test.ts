// The layering lint (eslint.config.js) fails on upward imports and UI packages in headless
// layers, and passes on downward ones: `npm test` runs it over src/ and steps/.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('layering lint', () => {
  it.each([
    ['src/state/planted.ts', "import { isPrivileged } from '../../steps/lib.js';", 'layer "state" must not import layer "steps"'],
    ['src/sentry/planted.ts', "import type { OrgState } from '../state/types.js';", 'layer "sentry" must not import layer "state"'],
    ['steps/planted.ts', "import { connect } from '../src/config/connect.js';", 'layer "steps" must not import layer "config"'],
    ['src/engine/planted.ts', "export { renderReport } from '../report/index.js';", 'layer "engine" must not import layer "report"'],
    ['src/snapshots/planted.ts', "import { openPreferences } from '../config/preferences.js';", 'layer "snapshots" must not import layer "config"'],
    ['src/ui/components/Planted.tsx', "import { runApply } from '../../commands/apply.js';", 'layer "ui" must not import layer "commands"'],
    ['src/commands/planted.ts', "import { main } from '../main.js';", 'layer "commands" must not import layer "entry"'],
    ['src/levels.ts', "import type { Policy } from '../steps/policy.js';", 'layer "base" must not import layer "steps"'],
    ['src/secrets.ts', "import { show } from './engine/values.js';", 'layer "base" must not import layer "engine"'],
    ['src/sentry/endpoints/planted.ts', "import { CONTROLS } from '../../../steps/index.js';", 'layer "sentry" must not import layer "steps"'],
    ['src/engine/planted.ts', "import { Box } from 'ink';", 'layer "engine" runs without a terminal UI'],
    ['steps/planted.ts', "import { select } from '@inquirer/prompts';", 'layer "steps" runs without a terminal UI'],
  ])('%s: %s is refused', async (file, code, why) => {
    const found = await problems(file, `${code}\n`);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(why);
  });

  it.each([
    ['src/engine/planted.ts', "import { openSnapshotStore } from '../snapshots/store.js';"],
    ['steps/planted.ts', "import type { OrgState } from '../src/state/types.js';"],
    ['src/ui/components/Planted.tsx', "import { Box } from 'ink';\nimport { editSpecsFor } from '../edits.js';"],
    ['src/commands/planted.ts', "import { connect } from '../config/connect.js';"],
  ])('%s: a downward import passes', async (file, code) => {
    expect(await problems(file, `${code}\n`)).toEqual([]);
  });

  it('covers every source file: each belongs to exactly one layer', async () => {
    const { LAYERS } = (await import(pathToFileURL(path.join(root, 'eslint.config.js')).href)) as {
      LAYERS: { name: string; dirs?: string[]; files?: string[]; root?: boolean }[];
    };
    const sources = [
      ...readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }).map((f) => `src/${f}`),
      ...readdirSync(path.join(root, 'steps'), { recursive: true, encoding: 'utf8' }).map((f) => `steps/${f}`),
    ].filter((f) => /\.tsx?$/.test(f));
    const layersOf = (file: string): string[] =>
      LAYERS.filter(
        (l) =>
          (l.dirs ?? []).some((d) => file.startsWith(`${l.root ? '' : 'src/'}${d}/`)) ||
          (l.files ?? []).some((f) => file === `src/${f}.ts`),
      ).map((l) => l.name);
    const outside = sources.filter((f) => layersOf(f).length !== 1);
    expect(sources.length).toBeGreaterThan(100);
    expect(outside).toEqual([]);
  });
});
