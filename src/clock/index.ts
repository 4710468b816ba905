/**
 * The one clock (clock.ts), the registry of time-driven work that moves it (timeline.ts), the loop
 * that drives such work (pass-loop.ts) and its route (route.ts). The runtime builds one Clock and one Timeline per server.
 */
export {
  ClockBackwardsError,
  clockFrom,
  createClock,
  ManualClock,
  systemClock,
  type Clock,
} from './clock.js';
export { PassLoop } from './pass-loop.js';
export { clockMigrations, SharedClock, type ClockShare } from './shared-clock.js';
export { CLOCK_PATH, clockRoute, MAX_ADVANCE_SECONDS } from './route.js';
export {
  ClockNotManualError,
  MAX_ROUNDS_PER_INSTANT,
  Timeline,
  type TimedWork,
  type TimedWorkRegistry,
} from './timeline.js';
