/**
 * A PostgreSQL database of its own for a test that runs several `pinpost start` processes on it,
 * created on the server CI and this machine run (127.0.0.1:5432, user postgres, trust auth;
 * PINPOST_TEST_POSTGRES names another) and dropped afterwards.
 */
import pg from 'pg';

export const POSTGRES_SERVER =
  process.env.PINPOST_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function scratchDatabase(label: string): Promise<ScratchDatabase> {
  const name = `pinpost_${label}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: POSTGRES_SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_SERVER);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
