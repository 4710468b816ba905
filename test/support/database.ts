/**
 * Where tests keep their data: `:memory:` SQLite, or — when `PINPOST_TEST_DATABASE` names a
 * PostgreSQL database (`node scripts/run-tests.mjs --postgres` creates one per run and drops it) —
 * a schema of its own in it per database opened, so tests running side by side never share rows.
 */
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database, type Migration } from '../../src/store/index.js';

export const TEST_DATABASE = process.env.PINPOST_TEST_DATABASE;

/** A `--data` value for one fresh, empty database. */
export function testData(): string {
  if (!TEST_DATABASE) return ':memory:';
  const url = new URL(TEST_DATABASE);
  url.searchParams.set('schema', `t_${randomBytes(6).toString('hex')}`);
  return url.toString();
}

/** A fresh database with `migrations` applied (the dialect the run selected). */
export function openTestDatabase(migrations: readonly Migration[]): Promise<Database> {
  return openDatabase({ data: testData(), migrations, poolSize: 4 });
}
