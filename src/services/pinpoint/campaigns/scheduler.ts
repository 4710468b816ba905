/**
 * The durable scheduler: a timer loop over the runs table. Every tick (and at once when a campaign
 * is created or updated) it takes the next run to work on — one a restart interrupted, one whose
 * held endpoints are due, or one whose time has come by the engine's clock — and advances it.
 * Runs are advanced one at a time; `stop()` lets the run in progress reach its batch boundary, and
 * ends a campaign hook call in flight at once (that batch runs again on resume).
 *
 * It is also the campaigns' time-driven work (src/clock/timeline.ts): due when a run's time or a
 * held endpoint's release comes, so a manual clock's advance runs it at exactly that time. The
 * tick only paces how often it looks; what is due is always decided by the clock.
 */
import { PassLoop, type TimedWork } from '../../../clock/index.js';
import type { PinpointContext } from '../ports.js';
import type { CampaignDoc } from './model.js';
import { advanceRun } from './run.js';
import { CampaignRuns, scopeOfRun, type RunRow } from './runs-store.js';

export interface SchedulerOptions {
  intervalMs?: number;
  batchSize?: number;
  concurrency?: number;
}

export class CampaignScheduler implements TimedWork {
  readonly name = 'campaign scheduler';
  private readonly loop: PassLoop;
  /** Aborted by stop(): a hook call in flight ends at once. */
  private stopController = new AbortController();
  private readonly batchSize: number;
  private readonly concurrency: number;

  constructor(
    private readonly c: PinpointContext,
    private readonly runs: CampaignRuns,
    options: SchedulerOptions = {},
  ) {
    this.loop = new PassLoop(() => this.drain(), options.intervalMs ?? 250);
    // Progress is committed per batch: small enough to show a long run moving, large enough that
    // the per-batch transaction costs little next to the sends.
    this.batchSize = options.batchSize ?? 250;
    this.concurrency = options.concurrency ?? 32;
  }

  start(): void {
    if (this.stopController.signal.aborted) this.stopController = new AbortController();
    this.loop.start();
  }

  /** Looks for work now (a campaign was created or updated, an event arrived). */
  kick(): void {
    this.loop.kick();
  }

  /** When the next run or held endpoint of a campaign that is not paused is due. */
  async nextDue(): Promise<Date | undefined> {
    if (!this.loop.running) return undefined;
    return this.runs.nextDue(this.paused);
  }

  /** Works every run due by the clock now, and resolves when none is left to work on. */
  async runDue(): Promise<void> {
    this.kick();
    await this.idle();
  }

  /** Resolves when no pass over the runs is in progress (nor asked for). */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  stop(): Promise<void> {
    this.stopController.abort();
    return this.loop.stop();
  }

  private paused = async (r: RunRow): Promise<boolean> => {
    const doc = (await this.c.store.get<CampaignDoc>(scopeOfRun(r), r.app_id, 'campaign', r.campaign_id))
      ?.doc;
    return !!doc?.IsPaused;
  };

  /** Advances runs until none is ready; a run that cannot progress further is not retried this tick. */
  private async drain(): Promise<void> {
    const tried = new Set<string>();
    while (!this.loop.stopRequested) {
      const run = await this.runs.next(
        this.c.clock(),
        async (r) => tried.has(r.run_id) || (await this.paused(r)),
      );
      if (!run) return;
      tried.add(run.run_id);
      await advanceRun(
        {
          c: this.c,
          runs: this.runs,
          shouldStop: () => this.loop.stopRequested,
          stopSignal: this.stopController.signal,
          batchSize: this.batchSize,
          concurrency: this.concurrency,
        },
        run.run_id,
      );
    }
  }
}
