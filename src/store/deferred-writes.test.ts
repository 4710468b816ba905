/**
 * `Database.write`: on PostgreSQL a write inside a transaction travels with the next statement,
 * the end of its savepoint or the COMMIT (postgres.ts), its values written into the statement as
 * literals (postgres-literals.ts); on SQLite it runs at once. Either way a caller must see the same
 * thing: these run on both engines (`node scripts/run-tests.mjs --postgres` for PostgreSQL).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestDatabase } from '../../test/support/database.js';
import type { Migration } from './migrations.js';

const schema: Migration[] = [
  {
    context: 't',
    version: 1,
    name: 'items',
    up: 'CREATE TABLE items (k TEXT PRIMARY KEY, v INTEGER, t TEXT)',
  },
];
const insert = 'INSERT INTO items (k, v, t) VALUES (?, ?, ?)';
const keys = async (db: { all<T>(sql: string): Promise<T[]> }) =>
  (await db.all<{ k: string }>('SELECT k FROM items ORDER BY k')).map((r) => r.k);

test('writes commit with their transaction and a later read in it sees them', async () => {
  const db = await openTestDatabase(schema);
  const seen = await db.transaction(async () => {
    await db.write(insert, ['a', 1, null]);
    await db.write(insert, ['b', 2, null]);
    return db.get<{ n: number }>('SELECT count(*) AS n FROM items');
  });
  assert.equal(seen?.n, 2);
  assert.deepEqual(await keys(db), ['a', 'b']);
  await db.close();
});

test('a write that fails fails its transaction, with the engine error, and nothing of it stays', async () => {
  const db = await openTestDatabase(schema);
  await db.run(insert, ['taken', 1, null]);
  await assert.rejects(
    db.transaction(async () => {
      await db.write(insert, ['fresh', 1, null]);
      await db.write(insert, ['taken', 2, null]);
    }),
    (err: { code?: string; message: string }) =>
      // PostgreSQL's unique_violation; better-sqlite3's constraint code.
      err.code === '23505' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY',
  );
  assert.deepEqual(await keys(db), ['taken']);
  await db.close();
});

test('a write failing inside a savepoint is that savepoint’s: caught there, the outer writes commit', async () => {
  const db = await openTestDatabase(schema);
  await db.run(insert, ['taken', 1, null]);
  let caught = false;
  await db.transaction(async () => {
    await db.write(insert, ['outer', 1, null]);
    try {
      await db.transaction(async () => {
        await db.write(insert, ['inner', 1, null]);
        await db.write(insert, ['taken', 2, null]);
      });
    } catch {
      caught = true;
    }
    await db.write(insert, ['after', 1, null]);
  });
  assert.equal(caught, true);
  assert.deepEqual(await keys(db), ['after', 'outer', 'taken']);
  await db.close();
});

test('a write pending when a savepoint opens fails at the caller’s level, before the savepoint runs', async () => {
  const db = await openTestDatabase(schema);
  await db.run(insert, ['taken', 1, null]);
  let ran = false;
  await assert.rejects(
    db.transaction(async () => {
      await db.write(insert, ['taken', 2, null]);
      await db.transaction(async () => {
        ran = true;
        await db.write(insert, ['inner', 1, null]);
      });
    }),
  );
  // On SQLite the write failed at once, so the savepoint never opened either.
  assert.equal(ran, false);
  assert.deepEqual(await keys(db), ['taken']);
  await db.close();
});

test('a savepoint that fails before anything was sent leaves the outer writes to commit', async () => {
  const db = await openTestDatabase(schema);
  await db.transaction(async () => {
    await db.write(insert, ['outer', 1, null]);
    await db.transaction(async () => undefined);
    await db
      .transaction(async () => {
        await db.write(insert, ['inner', 1, null]);
        throw new Error('changed my mind');
      })
      .catch(() => undefined);
  });
  assert.deepEqual(await keys(db), ['outer']);
  await db.close();
});

test('values reach the row exactly: quotes, backslashes, placeholders, comments, numbers, NULL', async () => {
  const db = await openTestDatabase(schema);
  const texts = [
    "it's",
    "''",
    'back\\slash \\\\ and \\',
    "\\'; DROP TABLE items; --",
    'a ? and $1 and $$dollar$$',
    '-- not a comment\n/* nor this */',
    'émoji 🎉 and 日本語',
    '',
    'E',
  ];
  await db.transaction(async () => {
    for (const [i, t] of texts.entries()) await db.write(insert, [`k${i}`, i - 4, t]);
    await db.write(insert, ['big', 2 ** 31 + 5, null]);
    await db.write(insert, ['null', null, null]);
  });
  const rows = await db.all<{ k: string; v: number | null; t: string | null }>(
    'SELECT k, v, t FROM items ORDER BY k',
  );
  const byKey = new Map(rows.map((r) => [r.k, r]));
  for (const [i, t] of texts.entries()) {
    assert.equal(byKey.get(`k${i}`)?.t, t);
    assert.equal(byKey.get(`k${i}`)?.v, i - 4);
  }
  assert.equal(byKey.get('big')?.v, 2 ** 31 + 5);
  assert.deepEqual(byKey.get('null'), { k: 'null', v: null, t: null });
  await db.close();
});

test('a read after pending writes answers with its own rows, its values written in too', async () => {
  const db = await openTestDatabase(schema);
  const row = await db.transaction(async () => {
    await db.write(insert, ["o'k", 7, 'x']);
    return db.get<{ k: string; v: number }>('SELECT k, v FROM items WHERE k = ? AND v > ?', ["o'k", 6]);
  });
  assert.deepEqual(row, { k: "o'k", v: 7 });
  await db.close();
});

test('a failure caught and swallowed inside a transaction does not pass for a commit on PostgreSQL', async () => {
  const db = await openTestDatabase(schema);
  const done = db.transaction(async () => {
    await db.write(insert, ['a', 1, null]);
    // A failing statement: PostgreSQL ends the transaction there; SQLite goes on.
    await db.get('SELECT v FROM items WHERE v = nosuchcolumn').catch(() => undefined);
  });
  if (db.dialect.name === 'postgres') {
    await assert.rejects(done, /rolled back/);
    assert.deepEqual(await keys(db), []);
  } else {
    await done;
    assert.deepEqual(await keys(db), ['a']);
  }
  await db.close();
});

test('text holding NUL is refused on PostgreSQL as its parameters are (22021); SQLite stores it', async () => {
  const db = await openTestDatabase(schema);
  const done = db.transaction(() => db.write(insert, ['nul', 1, 'a\0b']));
  if (db.dialect.name === 'postgres') {
    await assert.rejects(done, (err: { code?: string }) => err.code === '22021');
    assert.deepEqual(await keys(db), []);
    // Outside a transaction it goes as a parameter, and the server refuses it the same way.
    await assert.rejects(
      db.write(insert, ['nul', 1, 'a\0b']),
      (err: { code?: string }) => err.code === '22021',
    );
  } else {
    await done;
    assert.equal((await db.get<{ t: string }>('SELECT t FROM items'))?.t, 'a\0b');
  }
  await db.close();
});
