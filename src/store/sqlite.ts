import BetterSqlite3 from 'better-sqlite3';
import { sqliteDialect, type Database, type Params, type RunResult } from './dialect.js';
import { runHooks, type AfterCommit } from './after-commit.js';
import { runInTransaction, transactionOf } from './async-context.js';
import { SignalListeners, checkChannel } from './signals.js';
import { WalCheckpointer } from './sqlite-checkpoints.js';

/** The most statements kept prepared; past that the least recently used is dropped. */
const STATEMENT_CACHE_SIZE = 500;

/** The most transactions one COMMIT carries (group commit); bounds how long a statement outside waits. */
const GROUP_LIMIT = 64;

/** `work`'s result or error as a settled promise. */
function settled<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err);
  }
}

/** One open transaction: the async context that owns the connection until it ends. */
interface Tx {
  savepoints: number;
  /** What runs after the commit, each with the savepoint depth it was registered at. */
  after: AfterCommit[];
  depth: number;
}

/** A caller waiting for the connection; a transaction is handed it (made owner) before it wakes. */
interface Waiter {
  tx?: Tx;
  wake: () => void;
}

/** Finished transactions sharing one SQLite transaction, told of their outcome at its COMMIT. */
interface Group {
  members: { committed: () => void; failed: (err: unknown) => void }[];
}

/**
 * better-sqlite3 behind the asynchronous {@link Database}. Statements are prepared once and reused:
 * preparing is the costly step, and repositories run the same few dozen statements per request.
 *
 * One connection serves every caller, and SQLite puts whatever runs on it while a transaction is
 * open into that transaction. An async transaction yields between its statements, so statements
 * of other callers would slip into it (and be rolled back with it). The connection therefore
 * belongs to one transaction at a time: the one whose async context (async-context.ts) is open;
 * a statement or transaction from any other context waits until it ends. Outside transactions
 * every call runs at once and returns a settled promise. A file database's reads from outside a
 * transaction do not wait at all: they run on a second, read-only connection, where WAL gives them
 * the last committed state (never the inside of an open transaction). A campaign's reads outside
 * its send transactions (the request's generation counters, the job worker's look for work, the
 * ledger) had queued behind every group; on their own connection the server used 10% less CPU a
 * message (interleaved runs, 10,000 endpoints: 1.67 / 1.87 / 1.54 ms against 1.78 / 1.98 / 1.98).
 *
 * Group commit: a COMMIT costs more than the few rows most transactions write (the WAL pages of
 * every index touched; ~0.3 ms each in a campaign, a quarter of its main thread). When a
 * transaction ends while others wait for the connection, it is released as a savepoint and the
 * next one runs in the same SQLite transaction; one COMMIT ends the group: at GROUP_LIMIT, when
 * a statement from outside wants the connection, or at the end of a turn of the event loop in
 * which no transaction came to join (commitSoon). Each caller's promise settles only at that
 * COMMIT, and its afterCommit hooks run after it, so a caller never sees as committed what could
 * still be lost.
 * A transaction that fails rolls back to its own savepoint and leaves the others whole.
 */
export class SqliteDatabase implements Database {
  readonly dialect = sqliteDialect;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  /** The transaction that owns the connection, and what waits for it. */
  private owner: Tx | undefined;
  private readonly waiting: Waiter[] = [];
  /** The open SQLite transaction's finished members, while one is open. */
  private group: Group | undefined;
  /** A COMMIT of the open group is due at the end of this turn of the event loop (commitSoon). */
  private commitDue = false;
  /** Groups committed so far; exposed for tests of group commit. */
  private committedGroups = 0;
  /** `exclusive`'s named locks: the promise the last taker resolves when it is done. */
  private readonly locks = new Map<string, Promise<void>>();
  /** One process owns a SQLite database: signals stay in it. */
  private readonly signals = new SignalListeners();

  /**
   * The statements every transaction runs, prepared once: `exec` parses its text each time, and
   * a campaign runs them a few times a message.
   */
  private readonly control: Record<'begin' | 'savepoint' | 'release' | 'commit', BetterSqlite3.Statement>;

  /**
   * Reads outside transactions, on their own connection (file databases): WAL gives it the last
   * committed state at once, so such a read neither waits for the writer's open group nor sees
   * inside it. Its prepared statements by text; `null` for a text that writes (the writer runs it).
   */
  private readonly reads = new Map<string, BetterSqlite3.Statement | null>();

  private constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly reader?: BetterSqlite3.Database,
    /** A file database's checkpoints off this thread (sqlite-checkpoints.ts). */
    private readonly checkpointer?: WalCheckpointer,
  ) {
    this.control = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      savepoint: db.prepare('SAVEPOINT member'),
      release: db.prepare('RELEASE member'),
      commit: db.prepare('COMMIT'),
    };
  }

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
    // (3,000-endpoint campaign: 414 → 447 messages/s). Crash safety is unchanged. The copying and
    // syncing is mostly done by then, on the checkpoint thread (sqlite-checkpoints.ts); this one
    // finishes the tail and lets the next write start the WAL over.
    db.pragma('wal_autocheckpoint = 10000');
    // Group commit runs each transaction as a savepoint, so every page a send writes is first
    // copied to the sub-journal; past 64 KiB SQLite spills that to a temporary file, and its
    // writes were 11% of a campaign's main thread. In memory it is bounded by the group (≤ 64
    // transactions' pages, a few MB).
    db.pragma('temp_store = MEMORY');
    if (file === ':memory:') return new SqliteDatabase(db);
    const reader = new BetterSqlite3(file);
    reader.pragma('busy_timeout = 5000');
    reader.pragma('temp_store = MEMORY');
    // A write that slipped past `readStatement` fails here instead of bypassing the writer's queue.
    reader.pragma('query_only = ON');
    return new SqliteDatabase(db, reader, WalCheckpointer.start(file));
  }

  get journalMode(): string {
    return String(this.db.pragma('journal_mode', { simple: true }));
  }

  run(sql: string, params: Params = []): Promise<RunResult> {
    return this.when(() => {
      const changes = this.prepare(sql).run(...params).changes;
      this.autocommitted();
      return { changes };
    });
  }

  async write(sql: string, params: Params = []): Promise<void> {
    await this.run(sql, params);
  }

  get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    const mine = transactionOf<Tx>(this);
    const read = this.readStatement(sql, mine);
    if (read) return settled(() => read.get(...params) as T | undefined);
    return this.when(() => this.prepare(sql).get(...params) as T | undefined, mine);
  }

  all<T>(sql: string, params: Params = []): Promise<T[]> {
    const mine = transactionOf<Tx>(this);
    const read = this.readStatement(sql, mine);
    if (read) return settled(() => read.all(...params) as T[]);
    return this.when(() => this.prepare(sql).all(...params) as T[], mine);
  }

  /**
   * The reader's statement for `sql` when it reads only and runs outside the transaction of the
   * context `mine` (which must see its own writes, on the writer).
   */
  private readStatement(sql: string, mine: Tx | undefined): BetterSqlite3.Statement | undefined {
    const reader = this.reader;
    if (!reader || (mine !== undefined && mine === this.owner)) return undefined;
    try {
      return (
        cachedStatement(this.reads, sql, () => {
          const stmt = reader.prepare(this.dialect.placeholders(sql));
          return stmt.readonly ? stmt : null;
        }) ?? undefined
      );
    } catch {
      // The writer's path prepares it again and answers the error as a rejected promise.
      return undefined;
    }
  }

  exec(sql: string): Promise<void> {
    return this.when(() => {
      this.db.exec(sql);
      this.autocommitted();
    });
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const mine = transactionOf<Tx>(this);
    if (mine && mine === this.owner) return this.savepoint(mine, fn);
    const tx: Tx = { savepoints: 0, after: [], depth: 0 };
    if (this.owner || (this.group && !this.joinable()))
      await new Promise<void>((wake) => this.waiting.push({ tx, wake }));
    else this.owner = tx;
    let group: Group;
    try {
      group = this.group ??= this.begin();
      this.control.savepoint.run();
    } catch (err) {
      this.handOn();
      throw err;
    }
    let result: T;
    try {
      result = await runInTransaction(this, tx, fn);
      this.control.release.run();
    } catch (err) {
      // SQLite ends the whole transaction on some errors (a full disk): the group is lost with it.
      if (this.db.inTransaction) this.db.exec('ROLLBACK TO member; RELEASE member');
      else this.fail(group, err);
      this.handOn();
      throw err;
    }
    const committed = new Promise<void>((resolve, reject) =>
      group.members.push({ committed: resolve, failed: reject }),
    );
    this.handOn();
    await committed;
    await runHooks(tx.after);
    return result;
  }

  /**
   * A statement run outside any SQLite transaction committed on its own. Statements from outside
   * run only once no group is open, so the group field says it (no call into the driver a statement).
   */
  private autocommitted(): void {
    if (this.group === undefined) this.checkpointer?.committed();
  }

  /** Opens the SQLite transaction a group of callers' transactions will share. */
  private begin(): Group {
    this.control.begin.run();
    return { members: [] };
  }

  /** Ends the open group: one COMMIT, then each member learns it committed (or why not). */
  private commit(): void {
    const group = this.group!;
    try {
      this.control.commit.run();
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.fail(group, err);
      return;
    }
    this.group = undefined;
    this.committedGroups++;
    this.checkpointer?.committed();
    for (const m of group.members) m.committed();
  }

  private fail(group: Group, err: unknown): void {
    if (this.group === group) this.group = undefined;
    for (const m of group.members) m.failed(err);
  }

  /**
   * The owner is done with the connection: the next waiting transaction joins the open group,
   * unless the group is full or a statement from outside waits first; then the group commits and
   * the next waiter of any kind is woken.
   */
  private handOn(): void {
    this.owner = undefined;
    const head = this.waiting[0];
    if (this.group) {
      if (head?.tx && this.group.members.length < GROUP_LIMIT) {
        this.waiting.shift();
        this.owner = head.tx;
        head.wake();
        return;
      }
      if (this.joinable()) {
        this.commitSoon();
        return;
      }
      this.commit();
    }
    this.wakeNext();
  }

  /** Whether a transaction arriving now may join the open group: it has room, nobody queues first. */
  private joinable(): boolean {
    return this.waiting.length === 0 && this.group!.members.length < GROUP_LIMIT;
  }

  /**
   * Leaves the open group without an owner until the end of this turn of the event loop, so that
   * transactions begun later in the turn (other sends whose signature or delivery came back
   * meanwhile) join it instead of each committing a group of its own. A 20,000-endpoint campaign
   * committed 5,529 times, 2.0 s of its main thread; with this, 2,230 times and 1.6 s. A statement
   * from outside does not wait for the turn to end: it commits the group (commitIdle).
   */
  private commitSoon(): void {
    if (this.commitDue) return;
    this.commitDue = true;
    setImmediate(() => {
      this.commitDue = false;
      this.commitIdle();
    });
  }

  /** Commits the open group if no transaction owns it (commitSoon put it off); wakes the next waiter. */
  private commitIdle(): void {
    if (this.owner || !this.group) return;
    this.commit();
    this.wakeNext();
  }

  /** Wakes the first waiter of a free connection (a transaction is made owner first). */
  private wakeNext(): void {
    const next = this.waiting.shift();
    if (!next) return;
    if (next.tx) this.owner = next.tx;
    next.wake();
  }

  afterCommit(fn: () => void | Promise<void>, onError?: (err: unknown) => void): Promise<void> {
    const mine = transactionOf<Tx>(this);
    if (mine && mine === this.owner) {
      mine.after.push({ depth: mine.depth, fn, onError });
      return Promise.resolve();
    }
    return runHooks([{ depth: 0, fn, onError }]);
  }

  get inTransaction(): boolean {
    const mine = transactionOf<Tx>(this);
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
    this.commitIdle();
    await this.checkpointer?.stop();
    this.statements.clear();
    this.reads.clear();
    this.reader?.close();
    this.db.close();
  }

  /** Checkpoint passes run off this thread (sqlite-checkpoints.ts); 0 for `:memory:`. */
  get checkpointPasses(): number {
    return this.checkpointer?.passes ?? 0;
  }

  /** How many groups of transactions have committed (one COMMIT each); exposed for tests of group commit. */
  get commits(): number {
    return this.committedGroups;
  }

  /** How many statements are cached; exposed for tests of the cache itself. */
  get cachedStatements(): number {
    return this.statements.size;
  }

  /**
   * Runs `work` now when the connection is free or ours, else once the owning transaction (and
   * the group it is in) has committed; a group no transaction owns (commitSoon) is committed at
   * once, in afterOwner.
   */
  private when<T>(work: () => T, mine: Tx | undefined = transactionOf<Tx>(this)): Promise<T> {
    if (this.busyFor(mine)) return this.afterOwner(work);
    return settled(work);
  }

  /** Whether a statement of the context owning `tx` must wait for the connection. */
  private busyFor(tx: Tx | undefined): boolean {
    if (this.owner) return tx !== this.owner;
    return this.group !== undefined;
  }

  private async afterOwner<T>(work: () => T): Promise<T> {
    for (;;) {
      this.commitIdle();
      if (!this.busyFor(transactionOf<Tx>(this))) break;
      await new Promise<void>((wake) => this.waiting.push({ wake }));
    }
    try {
      return work();
    } finally {
      // Let the next waiter look at the connection too: only a transaction keeps it.
      if (!this.owner && !this.group) this.wakeNext();
    }
  }

  private async savepoint<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
    const name = `sp${++tx.savepoints}`;
    this.prepare(`SAVEPOINT ${name}`).run();
    tx.depth++;
    try {
      const result = await fn();
      this.prepare(`RELEASE ${name}`).run();
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
    return cachedStatement(this.statements, sql, () => this.db.prepare(this.dialect.placeholders(sql)));
  }
}

/**
 * `cache`'s entry for `sql`, made by `make` when missing; the least recently used goes past
 * STATEMENT_CACHE_SIZE. A throw from `make` caches nothing.
 */
function cachedStatement<V>(cache: Map<string, V>, sql: string, make: () => V): V {
  if (cache.has(sql)) {
    const hit = cache.get(sql)!;
    // Re-insert to mark as most recently used (Map keeps insertion order).
    cache.delete(sql);
    cache.set(sql, hit);
    return hit;
  }
  const made = make();
  cache.set(sql, made);
  if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return made;
}
