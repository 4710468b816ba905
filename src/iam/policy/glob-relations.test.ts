import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globCovers, globsOverlap } from './glob-relations.js';

test('globsOverlap: literal, wildcards on either side, disjoint prefixes', () => {
  assert.equal(globsOverlap('arn:aws:s3:::my-bucket/*', 'arn:aws:s3:::my-bucket/*'), true);
  assert.equal(globsOverlap('arn:aws:s3:::my-bucket/*', 'arn:aws:s3:::my-bucket/a.txt'), true);
  assert.equal(globsOverlap('arn:aws:s3:::non-sensitive-bucket/*', 'arn:aws:s3:::sensitive-bucket/*'), false);
  assert.equal(globsOverlap('s3:get*', 's3:*object'), true);
  assert.equal(globsOverlap('s3:get?', 's3:getab'), false);
  assert.equal(globsOverlap('*', ''), true);
});

test('globCovers: a pattern covers what it absorbs, not more', () => {
  assert.equal(globCovers('*', 'arn:aws:s3:::b/*'), true);
  assert.equal(globCovers('arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/*'), true);
  assert.equal(globCovers('arn:aws:s3:::b/x/*', 'arn:aws:s3:::b/*'), false);
  assert.equal(globCovers('s3:get?', 's3:get*'), false);
  assert.equal(globCovers('s3:get*', 's3:get?'), true);
  assert.equal(globCovers('s3:getobject', 's3:getobject'), true);
});

test('both stay quadratic on adversarial patterns (bounded work, not time)', () => {
  const a = '*a'.repeat(1000) + 'c';
  const b = 'a'.repeat(1999) + 'b';
  assert.equal(globsOverlap(a, b), false);
  assert.equal(globCovers(a, b), false);
});
