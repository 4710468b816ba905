/**
 * An `s3://bucket/key` URL, read as S3 reads it, for the folder that stands in for S3 on this
 * server. The bucket follows S3's naming rules (AmazonS3 userguide bucketnamingrules.html: 3–63
 * characters of lowercase letters, digits, dots and hyphens, beginning and ending with a letter or
 * digit, no two adjacent dots, not an IP address); the key is at most 1,024 bytes of UTF-8
 * (object-keys.html). A key ending in `/`, or naming a folder, is a prefix: every object under it.
 *
 * Pinpost maps a key to a path, so it refuses what a path would read differently from S3: `.` and
 * `..` segments, empty segments (`a//b`), and NUL. Those are legal S3 keys, but no file name can
 * stand for them without stepping out of the bucket's folder.
 */
import { isIP } from 'node:net';

export interface S3Location {
  bucket: string;
  /** The key's segments; empty for the whole bucket. */
  segments: string[];
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MAX_KEY_BYTES = 1024;

/** The bucket and key of an `s3://` URL, or undefined when it is not one Pinpost can read. */
export function parseS3Url(url: string): S3Location | undefined {
  if (!url.startsWith('s3://')) return undefined;
  const rest = url.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  if (!BUCKET.test(bucket) || bucket.includes('..') || isIP(bucket)) return undefined;
  if (Buffer.byteLength(key) > MAX_KEY_BYTES || key.includes('\0')) return undefined;
  const segments = key === '' ? [] : key.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return { bucket, segments };
}
