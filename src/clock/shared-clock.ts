/**
 * `--clock manual` on PostgreSQL: one clock for every process on the database. The clock's time is
 * a row in the database (`pinpost_clock`); each process keeps its ManualClock as a cache, so
 * `clock.now()` stays synchronous, and moves it when told:
 *
 * - at start, a process takes the later of its own start time and the stored time, and stores it
 *   (a process joining a cluster whose clock is ahead starts at the cluster's time; the clock never
 *   moves backwards, for any process);
 * - a move (`POST /_pinpost/clock` on any process) runs under a lock of the whole database, one at a
 *   time across the processes: it first catches up with the stored time, then runs everything that
 *   comes due on the way in this process (the Timeline; the job mechanism runs each job once), and
 *   only then stores the new time and signals it (Database.signal: PostgreSQL NOTIFY). The other
 *   processes keep the old time during the move, so none of them takes work that came due on the
 *   way, and jump to the new time on the signal;
 * - `GET /_pinpost/clock` reads the stored time first, so a process answers a time at least as late
 *   as the last move that returned, even before its signal arrived.
 *
 * On SQLite (one process) nothing is stored: the manual clock is the process's own, as before.
 */
import type { Logger } from 'pino';
import type { Database, Migration } from '../store/index.js';
import type { ManualClock } from './clock.js';

export const clockMigrations: readonly Migration[] = [
  {
    context: 'clock',
    version: 1,
    name: 'the manual clock shared by the processes',
    up: `
      CREATE TABLE pinpost_clock (
        id INTEGER PRIMARY KEY,
        now_ms INTEGER NOT NULL
      );
    `,
  },
];

/** The signal channel of a move. */
export const CLOCK_CHANNEL = 'pinpost_clock';
/** The lock that serializes moves across the processes. */
const MOVE_LOCK = 'pinpost-clock-move';

/** What the Timeline needs of a shared clock (timeline.ts). */
export interface ClockShare {
  /** Runs `move` as the only move of the clock across the processes. */
  exclusive<T>(move: () => Promise<T>): Promise<T>;
  /** Catches the local clock up with the stored time. */
  refresh(): Promise<void>;
  /** Stores the local clock's time (never earlier than stored) and tells the other processes. */
  publish(): Promise<void>;
}

export class SharedClock implements ClockShare {
  private stopListening?: () => void;

  private constructor(
    private readonly db: Database,
    private readonly clock: ManualClock,
    private readonly log?: Logger,
  ) {}

  /** Joins the database's clock: see the module comment. */
  static async join(db: Database, clock: ManualClock, log?: Logger): Promise<SharedClock> {
    const shared = new SharedClock(db, clock, log);
    shared.stopListening = await db.onSignal(CLOCK_CHANNEL, () => {
      shared.refresh().catch((err: unknown) => log?.warn({ err }, 'reading the shared clock failed'));
    });
    // Under the moves' lock: a process joining mid-move must not move the mover's clock.
    await shared.exclusive(() => shared.publish());
    return shared;
  }

  exclusive<T>(move: () => Promise<T>): Promise<T> {
    return this.db.exclusive(MOVE_LOCK, move);
  }

  async refresh(): Promise<void> {
    const row = await this.db.get<{ now_ms: number }>('SELECT now_ms FROM pinpost_clock WHERE id = 1');
    this.catchUp(row?.now_ms);
  }

  async publish(): Promise<void> {
    const row = await this.db.get<{ now_ms: number }>(
      `INSERT INTO pinpost_clock (id, now_ms) VALUES (1, ?)
       ON CONFLICT (id) DO UPDATE SET now_ms = CASE WHEN excluded.now_ms > pinpost_clock.now_ms
         THEN excluded.now_ms ELSE pinpost_clock.now_ms END
       RETURNING now_ms`,
      [this.clock.now().getTime()],
    );
    this.catchUp(row?.now_ms);
    await this.db.signal(CLOCK_CHANNEL);
  }

  /** Stops following the other processes' moves. */
  close(): void {
    this.stopListening?.();
    this.stopListening = undefined;
  }

  private catchUp(storedMs: number | undefined): void {
    if (storedMs === undefined || storedMs <= this.clock.now().getTime()) return;
    this.clock.moveTo(new Date(storedMs));
    this.log?.debug({ now: this.clock.now().toISOString() }, 'clock moved by another process');
  }
}
