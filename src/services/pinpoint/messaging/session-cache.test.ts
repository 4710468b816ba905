import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServiceSession } from '../../sts/service-assume.js';
import { RENEW_BEFORE_MS, SessionCache } from './session-cache.js';

const T0 = Date.parse('2026-11-29T10:00:00Z');
const sessionUntil = (ms: number): ServiceSession =>
  ({ credentials: { Expiration: new Date(ms) } }) as unknown as ServiceSession;

test('a session is reused for its channel version until shortly before it expires', () => {
  let now = T0;
  const cache = new SessionCache(() => new Date(now));
  const s = sessionUntil(T0 + 3_600_000);
  cache.put('k', 1, s);
  assert.equal(cache.get('k', 1), s);
  now = T0 + 3_600_000 - RENEW_BEFORE_MS - 1;
  assert.equal(cache.get('k', 1), s);
  now += 2;
  assert.equal(cache.get('k', 1), undefined);
  assert.equal(cache.size, 0);
});

test('another channel version drops the entry', () => {
  const cache = new SessionCache(() => new Date(T0));
  cache.put('k', 1, sessionUntil(T0 + 3_600_000));
  assert.equal(cache.get('k', 2), undefined);
  assert.equal(cache.get('k', 1), undefined);
});

test('putting an entry prunes the expired ones', () => {
  let now = T0;
  const cache = new SessionCache(() => new Date(now));
  cache.put('old', 1, sessionUntil(T0 + 600_000));
  now = T0 + 600_000;
  cache.put('new', 1, sessionUntil(now + 3_600_000));
  assert.equal(cache.size, 1);
});
