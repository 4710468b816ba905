/**
 * The delivery ledger's look-ups, on both engines (`node scripts/run-tests.mjs --postgres`): one key,
 * and many in one call (a campaign group asks once before it sends), scoped to account and region.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestDatabase } from '../../../../test/support/database.js';
import { DeliveryLedger } from './ledger.js';
import { ledgerMigrations } from './migrations.js';

const scope = { account: '111122223333', region: 'us-east-1' };
const other = { account: '111122223333', region: 'eu-west-1' };

test('findMany answers every sent key among many (past one statement’s chunk), in its scope only', async () => {
  const db = await openTestDatabase(ledgerMigrations);
  const ledger = new DeliveryLedger(db);
  const sentAt = new Date('2026-12-01T00:00:00Z');
  await db.transaction(async () => {
    for (let i = 0; i < 1200; i += 3)
      await ledger.insert(scope, { key: `c/r/t/ep-${i}`, messageId: `m-${i}`, appId: 'app', sentAt });
    await ledger.insert(other, { key: 'c/r/t/ep-1', messageId: 'elsewhere', appId: 'app', sentAt });
  });
  const keys = Array.from({ length: 1200 }, (_, i) => `c/r/t/ep-${i}`);
  const found = await ledger.findMany(scope, keys);
  assert.equal(found.size, 400);
  assert.equal(found.get('c/r/t/ep-999'), 'm-999');
  assert.equal(found.get('c/r/t/ep-1'), undefined);
  assert.deepEqual(await ledger.find(scope, 'c/r/t/ep-3'), { messageId: 'm-3' });
  assert.equal((await ledger.findMany(scope, [])).size, 0);
  await db.close();
});

test('a second row for a key is refused when its transaction commits, and leaves the first', async () => {
  const db = await openTestDatabase(ledgerMigrations);
  const ledger = new DeliveryLedger(db);
  const entry = { key: 'c/r/t/ep-1', messageId: 'm-1', appId: 'app', sentAt: new Date() };
  await db.transaction(() => ledger.insert(scope, entry));
  await assert.rejects(db.transaction(() => ledger.insert(scope, { ...entry, messageId: 'm-2' })));
  assert.deepEqual(await ledger.find(scope, entry.key), { messageId: 'm-1' });
  await db.close();
});
