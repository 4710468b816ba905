import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { migrate, type Migration } from './migrations.js';
import { openDatabase } from './open.js';
import { SqliteDatabase } from './sqlite.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const a1: Migration = { context: 'a', version: 1, name: 'one', up: 'CREATE TABLE a1 (x INTEGER)' };
const a2: Migration = {
  context: 'a',
  version: 2,
  name: 'two',
  up: async (db) => {
    await db.run('INSERT INTO a1 (x) VALUES (?)', [42]);
  },
};
const b1: Migration = { context: 'b', version: 1, name: 'one', up: 'CREATE TABLE b1 (y TEXT)' };

test('migrations apply once, in order, and are recorded; reopening a file applies nothing again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinpost-mig-'));
  dirs.push(dir);
  const first = await openDatabase({ data: dir, migrations: [a2, b1, a1] });
  assert.deepEqual(
    await first.all('SELECT context, version, name FROM pinpost_migrations ORDER BY context, version'),
    [
      { context: 'a', version: 1, name: 'one' },
      { context: 'a', version: 2, name: 'two' },
      { context: 'b', version: 1, name: 'one' },
    ],
  );
  await first.close();
  const db = SqliteDatabase.open(join(dir, 'pinpost.db'));
  assert.deepEqual(await migrate(db, [a1, a2, b1]), []);
  // a2 inserts a row: had it run twice there would be two.
  assert.deepEqual(await db.all('SELECT x FROM a1'), [{ x: 42 }]);
  await db.close();
});

test('a later migration is applied to an existing database', async () => {
  const db = SqliteDatabase.open(':memory:');
  await migrate(db, [a1]);
  assert.deepEqual(await migrate(db, [a1, a2]), [{ context: 'a', version: 2, name: 'two' }]);
  await db.close();
});

test('a failing migration leaves neither its schema nor its record', async () => {
  const db = SqliteDatabase.open(':memory:');
  const bad: Migration = {
    context: 'c',
    version: 1,
    name: 'bad',
    up: 'CREATE TABLE c1 (x INTEGER); INSERT INTO nowhere VALUES (1);',
  };
  await assert.rejects(migrate(db, [bad]), /nowhere/);
  assert.equal(await db.get("SELECT name FROM sqlite_master WHERE name = 'c1'"), undefined);
  assert.deepEqual(await db.all('SELECT * FROM pinpost_migrations'), []);
  await db.close();
});

test('a gap in a context numbering is refused', async () => {
  const db = SqliteDatabase.open(':memory:');
  await assert.rejects(migrate(db, [a2]), /numbered 1\.\.n/);
  await db.close();
});
