/**
 * The journey metrics the engine keeps (ports.ts JourneyMetricsSource): counters by run and
 * activity, only those that have a value (AWS's samples show only counters with one), plus the
 * participants in the journey now: ENDPOINT_ACTIVE for the journey (developerguide/
 * journey-metrics-execution.html: "the number of participants who started the journey, minus the
 * number of participants who left the journey and the number of participants who were removed"),
 * INSIDE_WAIT for a Wait activity (Pinpost's name). LastEvaluatedTime is when the counters last
 * changed (the journey's CreationDate before it ran). Engagement KPIs come from the event log.
 */
import type { Database } from '../../../../store/index.js';
import { journeyKpi } from '../kpis.js';
import type { JourneyDoc } from '../model.js';
import type { ExecutionMetrics, JourneyMetricsSource, JourneyRun } from '../ports.js';
import type { JourneyPlaces } from './places-store.js';
import { JOURNEY, type JourneyRuns, type RunRow } from './runs-store.js';

const asRun = (r: RunRow): JourneyRun => ({
  RunId: r.run_id,
  CreationTime: r.created_at,
  LastUpdateTime: r.updated_at,
  Status: r.status,
});

function shown(counts: Record<string, number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, n] of Object.entries(counts)) if (n > 0) out[k] = String(n);
  return out;
}

export function runningMetrics(db: Database, runs: JourneyRuns, places: JourneyPlaces): JourneyMetricsSource {
  const evaluated = async (journey: JourneyDoc, runId?: string) =>
    (await runs.lastUpdate(journey.Id, runId)) ?? journey.CreationDate;

  async function journeyMetrics(journey: JourneyDoc, runId?: string): Promise<ExecutionMetrics> {
    const counts = await runs.counts(journey.Id, JOURNEY, runId);
    const active = [...(await places.active(journey.Id, runId)).values()].reduce((a, b) => a + b, 0);
    return {
      lastEvaluatedTime: await evaluated(journey, runId),
      metrics: shown({ ...counts, ENDPOINT_ACTIVE: active }),
    };
  }

  async function activityMetrics(
    journey: JourneyDoc,
    activityId: string,
    runId?: string,
  ): Promise<ExecutionMetrics> {
    const counts = await runs.counts(journey.Id, activityId, runId);
    if (journey.Activities?.[activityId]?.Wait)
      counts.INSIDE_WAIT = (await places.active(journey.Id, runId)).get(activityId) ?? 0;
    return { lastEvaluatedTime: await evaluated(journey, runId), metrics: shown(counts) };
  }

  return {
    journey: (_scope, journey) => journeyMetrics(journey),
    activity: (_scope, journey, activityId) => activityMetrics(journey, activityId),
    runs: async (_scope, journey, offset, limit) =>
      (await runs.ofJourney(journey.Id, offset, limit)).map(asRun),
    run: async (_scope, journey, runId) => {
      const r = await runs.get(runId);
      return r && r.journey_id === journey.Id ? asRun(r) : undefined;
    },
    runMetrics: (_scope, journey, run) => journeyMetrics(journey, run.RunId),
    runActivity: (_scope, journey, run, activityId) => activityMetrics(journey, activityId, run.RunId),
    kpi: (scope, journey, q) =>
      journeyKpi(db, { scope, appId: journey.ApplicationId, journeyId: journey.Id, ...q }),
  };
}
