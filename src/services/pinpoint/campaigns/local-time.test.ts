/** Quiet time and offsets (pinpoint/2016-12-01 Schedule.QuietTime, Schedule.Timezone). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidZone, offsetMinutes, quietUntil } from './local-time.js';
import { bucketOf, splitter } from './split.js';

test('offsets of IANA zones and of Schedule.Timezone values', () => {
  const winter = new Date('2026-01-15T12:00:00Z');
  const summer = new Date('2026-07-15T12:00:00Z');
  assert.equal(offsetMinutes('UTC', winter), 0);
  assert.equal(offsetMinutes('UTC+05:30', winter), 330);
  assert.equal(offsetMinutes('UTC-03', winter), -180);
  assert.equal(offsetMinutes('Asia/Tokyo', winter), 540);
  assert.equal(offsetMinutes('Europe/Paris', winter), 60);
  assert.equal(offsetMinutes('Europe/Paris', summer), 120);
  assert.equal(offsetMinutes('Not/AZone', winter), undefined);
  assert.equal(isValidZone('Not/AZone'), false);
  assert.equal(isValidZone('America/New_York'), true);
});

test('quiet time includes its Start and End minutes and may span midnight', () => {
  const quiet = { Start: '22:00', End: '07:00' };
  const at = (iso: string) => quietUntil(quiet, 'UTC', new Date(iso))?.toISOString();
  assert.equal(at('2026-01-15T21:59:00Z'), undefined);
  assert.equal(at('2026-01-15T22:00:00Z'), '2026-01-16T07:01:00.000Z');
  assert.equal(at('2026-01-16T03:30:10Z'), '2026-01-16T07:01:00.000Z');
  assert.equal(at('2026-01-16T07:00:59Z'), '2026-01-16T07:01:00.000Z');
  assert.equal(at('2026-01-16T07:01:00Z'), undefined);
  assert.equal(
    quietUntil(quiet, undefined, new Date('2026-01-16T03:00:00Z')),
    undefined,
    'no time zone: sent',
  );
  assert.equal(quietUntil(quiet, 'Nowhere/Zone', new Date('2026-01-16T03:00:00Z')), undefined);
  const day = { Start: '09:00', End: '17:00' };
  assert.equal(
    quietUntil(day, 'Asia/Tokyo', new Date('2026-01-16T03:00:00Z'))?.toISOString(), // 12:00 JST
    '2026-01-16T08:01:00.000Z',
  );
});

test('the split gives the holdout, each treatment and the default their buckets', () => {
  const split = splitter({ HoldoutPercent: 10, AdditionalTreatments: [{ Id: '1', SizePercent: 25 }] });
  assert.equal(split(0), undefined);
  assert.equal(split(9), undefined);
  assert.equal(split(10), '1');
  assert.equal(split(34), '1');
  assert.equal(split(35), '0');
  assert.equal(split(99), '0');
  assert.equal(bucketOf('c', 'e'), bucketOf('c', 'e'));
  const buckets = new Set(Array.from({ length: 1000 }, (_, i) => bucketOf('c', `ep-${i}`)));
  assert.ok(buckets.size > 90, 'ids spread over the buckets');
});
