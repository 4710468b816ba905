/**
 * The campaigns part's own tables (context `pinpoint-campaigns`): the durable schedule of runs, the
 * activities (one per run and treatment), endpoints held back by quiet time or local-time
 * scheduling, and the per-endpoint send log that the Daily and Total limits count.
 *
 * Version 2: a run is planned into batches (jobs of the one job mechanism, src/jobs/): the run
 * counts the batches it enqueued and says when planning is done, and each batch that committed is
 * recorded, so the last one to commit knows it is the last. Version 3 gives the runs an older
 * Pinpost left unfinished their `campaign-run` job (its scheduler polled the runs table instead).
 */
import type { Database, Migration } from '../../../store/index.js';
import { JOB_CAMPAIGN_RUN } from './job-kinds.js';

/** Jobs for the runs an older Pinpost's scheduler would have picked up from the runs table. */
async function runJobs(db: Database): Promise<void> {
  const rows = await db.all<{ run_id: string; scheduled_at: string }>(
    `SELECT run_id, scheduled_at FROM pinpoint_campaign_runs WHERE state <> 'done'`,
  );
  // scheduled_at is ISO text; run_at is epoch ms: converted here, the same on both engines.
  const now = Date.now();
  for (const r of rows)
    await db.run(
      `INSERT INTO pinpost_jobs (kind, job_key, payload, state, run_at, attempts, created_at)
       VALUES (?, ?, 'null', 'ready', ?, 0, ?) ON CONFLICT (kind, job_key) DO NOTHING`,
      [JOB_CAMPAIGN_RUN, r.run_id, Date.parse(r.scheduled_at), now],
    );
}

export const campaignMigrations: readonly Migration[] = [
  {
    context: 'pinpoint-campaigns',
    version: 1,
    name: 'campaign runs, activities, held endpoints and deliveries',
    up: `
      CREATE TABLE pinpoint_campaign_runs (
        run_id TEXT NOT NULL PRIMARY KEY,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        app_id TEXT NOT NULL,
        campaign_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        scheduled_at TEXT NOT NULL,
        state TEXT NOT NULL,
        cursor INTEGER NOT NULL,
        endpoints TEXT,
        started_at TEXT,
        ended_at TEXT
      );
      CREATE INDEX pinpoint_campaign_runs_state ON pinpoint_campaign_runs (state, scheduled_at);
      CREATE INDEX pinpoint_campaign_runs_campaign ON pinpoint_campaign_runs (account, region, app_id, campaign_id);
      CREATE TABLE pinpoint_campaign_activities (
        activity_id TEXT NOT NULL PRIMARY KEY,
        run_id TEXT NOT NULL,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        app_id TEXT NOT NULL,
        campaign_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        treatment_id TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX pinpoint_campaign_activities_campaign ON pinpoint_campaign_activities (account, region, app_id, campaign_id, seq);
      CREATE INDEX pinpoint_campaign_activities_run ON pinpoint_campaign_activities (run_id);
      CREATE TABLE pinpoint_campaign_held (
        run_id TEXT NOT NULL,
        endpoint_id TEXT NOT NULL,
        treatment_id TEXT NOT NULL,
        release_at TEXT NOT NULL,
        PRIMARY KEY (run_id, endpoint_id)
      );
      CREATE INDEX pinpoint_campaign_held_release ON pinpoint_campaign_held (run_id, release_at);
      CREATE TABLE pinpoint_campaign_deliveries (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        app_id TEXT NOT NULL,
        campaign_id TEXT NOT NULL,
        endpoint_id TEXT NOT NULL,
        sent_at TEXT NOT NULL
      );
      CREATE INDEX pinpoint_campaign_deliveries_endpoint ON pinpoint_campaign_deliveries (account, region, app_id, campaign_id, endpoint_id);
    `,
  },
  {
    context: 'pinpoint-campaigns',
    version: 2,
    name: 'campaign runs planned into batches',
    // A holding run got past its segment: its planning is done.
    up: `
      ALTER TABLE pinpoint_campaign_runs ADD COLUMN batches INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE pinpoint_campaign_runs ADD COLUMN planned INTEGER NOT NULL DEFAULT 0;
      UPDATE pinpoint_campaign_runs SET planned = 1 WHERE state = 'holding';
      CREATE TABLE pinpoint_campaign_batches (
        run_id TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (run_id, n)
      );
    `,
  },
  {
    context: 'pinpoint-campaigns',
    version: 3,
    name: 'unfinished campaign runs become jobs',
    up: runJobs,
  },
];
