/**
 * countedSince reads per-minute totals kept by a trigger (migration 2) plus the rows of one
 * minute: it must equal the plain sum over the window for any times, minute edges and clocks
 * before 1970 included, and a rolled-back send must not count.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { migrate } from '../../../store/index.js';
import { openTestDatabase } from '../../../../test/support/database.js';
import { sendingMigrations } from './migrations.js';
import { SendingStore } from './store.js';

const scope = { account: '111122223333', region: 'us-east-1' };
const other = { account: '111122223333', region: 'eu-west-1' };
const mail = {} as never;

const naive = (rows: { at: number; counted: number; s: typeof scope }[], since: number) =>
  rows.filter((r) => r.s === scope && r.at > since).reduce((n, r) => n + r.counted, 0);

test('countedSince equals the sum of counted recipients sent after the time, in the scope', async () => {
  const time = fc.oneof(
    fc.integer({ min: -200_000, max: 400_000 }),
    fc.integer({ min: -4, max: 6 }).map((m) => m * 60_000),
    fc.integer({ min: -4, max: 6 }).map((m) => m * 60_000 - 1),
  );
  const db = await openTestDatabase(sendingMigrations);
  const store = new SendingStore(db);
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: time, counted: fc.nat(3), other: fc.boolean() }), { maxLength: 30 }),
        fc.array(time, { minLength: 1, maxLength: 5 }),
        async (specs, sinces) => {
          // One database for every run (a PostgreSQL schema each would be slow): emptied first.
          await db.run('DELETE FROM ses_sent_messages');
          await db.run('DELETE FROM ses_sent_minutes');
          const rows = specs.map((r, i) => ({ ...r, s: r.other ? other : scope, id: `m${i}` }));
          for (const r of rows) {
            await store.addMessage({
              messageId: r.id,
              scope: r.s,
              sentAt: new Date(r.at),
              counted: r.counted,
              mail,
            });
          }
          for (const since of sinces)
            assert.equal(await store.countedSince(scope, new Date(since)), naive(rows, since));
        },
      ),
      { numRuns: 200 },
    );
  } finally {
    await db.close();
  }
});

test('a send rolled back is not counted', async () => {
  const db = await openTestDatabase(sendingMigrations);
  const store = new SendingStore(db);
  await store.addMessage({ messageId: 'kept', scope, sentAt: new Date(120_000), counted: 2, mail });
  await assert.rejects(
    db.transaction(async () => {
      await store.addMessage({ messageId: 'lost', scope, sentAt: new Date(120_001), counted: 5, mail });
      throw new Error('rollback');
    }),
    /rollback/,
  );
  assert.equal(await store.countedSince(scope, new Date(0)), 2);
  await db.close();
});

test('a database sent from before the per-minute totals gets them backfilled', async () => {
  const db = await openTestDatabase(sendingMigrations.slice(0, 1));
  const store = new SendingStore(db);
  await store.addMessage({ messageId: 'a', scope, sentAt: new Date(-90_000), counted: 1, mail });
  await store.addMessage({ messageId: 'b', scope, sentAt: new Date(30_000), counted: 2, mail });
  await store.addMessage({ messageId: 'c', scope, sentAt: new Date(150_000), counted: 4, mail });
  await migrate(db, sendingMigrations);
  assert.equal(await store.countedSince(scope, new Date(-100_000)), 7);
  assert.equal(await store.countedSince(scope, new Date(29_999)), 6);
  assert.equal(await store.countedSince(scope, new Date(30_000)), 4);
  await db.close();
});
