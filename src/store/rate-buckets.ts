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
 *   SES's takes come from a short lease a process holds on its bucket (LEASE_MS).
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
/** `debt` grants its count and, as a lease ($5), up to that many whole tokens more that are there. */
const GRANTS: Record<TakeMode, (r: string) => string> = {
  debt: (r) =>
    `(CASE WHEN ${r} > 0 THEN $3::float8 + LEAST($5::float8, GREATEST(0, floor(${r} - $3::float8))) ELSE 0 END)`,
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

/**
 * How much of a bucket a process takes ahead for its `debt` takes (SES's send rate), in ms of the
 * rate: a take the lease covers is granted here without a statement — on PostgreSQL the take was a
 * round trip a send. Tokens a lease leaves unused when it ends are not given back: the other
 * processes lose at most this much of the rate, never more than it allows. A rate under 20 a second
 * leases nothing (it would be less than one token), so small quotas count every send in the row.
 */
export const LEASE_MS = 50;

interface Lease {
  /** Tokens taken from the row and not yet granted. */
  left: number;
  /** Real ms when what is left is no longer this process's. */
  until: number;
}

/** The buckets in PostgreSQL, shared by every process on the database. */
export class SharedRateBuckets implements RateBuckets {
  private sweptAt = -Infinity;
  private readonly leases = new Map<string, Lease>();
  /** The statement taking a lease for a bucket, which takes arriving meanwhile wait for. */
  private readonly leasing = new Map<string, Promise<Take>>();

  constructor(
    private readonly db: Database,
    /** Real elapsed time in milliseconds (monotonic): how long a lease lasts. */
    private readonly realNow: () => number = () => performance.now(),
  ) {}

  async take(name: string, rate: number, count: number, mode: TakeMode, clockMs: number): Promise<Take> {
    const lease = mode === 'debt' ? Math.floor((rate * LEASE_MS) / 1000) : 0;
    if (lease > count) return this.takeLeased(name, rate, count, clockMs, lease);
    return this.takeRow(name, rate, count, mode, clockMs, 0);
  }

  /**
   * A `debt` take from this process's lease while any of it is left ("all of the count while any
   * token is left", the lease's tokens being the ones left); what it takes past the lease is owed
   * to the row at once. Otherwise a take from the row with a new lease beside it, one statement for
   * the takes that arrive while it runs.
   */
  private async takeLeased(
    name: string,
    rate: number,
    count: number,
    clockMs: number,
    size: number,
  ): Promise<Take> {
    for (;;) {
      const held = this.leases.get(name);
      if (held && held.left > 0 && held.until > this.realNow()) {
        held.left -= count;
        if (held.left < 0) {
          const owed = -held.left;
          held.left = 0;
          await this.db.run('UPDATE pinpost_rate_buckets SET tokens = tokens - $2::float8 WHERE name = $1', [
            name,
            owed,
          ]);
        }
        return { granted: count, left: held.left };
      }
      const pending = this.leasing.get(name);
      if (pending) {
        await pending.catch(() => undefined);
        continue;
      }
      const mine = this.takeRow(name, rate, count, 'debt', clockMs, size);
      this.leasing.set(name, mine);
      try {
        const took = await mine;
        if (took.granted === 0) return took;
        this.leases.set(name, { left: took.granted - count, until: this.realNow() + LEASE_MS });
        return { granted: count, left: took.left };
      } finally {
        if (this.leasing.get(name) === mine) this.leasing.delete(name);
      }
    }
  }

  private async takeRow(
    name: string,
    rate: number,
    count: number,
    mode: TakeMode,
    clockMs: number,
    lease: number,
  ): Promise<Take> {
    if (performance.now() - this.sweptAt >= SWEEP_EVERY_MS) await this.sweep();
    // The statement numbers its own parameters ($n, reused); the dialect's `?` rewriting is not used.
    const params = [name, rate, count, Math.round(clockMs)];
    const row = await this.db.get<{ granted: number; tokens: number }>(
      TAKE_SQL[mode],
      mode === 'debt' ? [...params, lease] : params,
    );
    return { granted: Number(row?.granted ?? 0), left: Number(row?.tokens ?? 0) };
  }

  /** Drops the rows of buckets left alone for IDLE_MS (by the database server's time). */
  async sweep(): Promise<number> {
    this.sweptAt = performance.now();
    const real = this.realNow();
    for (const [name, held] of this.leases) if (held.until <= real) this.leases.delete(name);
    const { changes } = await this.db.run(
      `DELETE FROM pinpost_rate_buckets WHERE real_ms < ${REAL_MS} - $1::bigint`,
      [IDLE_MS],
    );
    return changes;
  }

  /** Back into this process's lease while it lasts, else into the row. */
  async giveBack(name: string, rate: number, count: number): Promise<void> {
    const held = this.leases.get(name);
    if (held && held.until > this.realNow()) {
      held.left += count;
      return;
    }
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
