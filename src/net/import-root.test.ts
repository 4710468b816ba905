/**
 * `s3://` locations in the import root: what S3 names are read, how a folder is listed, and that
 * nothing outside the root is opened, links and odd files included.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ByteBudget } from './budget.js';
import { isEgressError, type EgressError } from './errors.js';
import { ImportRoot } from './import-root.js';
import { parseS3Url, type S3Location } from './s3-location.js';

function fixture() {
  const base = mkdtempSync(join(tmpdir(), 'pinpost-root-'));
  const root = join(base, 'imports');
  mkdirSync(join(root, 'bucket', 'folder', 'sub'), { recursive: true });
  writeFileSync(join(root, 'bucket', 'one.csv'), 'Id\n1\n');
  writeFileSync(join(root, 'bucket', 'folder', 'a.csv'), 'a\n');
  writeFileSync(join(root, 'bucket', 'folder', 'sub', 'b.csv'), 'b\n');
  writeFileSync(join(root, 'bucket', 'folder', 'skip.json'), '{}\n');
  writeFileSync(join(base, 'outside.csv'), 'secret\n');
  return { base, root: new ImportRoot(root), dir: root };
}

const csv = { accept: (n: string) => n.endsWith('.csv'), maxObjects: 100 };
const loc = (url: string): S3Location => {
  const l = parseS3Url(url);
  assert.ok(l, url);
  return l;
};

async function read(root: ImportRoot, url: string): Promise<string[]> {
  const out: string[] = [];
  for (const o of await root.objects(loc(url), csv)) {
    const chunks: Buffer[] = [];
    for await (const c of o.read(new ByteBudget(1000))) chunks.push(c);
    out.push(`${o.name}=${Buffer.concat(chunks).toString()}`);
  }
  return out;
}

async function failure(p: Promise<unknown>): Promise<EgressError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isEgressError(e), String(e));
    return e;
  }
  assert.fail('it succeeded');
}

test('S3 URLs: bucket names by S3 rules, keys without dot segments, empty segments or NUL', () => {
  assert.deepEqual(parseS3Url('s3://my-bucket/a/b.csv'), { bucket: 'my-bucket', segments: ['a', 'b.csv'] });
  assert.deepEqual(parseS3Url('s3://my.bucket/folder/'), { bucket: 'my.bucket', segments: ['folder'] });
  assert.deepEqual(parseS3Url('s3://bucket'), { bucket: 'bucket', segments: [] });
  for (const bad of [
    '/etc/passwd',
    'file:///etc/passwd',
    'http://example.com/x.csv',
    's3://bucket/../../etc/passwd',
    's3://bucket/a/../../x',
    's3://bucket/./x',
    's3://bucket/a//b',
    's3://../etc',
    's3://Bucket/x',
    's3://ab/x',
    's3://a..b/x',
    's3://192.168.5.4/x',
    's3://-bucket/x',
    's3://bucket/a\0b',
    `s3://bucket/${'k'.repeat(1025)}`,
    'S3://bucket/x',
  ])
    assert.equal(parseS3Url(bad), undefined, bad);
});

test('a key is one object; a folder is every object of the format under it, subfolders included', async () => {
  const { root } = fixture();
  assert.deepEqual(await read(root, 's3://bucket/one.csv'), ['one.csv=Id\n1\n']);
  assert.deepEqual(await read(root, 's3://bucket/folder/'), ['a.csv=a\n', 'sub/b.csv=b\n']);
  assert.deepEqual(await read(root, 's3://bucket/folder'), ['a.csv=a\n', 'sub/b.csv=b\n']);
  const missing = await failure(read(root, 's3://bucket/nothing.csv'));
  assert.equal(missing.kind, 'no-object');
  assert.equal(missing.message, 's3://bucket/nothing.csv does not exist');
  assert.equal((await failure(read(root, 's3://no-bucket/x.csv'))).kind, 'no-object');
});

test('links out of the root are not followed, at the location or inside a folder', async () => {
  const { base, root, dir } = fixture();
  symlinkSync(join(base, 'outside.csv'), join(dir, 'bucket', 'escape.csv'));
  symlinkSync(base, join(dir, 'bucket', 'up'));
  symlinkSync('/etc/passwd', join(dir, 'bucket', 'folder', 'passwd.csv'));
  symlinkSync(join(dir, 'bucket', 'one.csv'), join(dir, 'bucket', 'folder', 'inside.csv'));
  const escape = await failure(read(root, 's3://bucket/escape.csv'));
  assert.equal(escape.kind, 'no-object', 'outside the root reads as missing');
  assert.doesNotMatch(escape.message, /secret|outside|pinpost-root/);
  assert.equal((await failure(read(root, 's3://bucket/up/outside.csv'))).kind, 'no-object');
  // In a folder: the link to /etc/passwd is skipped, the link to a file in the root is read.
  assert.deepEqual(await read(root, 's3://bucket/folder/'), [
    'a.csv=a\n',
    'inside.csv=Id\n1\n',
    'sub/b.csv=b\n',
  ]);
});

test('a FIFO is never opened, at the location or in a folder', async () => {
  const { root, dir } = fixture();
  execFileSync('mkfifo', [join(dir, 'bucket', 'pipe.csv')]);
  execFileSync('mkfifo', [join(dir, 'bucket', 'folder', 'pipe.csv')]);
  assert.equal((await failure(read(root, 's3://bucket/pipe.csv'))).kind, 'no-object');
  assert.deepEqual(await read(root, 's3://bucket/folder/'), ['a.csv=a\n', 'sub/b.csv=b\n']);
});

test('reads are counted against the budget, and listings are bounded', async () => {
  const { root, dir } = fixture();
  writeFileSync(join(dir, 'bucket', 'big.csv'), 'z'.repeat(200_000));
  const [big] = await root.objects(loc('s3://bucket/big.csv'), csv);
  const budget = new ByteBudget(100_000);
  const e = await failure(
    (async () => {
      for await (const _ of big.read(budget)) void _;
    })(),
  );
  assert.equal(e.kind, 'size');
  const tooMany = await failure(root.objects(loc('s3://bucket/folder/'), { ...csv, maxObjects: 1 }));
  assert.equal(tooMany.kind, 'too-many-objects');
});

test('an import root that does not exist holds no bucket', async () => {
  const root = new ImportRoot(join(tmpdir(), 'pinpost-no-such-root-', String(process.pid)));
  assert.equal((await failure(read(root, 's3://bucket/one.csv'))).kind, 'no-object');
});
