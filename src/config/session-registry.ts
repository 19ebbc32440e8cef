// The snapshot store's link to the saved preferences: every session's path is recorded there
// (paths only) so `snapshots` and `rollback --latest` find sessions wherever they were written.

import type { SessionRegistry } from '../snapshots/store.js';
import { openPreferences, type Preferences } from './preferences.js';

export function registryFromPreferences(prefs: Pick<Preferences, 'addSession' | 'sessions'>): SessionRegistry {
  return {
    add: (p) => prefs.addSession(p),
    list: () => prefs.sessions(),
  };
}

/** The registry of the user's preferences, or none when they cannot be opened (read-only home). */
export function defaultRegistry(): SessionRegistry | undefined {
  try {
    return registryFromPreferences(openPreferences());
  } catch {
    return undefined;
  }
}
