/**
 * Writing under the folder that stands in for S3 (import-root.ts): an SES receipt rule's S3 action
 * puts a received message at `<root>/<bucket>/<prefix><key>`. The same guard as reading: a bucket is
 * a folder that already exists directly under the root (as a bucket exists before SES may write to
 * it), its real path (links resolved) must be under the root, key segments are plain names (no
 * `..`, no empty segment, no NUL), every folder created on the way is re-checked under the root,
 * and the file is created new (O_EXCL) without following a link.
 */
import { constants } from 'node:fs';
import { mkdir, open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';

const within = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** A bucket name that is one plain folder name (S3's own rules are narrower still). */
const plainSegment = (s: string) => s !== '' && s !== '.' && s !== '..' && !/[/\\\0]/.test(s);

/** The bucket's folder when it exists under the root; undefined otherwise. */
export async function bucketFolder(rootDir: string, bucket: string): Promise<string | undefined> {
  if (!plainSegment(bucket)) return undefined;
  const root = await realpath(rootDir).catch(() => undefined);
  if (root === undefined) return undefined;
  const real = await realpath(join(root, bucket)).catch(() => undefined);
  if (real === undefined || real === root || !within(root, real)) return undefined;
  const info = await stat(real).catch(() => undefined);
  return info?.isDirectory() ? real : undefined;
}

/**
 * Writes `bytes` as the object `key` of `bucket`; resolves with the file's path relative to the
 * root (`bucket/prefix/key`), or undefined when the bucket does not exist or the key would leave it.
 */
export async function writeObject(
  rootDir: string,
  bucket: string,
  key: string,
  bytes: Buffer,
): Promise<string | undefined> {
  const folder = await bucketFolder(rootDir, bucket);
  if (folder === undefined) return undefined;
  const root = (await realpath(rootDir)) as string;
  const segments = key.split('/');
  if (!segments.every(plainSegment)) return undefined;
  let dir = folder;
  for (const segment of segments.slice(0, -1)) {
    const next = join(dir, segment);
    await mkdir(next).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
    const real = await realpath(next);
    if (!within(root, real) || !(await stat(real)).isDirectory()) return undefined;
    dir = real;
  }
  const file = join(dir, segments[segments.length - 1]);
  const fh = await open(
    file,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    await fh.writeFile(bytes);
  } finally {
    await fh.close();
  }
  return relative(root, file).split('\\').join('/');
}
