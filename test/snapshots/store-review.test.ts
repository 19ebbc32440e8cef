// A session with more than 9,999 journal entries (a large organization) stays loadable: entry
// files are ordered by their number, not by name (10000.json sorts before 1001.json).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { selfHash } from '../../src/snapshots/files.js';
import { openSnapshotStore } from '../../src/snapshots/store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sh-store-review-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('snapshot store, large sessions', () => {
  it('loads a session cut short after 10,001 entries, in sequence order', async () => {
    const store = openSnapshotStore(path.join(dir, 'snaps'));
    const s = await store.startSession({ org: 'acme', url: 'https://sentry.example.com', level: 'L2', command: 'apply' });
    const first = await s.writeEntry({
      requestId: 'r1', controlId: '3.3', checkIds: ['3.3.1'], target: { type: 'filter', id: 'localhost', project: 'p1' },
      method: 'PUT', description: 'PUT filter localhost of p1: active', fields: [{ field: 'active', before: false, after: true }],
    });
    // the other entries as the engine would have written them (crash: no manifest hash yet)
    const raw = JSON.parse(readFileSync(path.join(s.dir, 'entries', '0001.json'), 'utf8')) as Record<string, unknown>;
    const total = 10_001;
    for (let seq = 2; seq <= total; seq++) {
      const { sha256: _h, ...rest }: Record<string, unknown> = { ...raw, seq, requestId: `r${seq}`, target: { type: 'filter', id: 'localhost', project: `p${seq}` } };
      const e = { ...rest, sha256: selfHash(rest) };
      writeFileSync(path.join(s.dir, 'entries', `${String(seq).padStart(4, '0')}.json`), JSON.stringify(e), { mode: 0o600 });
    }
    const loaded = await store.loadSession(s.id);
    expect(loaded.entries()).toHaveLength(total);
    expect(loaded.entries().map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(loaded.entries()[0]!.sha256).toBe(first.sha256);
  }, 60_000);
});

describe('snapshot store, durability of new folders', () => {
  it('fsyncs the parent of every folder it creates, so a new session folder survives a power loss', async () => {
    const { promises } = await import('node:fs');
    const synced: string[] = [];
    const realOpen = promises.open.bind(promises);
    const spy = vi.spyOn(promises, 'open').mockImplementation(async (...args: Parameters<typeof promises.open>) => {
      const fh = await realOpen(...args);
      const realSync = fh.sync.bind(fh);
      fh.sync = async () => {
        synced.push(path.resolve(String(args[0])));
        return realSync();
      };
      return fh;
    });
    try {
      const root = path.join(dir, 'snaps');
      const s = await openSnapshotStore(root).startSession({ org: 'acme', url: 'https://sentry.example.com', level: 'L2', command: 'apply' });
      // the folder that holds the session folder's name, and the one that holds the org folder's
      expect(synced).toContain(path.join(root, 'acme'));
      expect(synced).toContain(root);
      expect(synced).toContain(s.dir);
    } finally {
      spy.mockRestore();
    }
  });
});
