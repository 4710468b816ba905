import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Database } from './index.js';
import {
  IDLE_MS,
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
