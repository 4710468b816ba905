import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../../store/index.js';
import { trackingKey, trackingMigrations } from './store.js';

test('the tracking key is made once and survives a restart, so delivered links keep working', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinpost-tracking-'));
  try {
    const first = openDatabase({ data: dir, migrations: trackingMigrations });
    const key = trackingKey(first);
    assert.equal(key.length, 32);
    assert.deepEqual(trackingKey(first), key);
    first.close();
    const again = openDatabase({ data: dir, migrations: trackingMigrations });
    assert.deepEqual(trackingKey(again), key);
    again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
