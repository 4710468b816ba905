/**
 * The store's one AsyncLocalStorage: which transaction of which database the running code is in
 * (sqlite.ts, postgres.ts), and the request's generation snapshot (generations.ts).
 *
 * One, not one per use: Node 20 copies every enabled AsyncLocalStorage's store onto every promise
 * the process makes, each a property of its own. Measured alone, an async call and its await
 * cost 0.09 µs with none, 0.23 µs with one and 0.35 µs with two; a campaign makes a few hundred
 * promises a message, and the promise hooks were ~6% of its main thread with two.
 *
 * A frame holds at most one transaction and points to the frame around it, so the transactions of
 * several databases (a transaction on one opened inside a transaction on another) are each found
 * by their own database; each frame carries the snapshot of the frame it was opened in.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface Frame {
  /** The database `tx` is a transaction of. */
  readonly db?: object;
  readonly tx?: object;
  readonly outer?: Frame;
  readonly generations?: object;
}

const storage = new AsyncLocalStorage<Frame>();

/** The transaction of `db` the running code is inside, if any (innermost frames first). */
export function transactionOf<T extends object>(db: object): T | undefined {
  for (let f = storage.getStore(); f; f = f.outer) if (f.db === db) return f.tx as T;
  return undefined;
}

/** Runs `fn` inside transaction `tx` of `db`; the request's snapshot stays what it was. */
export function runInTransaction<R>(db: object, tx: object, fn: () => R): R {
  const around = storage.getStore();
  return storage.run({ db, tx, outer: around, generations: around?.generations }, fn);
}

/** The generation snapshot of the running request, if one was opened. */
export function generationsOf<S extends object>(): S | undefined {
  return storage.getStore()?.generations as S | undefined;
}

/** Runs `fn` with `generations` as its request's snapshot, in the transactions it is in. */
export function runWithGenerations<R>(generations: object, fn: () => R): R {
  const around = storage.getStore();
  return storage.run({ db: around?.db, tx: around?.tx, outer: around?.outer, generations }, fn);
}
