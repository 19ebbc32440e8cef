// Saved preferences (conf): org, level, URL and the paths of snapshot sessions. Never the
// token. The file is 0600. Callers use preferences only when stdin is a TTY (DESIGN).

import Conf from 'conf';
import { LEVELS, type Level } from '../levels.js';
import { redactString } from '../secrets.js';

export interface PreferenceValues {
  org?: string;
  level?: Level;
  url?: string;
  sessions?: string[];
}

export interface Preferences {
  /** the file the preferences live in */
  readonly path: string;
  getOrg(): string | undefined;
  getLevel(): Level | undefined;
  getUrl(): string | undefined;
  set(values: { org?: string; level?: Level; url?: string }): void;
  /** snapshot session folders, oldest first */
  sessions(): string[];
  addSession(sessionPath: string): void;
  removeSession(sessionPath: string): void;
}

const MAX_SESSIONS = 500;

export function openPreferences(opts: { cwd?: string } = {}): Preferences {
  // SENTRY_HARDEN_CONFIG_DIR moves the preferences (tests, benchmarks, several identities)
  const cwd = opts.cwd ?? (process.env.SENTRY_HARDEN_CONFIG_DIR || undefined);
  const store = new Conf<PreferenceValues>({
    projectName: 'sentry-harden',
    configFileMode: 0o600,
    ...(cwd ? { cwd } : {}),
  });
  const str = (k: 'org' | 'url'): string | undefined => {
    const v = store.get(k);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const list = (): string[] => {
    const v = store.get('sessions');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  };
  return {
    path: store.path,
    getOrg: () => str('org'),
    getUrl: () => str('url'),
    getLevel() {
      const v = store.get('level');
      return typeof v === 'string' && (LEVELS as readonly string[]).includes(v) ? (v as Level) : undefined;
    },
    set(values) {
      // only these three keys, never a URL with credentials in it, nothing src/secrets.ts calls a secret
      for (const v of [values.org, values.url]) {
        if (v !== undefined && redactString(v) !== v) throw new Error('refusing to save a value that contains a secret');
      }
      if (values.org !== undefined) store.set('org', values.org);
      if (values.level !== undefined) store.set('level', values.level);
      if (values.url !== undefined) {
        const u = new URL(values.url);
        if (u.username || u.password) throw new Error('refusing to save a URL with credentials');
        store.set('url', values.url);
      }
    },
    sessions: list,
    addSession(p) {
      const next = [...list().filter((x) => x !== p), p].slice(-MAX_SESSIONS);
      store.set('sessions', next);
    },
    removeSession(p) {
      store.set('sessions', list().filter((x) => x !== p));
    },
  };
}
