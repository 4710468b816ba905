/**
 * Journeys that run: the engine (engine.ts) that enters endpoints (entry.ts) and moves them
 * through the activities (step.ts), durable in the store (migrations.ts), plugged into the journeys
 * API through its two ports: the lifecycle (lifecycle.ts) and the metrics (metrics.ts).
 */
import type { PinpointContext } from '../../ports.js';
import type { JourneyStore } from '../journey-store.js';
import type { JourneyLifecycle, JourneyMetricsSource } from '../ports.js';
import { JourneyEngine, type EngineOptions } from './engine.js';
import { journeyLifecycle } from './lifecycle.js';
import { runningMetrics } from './metrics.js';
import { JourneyPlaces } from './places-store.js';
import { JourneyRuns } from './runs-store.js';

export { journeyRunMigrations } from './migrations.js';

export interface JourneyRunner {
  engine: JourneyEngine;
  lifecycle: JourneyLifecycle;
  metrics: JourneyMetricsSource;
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
    engine,
    lifecycle: journeyLifecycle(c, runs, places, () => engine.kick()),
    metrics: runningMetrics(c.db, runs, places),
  };
}
