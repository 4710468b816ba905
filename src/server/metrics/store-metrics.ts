/**
 * The store's size, read when Prometheus scrapes. SQLite: the database file and its write-ahead log
 * (`<data>/pinpost.db`, `<data>/pinpost.db-wal`; the WAL grows to ~40 MB between the writer's
 * checkpoints, store/sqlite.ts), and the checkpoints its own thread ran (store/sqlite-checkpoints.ts);
 * an in-memory database has no files: its size is its pages, its WAL none.
 * PostgreSQL: the database's size as the server reports it, this process's pool (connections
 * open, idle, and callers waiting for one), the round trips it made, and the tables it vacuumed or
 * analyzed itself (store/postgres-vacuum.ts). The paths are the
 * operator's `--data`, never a request's.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DATABASE_FILE, PostgresDatabase, SqliteDatabase, type Database } from '../../store/index.js';
import type { Counter } from 'prom-client';
import type { Metrics } from './registry.js';

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/** What each counter was told so far, by its labels. */
const counted = new WeakMap<Counter<string>, Map<string, number>>();

/** A counter only moves forward: it is told what the store counted since the last scrape. */
function countForward(counter: Counter<string>, total: number, labels: Record<string, string> = {}): void {
  const told = counted.get(counter) ?? new Map<string, number>();
  counted.set(counter, told);
  const key = JSON.stringify(labels);
  counter.inc(labels, total - (told.get(key) ?? 0));
  told.set(key, total);
}

export async function refreshStore(metrics: Metrics, db: Database, data: string): Promise<void> {
  if (db instanceof PostgresDatabase) {
    const row = await db.get<{ n: number }>('SELECT pg_database_size(current_database()) AS n');
    metrics.storeDatabaseBytes.set(row?.n ?? 0);
    metrics.storeWalBytes.set(0);
    countForward(metrics.storeRoundTrips, db.roundTrips);
    countForward(metrics.storeMaintenance, db.vacuum.vacuums, { operation: 'vacuum' });
    countForward(metrics.storeMaintenance, db.vacuum.analyzes, { operation: 'analyze' });
    const pool = db.poolUsage;
    metrics.storePool.labels('total').set(pool.total);
    metrics.storePool.labels('idle').set(pool.idle);
    metrics.storePool.labels('waiting').set(pool.waiting);
    return;
  }
  if (data === ':memory:') {
    const pages = (await db.get<{ page_count: number }>('PRAGMA page_count'))?.page_count ?? 0;
    const size = (await db.get<{ page_size: number }>('PRAGMA page_size'))?.page_size ?? 0;
    metrics.storeDatabaseBytes.set(pages * size);
    metrics.storeWalBytes.set(0);
    return;
  }
  if (db instanceof SqliteDatabase) countForward(metrics.storeCheckpoints, db.checkpointPasses);
  const file = join(data, DATABASE_FILE);
  const [database, wal] = await Promise.all([sizeOf(file), sizeOf(`${file}-wal`)]);
  metrics.storeDatabaseBytes.set(database);
  metrics.storeWalBytes.set(wal);
}
