/**
 * Which tables a maintenance pass picks (postgres-vacuum.ts): autovacuum's own rules, from
 * PostgreSQL's documentation, "The Autovacuum Daemon"
 * (https://www.postgresql.org/docs/15/routine-vacuuming.html#AUTOVACUUM), with the server's default
 * settings. The passes themselves run against a server in test/postgres/vacuum.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { due, type TableCounts, type VacuumSettings } from './postgres-vacuum.js';

/** PostgreSQL 15's defaults, autovacuum off. */
const defaults: VacuumSettings = {
  autovacuum: false,
  version: 150000,
  vacuumThreshold: 50,
  vacuumScaleFactor: 0.2,
  insertThreshold: 1000,
  insertScaleFactor: 0.2,
  analyzeThreshold: 50,
  analyzeScaleFactor: 0.1,
};

const table = (name: string, counts: Partial<TableCounts>): TableCounts => ({
  name,
  reltuples: 1000,
  deadRows: 0,
  insertedSinceVacuum: 0,
  modifiedSinceAnalyze: 0,
  ...counts,
});

test('dead rows above 50 + 20% of reltuples call for VACUUM (ANALYZE); at the threshold, nothing', () => {
  // 1,000 rows: the threshold is 250 dead rows.
  assert.deepEqual(due(defaults, [table('at', { deadRows: 250 }), table('over', { deadRows: 251 })]), [
    { name: 'over', vacuum: true },
  ]);
});

test('a table never vacuumed or analyzed (reltuples -1) counts as empty: 51 dead rows are enough', () => {
  assert.deepEqual(due(defaults, [table('jobs', { reltuples: -1, deadRows: 51 })]), [
    { name: 'jobs', vacuum: true },
  ]);
  assert.deepEqual(due(defaults, [table('jobs', { reltuples: -1, deadRows: 50 })]), []);
});

test('inserts since the last vacuum above 1,000 + 20% of reltuples call for a vacuum (PostgreSQL 13 on)', () => {
  const events = table('events', { insertedSinceVacuum: 1201, modifiedSinceAnalyze: 1201 });
  assert.deepEqual(due(defaults, [events]), [{ name: 'events', vacuum: true }]);
  // Before 13 the server kept no such count: only the analyze rule applies.
  const { insertedSinceVacuum: _, ...old } = events;
  assert.deepEqual(due({ ...defaults, version: 120000 }, [old]), [{ name: 'events', vacuum: false }]);
});

test('rows changed since the last analyze above 50 + 10% of reltuples call for ANALYZE alone', () => {
  assert.deepEqual(
    due(defaults, [table('at', { modifiedSinceAnalyze: 150 }), table('over', { modifiedSinceAnalyze: 151 })]),
    [{ name: 'over', vacuum: false }],
  );
});

test("the server's own settings set the thresholds", () => {
  const strict = { ...defaults, vacuumThreshold: 0, vacuumScaleFactor: 0.01 };
  assert.deepEqual(due(strict, [table('jobs', { deadRows: 11 })]), [{ name: 'jobs', vacuum: true }]);
  assert.deepEqual(due(strict, [table('jobs', { deadRows: 10 })]), []);
});

test('with autovacuum on, nothing: the server does it', () => {
  const busy = table('jobs', { deadRows: 1e6, insertedSinceVacuum: 1e6, modifiedSinceAnalyze: 1e6 });
  assert.deepEqual(due({ ...defaults, autovacuum: true }, [busy]), []);
});
