import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Database } from './index.js';
import {
  IDLE_MS,
  LEASE_MS,
  MemoryRateBuckets,
  rateBucketMigrations,
  rateBucketsFor,
  SharedRateBuckets,
} from './rate-buckets.js';
import { testData } from '../../test/support/database.js';

describe('MemoryRateBuckets', () => {
  it('debt: all of a take while any token is left; whole: only whole tokens, up to the count', () => {
    let real = 0;
    const b = new MemoryRateBuckets(() => real);
    assert.deepEqual(b.takeNow('a', 2, 5, 'debt', 0), { granted: 5, left: -3 });
    assert.equal(b.takeNow('a', 2, 1, 'debt', 0).granted, 0);
    real = 1600; // +3.2
    assert.equal(b.takeNow('a', 2, 1, 'debt', 0).granted, 1);
    assert.deepEqual(b.takeNow('w', 3, 5, 'whole', 0), { granted: 3, left: 0 });
    assert.equal(b.takeNow('w', 3, 1, 'whole', 0).granted, 0);
    assert.equal(b.takeNow('w', 3, 5, 'whole', 1000).granted, 3, 'a clock moved a second ahead refills it');
  });
});

// Real time refills the buckets below: every rate is small against the takes (1 token a second,
// 100 taken), so no wait between two statements, however loaded the machine, refills them.
describe('rateBucketsFor (the run engine: PostgreSQL shares the buckets between processes)', () => {
  let data: string;
  let one: Database;
  let two: Database;
  before(async () => {
    data = testData();
    one = await openDatabase({ data, migrations: rateBucketMigrations, poolSize: 2 });
    two =
      one.dialect.name === 'postgres'
        ? await openDatabase({ data, migrations: rateBucketMigrations, poolSize: 2 })
        : one;
  });
  after(async () => {
    if (two !== one) await two.close();
    await one.close();
  });

  it('a debt taken through one database handle is owed by the other (PostgreSQL), or by the same process (SQLite)', async () => {
    const a = rateBucketsFor(one);
    const b = one.dialect.name === 'postgres' ? rateBucketsFor(two) : a;
    const first = await a.take('ses/x', 1, 100, 'debt', 0);
    assert.equal(first.granted, 100);
    assert.ok(first.left < -98, `left ${first.left}`);
    assert.equal((await b.take('ses/x', 1, 1, 'debt', 0)).granted, 0, 'refused through the other');
    assert.equal((await a.take('ses/y', 1, 1, 'debt', 0)).granted, 1, 'another bucket is its own');
    await a.giveBack('ses/x', 1, 100);
    assert.equal((await b.take('ses/x', 1, 1, 'debt', 0)).granted, 1, 'given back');
  });

  it('whole tokens: none through the other handle while a debt is owed; a clock moved ahead refills the bucket', async () => {
    const a = rateBucketsFor(one);
    const b = one.dialect.name === 'postgres' ? rateBucketsFor(two) : a;
    assert.equal((await a.take('run/1', 1, 100, 'debt', 0)).granted, 100);
    assert.equal((await b.take('run/1', 1, 5, 'whole', 0)).granted, 0, 'owed 99 s');
    assert.equal((await b.take('run/1', 1, 5, 'whole', 1_000_000)).granted, 1, 'full after 1000 s: its rate');
    assert.equal((await a.take('run/1', 1, 5, 'whole', 1_000_000)).granted, 0, 'taken');
  });
});

describe('idle buckets are dropped (a bucket per campaign or journey run would otherwise stay)', () => {
  it('MemoryRateBuckets: a bucket left alone for IDLE_MS goes at the next sweep; one in use stays', () => {
    let real = 0;
    const b = new MemoryRateBuckets(() => real);
    b.takeNow('run/old', 5, 5, 'whole', 0);
    real = IDLE_MS / 2;
    b.takeNow('run/busy', 5, 5, 'whole', 0);
    assert.equal(b.size, 2);
    real = IDLE_MS + 1;
    assert.equal(b.takeNow('run/busy', 5, 1, 'whole', 0).granted, 1, 'refilled, still its own bucket');
    assert.equal(b.size, 1, 'run/old dropped');
    assert.deepEqual(b.takeNow('run/old', 5, 5, 'whole', 0), { granted: 5, left: 0 }, 'starts full again');
  });

  it('SharedRateBuckets (PostgreSQL): rows idle for IDLE_MS by the server clock are deleted; fresh rows stay', async (t) => {
    const data = testData();
    const db = await openDatabase({ data, migrations: rateBucketMigrations, poolSize: 2 });
    t.after(() => db.close());
    if (db.dialect.name !== 'postgres') {
      assert.ok(rateBucketsFor(db) instanceof MemoryRateBuckets, 'SQLite keeps the buckets in memory');
      return;
    }
    const buckets = new SharedRateBuckets(db);
    await buckets.take('run/old', 5, 1, 'whole', 0);
    await buckets.take('run/new', 5, 1, 'whole', 0);
    await db.run('UPDATE pinpost_rate_buckets SET real_ms = real_ms - ? WHERE name = ?', [
      IDLE_MS + 1000,
      'run/old',
    ]);
    assert.equal(await buckets.sweep(), 1);
    const names = await db.all<{ name: string }>('SELECT name FROM pinpost_rate_buckets ORDER BY name');
    assert.deepEqual(
      names.map((r) => r.name),
      ['run/new'],
    );
  });
});

describe('SharedRateBuckets leases (PostgreSQL): debt takes served from a short lease of the row', () => {
  it('takes within a lease need no statement, past it are owed to the row, and after it go to the row again', async (t) => {
    const data = testData();
    const db = await openDatabase({ data, migrations: rateBucketMigrations, poolSize: 4 });
    t.after(() => db.close());
    if (db.dialect.name !== 'postgres') {
      assert.ok(rateBucketsFor(db) instanceof MemoryRateBuckets, 'SQLite keeps the buckets in memory');
      return;
    }
    let real = 0;
    const a = new SharedRateBuckets(db, () => real);
    const b = new SharedRateBuckets(db);
    // 100 a second: a lease of 5 (LEASE_MS = 50).
    assert.equal(LEASE_MS, 50);
    const together = await Promise.all(Array.from({ length: 4 }, () => a.take('ses/l', 100, 1, 'debt', 0)));
    assert.deepEqual(
      together.map((x) => x.granted),
      [1, 1, 1, 1],
    );
    const row = async () =>
      (await db.get<{ tokens: number }>('SELECT tokens FROM pinpost_rate_buckets WHERE name = $1', [
        'ses/l',
      ]))!.tokens;
    assert.ok((await row()) <= 94 + 1, 'one statement took the first send and a lease of 5');
    // Another process runs the bucket deep into debt: this one still has its lease's 2.
    assert.equal((await b.take('ses/l', 100, 1000, 'debt', 0)).granted, 1000);
    assert.equal((await a.take('ses/l', 100, 1, 'debt', 0)).granted, 1);
    const owedBefore = await row();
    assert.equal((await a.take('ses/l', 100, 3, 'debt', 0)).granted, 3, 'a token of the lease was left');
    assert.ok((await row()) <= owedBefore - 2 + 1, 'the 2 past the lease are owed to the row');
    assert.equal(
      (await a.take('ses/l', 100, 1, 'debt', 0)).granted,
      0,
      'the lease is used up: the row says no',
    );
    // A lease ends after LEASE_MS of real time; what it left is not this process's any more.
    await db.run('UPDATE pinpost_rate_buckets SET tokens = 100 WHERE name = $1', ['ses/l']);
    assert.equal((await a.take('ses/l', 100, 1, 'debt', 0)).granted, 1);
    await a.giveBack('ses/l', 100, 1);
    real += LEASE_MS;
    assert.ok((await row()) <= 94 + 1);
    assert.equal((await a.take('ses/l', 100, 1, 'debt', 0)).granted, 1);
    assert.ok((await row()) <= 88 + 1, 'a new lease: the old one left 6 behind');
    // A rate under 20 a second leases nothing: every take is the row's.
    assert.equal((await a.take('ses/small', 19, 1, 'debt', 0)).granted, 1);
    const small = await db.get<{ tokens: number }>(
      'SELECT tokens FROM pinpost_rate_buckets WHERE name = $1',
      ['ses/small'],
    );
    assert.ok(small!.tokens < 18.5, `left ${small!.tokens}`);
  });
});
