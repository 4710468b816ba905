/**
 * The journey read operations whose data the running journeys produce, answered through the
 * JourneyMetricsSource port (ports.ts):
 *
 * - GetJourneyExecutionMetrics (…/journeys/{journey-id}/execution-metrics),
 * - GetJourneyExecutionActivityMetrics (…/activities/{journey-activity-id}/execution-metrics),
 * - GetJourneyRuns (…/runs, paged by page-size and token),
 * - GetJourneyRunExecutionMetrics (…/runs/{run-id}/execution-metrics),
 * - GetJourneyRunExecutionActivityMetrics (…/runs/{run-id}/activities/{journey-activity-id}/execution-metrics),
 * - GetJourneyDateRangeKpi (…/kpis/daterange/{kpi-name}, start-time and end-time).
 *
 * Paths, members and the query parameters are pinpoint/2016-12-01's. page-size and next-token "are
 * not supported for application, campaign, and journey metrics" (API reference): accepted and
 * ignored. The app, the journey, the activity (one of the journey's) and the run must exist
 * (NotFoundException, "Resource not found" as for campaigns). IAM: access.ts.
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { range, toTheSecond } from '../analytics/kpi-operations.js';
import { badRequest, notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import { pageSize, scopeOf } from '../input.js';
import { journeyAccess, type JourneyIds } from './access.js';
import { isJourneyKpiName } from './kpis.js';
import { activityKind, type ActivityKind, type JourneyDoc } from './model.js';
import { findJourney, journeyIdsOf, onTypedJourney, type JourneyOpsDeps } from './operations.js';
import type { ExecutionMetrics, JourneyMetricsSource, JourneyRun } from './ports.js';
import type { InputOf, OutputOf, ResultRow as ModelResultRow } from '../../../wire/model/types/pinpoint.js';

/**
 * JourneyExecutionActivityMetricsResponse.ActivityType (model documentation and
 * developerguide/analytics-standard-metrics.html: "Email (MESSAGE)", "Contact Center
 * (CONTACT_CENTER)"). AWS documents no value for SMS, push and custom activities; they send a
 * message, so Pinpost reports MESSAGE for them too.
 */
const ACTIVITY_TYPE: Record<ActivityKind, string> = {
  ConditionalSplit: 'CONDITIONAL_SPLIT',
  Holdout: 'HOLDOUT',
  EMAIL: 'MESSAGE',
  SMS: 'MESSAGE',
  PUSH: 'MESSAGE',
  CUSTOM: 'MESSAGE',
  MultiCondition: 'MULTI_CONDITIONAL_SPLIT',
  RandomSplit: 'RANDOM_SPLIT',
  Wait: 'WAIT',
  ContactCenter: 'CONTACT_CENTER',
};

/** Page size of GetJourneyRuns when none is asked for (Pinpost's: AWS documents none). */
const DEFAULT_PAGE_SIZE = 100;

const idsOf = journeyIdsOf;

/** GetJourneyRuns' token: the offset this server handed out. */
const offsetOf = (token: string | undefined): number => (token === undefined ? 0 : Number(token));

export function journeyMetricsOperations(d: JourneyOpsDeps, source: JourneyMetricsSource): OperationSpec[] {
  const access = journeyAccess(d.journeys);

  const journey = (ctx: RequestContext, i: JourneyIds) => findJourney(d, scopeOf(ctx), i);

  /** The journey's activity and its ActivityType, or NotFoundException. */
  function activityType(doc: JourneyDoc, activityId: string): string {
    const a = Object.hasOwn(doc.Activities ?? {}, activityId) ? doc.Activities![activityId] : undefined;
    const kind = a && activityKind(a);
    if (!kind) throw notFound(RESOURCE_NOT_FOUND);
    return ACTIVITY_TYPE[kind];
  }

  async function run(ctx: RequestContext, doc: JourneyDoc, runId: string): Promise<JourneyRun> {
    const r = await source.run(scopeOf(ctx), doc, runId);
    if (!r) throw notFound(RESOURCE_NOT_FOUND);
    return r;
  }

  const metrics = (m: ExecutionMetrics) => ({ LastEvaluatedTime: m.lastEvaluatedTime, Metrics: m.metrics });

  const execution = defineOperation<
    InputOf<'GetJourneyExecutionMetrics'>,
    OutputOf<'GetJourneyExecutionMetrics'>
  >({
    name: 'GetJourneyExecutionMetrics',
    action: 'mobiletargeting:GetJourneyExecutionMetrics',
    resources: (i, ctx) => access.under(ctx, idsOf(i), 'execution-metrics'),
    async handler(i, ctx) {
      const doc = await journey(ctx, idsOf(i));
      return {
        JourneyExecutionMetricsResponse: {
          ApplicationId: doc.ApplicationId,
          JourneyId: doc.Id,
          ...metrics(await source.journey(scopeOf(ctx), doc)),
        },
      };
    },
  });

  const activity = defineOperation<
    InputOf<'GetJourneyExecutionActivityMetrics'>,
    OutputOf<'GetJourneyExecutionActivityMetrics'>
  >({
    name: 'GetJourneyExecutionActivityMetrics',
    action: 'mobiletargeting:GetJourneyExecutionActivityMetrics',
    resources: (i, ctx) => access.under(ctx, idsOf(i), `activities/${i.JourneyActivityId}/execution-metrics`),
    async handler(i, ctx) {
      const doc = await journey(ctx, idsOf(i));
      const type = activityType(doc, i.JourneyActivityId);
      return {
        JourneyExecutionActivityMetricsResponse: {
          ActivityType: type,
          ApplicationId: doc.ApplicationId,
          JourneyActivityId: i.JourneyActivityId,
          JourneyId: doc.Id,
          ...metrics(await source.activity(scopeOf(ctx), doc, i.JourneyActivityId)),
        },
      };
    },
  });

  const onJourney = onTypedJourney(d.journeys);

  const runs = defineOperation<InputOf<'GetJourneyRuns'>, OutputOf<'GetJourneyRuns'>>({
    name: 'GetJourneyRuns',
    action: 'mobiletargeting:GetJourneyRuns',
    // Refused before authorization, as the reading of the query string it replaces did.
    check(i) {
      const offset = offsetOf(i.Token);
      // Pinpost's wording (the import jobs' too): a token this server did not hand out.
      if (!Number.isInteger(offset) || offset < 0) throw badRequest(`Invalid token: ${i.Token}`);
      pageSize(i.PageSize);
    },
    ...onJourney,
    async handler(i, ctx) {
      const doc = await journey(ctx, idsOf(i));
      const size = pageSize(i.PageSize) ?? DEFAULT_PAGE_SIZE;
      const offset = offsetOf(i.Token);
      const items = await source.runs(scopeOf(ctx), doc, offset, size + 1);
      const next = items.length > size ? String(offset + size) : undefined;
      return { JourneyRunsResponse: { Item: items.slice(0, size), NextToken: next } };
    },
  });

  const runMetrics = defineOperation<
    InputOf<'GetJourneyRunExecutionMetrics'>,
    OutputOf<'GetJourneyRunExecutionMetrics'>
  >({
    name: 'GetJourneyRunExecutionMetrics',
    action: 'mobiletargeting:GetJourneyRunExecutionMetrics',
    ...onJourney,
    async handler(i, ctx) {
      const doc = await journey(ctx, idsOf(i));
      const r = await run(ctx, doc, i.RunId);
      return {
        JourneyRunExecutionMetricsResponse: {
          ApplicationId: doc.ApplicationId,
          JourneyId: doc.Id,
          RunId: r.RunId,
          ...metrics(await source.runMetrics(scopeOf(ctx), doc, r)),
        },
      };
    },
  });

  const runActivity = defineOperation<
    InputOf<'GetJourneyRunExecutionActivityMetrics'>,
    OutputOf<'GetJourneyRunExecutionActivityMetrics'>
  >({
    name: 'GetJourneyRunExecutionActivityMetrics',
    action: 'mobiletargeting:GetJourneyRunExecutionActivityMetrics',
    ...onJourney,
    async handler(i, ctx) {
      const doc = await journey(ctx, idsOf(i));
      const type = activityType(doc, i.JourneyActivityId);
      const r = await run(ctx, doc, i.RunId);
      return {
        JourneyRunExecutionActivityMetricsResponse: {
          ActivityType: type,
          ApplicationId: doc.ApplicationId,
          JourneyActivityId: i.JourneyActivityId,
          JourneyId: doc.Id,
          RunId: r.RunId,
          ...metrics(await source.runActivity(scopeOf(ctx), doc, r, i.JourneyActivityId)),
        },
      };
    },
  });

  const kpi = defineOperation<InputOf<'GetJourneyDateRangeKpi'>, OutputOf<'GetJourneyDateRangeKpi'>>({
    name: 'GetJourneyDateRangeKpi',
    action: 'mobiletargeting:GetJourneyDateRangeKpi',
    resources: (i, ctx) => access.under(ctx, idsOf(i), `kpis/daterange/${i.KpiName}`),
    async handler(i, ctx) {
      const doc = await journey(ctx, idsOf(i));
      // The applications' and campaigns' wording (Pinpost's own) for a name the page doesn't list.
      if (!isJourneyKpiName(i.KpiName)) throw badRequest(`Invalid KPI name: ${i.KpiName}`);
      const { start, end } = range({ start: i.StartTime, end: i.EndTime }, d.c.clock());
      const rows = await source.kpi(scopeOf(ctx), doc, { name: i.KpiName, start, end });
      return {
        JourneyDateRangeKpiResponse: {
          ApplicationId: doc.ApplicationId,
          EndTime: toTheSecond(end),
          JourneyId: doc.Id,
          KpiName: i.KpiName,
          // GroupedBys as the applications' KPIs leave it out (kpi-operations.ts).
          KpiResult: { Rows: rows as ModelResultRow[] },
          StartTime: toTheSecond(start),
        },
      };
    },
  });

  return [execution, activity, runs, runMetrics, runActivity, kpi];
}
