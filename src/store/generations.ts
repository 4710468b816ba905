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
 * served what it wrote over; an internal call (`invoke`) is a request of its own, except inside a
 * group (`generationGroup`): a campaign's or journey's group of sends reads the counters once for
 * the group, which on PostgreSQL was a round trip of the eight a message cost. A write through
 * another process then counts from the group's next read on, at most GROUP_READ_MS later (a paced
 * group may take longer), as IAM's and SES's own changes reach their senders a moment later.
 */
import { generationsOf, runWithGenerations } from './async-context.js';
import type { Database } from './dialect.js';
import type { Migration } from './migrations.js';

export type GenerationName = 'iam-authz' | 'ses-control';

/** A read of every counter, and when it started (real time: how stale a group's read may be). */
interface Read {
  all: Promise<Map<string, number>>;
  at: number;
}
type Snapshot = Map<Database, Read>;

/** How long a group's read serves its requests, in real milliseconds. */
const GROUP_READ_MS = 1000;

/** Snapshots opened by generationGroup, with their real time: requests inside them read theirs. */
const groups = new WeakMap<Snapshot, () => number>();

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
  const around = generationsOf<Snapshot>();
  if (around && groups.has(around)) return fn();
  return runWithGenerations(new Map(), fn);
}

/**
 * Runs `fn` as a group of requests that read the counters once between them (the module's
 * comment); `realNow`, monotonic milliseconds, says when that read is too old.
 */
export function generationGroup<T>(fn: () => T, realNow: () => number = () => performance.now()): T {
  const snapshot: Snapshot = new Map();
  groups.set(snapshot, realNow);
  return runWithGenerations(snapshot, fn);
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
  const snapshot = db.inTransaction ? undefined : generationsOf<Snapshot>();
  if (!snapshot) return numberOf(await readAll(db), name);
  const realNow = groups.get(snapshot);
  let read = snapshot.get(db);
  if (!read || (realNow && realNow() - read.at >= GROUP_READ_MS)) {
    const mine: Read = { all: readAll(db), at: realNow?.() ?? 0 };
    snapshot.set(db, mine);
    // A failed read is not kept: the next reader tries again.
    mine.all.catch(() => snapshot.get(db) === mine && snapshot.delete(db));
    read = mine;
  }
  return numberOf(await read.all, name);
}

/** Moves the counter, in the caller's transaction (its commit carries it: `Database.write`). */
export function bumpGeneration(db: Database, name: GenerationName): Promise<void> {
  return db.write('UPDATE pinpost_generations SET n = n + 1 WHERE name = ?', [name]);
}
