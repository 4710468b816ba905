/**
 * The outbox's deliveries, as `mail-delivery` jobs (src/jobs): each queued row has one, keyed by
 * the row's id and added in the sending transaction. Whichever process claims the job delivers the
 * row, so processes sharing one PostgreSQL database spread the deliveries, and a job's lease keeps
 * two of them from delivering one message at once. A killed process's deliveries are taken over
 * when their leases run out; rows queued by an earlier run simply have their jobs waiting.
 *
 * A message is marked delivered only after the transport accepted it, in the transaction that
 * completes its job; a crash in between sends it again (at least once until marked, never again
 * once marked: a repeated job finds the row no longer queued and ends).
 *
 * Deliveries run in batches of the jobs claimed together (JobHandler.batch): the rows are read in
 * one statement, handed to the transport side by side, and those it accepted are marked, their
 * listeners run and their jobs completed in one transaction — a few round trips a batch instead of
 * a dozen a message, which on PostgreSQL is most of what a message costs. A message the transport
 * refuses is settled alone (retried or failed) and does not hold the others back.
 *
 * The row keeps the delivery's own bookkeeping (attempts, last error, next attempt by the backoff)
 * and the retry policy: a temporary failure returns its job to the queue at the next attempt's time
 * on the one clock, so under `--clock manual` the job worker, as the Timeline's work, runs it when an
 * advance reaches it.
 */
import type { Logger } from 'pino';
import type { JobKind } from '../../jobs/kinds.js';
import type { BatchContext, Job, JobContext, JobHandler, JobOutcome } from '../../jobs/index.js';
import type { OutgoingMessage } from '../../services/ses/ports.js';
import type { Database } from '../../store/index.js';
import { describeError, PermanentDeliveryError, type Accepted, type Transport } from '../transports/types.js';
import { backoffDelay, type RetryPolicy } from './backoff.js';
import type { OutboxEntry, OutboxStore } from './store.js';

/** A message the transport took, waiting for its batch's commit. */
interface Accepting {
  job: Job<null>;
  entry: OutboxEntry;
  attempts: number;
  taken: Accepted;
}

/** A single job's context as a batch of one's. */
const completeOne =
  (ctx: JobContext) =>
  async (ids: readonly number[]): Promise<number[]> =>
    ids.length > 0 && (await ctx.complete()) ? [...ids] : [];

export const MAIL_DELIVERY: JobKind = 'mail-delivery';

/**
 * A delivery's lease. It is renewed (every third of the shortest lease of any kind) while the
 * transport works, so a slow SMTP relay or a large message never outlasts it; what it bounds is how
 * long a process may go unheard of — killed, frozen, or cut off from the database — before another
 * process sends its messages again. Sending twice is the worse mistake (a person gets two emails),
 * so it is longer than the 10 s of campaign and journey work, whose repeats the send ledger absorbs;
 * and it stays at half a minute because a killed process's mail waits that long to go out.
 */
const MAIL_DELIVERY_LEASE_MS = 30_000;

/** How often drain() looks again when no delivery of this process ends (another process delivers). */
const DRAIN_POLL_MS = 25;

/**
 * Deliveries a batch holds at most. The job worker claims for a new batch once a whole one fits in
 * the free slots (or nothing runs), so with the default concurrency (64) two batches overlap: one
 * at the transport while the other commits. A batch's bookkeeping is a handful of statements
 * whatever its size (on PostgreSQL six round trips), so 32 a batch costs a quarter of what 8 did a
 * message; what it holds back is at most one batch's marks while the slowest of them is sent.
 */
const MAX_BATCH = 32;

/**
 * `smtpResponse`: the relay's final reply when there is one (SES Delivery events carry it). Runs
 * inside the transaction that marks the message delivered; a promise it returns is awaited there.
 */
export type DeliveredListener = (
  message: OutgoingMessage,
  recipients: string[],
  smtpResponse?: string,
) => unknown;
/** One message of a batch marked delivered (DeliveredBatchListener). */
export interface DeliveredMessage {
  message: OutgoingMessage;
  recipients: string[];
  smtpResponse?: string;
}
/**
 * DeliveredListener for every message of a batch at once (its reads and writes can then be a
 * statement or two a batch); run inside the transaction that marks them delivered.
 */
export type DeliveredBatchListener = (delivered: DeliveredMessage[]) => unknown;
/** Runs after the message is marked failed; a promise it returns is awaited. */
export type FailedListener = (message: OutgoingMessage, recipients: string[], error: string) => unknown;
/**
 * A temporary failure; another attempt is scheduled at `nextAttemptAt` (SES DeliveryDelay). Runs
 * after the new attempt is recorded; a promise it returns is awaited.
 */
export type RetryingListener = (
  message: OutgoingMessage,
  recipients: string[],
  error: string,
  nextAttemptAt: Date,
) => unknown;

export interface WorkerOptions {
  db: Database;
  store: OutboxStore;
  transport: Transport;
  retry: RetryPolicy;
  /** Deliveries in flight at once in this process. */
  concurrency: number;
  /** The one clock, in epoch milliseconds: due times, delivery times, backoff. */
  now: () => number;
  log: Logger;
  /**
   * Writes that settle a row beside the outbox's own mark (the mailbox's delivery state), run in
   * the transaction that marks the row delivered or failed.
   */
  settled?: {
    delivered(ids: number[], at: number): Promise<unknown>;
    failed(id: number): Promise<void>;
  };
}

export class OutboxWorker {
  private started = false;
  private closed = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Per-message listeners are kept as batch listeners that call them once a message. */
  private readonly delivered: DeliveredBatchListener[] = [];
  private readonly failed: FailedListener[] = [];
  private readonly retrying: RetryingListener[] = [];
  private changeWaiters: (() => void)[] = [];

  constructor(private readonly o: WorkerOptions) {}

  /** What the job worker runs for each `mail-delivery` job (register it once). */
  handler(): JobHandler<null> {
    return {
      kind: MAIL_DELIVERY,
      concurrency: this.o.concurrency,
      leaseMs: MAIL_DELIVERY_LEASE_MS,
      // The row's attempts and the retry policy decide when a message has failed; a job that
      // throws failed its bookkeeping (the database), which is retried until it works.
      maxAttempts: Number.POSITIVE_INFINITY,
      batch: Math.max(1, Math.min(MAX_BATCH, Math.floor(this.o.concurrency / 2))),
      run: async (job, ctx) => {
        const [outcome] = await this.track(
          this.deliver([job], { signal: ctx.signal, complete: completeOne(ctx) }),
        );
        return outcome;
      },
      runBatch: (jobs, ctx) => this.track(this.deliver(jobs, ctx)),
    };
  }

  onDelivered(listener: DeliveredListener): void {
    this.delivered.push(async (batch) => {
      for (const d of batch) await listener(d.message, d.recipients, d.smtpResponse);
    });
  }

  onDeliveredMany(listener: DeliveredBatchListener): void {
    this.delivered.push(listener);
  }

  onFailed(listener: FailedListener): void {
    this.failed.push(listener);
  }

  onRetrying(listener: RetryingListener): void {
    this.retrying.push(listener);
  }

  start(): void {
    this.started = true;
  }

  /**
   * Lets deliveries in flight finish; queued rows keep their jobs for the next start, or for another
   * process. The transport closes after this, so this process delivers nothing more.
   */
  async stop(): Promise<void> {
    this.started = false;
    this.closed = true;
    await Promise.all(this.inFlight);
    this.changed();
  }

  /**
   * Resolves when nothing is queued (delivered or failed, retries included) and no delivery of this
   * process is in flight. Another process's deliveries count: it waits for the rows they hold.
   */
  async drain(): Promise<void> {
    if (!this.started) throw new Error('the mail worker is not started');
    while (this.started && !(await this.isIdle())) await this.nextChange();
  }

  private async track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
      this.changed();
    }
  }

  /**
   * A batch of jobs: each row's delivery as it stands. A row no longer queued was settled by an
   * earlier run of its job (a crash after the commit, a lease taken over): nothing to do. A row not
   * yet due (its job ran early: a process died between recording a retry and rescheduling the job)
   * waits. The abort signal is not followed: a single send is short and stopping waits for it,
   * while cutting it off would leave unknown whether the relay took the message.
   */
  private async deliver(jobs: Job<null>[], ctx: BatchContext): Promise<JobOutcome[]> {
    if (this.closed) throw new Error('the mail outbox of this process is stopped');
    const ids = jobs.map((j) => Number(j.key));
    const outcomes: JobOutcome[] = new Array<JobOutcome>(jobs.length);
    try {
      const entries = await this.o.store.loadMany(ids);
      const accepted: Accepting[] = [];
      await Promise.all(
        jobs.map(async (job, i) => {
          const entry = entries.get(ids[i]);
          if (!entry) return;
          if (entry.nextAttemptAt > this.o.now()) {
            outcomes[i] = { runAt: entry.nextAttemptAt };
            return;
          }
          const attempts = entry.attempts + 1;
          try {
            const taken = await this.o.transport.send(entry.message, entry.id);
            accepted.push({ job, entry, attempts, taken });
          } catch (err) {
            outcomes[i] = await this.refused(entry.id, entry.message, attempts, err, () =>
              ctx.complete([job.id]),
            );
          }
        }),
      );
      if (accepted.length > 0) await this.commitDelivered(accepted, ctx);
    } finally {
      this.o.store.forget(ids);
    }
    return outcomes;
  }

  /**
   * The accepted messages marked delivered, with their mailbox listing, the transport's own write,
   * the delivered listeners (SES's Delivery event, Pinpoint's _email.delivered) and their jobs'
   * end, in one transaction: each message's event exists exactly when it is marked delivered.
   */
  private async commitDelivered(accepted: Accepting[], ctx: BatchContext): Promise<void> {
    await this.o.db.transaction(async () => {
      const at = this.o.now();
      const marked = await this.o.store.markDeliveredMany(
        accepted.map((a) => ({ id: a.entry.id, attempts: a.attempts })),
        at,
      );
      const mine = accepted.filter((a) => marked.has(a.entry.id));
      if (mine.length > 0) {
        await this.o.settled?.delivered(
          mine.map((a) => a.entry.id),
          at,
        );
        for (const a of mine) await a.taken.commit?.();
        await this.emitBatch(
          this.delivered,
          mine.map((a) => ({
            message: a.entry.message,
            recipients: a.taken.recipients,
            smtpResponse: a.taken.response,
          })),
        );
      }
      await ctx.complete(accepted.map((a) => a.job.id));
    });
  }

  /** A failed attempt: failed for good (permanent, or retries exhausted), or the next one scheduled. */
  private async refused(
    id: number,
    message: OutgoingMessage,
    attempts: number,
    err: unknown,
    complete: () => Promise<unknown>,
  ): Promise<JobOutcome> {
    const error = describeError(err);
    const log = { messageId: message.messageId, transport: this.o.transport.name, attempts, error };
    if (err instanceof PermanentDeliveryError || attempts >= this.o.retry.maxAttempts) {
      const marked = await this.o.db.transaction(async () => {
        const ours = await this.o.store.markFailed(id, attempts, error);
        if (ours) await this.o.settled?.failed(id);
        await complete();
        return ours;
      });
      if (!marked) return;
      this.o.log.warn(log, 'delivery failed for good');
      await this.emit(this.failed, (l) => l(message, message.recipients, error));
      return;
    }
    const next = this.o.now() + backoffDelay(this.o.retry, attempts);
    await this.o.store.reschedule(id, attempts, next, error);
    this.o.log.info({ ...log, nextAttemptAt: new Date(next).toISOString() }, 'delivery will be retried');
    await this.emit(this.retrying, (l) => l(message, message.recipients, error, new Date(next)));
    return { runAt: next };
  }

  /**
   * Calls each batch listener with the whole batch, in a savepoint a listener (not one a message).
   * A listener that throws has its writes for the batch undone and is called again for each message
   * alone (emit), so one message it cannot handle costs only that message's writes, as before
   * batches.
   */
  private async emitBatch(listeners: DeliveredBatchListener[], batch: DeliveredMessage[]): Promise<void> {
    for (const l of listeners) {
      if (batch.length > 1 && this.o.db.inTransaction) {
        try {
          await this.o.db.transaction(async () => l(batch));
          continue;
        } catch {
          // Each message alone, below.
        }
      }
      for (const one of batch) await this.emit([l], (each) => each([one]));
    }
  }

  /**
   * Calls each listener in turn. One that throws is logged and does not stop the others; inside a
   * transaction its writes are undone alone (a savepoint), so the transaction still commits the
   * rest (PostgreSQL would otherwise refuse every statement after the failed one).
   */
  private async emit<L>(listeners: L[], call: (l: L) => unknown): Promise<void> {
    const { db } = this.o;
    for (const l of listeners) {
      try {
        if (db.inTransaction) await db.transaction(async () => call(l));
        else await call(l);
      } catch (err) {
        this.o.log.error({ err: describeError(err) }, 'a delivery listener threw');
      }
    }
  }

  private async isIdle(): Promise<boolean> {
    return this.inFlight.size === 0 && (await this.o.store.queuedCount()) === 0 && this.inFlight.size === 0;
  }

  /** Resolves when a delivery of this process ends, or after a short while (other processes). */
  private nextChange(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, DRAIN_POLL_MS);
      this.changeWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private changed(): void {
    const waiters = this.changeWaiters;
    this.changeWaiters = [];
    for (const w of waiters) w();
  }
}
