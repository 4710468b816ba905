/**
 * The registry of time-driven work, and the one way the manual clock moves. Each part that has work
 * due at a clock time registers a TimedWork; the durable work of every part (the outbox's retries,
 * campaign runs and held endpoints, a journey's waits, imports) is jobs, and the job worker
 * (src/jobs/) is their one TimedWork. `advanceTo(target)` then repeatedly takes the earliest
 * due time ≤ target across the parts, moves the clock there (never backwards), lets that part run
 * what is due and everything settle, and repeats; at the end the clock reads `target` and every
 * part is idle. So when an advance returns, everything that came due up to the new time has run,
 * in time order, and a test that moves the clock is deterministic.
 *
 * Advances are serialized (one after the other, in the order asked). Under `--clock system` the
 * clock cannot be moved (ClockNotManualError) and the parts work from their own timers. On
 * PostgreSQL the manual clock is shared by the processes (shared-clock.ts): an advance is then
 * serialized with every process's, starts from the stored time, and stores its target once done.
 */
import type { Logger } from 'pino';
import { ClockBackwardsError, ManualClock, type Clock } from './clock.js';
import type { ClockShare } from './shared-clock.js';

/** Work a part has at clock times, as the Timeline drives it. */
export interface TimedWork {
  /** Names the part in logs: `jobs`, `pinpoint event listeners`. */
  readonly name: string;
  /**
   * The earliest clock time at which this part has work waiting, or undefined when it has none.
   * A time at or before the clock's now means work is due already. Work the part cannot take now
   * (a paused campaign's run) is left out. Called once per step of an advance: keep it cheap. Read
   * from the store, hence a promise (a part that knows without reading may answer at once).
   */
  nextDue(): Promise<Date | undefined> | Date | undefined;
  /**
   * Does everything of this part that is due at `now` (the clock reads `now` meanwhile) and
   * resolves when that is done. Work handed to another part (mail a campaign run queued in the
   * outbox) need not be finished: that part reports it due and the Timeline runs it next.
   */
  runDue(now: Date): Promise<void>;
  /** Resolves when nothing of this part is in flight, whoever started it (its own timers too). */
  idle(): Promise<void>;
}

/** Where parts register their time-driven work. */
export interface TimedWorkRegistry {
  register(work: TimedWork): void;
}

/** Thrown when asked to move a clock that is not `--clock manual`. */
export class ClockNotManualError extends Error {
  constructor() {
    super('the clock is the system clock (`--clock system`); only `--clock manual` can be moved');
    this.name = 'ClockNotManualError';
  }
}

/**
 * How many times one part's due work runs at one clock time before the Timeline stops asking (it
 * keeps reporting work due that it does not do: a failure). Parts legitimately hand work back and
 * forth a few times at one time (a run queues mail; its delivery records events); never 100.
 */
export const MAX_ROUNDS_PER_INSTANT = 100;

export class Timeline implements TimedWorkRegistry {
  private readonly works: TimedWork[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private shared?: ClockShare;

  constructor(
    readonly clock: Clock,
    private readonly log?: Logger,
  ) {}

  register(work: TimedWork): void {
    this.works.push(work);
  }

  /** Shares the manual clock with the other processes on the database (shared-clock.ts). */
  share(shared: ClockShare): void {
    this.shared = shared;
  }

  /** Catches the clock up with the other processes' moves (a no-op when not shared). */
  async sync(): Promise<void> {
    await this.shared?.refresh();
  }

  /** Moves the manual clock `ms` ahead of where it is when this advance's turn comes. */
  advanceBy(ms: number): Promise<Date> {
    return this.serialized(() => this.run(new Date(this.manualClock().now().getTime() + ms)));
  }

  /**
   * Moves the manual clock to `at` (its own time is allowed: it runs what is due now). Rejects with
   * ClockBackwardsError for an earlier time, ClockNotManualError under `--clock system`.
   */
  advanceTo(at: Date): Promise<Date> {
    return this.serialized(() => this.run(at));
  }

  /** Resolves when every part is idle. */
  async settle(): Promise<void> {
    await Promise.all(this.works.map((w) => w.idle().catch(() => undefined)));
  }

  /** Ends advances at their next step (the server is stopping). */
  close(): void {
    this.closed = true;
  }

  private manualClock(): ManualClock {
    if (!(this.clock instanceof ManualClock)) throw new ClockNotManualError();
    return this.clock;
  }

  private serialized<T>(step: () => Promise<T>): Promise<T> {
    const shared = this.shared;
    const move = shared
      ? () =>
          shared.exclusive(async () => {
            await shared.refresh();
            const before = this.clock.now().getTime();
            try {
              return await step();
            } finally {
              // What the move reached, even if it ended early (the work it ran is done).
              if (this.clock.now().getTime() !== before) await shared.publish();
            }
          })
      : step;
    const result = this.queue.then(move);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async run(target: Date): Promise<Date> {
    const clock = this.manualClock();
    if (target.getTime() < clock.now().getTime()) throw new ClockBackwardsError(target, clock.now());
    const from = clock.now();
    let instant = from.getTime();
    // Runs of each part at the current instant (reset when the clock moves on).
    const rounds = new Map<TimedWork, number>();
    let steps = 0;
    while (!this.closed) {
      await this.settle();
      const next = await this.earliest((w) => (rounds.get(w) ?? 0) >= MAX_ROUNDS_PER_INSTANT);
      if (!next || next.at > target.getTime()) break;
      if (next.at > instant) {
        clock.moveTo(new Date(next.at));
        instant = next.at;
        rounds.clear();
      }
      const n = (rounds.get(next.work) ?? 0) + 1;
      rounds.set(next.work, n);
      steps++;
      try {
        await next.work.runDue(clock.now());
      } catch (err) {
        this.log?.warn({ err, work: next.work.name, at: clock.now().toISOString() }, 'timed work failed');
        rounds.set(next.work, MAX_ROUNDS_PER_INSTANT);
        continue;
      }
      if (n === MAX_ROUNDS_PER_INSTANT)
        this.log?.warn(
          { work: next.work.name, at: clock.now().toISOString() },
          'timed work still due after as many runs as allowed at one time; left until the clock moves on',
        );
    }
    if (!this.closed) {
      clock.moveTo(target);
      await this.settle();
    }
    this.log?.debug({ from: from.toISOString(), to: clock.now().toISOString(), steps }, 'clock advanced');
    return clock.now();
  }

  /** The part with the earliest due time (the first registered on a tie), leaving out `skip`. */
  private async earliest(
    skip: (w: TimedWork) => boolean,
  ): Promise<{ work: TimedWork; at: number } | undefined> {
    let best: { work: TimedWork; at: number } | undefined;
    for (const work of this.works) {
      if (skip(work)) continue;
      const due = await work.nextDue();
      if (due === undefined) continue;
      const at = due.getTime();
      if (!best || at < best.at) best = { work, at };
    }
    return best;
  }
}
