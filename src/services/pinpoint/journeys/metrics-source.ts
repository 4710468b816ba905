/**
 * The journey metrics Pinpost has until journeys run: no runs, and no counters — a journey that has
 * not run answers an empty Metrics map, as AWS's does before its first evaluation (AWS's samples
 * show only the counters that have a value, e.g. `{"ENDPOINT_PRODUCED": "1", …}`; a journey that
 * counted nothing has none). LastEvaluatedTime is a required member: before any evaluation it is
 * the journey's CreationDate (Pinpost's choice; AWS documents no value for a journey not yet run).
 * Engagement KPIs come from the event log, which already holds any journey email events.
 */
import type { Database } from '../../../store/index.js';
import { journeyKpi } from './kpis.js';
import type { JourneyDoc } from './model.js';
import type { ExecutionMetrics, JourneyMetricsSource } from './ports.js';

const notEvaluated = (journey: JourneyDoc): ExecutionMetrics => ({
  lastEvaluatedTime: journey.CreationDate,
  metrics: {},
});

export function beforeRunsMetrics(db: Database): JourneyMetricsSource {
  return {
    journey: (_scope, journey) => notEvaluated(journey),
    activity: (_scope, journey) => notEvaluated(journey),
    runs: () => [],
    run: () => undefined,
    runMetrics: (_scope, journey) => notEvaluated(journey),
    runActivity: (_scope, journey) => notEvaluated(journey),
    kpi: (scope, journey, q) =>
      journeyKpi(db, { scope, appId: journey.ApplicationId, journeyId: journey.Id, ...q }),
  };
}
