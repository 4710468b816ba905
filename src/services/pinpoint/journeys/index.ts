/**
 * Journeys, the API: CRUD (operations.ts), states (state-operation.ts, states.ts) and the read
 * operations of metrics and runs (metrics-operations.ts), with AWS's validation (write-shape.ts,
 * write-rules.ts, references.ts, activation.ts). Running journeys is another part's job: it plugs
 * in through the two ports (ports.ts) — the metrics it keeps, and the lifecycle events it acts on.
 */
import type { PinpointContext, PinpointPart } from '../ports.js';
import { JourneyStore } from './journey-store.js';
import { beforeRunsMetrics } from './metrics-source.js';
import { journeyMetricsOperations } from './metrics-operations.js';
import { journeyOperations } from './operations.js';
import { NO_LIFECYCLE, type JourneyLifecycle, type JourneyMetricsSource } from './ports.js';
import { journeyStateOperation } from './state-operation.js';

export type { ExecutionMetrics, JourneyLifecycle, JourneyMetricsSource, JourneyRun } from './ports.js';
export { JourneyStore } from './journey-store.js';

export interface JourneyHooks {
  /** Where the metrics and runs come from; until journeys run, there are none. */
  metrics?: JourneyMetricsSource;
  /** Told of every state change inside its transaction; until journeys run, no one listens. */
  lifecycle?: JourneyLifecycle;
}

export function createJourneys(
  c: PinpointContext,
  hooks: JourneyHooks = {},
): PinpointPart & { store: JourneyStore } {
  const journeys = new JourneyStore(c.store);
  const deps = { c, journeys, lifecycle: hooks.lifecycle ?? NO_LIFECYCLE };
  return {
    store: journeys,
    operations: [
      ...journeyOperations(deps),
      journeyStateOperation(deps),
      ...journeyMetricsOperations(deps, hooks.metrics ?? beforeRunsMetrics(c.db)),
    ],
  };
}
