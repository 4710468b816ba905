import assert from 'node:assert/strict';
import { it } from 'node:test';
import { base32Decode, base32Encode, consecutiveCodesStep, hotp, timeStep } from './totp.js';

// RFC 6238 Appendix B: the SHA-1 key "12345678901234567890"; its 8-digit codes end in these 6.
const KEY = Buffer.from('12345678901234567890');

it('gives RFC 6238 test vectors (SHA-1) in 6 digits', () => {
  for (const [seconds, code] of [
    [59, '287082'],
    [1111111109, '081804'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ] as const) {
    assert.equal(hotp(KEY, timeStep(new Date(seconds * 1000))), code);
  }
});

it('round-trips base32 (RFC 4648) and finds two consecutive codes near now only', () => {
  const seed = base32Encode(KEY);
  assert.equal(seed, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  assert.deepEqual(base32Decode(seed), KEY);
  const now = new Date(1234567890 * 1000);
  const t = timeStep(now);
  assert.equal(consecutiveCodesStep(seed, hotp(KEY, t), hotp(KEY, t + 1), now, 2), t);
  assert.equal(consecutiveCodesStep(seed, hotp(KEY, t + 1), hotp(KEY, t), now, 2), undefined);
  assert.equal(consecutiveCodesStep(seed, hotp(KEY, t + 5), hotp(KEY, t + 6), now, 2), undefined);
  assert.equal(consecutiveCodesStep(seed, hotp(KEY, t + 5), hotp(KEY, t + 6), now, 20), t + 5);
});
