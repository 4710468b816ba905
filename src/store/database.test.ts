/**
 * The Database contract both engines keep: run with `PINPOST_TEST_DATABASE` set, these run on
 * PostgreSQL (`node scripts/run-tests.mjs --postgres`), otherwise on SQLite.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestDatabase, testData } from '../../test/support/database.js';
import { openDatabase } from './index.js';
import type { Migration } from './migrations.js';

const schema: Migration[] = [
  {
    context: 't',
    version: 1,
    name: 'items',
    up: `CREATE TABLE items (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL)`,
  },
];
const insert = 'INSERT INTO items (k, v) VALUES (?, ?)';

test('a thrown error rolls the whole transaction back', async () => {
  const db = await openTestDatabase(schema);
  await assert.rejects(
    db.transaction(async () => {
      await db.run(insert, ['a', 1]);
      await db.run(insert, ['b', 2]);
      throw new Error('bad input');
    }),
    /bad input/,
  );
  assert.deepEqual(await db.all('SELECT k FROM items'), []);
  await db.close();
});

test('a nested transaction that fails rolls back with its outer one', async () => {
  const db = await openTestDatabase(schema);
  await assert.rejects(
    db.transaction(async () => {
      await db.run(insert, ['outer', 1]);
      await db.transaction(() => db.run(insert, ['outer', 2]));
    }),
  );
  assert.equal((await db.get<{ n: number }>('SELECT count(*) AS n FROM items'))?.n, 0);
  await db.close();
});

test('a nested failure caught inside keeps the outer writes and drops only its own', async () => {
  const db = await openTestDatabase(schema);
  await db.transaction(async () => {
    await db.run(insert, ['kept', 1]);
    await db
      .transaction(async () => {
        await db.run(insert, ['dropped', 2]);
        throw new Error('inner');
      })
      .catch(() => undefined);
    assert.equal(db.inTransaction, true);
  });
  assert.equal(db.inTransaction, false);
  assert.deepEqual(await db.all('SELECT k FROM items ORDER BY k'), [{ k: 'kept' }]);
  await db.close();
});

test('a constraint violation in the middle leaves nothing half-written', async () => {
  const db = await openTestDatabase(schema);
  await assert.rejects(
    db.transaction(async () => {
      await db.run(insert, ['x', 1]);
      await db.run(insert, ['y', null]);
    }),
  );
  assert.equal((await db.get<{ n: number }>('SELECT count(*) AS n FROM items'))?.n, 0);
  await db.close();
});

test('counts, 64-bit integers and sums come back as numbers; changes are counted', async () => {
  const db = await openTestDatabase(schema);
  const ms = Date.UTC(2026, 11, 5);
  await db.run(insert, ['t', ms]);
  await db.run(insert, ['u', 2]);
  const row = await db.get<{ n: number; s: number; v: number }>(
    "SELECT count(*) AS n, sum(v) AS s, max(v) AS v FROM items WHERE k IN ('t', 'u')",
  );
  assert.deepEqual(row, { n: 2, s: ms + 2, v: ms });
  assert.equal((await db.run('UPDATE items SET v = v + 1')).changes, 2);
  await db.close();
});

test('identity columns number rows and RETURNING gives the number', async () => {
  const db = await openTestDatabase(schema);
  const a = await db.get<{ id: number }>('INSERT INTO log (doc) VALUES (?) RETURNING id', ['{}']);
  const b = await db.get<{ id: number }>('INSERT INTO log (doc) VALUES (?) RETURNING id', ['{}']);
  assert.equal(typeof a?.id, 'number');
  assert.equal(b!.id, a!.id + 1);
  await db.close();
});

test('text orders bytewise on both engines (pages come out the same)', async () => {
  const db = await openTestDatabase(schema);
  for (const k of ['b', 'B', 'a', '_', 'A']) await db.run(insert, [k, 0]);
  const keys = (await db.all<{ k: string }>('SELECT k FROM items ORDER BY k')).map((r) => r.k);
  assert.deepEqual(keys, ['A', 'B', '_', 'a', 'b']);
  await db.close();
});

test('a JSON field and a case-insensitive LIKE read the same on both engines', async () => {
  const db = await openTestDatabase(schema);
  await db.run('INSERT INTO log (doc) VALUES (?)', [JSON.stringify({ State: 'ACTIVE', a: { b: 'Deep' } })]);
  const d = db.dialect;
  const fixed = await db.get<{ s: string }>(`SELECT ${d.jsonText('doc', "'$.State'")} AS s FROM log`);
  assert.equal(fixed?.s, 'ACTIVE');
  const bound = await db.get<{ s: string }>(`SELECT ${d.jsonText('doc', '?')} AS s FROM log`, ['$.a.b']);
  assert.equal(bound?.s, 'Deep');
  const hit = await db.all(`SELECT id FROM log WHERE ${d.likeInsensitive('doc', '?')}`, ['%deep%']);
  assert.equal(hit.length, 1);
  await db.close();
});

test('exclusive runs one holder at a time', async () => {
  const db = await openTestDatabase(schema);
  const order: string[] = [];
  const hold = (name: string) =>
    db.exclusive('test-lock', async () => {
      order.push(`${name}+`);
      await new Promise((r) => setTimeout(r, 20));
      order.push(`${name}-`);
    });
  await Promise.all([hold('a'), hold('b')]);
  // Either may go first; neither enters while the other holds it.
  assert.ok(order.join() === 'a+,a-,b+,b-' || order.join() === 'b+,b-,a+,a-', order.join());
  await db.close();
});

test('afterCommit runs once the transaction committed, never for rolled-back work', async () => {
  const db = await openTestDatabase(schema);
  const seen: string[] = [];
  await db.transaction(async () => {
    await db.run(insert, ['a', 1]);
    await db.afterCommit(async () => {
      // Outside the transaction, after its commit: the row is there for anyone.
      assert.equal(db.inTransaction, false);
      seen.push(`after a: ${(await db.all('SELECT k FROM items')).length}`);
    });
    await db
      .transaction(async () => {
        await db.afterCommit(() => void seen.push('never: its savepoint rolled back'));
        throw new Error('inner');
      })
      .catch(() => undefined);
    seen.push('end of transaction');
  });
  await assert.rejects(
    db.transaction(async () => {
      await db.afterCommit(() => void seen.push('never: rolled back'));
      throw new Error('outer');
    }),
  );
  await db.afterCommit(() => void seen.push('outside: at once'));
  assert.deepEqual(seen, ['end of transaction', 'after a: 1', 'outside: at once']);
  await db.close();
});

test('signal: listeners hear it after the commit, never for rolled-back work, until they stop', async () => {
  const db = await openTestDatabase(schema);
  const heard: string[] = [];
  let told!: () => void;
  let next = new Promise<void>((r) => (told = r));
  const stop = await db.onSignal('items_changed', () => {
    heard.push('items_changed');
    told();
  });
  await assert.rejects(
    db.transaction(async () => {
      await db.signal('items_changed');
      throw new Error('rolled back');
    }),
  );
  await db.transaction(async () => {
    await db.run(insert, ['a', 1]);
    await db.signal('items_changed');
    assert.deepEqual(heard, [], 'not before the commit');
  });
  await next;
  assert.deepEqual(heard, ['items_changed']);
  stop();
  next = new Promise<void>((r) => (told = r));
  await db.signal('items_changed');
  // Another listener proves the signal went out; the stopped one must not have heard it.
  const other = await db.onSignal('items_changed', () => told());
  await db.signal('items_changed');
  await next;
  other();
  assert.deepEqual(heard, ['items_changed']);
  assert.throws(() => void db.signal('Not-An-Identifier'), /is not a lower-case identifier/);
  await db.close();
});

test('holdUntilCommit: a second transaction taking the same name waits for the first one to commit', async () => {
  const db = await openTestDatabase(schema);
  const order: string[] = [];
  let holding!: () => void;
  const held = new Promise<void>((r) => (holding = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const first = db.transaction(async () => {
    await db.holdUntilCommit('numbering');
    await db.run('INSERT INTO log (doc) VALUES (?)', ['first']);
    holding();
    await released;
    order.push('first commits');
  });
  await held;
  const second = db.transaction(async () => {
    await db.holdUntilCommit('numbering');
    // On PostgreSQL the lock is taken with the next statement (Database.write), which waits for it.
    await db.run('INSERT INTO log (doc) VALUES (?)', ['second']);
    order.push('second holds');
  });
  // Give the second transaction every chance to get past the lock if it were not held.
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(order, []);
  release();
  await Promise.all([first, second]);
  assert.deepEqual(order, ['first commits', 'second holds']);
  assert.deepEqual(
    (await db.all<{ doc: string }>('SELECT doc FROM log ORDER BY id')).map((r) => r.doc),
    ['first', 'second'],
  );
  await db.close();
});

test('processes starting together on a new schema all open it (PostgreSQL creates it once)', async () => {
  // Under `--postgres` testData() names a schema of its own: each round's five first statements race.
  for (let round = 0; round < 10; round++) {
    const data = testData();
    const opened = await Promise.allSettled(
      Array.from({ length: 5 }, () => openDatabase({ data, migrations: [], poolSize: 2 })),
    );
    assert.deepEqual(
      opened.map((o) => (o.status === 'fulfilled' ? 'open' : String(o.reason))),
      ['open', 'open', 'open', 'open', 'open'],
    );
    for (const o of opened) if (o.status === 'fulfilled') await o.value.close();
  }
});

test('write-only transactions ending together commit together, and one that fails fails alone with its own error', async () => {
  const db = await openTestDatabase(schema);
  const trips = () => (db as { roundTrips?: number }).roundTrips ?? 0;
  const hooks: string[] = [];
  // Each waits at the gate holding its transaction open, so all of them end in one turn of the loop.
  let open!: () => void;
  let gate = new Promise<void>((r) => (open = r));
  const writeOnly = (k: string, v: number) =>
    db.transaction(async () => {
      await gate;
      await db.write(insert, [k, v]);
      await db.write('INSERT INTO log (doc) VALUES (?)', [k]);
      await db.afterCommit(() => void hooks.push(k));
    });
  await db.run(insert, ['taken', 0]);
  const before = trips();
  const started = [writeOnly('a', 1), writeOnly('b', 2), writeOnly('taken', 3), writeOnly('c', 4)];
  await new Promise((r) => setTimeout(r, 100));
  open();
  const outcomes = await Promise.allSettled(started);
  // PostgreSQL: one message for the four, refused; its rollback; each alone, and the one's rollback.
  if (db.dialect.name === 'postgres') assert.equal(trips() - before, 1 + 1 + 4 + 1);
  assert.deepEqual(
    outcomes.map((o) => o.status),
    ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
  );
  const refused = (outcomes[2] as PromiseRejectedResult).reason as Error & { code?: string };
  assert.match(String(refused.code ?? refused.message), /23505|CONSTRAINT/);
  assert.deepEqual(await db.all('SELECT k, v FROM items ORDER BY k'), [
    { k: 'a', v: 1 },
    { k: 'b', v: 2 },
    { k: 'c', v: 4 },
    { k: 'taken', v: 0 },
  ]);
  // Nothing of the failed one is left: neither its item nor its log row.
  assert.deepEqual(
    (await db.all<{ doc: string }>('SELECT doc FROM log ORDER BY doc')).map((r) => r.doc),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(hooks.sort(), ['a', 'b', 'c']);
  if (db.dialect.name === 'postgres') {
    const ok = trips();
    gate = new Promise<void>((r) => (open = r));
    const three = [writeOnly('d', 5), writeOnly('e', 6), writeOnly('f', 7)];
    await new Promise((r) => setTimeout(r, 100));
    open();
    await Promise.all(three);
    assert.equal(trips() - ok, 1, 'three transactions, one message');
  }
  await db.close();
});

test('write-only transactions committed together keep the order of one after another: identities, DO NOTHING, DO UPDATE', async () => {
  // On PostgreSQL their rows of one shape go as one INSERT (postgres-merged-inserts.ts).
  const db = await openTestDatabase(schema);
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const keep = 'INSERT INTO items (k, v) VALUES (?, ?) ON CONFLICT (k) DO NOTHING';
  const upsert = 'INSERT INTO items (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v';
  const hooks: string[] = [];
  const member = (n: number) =>
    db.transaction(async () => {
      await gate;
      await db.write('INSERT INTO log (doc) VALUES (?)', [`m${n}`]);
      await db.write(keep, ['first-wins', n]);
      // The same key in two transactions: a merged DO UPDATE refuses it; each alone then commits.
      // (Every member awaits as often as the others, so they reach their COMMITs in order.)
      await db.write(upsert, [n === 2 || n === 3 ? 'last-wins' : `own-${n}`, n]);
      await db.holdUntilCommit('order');
      await db.signal('items');
      await db.afterCommit(() => void hooks.push(`m${n}`));
      // The order they end in (the order each got its connection) is the order they commit in.
      ended.push(n);
    });
  const ended: number[] = [];
  const started = [1, 2, 3, 4].map(member);
  await new Promise((r) => setTimeout(r, 100));
  open();
  await Promise.all(started);
  assert.deepEqual(
    (await db.all<{ doc: string }>('SELECT doc FROM log ORDER BY id')).map((r) => r.doc),
    ended.map((n) => `m${n}`),
  );
  assert.deepEqual(await db.all('SELECT k, v FROM items ORDER BY k'), [
    { k: 'first-wins', v: ended[0] },
    { k: 'last-wins', v: ended.filter((n) => n === 2 || n === 3)[1] },
    { k: 'own-1', v: 1 },
    { k: 'own-4', v: 4 },
  ]);
  assert.deepEqual(hooks.sort(), ['m1', 'm2', 'm3', 'm4']);
  await db.close();
});
