import BetterSqlite3 from 'better-sqlite3';
import { sqliteDialect, type Database, type Params, type RunResult } from './dialect.js';

/** The most statements kept prepared; past that the least recently used is dropped. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 behind {@link Database}. Statements are prepared once and reused: preparing is
 * the costly step, and repositories run the same few dozen statements for every request.
 */
export class SqliteDatabase implements Database {
  readonly dialect = sqliteDialect;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

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

  run(sql: string, params: Params = []): RunResult {
    const r = this.prepare(sql).run(...params);
    return { changes: r.changes };
  }

  get<T>(sql: string, params: Params = []): T | undefined {
    return this.prepare(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, params: Params = []): T[] {
    return this.prepare(sql).all(...params) as T[];
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  transaction<T>(fn: () => T): T {
    // better-sqlite3 turns nested transaction() calls into savepoints.
    return this.db.transaction(fn)();
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  close(): void {
    this.statements.clear();
    this.db.close();
  }

  /** How many statements are cached; exposed for tests of the cache itself. */
  get cachedStatements(): number {
    return this.statements.size;
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
