/**
 * The running journeys' tables (context `pinpoint-journeys-run`): the runs (one per entry of the
 * start segment, GetJourneyRuns), each endpoint's place in a run (its activity, when it entered,
 * when it may move), the counters GetJourney*ExecutionMetrics answer with, and the log of messages
 * sent that the journey's caps count. Indexes on the event log let a split ask, per batch, which
 * endpoints had an event of a prior message activity, or one of their own since the run started.
 */
import type { Migration } from '../../../../store/index.js';

export const journeyRunMigrations: readonly Migration[] = [
  {
    context: 'pinpoint-journeys-run',
    version: 1,
    name: 'journey runs, places, counters and sends',
    up: `
      CREATE TABLE pinpoint_journey_runs (
        run_id TEXT NOT NULL PRIMARY KEY,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        app_id TEXT NOT NULL,
        journey_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        status TEXT NOT NULL,
        start_at TEXT NOT NULL,
        entered INTEGER NOT NULL DEFAULT 0,
        cursor INTEGER NOT NULL DEFAULT 0,
        endpoints TEXT,
        segment_version INTEGER,
        paused INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX pinpoint_journey_runs_journey ON pinpoint_journey_runs (journey_id, created_at);
      CREATE INDEX pinpoint_journey_runs_entry ON pinpoint_journey_runs (entered, start_at);
      CREATE TABLE pinpoint_journey_places (
        run_id TEXT NOT NULL,
        endpoint_id TEXT NOT NULL,
        entry INTEGER NOT NULL,
        journey_id TEXT NOT NULL,
        activity TEXT NOT NULL,
        entered_at TEXT NOT NULL,
        due_at TEXT NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (run_id, endpoint_id, entry)
      );
      CREATE INDEX pinpoint_journey_places_due ON pinpoint_journey_places (state, due_at);
      -- One batch: the due places at one activity of one run, in due order, as an index range.
      CREATE INDEX pinpoint_journey_places_batch ON pinpoint_journey_places (run_id, activity, state, due_at, endpoint_id);
      CREATE INDEX pinpoint_journey_places_endpoint ON pinpoint_journey_places (journey_id, endpoint_id);
      CREATE TABLE pinpoint_journey_counts (
        run_id TEXT NOT NULL,
        journey_id TEXT NOT NULL,
        activity_id TEXT NOT NULL,
        metric TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (run_id, activity_id, metric)
      );
      CREATE INDEX pinpoint_journey_counts_journey ON pinpoint_journey_counts (journey_id, activity_id);
      CREATE TABLE pinpoint_journey_sends (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        app_id TEXT NOT NULL,
        journey_id TEXT NOT NULL,
        endpoint_id TEXT NOT NULL,
        sent_at TEXT NOT NULL
      );
      CREATE INDEX pinpoint_journey_sends_endpoint ON pinpoint_journey_sends (account, region, app_id, endpoint_id, sent_at);
      CREATE INDEX pinpoint_events_journey ON pinpoint_events (journey_id, endpoint_id);
    `,
  },
  {
    context: 'pinpoint-journeys-run',
    version: 2,
    name: 'the event log by endpoint and time',
    up: `
      CREATE INDEX pinpoint_events_endpoint_time ON pinpoint_events (account, region, app_id, endpoint_id, at);
    `,
  },
  {
    context: 'pinpoint-journeys-run',
    version: 3,
    name: 'due places by journey',
    // A journey's pass (engine.ts) reads only its own journey's due places.
    up: `
      CREATE INDEX pinpoint_journey_places_journey_due ON pinpoint_journey_places (journey_id, state, due_at);
    `,
  },
  {
    context: 'pinpoint-journeys-run',
    version: 4,
    name: "the event log's journey index without campaign events",
    // Only journeys' events carry a journey_id, and only `journey_id = ?` reads this index (KPIs,
    // conditions): every campaign message's three events were three entries nobody read.
    up: `
      DROP INDEX pinpoint_events_journey;
      CREATE INDEX pinpoint_events_journey ON pinpoint_events (journey_id, endpoint_id) WHERE journey_id IS NOT NULL;
    `,
  },
];
