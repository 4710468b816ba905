import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SendRateLimiter } from './quota.js';

const scope = { account: '000000000000', region: 'us-east-1' };
const at = (ms: number) => new Date(1_700_000_000_000 + ms);

describe('SendRateLimiter', () => {
  it('accepts while tokens remain, goes negative for large sends, and refills at the rate', () => {
    const r = new SendRateLimiter();
    assert.equal(r.take(scope, 2, 5, at(0)), true); // 2 - 5 = -3
    assert.equal(r.take(scope, 2, 1, at(1000)), false); // -1
    assert.equal(r.take(scope, 2, 1, at(1600)), true); // +0.2
    assert.equal(r.take({ ...scope, region: 'eu-west-1' }, 2, 1, at(1600)), true);
  });
});
