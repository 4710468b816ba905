import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Database } from './index.js';
import { MemoryRateBuckets, rateBucketMigrations, rateBucketsFor } from './rate-buckets.js';
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
