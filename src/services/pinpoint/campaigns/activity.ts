/**
 * One activity per run and treatment (ActivityResponse). Besides AWS's members the stored record
 * keeps Pinpost's own tallies, shown in ExecutionMetrics under Pinpost's own key names (AWS points
 * ExecutionMetrics at its standard metrics without listing keys): how many endpoints were held
 * out, held back by quiet time, capped by the limits, filtered out by the hook, failed, and why
 * the first failure happened.
 */
import type { ActivityDoc } from './model.js';
import { createHash } from 'node:crypto';

export interface Tally {
  holdout: number;
  held: number;
  capped: number;
  filtered: number;
  expired: number;
  failed: number;
  reason?: string;
  zones: string[];
}

export interface ActivityRecord extends ActivityDoc {
  tally: Tally;
}

/**
 * An activity's Id, derived from its run and treatment, so the sends of a run can name their
 * activity (the `campaign_activity_id` of their `_email.*` events) without looking it up.
 */
export const activityIdOf = (runId: string, treatmentId: string): string =>
  createHash('sha256').update(`${runId}/${treatmentId}`).digest('hex').slice(0, 32);

export function newActivity(
  appId: string,
  campaignId: string,
  runId: string,
  treatmentId: string,
  scheduledStart: Date,
): ActivityRecord {
  return {
    Id: activityIdOf(runId, treatmentId),
    ApplicationId: appId,
    CampaignId: campaignId,
    TreatmentId: treatmentId,
    State: 'PENDING',
    ScheduledStart: scheduledStart.toISOString(),
    SuccessfulEndpointCount: 0,
    TotalEndpointCount: 0,
    TimezonesCompletedCount: 0,
    TimezonesTotalCount: 0,
    ExecutionMetrics: {},
    tally: { holdout: 0, held: 0, capped: 0, filtered: 0, expired: 0, failed: 0, zones: [] },
  };
}

/** Notes a failure: the first reason is the one shown. */
export function fail(a: ActivityRecord, reason: string, count = 1): void {
  a.tally.failed += count;
  a.tally.reason ??= reason;
}

export function noteZone(a: ActivityRecord, zone: string): void {
  if (!a.tally.zones.includes(zone)) a.tally.zones.push(zone);
}

/** The ActivityResponse for a stored record. */
export function activityOutput(a: ActivityRecord | ActivityDoc): ActivityDoc {
  const t = (a as ActivityRecord).tally;
  const { tally: _tally, ...doc } = a as ActivityRecord;
  if (!t) return doc;
  const metrics: Record<string, string> = {
    ...doc.ExecutionMetrics,
    HoldoutEndpointCount: String(t.holdout),
    QuietTimeHeldEndpointCount: String(t.held),
    LimitCappedEndpointCount: String(t.capped),
    HookFilteredEndpointCount: String(t.filtered),
    ExpiredEndpointCount: String(t.expired),
    FailedEndpointCount: String(t.failed),
  };
  if (t.reason) metrics.FailureReason = t.reason;
  return {
    ...doc,
    TimezonesTotalCount: t.zones.length,
    TimezonesCompletedCount: doc.State === 'COMPLETED' ? t.zones.length : doc.TimezonesCompletedCount,
    ExecutionMetrics: metrics,
  };
}

const COUNTS = ['holdout', 'held', 'capped', 'filtered', 'expired', 'failed'] as const;

/** Whether a batch's record counted anything (a record for a treatment it never reached has not). */
export function counted(d: ActivityRecord): boolean {
  return (
    d.TotalEndpointCount > 0 ||
    d.tally.zones.length > 0 ||
    d.tally.reason !== undefined ||
    COUNTS.some((k) => d.tally[k] > 0)
  );
}

/**
 * Adds what one batch counted (`d`, a record started at zero) to the stored record: batches of a
 * run commit their own counts, each added to what the others committed before it.
 */
export function addCounts(into: ActivityRecord, d: ActivityRecord): void {
  into.TotalEndpointCount += d.TotalEndpointCount;
  into.SuccessfulEndpointCount += d.SuccessfulEndpointCount;
  for (const k of COUNTS) into.tally[k] += d.tally[k];
  if (d.tally.reason !== undefined) into.tally.reason ??= d.tally.reason;
  for (const z of d.tally.zones) noteZone(into, z);
}
