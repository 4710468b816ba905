/**
 * Runs jobs (src/jobs/queue.ts) of the kinds registered with it, in this process: claims due jobs
 * for the free slots of each kind, keeps their leases alive while they run, and settles each one
 * (done, again later, failed). Any number of processes run one each on a shared database; the
 * queue's leases keep them from taking the same job, and a process that dies leaves its jobs to
 * the others when the leases run out.
 *
 * It looks for work on every kick (a job was enqueued or finished here), on a poll (another
 * process enqueued), and — under the system clock — the poll also finds jobs whose time came.
 * Under `--clock manual` it is a TimedWork: the Timeline asks it for the next due job and runs it.
 *
 * Stopping hands back what it holds: it stops claiming, asks running jobs to stop (their signal),
 * waits for them to reach a safe point, and releases every lease it still holds, so another process
 * takes the work at once and a rolling restart neither loses nor repeats any.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { TimedWork } from '../clock/timeline.js';
import { PassLoop } from '../clock/pass-loop.js';
import type { Job, JobQueue } from './queue.js';

export interface JobContext {
  /** Aborted when this process stops or lost the lease: end at the next safe point. */
  readonly signal: AbortSignal;
  /**
   * Marks the job done inside the caller's transaction (with the work's last write), so the job
   * disappears exactly when its work is committed. Otherwise the worker does it after `run`.
   */
  complete(): Promise<boolean>;
}

/** What a handler asks for when it returns: nothing (done), or to run again at `runAt` (one clock). */
export type JobOutcome = void | { runAt: number };

export interface BatchContext {
  /** Aborted when this process stops or lost a lease of the batch: end at the next safe point. */
  readonly signal: AbortSignal;
  /**
   * Marks these jobs of the batch done inside the caller's transaction (with the work's last
   * write); returns those this process still held. The others are settled after `runBatch`.
   */
  complete(ids: readonly number[]): Promise<number[]>;
}

export interface JobHandler<P = unknown> {
  readonly kind: string;
  /** Jobs of this kind run at once in this process. */
  readonly concurrency: number;
  /** Lease length (real time); renewed every third of it while the job runs. */
  readonly leaseMs?: number;
  /** Claims before a job is given up (counted at claim: a job that kills its process counts). */
  readonly maxAttempts?: number;
  /** Delay after a failed attempt (ms of the one clock). */
  backoff?(attempts: number): number;
  run(job: Job<P>, ctx: JobContext): Promise<JobOutcome>;
  /**
   * Jobs of this kind handed to `runBatch` together (at most; default 1, one `run` per job). A
   * batch shares its reads, writes and commit, so work that is many small jobs (one a message)
   * costs a few round trips a batch instead of each a job. The worker claims for a batch kind only
   * when a whole batch fits in its free slots or nothing of the kind runs, so batches fill while
   * the previous ones work, and a lone job still starts at once.
   */
  readonly batch?: number;
  /** Runs a batch (see `batch`); the outcomes in the jobs' order. A throw retries every job of it. */
  runBatch?(jobs: Job<P>[], ctx: BatchContext): Promise<JobOutcome[]>;
}

export interface JobWorkerOptions {
  queue: JobQueue;
  /** The one clock, in epoch milliseconds (jobs' due times). */
  now: () => number;
  log: Logger;
  /** How often to look for work enqueued by other processes, and for due jobs (ms). */
  pollMs?: number;
  /** Names this process in leases; unique per process. */
  owner?: string;
  /** Counts for metrics. */
  onClaimed?(kind: string, job: Job): void;
  onSettled?(kind: string, outcome: 'done' | 'again' | 'retry' | 'failed' | 'lost'): void;
}

const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_MAX_ATTEMPTS = 10;
const defaultBackoff = (attempts: number) => Math.min(60_000, 1000 * 2 ** (attempts - 1));

interface Running {
  job: Job;
  controller: AbortController;
  done: Promise<void>;
}

/** How many jobs of `handler`'s kind one run takes: its batch for a batch kind, else 1. */
const batchOf = (handler: JobHandler) => (handler.runBatch ? Math.max(1, handler.batch ?? 1) : 1);

export function processOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export class JobWorker implements TimedWork {
  readonly name = 'jobs';
  readonly owner: string;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly running = new Map<number, Running>();
  private readonly loop: PassLoop;
  private heartbeat?: NodeJS.Timeout;
  private stopped = true;
  /** Kinds kicked since the last pass began; `all` after a kick without a kind. */
  private kicked: Set<string> | 'all' = 'all';
  /** When a pass last looked at every kind (real ms); the poll makes one at least every pollMs. */
  private lookedAtAll = 0;
  /**
   * Jobs enqueued here (kicks) of each kind since its last claim. While a batch of a batch kind
   * runs here, an enqueue claims for it only once a whole batch has arrived: claiming at every
   * enqueue cost a campaign a claim (a round trip on PostgreSQL) every five sends, most finding
   * nothing or a few jobs. A batch finishing (`freed`) or the poll still claims at once. A count,
   * not the jobs: one that a claim already in flight took still counts, which only claims the next
   * batch a job early.
   */
  private readonly arrived = new Map<string, number>();
  /** Kinds a job or batch of which finished since their last claim. */
  private readonly freed = new Set<string>();

  constructor(private readonly o: JobWorkerOptions) {
    this.owner = o.owner ?? processOwner();
    this.loop = new PassLoop(
      () => this.pass(),
      o.pollMs ?? 250,
      (err) => o.log.error({ err }, 'claiming jobs failed'),
    );
  }

  register<P>(handler: JobHandler<P>): void {
    this.handlers.set(handler.kind, handler as JobHandler);
  }

  get kinds(): string[] {
    return [...this.handlers.keys()];
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop.start();
    const beat = Math.min(...[...this.handlers.values()].map((h) => h.leaseMs ?? DEFAULT_LEASE_MS)) / 3;
    this.heartbeat = setInterval(() => void this.renew(), Number.isFinite(beat) ? beat : 10_000);
    this.heartbeat.unref();
  }

  /**
   * Looks for work now (a job was enqueued in this process): of `kind` only when given — an enqueue
   * or a finished job need not cost a claim of every kind — else of every kind.
   */
  kick(kind?: string): void {
    if (kind !== undefined) this.arrived.set(kind, (this.arrived.get(kind) ?? 0) + 1);
    this.wake(kind);
  }

  private wake(kind?: string): void {
    if (this.stopped) return;
    if (kind === undefined) this.kicked = 'all';
    else if (this.kicked !== 'all') this.kicked.add(kind);
    this.loop.kick();
  }

  /** A job or batch of `kind` finished here: its slots are free for a claim at once. */
  private finished(kind: string): void {
    this.freed.add(kind);
    this.wake(kind);
  }

  /** Hands work back: see the module comment. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.loop.stop();
    for (const r of this.running.values()) r.controller.abort();
    await Promise.all([...this.running.values()].map((r) => r.done));
    clearInterval(this.heartbeat);
    const released = await this.o.queue.release(this.owner);
    if (released) this.o.log.info({ released }, 'job leases handed back');
  }

  /** Jobs this process runs now. */
  get inFlight(): number {
    return this.running.size;
  }

  async nextDue(): Promise<Date | undefined> {
    if (this.stopped) return undefined;
    const at = await this.o.queue.nextRunAt(this.kinds);
    return at === undefined ? undefined : new Date(at);
  }

  async runDue(): Promise<void> {
    this.kick();
    await this.idle();
  }

  /** Resolves when no pass and no job of this process is in progress. */
  async idle(): Promise<void> {
    for (;;) {
      await this.loop.idle();
      if (this.running.size === 0) return;
      await Promise.all([...this.running.values()].map((r) => r.done));
    }
  }

  private async pass(): Promise<void> {
    const pollMs = this.o.pollMs ?? 250;
    // A pass no kind asked for is the poll's tick (another process enqueued, or a job's time
    // came); passes that kinds asked for look at every kind too once a poll's time has passed.
    const at = performance.now();
    const asked = this.kicked;
    const kinds = asked === 'all' || asked.size === 0 || at - this.lookedAtAll >= pollMs ? 'all' : asked;
    if (kinds === 'all') this.lookedAtAll = at;
    this.kicked = new Set();
    const wanted = [...this.handlers.values()].filter(
      (h) => (kinds === 'all' || kinds.has(h.kind)) && this.hasRoom(h),
    );
    // Looking at every kind (a poll): one statement says which have work, instead of a claim each.
    const due =
      kinds === 'all' && wanted.length > 1
        ? await this.o.queue.claimableKinds(
            wanted.map((h) => h.kind),
            this.o.now(),
          )
        : undefined;
    for (const handler of wanted) {
      if ((due && !due.has(handler.kind)) || this.stopped) continue;
      const busy = this.countOf(handler.kind);
      if (!this.hasRoom(handler, busy) || (kinds !== 'all' && this.fillsBatch(handler, busy))) continue;
      this.arrived.delete(handler.kind);
      this.freed.delete(handler.kind);
      const jobs = await this.o.queue.claim(
        this.owner,
        handler.kind,
        handler.concurrency - busy,
        this.o.now(),
        handler.leaseMs ?? DEFAULT_LEASE_MS,
      );
      const batch = batchOf(handler);
      if (handler.runBatch)
        for (let i = 0; i < jobs.length; i += batch) this.beginBatch(handler, jobs.slice(i, i + batch));
      else for (const job of jobs) this.begin(handler, job);
    }
  }

  /** Free slots for a claim: any, and for a batch kind a whole batch's unless nothing runs. */
  private hasRoom(handler: JobHandler, busy = this.countOf(handler.kind)): boolean {
    const free = handler.concurrency - busy;
    return free > 0 && (busy === 0 || free >= batchOf(handler));
  }

  /** A batch kind with `busy` of it running here, waiting for a whole batch to arrive (`arrived`). */
  private fillsBatch(handler: JobHandler, busy: number): boolean {
    const batch = batchOf(handler);
    if (batch === 1 || busy === 0 || this.freed.has(handler.kind)) return false;
    return (this.arrived.get(handler.kind) ?? 0) < batch;
  }

  private countOf(kind: string): number {
    let n = 0;
    for (const r of this.running.values()) if (r.job.kind === kind) n++;
    return n;
  }

  private begin(handler: JobHandler, job: Job): void {
    this.claimed(handler, job);
    const controller = new AbortController();
    const entry: Running = { job, controller, done: Promise.resolve() };
    entry.done = this.execute(handler, job, controller.signal)
      .catch((err: unknown) =>
        this.o.log.error({ err, kind: job.kind, key: job.key }, 'settling a job failed'),
      )
      .finally(() => {
        this.running.delete(job.id);
        this.finished(job.kind);
      });
    this.running.set(job.id, entry);
  }

  /** Like begin, for a batch: its jobs share one controller (a lost lease stops the batch). */
  private beginBatch(handler: JobHandler, jobs: Job[]): void {
    for (const job of jobs) this.claimed(handler, job);
    const controller = new AbortController();
    const done = this.executeBatch(handler, jobs, controller.signal)
      .catch((err: unknown) =>
        this.o.log.error({ err, kind: handler.kind, jobs: jobs.length }, 'settling a job batch failed'),
      )
      .finally(() => {
        for (const job of jobs) this.running.delete(job.id);
        this.finished(handler.kind);
      });
    for (const job of jobs) this.running.set(job.id, { job, controller, done });
  }

  private claimed(handler: JobHandler, job: Job): void {
    this.o.onClaimed?.(handler.kind, job);
    if (job.takenOverFrom)
      this.o.log.info({ kind: job.kind, key: job.key, from: job.takenOverFrom }, 'job taken over');
  }

  private async execute(handler: JobHandler, job: Job, signal: AbortSignal): Promise<void> {
    const q = this.o.queue;
    const max = handler.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (job.attempts > max) {
      await q.fail(this.owner, job.id, `gave up after ${max} attempts`);
      this.o.onSettled?.(job.kind, 'failed');
      return;
    }
    let completed = false;
    const ctx: JobContext = {
      signal,
      complete: async () => (completed = await q.complete(this.owner, job.id)),
    };
    let outcome: JobOutcome;
    try {
      outcome = await handler.run(job, ctx);
    } catch (err) {
      await this.failed(handler, job, err);
      return;
    }
    if (completed) this.o.onSettled?.(job.kind, 'done');
    else await this.settle(job, outcome);
  }

  private async executeBatch(handler: JobHandler, all: Job[], signal: AbortSignal): Promise<void> {
    const q = this.o.queue;
    const max = handler.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const jobs: Job[] = [];
    for (const job of all) {
      if (job.attempts <= max) jobs.push(job);
      else {
        await q.fail(this.owner, job.id, `gave up after ${max} attempts`);
        this.o.onSettled?.(job.kind, 'failed');
      }
    }
    if (jobs.length === 0) return;
    /** Jobs the handler completed (true) or tried to and no longer held (false). */
    const completed = new Map<number, boolean>();
    const ctx: BatchContext = {
      signal,
      complete: async (ids) => {
        const done = await q.completeMany(this.owner, ids);
        for (const id of ids) completed.set(id, false);
        for (const id of done) completed.set(id, true);
        return done;
      },
    };
    let outcomes: JobOutcome[];
    try {
      outcomes = await handler.runBatch!(jobs, ctx);
    } catch (err) {
      for (const job of jobs) if (!completed.get(job.id)) await this.failed(handler, job, err);
      return;
    }
    const finished: number[] = [];
    for (const [i, job] of jobs.entries()) {
      const held = completed.get(job.id);
      const outcome = outcomes[i];
      if (held !== undefined) this.o.onSettled?.(job.kind, held ? 'done' : 'lost');
      else if (outcome && typeof outcome === 'object') await this.settle(job, outcome);
      else finished.push(job.id);
    }
    const done = new Set(await q.completeMany(this.owner, finished));
    for (const id of finished) this.o.onSettled?.(handler.kind, done.has(id) ? 'done' : 'lost');
  }

  /** A job that threw: given up for good after its last attempt, else retried after the backoff. */
  private async failed(handler: JobHandler, job: Job, err: unknown): Promise<void> {
    const q = this.o.queue;
    const max = handler.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const error = err instanceof Error ? err.message : String(err);
    if (job.attempts >= max) {
      await q.fail(this.owner, job.id, error);
      this.o.log.warn({ kind: job.kind, key: job.key, error }, 'job failed for good');
      this.o.onSettled?.(job.kind, 'failed');
    } else {
      const delay = (handler.backoff ?? defaultBackoff)(job.attempts);
      await q.reschedule(this.owner, job.id, this.o.now() + delay, error);
      this.o.onSettled?.(job.kind, 'retry');
    }
  }

  /** A job whose handler returned without completing it: again at `runAt`, or done. */
  private async settle(job: Job, outcome: JobOutcome): Promise<void> {
    const q = this.o.queue;
    if (outcome && typeof outcome === 'object') {
      const ours = await q.reschedule(this.owner, job.id, outcome.runAt);
      this.o.onSettled?.(job.kind, ours ? 'again' : 'lost');
    } else {
      const ours = await q.complete(this.owner, job.id);
      this.o.onSettled?.(job.kind, ours ? 'done' : 'lost');
    }
  }

  private async renew(): Promise<void> {
    for (const handler of this.handlers.values()) {
      const ids = [...this.running.values()].filter((r) => r.job.kind === handler.kind).map((r) => r.job.id);
      try {
        const lost = await this.o.queue.extend(this.owner, ids, handler.leaseMs ?? DEFAULT_LEASE_MS);
        for (const id of lost) this.running.get(id)?.controller.abort();
      } catch (err) {
        this.o.log.warn({ err }, 'renewing job leases failed');
      }
    }
  }
}
