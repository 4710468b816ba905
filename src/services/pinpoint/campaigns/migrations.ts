/**
 * The campaigns part's own tables (context `pinpoint-campaigns`): the durable schedule of runs, the
 * activities (one per run and treatment), endpoints held back by quiet time or local-time
 * scheduling, and the per-endpoint send log that the Daily and Total limits count.
 */
import type { Migration } from '../../../store/index.js';

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
];
