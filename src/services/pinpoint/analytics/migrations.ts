/**
 * The analytics tables (context `pinpoint-analytics`): every Pinpoint event recorded (the app's own
 * from PutEvents, the `_email.*` events of engine sends), with the columns the KPIs group and filter
 * by, and which app, endpoint and campaign each message the engine sent belongs to.
 */
import type { Migration } from '../../../store/index.js';

export const analyticsMigrations: readonly Migration[] = [
  {
    context: 'pinpoint-analytics',
    version: 1,
    name: 'events and message attributions',
    up: `
      CREATE TABLE pinpoint_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        app_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        -- epoch milliseconds, and the UTC day (YYYY-MM-DD) the KPIs group by
        at INTEGER NOT NULL,
        day TEXT NOT NULL,
        endpoint_id TEXT,
        campaign_id TEXT,
        treatment_id TEXT,
        run_id TEXT,
        journey_id TEXT,
        message_id TEXT,
        address TEXT,
        doc TEXT NOT NULL
      );
      CREATE INDEX pinpoint_events_app_time ON pinpoint_events (account, region, app_id, at);
      CREATE INDEX pinpoint_events_campaign_time ON pinpoint_events (account, region, app_id, campaign_id, at);
      CREATE TABLE pinpoint_message_attributions (
        message_id TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        attribution TEXT NOT NULL
      );
    `,
  },
];
