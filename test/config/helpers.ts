import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
