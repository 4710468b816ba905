import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { DataDirectoryError } from './data-directory.js';
import { DataDirectoryLockedError, LOCK_FILE, lockDataDirectory } from './lock.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pinpost-lock-'));
  dirs.push(d);
  return d;
}

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

it('creates the directory, writes our pid, refuses a second lock, and removes the file on release', () => {
  const dir = join(tempDir(), 'nested', 'data');
  const lock = lockDataDirectory(dir);
  const file = join(dir, LOCK_FILE);
  assert.equal(readFileSync(file, 'utf8'), `${process.pid}\n`);
  assert.throws(
    () => lockDataDirectory(dir),
    (e: unknown) => e instanceof DataDirectoryLockedError && e.pid === process.pid && e.dir === dir,
  );
  lock.release();
  assert.equal(existsSync(file), false);
  lock.release();
  lockDataDirectory(dir).release();
  assert.deepEqual(readdirSync(dir), [], 'no draft or stale file left behind');
});

it('takes over a lock whose pid is dead, and one naming our own pid that this process never took', () => {
  const dir = tempDir();
  const file = join(dir, LOCK_FILE);
  writeFileSync(file, `${deadPid()}\n`);
  const lock = lockDataDirectory(dir);
  assert.equal(readFileSync(file, 'utf8'), `${process.pid}\n`);
  lock.release();
  // An earlier process with our pid (containers reuse pid 1) left it behind.
  writeFileSync(file, `${process.pid}\n`);
  lockDataDirectory(dir).release();
  assert.deepEqual(readdirSync(dir), []);
});

it('refuses a lock held by a live process, naming its pid, and leaves that lock alone', () => {
  const dir = tempDir();
  const file = join(dir, LOCK_FILE);
  writeFileSync(file, `${process.ppid}\n`);
  assert.throws(
    () => lockDataDirectory(dir),
    (e: unknown) => e instanceof DataDirectoryLockedError && e.pid === process.ppid,
  );
  assert.equal(readFileSync(file, 'utf8'), `${process.ppid}\n`);
});

it('refuses a lock file that names no pid rather than guess', () => {
  const dir = tempDir();
  writeFileSync(join(dir, LOCK_FILE), 'garbage');
  assert.throws(
    () => lockDataDirectory(dir),
    (e: unknown) => e instanceof DataDirectoryLockedError && e.pid === undefined,
  );
});

it('a file in place of the directory, or among its parents, is not a directory', () => {
  const file = join(tempDir(), 'plain-file');
  writeFileSync(file, 'x');
  for (const dir of [file, join(file, 'sub')]) {
    assert.throws(
      () => lockDataDirectory(dir),
      (e: unknown) =>
        e instanceof DataDirectoryError && e.problem === (dir === file ? 'not-a-directory' : 'cannot-create'),
    );
  }
});

it(':memory: takes no lock', () => {
  const a = lockDataDirectory(':memory:');
  const b = lockDataDirectory(':memory:');
  assert.equal(a.file, undefined);
  a.release();
  b.release();
});
