/**
 * A maintenance pass against a real server (src/store/postgres-vacuum.ts; run by `run-tests
 * --postgres` only). Where the server's autovacuum is off (this project's CI server), a pass vacuums
 * or analyzes the tables autovacuum's rules pick, one process of a cluster at a time, and leaves a
 * table someone holds locked for the next pass; where it is on, a pass does nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createMetrics } from '../../src/server/metrics/registry.js';
import { refreshStore } from '../../src/server/metrics/store-metrics.js';
import { openDatabase, PostgresDatabase } from '../../src/store/index.js';
import { scratchDatabase, type ScratchDatabase } from '../support/postgres.js';

let scratch: ScratchDatabase;
let db: PostgresDatabase;
let admin: pg.Client;
let autovacuum: boolean;

const migrations = [
  {
    context: 'vacuum',
    version: 1,
    name: 'tables',
    up: `CREATE TABLE churn (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);
CREATE TABLE appended (id INTEGER PRIMARY KEY);
CREATE TABLE calm (id INTEGER PRIMARY KEY)`,
  },
];

interface Stats {
  relname: string;
  n_dead_tup: number;
  n_mod_since_analyze: number;
  vacuum_count: number;
  analyze_count: number;
}

async function stats(): Promise<Map<string, Stats>> {
  // A new transaction each time: statistics are read once per transaction.
  const r = await admin.query<Stats>(
    `SELECT relname, n_dead_tup::int, n_mod_since_analyze::int, vacuum_count::int, analyze_count::int
     FROM pg_stat_user_tables WHERE schemaname = 'public'`,
  );
  return new Map(r.rows.map((s) => [s.relname, s]));
}

/**
 * Writes through `admin`, whose counts then reach the statistics when it next goes idle
 * (PostgreSQL 15's pg_stat_force_next_flush; before 15, within about ten seconds).
 */
async function write(sql: string): Promise<void> {
  await admin.query(sql);
  const version = Number((await admin.query<{ v: string }>('SHOW server_version_num')).rows[0]!.v);
  if (version >= 150000) await admin.query('SELECT pg_stat_force_next_flush()');
}

/** Backends report their counts to the statistics within seconds, not at once. */
async function until(check: (s: Map<string, Stats>) => boolean): Promise<Map<string, Stats>> {
  for (let i = 0; ; i++) {
    const s = await stats();
    if (check(s)) return s;
    if (i === 300) throw new Error(`statistics never showed the writes: ${JSON.stringify([...s.values()])}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  scratch = await scratchDatabase('vacuum');
  const opened = await openDatabase({ data: scratch.url, migrations, poolSize: 2 });
  assert.ok(opened instanceof PostgresDatabase);
  db = opened;
  admin = new pg.Client({ connectionString: scratch.url });
  await admin.connect();
  autovacuum = (await admin.query<{ autovacuum: string }>('SHOW autovacuum')).rows[0]!.autovacuum === 'on';
  // 2,000 rows in and out of `churn` (dead rows), 100 into `appended` (to analyze), 10 into `calm`.
  await write(`INSERT INTO churn SELECT g, g FROM generate_series(1, 2000) g;
DELETE FROM churn;
INSERT INTO appended SELECT g FROM generate_series(1, 100) g;
INSERT INTO calm SELECT g FROM generate_series(1, 10) g`);
  await until((s) => s.get('churn')!.n_dead_tup >= 2000 && s.get('calm')!.n_mod_since_analyze >= 10);
});

after(async () => {
  await admin.end();
  await db.close();
  await scratch.drop();
});

test('a pass waits while another process holds it, then vacuums what autovacuum would', async () => {
  if (autovacuum) {
    assert.deepEqual(await db.vacuum.pass(), { outcome: 'server', vacuumed: [], analyzed: [], skipped: [] });
    return;
  }
  // Another process's pass: the per-schema lock the store takes (its key, as postgres.ts makes it).
  const other = new pg.Client({ connectionString: scratch.url });
  await other.connect();
  await other.query(`SELECT pg_advisory_lock(hashtext('public:pinpost-vacuum'))`);
  assert.deepEqual(await db.vacuum.pass(), { outcome: 'busy', vacuumed: [], analyzed: [], skipped: [] });
  assert.equal((await stats()).get('churn')!.vacuum_count, 0);
  await other.end();

  const pass = await db.vacuum.pass();
  assert.equal(pass.outcome, 'ran');
  // 2,000 dead rows > 50 (never analyzed: reltuples counts as 0); 100 inserted > 50 to analyze,
  // below the 1,000 that would vacuum; 10 < 50: untouched.
  assert.ok(pass.vacuumed.includes('churn'), JSON.stringify(pass));
  assert.ok(pass.analyzed.includes('appended'), JSON.stringify(pass));
  assert.ok(![...pass.vacuumed, ...pass.analyzed].includes('calm'), JSON.stringify(pass));
  assert.deepEqual(pass.skipped, []);
  const s = await stats();
  assert.equal(s.get('churn')!.vacuum_count, 1);
  assert.equal(s.get('churn')!.n_dead_tup, 0);
  assert.equal(s.get('appended')!.vacuum_count, 0);
  assert.equal(s.get('appended')!.analyze_count, 1);
  assert.equal(s.get('calm')!.analyze_count, 0);

  // Scraped: what this process did, by operation.
  const metrics = createMetrics();
  await refreshStore(metrics, db, scratch.url);
  const counts = (await metrics.storeMaintenance.get()).values;
  const of = (operation: string) => counts.find((v) => v.labels.operation === operation)?.value;
  assert.equal(of('vacuum'), pass.vacuumed.length);
  assert.equal(of('analyze'), pass.analyzed.length);
});

test('a table someone holds locked is left for the next pass, the others done', async () => {
  if (autovacuum) return assert.equal((await db.vacuum.pass()).outcome, 'server');
  await write(`INSERT INTO churn SELECT g, g FROM generate_series(1, 3000) g;
DELETE FROM churn;
INSERT INTO appended SELECT g FROM generate_series(101, 300) g`);
  await until((s) => s.get('churn')!.n_dead_tup >= 3000 && s.get('appended')!.n_mod_since_analyze >= 200);
  const holder = new pg.Client({ connectionString: scratch.url });
  await holder.connect();
  await holder.query('BEGIN');
  // The lock VACUUM and ANALYZE take conflicts with itself.
  await holder.query('LOCK TABLE churn IN SHARE UPDATE EXCLUSIVE MODE');
  const pass = await db.vacuum.pass();
  await holder.query('COMMIT');
  await holder.end();
  assert.deepEqual(pass.skipped, ['churn']);
  assert.ok(pass.analyzed.includes('appended'), JSON.stringify(pass));
  assert.equal((await stats()).get('churn')!.vacuum_count, 1);

  const next = await db.vacuum.pass();
  assert.ok(next.vacuumed.includes('churn'), JSON.stringify(next));
  assert.equal((await stats()).get('churn')!.vacuum_count, 2);
});
