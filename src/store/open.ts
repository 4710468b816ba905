import { join } from 'node:path';
import { DataDirectoryError, prepareDataDirectory } from './data-directory.js';
import type { Database } from './dialect.js';
import { migrate, type Migration } from './migrations.js';
import { SqliteDatabase } from './sqlite.js';

/** Where data lives when nothing else is said (the `--data` flag's default). */
export const DEFAULT_DATA_DIR = '.pinpost';
export const DATABASE_FILE = 'pinpost.db';

export interface OpenOptions {
  /** A directory to hold `pinpost.db`, or `:memory:` for a database that lives as long as the process. */
  data?: string;
  migrations: readonly Migration[];
}

/**
 * Opens (creating if needed) the database and brings its schema up to date before returning it.
 * A directory or database that cannot be used is a DataDirectoryError saying why.
 */
export function openDatabase(options: OpenOptions): Database {
  const data = options.data ?? DEFAULT_DATA_DIR;
  let file = ':memory:';
  if (data !== ':memory:') {
    prepareDataDirectory(data);
    file = join(data, DATABASE_FILE);
  }
  let db: SqliteDatabase;
  try {
    db = SqliteDatabase.open(file);
  } catch (err) {
    throw sqliteProblem(data, file, err);
  }
  try {
    migrate(db, options.migrations);
  } catch (err) {
    db.close();
    throw sqliteProblem(data, file, err);
  }
  return db;
}

/** SQLite's refusals that are the operator's to fix, as DataDirectoryErrors; anything else as is. */
function sqliteProblem(dir: string, file: string, err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return err;
  const message = err instanceof Error ? err.message : code;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
    return new DataDirectoryError(file, 'not-a-database', message);
  if (/^SQLITE_(CANTOPEN|READONLY|PERM|IOERR|FULL)/.test(code))
    return new DataDirectoryError(dir, 'not-writable', message);
  return err;
}
