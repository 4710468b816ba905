import { AsyncLocalStorage } from 'node:async_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { sqliteDialect, type Database, type Params, type RunResult } from './dialect.js';
import { runHooks, type AfterCommit } from './after-commit.js';
import { SignalListeners, checkChannel } from './signals.js';

/** The most statements kept prepared; past that the least recently used is dropped. */
const STATEMENT_CACHE_SIZE = 500;

/** One open transaction: the async context that owns the connection until it ends. */
interface Tx {
  savepoints: number;
  /** What runs after the commit, each with the savepoint depth it was registered at. */
  after: AfterCommit[];
  depth: number;
}

/**
 * better-sqlite3 behind the asynchronous {@link Database}. Statements are prepared once and reused:
 * preparing is the costly step, and repositories run the same few dozen statements per request.
 *
 * One connection serves every caller, and SQLite puts whatever runs on it while a transaction is
 * open into that transaction. An async transaction yields between its statements, so statements
 * of other callers would slip into it (and be rolled back with it). The connection therefore
 * belongs to one transaction at a time: the one whose async context (AsyncLocalStorage) is open;
 * a statement or transaction from any other context waits until it ends. Outside transactions
 * every call runs at once and returns a settled promise.
 */
export class SqliteDatabase implements Database {
  readonly dialect = sqliteDialect;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private readonly context = new AsyncLocalStorage<Tx>();
  /** The transaction that owns the connection, and what waits for it. */
  private owner: Tx | undefined;
  private readonly waiting: (() => void)[] = [];
  /** `exclusive`'s named locks: the promise the last taker resolves when it is done. */
  private readonly locks = new Map<string, Promise<void>>();
  /** One process owns a SQLite database: signals stay in it. */
  private readonly signals = new SignalListeners();

  private constructor(private readonly db: BetterSqlite3.Database) {}

  /** `file` is a path or `:memory:`. File databases use WAL so readers do not block the writer. */
  static open(file: string): SqliteDatabase {
    const db = new BetterSqlite3(file);
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // WAL with NORMAL is durable against application crashes and is SQLite's advice for WAL.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // Checkpoint the WAL every ~40 MB instead of every ~4 MB: a campaign commits several small
    // transactions a message, and the default checkpoint cadence cost ~8% of its throughput
    // (3,000-endpoint campaign: 414 → 447 messages/s). Crash safety is unchanged.
    db.pragma('wal_autocheckpoint = 10000');
    return new SqliteDatabase(db);
  }

  get journalMode(): string {
    return String(this.db.pragma('journal_mode', { simple: true }));
  }

  run(sql: string, params: Params = []): Promise<RunResult> {
    return this.when(() => ({ changes: this.prepare(sql).run(...params).changes }));
  }

  get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return this.when(() => this.prepare(sql).get(...params) as T | undefined);
  }

  all<T>(sql: string, params: Params = []): Promise<T[]> {
    return this.when(() => this.prepare(sql).all(...params) as T[]);
  }

  exec(sql: string): Promise<void> {
    return this.when(() => {
      this.db.exec(sql);
    });
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const mine = this.context.getStore();
    if (mine && mine === this.owner) return this.savepoint(mine, fn);
    while (this.owner) await new Promise<void>((resolve) => this.waiting.push(resolve));
    const tx: Tx = { savepoints: 0, after: [], depth: 0 };
    this.owner = tx;
    try {
      this.db.exec('BEGIN IMMEDIATE');
      let result: T;
      try {
        result = await this.context.run(tx, fn);
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
      this.db.exec('COMMIT');
      this.release(tx);
      await runHooks(tx.after);
      return result;
    } finally {
      this.release(tx);
    }
  }

  afterCommit(fn: () => void | Promise<void>, onError?: (err: unknown) => void): Promise<void> {
    const mine = this.context.getStore();
    if (mine && mine === this.owner) {
      mine.after.push({ depth: mine.depth, fn, onError });
      return Promise.resolve();
    }
    return runHooks([{ depth: 0, fn, onError }]);
  }

  /** Gives the connection, if `tx` still holds it, to the next waiter. */
  private release(tx: Tx): void {
    if (this.owner !== tx) return;
    this.owner = undefined;
    this.waiting.shift()?.();
  }

  get inTransaction(): boolean {
    const mine = this.context.getStore();
    return mine !== undefined && mine === this.owner;
  }

  holdUntilCommit(): Promise<void> {
    return Promise.resolve();
  }

  signal(channel: string): Promise<void> {
    checkChannel(channel);
    return this.afterCommit(() => this.signals.emit(channel));
  }

  onSignal(channel: string, fn: () => void): Promise<() => void> {
    const { remove } = this.signals.add(checkChannel(channel), fn);
    return Promise.resolve(() => void remove());
  }

  async exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
    // One process owns a SQLite data directory (src/store/lock.ts): only this process contends.
    const before = this.locks.get(name) ?? Promise.resolve();
    let done!: () => void;
    const mine = before.then(() => new Promise<void>((r) => (done = r)));
    this.locks.set(name, mine);
    await before;
    try {
      return await fn();
    } finally {
      done();
      if (this.locks.get(name) === mine) this.locks.delete(name);
    }
  }

  async close(): Promise<void> {
    this.statements.clear();
    this.db.close();
  }

  /** How many statements are cached; exposed for tests of the cache itself. */
  get cachedStatements(): number {
    return this.statements.size;
  }

  /** Runs `work` now when the connection is free or ours, else once the owning transaction ends. */
  private when<T>(work: () => T): Promise<T> {
    if (this.owner && this.context.getStore() !== this.owner) return this.afterOwner(work);
    try {
      return Promise.resolve(work());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private async afterOwner<T>(work: () => T): Promise<T> {
    while (this.owner && this.context.getStore() !== this.owner)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    const result = work();
    // Let the next waiter look at the connection too: only a transaction keeps it.
    this.waiting.shift()?.();
    return result;
  }

  private async savepoint<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
    const name = `sp${++tx.savepoints}`;
    this.db.exec(`SAVEPOINT ${name}`);
    tx.depth++;
    try {
      const result = await fn();
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      tx.after = tx.after.filter((h) => h.depth < tx.depth);
      throw err;
    } finally {
      tx.depth--;
    }
  }

  private prepare(sql: string): BetterSqlite3.Statement {
    const hit = this.statements.get(sql);
    if (hit) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.statements.delete(sql);
      this.statements.set(sql, hit);
      return hit;
    }
    const stmt = this.db.prepare(this.dialect.placeholders(sql));
    this.statements.set(sql, stmt);
    if (this.statements.size > STATEMENT_CACHE_SIZE) {
      const oldest = this.statements.keys().next().value as string;
      this.statements.delete(oldest);
    }
    return stmt;
  }
}
