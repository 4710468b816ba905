import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, DEFAULT_RETRY } from './backoff.js';

test('backoff doubles from the base delay and stops at the cap', () => {
  const p = { baseMs: 1000, maxMs: 10_000, maxAttempts: 10 };
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(p, n)),
    [1000, 2000, 4000, 8000, 10_000, 10_000],
  );
  assert.equal(backoffDelay(DEFAULT_RETRY, 1), 1000);
  assert.equal(backoffDelay(DEFAULT_RETRY, 100), 15 * 60_000);
});
