/** Placeholder until the analytics part lands: events, KPIs, event streams, PutEvents. */
import type { Migration } from '../../../store/index.js';
import type { EventLog, PinpointContext, PinpointPart } from '../ports.js';

export const analyticsMigrations: readonly Migration[] = [];

export function createAnalytics(_c: PinpointContext): PinpointPart & { log: EventLog } {
  return {
    operations: [],
    log: { record: () => undefined, attribute: () => undefined, onRecord: () => undefined },
  };
}
