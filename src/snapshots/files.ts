// Crash-safe file writes for the snapshot store: temp file, fsync, rename, fsync the folder.
// Folders 0700, files 0600 (sessions hold emails and settings of the organization).

import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../canonical-json.js';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

export async function ensureDir(dir: string): Promise<boolean> {
  let created = false;
  try {
    await fs.access(dir);
  } catch {
    created = true;
  }
  const first = await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
  if (created) await fs.chmod(dir, DIR_MODE);
  if (first !== undefined) {
    // a new folder's name lives in its parent: fsync every parent that got a new folder, or a
    // power loss can take the session folder (and the journal in it) with it
    for (let p = path.resolve(dir); ; p = path.dirname(p)) {
      await fsyncDir(path.dirname(p));
      if (p === path.resolve(first) || path.dirname(p) === p) break;
    }
  }
  return created;
}

/**
 * The snapshot root: a folder the tool creates gets a .gitignore of "*" (sessions name members
 * and settings: they do not belong in a repository). An existing folder is left as it is.
 */
export async function ensureSnapshotRoot(root: string): Promise<void> {
  if (await ensureDir(root)) await writeFileAtomic(path.join(root, '.gitignore'), '*\n');
}

async function fsyncDir(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // some platforms (Windows) cannot open or fsync a folder; the rename is still atomic there
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await fs.open(tmp, 'wx', FILE_MODE);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.chmod(tmp, FILE_MODE);
  await fs.rename(tmp, file);
  await fsyncDir(dir);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** sha-256 of an object's canonical JSON without its own `sha256` member. */
export function selfHash(obj: Record<string, unknown>): string {
  const { sha256: _omit, ...rest } = obj;
  return sha256(canonicalJson(rest));
}
