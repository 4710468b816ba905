/**
 * Endpoints entering a run (SegmentStartCondition: the start segment's members when the run
 * starts): the segment's latest version is read lazily, each endpoint counted as Pinpoint's run
 * metrics count it (developerguide/journey-run-metrics-activity-execution.html: ENDPOINT_PRODUCED,
 * ENDPOINT_OPT_OUT, ENDPOINT_INACTIVE, ENDPOINT_MISSING_ADDRESS, DUPLICATE_ENDPOINT; journey
 * execution metrics: ENDPOINT_ENTERED, ACTIVE_ENDPOINT_REJECTED, REENTRY_CAP_EXCEEDED), and the
 * ones that enter are placed at the StartActivity. Only email endpoints enter: Pinpost's journeys
 * send email only. Progress commits per batch with the run's cursor, so a restart resumes after the
 * last batch that committed and no endpoint enters twice.
 */
import type { EndpointDoc, PinpointContext } from '../../ports.js';
import { isValidZone, localStart } from '../../campaigns/local-time.js';
import { parseInstant } from '../../campaigns/write-request.js';
import { parseDuration, addDuration } from '../duration.js';
import type { JourneyDoc } from '../model.js';
import type { JourneyPlaces, PlaceRow } from './places-store.js';
import { bump, JOURNEY, scopeOfRun, type JourneyRuns, type RunRow, type Tally } from './runs-store.js';
import { arrival } from './timing.js';

export interface EntryDeps {
  c: PinpointContext;
  runs: JourneyRuns;
  places: JourneyPlaces;
  batchSize: number;
  shouldStop(): boolean;
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/** Why a member does not enter (a run metric), or undefined when it may. */
function refusal(ep: EndpointDoc): string | undefined {
  if ((ep.OptOut ?? 'NONE') !== 'NONE') return 'ENDPOINT_OPT_OUT';
  if ((ep.EndpointStatus ?? 'ACTIVE') !== 'ACTIVE') return 'ENDPOINT_INACTIVE';
  if (typeof ep.Address !== 'string' || ep.Address === '') return 'ENDPOINT_MISSING_ADDRESS';
  return undefined;
}

/** The members a run takes in: its own list (an event started it) or the start segment's. */
async function* members(d: EntryDeps, run: RunRow, journey: JourneyDoc): AsyncGenerator<EndpointDoc> {
  const segmentId =
    journey.StartCondition?.SegmentStartCondition?.SegmentId ??
    journey.StartCondition?.EventStartCondition?.SegmentId;
  const scope = scopeOfRun(run);
  if (run.endpoints) {
    for (const id of JSON.parse(run.endpoints) as string[]) {
      const found = await d.c.store.get<EndpointDoc>(scope, run.app_id, 'endpoint', id);
      if (found) yield found.doc;
    }
    return;
  }
  if (!segmentId) return;
  yield* (await d.c.ports.segments.members(scope, run.app_id, segmentId)) ?? [];
}

/** Enters a run's endpoints, batch by batch; returns false when the server stops first. */
export async function enter(d: EntryDeps, run: RunRow, journey: JourneyDoc): Promise<boolean> {
  const acts = journey.Activities ?? {};
  const start = journey.StartActivity ?? '';
  const limits = journey.Limits ?? {};
  const interval = limits.EndpointReentryInterval ? parseDuration(limits.EndpointReentryInterval) : undefined;
  const localStartTime =
    journey.LocalTime && journey.Schedule?.StartTime ? parseInstant(journey.Schedule.StartTime) : undefined;
  const scheduleZone = journey.Schedule?.Timezone ?? 'UTC';
  /** LocalTime: an endpoint starts at StartTime's wall-clock time in its own zone. */
  const localFrom = (ep: EndpointDoc, now: Date): Date => {
    if (!localStartTime) return now;
    const own = (ep.Demographic as { Timezone?: unknown } | undefined)?.Timezone;
    const at = localStart(localStartTime, scheduleZone, isValidZone(own) ? own : scheduleZone);
    return at > now ? at : now;
  };
  const seen = new Set<string>();
  let position = 0;
  let batch: EndpointDoc[] = [];
  let tally: Tally = new Map();

  const flush = async (done: boolean) => {
    const now = d.c.clock();
    const history = await d.places.entries(
      run.journey_id,
      batch.map((e) => e.Id),
    );
    const rows: PlaceRow[] = [];
    for (const ep of batch) {
      const h = history.get(ep.Id);
      if (h?.active) {
        bump(tally, JOURNEY, 'ACTIVE_ENDPOINT_REJECTED');
        continue;
      }
      // EndpointReentryCap: "The maximum number of times that a participant can enter the journey
      // … To allow participants to enter the journey an unlimited number of times, set this value
      // to 0." Without it a participant enters once (the console's default: no re-entry).
      const cap = limits.EndpointReentryCap ?? 1;
      const overCap = h && cap > 0 && h.count >= cap;
      const tooSoon = h && interval && addDuration(new Date(h.last), interval) > now;
      if (overCap || tooSoon) {
        bump(tally, JOURNEY, 'REENTRY_CAP_EXCEEDED');
        continue;
      }
      bump(tally, JOURNEY, 'ENDPOINT_ENTERED');
      rows.push({
        run_id: run.run_id,
        endpoint_id: ep.Id,
        entry: (h?.count ?? 0) + 1,
        journey_id: run.journey_id,
        activity: start,
        entered_at: now.toISOString(),
        due_at: arrival(acts[start], localFrom(ep, now)).toISOString(),
      });
    }
    const counted = tally;
    await d.c.store.transaction(async () => {
      if (!(await d.runs.progress(run.run_id, position, done, now))) return;
      await d.places.insert(rows);
      await d.runs.add(run, counted);
    });
    batch = [];
    tally = new Map();
    await yieldToLoop();
  };

  // Nobody enters a journey whose Schedule.EndTime has passed.
  const end = journey.Schedule?.EndTime ? parseInstant(journey.Schedule.EndTime) : undefined;
  const source = end && d.c.clock() >= end ? [] : members(d, run, journey);
  let index = 0;
  for await (const ep of source) {
    index++;
    const skipped = index <= run.cursor;
    if (ep.ChannelType !== 'EMAIL') continue;
    const why = refusal(ep);
    const address = why ? undefined : String(ep.Address).toLowerCase();
    if (skipped) {
      if (address) seen.add(address);
      continue;
    }
    position = index;
    bump(tally, JOURNEY, 'ENDPOINT_PRODUCED');
    if (why) {
      bump(tally, JOURNEY, why);
      continue;
    }
    if (seen.has(address!)) {
      bump(tally, JOURNEY, 'DUPLICATE_ENDPOINT');
      continue;
    }
    seen.add(address!);
    batch.push(ep);
    if (batch.length >= d.batchSize) {
      await flush(false);
      if (d.shouldStop()) return false;
      const now = await d.runs.get(run.run_id);
      if (!now || now.status === 'CANCELLED' || now.paused) return false;
    }
  }
  position = Math.max(position, index);
  await flush(true);
  return true;
}
