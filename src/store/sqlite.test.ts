import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { DATABASE_FILE, openDatabase } from './open.js';
import type { Database } from './dialect.js';
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

const insert = 'INSERT INTO items (k, v) VALUES (?, ?)';

test('a file database is in WAL mode and keeps its rows across close and reopen', async () => {
  const dir = tempDir();
  const db = await openDatabase({ data: dir, migrations: schema });
  assert.equal((db as SqliteDatabase).journalMode, 'wal');
  await db.run(insert, ['a', 1]);
  await db.close();
  const again = await openDatabase({ data: dir, migrations: schema });
  assert.deepEqual(await again.all('SELECT k, v FROM items'), [{ k: 'a', v: 1 }]);
  await again.close();
});

test('statements are prepared once and reused', async () => {
  const db = SqliteDatabase.open(':memory:');
  await db.exec('CREATE TABLE t (x INTEGER)');
  for (let i = 0; i < 5; i++) await db.run('INSERT INTO t (x) VALUES (?)', [i]);
  await db.get('SELECT count(*) AS n FROM t');
  assert.equal(db.cachedStatements, 2);
  await db.close();
});

/** A transaction that inserts `in`, stays open until `release()`, then fails (its message). */
function rolledBackOnRelease(db: Database): { tx: Promise<string | undefined>; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const tx = db
    .transaction(async () => {
      await db.run(insert, ['in', 1]);
      await gate;
      throw new Error('rolled back');
    })
    .then(
      () => undefined,
      (err: Error) => err.message,
    );
  return { tx, release };
}

test('a statement from outside waits for the open transaction instead of joining it', async () => {
  const db = await openDatabase({ data: ':memory:', migrations: schema });
  const { tx, release } = rolledBackOnRelease(db);
  // Had this joined the transaction, the rollback would take it too.
  const outside = db.run(insert, ['out', 2]);
  const seenOutside = db.all<{ k: string }>('SELECT k FROM items');
  release();
  assert.equal(await tx, 'rolled back');
  await outside;
  // It waited: run inside, it would have seen the uncommitted `in`.
  assert.deepEqual(await seenOutside, [{ k: 'out' }]);
  assert.deepEqual(await db.all('SELECT k FROM items'), [{ k: 'out' }]);
  await db.close();
});

test('transactions from separate callers run one after the other, each whole', async () => {
  const db = await openDatabase({ data: ':memory:', migrations: schema });
  const order: string[] = [];
  await Promise.all(
    ['a', 'b', 'c'].map((k) =>
      db.transaction(async () => {
        order.push(`${k}:begin`);
        await db.run(insert, [k, 1]);
        await new Promise((r) => setImmediate(r));
        order.push(`${k}:end`);
      }),
    ),
  );
  assert.deepEqual(order, ['a:begin', 'a:end', 'b:begin', 'b:end', 'c:begin', 'c:end']);
  await db.close();
});

/** A second connection to the same file: it sees only what was committed. */
async function withReader(dir: string): Promise<{ committed: () => string[]; close: () => void }> {
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const reader = new BetterSqlite3(join(dir, DATABASE_FILE), { readonly: true });
  return {
    committed: () =>
      (reader.prepare('SELECT k FROM items ORDER BY k').all() as { k: string }[]).map((r) => r.k),
    close: () => reader.close(),
  };
}

test('group commit: transactions that waited share one COMMIT, and none is told it committed before it', async () => {
  const dir = tempDir();
  const db = await openDatabase({ data: dir, migrations: schema });
  const reader = await withReader(dir);
  const seenAtResolve: Record<string, string[]> = {};
  let releaseFirst!: () => void;
  const gate = new Promise<void>((r) => (releaseFirst = r));
  const runs = ['a', 'b', 'c', 'd'].map((k) =>
    db
      .transaction(async () => {
        await db.run(insert, [k, 1]);
        if (k === 'a') await gate; // the others queue behind `a`, and join its group
      })
      .then(() => (seenAtResolve[k] = reader.committed())),
  );
  await new Promise((r) => setImmediate(r));
  releaseFirst();
  await Promise.all(runs);
  // Each caller, when told, could read its row from another connection: it was committed.
  for (const k of ['a', 'b', 'c', 'd']) assert.ok(seenAtResolve[k]!.includes(k), `${k}: ${seenAtResolve[k]}`);
  // `a` was held back until the group committed: it already sees `d`.
  assert.deepEqual(seenAtResolve.a, ['a', 'b', 'c', 'd']);
  reader.close();
  await db.close();
});

test('group commit: a transaction that fails in a group rolls back alone; the others commit', async () => {
  const dir = tempDir();
  const db = await openDatabase({ data: dir, migrations: schema });
  let releaseFirst!: () => void;
  const gate = new Promise<void>((r) => (releaseFirst = r));
  const first = db.transaction(async () => {
    await db.run(insert, ['a', 1]);
    await gate;
  });
  const failing = db
    .transaction(async () => {
      await db.run(insert, ['b', 1]);
      await db.run(insert, ['a', 2]); // duplicate key: the whole of this transaction goes
    })
    .then(
      () => 'committed',
      (err: Error) => err.message,
    );
  const last = db.transaction(() => db.run(insert, ['c', 1]));
  releaseFirst();
  await first;
  assert.match(await failing, /UNIQUE/);
  await last;
  const reader = await withReader(dir);
  assert.deepEqual(reader.committed(), ['a', 'c']);
  reader.close();
  await db.close();
});

test('group commit: a statement from outside waits for the group to commit, never reading inside it', async () => {
  const db = await openDatabase({ data: ':memory:', migrations: schema });
  let releaseFirst!: () => void;
  const gate = new Promise<void>((r) => (releaseFirst = r));
  const first = db.transaction(async () => {
    await db.run(insert, ['a', 1]);
    await gate;
  });
  const second = db.transaction(async () => {
    await db.run(insert, ['b', 1]);
  });
  const outside = db.all<{ k: string }>('SELECT k FROM items ORDER BY k');
  releaseFirst();
  await Promise.all([first, second]);
  // Queued after `second`, it ran once the group holding `a` and `b` had committed.
  assert.deepEqual(await outside, [{ k: 'a' }, { k: 'b' }]);
  await db.close();
});

/** Resolves in the event loop's next check phase, as work that waited on I/O or a thread does. */
const nextTurn = () => new Promise<void>((r) => setImmediate(r));

test('group commit: transactions started in the same turn of the event loop, none waiting for another, share one COMMIT', async () => {
  const dir = tempDir();
  const db = (await openDatabase({ data: dir, migrations: schema })) as SqliteDatabase;
  const reader = await withReader(dir);
  const before = db.commits;
  const seenAtResolve: Record<string, string[]> = {};
  // Each starts once its own wait ends, after the one before it has finished its statements: no
  // transaction finds another holding the connection, so each would have committed alone.
  await Promise.all(
    ['a', 'b', 'c', 'd'].map((k) =>
      nextTurn()
        .then(() => db.transaction(() => db.run(insert, [k, 1])))
        .then(() => (seenAtResolve[k] = reader.committed())),
    ),
  );
  assert.equal(db.commits - before, 1);
  // None was told before the one COMMIT: the first already sees the last.
  assert.deepEqual(seenAtResolve.a, ['a', 'b', 'c', 'd']);
  reader.close();
  await db.close();
});

test('group commit: a statement from outside does not wait for the turn to end: it commits the group first, then runs on its own', async () => {
  const dir = tempDir();
  const db = (await openDatabase({ data: dir, migrations: schema })) as SqliteDatabase;
  const reader = await withReader(dir);
  let seenAfterStatement: string[] = [];
  const before = db.commits;
  const tx = nextTurn().then(() => db.transaction(() => db.run(insert, ['a', 1])));
  const outside = nextTurn().then(async () => {
    await db.run(insert, ['b', 1]);
    seenAfterStatement = reader.committed();
  });
  await Promise.all([tx, outside]);
  // The statement's own write was committed when it answered, and so was the group before it.
  assert.deepEqual(seenAfterStatement, ['a', 'b']);
  assert.equal(db.commits - before, 1);
  reader.close();
  await db.close();
});

test('group commit: closing the database commits a group whose COMMIT was put off to the end of the turn', async () => {
  // In memory, close has nothing to wait for: it closes within the turn the group was left in.
  const db = (await openDatabase({ data: ':memory:', migrations: schema })) as SqliteDatabase;
  const before = db.commits;
  const tx = nextTurn().then(() => db.transaction(() => db.run(insert, ['a', 1])));
  const closed = nextTurn().then(() => db.close());
  await Promise.all([tx, closed]);
  assert.equal(db.commits - before, 1);
});

test('file database: a read from outside an open transaction answers at once with what was committed', async () => {
  const db = await openDatabase({ data: tempDir(), migrations: schema });
  await db.run(insert, ['before', 1]);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let insideSaw: string[] = [];
  const tx = db.transaction(async () => {
    await db.run(insert, ['in', 1]);
    // Inside, on the writer: its own uncommitted row.
    insideSaw = (await db.all<{ k: string }>('SELECT k FROM items ORDER BY k')).map((r) => r.k);
    await gate;
  });
  await new Promise((r) => setImmediate(r));
  // The transaction is still open (waiting on the gate): the read neither waits for it nor sees in it.
  const outside = await db.all<{ k: string }>('SELECT k FROM items ORDER BY k');
  assert.deepEqual(outside, [{ k: 'before' }]);
  assert.deepEqual(await db.get<{ n: number }>('SELECT count(*) AS n FROM items'), { n: 1 });
  assert.deepEqual(insideSaw, ['before', 'in']);
  release();
  await tx;
  // Told it committed: every read from outside sees it.
  assert.deepEqual(await db.all('SELECT k FROM items ORDER BY k'), [{ k: 'before' }, { k: 'in' }]);
  await db.close();
});

test('file database: a statement that writes and returns rows still waits for the open transaction', async () => {
  const db = await openDatabase({ data: tempDir(), migrations: schema });
  const { tx, release } = rolledBackOnRelease(db);
  await new Promise((r) => setImmediate(r));
  let answered = false;
  const returning = db
    .get<{ k: string }>('INSERT INTO items (k, v) VALUES (?, ?) RETURNING k', ['out', 2])
    .then((row) => ((answered = true), row));
  await new Promise((r) => setImmediate(r));
  assert.equal(answered, false, 'a write waits for the connection');
  release();
  assert.equal(await tx, 'rolled back');
  // Had it run inside the open transaction, the rollback would have taken it too.
  assert.deepEqual(await returning, { k: 'out' });
  assert.deepEqual(await db.all('SELECT k FROM items'), [{ k: 'out' }]);
  await db.close();
});

test('file database: a read that cannot be prepared is a rejected promise, as on the writer', async () => {
  const db = await openDatabase({ data: tempDir(), migrations: schema });
  const answer = db.all('SELECT nope FROM items');
  assert.ok(answer instanceof Promise);
  await assert.rejects(answer, /no such column: nope/);
  await db.close();
});

test('file database: the checkpoint thread copies committed pages into the database file long before the writer would', async () => {
  const dir = tempDir();
  const db = (await openDatabase({ data: dir, migrations: schema })) as SqliteDatabase;
  const file = join(dir, DATABASE_FILE);
  const before = statSync(file).size;
  const pad = 'x'.repeat(2000);
  // ~1 MB in the WAL: far under wal_autocheckpoint (10,000 pages), so the writer never checkpoints.
  await db.transaction(async () => {
    for (let i = 0; i < 500; i++) await db.run(insert, [`${i}${pad}`, i]);
  });
  // A pass counts once it has synced, after the file has grown.
  const copied = () => statSync(file).size >= before + 500 * 2000 && db.checkpointPasses > 0;
  for (const deadline = Date.now() + 20_000; !copied() && Date.now() < deadline;)
    await new Promise((r) => setTimeout(r, 20));
  assert.ok(copied(), `the database file holds the rows (${statSync(file).size} bytes, ${before} before)`);
  assert.deepEqual(await db.get('SELECT count(*) AS n FROM items'), { n: 500 });
  // Stopping the thread is part of close: it returns, and the rows are there on reopening.
  await db.close();
  const again = await openDatabase({ data: dir, migrations: schema });
  assert.deepEqual(await again.get('SELECT count(*) AS n FROM items'), { n: 500 });
  await again.close();
});

test('file database: a process that never closes its database still exits (the checkpoint thread holds nothing)', () => {
  const sqlite = fileURLToPath(new URL('./sqlite.ts', import.meta.url));
  const code = `
    const { SqliteDatabase } = await import(${JSON.stringify(sqlite)});
    const db = SqliteDatabase.open(${JSON.stringify(join(tempDir(), 'left-open.db'))});
    await db.exec('CREATE TABLE t (x)');
    await db.transaction(() => db.run('INSERT INTO t (x) VALUES (1)'));
    // The thread has run (it starts with tsx loaded here, so give it time), then the script ends.
    for (let i = 0; i < 1000 && db.checkpointPasses === 0; i++) await new Promise((r) => setTimeout(r, 20));
    console.log('passes', db.checkpointPasses);`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(child.signal, null, 'it exited by itself, not killed at the timeout');
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /^passes [1-9]/);
});
