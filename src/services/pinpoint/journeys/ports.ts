/**
 * The two seams between the journeys API (this folder) and the part that runs journeys:
 *
 * - JourneyMetricsSource: where the read operations (GetJourneyExecutionMetrics, …Runs,
 *   GetJourneyDateRangeKpi) get their data. The operations check the request, authorize it and
 *   find the app, journey, activity and run; the source only answers for things that exist.
 * - JourneyLifecycle: told of every state change, inside the write's own transaction, so what it
 *   records (runs to schedule, endpoints to stop) commits or rolls back with the journey document.
 *   A listener that throws refuses the change (its AwsError reaches the caller) and nothing is
 *   written. The write awaits each listener inside its transaction, so every statement a listener
 *   runs is on that transaction. Work that must wait for the commit (waking a scheduler) is
 *   deferred by the listener (`setImmediate`), as campaigns do.
 */
import type { ResultRow } from '../analytics/kpis.js';
import type { Scope } from '../ports.js';
import type { JourneyDoc } from './model.js';

/** Execution metrics as the API returns them: counters by name (strings), and when evaluated. */
export interface ExecutionMetrics {
  /** JourneyExecution*MetricsResponse.LastEvaluatedTime, ISO 8601. */
  lastEvaluatedTime: string;
  /** Field → count, e.g. `ENDPOINT_ENTERED: "1"` (developerguide/analytics-standard-metrics.html). */
  metrics: Record<string, string>;
}

/** pinpoint/2016-12-01 JourneyRunResponse. */
export interface JourneyRun {
  RunId: string;
  CreationTime: string;
  LastUpdateTime: string;
  Status: 'SCHEDULED' | 'RUNNING' | 'COMPLETED' | 'CANCELLED';
}

/** A journey KPI query (GetJourneyDateRangeKpi), its date range already checked. */
export interface JourneyKpiQuery {
  /** A kpi-name of kpi-catalog.ts (checked before the source is asked). */
  name: string;
  start: Date;
  end: Date;
}

export interface JourneyMetricsSource {
  /** GetJourneyExecutionMetrics: the journey's counters across all runs. */
  journey(scope: Scope, journey: JourneyDoc): Promise<ExecutionMetrics>;
  /** GetJourneyExecutionActivityMetrics: one activity's counters (the activity is in the journey). */
  activity(scope: Scope, journey: JourneyDoc, activityId: string): Promise<ExecutionMetrics>;
  /** GetJourneyRuns: runs newest first, from `offset`, at most `limit`. */
  runs(scope: Scope, journey: JourneyDoc, offset: number, limit: number): Promise<JourneyRun[]>;
  /** One run, or undefined when the journey has no such run (the operations answer 404). */
  run(scope: Scope, journey: JourneyDoc, runId: string): Promise<JourneyRun | undefined>;
  /** GetJourneyRunExecutionMetrics. */
  runMetrics(scope: Scope, journey: JourneyDoc, run: JourneyRun): Promise<ExecutionMetrics>;
  /** GetJourneyRunExecutionActivityMetrics (the activity is in the journey). */
  runActivity(
    scope: Scope,
    journey: JourneyDoc,
    run: JourneyRun,
    activityId: string,
  ): Promise<ExecutionMetrics>;
  /** GetJourneyDateRangeKpi: the rows of developerguide/analytics-query-results.html. */
  kpi(scope: Scope, journey: JourneyDoc, query: JourneyKpiQuery): Promise<ResultRow[]>;
}

/** `before` is the stored document before the write; `doc` what is being written. */
export interface JourneyLifecycle {
  /** DRAFT → ACTIVE: CreateJourney or UpdateJourney with State ACTIVE, UpdateJourneyState ACTIVE. */
  activated(scope: Scope, doc: JourneyDoc): Promise<void>;
  /** An ACTIVE journey's settings changed by UpdateJourney (its activities cannot change). */
  updated(scope: Scope, doc: JourneyDoc, before: JourneyDoc): Promise<void>;
  /** ACTIVE → PAUSED (UpdateJourneyState). */
  paused(scope: Scope, doc: JourneyDoc): Promise<void>;
  /** PAUSED → ACTIVE (UpdateJourneyState). */
  resumed(scope: Scope, doc: JourneyDoc): Promise<void>;
  /** ACTIVE, PAUSED or CLOSED → CANCELLED (UpdateJourneyState): no endpoint takes another step. */
  cancelled(scope: Scope, doc: JourneyDoc): Promise<void>;
  /** DeleteJourney, in any state; `doc` is the journey as it was. */
  deleted(scope: Scope, doc: JourneyDoc): Promise<void>;
}

/** A lifecycle that acts on nothing: the API alone, without the engine (run/). */
export const NO_LIFECYCLE: JourneyLifecycle = {
  async activated() {},
  async updated() {},
  async paused() {},
  async resumed() {},
  async cancelled() {},
  async deleted() {},
};
