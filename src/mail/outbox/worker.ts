/**
 * The outbox worker. Event-driven, never polling: it runs when a message is enqueued (once the
 * enqueuing transaction has committed), when a delivery finishes, and when the earliest retry falls
 * due (one timer). Each run fills the free delivery slots from the due rows
 * (ids read in one indexed query, rows loaded one by one as they start), so a slow relay holds one
 * slot, not the queue. Runs never overlap: deliveries begin only in a run, so slots are not overfilled.
 *
 * A message is marked delivered only after the transport accepted it; a crash in between sends it
 * again on restart (at least once until marked, never again once marked). Rows queued by an
 * earlier run are simply due, so start() resumes them first.
 *
 * Due times (a retry's backoff) are read on the one clock (`now`). Under `--clock manual` no timer
 * waits for them: the Timeline runs the outbox when an advance reaches them (`settled`).
 */
import type { Logger } from 'pino';
import type { OutgoingMessage } from '../../services/ses/ports.js';
import type { Database } from '../../store/index.js';
import { describeError, PermanentDeliveryError, type Transport } from '../transports/types.js';
import { backoffDelay, type RetryPolicy } from './backoff.js';
import type { OutboxStore } from './store.js';

/**
 * `smtpResponse`: the relay's final reply when there is one (SES Delivery events carry it). Runs
 * inside the transaction that marks the message delivered; a promise it returns is awaited there.
 */
export type DeliveredListener = (
  message: OutgoingMessage,
  recipients: string[],
  smtpResponse?: string,
) => unknown;
/** Runs after the message is marked failed; a promise it returns is awaited. */
export type FailedListener = (message: OutgoingMessage, recipients: string[], error: string) => unknown;
/**
 * A temporary failure; another attempt is scheduled at `nextAttemptAt` (SES DeliveryDelay). Runs
 * after the new attempt is scheduled; a promise it returns is awaited.
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
  /** Deliveries in flight at once. */
  concurrency: number;
  /** The one clock, in epoch milliseconds: due times, delivery times, backoff. */
  now: () => number;
  /**
   * The clock moves only when told (`--clock manual`): no timer waits for a retry; the Timeline
   * runs the outbox when an advance reaches it.
   */
  manualClock?: boolean;
  log: Logger;
  /**
   * Writes that settle a row beside the outbox's own mark (the mailbox's delivery state), run in
   * the transaction that marks the row delivered or failed.
   */
  settled?: { delivered(id: number, at: number): Promise<unknown>; failed(id: number): Promise<void> };
}

export class OutboxWorker {
  private running = false;
  private pumpScheduled = false;
  private pumping = false;
  private pumpAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly delivered: DeliveredListener[] = [];
  private readonly failed: FailedListener[] = [];
  private readonly retrying: RetryingListener[] = [];
  private idleWaiters: (() => void)[] = [];
  private settleWaiters: (() => void)[] = [];

  constructor(private readonly o: WorkerOptions) {}

  onDelivered(listener: DeliveredListener): void {
    this.delivered.push(listener);
  }

  onFailed(listener: FailedListener): void {
    this.failed.push(listener);
  }

  onRetrying(listener: RetryingListener): void {
    this.retrying.push(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake();
  }

  /** Lets deliveries in flight finish; queued rows stay queued for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.clearTimer();
    await Promise.all(this.inFlight.values());
    this.releaseIdleWaiters();
    this.releaseSettleWaiters();
  }

  /** Looks for due rows on the next turn (after an enqueue: once its transaction has committed). */
  wake(): void {
    if (!this.running || this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump().catch((err: unknown) =>
        this.o.log.error({ err: describeError(err) }, 'the outbox worker could not read the queue'),
      );
    });
  }

  /** When the earliest queued message is due, by the clock (epoch ms); undefined when none or stopped. */
  async nextDue(): Promise<number | undefined> {
    return this.running ? this.o.store.earliestDue() : undefined;
  }

  /**
   * Resolves when nothing is in flight and nothing queued is due by the clock now (retries due
   * later may stay queued); at once when stopped.
   */
  async settled(): Promise<void> {
    if (!this.running || (await this.isSettled()) || !this.running) return;
    return new Promise((resolve) => {
      this.settleWaiters.push(resolve);
      this.wake();
    });
  }

  /** Resolves when nothing is queued and nothing in flight (retries included). */
  async drain(): Promise<void> {
    if (!this.running) throw new Error('the mail worker is not started');
    if ((await this.isIdle()) || !this.running) return;
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wake();
    });
  }

  /** One pump at a time (deliveries begin only here); a wake meanwhile runs it once more after. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        await this.pumpOnce();
      } while (this.pumpAgain && this.running);
    } finally {
      this.pumping = false;
    }
  }

  private async pumpOnce(): Promise<void> {
    if (!this.running) return;
    if (this.inFlight.size < this.o.concurrency) {
      const now = this.o.now();
      const due = await this.o.store.dueIds(now, this.o.concurrency);
      // stop() waits for the deliveries in flight when it is called: begin none after it.
      if (!this.running) return;
      const ids = due.filter((id) => !this.inFlight.has(id));
      for (const id of ids.slice(0, this.o.concurrency - this.inFlight.size)) this.begin(id);
      if (this.inFlight.size < this.o.concurrency) this.armTimer(await this.o.store.nextDueAfter(now));
    }
    // Counting the queue costs a scan, so only when someone waits for it to empty.
    if (this.idleWaiters.length && (await this.isIdle())) this.releaseIdleWaiters();
    if (this.settleWaiters.length && (await this.isSettled())) this.releaseSettleWaiters();
  }

  private begin(id: number): void {
    const run = this.deliver(id)
      .catch((err: unknown) =>
        this.o.log.error({ err: describeError(err), outboxId: id }, 'outbox bookkeeping failed'),
      )
      .finally(() => {
        this.inFlight.delete(id);
        this.wake();
      });
    this.inFlight.set(id, run);
  }

  private async deliver(id: number): Promise<void> {
    const entry = await this.o.store.load(id);
    if (!entry) return;
    const { message } = entry;
    const attempts = entry.attempts + 1;
    try {
      const accepted = await this.o.transport.send(message, id);
      // The delivered listeners (SES's Delivery event, Pinpoint's _email.delivered) write in the
      // same transaction as the mark: one commit a message, and the event exists exactly when the
      // message is marked delivered.
      await this.o.db.transaction(async () => {
        const at = this.o.now();
        if (!(await this.o.store.markDelivered(id, attempts, at))) return;
        await this.o.settled?.delivered(id, at);
        await accepted.commit?.();
        await this.emit(this.delivered, (l) => l(message, accepted.recipients, accepted.response));
      });
    } catch (err) {
      const error = describeError(err);
      const log = { messageId: message.messageId, transport: this.o.transport.name, attempts, error };
      if (err instanceof PermanentDeliveryError || attempts >= this.o.retry.maxAttempts) {
        await this.o.db.transaction(async () => {
          await this.o.store.markFailed(id, attempts, error);
          await this.o.settled?.failed(id);
        });
        this.o.log.warn(log, 'delivery failed for good');
        await this.emit(this.failed, (l) => l(message, message.recipients, error));
      } else {
        const next = this.o.now() + backoffDelay(this.o.retry, attempts);
        await this.o.store.reschedule(id, attempts, next, error);
        this.o.log.info({ ...log, nextAttemptAt: new Date(next).toISOString() }, 'delivery will be retried');
        await this.emit(this.retrying, (l) => l(message, message.recipients, error, new Date(next)));
      }
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

  private armTimer(at: number | undefined): void {
    if (this.o.manualClock || at === undefined || at >= this.timerAt) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.wake();
      },
      Math.max(0, at - this.o.now()),
    );
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private async isIdle(): Promise<boolean> {
    return this.inFlight.size === 0 && (await this.o.store.queuedCount()) === 0 && this.inFlight.size === 0;
  }

  private async isSettled(): Promise<boolean> {
    return (
      this.inFlight.size === 0 &&
      (await this.o.store.dueIds(this.o.now(), 1)).length === 0 &&
      this.inFlight.size === 0
    );
  }

  private releaseSettleWaiters(): void {
    const waiters = this.settleWaiters;
    this.settleWaiters = [];
    for (const w of waiters) w();
  }

  private releaseIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
