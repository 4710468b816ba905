/**
 * Rates shared by every process on one database: token buckets (a bucket that starts full with
 * `rate` tokens and refills `rate` tokens a second), each named (`ses/<account>/<region>`,
 * `campaign-run/<run>`). SES's maximum send rate and a campaign's or journey's MessagesPerSecond
 * take from them, so three processes send at the rate, not at three times it.
 *
 * A bucket refills with the time that passed on the one clock (src/clock/) or in real time,
 * whichever is more: a rate paces real work, and under `--clock manual` a clock standing still would
 * otherwise hold every send past the first second's worth until a test moved it; a clock moved
 * ahead refills it as that much time would.
 *
 * - SQLite (one process: its data directory is locked): the buckets are kept in memory, as cheap
 *   as before.
 * - PostgreSQL: one row per bucket, taken by one autocommitted statement (an upsert computing the
 *   refill and the take; real time is the database server's `clock_timestamp()`, so processes on
 *   several hosts agree). Callers take before they open their own transaction: the row is locked
 *   only while that statement runs, never until a send commits (a hot row otherwise; DESIGN.md).
 *
 * A bucket nobody took from for IDLE_MS is full, and a missing bucket starts full: each process
 * drops such buckets (rows) once a minute, so a bucket per campaign or journey run does not stay
 * behind forever.
 */
import { postgresDialect, type Database } from './dialect.js';
import type { Migration } from './migrations.js';

const RATE_BUCKETS_DDL = (create: string) => `
  ${create} pinpost_rate_buckets (
    name TEXT PRIMARY KEY,
    tokens REAL NOT NULL,
    -- real time (the database server's) and the one clock's time of the last take, in ms
    real_ms INTEGER NOT NULL,
    clock_ms INTEGER NOT NULL,
    -- what the last take granted (its caller reads it back)
    granted REAL NOT NULL
  );
`;

export const rateBucketMigrations: readonly Migration[] = [
  {
    context: 'rate-buckets',
    version: 1,
    name: 'token buckets shared by the processes',
    up: {
      sqlite: RATE_BUCKETS_DDL('CREATE TABLE'),
      // UNLOGGED: a bucket is worth nothing after a crash (it refills within a second), and a
      // transaction that wrote only unlogged rows commits without waiting for the WAL to reach the
      // disk, so the bucket's row is free again as soon as the statement ends (DESIGN.md, the bench).
      postgres: postgresDialect.ddl(RATE_BUCKETS_DDL('CREATE UNLOGGED TABLE')),
    },
  },
];

/**
 * How a take is granted:
 * - `debt`: all of `count` while any token is left, even if that takes the bucket below zero (SES:
 *   "if your send rate quota is one message per second, and you send a message to five recipients
 *   at once, Amazon SES lets you do that. For the next five seconds, though, Amazon will return
 *   errors"); nothing otherwise.
 * - `whole`: as many whole tokens as are there, up to `count` (a pacer taking its next sends).
 */
export type TakeMode = 'debt' | 'whole';

/**
 * How long a bucket must have been left alone to be dropped: it is full by then. The deepest debt
 * is one take's count below zero (SES: 50 recipients a message, MAX_RECIPIENTS), repaid at the rate in
 * count ÷ rate seconds, under a minute at SES's smallest quota of 1 a second; a pacer never owes.
 */
export const IDLE_MS = 3_600_000;
/** How often a process looks for idle buckets, in real milliseconds. */
const SWEEP_EVERY_MS = 60_000;

export interface Take {
  /** Tokens granted: `count` or 0 in `debt` mode; 0 to `count` in `whole` mode. */
  granted: number;
  /** The tokens left after the take (negative after a debt). */
  left: number;
}

export interface RateBuckets {
  /** Takes from the bucket `name` of `rate` tokens a second; `clockMs`: the one clock's time. */
  take(name: string, rate: number, count: number, mode: TakeMode, clockMs: number): Promise<Take>;
  /** Gives back tokens a take granted for work that did not happen (capped at the bucket's rate). */
  giveBack(name: string, rate: number, count: number): Promise<void>;
}

/** The buckets of one process, in memory; `realNow` in milliseconds (monotonic). */
export class MemoryRateBuckets implements RateBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number; realAt: number }>();
  private sweptAt: number;

  constructor(private readonly realNow: () => number = () => performance.now()) {
    this.sweptAt = realNow();
  }

  /** How many buckets are held (for the test that they are dropped when idle). */
  get size(): number {
    return this.buckets.size;
  }

  takeNow(name: string, rate: number, count: number, mode: TakeMode, clockMs: number): Take {
    const real = this.realNow();
    if (real - this.sweptAt >= SWEEP_EVERY_MS) this.sweep(real);
    const b = this.buckets.get(name) ?? { tokens: rate, at: clockMs, realAt: real };
    const elapsed = Math.max(clockMs - b.at, real - b.realAt, 0);
    const tokens = Math.min(rate, b.tokens + (elapsed / 1000) * rate);
    const granted = grant(tokens, count, mode);
    this.buckets.set(name, {
      tokens: tokens - granted,
      at: Math.max(clockMs, b.at),
      realAt: Math.max(real, b.realAt),
    });
    return { granted, left: tokens - granted };
  }

  take(name: string, rate: number, count: number, mode: TakeMode, clockMs: number): Promise<Take> {
    return Promise.resolve(this.takeNow(name, rate, count, mode, clockMs));
  }

  giveBack(name: string, rate: number, count: number): Promise<void> {
    const b = this.buckets.get(name);
    if (b) b.tokens = Math.min(rate, b.tokens + count);
    return Promise.resolve();
  }

  private sweep(real: number): void {
    this.sweptAt = real;
    for (const [name, b] of this.buckets) if (real - b.realAt >= IDLE_MS) this.buckets.delete(name);
  }
}

function grant(tokens: number, count: number, mode: TakeMode): number {
  if (mode === 'debt') return tokens > 0 ? count : 0;
  return tokens >= 1 ? Math.min(count, Math.floor(tokens)) : 0;
}

/** The database server's real time in ms. */
const REAL_MS = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;
/** The bucket refilled to now: $2 rate, $4 the one clock's ms. */
const REFILLED = `LEAST($2::float8, b.tokens + GREATEST(${REAL_MS} - b.real_ms, $4::bigint - b.clock_ms, 0) * $2::float8 / 1000)`;
const GRANTS: Record<TakeMode, (r: string) => string> = {
  debt: (r) => `(CASE WHEN ${r} > 0 THEN $3::float8 ELSE 0 END)`,
  whole: (r) => `(CASE WHEN ${r} >= 1 THEN LEAST($3::float8, floor(${r})) ELSE 0 END)`,
};
const takeSql = (mode: TakeMode) => {
  const first = GRANTS[mode]('$2::float8');
  const refilled = GRANTS[mode](REFILLED);
  return `INSERT INTO pinpost_rate_buckets AS b (name, tokens, real_ms, clock_ms, granted)
    VALUES ($1, $2::float8 - ${first}, ${REAL_MS}, $4::bigint, ${first})
    ON CONFLICT (name) DO UPDATE SET
      tokens = ${REFILLED} - ${refilled},
      real_ms = GREATEST(b.real_ms, ${REAL_MS}),
      clock_ms = GREATEST(b.clock_ms, $4::bigint),
      granted = ${refilled}
    RETURNING granted, tokens`;
};
const TAKE_SQL: Record<TakeMode, string> = { debt: takeSql('debt'), whole: takeSql('whole') };

/** The buckets in PostgreSQL, shared by every process on the database. */
export class SharedRateBuckets implements RateBuckets {
  private sweptAt = -Infinity;

  constructor(private readonly db: Database) {}

  async take(name: string, rate: number, count: number, mode: TakeMode, clockMs: number): Promise<Take> {
    if (performance.now() - this.sweptAt >= SWEEP_EVERY_MS) await this.sweep();
    // The statement numbers its own parameters ($n, reused); the dialect's `?` rewriting is not used.
    const row = await this.db.get<{ granted: number; tokens: number }>(TAKE_SQL[mode], [
      name,
      rate,
      count,
      Math.round(clockMs),
    ]);
    return { granted: Number(row?.granted ?? 0), left: Number(row?.tokens ?? 0) };
  }

  /** Drops the rows of buckets left alone for IDLE_MS (by the database server's time). */
  async sweep(): Promise<number> {
    this.sweptAt = performance.now();
    const { changes } = await this.db.run(
      `DELETE FROM pinpost_rate_buckets WHERE real_ms < ${REAL_MS} - $1::bigint`,
      [IDLE_MS],
    );
    return changes;
  }

  async giveBack(name: string, rate: number, count: number): Promise<void> {
    await this.db.run(
      'UPDATE pinpost_rate_buckets SET tokens = LEAST($2::float8, tokens + $3::float8) WHERE name = $1',
      [name, rate, count],
    );
  }
}

/** The buckets for a database: shared on PostgreSQL, this process's own on SQLite. */
export function rateBucketsFor(db: Database): RateBuckets {
  return db.dialect.name === 'postgres' ? new SharedRateBuckets(db) : new MemoryRateBuckets();
}
