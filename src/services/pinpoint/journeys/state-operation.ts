/**
 * UpdateJourneyState (apireference/apps-application-id-journeys-journey-id-state.html): PUT
 * `/v1/apps/{application-id}/journeys/{journey-id}/state` with a JourneyStateRequest, answering the
 * JourneyResponse. Activates a draft, pauses, resumes or cancels (states.ts decides what is allowed);
 * the change and the lifecycle listener's records are one transaction. A state change rewrites the
 * current document (LastModifiedDate) without making a new settings version.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { badRequest } from '../errors.js';
import { scopeOf } from '../input.js';
import { checkActivation } from './activation.js';
import { JOURNEY_STATES, journeyResponse, type JourneyDoc, type JourneyState } from './model.js';
import { findJourney, journeyIdsOf, onTypedJourney, type JourneyOpsDeps } from './operations.js';
import { conform, oneOf } from './shape.js';
import { stateChange } from './states.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/pinpoint.js';

export function journeyStateOperation(d: JourneyOpsDeps): OperationSpec {
  const { c, journeys, lifecycle } = d;

  return defineOperation<InputOf<'UpdateJourneyState'>, OutputOf<'UpdateJourneyState'>>({
    name: 'UpdateJourneyState',
    action: 'mobiletargeting:UpdateJourneyState',
    ...onTypedJourney(journeys),
    handler(input, ctx) {
      const scope = scopeOf(ctx);
      return c.store.transaction(async () => {
        const before = await findJourney(d, scope, journeyIdsOf(input));
        // JourneyStateRequest.State is optional in the model; a request without it asks for nothing
        // Pinpost can do (Pinpost's wording).
        const state = input.JourneyStateRequest?.State;
        if (state === undefined) throw badRequest('State is required');
        // The model's check of a Pinpoint body leaves its enums out.
        const requested = conform(state, oneOf(JOURNEY_STATES), 'State') as JourneyState;
        const now = c.clock();
        const change = stateChange(before, requested, now);
        if (change === 'none') return { JourneyResponse: journeyResponse(before) };
        const doc: JourneyDoc = { ...before, State: requested, LastModifiedDate: now.toISOString() };
        if (change === 'paused') doc.pausedAt = now.toISOString();
        else delete doc.pausedAt;
        if (change === 'activated') {
          await checkActivation(d, scope, doc);
          await lifecycle.activated(scope, doc);
        } else if (change === 'paused') await lifecycle.paused(scope, doc);
        else if (change === 'resumed') await lifecycle.resumed(scope, doc);
        else await lifecycle.cancelled(scope, doc);
        await journeys.put(scope, doc, false);
        return { JourneyResponse: journeyResponse(doc) };
      });
    },
  });
}
