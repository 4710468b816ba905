/**
 * One Pinpost process per data directory (issue 9, finding 14): `pinpost.lock` in the directory,
 * created exclusively, holds the owner's pid. A lock whose pid is dead (a process killed with
 * SIGKILL, a crash) is stale and taken over; one whose pid lives refuses with that pid. The lock
 * is released on close, and on process exit as a backstop.
 *
 * Taking over is a rename, not a delete: of two processes that both judge a lock stale, only one
 * moves it away, and one that moved a lock someone had just taken puts it back. A live process
 * whose pid is our own cannot hold it (that is us): a lock naming our pid that this process did not
 * take is left from an earlier process that had the same pid (containers reuse pid 1), hence stale.
 */
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataDirectoryError, errorCode, prepareDataDirectory } from './data-directory.js';

export const LOCK_FILE = 'pinpost.lock';

/** Another live process holds the directory (`pid`), or the lock file names none (`pid` undefined). */
export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly file: string,
    readonly pid: number | undefined,
  ) {
    super(pid === undefined ? `${file} names no process` : `${dir} is locked by pid ${pid}`);
    this.name = 'DataDirectoryLockedError';
  }
}

export interface DataDirectoryLock {
  /** The lock file; undefined for `:memory:`, which takes no lock. */
  readonly file?: string;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

/** Lock files this process holds (resolved paths): a second lock from this process is refused. */
const held = new Set<string>();

/**
 * Creates the directory if needed and locks it; `:memory:` takes no lock. Throws
 * DataDirectoryError (cannot create or write) or DataDirectoryLockedError.
 */
export function lockDataDirectory(dir: string): DataDirectoryLock {
  if (dir === ':memory:') return { release() {} };
  prepareDataDirectory(dir);
  const file = resolve(dir, LOCK_FILE);
  const aside = join(dir, `${LOCK_FILE}.stale-${process.pid}`);
  // Each round either takes the lock, refuses, or removes exactly one stale lock; three rounds
  // cover losing a race to another process taking over the same stale lock.
  for (let round = 0; round < 3; round++) {
    if (create(dir, file, String(process.pid))) return hold(file);
    const holder = readPid(file);
    if (holder === 'gone') continue;
    if (holder === undefined) throw new DataDirectoryLockedError(dir, file, undefined);
    if (isAlive(holder, file)) throw new DataDirectoryLockedError(dir, file, holder);
    try {
      renameSync(file, aside);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') continue;
      throw new DataDirectoryError(dir, 'not-writable', errorCode(err));
    }
    const moved = readPid(aside);
    unlinkSync(aside);
    // Between our read and our rename another process took the lock: give it back.
    if (moved !== holder && typeof moved === 'number') create(dir, file, String(moved));
  }
  const holder = readPid(file);
  throw new DataDirectoryLockedError(dir, file, typeof holder === 'number' ? holder : undefined);
}

/**
 * Makes `file` hold `content`, only if it does not exist; false when it does. The content is
 * written to a private file first and hard-linked into place, so a reader never sees the lock
 * half-written; where the file system has no hard links, an exclusive create does the same.
 */
function create(dir: string, file: string, content: string): boolean {
  const draft = join(dir, `${LOCK_FILE}.${process.pid}.new`);
  try {
    writeFileSync(draft, `${content}\n`, { mode: 0o644 });
  } catch (err) {
    throw new DataDirectoryError(dir, 'not-writable', errorCode(err));
  }
  try {
    linkSync(draft, file);
    return true;
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS')
      return createExclusive(dir, file, content);
    throw new DataDirectoryError(dir, 'not-writable', code);
  } finally {
    unlinkSync(draft);
  }
}

function createExclusive(dir: string, file: string, content: string): boolean {
  try {
    writeFileSync(file, `${content}\n`, { flag: 'wx', mode: 0o644 });
    return true;
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EEXIST') return false;
    throw new DataDirectoryError(dir, 'not-writable', code);
  }
}

function hold(file: string): DataDirectoryLock {
  held.add(file);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(file);
    process.off('exit', release);
    // Only our own lock: never one another process took over after ours went stale.
    try {
      if (readPid(file) === process.pid) unlinkSync(file);
    } catch {
      // Gone or unreadable: nothing of ours to remove.
    }
  };
  process.on('exit', release);
  return { file, release };
}

/** The pid in a lock file, `undefined` when it holds none, `'gone'` when the file vanished. */
function readPid(file: string): number | undefined | 'gone' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return 'gone';
    throw err;
  }
  return /^\d+\n?$/.test(text) ? Number(text.trim()) : undefined;
}

/** Whether a lock's pid is a live process; our own pid is live only if this process took `file`. */
function isAlive(pid: number, file: string): boolean {
  if (pid === process.pid) return held.has(file);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return errorCode(err) === 'EPERM';
  }
}
