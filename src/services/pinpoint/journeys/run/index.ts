/**
 * Journeys that run: the engine (engine.ts) whose passes — one job per journey (schedule.ts) —
 * enter endpoints (entry.ts) and move them through the activities (step.ts), durable in the store
 * (migrations.ts), plugged into the journeys API through its two ports: the lifecycle
 * (lifecycle.ts) and the metrics (metrics.ts); events start runs (events.ts).
 */
import type { PinpointContext } from '../../ports.js';
import type { JourneyStore } from '../journey-store.js';
import type { JourneyLifecycle, JourneyMetricsSource } from '../ports.js';
import { JourneyEngine, type EngineOptions } from './engine.js';
import { startFromEvents } from './events.js';
import { journeyLifecycle } from './lifecycle.js';
import { runningMetrics } from './metrics.js';
import { JourneyPlaces } from './places-store.js';
import { JourneyRuns } from './runs-store.js';

export { journeyRunMigrations } from './migrations.js';
export { segmentVersioned } from './schedule.js';

export interface JourneyRunner {
  engine: JourneyEngine;
  lifecycle: JourneyLifecycle;
  metrics: JourneyMetricsSource;
  /**
   * Registers the passes with the process's JobWorker (before it starts) and starts runs from
   * recorded events, in whichever process records them (an API-only one too). Once per server.
   */
  attach(): void;
}

export function createJourneyRunner(
  c: PinpointContext,
  journeys: JourneyStore,
  options: EngineOptions = {},
): JourneyRunner {
  const runs = new JourneyRuns(c.db);
  const places = new JourneyPlaces(c.db);
  const engine = new JourneyEngine(c, journeys, runs, places, options);
  return {
    attach() {
      engine.register();
      c.ports.events.onRecord((scope, events) => startFromEvents(c, runs, scope, events));
    },
    engine,
    lifecycle: journeyLifecycle(c, runs, places),
    metrics: runningMetrics(c.db, runs, places),
  };
}
