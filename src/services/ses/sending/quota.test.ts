import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryRateBuckets } from '../../../store/rate-buckets.js';
import { Quotas } from './quota.js';
import type { AccountSendingRecord } from '../ports.js';
import type { SendingStore } from './store.js';

const scope = { account: '000000000000', region: 'us-east-1' };
const at = (ms: number) => new Date(1_700_000_000_000 + ms);

const account = (max24HourSend: number, maxSendRate = 14): AccountSendingRecord => ({
  max24HourSend,
  maxSendRate,
  sendingEnabled: true,
  productionAccessEnabled: true,
  suppressedReasons: [],
});

describe('Quotas.dailyExceeded', () => {
  /** A store whose 24-hour count is `sent.n`, counting how often it was asked. */
  const counting = () => {
    const sent = { n: 0, asked: 0 };
    const store = { countedSince: () => (sent.asked++, Promise.resolve(sent.n)) } as unknown as SendingStore;
    return { sent, store };
  };

  it('counts once a second while the quota is out of reach of what the rate lets through meanwhile', async () => {
    const { sent, store } = counting();
    let real = 0;
    const q = new Quotas(store, undefined, () => real);
    // 14 a second: at most 2 × (2 × 14 + 50) = 156 recipients between two counts.
    assert.equal(await q.dailyExceeded(scope, account(50_000), at(0)), false);
    sent.n = 49_000;
    real = 999;
    assert.equal(await q.dailyExceeded(scope, account(50_000), at(999)), false);
    assert.equal(sent.asked, 1, 'the count of 0 stands: 156 more cannot reach 50,000');
    real = 1000;
    assert.equal(await q.dailyExceeded(scope, account(50_000), at(999)), false);
    assert.equal(sent.asked, 2, 'a second of real time later it is counted again');
    assert.equal(await q.dailyExceeded(scope, account(50_000), at(1999)), false);
    assert.equal(sent.asked, 3, 'and a second of the one clock later');
    assert.equal(await q.dailyExceeded(scope, account(50_000), at(1000)), false);
    assert.equal(sent.asked, 4, 'and when the one clock went back');
  });

  it('counts every send near the quota, and a raised rate widens the margin', async () => {
    const { sent, store } = counting();
    const q = new Quotas(store, undefined, () => 0);
    sent.n = 49_844;
    await q.dailyExceeded(scope, account(50_000), at(0));
    await q.dailyExceeded(scope, account(50_000), at(0));
    assert.equal(sent.asked, 2, '49,844 + 156 reaches 50,000');
    sent.n = 49_843;
    await q.dailyExceeded(scope, account(50_000), at(0));
    await q.dailyExceeded(scope, account(50_000), at(0));
    assert.equal(sent.asked, 3, '49,843 + 156 does not');
    await q.dailyExceeded(scope, account(50_000, 15), at(0));
    assert.equal(sent.asked, 4, 'at 15 a second 160 might have been sent');
    sent.n = 3;
    assert.equal(await q.dailyExceeded(scope, account(3, 1000), at(0)), true);
    assert.equal(await q.dailyExceeded(scope, account(-1, 1000), at(0)), false, 'unlimited');
    assert.equal(sent.asked, 5);
  });
});

describe('Quotas.takeRate', () => {
  // ses/latest/dg/manage-sending-quotas.html: the maximum send rate, a bucket any send may take from
  // while some is left (a 50-recipient message takes 50 at once).
  const rated = (realNow: () => number) => {
    const quotas = new Quotas({} as SendingStore, new MemoryRateBuckets(realNow));
    return (s: typeof scope, rate: number, count: number, now: Date) =>
      quotas.takeRate(s, account(-1, rate), count, now);
  };

  it('accepts while tokens remain, goes negative for large sends, and refills at the rate', async () => {
    const take = rated(() => 0);
    assert.equal(await take(scope, 2, 5, at(0)), true); // 2 - 5 = -3
    assert.equal(await take(scope, 2, 1, at(1000)), false); // -1
    assert.equal(await take(scope, 2, 1, at(1600)), true); // +0.2
    assert.equal(await take({ ...scope, region: 'eu-west-1' }, 2, 1, at(1600)), true);
  });

  it('refills with real time while the one clock stands still (--clock manual), and with a clock moved ahead', async () => {
    let real = 0;
    const take = rated(() => real);
    assert.equal(await take(scope, 1, 3, at(0)), true); // 1 - 3 = -2
    assert.equal(await take(scope, 1, 1, at(0)), false, 'neither clock moved');
    real = 2500; // 2.5 s of real sending, the manual clock still at 0
    assert.equal(await take(scope, 1, 1, at(0)), true); // +2.5
    assert.equal(await take(scope, 1, 1, at(0)), false);
    assert.equal(await take(scope, 1, 1, at(60_000)), true, 'a clock advanced a minute refills it');
  });
});
