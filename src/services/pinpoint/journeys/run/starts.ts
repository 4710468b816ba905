/**
 * When a journey starts runs by itself, after the one its activation starts (lifecycle.ts):
 *
 * - RefreshFrequency ("The frequency with which Amazon Pinpoint evaluates segment and event data
 *   for the journey"): a new run of the start segment every period after the last, while before
 *   Schedule.EndTime; members still in the journey are rejected, others enter again as the
 *   re-entry limits allow (entry.ts);
 * - RefreshOnSegmentUpdate ("whether the journey participants should be refreshed when a segment
 *   is updated"): a new run as soon as the start segment has a newer version than the last run's;
 * - EventStartCondition: a run for the endpoints of the app's events that match the EventFilter
 *   (events.ts), until Schedule.EndTime.
 *
 * A journey that starts no more runs is COMPLETED once its runs have ended; one with an EndTime is
 * COMPLETED when that has passed and its runs have ended.
 */
import { parseInstant } from '../../campaigns/write-request.js';
import type { PinpointContext, Scope } from '../../ports.js';
import { addDuration, parseDuration } from '../duration.js';
import type { JourneyStore } from '../journey-store.js';
import type { JourneyDoc } from '../model.js';
import type { JourneyRuns } from './runs-store.js';

export interface Active {
  scope: Scope;
  doc: JourneyDoc;
}

/** The ACTIVE journeys (at most 50 per account: developerguide/quotas.html): passes resume them. */
export async function activeJourneys(c: Pick<PinpointContext, 'store'>): Promise<Active[]> {
  const found = await c.store.everywhere<JourneyDoc>('journey', '$.State', 'ACTIVE');
  return found.map((r) => ({ scope: r.scope, doc: r.doc }));
}

const endOf = (doc: JourneyDoc) => (doc.Schedule?.EndTime ? parseInstant(doc.Schedule.EndTime) : undefined);

/** When the journey's next refresh run starts, if it has one before its end. */
async function nextRefresh(runs: JourneyRuns, doc: JourneyDoc): Promise<Date | undefined> {
  if (!doc.StartCondition?.SegmentStartCondition || !doc.RefreshFrequency) return undefined;
  const every = parseDuration(doc.RefreshFrequency);
  const last = await runs.lastSegmentRun(doc.Id);
  if (!every || !last) return undefined;
  const next = addDuration(new Date(last.start_at), every);
  if (next.getTime() <= Date.parse(last.start_at)) return undefined;
  const end = endOf(doc);
  return end && next >= end ? undefined : next;
}

async function segmentUpdated(c: PinpointContext, runs: JourneyRuns, a: Active): Promise<number | undefined> {
  const segmentId = a.doc.StartCondition?.SegmentStartCondition?.SegmentId;
  if (!a.doc.RefreshOnSegmentUpdate || !segmentId) return undefined;
  const latest = await c.ports.segments.latestVersion(a.scope, a.doc.ApplicationId, segmentId);
  const last = await runs.lastSegmentRun(a.doc.Id);
  if (latest === undefined || !last || last.segment_version === null) return undefined;
  return latest > last.segment_version ? latest : undefined;
}

/** Whether the journey may still start runs at or after `now`. */
export async function startsMore(runs: JourneyRuns, doc: JourneyDoc, now: Date): Promise<boolean> {
  const end = endOf(doc);
  if (end && now >= end) return false;
  if (doc.StartCondition?.EventStartCondition || doc.RefreshOnSegmentUpdate) return true;
  return (await nextRefresh(runs, doc)) !== undefined;
}

/** When an ACTIVE journey next starts a run by itself or reaches its end (after `now`), if ever. */
export async function nextStart(
  c: PinpointContext,
  runs: JourneyRuns,
  a: Active,
  now: Date,
): Promise<Date | undefined> {
  const end = endOf(a.doc);
  const times = [await nextRefresh(runs, a.doc), end && end > now ? end : undefined];
  if ((await segmentUpdated(c, runs, a)) !== undefined) times.push(now);
  let best: Date | undefined;
  for (const t of times) if (t && (!best || t < best)) best = t;
  return best;
}

/** Starts an ACTIVE journey's run whose time has come, or completes the journey when it ended. */
export async function startDue(
  c: PinpointContext,
  journeys: JourneyStore,
  runs: JourneyRuns,
  a: Active,
  now: Date,
): Promise<void> {
  const { doc, scope } = a;
  const segmentId = doc.StartCondition?.SegmentStartCondition?.SegmentId;
  await c.store.transaction(async () => {
    const refresh = await nextRefresh(runs, doc);
    const version = await segmentUpdated(c, runs, a);
    if (segmentId && ((refresh && refresh <= now) || version !== undefined)) {
      const segmentVersion = await c.ports.segments.latestVersion(scope, doc.ApplicationId, segmentId);
      const at = refresh && refresh <= now ? refresh : now;
      await runs.create(scope, doc.ApplicationId, doc.Id, doc.version, at, now, { segmentVersion });
      return;
    }
    if (!(await startsMore(runs, doc, now)) && !(await runs.open(doc.Id)))
      await journeys.setState(scope, doc.ApplicationId, doc.Id, 'COMPLETED', now);
  });
}
