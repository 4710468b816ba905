import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generationsOf, runInTransaction, runWithGenerations, transactionOf } from './async-context.js';
import { openDatabase } from './open.js';
import type { Migration } from './migrations.js';

const schema: Migration[] = [
  { context: 't', version: 1, name: 'items', up: 'CREATE TABLE items (k TEXT PRIMARY KEY)' },
];

test('each database finds its own transaction, whichever was opened inside the other', async () => {
  const one = {};
  const two = {};
  const txOne = { n: 1 };
  const txTwo = { n: 2 };
  await runInTransaction(one, txOne, async () => {
    await runInTransaction(two, txTwo, async () => {
      await null;
      assert.equal(transactionOf(one), txOne);
      assert.equal(transactionOf(two), txTwo);
    });
    assert.equal(transactionOf(two), undefined);
  });
  assert.equal(transactionOf(one), undefined);
});

test("a request's generation snapshot holds inside its transactions, and a snapshot opened inside one keeps the transaction", async () => {
  const db = {};
  const tx = {};
  const outer = new Map();
  const inner = new Map();
  await runWithGenerations(outer, () =>
    runInTransaction(db, tx, async () => {
      await null;
      assert.equal(generationsOf(), outer);
      await runWithGenerations(inner, async () => {
        await null;
        assert.equal(generationsOf(), inner);
        assert.equal(transactionOf(db), tx);
      });
    }),
  );
  assert.equal(generationsOf(), undefined);
});

test('a statement on one SQLite database inside its transaction runs there while a transaction on another is open inside it', async () => {
  const first = await openDatabase({ data: ':memory:', migrations: schema });
  const second = await openDatabase({ data: ':memory:', migrations: schema });
  await first.transaction(async () => {
    await first.run('INSERT INTO items (k) VALUES (?)', ['a']);
    await second.transaction(async () => {
      await second.run('INSERT INTO items (k) VALUES (?)', ['b']);
      // Inside `first`'s transaction: it sees its own uncommitted row, and does not wait for itself.
      assert.deepEqual(await first.all('SELECT k FROM items'), [{ k: 'a' }]);
      await first.run('INSERT INTO items (k) VALUES (?)', ['c']);
    });
  });
  assert.deepEqual(await first.all('SELECT k FROM items ORDER BY k'), [{ k: 'a' }, { k: 'c' }]);
  assert.deepEqual(await second.all('SELECT k FROM items'), [{ k: 'b' }]);
  await first.close();
  await second.close();
});
