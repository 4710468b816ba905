import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bucketFolder, writeObject } from './import-root-writer.js';

let base: string;
let root: string;
let outside: string;
before(async () => {
  base = await mkdtemp(join(tmpdir(), 'pinpost-writer-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  await mkdir(join(root, 'bucket'), { recursive: true });
  await mkdir(outside);
  await symlink(outside, join(root, 'escape'));
  await symlink(outside, join(root, 'bucket', 'out'));
  await writeFile(join(root, 'file-not-bucket'), 'x');
});
after(() => rm(base, { recursive: true, force: true }));

test('writes an object under its bucket, creating the prefix folders, and never twice', async () => {
  assert.equal(await writeObject(root, 'bucket', 'in/2026/m1', Buffer.from('hello')), 'bucket/in/2026/m1');
  assert.equal(await readFile(join(root, 'bucket', 'in', '2026', 'm1'), 'utf8'), 'hello');
  await assert.rejects(writeObject(root, 'bucket', 'in/2026/m1', Buffer.from('again')), { code: 'EEXIST' });
});

test('a bucket is a folder directly under the root; nothing outside the root is written', async () => {
  assert.ok(await bucketFolder(root, 'bucket'));
  for (const bucket of ['missing', '..', '.', '', 'a/b', 'escape', 'file-not-bucket'])
    assert.equal(await bucketFolder(root, bucket), undefined, bucket);
  assert.equal(await writeObject(root, 'escape', 'k', Buffer.from('x')), undefined);
  for (const key of ['../k', 'a/../../k', '/abs', 'a//b', 'out/k'])
    assert.equal(await writeObject(root, 'bucket', key, Buffer.from('x')), undefined, key);
  assert.equal(await bucketFolder(join(base, 'no-root'), 'bucket'), undefined);
});
