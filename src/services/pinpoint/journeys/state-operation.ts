/**
 * UpdateJourneyState (apireference/apps-application-id-journeys-journey-id-state.html): PUT
 * `/v1/apps/{application-id}/journeys/{journey-id}/state` with a JourneyStateRequest, answering the
 * JourneyResponse. Activates a draft, pauses, resumes or cancels (states.ts decides what is allowed);
 * the change and the lifecycle listener's records are one transaction. A state change rewrites the
 * current document (LastModifiedDate) without making a new settings version.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { badRequest } from '../errors.js';
import { payload, scopeOf, type Raw } from '../input.js';
import { journeyAccess, type JourneyIds } from './access.js';
import { checkActivation } from './activation.js';
import { JOURNEY_STATES, journeyResponse, type JourneyDoc, type JourneyState } from './model.js';
import { findJourney, journeyIds, type JourneyOpsDeps } from './operations.js';
import { conform, oneOf } from './shape.js';
import { stateChange } from './states.js';
import type { OutputOf } from '../../../wire/model/types/pinpoint.js';
import type { IsoText } from '../iso-text.js';

export function journeyStateOperation(d: JourneyOpsDeps): OperationSpec {
  const { c, journeys, lifecycle } = d;
  const access = journeyAccess(journeys);

  return defineOperation<JourneyIds & { body: Raw }, IsoText<OutputOf<'UpdateJourneyState'>>>({
    name: 'UpdateJourneyState',
    action: 'mobiletargeting:UpdateJourneyState',
    http: {
      method: 'PUT',
      path: '/v1/apps/{application-id}/journeys/{journey-id}/state',
      payload: 'JourneyStateRequest',
    },
    output: { payload: 'JourneyResponse' },
    parse: (raw) => ({ ...journeyIds(raw), body: payload(raw, 'JourneyStateRequest') }),
    ...access.onJourney,
    handler(i, ctx) {
      const scope = scopeOf(ctx);
      return c.store.transaction(async () => {
        const before = await findJourney(d, scope, i);
        // JourneyStateRequest.State is optional in the model; a request without it asks for nothing
        // Pinpost can do (Pinpost's wording).
        if (i.body.State === undefined || i.body.State === null) throw badRequest('State is required');
        const requested = conform(i.body.State, oneOf(JOURNEY_STATES), 'State') as JourneyState;
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
