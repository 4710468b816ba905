/**
 * What the campaigns page shows of a run from GetCampaignActivities (ActivityResponse): a progress
 * fraction while the campaign is EXECUTING, and each activity's outcome with its failure reason.
 * An activity's State is PENDING, INITIALIZING, RUNNING, PAUSED, CANCELLED or COMPLETED; its Result
 * SUCCESS or FAIL (pinpoint/2016-12-01 ActivityResponse). Pinpost reports the reason in
 * ExecutionMetrics.FailureReason and its other tallies beside it (campaigns/activity.ts).
 */

export interface Activity {
  Id?: string;
  State?: string;
  Result?: string;
  ScheduledStart?: string;
  Start?: string;
  End?: string;
  SuccessfulEndpointCount?: number;
  TotalEndpointCount?: number;
  TimezonesCompletedCount?: number;
  TimezonesTotalCount?: number;
  ExecutionMetrics?: Record<string, string>;
}

const FINISHED = ['COMPLETED', 'CANCELLED'];

export interface Progress {
  /** 0 to 1; undefined while nothing is known of the run's size. */
  fraction?: number;
  done: boolean;
  label: string;
}

/**
 * The newest run's progress: its activities' time zones completed over their total when the run
 * knows them (a run sends zone by zone), else finished activities over all of them.
 */
export function progressOf(activities: Activity[]): Progress {
  if (activities.length === 0) return { done: false, label: 'Waiting for the first run' };
  const done = activities.every((a) => FINISHED.includes(a.State ?? ''));
  const zonesTotal = activities.reduce((n, a) => n + (a.TimezonesTotalCount ?? 0), 0);
  const zonesDone = activities.reduce((n, a) => n + (a.TimezonesCompletedCount ?? 0), 0);
  const finished = activities.filter((a) => FINISHED.includes(a.State ?? '')).length;
  const fraction = done ? 1 : zonesTotal > 0 ? zonesDone / zonesTotal : finished / activities.length;
  const sent = activities.reduce((n, a) => n + (a.SuccessfulEndpointCount ?? 0), 0);
  const total = activities.reduce((n, a) => n + (a.TotalEndpointCount ?? 0), 0);
  const states = [...new Set(activities.map((a) => a.State ?? 'UNKNOWN'))].join(', ');
  return { fraction, done, label: `${states}: ${sent} of ${total} endpoints delivered` };
}

/** The reason an activity failed, when it says one. */
export function failureReason(a: Activity): string | undefined {
  return a.ExecutionMetrics?.FailureReason;
}

/**
 * Whether the page should keep polling: the campaign executes, a run is not finished, or it is
 * SCHEDULED to start now (`IMMEDIATE` or a start already past) and its first run has not shown yet.
 */
export function stillRunning(
  campaignStatus: string | undefined,
  activities: Activity[],
  startTime?: string,
  now = new Date(),
): boolean {
  if (campaignStatus === 'EXECUTING' || campaignStatus === 'PENDING_NEXT_RUN') return true;
  if (activities.some((a) => !FINISHED.includes(a.State ?? ''))) return true;
  if (campaignStatus === 'SCHEDULED' && activities.length === 0 && startTime !== undefined)
    return startTime === 'IMMEDIATE' || Date.parse(startTime) <= now.getTime();
  return false;
}
