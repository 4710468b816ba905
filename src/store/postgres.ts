import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { runHooks, type AfterCommit } from './after-commit.js';
import { PostgresListen } from './postgres-listen.js';
import { checkChannel } from './signals.js';
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
 * context (AsyncLocalStorage), so every statement awaited inside runs on it.
 */
export class PostgresDatabase implements Database {
  readonly dialect = postgresDialect;
  private readonly context = new AsyncLocalStorage<Tx>();
  private readonly listen: PostgresListen;

  private constructor(
    readonly pool: pg.Pool,
    readonly schema: string | undefined,
    config: pg.ClientConfig,
  ) {
    this.listen = new PostgresListen(config);
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
      if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
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

  async exec(sql: string): Promise<void> {
    const tx = this.open();
    // The simple query protocol runs several statements in one call.
    if (tx) await tx.client.query(sql);
    else await this.pool.query(sql);
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const mine = this.open();
    if (mine) return this.savepoint(mine, fn);
    const client = await this.pool.connect();
    const tx: Tx = { client, savepoints: 0, after: [], depth: 0, ended: false };
    let broken = false;
    let released = false;
    try {
      await client.query('BEGIN');
      let result: T;
      try {
        result = await this.context.run(tx, fn);
      } catch (err) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw err;
      }
      await client.query('COMMIT');
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
    const tx = this.context.getStore();
    return tx && !tx.ended ? tx : undefined;
  }

  async exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      const key = this.lockKey(name);
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
    if (this.open()) await this.query('SELECT pg_advisory_xact_lock(hashtext(?))', [this.lockKey(name)]);
  }

  /** NOTIFY is transactional: sent inside a transaction, listeners hear it after the commit. */
  signal(channel: string): Promise<void> {
    const name = this.channelName(channel);
    return this.query('SELECT pg_notify(?, NULL)', [name]).then(() => undefined);
  }

  onSignal(channel: string, fn: () => void): Promise<() => void> {
    return this.listen.on(this.channelName(channel), fn);
  }

  async close(): Promise<void> {
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
    const text = this.dialect.placeholders(sql);
    const values = params as unknown[];
    const tx = this.open();
    return tx ? tx.client.query(text, values) : this.pool.query(text, values);
  }

  private async savepoint<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
    const name = `sp${++tx.savepoints}`;
    await tx.client.query(`SAVEPOINT ${name}`);
    tx.depth++;
    try {
      const result = await fn();
      await tx.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      await tx.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      tx.after = tx.after.filter((h) => h.depth < tx.depth);
      throw err;
    } finally {
      tx.depth--;
    }
  }
}

function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code);
}

/** Whether `data` names a PostgreSQL database rather than a SQLite folder. */
export function isPostgresUrl(data: string): boolean {
  return /^postgres(ql)?:\/\//i.test(data);
}
