import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openDatabase } from './open.js';
import { SqliteDatabase } from './sqlite.js';
import type { Migration } from './migrations.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pinpost-store-'));
  dirs.push(d);
  return d;
}

const schema: Migration[] = [
  {
    context: 't',
    version: 1,
    name: 'items',
    up: 'CREATE TABLE items (k TEXT PRIMARY KEY, v INTEGER NOT NULL)',
  },
];

test('a file database is in WAL mode and keeps its rows across close and reopen', () => {
  const dir = tempDir();
  const db = openDatabase({ data: dir, migrations: schema });
  assert.equal((db as SqliteDatabase).journalMode, 'wal');
  db.run('INSERT INTO items (k, v) VALUES (?, ?)', ['a', 1]);
  db.close();
  const again = openDatabase({ data: dir, migrations: schema });
  assert.deepEqual(again.all('SELECT k, v FROM items'), [{ k: 'a', v: 1 }]);
  again.close();
});

test('a thrown error rolls the whole transaction back', () => {
  const db = openDatabase({ data: ':memory:', migrations: schema });
  assert.throws(
    () =>
      db.transaction(() => {
        db.run('INSERT INTO items (k, v) VALUES (?, ?)', ['a', 1]);
        db.run('INSERT INTO items (k, v) VALUES (?, ?)', ['b', 2]);
        throw new Error('bad input');
      }),
    /bad input/,
  );
  assert.deepEqual(db.all('SELECT k FROM items'), []);
  db.close();
});

test('a nested transaction that fails rolls back with its outer one', () => {
  const db = openDatabase({ data: ':memory:', migrations: schema });
  assert.throws(() =>
    db.transaction(() => {
      db.run('INSERT INTO items (k, v) VALUES (?, ?)', ['outer', 1]);
      db.transaction(() => db.run('INSERT INTO items (k, v) VALUES (?, ?)', ['outer', 2]));
    }),
  );
  assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM items')?.n, 0);
  db.close();
});

test('a constraint violation in the middle leaves nothing half-written', () => {
  const db = openDatabase({ data: ':memory:', migrations: schema });
  assert.throws(() =>
    db.transaction(() => {
      db.run('INSERT INTO items (k, v) VALUES (?, ?)', ['x', 1]);
      db.run('INSERT INTO items (k, v) VALUES (?, ?)', ['y', null]);
    }),
  );
  assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM items')?.n, 0);
  db.close();
});

test('statements are prepared once and reused', () => {
  const db = SqliteDatabase.open(':memory:');
  db.exec('CREATE TABLE t (x INTEGER)');
  for (let i = 0; i < 5; i++) db.run('INSERT INTO t (x) VALUES (?)', [i]);
  db.get('SELECT count(*) AS n FROM t');
  assert.equal(db.cachedStatements, 2);
  db.close();
});
