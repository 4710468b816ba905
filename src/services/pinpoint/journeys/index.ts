/**
 * Journeys, the API: CRUD (operations.ts), states (state-operation.ts, states.ts) and the read
 * operations of metrics and runs (metrics-operations.ts), with AWS's validation (write-shape.ts,
 * write-rules.ts, references.ts, activation.ts). The engine that runs them (run/) plugs in through
 * the two ports (ports.ts) — the metrics it keeps, and the lifecycle events it acts on — and runs
 * as `journey-pass` jobs of the one job mechanism (src/jobs), which is also its time-driven work.
 */
import type { PinpointContext, PinpointPart } from '../ports.js';
import { JourneyStore } from './journey-store.js';
import { journeyMetricsOperations } from './metrics-operations.js';
import { journeyOperations } from './operations.js';
import type { JourneyLifecycle, JourneyMetricsSource } from './ports.js';
import { createJourneyRunner } from './run/index.js';
import { journeyStateOperation } from './state-operation.js';

export type { ExecutionMetrics, JourneyLifecycle, JourneyMetricsSource, JourneyRun } from './ports.js';
export { JourneyStore } from './journey-store.js';
export { journeyRunMigrations, segmentVersioned } from './run/index.js';

export interface JourneyHooks {
  /** Where the metrics and runs come from: the engine's (run/) unless a test gives its own. */
  metrics?: JourneyMetricsSource;
  /** Told of every state change inside its transaction: the engine unless a test gives its own. */
  lifecycle?: JourneyLifecycle;
}

export function createJourneys(
  c: PinpointContext,
  hooks: JourneyHooks = {},
): PinpointPart & { store: JourneyStore } {
  const journeys = new JourneyStore(c.store);
  const runner = createJourneyRunner(c, journeys);
  // A test's substitute ports build a second set of operations over a running server: that
  // server's own engine stays the one that runs the passes and hears the events.
  if (!hooks.metrics && !hooks.lifecycle) runner.attach();
  const deps = { c, journeys, lifecycle: hooks.lifecycle ?? runner.lifecycle };
  return {
    store: journeys,
    operations: [
      ...journeyOperations(deps),
      journeyStateOperation(deps),
      ...journeyMetricsOperations(deps, hooks.metrics ?? runner.metrics),
    ],
    // Passes stop with the JobWorker (it hands their leases back); nothing of its own to stop.
    start: () => runner.engine.resume(),
  };
}
