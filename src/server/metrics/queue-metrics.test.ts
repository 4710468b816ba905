import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OutboxStore } from '../../mail/outbox/store.js';
import { CampaignRuns } from '../../services/pinpoint/campaigns/runs-store.js';
import { SegmentMembers } from '../../services/pinpoint/segments/members.js';
import { PinpointStore } from '../../services/pinpoint/store.js';
import { MIGRATIONS } from '../../services/runtime.js';
import { openDatabase } from '../../store/index.js';
import { campaignRunQueue, importJobQueue, outboxQueue, refreshQueues } from './queue-metrics.js';
import { createMetrics } from './registry.js';

const scope = { account: '000000000000', region: 'us-east-1' };
const T0 = Date.parse('2026-12-05T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

const message = (id: string) => ({
  messageId: id,
  scope,
  envelopeFrom: 'a@example.com',
  recipients: ['b@example.org'],
  raw: Buffer.from('x'),
});

test('each queue: waiting items and the age of the oldest, by the clock; empty is 0 and 0', async () => {
  const db = await openDatabase({ data: ':memory:', migrations: MIGRATIONS });
  const empty = { depth: 0, oldestAgeSeconds: 0 };
  assert.deepEqual(await outboxQueue(db, at(0)), empty);
  assert.deepEqual(await campaignRunQueue(db, at(0)), empty);
  assert.deepEqual(await importJobQueue(db, at(0)), empty);

  const outbox = new OutboxStore(db);
  const first = await outbox.insert(message('m1'), at(0).getTime());
  await outbox.insert(message('m2'), at(30).getTime());
  await outbox.insert(message('m3'), at(40).getTime());
  await outbox.markDelivered(first, 1, at(45).getTime());
  assert.deepEqual(
    await outboxQueue(db, at(100)),
    { depth: 2, oldestAgeSeconds: 70 },
    'delivered rows are not waiting',
  );

  const runs = new CampaignRuns(db);
  const app = 'a'.repeat(32);
  const executing = await runs.schedule(scope, app, 'c1', 1, at(-50));
  await runs.setState(executing, 'executing', at(-40));
  await runs.schedule(scope, app, 'c2', 1, at(10));
  await runs.schedule(scope, app, 'c3', 1, at(500)); // not yet due
  const done = await runs.schedule(scope, app, 'c4', 1, at(-900));
  await runs.setState(done, 'done', at(-800));
  assert.deepEqual(await campaignRunQueue(db, at(100)), { depth: 2, oldestAgeSeconds: 150 });

  const docs = new PinpointStore(db, () => at(20));
  const members = new SegmentMembers(db);
  await docs.put(scope, app, 'import-job', 'j1', { Id: 'j1' });
  await members.enqueue({ ...scope, appId: app, jobId: 'j1' });
  assert.deepEqual(await importJobQueue(db, at(100)), { depth: 1, oldestAgeSeconds: 80 });

  const metrics = createMetrics();
  await refreshQueues(metrics, db, at(100));
  return Promise.all([metrics.queueDepth.get(), metrics.queueOldestAge.get()]).then(([depth, age]) => {
    assert.deepEqual(
      depth.values.map((v) => [v.labels.kind, v.value]),
      [
        ['outbox', 2],
        ['campaign_runs', 2],
        ['import_jobs', 1],
      ],
    );
    assert.deepEqual(
      age.values.map((v) => [v.labels.kind, v.value]),
      [
        ['outbox', 70],
        ['campaign_runs', 150],
        ['import_jobs', 80],
      ],
    );
  });
});

test('the scrape-time queries read waiting rows through an index, not the table', async () => {
  const db = await openDatabase({ data: ':memory:', migrations: MIGRATIONS });
  const plan = async (sql: string) =>
    (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)).map((r) => r.detail).join('; ');
  assert.match(
    await plan(`SELECT count(*), min(enqueued_at) FROM mail_outbox WHERE status = 'queued'`),
    /USING INDEX mail_outbox_due/,
  );
  assert.match(
    await plan(
      `SELECT count(*), min(scheduled_at) FROM pinpoint_campaign_runs WHERE state = 'due' AND scheduled_at <= '2026'`,
    ),
    /USING (COVERING )?INDEX pinpoint_campaign_runs_state/,
  );
});
