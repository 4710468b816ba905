/**
 * Where an import job reads from. Pinpoint reads S3Url from Amazon S3: one object, or every object
 * under a prefix, subfolders included, and only the files of the job's Format when the location
 * holds several (pinpoint/2016-12-01 ImportJobRequest.S3Url and .Format). Pinpost has no S3: it
 * reads a local file or folder (`file:///abs/path` or `/abs/path`) the same way, or one http(s)
 * URL. Each file is one "piece" of the job (ImportJobResponse.TotalPieces).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { badRequest } from '../errors.js';

export type Format = 'CSV' | 'JSON';

export interface Piece {
  /** How failures name the file: its path under the location, or the URL. */
  name: string;
  read(): Promise<string>;
}

const EXTENSIONS: Record<Format, RegExp> = {
  CSV: /\.csv$/i,
  JSON: /\.(json|jsonl|ndjson)$/i,
};

/** Checks an S3Url when the job is created: what Pinpost can read. */
export function checkLocation(url: string): void {
  if (/^https?:\/\//i.test(url)) return;
  if (url.startsWith('file://')) {
    try {
      fileURLToPath(url);
      return;
    } catch {
      throw badRequest(`Invalid S3Url: ${url}`);
    }
  }
  if (isAbsolute(url)) return;
  // Pinpost's wording: there is no S3 to read an s3:// URL from.
  throw badRequest(
    `Pinpost reads S3Url from a local path (file:///path or /path) or an http(s) URL, not from ${url}`,
  );
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** The pieces at a location; throws an Error whose message becomes the job's failure. */
export async function piecesAt(url: string, format: Format): Promise<Piece[]> {
  if (/^https?:\/\//i.test(url)) {
    return [
      {
        name: url,
        async read() {
          const res = await fetch(url);
          if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
          return res.text();
        },
      },
    ];
  }
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new Error(`The location ${url} does not exist`);
  const fromFile = (file: string, name: string): Piece => ({ name, read: () => readFile(file, 'utf8') });
  if (info.isFile()) return [fromFile(path, path)];
  const files = (await filesUnder(path)).filter((f) => EXTENSIONS[format].test(f)).sort();
  if (files.length === 0) throw new Error(`No ${format} files under ${url}`);
  return files.map((f) => fromFile(f, relative(path, f)));
}
