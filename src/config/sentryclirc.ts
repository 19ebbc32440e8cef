// .sentryclirc lookup as sentry-cli does it: the nearest file walking up from the working
// directory, then ~/.sentryclirc.

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseIni } from './ini.js';

export interface RcValues {
  file: string;
  /** true for ~/.sentryclirc, false for a file inside the working tree */
  home: boolean;
  url?: string;
  org?: string;
  token?: string;
}

function readRc(file: string, home: boolean): RcValues | undefined {
  let text: string;
  try {
    if (!statSync(file).isFile()) return undefined;
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const ini = parseIni(text);
  const out: RcValues = { file, home };
  const url = ini.defaults?.url;
  const org = ini.defaults?.org;
  const token = ini.auth?.token;
  if (url) out.url = url;
  if (org) out.org = org;
  if (token) out.token = token;
  return out;
}

/** [nearest local file, home file]; the nearest is skipped when it is the home file itself. */
export function findSentryclirc(cwd: string, homeDir: string | undefined): { local?: RcValues; home?: RcValues } {
  const homeFile = homeDir ? path.join(path.resolve(homeDir), '.sentryclirc') : undefined;
  let local: RcValues | undefined;
  let dir = path.resolve(cwd);
  for (;;) {
    const file = path.join(dir, '.sentryclirc');
    if (file !== homeFile) {
      local = readRc(file, false);
      if (local) break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const home = homeFile ? readRc(homeFile, true) : undefined;
  return { ...(local ? { local } : {}), ...(home ? { home } : {}) };
}
