import type { Migration } from '../store/index.js';

/**
 * The one table of durable work (src/jobs/queue.ts). `run_at` is on the one clock (a manual clock
 * moves it); `lease_until` is real time, because a lease is about whether its process still lives,
 * which a manual clock cannot tell. `wake_at`: new work for a leased job arrived (JobQueue.schedule);
 * when its process settles it, it runs again by then instead of ending or sleeping longer.
 */
export const jobMigrations: readonly Migration[] = [
  {
    context: 'jobs',
    version: 1,
    name: 'jobs with leases',
    up: `CREATE TABLE pinpost_jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  job_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  run_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_until INTEGER,
  last_error TEXT,
  wake_at INTEGER,
  created_at INTEGER NOT NULL,
  UNIQUE (kind, job_key)
);
CREATE INDEX pinpost_jobs_due ON pinpost_jobs (kind, state, run_at);`,
  },
  {
    // A claim reads due jobs in (run_at, id) order and stops at its limit (JobQueue.claim);
    // SQLite's index ends in the rowid anyway, PostgreSQL's needs the id to skip a sort of ties
    // (jobs enqueued together share a run_at; under a manual clock all of them do).
    context: 'jobs',
    version: 2,
    name: 'due index ordered by id among equal due times',
    up: `DROP INDEX pinpost_jobs_due;
CREATE INDEX pinpost_jobs_due ON pinpost_jobs (kind, state, run_at, id);`,
  },
];
