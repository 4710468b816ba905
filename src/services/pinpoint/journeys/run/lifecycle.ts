/**
 * What the engine does when a journey's state changes (ports.ts JourneyLifecycle), inside the
 * write's own transaction so it commits or rolls back with the journey document:
 *
 * - activated: a run of the start segment, starting at Schedule.StartTime (now when it has
 *   passed or is not given); an event-started journey waits for its events;
 * - paused / resumed: every run of the journey held, then released (places keep their due times,
 *   so a wait that ended while paused moves on at resume);
 * - cancelled: every endpoint still in the journey stopped where it is (counted CANCELLED), runs
 *   CANCELLED; nobody takes another step;
 * - deleted: runs, places, counters and send log gone;
 * - updated: an ACTIVE journey's new settings apply from its next step (the engine reads the
 *   current document; its activities cannot change while it is published).
 */
import { LOCAL_TIME_LEAD_MS } from '../../campaigns/local-time.js';
import { parseInstant } from '../../campaigns/write-request.js';
import type { PinpointContext } from '../../ports.js';
import type { JourneyDoc } from '../model.js';
import type { JourneyLifecycle } from '../ports.js';
import type { JourneyPlaces } from './places-store.js';
import { JOURNEY, type JourneyRuns } from './runs-store.js';

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
  kick: () => void,
): JourneyLifecycle {
  const later = () => setImmediate(kick);
  return {
    activated(scope, doc) {
      if (doc.StartCondition?.SegmentStartCondition) {
        const now = c.clock();
        const segmentVersion = c.ports.segments.latestVersion(
          scope,
          doc.ApplicationId,
          doc.StartCondition.SegmentStartCondition.SegmentId,
        );
        runs.create(scope, doc.ApplicationId, doc.Id, doc.version, firstStart(doc, now), now, {
          segmentVersion,
        });
      }
      later();
    },
    updated(_scope, doc) {
      // A run that has not started yet starts at the new Schedule.StartTime.
      const now = c.clock();
      runs.reschedule(doc.Id, firstStart(doc, now), now);
      later();
    },
    paused(_scope, doc) {
      runs.setPaused(doc.Id, true);
    },
    resumed(_scope, doc) {
      runs.setPaused(doc.Id, false);
      later();
    },
    cancelled(_scope, doc) {
      const now = c.clock();
      for (const [runId, n] of places.cancel(doc.Id)) {
        const run = runs.get(runId);
        if (run) runs.add(run, new Map([[`${JOURNEY}\nCANCELLED`, n]]));
      }
      runs.cancel(doc.Id, now);
    },
    deleted(_scope, doc) {
      runs.deleteJourney(doc.Id);
    },
  };
}
