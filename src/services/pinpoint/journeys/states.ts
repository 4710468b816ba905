/**
 * Which state changes a journey allows, and what each one is (the lifecycle event it raises).
 *
 * - UpdateJourney (WriteJourneyRequest.State): "DRAFT - Saves the journey and doesn't publish it.
 *   ACTIVE - Saves and publishes the journey … If a journey's status is ACTIVE, you can't add,
 *   change, or remove activities from it. PAUSED, CANCELLED, COMPLETED, and CLOSED states are not
 *   supported in requests to create or update a journey" (model documentation). A request without
 *   State asks for DRAFT, so an ACTIVE journey is updated only with State ACTIVE (boto/boto3#2628:
 *   "Cannot use Pinpoint's update_journey without explicitly setting the State"). "A paused journey
 *   cannot be edited" (userguide/journeys-pause-stop.html); a cancelled one can't be changed
 *   (JourneyResponse.State: "you can't add, change, or remove activities or segment settings"), and
 *   Pinpost applies the same to COMPLETED and CLOSED journeys, which have finished or are closing.
 * - UpdateJourneyState: "Currently, Supported values are ACTIVE, PAUSED, and CANCELLED …
 *   Currently, PAUSED only supports journeys with a segment refresh interval" (model documentation);
 *   "A paused journey can only be resumed after five minutes have passed"; "You can't restart a
 *   journey after you stop it" (userguide/journeys-pause-stop.html, journeys-best-practices.html).
 *   Asking for the state the journey is already in changes nothing (Pinpost's rule).
 *
 * AWS documents no error texts for refused changes: every message is Pinpost's own wording, except
 * where a documented sentence is quoted.
 */
import { badRequest } from '../errors.js';
import type { JourneyDoc, JourneySettings, JourneyState } from './model.js';

/** userguide/journeys-pause-stop.html: "only be resumed after five minutes have passed". */
export const RESUME_AFTER_MS = 5 * 60_000;

/** What UpdateJourney does to the journey's state. */
export type WriteChange = 'draft' | 'activated' | 'updated';

/** The state an UpdateJourney leads to, or BadRequestException when the journey can't be edited. */
export function writeChange(before: JourneyDoc, next: JourneySettings): WriteChange {
  const requested = next.State ?? 'DRAFT';
  if (before.State === 'DRAFT') return requested === 'ACTIVE' ? 'activated' : 'draft';
  if (before.State === 'ACTIVE') {
    if (requested === 'DRAFT') throw badRequest('An ACTIVE journey can only be updated with State ACTIVE');
    const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
    if (!same(before.Activities, next.Activities) || before.StartActivity !== next.StartActivity)
      throw badRequest(
        "If a journey's status is ACTIVE, you can't add, change, or remove activities from it",
      );
    return 'updated';
  }
  if (before.State === 'PAUSED') throw badRequest('A paused journey cannot be edited');
  throw badRequest(`A journey in state ${before.State} can't be updated`);
}

/** What UpdateJourneyState does. */
export type StateChange = 'none' | 'activated' | 'paused' | 'resumed' | 'cancelled';

const SUPPORTED: readonly JourneyState[] = ['ACTIVE', 'PAUSED', 'CANCELLED'];

/** The change UpdateJourneyState makes, or BadRequestException when the journey can't make it. */
export function stateChange(before: JourneyDoc, requested: JourneyState, now: Date): StateChange {
  if (!SUPPORTED.includes(requested))
    throw badRequest(
      `State ${requested} is not supported; supported values are ACTIVE, PAUSED, and CANCELLED`,
    );
  const from = before.State;
  if (requested === from) return 'none';
  if (from === 'CANCELLED') throw badRequest("A CANCELLED journey can't be restarted or changed");
  if (from === 'COMPLETED') throw badRequest("A COMPLETED journey can't be changed");
  if (requested === 'CANCELLED') {
    if (from === 'DRAFT')
      throw badRequest('Only a published journey can be cancelled; this journey is a DRAFT');
    return 'cancelled';
  }
  if (requested === 'PAUSED') {
    if (from !== 'ACTIVE') throw badRequest(`Only an ACTIVE journey can be paused; this journey is ${from}`);
    if (!before.RefreshFrequency)
      throw badRequest('Currently, PAUSED only supports journeys with a segment refresh interval');
    return 'paused';
  }
  // requested ACTIVE
  if (from === 'DRAFT') return 'activated';
  if (from === 'PAUSED') {
    const pausedAt = before.pausedAt ? Date.parse(before.pausedAt) : 0;
    if (now.getTime() - pausedAt < RESUME_AFTER_MS)
      throw badRequest('A paused journey can only be resumed after five minutes have passed');
    return 'resumed';
  }
  throw badRequest(`A ${from} journey can't be made ACTIVE again`);
}
