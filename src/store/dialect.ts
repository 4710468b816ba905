/**
 * The storage seam. Repositories talk to a {@link Database}; each engine supplies a {@link Dialect}
 * that knows only what differs between engines (Kysely's idea: the SQLite and PostgreSQL dialects
 * override the few places their SQL or driver differ, everything else is shared).
 *
 * SQL written by repositories is portable: `?` placeholders, TEXT/INTEGER columns, no engine
 * functions beyond `lower`, `substr`, `length`, `count`. The dialect rewrites placeholders
 * (`?` → `$1…` for PostgreSQL) and supplies the few statements that differ (the migrations table).
 *
 * Sync today, async tomorrow: better-sqlite3 is synchronous, so {@link Database} returns plain
 * values. A PostgreSQL (`pg`) implementation cannot; it will implement {@link AsyncDatabase} (same
 * methods, each returning a Promise, `transaction` taking an async callback on one pooled client).
 * Repositories are then made async method by method. To keep that change out of callers, callers
 * `await` every store call already: awaiting a plain value costs nothing and compiles both ways.
 */

/** The values a statement parameter or column can hold in every engine we support. */
export type SqlValue = string | number | bigint | null;

export type Params = readonly SqlValue[];

export interface RunResult {
  /** Rows inserted, updated or deleted by the statement. */
  changes: number;
}

/** A synchronous connection (SQLite). */
export interface Database {
  readonly dialect: Dialect;
  run(sql: string, params?: Params): RunResult;
  get<T>(sql: string, params?: Params): T | undefined;
  all<T>(sql: string, params?: Params): T[];
  /** Several statements without parameters (DDL in migrations). */
  exec(sql: string): void;
  /**
   * Runs `fn` atomically: every write inside commits together or, if `fn` throws, none does.
   * Nested calls join the outer transaction through a savepoint, so a repository method that is
   * transactional on its own can be composed into a larger all-or-nothing write.
   */
  transaction<T>(fn: () => T): T;
  /** Whether a transaction is open: what a read sees now may still be rolled back. */
  readonly inTransaction: boolean;
  close(): void;
}

/** The shape a PostgreSQL implementation will take; see the module comment. */
export type AsyncDatabase = {
  readonly dialect: Dialect;
  run(sql: string, params?: Params): Promise<RunResult>;
  get<T>(sql: string, params?: Params): Promise<T | undefined>;
  all<T>(sql: string, params?: Params): Promise<T[]>;
  exec(sql: string): Promise<void>;
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/** What differs between engines. Everything not here is shared. */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** Rewrites portable `?` placeholders into the engine's own form. */
  placeholders(sql: string): string;
  /** DDL of the table that records applied migrations. */
  readonly migrationsTableDdl: string;
  /** Whether a failed DDL statement rolls back with its transaction (true for both engines). */
  readonly transactionalDdl: boolean;
}

/** Shared defaults; an engine's dialect spreads this and overrides what differs. */
export const baseDialect: Omit<Dialect, 'name'> = {
  placeholders: (sql) => sql,
  migrationsTableDdl: `CREATE TABLE IF NOT EXISTS pinpost_migrations (
    context TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (context, version)
  )`,
  transactionalDdl: true,
};

export const sqliteDialect: Dialect = { ...baseDialect, name: 'sqlite' };

/** Ready for the PostgreSQL driver: only the placeholder syntax differs in the SQL we write. */
export const postgresDialect: Dialect = {
  ...baseDialect,
  name: 'postgres',
  placeholders: (sql) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  },
};
