/**
 * Generation counters: a row per kind of state (`iam-authz`, `ses-control`) whose number moves on
 * every write of that state, by any process sharing the database. A process keeps records derived
 * from such state in memory while the counter stays put, so a write through another process is
 * seen by the next request there, without the writers knowing who caches what.
 *
 * Read once a request: every counter comes in one statement, kept for the rest of the request
 * (`generationScope`, opened by the pipeline), so a send that checks its caller's policies and
 * looks up three identities and the account reads one row set, not five documents and a counter.
 * Numbers read inside a request are as fresh as its first read: a write through another process
 * counts from that process's next request on. A request's own writes come after its authorization,
 * and SES's caches pair the number with the process's own write count, so a request is never
 * served what it wrote over; an internal call (`invoke`) is a request of its own.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from './dialect.js';
import type { Migration } from './migrations.js';

export type GenerationName = 'iam-authz' | 'ses-control';

type Snapshot = Map<Database, Promise<Map<string, number>>>;

const scope = new AsyncLocalStorage<Snapshot>();

export const generationMigrations: readonly Migration[] = [
  {
    context: 'generations',
    version: 1,
    name: 'generation counters',
    up: `CREATE TABLE pinpost_generations (name TEXT PRIMARY KEY, n INTEGER NOT NULL);
INSERT INTO pinpost_generations (name, n) VALUES ('iam-authz', 0), ('ses-control', 0)`,
  },
];

/** Runs `fn` as one request: counters read in it are read once (see the module's comment). */
export function generationScope<T>(fn: () => T): T {
  return scope.run(new Map(), fn);
}

async function readAll(db: Database): Promise<Map<string, number>> {
  const rows = await db.all<{ name: string; n: number }>('SELECT name, n FROM pinpost_generations');
  return new Map(rows.map((r) => [r.name, r.n]));
}

const numberOf = (all: Map<string, number>, name: GenerationName) => all.get(name) ?? 0;

/**
 * The counter as the request first read it (read now, outside a request or inside a transaction,
 * whose own writes may have moved it).
 */
export async function requestGeneration(db: Database, name: GenerationName): Promise<number> {
  const snapshot = db.inTransaction ? undefined : scope.getStore();
  if (!snapshot) return numberOf(await readAll(db), name);
  let read = snapshot.get(db);
  if (!read) {
    read = readAll(db);
    snapshot.set(db, read);
    // A failed read is not kept: the next reader tries again.
    const mine = read;
    mine.catch(() => snapshot.get(db) === mine && snapshot.delete(db));
  }
  return numberOf(await read, name);
}

/** Moves the counter, in the caller's transaction (its commit carries it: `Database.write`). */
export function bumpGeneration(db: Database, name: GenerationName): Promise<void> {
  return db.write('UPDATE pinpost_generations SET n = n + 1 WHERE name = ?', [name]);
}
