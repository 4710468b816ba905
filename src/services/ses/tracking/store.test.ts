import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../../store/index.js';
import { TEST_DATABASE, testData } from '../../../../test/support/database.js';
import { trackingKey, trackingMigrations } from './store.js';

test('the tracking key is made once and survives a restart, so delivered links keep working', async () => {
  // A restart opens the same data again: a directory, or the same PostgreSQL schema.
  const dir = TEST_DATABASE ? undefined : mkdtempSync(join(tmpdir(), 'pinpost-tracking-'));
  const data = dir ?? testData();
  try {
    const first = await openDatabase({ data, migrations: trackingMigrations });
    const key = await trackingKey(first);
    assert.equal(key.length, 32);
    assert.deepEqual(await trackingKey(first), key);
    await first.close();
    const again = await openDatabase({ data, migrations: trackingMigrations });
    assert.deepEqual(await trackingKey(again), key);
    await again.close();
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

test('two first uses at once make one key', async () => {
  const db = await openDatabase({ data: testData(), migrations: trackingMigrations });
  const [a, b] = await Promise.all([trackingKey(db), trackingKey(db)]);
  assert.deepEqual(a, b);
  await db.close();
});
