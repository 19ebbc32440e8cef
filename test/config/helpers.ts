import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GlobalOptions, Io } from '../../src/commands/types.js';
import type { Prompts } from '../../src/config/prompts.js';

export function tempTree(): { root: string; home: string; repo: string; sub: string; prefsDir: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'sh-config-'));
  const home = path.join(root, 'home');
  const repo = path.join(root, 'work', 'repo');
  const sub = path.join(repo, 'packages', 'app');
  const prefsDir = path.join(root, 'prefs');
  for (const d of [home, sub, prefsDir]) mkdirSync(d, { recursive: true });
  return { root, home, repo, sub, prefsDir };
}

export function writeRc(dir: string, text: string): string {
  const file = path.join(dir, '.sentryclirc');
  writeFileSync(file, text);
  return file;
}

export function globalOptions(partial: Partial<GlobalOptions> = {}): GlobalOptions {
  return {
    only: [],
    skip: [],
    yes: false,
    dryRun: false,
    allowRisky: [],
    allowMemberRemoval: false,
    forceDrifted: false,
    plain: true,
    color: false,
    latest: false,
    args: [],
    json: false,
    ...partial,
  };
}

export function fakeIo(env: NodeJS.ProcessEnv, cwd: string, tty = false): Io {
  const stream = { isTTY: tty, write: () => true } as unknown;
  return {
    stdin: stream as NodeJS.ReadStream,
    stdout: stream as NodeJS.WriteStream,
    stderr: stream as NodeJS.WriteStream,
    env,
    cwd,
  };
}

export interface FakePrompts extends Prompts {
  asked: string[];
}

export function fakePrompts(answers: { password?: string; confirm?: boolean; select?: string } = {}): FakePrompts {
  const asked: string[] = [];
  return {
    asked,
    password: async (m) => {
      asked.push(`password: ${m}`);
      return answers.password ?? '';
    },
    confirm: async (m) => {
      asked.push(`confirm: ${m}`);
      return answers.confirm ?? false;
    },
    select: async (m, choices) => {
      asked.push(`select: ${m}`);
      return answers.select ?? choices[0]!.value;
    },
  };
}
