import pg from 'pg';
import { runHooks, type AfterCommit } from './after-commit.js';
import { runInTransaction, transactionOf } from './async-context.js';
import { PostgresListen } from './postgres-listen.js';
import { withLiterals } from './postgres-literals.js';
import { insertShape, type QueuedStatement } from './postgres-merged-inserts.js';
import { isConnectionError, SharedCommits } from './postgres-commits.js';
import { checkChannel } from './signals.js';
import { OwnVacuum } from './postgres-vacuum.js';
import { postgresDialect, type Database, type Params, type RunResult } from './dialect.js';

/** One open transaction: the pooled client it holds until it ends. */
interface Tx {
  client: pg.PoolClient;
  savepoints: number;
  /** What runs after the commit, each with the savepoint depth it was registered at. */
  after: AfterCommit[];
  depth: number;
  /**
   * Ended (committed or rolled back). Work started inside a transaction (a timer, a kick) keeps
   * its async context after the transaction ends; its statements must then go to the pool, not to
   * a client already handed back.
   */
  ended: boolean;
  /**
   * Statements not sent yet, in order: BEGIN, SAVEPOINTs and writes nobody reads the outcome of
   * (`write`, `signal`, `holdUntilCommit`). They go with the next statement that must be answered
   * (a read, a `run`, a RELEASE after writes, the COMMIT), all in one simple-protocol message: on
   * this kind of machine a round trip, not a statement, is what costs (a socket write that wakes
   * the server was 40% of a campaign's main thread).
   */
  pending: Pending[];
  /** BEGIN has reached the server (a ROLLBACK is needed to end the transaction). */
  begun: boolean;
}

interface Pending extends QueuedStatement {
  /** A write that may fail; BEGIN, SAVEPOINT and RELEASE do not (once their transaction lives). */
  failable: boolean;
  /** The savepoint this statement opens. */
  opens?: string;
}

export interface PostgresOptions {
  /** `postgres://…` or `postgresql://…`; `?schema=name` keeps Pinpost's tables in that schema. */
  url: string;
  /** Most connections this process holds (node-postgres' `max`). */
  poolSize?: number;
  /** A statement running longer is cancelled (work a request triggers is bounded in time). */
  statementTimeoutMs?: number;
}

/**
 * 64-bit integers (counts, epoch milliseconds) and NUMERIC (what `sum` of them gives) as numbers,
 * as better-sqlite3 returns them; every value Pinpost stores is far inside 2^53.
 */
const AS_NUMBER = new Set([20, 1700]);
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    AS_NUMBER.has(oid)
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * PostgreSQL through node-postgres with a pool. A statement outside a transaction takes any pooled
 * client; `transaction(fn)` takes one client for the whole of `fn` and keeps it in the async
 * context (async-context.ts), so every statement awaited inside runs on it.
 */
export class PostgresDatabase implements Database {
  readonly dialect = postgresDialect;
  private readonly listen: PostgresListen;
  /**
   * Messages this process sent the server and waited for (a statement, or several sent together):
   * on a machine where a round trip, not a statement, is the cost, the figure that tells
   * coordination overhead (metrics: `pinpost_store_round_trips_total`).
   */
  roundTrips = 0;
  /** Transactions that send nothing before their COMMIT commit together (postgres-commits.ts). */
  private readonly commits: SharedCommits;
  /** VACUUM and ANALYZE of its tables when the server's autovacuum is off (postgres-vacuum.ts). */
  readonly vacuum: OwnVacuum;

  private constructor(
    readonly pool: pg.Pool,
    readonly schema: string | undefined,
    config: pg.ClientConfig,
  ) {
    this.listen = new PostgresListen(config);
    this.commits = new SharedCommits(pool, () => this.roundTrips++);
    this.vacuum = new OwnVacuum(config, this.lockKey('pinpost-vacuum'), pool);
  }

  static async open(options: PostgresOptions): Promise<PostgresDatabase> {
    const url = new URL(options.url);
    const schema = url.searchParams.get('schema') ?? undefined;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new Error(`schema \`${schema}\` is not a lower-case PostgreSQL identifier`);
    url.searchParams.delete('schema');
    const config: pg.ClientConfig = {
      connectionString: url.toString(),
      types,
      statement_timeout: options.statementTimeoutMs ?? 30_000,
      // A search_path per connection keeps one schema's tables apart from another's (tests, tenants).
      options: schema ? `-c search_path=${schema}` : undefined,
    };
    const pool = new pg.Pool({ ...config, max: options.poolSize ?? 10 });
    // An idle client's error (the server restarted) must not crash the process; the pool drops it.
    pool.on('error', () => undefined);
    const db = new PostgresDatabase(pool, schema, config);
    try {
      if (schema) await createSchema(pool, schema);
      else await pool.query('SELECT 1');
    } catch (err) {
      await pool.end();
      throw err;
    }
    return db;
  }

  async run(sql: string, params: Params = []): Promise<RunResult> {
    const r = await this.query(sql, params);
    return { changes: r.rowCount ?? 0 };
  }

  async get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }

  async all<T>(sql: string, params: Params = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  write(sql: string, params: Params = []): Promise<void> {
    return this.queue(sql, params, false);
  }

  /** `once`: the statement does nothing when run again in its transaction (postgres-merged-inserts.ts). */
  private async queue(sql: string, params: Params, once: boolean): Promise<void> {
    const tx = this.open();
    if (!tx) {
      await this.query(sql, params);
      return;
    }
    const shape = insertShape(sql);
    if (!shape) tx.pending.push({ sql: withLiterals(sql, params), failable: true, once });
    else {
      const values = withLiterals(shape.row, params);
      tx.pending.push({ sql: shape.head + values + shape.tail, failable: true, row: { shape, values } });
    }
  }

  async exec(sql: string): Promise<void> {
    const tx = this.open();
    // The simple query protocol runs several statements in one call.
    if (tx) await this.send(tx, sql);
    else {
      this.roundTrips++;
      await this.pool.query(sql);
    }
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const mine = this.open();
    if (mine) return this.savepoint(mine, fn);
    const client = await this.pool.connect();
    const tx: Tx = {
      client,
      savepoints: 0,
      after: [],
      depth: 0,
      ended: false,
      pending: [{ sql: 'BEGIN', failable: false }],
      begun: false,
    };
    let broken = false;
    let released = false;
    try {
      let result: T;
      try {
        result = await runInTransaction(this, tx, fn);
        if (!tx.begun && tx.pending.length > 1) {
          // Writes only, none sent: its client goes back at once, and the writes commit with the
          // other such transactions of this turn of the loop.
          const writes = tx.pending.slice(1);
          tx.pending = [];
          tx.ended = true;
          client.release();
          released = true;
          await this.commits.commit(writes);
          await runHooks(tx.after);
          return result;
        }
        // A transaction that sent nothing has nothing to commit.
        if (tx.begun) {
          // A COMMIT of a transaction a failed statement ended is answered ROLLBACK, not an error:
          // a failure someone caught and swallowed must not pass for a commit.
          const end = await this.send(tx, 'COMMIT');
          if (end.command === 'ROLLBACK')
            throw new Error('the transaction was rolled back: a statement in it had failed');
        }
      } catch (err) {
        tx.pending = [];
        // After a failed COMMIT message the transaction may still be open (a queued write failed).
        if (tx.begun) {
          this.roundTrips++;
          await client.query('ROLLBACK').catch(() => (broken = true));
        }
        throw err;
      }
      tx.ended = true;
      client.release();
      released = true;
      await runHooks(tx.after);
      return result;
    } catch (err) {
      broken ||= isConnectionError(err);
      throw err;
    } finally {
      tx.ended = true;
      if (!released) client.release(broken);
    }
  }

  afterCommit(fn: () => void | Promise<void>, onError?: (err: unknown) => void): Promise<void> {
    const tx = this.open();
    if (tx) {
      tx.after.push({ depth: tx.depth, fn, onError });
      return Promise.resolve();
    }
    return runHooks([{ depth: 0, fn, onError }]);
  }

  get inTransaction(): boolean {
    return this.open() !== undefined;
  }

  /** The caller's transaction, if it is still open. */
  private open(): Tx | undefined {
    const tx = transactionOf<Tx>(this);
    return tx && !tx.ended ? tx : undefined;
  }

  async exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      const key = this.lockKey(name);
      this.roundTrips += 2;
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
      }
    } finally {
      client.release();
    }
  }

  async holdUntilCommit(name: string): Promise<void> {
    if (this.open())
      await this.queue('SELECT pg_advisory_xact_lock(hashtext(?))', [this.lockKey(name)], true);
  }

  /** NOTIFY is transactional: sent inside a transaction, listeners hear it after the commit. */
  signal(channel: string): Promise<void> {
    return this.queue('SELECT pg_notify(?, NULL)', [this.channelName(channel)], true);
  }

  onSignal(channel: string, fn: () => void): Promise<() => void> {
    return this.listen.on(this.channelName(channel), fn);
  }

  async close(): Promise<void> {
    await this.vacuum.stop();
    await this.listen.close();
    await this.pool.end();
  }

  /** Per schema: two Pinpost databases kept as schemas of one PostgreSQL database do not meet. */
  private lockKey(name: string): string {
    return `${this.schema ?? 'public'}:${name}`;
  }

  private channelName(channel: string): string {
    checkChannel(channel);
    // PostgreSQL keeps 63 bytes of an identifier; a longer name would be cut the same way anyway.
    return (this.schema ? `${this.schema}_${channel}` : channel).slice(0, 63);
  }

  /** Connections this pool holds and how many are idle or awaited (metrics). */
  get poolUsage(): { total: number; idle: number; waiting: number } {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  private query(sql: string, params: Params): Promise<pg.QueryResult> {
    const tx = this.open();
    if (tx?.pending.length) return this.send(tx, withLiterals(sql, params));
    const text = this.dialect.placeholders(sql);
    const values = params as unknown[];
    this.roundTrips++;
    return tx ? tx.client.query(text, values) : this.pool.query(text, values);
  }

  /**
   * Sends what the transaction has pending and then `sql` (already holding its values), in one
   * message; answers with `sql`'s result. A pending write that fails fails the whole message.
   */
  private async send(tx: Tx, sql: string): Promise<pg.QueryResult> {
    const texts = tx.pending.map((p) => p.sql);
    texts.push(sql);
    // Sent is sent, whatever comes back: nothing of it is sent again.
    tx.pending = [];
    if (texts[0] === 'BEGIN') tx.begun = true;
    // A newline, not only `;`, between statements: a statement's closing `--` comment ends there.
    this.roundTrips++;
    const results = (await tx.client.query(texts.join(';\n'))) as pg.QueryResult | pg.QueryResult[];
    return Array.isArray(results) ? results[results.length - 1]! : results;
  }

  /**
   * A savepoint is queued like a write and released with the next message. Writes pending when it
   * opens go first, so a failure of theirs belongs to the caller's level, not to the savepoint's
   * (a caller that catches it there would otherwise retry inside a lost transaction).
   */
  private async savepoint<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
    const name = `sp${++tx.savepoints}`;
    const open = `SAVEPOINT ${name}`;
    if (tx.pending.some((p) => p.failable)) await this.send(tx, open);
    else tx.pending.push({ sql: open, failable: false, opens: name });
    tx.depth++;
    try {
      const result = await fn();
      const release = `RELEASE SAVEPOINT ${name}`;
      // Writes made inside are answered before the savepoint ends, so their failure is its own.
      if (tx.pending.some((p) => p.failable)) await this.send(tx, release);
      else tx.pending.push({ sql: release, failable: false });
      return result;
    } catch (err) {
      const unsent = tx.pending.findIndex((p) => p.opens === name);
      if (unsent >= 0) {
        // The server never saw the savepoint: forgetting it and what followed undoes it.
        tx.pending.length = unsent;
      } else {
        // What is pending came after the savepoint, so it is undone with it unsent.
        tx.pending = [];
        this.roundTrips++;
        await tx.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      }
      tx.after = tx.after.filter((h) => h.depth < tx.depth);
      throw err;
    } finally {
      tx.depth--;
    }
  }
}

/**
 * `CREATE SCHEMA IF NOT EXISTS` for processes starting together: the server checks "not exists"
 * before it inserts, so of two at once the second waits for the first's commit and then fails with
 * 23505 on pg_namespace's unique index (measured: 71 of 80 losers in 40 three-way races) — the
 * schema it wanted is there, which is all it asked for.
 */
async function createSchema(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (err) {
    if ((err as { code?: unknown }).code !== '23505') throw err;
  }
}

/** Whether `data` names a PostgreSQL database rather than a SQLite folder. */
export function isPostgresUrl(data: string): boolean {
  return /^postgres(ql)?:\/\//i.test(data);
}
