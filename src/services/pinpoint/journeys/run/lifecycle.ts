/**
 * What the engine does when a journey's state changes (ports.ts JourneyLifecycle), inside the
 * write's own transaction so it commits or rolls back with the journey document — the journey's
 * pass (schedule.ts) included, wherever there is work for it:
 *
 * - activated: a run of the start segment, starting at Schedule.StartTime (now when it has
 *   passed or is not given); an event-started journey waits for its events;
 * - paused / resumed: every run of the journey held, then released (places keep their due times,
 *   so a wait that ended while paused moves on at resume);
 * - cancelled: every endpoint still in the journey stopped where it is (counted CANCELLED), runs
 *   CANCELLED; nobody takes another step;
 * - deleted: runs, places, counters, send log and pass gone;
 * - updated: an ACTIVE journey's new settings apply from its next step (the engine reads the
 *   current document; its activities cannot change while it is published).
 */
import { LOCAL_TIME_LEAD_MS } from '../../campaigns/local-time.js';
import { parseInstant } from '../../campaigns/write-request.js';
import type { PinpointContext, Scope } from '../../ports.js';
import type { JourneyDoc } from '../model.js';
import type { JourneyLifecycle } from '../ports.js';
import type { JourneyPlaces } from './places-store.js';
import { JOURNEY, type JourneyRuns } from './runs-store.js';
import { PASS, schedulePass } from './schedule.js';

/**
 * When the first run starts: Schedule.StartTime, or now when it has passed or is not given. With
 * LocalTime the start is each participant's local time, the earliest of which is 14 hours ahead of
 * UTC (entry.ts lets each endpoint in at its own).
 */
function firstStart(doc: JourneyDoc, now: Date): Date {
  const start = doc.Schedule?.StartTime ? parseInstant(doc.Schedule.StartTime) : undefined;
  const first = start && doc.LocalTime ? new Date(start.getTime() - LOCAL_TIME_LEAD_MS) : start;
  return first && first > now ? first : now;
}

export function journeyLifecycle(
  c: PinpointContext,
  runs: JourneyRuns,
  places: JourneyPlaces,
): JourneyLifecycle {
  // The pass runs now and finds the journey's next due time itself (a run's start, the end).
  const pass = (scope: Scope, doc: JourneyDoc) => schedulePass(c, scope, doc.ApplicationId, doc.Id);
  return {
    async activated(scope, doc) {
      if (doc.StartCondition?.SegmentStartCondition) {
        const now = c.clock();
        const segmentVersion = await c.ports.segments.latestVersion(
          scope,
          doc.ApplicationId,
          doc.StartCondition.SegmentStartCondition.SegmentId,
        );
        await runs.create(scope, doc.ApplicationId, doc.Id, doc.version, firstStart(doc, now), now, {
          segmentVersion,
        });
      }
      await pass(scope, doc);
    },
    async updated(scope, doc) {
      // A run that has not started yet starts at the new Schedule.StartTime.
      const now = c.clock();
      await runs.reschedule(doc.Id, firstStart(doc, now), now);
      await pass(scope, doc);
    },
    async paused(_scope, doc) {
      await runs.setPaused(doc.Id, true);
    },
    async resumed(scope, doc) {
      await runs.setPaused(doc.Id, false);
      await pass(scope, doc);
    },
    async cancelled(_scope, doc) {
      const now = c.clock();
      // The runs first: a batch committing meanwhile holds its run's row, so the places are
      // counted once its moves are in (runs-store.ts, progress).
      await runs.cancel(doc.Id, now);
      for (const [runId, n] of await places.cancel(doc.Id)) {
        const run = await runs.get(runId);
        if (run) await runs.add(run, new Map([[`${JOURNEY}\nCANCELLED`, n]]));
      }
    },
    async deleted(_scope, doc) {
      await runs.deleteJourney(doc.Id);
      // A pass running now finds the journey gone and ends; a waiting one is not needed.
      await c.jobs.queue.cancel(PASS, doc.Id);
    },
  };
}
