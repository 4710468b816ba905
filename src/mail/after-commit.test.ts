import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestDatabase } from '../../test/support/database.js';
import type { Database } from '../store/index.js';
import { AfterCommit } from './after-commit.js';
import { mailMigrations } from './migrations.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setUp() {
  const db = await openTestDatabase(mailMigrations);
  let signals = 0;
  const errors: unknown[] = [];
  const existing = async (ids: number[]) =>
    (
      await db.all<{ id: number }>(
        `SELECT id FROM mail_outbox WHERE id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      )
    ).map((r) => r.id);
  const after = new AfterCommit(
    db,
    existing,
    () => signals++,
    (err) => errors.push(err),
  );
  return { db, after, signals: () => signals, errors };
}

async function insert(db: Database): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO mail_outbox (message_id, account, region, envelope_from, recipients, status, attempts,
       next_attempt_at, enqueued_at) VALUES ('m', 'a', 'r', 'f', '[]', 'queued', 0, 0, 0) RETURNING id`,
  );
  return row!.id;
}

test('a write outside a transaction signals once on the next turn, however many came in that turn', async () => {
  const { db, after, signals, errors } = await setUp();
  const ids = [await insert(db), await insert(db), await insert(db)];
  for (const id of ids) after.written(id);
  await sleep(50);
  assert.equal(signals(), 1);
  assert.deepEqual(errors, []);
  await db.close();
});

test('a write inside a transaction signals only once it has committed; a rolled-back one never', async () => {
  const { db, after, signals, errors } = await setUp();
  await db.transaction(async () => {
    after.written(await insert(db));
    await sleep(100);
    assert.equal(signals(), 0, 'nothing signalled while the row is not committed');
  });
  await sleep(100);
  assert.equal(signals(), 1, 'signalled after the commit');
  await assert.rejects(
    db.transaction(async () => {
      after.written(await insert(db));
      throw new Error('rolled back');
    }),
  );
  await sleep(100);
  assert.equal(signals(), 1, 'a rolled-back row is never signalled');
  after.stop();
  assert.deepEqual(errors, []);
  await db.close();
});

test('the signal runs outside the transaction that wrote the row', async () => {
  const db = await openTestDatabase(mailMigrations);
  const inTransaction: boolean[] = [];
  const after = new AfterCommit(
    db,
    async (ids) => ids,
    () => inTransaction.push(db.inTransaction),
    () => undefined,
  );
  await db.transaction(async () => {
    after.written(await insert(db));
  });
  await sleep(50);
  assert.deepEqual(inTransaction, [false]);
  await db.close();
});
