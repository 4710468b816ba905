/**
 * The built console (dist/console) held in memory: read once, the first time it is asked for, so a
 * request's path is only ever a key in a map and never reaches the file system (no traversal, no
 * symlink, nothing outside the folder can be served). The console is a few hundred kB; each file is
 * kept as is and gzipped.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface ConsoleFile {
  body: Buffer;
  /** Gzipped, when that is smaller. */
  gzip?: Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** At most this many files and bytes are loaded: a console is far smaller. */
const MAX_FILES = 2000;
const MAX_BYTES = 64 * 1024 * 1024;

/** Every regular file under `dir`, keyed by its path relative to it with `/` separators. */
export function loadConsoleFiles(dir: string): Map<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  let bytes = 0;
  const walk = (at: string, prefix: string) => {
    for (const e of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, e.name);
      const key = prefix + e.name;
      // Symlinks are left out: only what the build wrote inside the folder is served.
      if (e.isDirectory()) walk(path, `${key}/`);
      else if (e.isFile() && lstatSync(path).isFile()) {
        if (files.size >= MAX_FILES) throw new Error(`more than ${MAX_FILES} files in ${dir}`);
        const body = readFileSync(path);
        bytes += body.length;
        if (bytes > MAX_BYTES) throw new Error(`more than ${MAX_BYTES} bytes in ${dir}`);
        const type = TYPES[extname(e.name).toLowerCase()] ?? 'application/octet-stream';
        const gz = compressible(type) ? gzipSync(body, { level: 9 }) : undefined;
        files.set(key, { body, type, ...(gz && gz.length < body.length ? { gzip: gz } : {}) });
      }
    }
  };
  walk(dir, '');
  return files;
}

function compressible(type: string): boolean {
  return /^(text\/|application\/json|image\/svg)/.test(type);
}

/** dist/console of this package: found by walking up to package.json (src/, dist/, bundle chunks). */
export function defaultConsoleDir(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'pinpost') return join(dir, 'dist', 'console');
    } catch {
      // No package.json here (or not ours): keep walking up.
    }
    if (dirname(dir) === dir) return join(dirname(from), 'console');
  }
}
