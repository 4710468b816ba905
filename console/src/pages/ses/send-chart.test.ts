import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketLabel, quotaUsed, sendingSeries } from './send-chart.js';

const NOW = new Date('2026-12-05T10:20:00Z');

test('API_GetSendStatistics.html: 15-minute points summed into hourly buckets ending now, gaps as zeros', () => {
  const s = sendingSeries(
    [
      { Timestamp: new Date('2026-12-05T10:15:00Z'), DeliveryAttempts: 3, Bounces: 1 },
      { Timestamp: '2026-12-05T10:00:00Z', DeliveryAttempts: 2, Rejects: 1 },
      { Timestamp: new Date('2026-12-05T08:45:00Z'), DeliveryAttempts: 5, Complaints: 2 },
      // Outside the day: dropped.
      { Timestamp: new Date('2026-12-04T09:45:00Z'), DeliveryAttempts: 100 },
      { Timestamp: undefined, DeliveryAttempts: 7 },
    ],
    { now: NOW },
  );
  assert.equal(s.buckets.length, 24);
  assert.equal(s.buckets[23].toISOString(), '2026-12-05T10:00:00.000Z');
  assert.equal(s.buckets[0].toISOString(), '2026-12-04T11:00:00.000Z');
  assert.equal(s.values.DeliveryAttempts[23], 5);
  assert.equal(s.values.DeliveryAttempts[22], 0);
  assert.equal(s.values.DeliveryAttempts[21], 5);
  assert.equal(s.values.Bounces[23], 1);
  assert.equal(s.values.Rejects[23], 1);
  assert.equal(s.values.Complaints[21], 2);
  assert.deepEqual(s.totals, { DeliveryAttempts: 10, Bounces: 1, Complaints: 2, Rejects: 1 });
});

test("two weeks in daily buckets; buckets never smaller than SES's 15 minutes", () => {
  const s = sendingSeries([{ Timestamp: '2026-11-22T00:00:00Z', DeliveryAttempts: 1 }], {
    now: NOW,
    windowMinutes: 14 * 24 * 60,
    bucketMinutes: 24 * 60,
  });
  assert.equal(s.buckets.length, 14);
  assert.equal(s.totals.DeliveryAttempts, 1);
  assert.equal(bucketLabel(s.buckets[0], 24 * 60), '2026-11-22');
  assert.equal(sendingSeries([], { now: NOW, bucketMinutes: 1, windowMinutes: 60 }).buckets.length, 4);
  assert.equal(bucketLabel(new Date('2026-12-05T09:00:00Z')), '09:00');
});

test("quota used: GetSendQuota's SentLast24Hours over Max24HourSend", () => {
  assert.equal(quotaUsed(50, 200), 25);
  assert.equal(quotaUsed(1, 3), 33.3);
  assert.equal(quotaUsed(0, 200), 0);
  assert.equal(quotaUsed(5, -1), 0);
});
