/**
 * The durable queues' depth and the age of their oldest item, read from the store when Prometheus
 * scrapes (never kept in memory: another process's work is in the same tables). Each is one
 * aggregate over an index's rows for waiting work only, so a scrape costs in proportion to the
 * work waiting, not to the history kept beside it:
 *
 * - `outbox`: messages queued for delivery (retries included), aged from when they were queued
 *   (partial index `mail_outbox_due`, on queued rows only);
 * - `campaign_runs`: runs executing or due by the clock, aged from their scheduled time
 *   (`pinpoint_campaign_runs_state`, on state and scheduled time);
 * - `import_jobs`: import jobs waiting or running, aged from their creation (the queue's primary
 *   key, each joined to its job's document by primary key).
 */
import type { Database } from '../../store/index.js';
import type { Metrics, QueueKind } from './registry.js';

export interface QueueSnapshot {
  depth: number;
  /** Seconds since the oldest item was queued (or due); 0 when the queue is empty. */
  oldestAgeSeconds: number;
}

const ageSeconds = (now: number, since: number | undefined) =>
  since === undefined ? 0 : Math.max(0, (now - since) / 1000);

const isoTime = (text: string | null | undefined) => (text ? Date.parse(text) : undefined);

export async function outboxQueue(db: Database, now: Date): Promise<QueueSnapshot> {
  const row = await db.get<{ n: number; oldest: number | null }>(
    `SELECT count(*) AS n, min(enqueued_at) AS oldest FROM mail_outbox WHERE status = 'queued'`,
  );
  return { depth: row?.n ?? 0, oldestAgeSeconds: ageSeconds(now.getTime(), row?.oldest ?? undefined) };
}

export async function campaignRunQueue(db: Database, now: Date): Promise<QueueSnapshot> {
  const executing = await db.get<{ n: number; oldest: string | null }>(
    `SELECT count(*) AS n, min(scheduled_at) AS oldest FROM pinpoint_campaign_runs WHERE state = 'executing'`,
  );
  const due = await db.get<{ n: number; oldest: string | null }>(
    `SELECT count(*) AS n, min(scheduled_at) AS oldest FROM pinpoint_campaign_runs
     WHERE state = 'due' AND scheduled_at <= ?`,
    [now.toISOString()],
  );
  const times = [isoTime(executing?.oldest), isoTime(due?.oldest)].filter((t) => t !== undefined);
  return {
    depth: (executing?.n ?? 0) + (due?.n ?? 0),
    oldestAgeSeconds: ageSeconds(now.getTime(), times.length ? Math.min(...times) : undefined),
  };
}

export async function importJobQueue(db: Database, now: Date): Promise<QueueSnapshot> {
  const row = await db.get<{ n: number; oldest: string | null }>(
    `SELECT count(*) AS n, min(d.created_at) AS oldest FROM pinpoint_import_queue q
     LEFT JOIN pinpoint_documents d ON d.account = q.account AND d.region = q.region
       AND d.app_id = q.app_id AND d.kind = 'import-job' AND d.doc_key = q.job_id`,
  );
  return { depth: row?.n ?? 0, oldestAgeSeconds: ageSeconds(now.getTime(), isoTime(row?.oldest)) };
}

const QUEUES: Record<QueueKind, (db: Database, now: Date) => Promise<QueueSnapshot>> = {
  outbox: outboxQueue,
  campaign_runs: campaignRunQueue,
  import_jobs: importJobQueue,
};

/** Sets the queue gauges from the store, by the one clock's `now`. */
export async function refreshQueues(metrics: Metrics, db: Database, now: Date): Promise<void> {
  for (const [kind, read] of Object.entries(QUEUES) as [QueueKind, typeof outboxQueue][]) {
    const q = await read(db, now);
    metrics.queueDepth.labels(kind).set(q.depth);
    metrics.queueOldestAge.labels(kind).set(q.oldestAgeSeconds);
  }
}
