import { join } from 'node:path';
import { DataDirectoryError, prepareDataDirectory } from './data-directory.js';
import type { Database } from './dialect.js';
import { migrate, type Migration } from './migrations.js';
import { isPostgresUrl, PostgresDatabase } from './postgres.js';
import { SqliteDatabase } from './sqlite.js';

/** Where data lives when nothing else is said (the `--data` flag's default). */
export const DEFAULT_DATA_DIR = '.pinpost';
export const DATABASE_FILE = 'pinpost.db';

export interface OpenOptions {
  /**
   * A directory to hold `pinpost.db`, `:memory:` for a database that lives as long as the process,
   * or a `postgres://` / `postgresql://` URL.
   */
  data?: string;
  migrations: readonly Migration[];
  /** PostgreSQL's pool size for this process. */
  poolSize?: number;
}

/**
 * Opens (creating if needed) the database and brings its schema up to date before returning it.
 * A directory or database that cannot be used is a DataDirectoryError saying why.
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const data = options.data ?? DEFAULT_DATA_DIR;
  if (isPostgresUrl(data)) return openPostgres(data, options);
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
    await migrate(db, options.migrations);
  } catch (err) {
    await db.close();
    throw sqliteProblem(data, file, err);
  }
  return db;
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  let db: PostgresDatabase;
  try {
    db = await PostgresDatabase.open({ url, poolSize: options.poolSize });
  } catch (err) {
    throw new DataDirectoryError(
      redacted(url),
      'unreachable',
      err instanceof Error ? err.message : String(err),
    );
  }
  try {
    await migrate(db, options.migrations);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

/** The URL without its password: it goes into messages and logs. */
export function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
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
