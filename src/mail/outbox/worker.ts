/**
 * The outbox worker. Event-driven, never polling: it runs when a message is enqueued, when a
 * delivery finishes, and when the earliest retry falls due (one timer). Each run fills the free
 * delivery slots from the due rows (ids read in one indexed query, rows loaded one by one as they
 * start), so a slow relay holds one slot, not the queue.
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

/** `smtpResponse`: the relay's final reply when there is one (SES Delivery events carry it). */
export type DeliveredListener = (
  message: OutgoingMessage,
  recipients: string[],
  smtpResponse?: string,
) => void;
export type FailedListener = (message: OutgoingMessage, recipients: string[], error: string) => void;
/** A temporary failure; another attempt is scheduled at `nextAttemptAt` (SES DeliveryDelay). */
export type RetryingListener = (
  message: OutgoingMessage,
  recipients: string[],
  error: string,
  nextAttemptAt: Date,
) => void;

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
  settled?: { delivered(id: number, at: number): void; failed(id: number): void };
}

export class OutboxWorker {
  private running = false;
  private pumpScheduled = false;
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

  /** Called after an enqueue: runs once the caller's synchronous transaction has committed. */
  wake(): void {
    if (!this.running || this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** When the earliest queued message is due, by the clock (epoch ms); undefined when none or stopped. */
  nextDue(): number | undefined {
    return this.running ? this.o.store.earliestDue() : undefined;
  }

  /**
   * Resolves when nothing is in flight and nothing queued is due by the clock now (retries due
   * later may stay queued); at once when stopped.
   */
  settled(): Promise<void> {
    if (!this.running || this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => {
      this.settleWaiters.push(resolve);
      this.wake();
    });
  }

  /** Resolves when nothing is queued and nothing in flight (retries included). */
  drain(): Promise<void> {
    if (!this.running) return Promise.reject(new Error('the mail worker is not started'));
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wake();
    });
  }

  private pump(): void {
    if (!this.running) return;
    const free = this.o.concurrency - this.inFlight.size;
    if (free > 0) {
      const now = this.o.now();
      const ids = this.o.store.dueIds(now, free + this.inFlight.size).filter((id) => !this.inFlight.has(id));
      for (const id of ids.slice(0, free)) this.begin(id);
      if (this.inFlight.size < this.o.concurrency) this.armTimer(this.o.store.nextDueAfter(now));
    }
    // Counting the queue costs a scan, so only when someone waits for it to empty.
    if (this.idleWaiters.length && this.isIdle()) this.releaseIdleWaiters();
    if (this.settleWaiters.length && this.isSettled()) this.releaseSettleWaiters();
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
    const entry = this.o.store.load(id);
    if (!entry) return;
    const { message } = entry;
    const attempts = entry.attempts + 1;
    try {
      const accepted = await this.o.transport.send(message, id);
      // The delivered listeners (SES's Delivery event, Pinpoint's _email.delivered) write in the
      // same transaction as the mark: one commit a message, and the event exists exactly when the
      // message is marked delivered.
      this.o.db.transaction(() => {
        const at = this.o.now();
        if (!this.o.store.markDelivered(id, attempts, at)) return;
        this.o.settled?.delivered(id, at);
        accepted.commit?.();
        this.emit(this.delivered, (l) => l(message, accepted.recipients, accepted.response));
      });
    } catch (err) {
      const error = describeError(err);
      const log = { messageId: message.messageId, transport: this.o.transport.name, attempts, error };
      if (err instanceof PermanentDeliveryError || attempts >= this.o.retry.maxAttempts) {
        this.o.db.transaction(() => {
          this.o.store.markFailed(id, attempts, error);
          this.o.settled?.failed(id);
        });
        this.o.log.warn(log, 'delivery failed for good');
        this.emit(this.failed, (l) => l(message, message.recipients, error));
      } else {
        const next = this.o.now() + backoffDelay(this.o.retry, attempts);
        this.o.store.reschedule(id, attempts, next, error);
        this.o.log.info({ ...log, nextAttemptAt: new Date(next).toISOString() }, 'delivery will be retried');
        this.emit(this.retrying, (l) => l(message, message.recipients, error, new Date(next)));
      }
    }
  }

  private emit<L>(listeners: L[], call: (l: L) => void): void {
    for (const l of listeners) {
      try {
        call(l);
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

  private isIdle(): boolean {
    return this.inFlight.size === 0 && this.o.store.queuedCount() === 0;
  }

  private isSettled(): boolean {
    return this.inFlight.size === 0 && this.o.store.dueIds(this.o.now(), 1).length === 0;
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
