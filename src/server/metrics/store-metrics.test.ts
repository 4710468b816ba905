import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MIGRATIONS } from '../../services/runtime.js';
import { DATABASE_FILE, openDatabase, SqliteDatabase } from '../../store/index.js';
import { scratchDatabase } from '../../../test/support/postgres.js';
import { createMetrics } from './registry.js';
import { refreshStore } from './store-metrics.js';

const gauge = async (g: ReturnType<typeof createMetrics>['storeWalBytes']) =>
  (await g.get()).values[0]?.value;

test('a data directory: the database file and its WAL as they are on disk', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pinpost-store-metrics-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = await openDatabase({ data: dir, migrations: MIGRATIONS });
  t.after(() => db.close());
  await db.run(
    `INSERT INTO pinpost_migrations (context, version, name, applied_at) VALUES ('x', 1, 'x', 'x')`,
  );
  const metrics = createMetrics();
  const file = join(dir, DATABASE_FILE);
  // The checkpoint thread may copy pages meanwhile: both files only grow while the database is open.
  const sizes = () => [statSync(file).size, statSync(`${file}-wal`).size];
  const before = sizes();
  await refreshStore(metrics, db, dir);
  const after = sizes();
  const database = (await gauge(metrics.storeDatabaseBytes))!;
  const wal = (await gauge(metrics.storeWalBytes))!;
  assert.ok(database >= before[0]! && database <= after[0]!, `${database} within ${before[0]}–${after[0]}`);
  assert.ok(wal >= before[1]! && wal <= after[1]!, `${wal} within ${before[1]}–${after[1]}`);
  assert.ok(wal > 0, 'the write is in the WAL');
});

test('a data directory: the checkpoints its thread ran, counted forward', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pinpost-store-metrics-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = (await openDatabase({ data: dir, migrations: MIGRATIONS })) as SqliteDatabase;
  t.after(() => db.close());
  const metrics = createMetrics();
  const checkpoints = async () => (await metrics.storeCheckpoints.get()).values[0]?.value ?? 0;
  // The migrations' commits start the thread's first pass.
  for (const deadline = Date.now() + 20_000; db.checkpointPasses === 0 && Date.now() < deadline;)
    await new Promise((r) => setTimeout(r, 20));
  const passes = db.checkpointPasses;
  assert.ok(passes > 0);
  await refreshStore(metrics, db, dir);
  assert.ok((await checkpoints()) >= passes);
  // A pass may end between the reads: the counter lies between what ran before and after the scrape.
  const low = db.checkpointPasses;
  await refreshStore(metrics, db, dir);
  const counted = await checkpoints();
  assert.ok(counted >= low && counted <= db.checkpointPasses, 'a second scrape adds only what ran since');
});

test('in memory: the pages, and no WAL', async () => {
  const db = await openDatabase({ data: ':memory:', migrations: MIGRATIONS });
  const metrics = createMetrics();
  await refreshStore(metrics, db, ':memory:');
  const pages = (await db.get<{ page_count: number }>('PRAGMA page_count'))!.page_count;
  const size = (await db.get<{ page_size: number }>('PRAGMA page_size'))!.page_size;
  assert.ok(pages > 1, 'the migrations made tables');
  assert.equal(await gauge(metrics.storeDatabaseBytes), pages * size);
  assert.equal(await gauge(metrics.storeWalBytes), 0);
  await db.close();
});

test('PostgreSQL: its size, this process’s pool, and the round trips it made, counted forward', async (t) => {
  const scratch = await scratchDatabase('store_metrics');
  t.after(() => scratch.drop());
  const db = await openDatabase({ data: scratch.url, migrations: MIGRATIONS });
  t.after(() => db.close());
  const metrics = createMetrics();
  const trips = async () => (await metrics.storeRoundTrips.get()).values[0]?.value ?? 0;
  await refreshStore(metrics, db, scratch.url);
  assert.ok((await gauge(metrics.storeDatabaseBytes))! > 0);
  const before = await trips();
  assert.ok(before > 0, 'the migrations made round trips');
  // Three writes in a transaction travel together with its COMMIT: one round trip, not five.
  await db.transaction(async () => {
    for (const v of [1, 2, 3])
      await db.write(
        `INSERT INTO pinpost_migrations (context, version, name, applied_at) VALUES ('x', ?, 'x', 'x')`,
        [v],
      );
  });
  await refreshStore(metrics, db, scratch.url);
  // The size read of the first refresh is the other one.
  assert.equal(await trips(), before + 2);
});
