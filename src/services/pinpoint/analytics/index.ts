/**
 * Pinpoint's analytics: the event log (EventLog port) fed by PutEvents and by SES's events of the
 * messages the engine sends, the KPIs computed from it, the app's event stream settings, and
 * Pinpost's route for reading the events a stream would carry.
 */
import type { SesEvent } from '../../ses/ports.js';
import type { EventLog, PinpointContext, PinpointPart } from '../ports.js';
import { PinpointEventLog } from './event-log.js';
import { eventStreamOperations } from './event-stream.js';
import { kpiOperations } from './kpi-operations.js';
import { putEventsOperation } from './put-events.js';
import { eventRoutes } from './routes.js';

export { analyticsMigrations } from './migrations.js';

export function createAnalytics(c: PinpointContext): PinpointPart & { log: EventLog } {
  const log = new PinpointEventLog(c.db, c.clock);
  // `many`: SES records a batch of deliveries' events in one call (SendingStore.addEvents).
  c.onSesEvent(
    Object.assign((e: SesEvent) => log.onSesEvent(e), { many: (es: SesEvent[]) => log.onSesEvents(es) }),
  );
  return {
    operations: [putEventsOperation(c), ...kpiOperations(c), ...eventStreamOperations(c)],
    routes: eventRoutes(log),
    // Listener calls wait for their recording transaction to commit (event-log.ts): a clock advance
    // waits for them too, so a run an event starts is due by the time the advance looks.
    timed: [
      {
        name: 'pinpoint event listeners',
        nextDue: () => undefined,
        runDue: () => Promise.resolve(),
        idle: () => log.settled(),
      },
    ],
    // Listener calls still waiting for a commit finish before the database closes.
    stop: () => log.settled(),
    log,
  };
}
