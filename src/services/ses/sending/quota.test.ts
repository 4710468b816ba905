import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SendRateLimiter } from './quota.js';

const scope = { account: '000000000000', region: 'us-east-1' };
const at = (ms: number) => new Date(1_700_000_000_000 + ms);

describe('SendRateLimiter', () => {
  it('accepts while tokens remain, goes negative for large sends, and refills at the rate', () => {
    const r = new SendRateLimiter(() => 0);
    assert.equal(r.take(scope, 2, 5, at(0)), true); // 2 - 5 = -3
    assert.equal(r.take(scope, 2, 1, at(1000)), false); // -1
    assert.equal(r.take(scope, 2, 1, at(1600)), true); // +0.2
    assert.equal(r.take({ ...scope, region: 'eu-west-1' }, 2, 1, at(1600)), true);
  });

  it('refills with real time while the one clock stands still (--clock manual), and with a clock moved ahead', () => {
    let real = 0;
    const r = new SendRateLimiter(() => real);
    assert.equal(r.take(scope, 1, 3, at(0)), true); // 1 - 3 = -2
    assert.equal(r.take(scope, 1, 1, at(0)), false, 'neither clock moved');
    real = 2500; // 2.5 s of real sending, the manual clock still at 0
    assert.equal(r.take(scope, 1, 1, at(0)), true); // +2.5
    assert.equal(r.take(scope, 1, 1, at(0)), false);
    assert.equal(r.take(scope, 1, 1, at(60_000)), true, 'a clock advanced a minute refills it');
  });
});
