/**
 * Signals work to run once rows written by the caller can be read by everyone: the outbox worker
 * picks up a queued message, mailbox waiters look at a new arrival.
 *
 * The write usually happens inside a transaction that is not ours (the send's), which commits after
 * the write returns. On SQLite a read from outside that transaction waits until it ends, so one
 * look afterwards sees the row. On PostgreSQL a read on another connection sees nothing until the
 * commit, and nothing tells us when that is: so rows written inside a transaction are looked up by
 * id, again with a growing delay, until they are visible (or, rolled back, given up on).
 *
 * The signal runs in the async context this object was created in (at start, outside any
 * transaction): a callback scheduled from inside a transaction would otherwise inherit it and run
 * its statements on that transaction's connection after it ended.
 */
import { AsyncResource } from 'node:async_hooks';
import type { Database } from '../store/index.js';

/** Longest wait for a transaction to commit a row before giving up on it (it was rolled back). */
const GIVE_UP_MS = 60_000;
const MAX_DELAY_MS = 1_000;
/** Ids looked up in one query (well under either engine's limit on parameters). */
const LOOKUP_BATCH = 500;

export class AfterCommit {
  private readonly root = new AsyncResource('pinpost.mail.after-commit');
  /** Ids written inside a transaction and not seen yet, with when to give up on each (real time). */
  private readonly unseen = new Map<number, number>();
  private dirty = false;
  /** The next flush: on the next turn, or after `delay` while rows are awaited. */
  private scheduled: 'turn' | NodeJS.Timeout | undefined;
  private delay = 0;

  constructor(
    private readonly db: Database,
    /** Which of `ids` other connections can read now. */
    private readonly visible: (ids: number[]) => Promise<number[]>,
    /** The work; runs once per burst of visible writes. */
    private readonly signal: () => void,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Row `id` was just written (inside the caller's transaction, or not). */
  written(id: number): void {
    // Real time, not the one clock: how long a transaction may take to commit.
    if (this.db.inTransaction) this.unseen.set(id, Date.now() + GIVE_UP_MS);
    else this.dirty = true;
    this.delay = 0;
    this.schedule();
  }

  /** Runs the signal on the next turn, outside any transaction. */
  now(): void {
    this.dirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled === 'turn') return;
    if (this.scheduled !== undefined) {
      // A new write is not kept waiting behind the delay of earlier ones.
      if (this.delay > 0) return;
      clearTimeout(this.scheduled);
    }
    const run = this.root.bind(() => {
      this.scheduled = undefined;
      this.flush().catch(this.onError);
    });
    if (this.delay === 0) {
      this.scheduled = 'turn';
      setImmediate(run);
    } else this.scheduled = setTimeout(run, this.delay).unref();
  }

  /** Forgets the rows still awaited (the server stops; rows committed meanwhile wait for a start). */
  stop(): void {
    this.unseen.clear();
    if (this.scheduled !== undefined && this.scheduled !== 'turn') clearTimeout(this.scheduled);
    if (this.scheduled !== 'turn') this.scheduled = undefined;
  }

  private async flush(): Promise<void> {
    let progress = false;
    if (this.unseen.size > 0) {
      const ids = [...this.unseen.keys()].slice(0, LOOKUP_BATCH);
      const seen = new Set(await this.visible(ids));
      const time = Date.now();
      for (const id of ids) {
        if (seen.has(id)) progress = this.dirty = true;
        if (seen.has(id) || this.unseen.get(id)! < time) this.unseen.delete(id);
      }
    }
    if (this.dirty) {
      this.dirty = false;
      this.signal();
    }
    if (this.unseen.size > 0) {
      // Rows just became visible: the rest are likely committing too; otherwise wait longer each time.
      this.delay = progress ? 0 : Math.min(MAX_DELAY_MS, Math.max(1, this.delay * 2));
      this.schedule();
    }
  }
}
