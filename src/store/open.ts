import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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

/** Opens (creating if needed) the database and brings its schema up to date before returning it. */
export function openDatabase(options: OpenOptions): Database {
  const data = options.data ?? DEFAULT_DATA_DIR;
  let file = ':memory:';
  if (data !== ':memory:') {
    mkdirSync(data, { recursive: true });
    file = join(data, DATABASE_FILE);
  }
  const db = SqliteDatabase.open(file);
  try {
    migrate(db, options.migrations);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
