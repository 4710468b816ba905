import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withLiterals } from './postgres-literals.js';
import { insertShape, mergeStatements, type QueuedStatement } from './postgres-merged-inserts.js';

/** A statement queued as postgres.ts queues a write. */
function write(sql: string, params: (string | number | null)[] = []): QueuedStatement {
  const shape = insertShape(sql);
  if (!shape) return { sql: withLiterals(sql, params) };
  const values = withLiterals(shape.row, params);
  return { sql: shape.head + values + shape.tail, row: { shape, values } };
}
const once = (sql: string): QueuedStatement => ({ sql, once: true });

const EVENT = 'INSERT INTO events (k, doc) VALUES (?, ?)';
const JOB = `INSERT INTO jobs (kind, job_key, attempts)
       VALUES (?, ?, 0) ON CONFLICT (kind, job_key) DO NOTHING`;

test('rows of one shape from several transactions become one INSERT where the first stood, in their order', () => {
  const sends = [1, 2, 3].flatMap((n) => [
    write(EVENT, [`e${n}`, `{"n":${n}}`]),
    write(JOB, ['mail', `j${n}`]),
  ]);
  assert.deepEqual(mergeStatements(sends), [
    `INSERT INTO events (k, doc) VALUES ('e1', '{"n":1}'), ('e2', '{"n":2}'), ('e3', '{"n":3}')`,
    "INSERT INTO jobs (kind, job_key, attempts) VALUES ('mail', 'j1', 0), ('mail', 'j2', 0), ('mail', 'j3', 0) ON CONFLICT (kind, job_key) DO NOTHING",
  ]);
});

test('values that look like SQL stay values: quotes, semicolons, parentheses and question marks', () => {
  const tricky = ["it's (a) test; DROP TABLE events; --", 'back\\slash ?', null, 7];
  const merged = mergeStatements([
    write('INSERT INTO t (a, b) VALUES (?, ?)', tricky.slice(0, 2)),
    write('INSERT INTO t (a, b) VALUES (?, ?)', tricky.slice(2)),
  ]);
  assert.deepEqual(merged, [
    "INSERT INTO t (a, b) VALUES (E'it''s (a) test; DROP TABLE events; --', E'back\\\\slash ?'), (NULL, '7')",
  ]);
});

test('a statement naming the table ends the merged INSERT; rows after it start another', () => {
  const merged = mergeStatements([
    write(EVENT, ['e1', 'a']),
    write('UPDATE counters SET n = n + 1 WHERE name = ?', ['x']),
    write(EVENT, ['e2', 'b']),
    write('DELETE FROM events WHERE k = ?', ['e1']),
    write(EVENT, ['e3', 'c']),
    write(EVENT, ['e4', 'd']),
  ]);
  assert.deepEqual(merged, [
    "INSERT INTO events (k, doc) VALUES ('e1', 'a'), ('e2', 'b')",
    "UPDATE counters SET n = n + 1 WHERE name = 'x'",
    "DELETE FROM events WHERE k = 'e1'",
    "INSERT INTO events (k, doc) VALUES ('e3', 'c'), ('e4', 'd')",
  ]);
});

test('an INSERT of another shape into the same table ends the merged one, so rows never pass it', () => {
  const other = 'INSERT INTO events (k) VALUES (?) ON CONFLICT (k) DO NOTHING';
  assert.deepEqual(
    mergeStatements([write(EVENT, ['e1', 'a']), write(other, ['e1']), write(EVENT, ['e2', 'b'])]),
    [
      "INSERT INTO events (k, doc) VALUES ('e1', 'a')",
      "INSERT INTO events (k) VALUES ('e1') ON CONFLICT (k) DO NOTHING",
      "INSERT INTO events (k, doc) VALUES ('e2', 'b')",
    ],
  );
});

test('statements that read, return or hold more than one row are sent as they are', () => {
  const kept = [
    'INSERT INTO t (a) SELECT a FROM u',
    'INSERT INTO t (a) VALUES ((SELECT max(a) FROM u))',
    'INSERT INTO t (a) VALUES (?) RETURNING a',
    'INSERT INTO t (a) VALUES (?), (?)',
    'INSERT INTO t AS x (a) VALUES (?)',
    'INSERT INTO t (a) VALUES (?) ON CONFLICT (a) DO UPDATE SET a = ?',
    'INSERT INTO t (a) VALUES (?) ON CONFLICT (a) DO UPDATE SET a = (SELECT 1 FROM u)',
    'INSERT INTO t (a) VALUES (lower(?))',
  ];
  for (const sql of kept) assert.equal(insertShape(sql), undefined, sql);
  const upsert = 'INSERT INTO t (a, b) VALUES (?, ?) ON CONFLICT (a) DO UPDATE SET b = excluded.b';
  assert.deepEqual(insertShape(upsert)?.tail, ' ON CONFLICT (a) DO UPDATE SET b = excluded.b');
});

test('a lock or NOTIFY marked once runs once, where it first stood; anything else is kept every time', () => {
  const lock = once("SELECT pg_advisory_xact_lock(hashtext('public:seq'))");
  const notify = once("SELECT pg_notify('arrivals', NULL)");
  const other = once("SELECT pg_notify('other', NULL)");
  const bump = write("UPDATE runs SET n = n + 1 WHERE id = 'r'");
  assert.deepEqual(
    mergeStatements([
      lock,
      write(EVENT, ['e1', 'a']),
      notify,
      bump,
      lock,
      write(EVENT, ['e2', 'b']),
      notify,
      other,
      bump,
    ]),
    [
      lock.sql,
      "INSERT INTO events (k, doc) VALUES ('e1', 'a'), ('e2', 'b')",
      notify.sql,
      bump.sql,
      other.sql,
      bump.sql,
    ],
  );
});
