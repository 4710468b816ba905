/**
 * What IAM authorizes for journey operations (list_amazonpinpoint.html, "Actions defined by Amazon
 * Pinpoint" and "Resource types"):
 *
 * - CreateJourney on `journeys*`: `apps/${AppId}/journeys`, with aws:RequestTag, aws:TagKeys and
 *   aws:ResourceTag; it also needs mobiletargeting:TagResource to tag, and iam:PassRole (with
 *   iam:PassedToService mobiletargeting.amazonaws.com) for the role it passes ("API operations
 *   defined by Amazon Pinpoint"); UpdateJourney likewise needs iam:PassRole;
 * - ListJourneys on `app*`;
 * - GetJourney, UpdateJourney, UpdateJourneyState, DeleteJourney, GetJourneyRuns,
 *   GetJourneyRunExecutionMetrics, GetJourneyRunExecutionActivityMetrics on `journey*`:
 *   `apps/${AppId}/journeys/${JourneyId}`, with the journey's tags as aws:ResourceTag;
 * - GetJourneyExecutionMetrics on `journey-execution-metrics*`:
 *   `apps/${AppId}/journeys/${JourneyId}/execution-metrics`;
 * - GetJourneyExecutionActivityMetrics on `journey-execution-activity-metrics*`:
 *   `apps/${AppId}/journeys/${JourneyId}/activities/${JourneyActivityId}/execution-metrics`;
 * - GetJourneyDateRangeKpi on `journey-metrics*`:
 *   `apps/${AppId}/journeys/${JourneyId}/kpis/daterange/${KpiName}` (these three carry no keys).
 */
import type { RequestContext } from '../../../wire/context.js';
import { pinpointArn, resourceTagKeys, scopeOf } from '../input.js';
import type { Scope } from '../store.js';
import type { JourneyStore } from './journey-store.js';

export interface JourneyIds {
  appId: string;
  journeyId: string;
}

export function journeyAccess(journeys: JourneyStore) {
  const journeyArn = (scope: Scope, i: JourneyIds) =>
    pinpointArn(scope, `apps/${i.appId}/journeys/${i.journeyId}`);
  return {
    journeysArn: (scope: Scope, appId: string) => pinpointArn(scope, `apps/${appId}/journeys`),
    journeyArn,
    /** The `journey*` resource with its tags. */
    onJourney: {
      resources: (i: JourneyIds, ctx: RequestContext) => [journeyArn(scopeOf(ctx), i)],
      conditionKeys: async (i: JourneyIds, ctx: RequestContext) =>
        resourceTagKeys((await journeys.get(scopeOf(ctx), i.appId, i.journeyId))?.tags),
    },
    /** A metrics resource under the journey (`…/execution-metrics`, `…/kpis/daterange/<kpi>`). */
    under: (ctx: RequestContext, i: JourneyIds, path: string) => [`${journeyArn(scopeOf(ctx), i)}/${path}`],
  };
}
