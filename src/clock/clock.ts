/**
 * The one clock every time-based rule of the server reads (campaign schedules, quiet time, session
 * expiry, quotas' 24-hour window, event timestamps, KPIs, retries, …). `--clock system` (the
 * default) follows the machine's time; `--clock manual` starts at the machine's time and then moves
 * only when a test moves it (`POST /_pinpost/clock`, through the Timeline, which also runs what
 * comes due on the way).
 *
 * Parts never read `new Date()` for a rule: they are given `clock` (or `() => clock.now()`) where
 * they are built. What must stay on real time says so where it reads it.
 */

export interface Clock {
  /** The time now by this clock: a fresh Date each call. */
  now(): Date;
  /**
   * True when the clock moves only when told (`--clock manual`). A part that would otherwise wait
   * in real time for a clock time to come (a retry timer) need not: the Timeline runs its work
   * when an advance reaches that time.
   */
  readonly manual: boolean;
}

/** `--clock system`: the machine's time. */
export const systemClock: Clock = Object.freeze({ now: () => new Date(), manual: false });

/** Thrown when asked to move the clock to an earlier time: it never moves backwards. */
export class ClockBackwardsError extends Error {
  constructor(
    readonly requested: Date,
    readonly current: Date,
  ) {
    super(`the clock is at ${current.toISOString()} and never moves back to ${requested.toISOString()}`);
    this.name = 'ClockBackwardsError';
  }
}

/** `--clock manual`: starts at `start` (the machine's time by default) and moves only by moveTo. */
export class ManualClock implements Clock {
  readonly manual = true;
  private at: number;

  constructor(start: Date = new Date()) {
    this.at = start.getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  /** Moves to `at` (the same time is allowed); throws ClockBackwardsError for an earlier one. */
  moveTo(at: Date): void {
    const ms = at.getTime();
    if (Number.isNaN(ms)) throw new RangeError('the clock cannot move to an invalid date');
    if (ms < this.at) throw new ClockBackwardsError(at, this.now());
    this.at = ms;
  }
}

/**
 * A clock read from a function: for tests that move time themselves (`() => now`). Parts poll it
 * as they poll the system clock; the Timeline cannot move it.
 */
export function clockFrom(read: () => Date): Clock {
  return { now: () => new Date(read().getTime()), manual: false };
}

/** The clock `--clock` names. */
export function createClock(mode: 'system' | 'manual'): Clock {
  return mode === 'manual' ? new ManualClock() : systemClock;
}
