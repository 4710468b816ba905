/**
 * The import jobs waiting and running on this server. Several run at once (`concurrency`), at most
 * `perAccount` of one account ("You can run up to two concurrent import jobs per AWS account",
 * developerguide/audience-define-import.html), and a free slot goes to the waiting job whose
 * account has the fewest running, oldest first: one account's jobs, or one job that never ends,
 * cannot hold up the others. Each job has a deadline; `stop()` aborts every running job (their
 * fetches and reads end at once) and resolves when they have let go. Waiting and stopped jobs stay
 * in the durable queue (members.ts) for the next start.
 */
import type { QueuedJob } from './members.js';

export interface QueueOptions {
  concurrency: number;
  perAccount: number;
  /** A job still running after this long is aborted with a TimeoutError reason. */
  jobTimeoutMs: number;
}

/** Runs one job until it ends; `signal` aborts on the job's deadline or when the server stops. */
export type JobRunner = (job: QueuedJob, signal: AbortSignal) => Promise<void>;

/** The abort reason of a stop (the job stays queued), as opposed to a deadline (the job fails). */
export class Stopping extends Error {
  constructor() {
    super('the server is stopping');
    this.name = 'Stopping';
  }
}

const keyOf = (j: QueuedJob) => `${j.account}/${j.region}/${j.appId}/${j.jobId}`;

interface Running {
  job: QueuedJob;
  stop: AbortController;
  done: Promise<void>;
}

export class ImportQueue {
  private pending: QueuedJob[] = [];
  private readonly running = new Map<string, Running>();
  private stopping = false;

  constructor(
    private readonly runJob: JobRunner,
    private readonly options: QueueOptions,
  ) {}

  /** Queues a job; one already waiting or running is not added twice, none while stopping. */
  schedule(job: QueuedJob): void {
    const key = keyOf(job);
    if (this.stopping || this.running.has(key) || this.pending.some((j) => keyOf(j) === key)) return;
    this.pending.push(job);
    this.pump();
  }

  /** Takes jobs again after a stop. */
  restart(): void {
    this.stopping = false;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Resolves once no job runs (every job scheduled so far has ended, or the queue stopped). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  /** Aborts the running jobs, drops the waiting ones (they stay in the durable queue), and waits. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.pending = [];
    for (const r of this.running.values()) r.stop.abort(new Stopping());
    await this.idle();
  }

  private pump(): void {
    while (!this.stopping && this.running.size < this.options.concurrency) {
      const next = this.pick();
      if (!next) return;
      this.start(next);
    }
  }

  /** The oldest waiting job among the accounts with the fewest running, under the per-account cap. */
  private pick(): QueuedJob | undefined {
    const load = new Map<string, number>();
    for (const r of this.running.values()) load.set(r.job.account, (load.get(r.job.account) ?? 0) + 1);
    let best: { index: number; load: number } | undefined;
    this.pending.forEach((j, index) => {
      const n = load.get(j.account) ?? 0;
      if (n < this.options.perAccount && (!best || n < best.load)) best = { index, load: n };
    });
    return best && this.pending.splice(best.index, 1)[0];
  }

  private start(job: QueuedJob): void {
    const key = keyOf(job);
    const stop = new AbortController();
    // The deadline aborts with a TimeoutError, as AbortSignal.timeout would; a timer of our own so
    // that it is cleared when the job ends. Real time, not the one clock: it bounds real work.
    const deadline = setTimeout(
      () => stop.abort(new DOMException('The import job ran out of time', 'TimeoutError')),
      this.options.jobTimeoutMs,
    );
    const done = this.runJob(job, stop.signal)
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(deadline);
        this.running.delete(key);
        this.pump();
      });
    this.running.set(key, { job, stop, done });
  }
}
