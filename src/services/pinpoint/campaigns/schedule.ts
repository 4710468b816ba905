/**
 * When a campaign runs (pinpoint/2016-12-01 Schedule: StartTime IMMEDIATE or ISO 8601, Frequency,
 * EndTime) and what its CampaignState says given its runs.
 */
import type { CampaignDoc, CampaignStatus, Frequency, Schedule } from './model.js';
import { RECURRING, parseInstant } from './write-request.js';
import type { RunState } from './runs-store.js';

/** The first run's nominal time: now for IMMEDIATE, else StartTime. */
export function firstRun(s: Schedule, now: Date): Date {
  return s.StartTime === 'IMMEDIATE' ? now : (parseInstant(s.StartTime) ?? now);
}

function advance(at: Date, f: Frequency): Date {
  const d = new Date(at);
  if (f === 'HOURLY') d.setUTCHours(d.getUTCHours() + 1);
  else if (f === 'DAILY') d.setUTCDate(d.getUTCDate() + 1);
  else if (f === 'WEEKLY') d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d;
}

/**
 * The run after one nominally at `previous`, for a recurring campaign; undefined when it would
 * start at or after EndTime. Occurrences missed while the server was down are not sent late one by
 * one: the next is the first still in the future.
 */
export function nextRun(s: Schedule, previous: Date, now: Date): Date | undefined {
  const f = s.Frequency ?? 'ONCE';
  if (!RECURRING.includes(f)) return undefined;
  let next = advance(previous, f);
  while (next <= now) {
    const after = advance(next, f);
    if (after > now) break;
    next = after;
  }
  const end = s.EndTime ? parseInstant(s.EndTime) : undefined;
  return end && next >= end ? undefined : next;
}

export const isEventCampaign = (s: Schedule) => s.Frequency === 'EVENT';

/** CampaignState.CampaignStatus from the campaign and the states of its runs. */
export function campaignStatus(doc: CampaignDoc, runs: Set<RunState>, now: Date): CampaignStatus {
  if (doc.IsPaused) return 'PAUSED';
  if (runs.has('executing') || runs.has('holding')) return 'EXECUTING';
  if (isEventCampaign(doc.Schedule)) {
    const end = doc.Schedule.EndTime ? parseInstant(doc.Schedule.EndTime) : undefined;
    return end && end <= now ? 'COMPLETED' : 'SCHEDULED';
  }
  if (runs.has('due')) return runs.has('done') ? 'PENDING_NEXT_RUN' : 'SCHEDULED';
  return runs.has('done') ? 'COMPLETED' : 'SCHEDULED';
}
