/**
 * Whether an EMAIL activity may send to an endpoint now: `undefined` to send, an instant to hold
 * the endpoint at the activity until, or `skip` to move it on without a message.
 */
import type { EndpointDoc } from '../../ports.js';
import type { JourneyDoc } from '../model.js';
import type { PlaceRow } from './places-store.js';
import type { RunRow } from './runs-store.js';

export interface Gate {
  check(ep: EndpointDoc, place: PlaceRow): Date | 'skip' | undefined;
}

export function sendGate(_d: unknown, _run: RunRow, _journey: JourneyDoc, _now: Date): Gate {
  return { check: () => undefined };
}
