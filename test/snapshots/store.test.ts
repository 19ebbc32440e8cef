import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPreferences } from '../../src/config/preferences.js';
import { snapshotJsonSchemas } from '../../src/snapshots/json-schema.js';
import { registryFromPreferences } from '../../src/config/session-registry.js';
import { SnapshotError, cleanUrl, openSnapshotStore } from '../../src/snapshots/store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sh-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const entry = (field = 'allowJoinRequests') => ({
  requestId: 'r1',
  controlId: '2.1',
  checkIds: ['2.1.2'],
  target: { type: 'organization' as const, id: 'acme' },
  method: 'PUT' as const,
  description: `PUT organization acme: ${field}`,
  fields: [{ field, before: true, after: false }],
});

async function sessionWithEntries(n: number, finish = true) {
  const store = openSnapshotStore(path.join(dir, 'snaps'));
  const s = await store.startSession({ org: 'acme', url: 'https://user:pw@sentry.example.com/?q=1#x', level: 'L2', command: 'apply' });
  for (let i = 0; i < n; i++) {
    const e = await s.writeEntry(entry(`field${i}`));
    await s.updateEntry(e.seq, { status: 'applied', finishedAt: new Date().toISOString() });
  }
  if (finish) await s.finish('complete');
  return { store, s };
}

describe('snapshot store', () => {
  it('lays out <dir>/<org>/<UTC timestamp>-<short id>/ with 0700 folders, 0600 files and a .gitignore', async () => {
    const { store, s } = await sessionWithEntries(2);
    expect(path.relative(store.dir, s.dir)).toMatch(/^acme\/\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    expect(readFileSync(path.join(store.dir, '.gitignore'), 'utf8')).toBe('*\n');
    for (const d of [store.dir, path.join(store.dir, 'acme'), s.dir, path.join(s.dir, 'entries')]) expect(statSync(d).mode & 0o777).toBe(0o700);
    for (const f of ['manifest.json', 'entries/0001.json', 'entries/0002.json']) expect(statSync(path.join(s.dir, f)).mode & 0o777).toBe(0o600);
    // no temp files left behind
    expect(readdirSync(path.join(s.dir, 'entries'))).toEqual(['0001.json', '0002.json']);
    const m = JSON.parse(readFileSync(path.join(s.dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(m).toMatchObject({ schemaVersion: 1, org: 'acme', level: 'L2', command: 'apply', status: 'complete', entryCount: 2, url: 'https://sentry.example.com' });
    expect(m.entriesSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.tool).toEqual({ name: 'sentry-harden', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('does not write a .gitignore into a folder it did not create', async () => {
    const store = openSnapshotStore(dir);
    await store.startSession({ org: 'acme', url: 'https://sentry.io', level: 'L1', command: 'apply' });
    expect(existsSync(path.join(dir, '.gitignore'))).toBe(false);
  });

  it('writes the entry to disk before returning, and round-trips through load', async () => {
    const store = openSnapshotStore(path.join(dir, 'snaps'));
    const s = await store.startSession({ org: 'acme', url: 'https://sentry.io', level: 'L1', command: 'apply' });
    const e = await s.writeEntry(entry());
    const onDisk = JSON.parse(readFileSync(path.join(s.dir, 'entries', '0001.json'), 'utf8')) as { status: string; sha256: string };
    expect(onDisk.status).toBe('pending');
    expect(onDisk.sha256).toBe(e.sha256);
    await s.finish('partial');
    const loaded = await store.loadSession(s.id);
    expect(loaded.entries()).toEqual(s.entries());
    expect(loaded.manifest().status).toBe('partial');
    // by short id and by path too
    expect((await store.loadSession(s.shortId)).id).toBe(s.id);
    expect((await store.loadSession(s.dir)).id).toBe(s.id);
  });

  it('never stores secrets passed in a value', async () => {
    const store = openSnapshotStore(path.join(dir, 'snaps'));
    const s = await store.startSession({ org: 'acme', url: 'https://sentry.io', level: 'L1', command: 'apply' });
    await s.writeEntry({ ...entry(), fields: [{ field: 'create', before: null, after: { name: 'k', secret: 'S3CRET', dsn: { public: 'x', secret: 'S3CRET' } } }] });
    expect(readFileSync(path.join(s.dir, 'entries', '0001.json'), 'utf8')).not.toContain('S3CRET');
  });

  it('reads a session cut short by a crash (no manifest hash) entry by entry', async () => {
    const { store, s } = await sessionWithEntries(3, false);
    const loaded = await store.loadSession(s.id);
    expect(loaded.manifest().status).toBe('in-progress');
    expect(loaded.manifest().entriesSha256).toBeUndefined();
    expect(loaded.entries()).toHaveLength(3);
  });

  it('refuses a tampered entry (hash mismatch) with a clear error', async () => {
    const { store, s } = await sessionWithEntries(2);
    const f = path.join(s.dir, 'entries', '0002.json');
    writeFileSync(f, readFileSync(f, 'utf8').replace('"before": true', '"before": "evil"'));
    await expect(store.loadSession(s.id)).rejects.toThrow(SnapshotError);
    await expect(store.loadSession(s.id)).rejects.toThrow(/0002\.json was altered.*Nothing was sent/);
  });

  it('refuses a session whose entry was removed (entries hash)', async () => {
    const { store, s } = await sessionWithEntries(3);
    unlinkSync(path.join(s.dir, 'entries', '0003.json'));
    await expect(store.loadSession(s.id)).rejects.toThrow(/entries do not match the hash/);
  });

  it('refuses a tampered manifest, corrupt JSON and an unknown schema version', async () => {
    const { store, s } = await sessionWithEntries(1);
    const mf = path.join(s.dir, 'manifest.json');
    const good = readFileSync(mf, 'utf8');
    writeFileSync(mf, good.replace('"org": "acme"', '"org": "acme2"'));
    await expect(store.loadSession(s.id)).rejects.toThrow(/manifest .* was altered/);
    writeFileSync(mf, good.slice(0, 40));
    await expect(store.loadSession(s.id)).rejects.toThrow(/corrupt \(not JSON\)/);
    writeFileSync(mf, good.replace('"schemaVersion": 1', '"schemaVersion": 99'));
    await expect(store.loadSession(s.id)).rejects.toThrow(/schema version 99/);
    writeFileSync(mf, good);
    const ef = path.join(s.dir, 'entries', '0001.json');
    writeFileSync(ef, readFileSync(ef, 'utf8').replace('"status": "applied"', '"status": "bogus"'));
    await expect(store.loadSession(s.id)).rejects.toThrow(/0001\.json is invalid \(status/);
    // the listing shows it as unreadable instead of failing
    const listed = await store.listSessions();
    expect(listed[0]!.error).toMatch(/invalid/);
  });

  it('finds sessions through the preferences wherever they were written', async () => {
    const prefs = openPreferences({ cwd: path.join(dir, 'prefs') });
    const registry = registryFromPreferences(prefs);
    const a = openSnapshotStore(path.join(dir, 'a'), { registry });
    const s = await a.startSession({ org: 'acme', url: 'https://sentry.io', level: 'L1', command: 'apply' });
    await s.finish('complete');
    expect(prefs.sessions()).toEqual([s.dir]);
    const b = openSnapshotStore(path.join(dir, 'b'), { registry });
    expect((await b.listSessions()).map((x) => x.id)).toEqual([s.id]);
    expect((await b.latest('acme'))?.id).toBe(s.id);
    expect((await b.loadSession(s.id)).id).toBe(s.id);
    expect(statSync(prefs.path).mode & 0o777).toBe(0o600);
    expect(readFileSync(prefs.path, 'utf8')).not.toMatch(/token/i);
  });

  it('marks a session rolled back', async () => {
    const { store, s } = await sessionWithEntries(1);
    await s.markRolledBack('20261125T000000Z-abcdef12');
    const listed = await store.listSessions();
    expect(listed[0]).toMatchObject({ status: 'rolled-back', rolledBack: true, rolledBackBy: ['20261125T000000Z-abcdef12'] });
    // the manifest is still valid after the rewrite
    expect((await store.loadSession(s.id)).manifest().status).toBe('rolled-back');
  });

  it('strips credentials from the recorded URL', () => {
    expect(cleanUrl('https://u:p@sentry.io/?token=x#y')).toBe('https://sentry.io');
  });

  it('keeps snapshots/*.schema.json in sync with the zod schemas', () => {
    const root = path.resolve(import.meta.dirname, '../../snapshots');
    const s = snapshotJsonSchemas();
    expect(JSON.parse(readFileSync(path.join(root, 'manifest.schema.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(s.manifest)));
    expect(JSON.parse(readFileSync(path.join(root, 'entry.schema.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(s.entry)));
  });
});

describe('a session reused after finish', () => {
  it('reopens the manifest before the next entry, so it stays loadable', async () => {
    const { store, s } = await sessionWithEntries(1);
    await s.writeEntry(entry('later'));
    let loaded = await store.loadSession(s.id);
    expect(loaded.manifest()).toMatchObject({ status: 'in-progress', endedAt: null });
    expect(loaded.entries()).toHaveLength(2);
    await s.finish('complete');
    loaded = await store.loadSession(s.id);
    expect(loaded.manifest().entryCount).toBe(2);
  });
});
