/**
 * Runs after the first: a journey with RefreshFrequency re-reads its start segment every period
 * (new members enter later). Stage 1 has none.
 */
import type { PinpointContext } from '../../ports.js';
import type { JourneyStore } from '../journey-store.js';
import type { JourneyDoc } from '../model.js';
import type { JourneyRuns } from './runs-store.js';

/** When a journey (or any) next starts a run by itself; undefined when never. */
export function nextStart(
  _c: PinpointContext,
  _journeys: JourneyStore,
  _runs: JourneyRuns,
  _journey?: JourneyDoc,
): string | undefined {
  return undefined;
}

/** Creates the runs whose time has come. */
export function startDue(
  _c: PinpointContext,
  _journeys: JourneyStore,
  _runs: JourneyRuns,
  _now: Date,
): void {}
