/**
 * The job queue's depth and the age of its oldest job, by kind (src/jobs/kinds.ts), read from the
 * store when Prometheus scrapes: never kept in memory, because other processes' work is in the
 * same table. Depth counts jobs waiting or leased; the age is from the earliest due time among them,
 * by the one clock, and 0 when the earliest is not due yet. One aggregate over the jobs index.
 */
import { JobQueue } from '../../jobs/queue.js';
import { JOB_KINDS } from '../../jobs/kinds.js';
import type { Database } from '../../store/index.js';
import type { Metrics } from './registry.js';

export interface QueueSnapshot {
  depth: number;
  /** Seconds since the oldest job was due; 0 when none is due. */
  oldestAgeSeconds: number;
}

/** Every kind's snapshot, the kinds without jobs included (0 and 0). */
export async function queueSnapshots(db: Database, now: Date): Promise<Map<string, QueueSnapshot>> {
  const out = new Map<string, QueueSnapshot>(JOB_KINDS.map((k) => [k, { depth: 0, oldestAgeSeconds: 0 }]));
  for (const s of await new JobQueue(db).stats()) {
    if (!out.has(s.kind)) continue;
    const age = s.oldestRunAt === undefined ? 0 : Math.max(0, (now.getTime() - s.oldestRunAt) / 1000);
    out.set(s.kind, { depth: s.depth, oldestAgeSeconds: age });
  }
  return out;
}

/** Sets the queue gauges from the store, by the one clock's `now`. */
export async function refreshQueues(metrics: Metrics, db: Database, now: Date): Promise<void> {
  for (const [kind, q] of await queueSnapshots(db, now)) {
    metrics.queueDepth.labels(kind).set(q.depth);
    metrics.queueOldestAge.labels(kind).set(q.oldestAgeSeconds);
  }
}
