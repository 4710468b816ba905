/**
 * The data directory: created when missing, refused when a file stands in its place or it cannot
 * be written. Errors say which problem, for the start-up to word (src/server/errors.ts).
 */
import { mkdirSync, statSync } from 'node:fs';

export type DataDirectoryProblem =
  | 'not-a-directory'
  | 'cannot-create'
  | 'not-writable'
  | 'not-a-database'
  // A PostgreSQL URL whose server refused or could not be reached.
  | 'unreachable';

export class DataDirectoryError extends Error {
  constructor(
    /** The directory, or for `not-a-database` the database file. */
    readonly path: string,
    readonly problem: DataDirectoryProblem,
    /** The system error code (`EACCES`, …) or SQLite's message. */
    readonly reason: string,
  ) {
    super(`${path}: ${problem} (${reason})`);
    this.name = 'DataDirectoryError';
  }
}

/** The system error code of a failed file operation, or its message. */
export function errorCode(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e?.code ?? (e instanceof Error ? e.message : String(err));
}

/** Creates `dir` (and its parents) unless it exists; throws DataDirectoryError. */
export function prepareDataDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = errorCode(err);
    // mkdir -p on an existing file answers EEXIST; a file among the parents answers ENOTDIR.
    if (code === 'EEXIST') throw new DataDirectoryError(dir, 'not-a-directory', code);
    throw new DataDirectoryError(dir, 'cannot-create', code);
  }
  if (!statSync(dir).isDirectory()) throw new DataDirectoryError(dir, 'not-a-directory', 'ENOTDIR');
}
