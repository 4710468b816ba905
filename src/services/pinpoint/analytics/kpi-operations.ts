/**
 * GetApplicationDateRangeKpi and GetCampaignDateRangeKpi
 * (apireference/apps-application-id-kpis-daterange-kpi-name.html,
 * apps-application-id-campaigns-campaign-id-kpis-daterange-kpi-name.html). Authorized on the
 * metric's own ARN, `apps/<id>/kpis/daterange/<kpi>` and `apps/<id>/campaigns/<cid>/kpis/daterange/<kpi>`
 * (list_amazonpinpoint.html: application-metrics, campaign-metrics; no condition keys).
 *
 * Date range (developerguide/analytics-query-campaigns.html): "Date ranges are inclusive and must
 * be limited to 31 or fewer calendar days. In addition, the first date and time must be fewer than
 * 90 days from the current day. If you don't specify a date range, Amazon Pinpoint returns the
 * data for the preceding 31 calendar days." page-size and next-token "are not supported for
 * application, campaign, and journey metrics" (API reference): they are accepted and ignored.
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { requireApp } from '../apps.js';
import { badRequest, notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import { pinpointArn, scopeOf } from '../input.js';
import type { PinpointContext } from '../ports.js';
import { applicationPopulation, isKpiName, type Population } from './kpi-catalog.js';
import { computeKpi } from './kpis.js';
import type { InputOf, OutputOf, ResultRow as ModelResultRow } from '../../../wire/model/types/pinpoint.js';

const DAY = 86_400_000;
/** "limited to 31 or fewer calendar days" */
const MAX_RANGE_DAYS = 31;
/** "the first date and time must be fewer than 90 days from the current day" */
const RETENTION_DAYS = 90;

/** What a date-range KPI request names, as the model types it (start-time, end-time as Dates). */
interface KpiInput {
  appId: string;
  campaignId?: string;
  name: string;
  start?: Date;
  end?: Date;
}

const applicationKpi = (i: InputOf<'GetApplicationDateRangeKpi'>): KpiInput => ({
  appId: i.ApplicationId,
  name: i.KpiName,
  start: i.StartTime,
  end: i.EndTime,
});

const campaignKpi = (i: InputOf<'GetCampaignDateRangeKpi'>): KpiInput => ({
  ...applicationKpi(i),
  campaignId: i.CampaignId,
});

/**
 * A range's bound as the answer gives it: to the second, as AWS's samples write it
 * (`2019-07-26T20:00:00Z`), so the clock's milliseconds never show.
 */
export const toTheSecond = (d: Date): Date => new Date(Math.floor(d.getTime() / 1000) * 1000);

/** The range to read: the preceding 31 days by default; the texts of its errors are Pinpost's. */
export function range(i: Pick<KpiInput, 'start' | 'end'>, now: Date): { start: Date; end: Date } {
  const end =
    i.end ?? (i.start ? new Date(Math.min(now.getTime(), i.start.getTime() + MAX_RANGE_DAYS * DAY)) : now);
  const start = i.start ?? new Date(end.getTime() - MAX_RANGE_DAYS * DAY);
  if (start.getTime() > end.getTime()) throw badRequest('start-time must be before end-time');
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY)
    throw badRequest(`The date range must be ${MAX_RANGE_DAYS} days or fewer`);
  if (now.getTime() - start.getTime() >= RETENTION_DAYS * DAY)
    throw badRequest(`start-time must be fewer than ${RETENTION_DAYS} days from the current day`);
  return { start, end };
}

export function kpiOperations(c: PinpointContext): OperationSpec[] {
  const deps = { store: c.store };

  async function run(i: KpiInput, ctx: RequestContext, population: Population) {
    const scope = scopeOf(ctx);
    await requireApp(deps, scope, i.appId);
    if (i.campaignId !== undefined && !(await c.store.get(scope, i.appId, 'campaign', i.campaignId)))
      throw notFound(RESOURCE_NOT_FOUND);
    // Pinpost's wording: AWS documents no text for a name it does not know.
    if (!isKpiName(population, i.name)) throw badRequest(`Invalid KPI name: ${i.name}`);
    const { start, end } = range(i, c.clock());
    const rows = await computeKpi(c.db, {
      scope,
      appId: i.appId,
      campaignId: i.campaignId,
      population,
      name: i.name,
      start,
      end,
    });
    return {
      ApplicationId: i.appId,
      EndTime: toTheSecond(end),
      KpiName: i.name,
      // The model marks ResultRow.GroupedBys required; AWS's sample of a single-value metric has
      // none (analytics-query-results.html), as kpis.ts writes it.
      KpiResult: { Rows: rows as ModelResultRow[] },
      StartTime: toTheSecond(start),
    };
  }

  const application = defineOperation<
    InputOf<'GetApplicationDateRangeKpi'>,
    OutputOf<'GetApplicationDateRangeKpi'>
  >({
    name: 'GetApplicationDateRangeKpi',
    action: 'mobiletargeting:GetApplicationDateRangeKpi',
    resources: (i, ctx) => [pinpointArn(scopeOf(ctx), `apps/${i.ApplicationId}/kpis/daterange/${i.KpiName}`)],
    handler: async (i, ctx) => ({
      ApplicationDateRangeKpiResponse: await run(applicationKpi(i), ctx, applicationPopulation(i.KpiName)),
    }),
  });

  const campaign = defineOperation<InputOf<'GetCampaignDateRangeKpi'>, OutputOf<'GetCampaignDateRangeKpi'>>({
    name: 'GetCampaignDateRangeKpi',
    action: 'mobiletargeting:GetCampaignDateRangeKpi',
    resources: (i, ctx) => [
      pinpointArn(
        scopeOf(ctx),
        `apps/${i.ApplicationId}/campaigns/${i.CampaignId}/kpis/daterange/${i.KpiName}`,
      ),
    ],
    handler: async (i, ctx) => ({
      CampaignDateRangeKpiResponse: {
        ...(await run(campaignKpi(i), ctx, 'campaign')),
        CampaignId: i.CampaignId,
      },
    }),
  });

  return [application, campaign];
}
