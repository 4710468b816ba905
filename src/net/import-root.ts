/**
 * The folder that stands in for S3 (`--import-root`): `s3://bucket/key` is `<root>/bucket/key`, a
 * file or a folder of files. Nothing outside the root is ever opened: the location's real path
 * (symbolic links resolved) must be the root or under it, every file found in a folder is checked
 * the same way, and a file is opened by its real path without following a link and only if it is a
 * regular file (never a FIFO, a device or a socket, which could block or never end). A missing
 * bucket or key, and anything outside the root, fail alike without saying which server path was
 * tried. Objects are read in chunks counted against the caller's byte budget.
 */
import { constants } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { ByteBudget } from './budget.js';
import { aborted, EgressError, isEgressError, timedOut } from './errors.js';
import type { S3Location } from './s3-location.js';

export interface ImportObject {
  /** The object's key relative to the location (its own key when the location is one object). */
  name: string;
  /** The object's bytes, in chunks counted against `budget`; stops (and closes) on `signal`. */
  read(budget: ByteBudget, signal?: AbortSignal): AsyncGenerator<Buffer>;
}

export interface ListOptions {
  /** Which object names to keep (an import job keeps the files of its Format). */
  accept(name: string): boolean;
  /** More objects than this under the location fails the listing. */
  maxObjects: number;
  signal?: AbortSignal;
}

/** Entries looked at while listing a folder, at most: a bound on the work a listing can cause. */
const MAX_ENTRIES_VISITED = 100_000;
const CHUNK = 64 * 1024;

const within = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

function stopped(signal: AbortSignal | undefined): EgressError | undefined {
  if (!signal?.aborted) return undefined;
  const reason = signal.reason as { name?: string } | undefined;
  return reason?.name === 'TimeoutError' ? timedOut('Reading the import') : aborted();
}

export class ImportRoot {
  constructor(readonly dir: string) {}

  private async root(): Promise<string | undefined> {
    return realpath(this.dir).catch(() => undefined);
  }

  /** The real path of `path` when it exists and is under the root. */
  private async resolve(root: string, path: string): Promise<string | undefined> {
    const real = await realpath(path).catch(() => undefined);
    return real !== undefined && within(root, real) ? real : undefined;
  }

  /** The objects at a location, sorted by name; rejects with an EgressError. */
  async objects(loc: S3Location, options: ListOptions): Promise<ImportObject[]> {
    try {
      return await this.list(loc, options);
    } catch (e) {
      if (isEgressError(e)) throw e;
      throw new EgressError(
        'no-object',
        `The location could not be listed (${(e as NodeJS.ErrnoException).code})`,
      );
    }
  }

  private async list(loc: S3Location, options: ListOptions): Promise<ImportObject[]> {
    const url = `s3://${loc.bucket}/${loc.segments.join('/')}`;
    const missing = () => new EgressError('no-object', `${url} does not exist`);
    const root = await this.root();
    if (root === undefined) throw missing();
    const real = await this.resolve(root, join(root, loc.bucket, ...loc.segments));
    if (real === undefined) throw missing();
    const info = await stat(real);
    // One object named by its key is read whatever its name; a folder keeps the files `accept`s.
    if (info.isFile()) return [this.object(root, real, loc.segments.join('/'))];
    if (!info.isDirectory()) throw missing();
    const files = await this.walk(root, real, options);
    return files
      .sort((a, b) => (a.listed < b.listed ? -1 : a.listed > b.listed ? 1 : 0))
      .map((f) => this.object(root, f.real, relative(real, f.listed).split(sep).join('/')));
  }

  /**
   * Every regular file under `dir` (where it is listed, and the path to read), links followed only
   * to files under the root.
   */
  private async walk(
    root: string,
    dir: string,
    options: ListOptions,
  ): Promise<{ listed: string; real: string }[]> {
    const out: { listed: string; real: string }[] = [];
    const pending = [dir];
    let visited = 0;
    while (pending.length > 0) {
      const halt = stopped(options.signal);
      if (halt) throw halt;
      const current = pending.pop()!;
      for (const entry of await readdir(current, { withFileTypes: true })) {
        if (++visited > MAX_ENTRIES_VISITED) throw tooMany(MAX_ENTRIES_VISITED);
        const path = join(current, entry.name);
        let file: string | undefined;
        if (entry.isDirectory()) pending.push(path);
        else if (entry.isFile()) file = path;
        else if (entry.isSymbolicLink()) {
          // A link is followed to a file under the root; a linked folder is not walked (no cycles).
          const target = await this.resolve(root, path);
          if (target !== undefined && (await stat(target)).isFile()) file = target;
        }
        if (file === undefined || !options.accept(entry.name)) continue;
        out.push({ listed: path, real: file });
        if (out.length > options.maxObjects) throw tooMany(options.maxObjects);
      }
    }
    return out;
  }

  private object(root: string, path: string, name: string): ImportObject {
    return {
      name,
      read: (budget, signal) => readObject(root, path, budget, signal),
    };
  }
}

const tooMany = (n: number) =>
  new EgressError('too-many-objects', `The location holds more than ${n} objects to import`);

async function* readObject(
  root: string,
  path: string,
  budget: ByteBudget,
  signal: AbortSignal | undefined,
): AsyncGenerator<Buffer> {
  const halt = stopped(signal);
  if (halt) throw halt;
  // The path was resolved under the root when listed; opened without following a link (a file
  // swapped for a link since is refused) and without blocking (a FIFO swapped in is refused below).
  const real = await realpath(path).catch(() => undefined);
  if (real === undefined || !within(root, real))
    throw new EgressError('outside-root', 'An object moved out of the import root');
  const fh = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    if (!(await fh.stat()).isFile()) throw new EgressError('no-object', 'An object is not a regular file');
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const h = stopped(signal);
      if (h) throw h;
      const { bytesRead } = await fh.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) return;
      budget.take(bytesRead);
      yield Buffer.from(buffer.subarray(0, bytesRead));
    }
  } catch (e) {
    if (isEgressError(e)) throw e;
    throw new EgressError('no-object', `An object could not be read (${(e as NodeJS.ErrnoException).code})`);
  } finally {
    await fh.close();
  }
}
