import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MIGRATIONS } from '../../services/runtime.js';
import { DATABASE_FILE, openDatabase } from '../../store/index.js';
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
  await refreshStore(metrics, db, dir);
  const file = join(dir, DATABASE_FILE);
  assert.equal(await gauge(metrics.storeDatabaseBytes), statSync(file).size);
  assert.equal(await gauge(metrics.storeWalBytes), statSync(`${file}-wal`).size);
  assert.ok((await gauge(metrics.storeWalBytes))! > 0, 'the write is in the WAL');
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
