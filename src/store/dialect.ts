/**
 * The storage seam. Repositories talk to a {@link Database}; each engine supplies a {@link Dialect}
 * that knows only what differs between engines (Kysely's idea: the SQLite and PostgreSQL dialects
 * override the few places their SQL or driver differ, everything else is shared).
 *
 * SQL written by repositories is portable: `?` placeholders, TEXT/INTEGER columns, no engine
 * functions beyond `lower`, `substr`, `length`, `count`, `coalesce`. The dialect rewrites
 * placeholders (`?` → `$1…` for PostgreSQL), translates migrations' DDL, and supplies the few
 * expressions that differ (a JSON field, a case-insensitive LIKE).
 *
 * Asynchronous for both engines: PostgreSQL (`pg`) answers over a socket; SQLite (better-sqlite3)
 * answers at once, and its promises are already settled. A transaction is the async context it
 * runs in (AsyncLocalStorage): every statement awaited inside `transaction(fn)` runs on that
 * transaction's connection, and statements from elsewhere do not (src/store/sqlite.ts explains how
 * one SQLite connection keeps them apart).
 */

/** The values a statement parameter or column can hold in every engine we support. */
export type SqlValue = string | number | bigint | null;

export type Params = readonly SqlValue[];

export interface RunResult {
  /** Rows inserted, updated or deleted by the statement. */
  changes: number;
}

export interface Database {
  readonly dialect: Dialect;
  run(sql: string, params?: Params): Promise<RunResult>;
  /**
   * A write whose outcome the caller does not read (no changes, no rows). Inside a PostgreSQL
   * transaction it is not sent at once: it travels with the transaction's next statement, the end
   * of its savepoint or its COMMIT, several in one round trip, and its failure fails that
   * statement (the transaction is lost either way). Anywhere else it runs like `run`.
   */
  write(sql: string, params?: Params): Promise<void>;
  get<T>(sql: string, params?: Params): Promise<T | undefined>;
  all<T>(sql: string, params?: Params): Promise<T[]>;
  /** Several statements without parameters (DDL in migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` atomically: every write awaited inside commits together or, if `fn` throws, none
   * does. Nested calls join the outer transaction through a savepoint, so a repository method that
   * is transactional on its own can be composed into a larger all-or-nothing write.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Whether the caller runs inside a transaction: what it reads may still be rolled back. */
  readonly inTransaction: boolean;
  /**
   * Runs `fn` once the caller's transaction has committed (at once outside one), before that
   * transaction's `transaction()` call returns; never if it (or the savepoint it was registered in)
   * rolls back. For work that must see committed rows or must not happen for rolled-back ones
   * (listeners, wake-ups of other parts). A hook that throws is reported to `onError`, not to the
   * committed caller.
   */
  afterCommit(fn: () => void | Promise<void>, onError?: (err: unknown) => void): Promise<void>;
  /**
   * Runs `fn` while holding the named lock across every process sharing this database (PostgreSQL:
   * a session advisory lock; SQLite: the data directory is one process's, so a lock within it).
   * Migrations and once-per-cluster work take it.
   */
  exclusive<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Holds the named lock, across every process sharing this database, until the caller's
   * transaction ends, so transactions that take it commit in the order they took it: rows numbered
   * after taking it become visible in number order (a reader that saw number n has seen every
   * number below). Outside a transaction it does nothing. SQLite commits one writer at a time, so
   * only PostgreSQL takes a lock, with the transaction's next statement (a `write`): that statement
   * is the one that waits for it.
   */
  holdUntilCommit(name: string): Promise<void>;
  /**
   * Tells every process sharing this database that `channel` (a lower-case identifier) changed,
   * once the caller's transaction commits (at once outside one); never for rolled-back work.
   */
  signal(channel: string): Promise<void>;
  /**
   * Calls `fn` after each signal on `channel`, from this process or another; resolves, once
   * listening, to the function that stops it.
   */
  onSignal(channel: string, fn: () => void): Promise<() => void>;
  close(): Promise<void>;
}

/** What differs between engines. Everything not here is shared. */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** Rewrites portable `?` placeholders into the engine's own form. */
  placeholders(sql: string): string;
  /** DDL of the table that records applied migrations. */
  readonly migrationsTableDdl: string;
  /** A migration's portable DDL in this engine's words (types, identity columns). */
  ddl(sql: string): string;
  /** The text at a JSON path (`$.a.b`, bound as a parameter when `path` is `?`) of a TEXT column. */
  jsonText(column: string, path: string): string;
  /** `expr LIKE pattern` ignoring ASCII case, as SQLite's LIKE does. */
  likeInsensitive(expr: string, pattern: string): string;
  /**
   * Appended to a SELECT that picks work: PostgreSQL locks the rows picked and skips rows another
   * transaction holds; SQLite has one writer at a time, so nothing to add.
   */
  readonly skipLocked: string;
  /**
   * Appended to a SELECT inside a transaction that will write what it read: PostgreSQL locks the
   * rows until the transaction ends, so a concurrent read-modify-write waits and then reads the
   * committed result; SQLite runs one transaction at a time (sqlite.ts), so nothing to add.
   */
  readonly forUpdate: string;
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
  ddl: (sql) => sql,
  jsonText: (column, path) => `json_extract(${column}, ${path})`,
  likeInsensitive: (expr, pattern) => `${expr} LIKE ${pattern}`,
  skipLocked: '',
  forUpdate: '',
};

export const sqliteDialect: Dialect = { ...baseDialect, name: 'sqlite' };

/** `$.a.b` → `{a,b}`, PostgreSQL's text-array path. */
function pgPath(path: string): string {
  if (path === '?') return `string_to_array(substr(?, 3), '.')`;
  const m = /^'\$\.(.*)'$/.exec(path);
  if (!m) throw new Error(`unsupported JSON path \`${path}\``);
  return `'{${m[1]!.split('.').join(',')}}'`;
}

export const postgresDialect: Dialect = {
  ...baseDialect,
  name: 'postgres',
  placeholders: (sql) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  },
  // SQLite's INTEGER is 64-bit (epoch milliseconds fit); PostgreSQL's is 32-bit. Text compares
  // bytewise in SQLite; "C" collation keeps PostgreSQL's order (and so every page) the same.
  ddl: (sql) =>
    sql
      .replace(
        /\bINTEGER PRIMARY KEY AUTOINCREMENT\b/gi,
        'BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY',
      )
      .replace(/\bINTEGER\b/g, 'BIGINT')
      .replace(/\bREAL\b/g, 'DOUBLE PRECISION')
      .replace(/\bBLOB\b/g, 'BYTEA')
      .replace(/\bTEXT\b(?! COLLATE)/g, 'TEXT COLLATE "C"'),
  jsonText: (column, path) => `(${column}::jsonb #>> ${pgPath(path)})`,
  likeInsensitive: (expr, pattern) => `${expr} ILIKE ${pattern}`,
  skipLocked: ' FOR UPDATE SKIP LOCKED',
  forUpdate: ' FOR UPDATE',
};
