/**
 * Issue 9, finding 13: the policy caches are bounded by bytes as well as entries, and never keep a
 * text that failed validation or exceeded a size limit. Measured through the caches' own APIs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compiledCache } from './conditions/templates.js';
import {
  compiledPolicyCount,
  compilePolicyText,
  entryBytes,
  policyCacheStats,
  PolicyCache,
} from './policy-cache.js';

const valid = (i: number, padding = 0) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: `S${i}`,
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: `arn:aws:ses:us-east-1:111122223333:identity/${'x'.repeat(padding)}${i}`,
      },
    ],
  });

test('the shared cache keeps nothing of 1,200 oversized and 1,200 invalid texts (reference_iam-quotas.html)', () => {
  const before = policyCacheStats();
  const count = compiledPolicyCount();
  for (let i = 0; i < 1_200; i++) {
    // Over the 10,240-character inline quota, each distinct: LimitExceeded.
    const oversized = compilePolicyText(`o${i}`, 'identity', valid(i, 12_000));
    assert.equal(oversized.ok ? 'ok' : oversized.code, 'LimitExceeded');
    // `Efect`: MalformedPolicyDocument, each distinct.
    const invalid = compilePolicyText(`m${i}`, 'managed', valid(i).replace('Effect', 'Efect'));
    assert.equal(invalid.ok ? 'ok' : invalid.code, 'MalformedPolicyDocument');
  }
  assert.deepEqual(policyCacheStats(), before);
  assert.equal(compiledPolicyCount(), count);
});

test('a valid text is compiled once and answered from the cache after', () => {
  const cache = new PolicyCache();
  const first = cache.compile('p', 'managed', valid(1));
  assert.equal(cache.compile('p', 'managed', valid(1)), first);
  assert.equal(cache.stats().entries, 1);
});

test('entries and estimated bytes stay within the limits, the oldest going first', () => {
  const limits = { maxEntries: 50, maxBytes: 200_000, maxTextLength: 32_768 };
  const cache = new PolicyCache(limits);
  const first = cache.compile('p0', 'managed', valid(0));
  for (let i = 1; i < 2_000; i++) {
    assert.ok(cache.compile(`p${i}`, 'managed', valid(i, i % 500)).ok);
    const { entries, bytes } = cache.stats();
    assert.ok(entries <= limits.maxEntries, `entries ${entries}`);
    assert.ok(bytes <= limits.maxBytes, `bytes ${bytes}`);
  }
  assert.ok(cache.stats().entries > 0);
  // The newest is still there (same object back), the first long gone (compiled anew).
  const newest = cache.compile('p1999', 'managed', valid(1999, 1999 % 500));
  assert.equal(cache.compile('p1999', 'managed', valid(1999, 1999 % 500)), newest);
  assert.notEqual(cache.compile('p0', 'managed', valid(0)), first);
});

test('a valid text longer than maxTextLength (no quota: a resource policy) is compiled but never kept', () => {
  const cache = new PolicyCache({ maxEntries: 100, maxBytes: 10_000_000, maxTextLength: 1_000 });
  const big = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'ses:SendEmail',
        Resource: 'arn:aws:ses:us-east-1:111122223333:identity/' + 'x'.repeat(5_000),
      },
    ],
  });
  for (let i = 0; i < 20; i++) assert.ok(cache.compile(`r${i}`, 'resource', big).ok);
  assert.deepEqual(cache.stats(), { entries: 0, bytes: 0 });
});

test('an entry larger than the whole byte budget is not kept', () => {
  const text = valid(1, 100);
  const cache = new PolicyCache({ maxEntries: 100, maxBytes: entryBytes(text) - 1, maxTextLength: 32_768 });
  assert.ok(cache.compile('p', 'managed', text).ok);
  assert.deepEqual(cache.stats(), { entries: 0, bytes: 0 });
});

test('the per-template cache of resolved patterns is bounded by characters and skips long values', () => {
  let compiled = 0;
  const cache = compiledCache(() => ++compiled, 128, 10_000, 500);
  for (let i = 0; i < 1_000; i++) cache([{ text: `${i}-${'v'.repeat(i % 400)}`, literal: true }]);
  assert.ok(cache.stats().chars <= 10_000, `chars ${cache.stats().chars}`);
  assert.ok(cache.stats().entries <= 128);
  const long = [{ text: 'w'.repeat(600), literal: true }];
  const held = cache.stats();
  cache(long);
  cache(long);
  assert.deepEqual(cache.stats(), held);
  const n = compiled;
  cache([{ text: 'short', literal: true }]);
  cache([{ text: 'short', literal: true }]);
  assert.equal(compiled, n + 1);
});
