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
import { range, time } from '../analytics/kpi-operations.js';
import { badRequest, notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import { label, pageSizeOf, scopeOf, str, type Raw } from '../input.js';
import { journeyAccess, type JourneyIds } from './access.js';
import { isJourneyKpiName } from './kpis.js';
import { activityKind, type ActivityKind, type JourneyDoc } from './model.js';
import { findJourney, journeyIds, type JourneyOpsDeps } from './operations.js';
import type { ExecutionMetrics, JourneyMetricsSource, JourneyRun } from './ports.js';
import type { OutputOf, ResultRow as ModelResultRow } from '../../../wire/model/types/pinpoint.js';
import { isoText, type IsoText } from '../iso-text.js';

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

const METRICS_QUERY = { PageSize: 'page-size', NextToken: 'next-token' };

interface ActivityIds extends JourneyIds {
  activityId: string;
}
interface RunIds extends JourneyIds {
  runId: string;
}

const activityIds = (raw: Raw): ActivityIds => ({
  ...journeyIds(raw),
  activityId: label(raw, 'journey-activity-id'),
});
const runIds = (raw: Raw): RunIds => ({ ...journeyIds(raw), runId: label(raw, 'run-id') });

export function journeyMetricsOperations(d: JourneyOpsDeps, source: JourneyMetricsSource): OperationSpec[] {
  const access = journeyAccess(d.journeys);
  const base = '/v1/apps/{application-id}/journeys/{journey-id}';

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

  const execution = defineOperation<JourneyIds, OutputOf<'GetJourneyExecutionMetrics'>>({
    name: 'GetJourneyExecutionMetrics',
    action: 'mobiletargeting:GetJourneyExecutionMetrics',
    http: { method: 'GET', path: `${base}/execution-metrics`, query: METRICS_QUERY },
    output: { payload: 'JourneyExecutionMetricsResponse' },
    parse: journeyIds,
    resources: (i, ctx) => access.under(ctx, i, 'execution-metrics'),
    async handler(i, ctx) {
      const doc = await journey(ctx, i);
      return {
        JourneyExecutionMetricsResponse: {
          ApplicationId: doc.ApplicationId,
          JourneyId: doc.Id,
          ...metrics(await source.journey(scopeOf(ctx), doc)),
        },
      };
    },
  });

  const activity = defineOperation<ActivityIds, OutputOf<'GetJourneyExecutionActivityMetrics'>>({
    name: 'GetJourneyExecutionActivityMetrics',
    action: 'mobiletargeting:GetJourneyExecutionActivityMetrics',
    http: {
      method: 'GET',
      path: `${base}/activities/{journey-activity-id}/execution-metrics`,
      query: METRICS_QUERY,
    },
    output: { payload: 'JourneyExecutionActivityMetricsResponse' },
    parse: activityIds,
    resources: (i, ctx) => access.under(ctx, i, `activities/${i.activityId}/execution-metrics`),
    async handler(i, ctx) {
      const doc = await journey(ctx, i);
      const type = activityType(doc, i.activityId);
      return {
        JourneyExecutionActivityMetricsResponse: {
          ActivityType: type,
          ApplicationId: doc.ApplicationId,
          JourneyActivityId: i.activityId,
          JourneyId: doc.Id,
          ...metrics(await source.activity(scopeOf(ctx), doc, i.activityId)),
        },
      };
    },
  });

  const runs = defineOperation<
    JourneyIds & { pageSize?: number; offset: number },
    OutputOf<'GetJourneyRuns'>
  >({
    name: 'GetJourneyRuns',
    action: 'mobiletargeting:GetJourneyRuns',
    http: { method: 'GET', path: `${base}/runs`, query: { PageSize: 'page-size', Token: 'token' } },
    output: { payload: 'JourneyRunsResponse' },
    parse(raw) {
      const token = str(raw, 'Token');
      const offset = token === undefined ? 0 : Number(token);
      // Pinpost's wording (the import jobs' too): a token this server did not hand out.
      if (!Number.isInteger(offset) || offset < 0) throw badRequest(`Invalid token: ${token}`);
      return { ...journeyIds(raw), pageSize: pageSizeOf(raw), offset };
    },
    ...access.onJourney,
    async handler(i, ctx) {
      const doc = await journey(ctx, i);
      const size = i.pageSize ?? DEFAULT_PAGE_SIZE;
      const items = await source.runs(scopeOf(ctx), doc, i.offset, size + 1);
      const next = items.length > size ? String(i.offset + size) : undefined;
      return { JourneyRunsResponse: { Item: items.slice(0, size), NextToken: next } };
    },
  });

  const runMetrics = defineOperation<RunIds, OutputOf<'GetJourneyRunExecutionMetrics'>>({
    name: 'GetJourneyRunExecutionMetrics',
    action: 'mobiletargeting:GetJourneyRunExecutionMetrics',
    http: { method: 'GET', path: `${base}/runs/{run-id}/execution-metrics`, query: METRICS_QUERY },
    output: { payload: 'JourneyRunExecutionMetricsResponse' },
    parse: runIds,
    ...access.onJourney,
    async handler(i, ctx) {
      const doc = await journey(ctx, i);
      const r = await run(ctx, doc, i.runId);
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
    RunIds & { activityId: string },
    OutputOf<'GetJourneyRunExecutionActivityMetrics'>
  >({
    name: 'GetJourneyRunExecutionActivityMetrics',
    action: 'mobiletargeting:GetJourneyRunExecutionActivityMetrics',
    http: {
      method: 'GET',
      path: `${base}/runs/{run-id}/activities/{journey-activity-id}/execution-metrics`,
      query: METRICS_QUERY,
    },
    output: { payload: 'JourneyRunExecutionActivityMetricsResponse' },
    parse: (raw) => ({ ...runIds(raw), activityId: label(raw, 'journey-activity-id') }),
    ...access.onJourney,
    async handler(i, ctx) {
      const doc = await journey(ctx, i);
      const type = activityType(doc, i.activityId);
      const r = await run(ctx, doc, i.runId);
      return {
        JourneyRunExecutionActivityMetricsResponse: {
          ActivityType: type,
          ApplicationId: doc.ApplicationId,
          JourneyActivityId: i.activityId,
          JourneyId: doc.Id,
          RunId: r.RunId,
          ...metrics(await source.runActivity(scopeOf(ctx), doc, r, i.activityId)),
        },
      };
    },
  });

  const kpi = defineOperation<
    JourneyIds & { name: string; start?: Date; end?: Date },
    IsoText<OutputOf<'GetJourneyDateRangeKpi'>>
  >({
    name: 'GetJourneyDateRangeKpi',
    action: 'mobiletargeting:GetJourneyDateRangeKpi',
    http: {
      method: 'GET',
      path: `${base}/kpis/daterange/{kpi-name}`,
      query: { StartTime: 'start-time', EndTime: 'end-time', ...METRICS_QUERY },
    },
    output: { payload: 'JourneyDateRangeKpiResponse' },
    parse: (raw) => ({
      ...journeyIds(raw),
      name: label(raw, 'kpi-name'),
      start: time(raw, 'StartTime', 'start-time'),
      end: time(raw, 'EndTime', 'end-time'),
    }),
    resources: (i, ctx) => access.under(ctx, i, `kpis/daterange/${i.name}`),
    async handler(i, ctx) {
      const doc = await journey(ctx, i);
      // The applications' and campaigns' wording (Pinpost's own) for a name the page doesn't list.
      if (!isJourneyKpiName(i.name)) throw badRequest(`Invalid KPI name: ${i.name}`);
      const { start, end } = range(i, d.c.clock());
      const rows = await source.kpi(scopeOf(ctx), doc, { name: i.name, start, end });
      return {
        JourneyDateRangeKpiResponse: {
          ApplicationId: doc.ApplicationId,
          EndTime: isoText(end),
          JourneyId: doc.Id,
          KpiName: i.name,
          // GroupedBys as the applications' KPIs leave it out (kpi-operations.ts).
          KpiResult: { Rows: rows as ModelResultRow[] },
          StartTime: isoText(start),
        },
      };
    },
  });

  return [execution, activity, runs, runMetrics, runActivity, kpi];
}
