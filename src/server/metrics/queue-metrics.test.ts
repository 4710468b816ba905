import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestDatabase } from '../../../test/support/database.js';
import { jobMigrations } from '../../jobs/migrations.js';
import { JobQueue } from '../../jobs/queue.js';
import { JOB_KINDS } from '../../jobs/kinds.js';
import { queueSnapshots, refreshQueues } from './queue-metrics.js';
import { createMetrics } from './registry.js';

const T0 = Date.parse('2026-12-05T10:00:00Z');
const at = (seconds: number) => T0 + seconds * 1000;

test('each kind: jobs waiting or leased and the age of the earliest due, by the clock; empty is 0 and 0', async () => {
  const db = await openTestDatabase(jobMigrations);
  const queue = new JobQueue(db);
  const empty = await queueSnapshots(db, new Date(at(0)));
  assert.deepEqual(empty.get('mail-delivery'), { depth: 0, oldestAgeSeconds: 0 });
  assert.deepEqual([...empty.keys()].sort(), [...JOB_KINDS].sort(), 'every kind, with or without jobs');

  await queue.enqueue({ kind: 'mail-delivery', key: '1', runAt: at(0) }, at(0));
  await queue.enqueue({ kind: 'mail-delivery', key: '2', runAt: at(30) }, at(30));
  await queue.enqueue({ kind: 'mail-delivery', key: '3', runAt: at(40) }, at(40));
  const [done] = await queue.claim('p', 'mail-delivery', 1, at(45), 60_000);
  await queue.complete('p', done!.id);
  await queue.enqueue({ kind: 'campaign-batch', key: 'r/1', runAt: at(10) }, at(10));
  await queue.claim('p', 'campaign-batch', 1, at(10), 60_000); // leased: still in progress
  await queue.enqueue({ kind: 'import-job', key: 'later', runAt: at(500) }, at(0)); // not due yet

  const metrics = createMetrics();
  await refreshQueues(metrics, db, new Date(at(100)));
  const [depth, age] = await Promise.all([metrics.queueDepth.get(), metrics.queueOldestAge.get()]);
  const by = (values: { labels: { kind?: string | number }; value: number }[]) =>
    Object.fromEntries(values.map((v) => [v.labels.kind, v.value]));
  // Every kind is reported; those without jobs as 0 (no list here to grow with each new kind).
  const zero = Object.fromEntries(JOB_KINDS.map((k) => [k, 0]));
  assert.deepEqual(by(depth.values), { ...zero, 'mail-delivery': 2, 'campaign-batch': 1, 'import-job': 1 });
  assert.deepEqual(by(age.values), { ...zero, 'mail-delivery': 70, 'campaign-batch': 90 });
  await db.close();
});
