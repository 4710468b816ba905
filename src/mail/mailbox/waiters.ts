/**
 * Waiting for mail: a waiter looks once, then sleeps until the mailbox signals an arrival (no
 * polling), and each time looks only at the rows that arrived since it last looked (a primary-key
 * range), so a burst of mail costs each waiter one small query. A waiter ends when a message
 * matches, when its time is up, when its signal aborts (the client went away, the server is
 * stopping) or when the mailbox stops; it then holds nothing (no timer, no listener).
 */
import type { MailboxFilter, MailboxRecord, MailboxStore } from './store.js';

export type WaitOutcome =
  | { kind: 'found'; record: MailboxRecord }
  | { kind: 'timeout' }
  /** The signal aborted (the client left or the server is stopping), or the mailbox stopped. */
  | { kind: 'ended' }
  /** Pinpost's own rule: at most `max` waiters at once, so waiting cannot pile up work. */
  | { kind: 'busy' };

interface Pending {
  filter: MailboxFilter;
  seen: number;
  finish(outcome: WaitOutcome): void;
}

export class MailboxWaiters {
  private readonly pending = new Set<Pending>();
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  private looking = false;
  private again = false;

  constructor(
    private readonly store: MailboxStore,
    readonly max: number,
  ) {}

  /** Waiters now (tests check that none is left behind). */
  get size(): number {
    return this.pending.size;
  }

  /** The newest message matching `filter` (now, or the first to arrive within `timeoutMs`). */
  async wait(filter: MailboxFilter, timeoutMs: number, signal?: AbortSignal): Promise<WaitOutcome> {
    if (this.stopped || signal?.aborted) return { kind: 'ended' };
    const seen = await this.store.lastSeq();
    const now = (await this.store.list({ ...filter, order: 'newest', limit: 1 }))[0];
    if (now) return { kind: 'found', record: now };
    if (timeoutMs <= 0) return { kind: 'timeout' };
    // The looks above yielded: the mailbox may have stopped or the client gone meanwhile.
    if (this.stopped || signal?.aborted) return { kind: 'ended' };
    if (this.pending.size >= this.max) return { kind: 'busy' };
    return new Promise((resolve) => {
      const onAbort = () => waiter.finish({ kind: 'ended' });
      // Real time, not the one clock: how long a request waits for mail to arrive.
      const timer = setTimeout(() => waiter.finish({ kind: 'timeout' }), timeoutMs);
      const waiter: Pending = {
        filter,
        seen,
        finish: (outcome) => {
          if (!this.pending.delete(waiter)) return;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (this.pending.size === 0) this.quiet();
          resolve(outcome);
        },
      };
      this.pending.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.unsubscribe ??= this.store.onArrival(() => this.schedule());
      // Mail that arrived while the first look ran was signalled before this waiter listened.
      this.schedule();
    });
  }

  /** Takes waits again after stop() (a mail service started again). */
  resume(): void {
    this.stopped = false;
  }

  /** Ends every waiter; later waits end at once (until resume). */
  stop(): void {
    this.stopped = true;
    for (const w of [...this.pending]) w.finish({ kind: 'ended' });
    this.quiet();
  }

  /** One look at a time; arrivals during a look make one more look after it. */
  private schedule(): void {
    if (this.looking) {
      this.again = true;
      return;
    }
    this.looking = true;
    // A failed read is not fatal: the next arrival looks again.
    void this.look()
      .catch(() => undefined)
      .finally(() => {
        this.looking = false;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
  }

  private async look(): Promise<void> {
    if (this.pending.size === 0) return;
    // Mail committed before arrivals were heard was not told: this look must come after.
    await this.store.arrivalsHeard();
    const last = await this.store.lastSeq();
    for (const w of [...this.pending]) {
      if (last <= w.seen) continue;
      const found = (
        await this.store.list({ ...w.filter, newerThanSeq: w.seen, order: 'newest', limit: 1 })
      )[0];
      w.seen = last;
      if (found) w.finish({ kind: 'found', record: found });
    }
  }

  private quiet(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
