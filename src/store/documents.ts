/**
 * The one store of JSON documents: SES's control plane and Pinpoint keep their resources here, in
 * the table `documents`. Their resources are small, read whole and written whole, and every one is
 * scoped the same way (DESIGN.md, "State keyed by account, then region"), so one keyed table serves
 * every kind of both services and each write is one statement or one transaction.
 *
 * A document is addressed by (service, account, region, parent, kind, key). The parent groups
 * documents that go together: SES's contacts under their contact list (`''` for everything else),
 * Pinpoint's documents under their app (`''` for the account's templates). The primary key starts
 * with the parent, so a parent's whole subtree (an app being deleted) is one index range. A
 * document may carry a user id beside it (Pinpoint's endpoints: User.UserId), indexed where set.
 *
 * Lists are keyset-paginated on the key, so a page boundary stays valid while other rows come and
 * go. `ControlStore` (SES) and `PinpointStore` are thin views that fix the service and keep each
 * service's own argument order.
 */
import type { Database, SqlValue } from './dialect.js';

/** The services whose resources are documents; a document belongs to one. */
export type DocumentService = 'ses' | 'pinpoint';

/** The account and region a document belongs to: every read and write is scoped by both. */
export interface DocumentScope {
  account: string;
  region: string;
}

export interface StoredDocument<T> {
  parent: string;
  key: string;
  doc: T;
  created: Date;
  updated: Date;
}

/** A page of a keyset-paginated list: `next` (the last key) is present only when more follow. */
export interface DocumentPage<T> {
  items: StoredDocument<T>[];
  next?: string;
}

/**
 * The table and its user index, for the migrations that create it (one per service that had a
 * table of its own, so either service's migrations alone give a working store; hence IF NOT EXISTS).
 * Portable DDL: the dialect translates types. The user index holds only documents with a user id,
 * and ends with the key so that `byUser` (which lists in key order) is answered from it: without
 * the key, SQLite's planner prefers walking the primary key over every endpoint of the app. The
 * parents index holds only documents at key `''` (apps, settings), for `parents`.
 */
export const DOCUMENTS_DDL = `
  CREATE TABLE IF NOT EXISTS documents (
    service TEXT NOT NULL,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    parent TEXT NOT NULL,
    kind TEXT NOT NULL,
    doc_key TEXT NOT NULL,
    user_id TEXT,
    doc TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (service, account, region, parent, kind, doc_key)
  );
  CREATE INDEX IF NOT EXISTS documents_user ON documents (service, account, region, parent, kind, user_id, doc_key)
    WHERE user_id IS NOT NULL;
  CREATE INDEX IF NOT EXISTS documents_parents ON documents (service, account, region, kind, parent)
    WHERE doc_key = '';
`;

interface Row {
  parent: string;
  doc_key: string;
  doc: string;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'parent, doc_key, doc, created_at, updated_at';
/** A document's place, as the leading columns of the primary key. */
const AT = 'service = ? AND account = ? AND region = ? AND parent = ? AND kind = ?';
/** Keys from `prefix` up to (not including) the next prefix: an index range, not a LIKE. */
const prefixEnd = (prefix: string) => `${prefix}\uffff`;
/** Keys read at once by `getMany`: well under both engines' limits on bound parameters. */
const MANY_CHUNK = 400;

const toStored = <T>(r: Row): StoredDocument<T> => ({
  parent: r.parent,
  key: r.doc_key,
  doc: JSON.parse(r.doc) as T,
  created: new Date(r.created_at),
  updated: new Date(r.updated_at),
});

const limitClause = (limit: number | undefined) =>
  limit === undefined || limit < 0 ? '' : ` LIMIT ${Math.max(0, Math.floor(limit))}`;

/** The documents of one service. */
export class Documents {
  constructor(
    readonly db: Database,
    readonly service: DocumentService,
    readonly now: () => Date = () => new Date(),
  ) {}

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  private at(scope: DocumentScope, parent: string, kind: string): SqlValue[] {
    return [this.service, scope.account, scope.region, parent, kind];
  }

  async get<T>(
    scope: DocumentScope,
    parent: string,
    kind: string,
    key: string,
  ): Promise<StoredDocument<T> | undefined> {
    const row = await this.db.get<Row>(`SELECT ${COLUMNS} FROM documents WHERE ${AT} AND doc_key = ?`, [
      ...this.at(scope, parent, kind),
      key,
    ]);
    return row ? toStored<T>(row) : undefined;
  }

  /**
   * `get` for a read-modify-write: the document stays locked until the caller's transaction ends,
   * so a concurrent one waits here and then reads what this one wrote. PostgreSQL runs transactions
   * side by side at READ COMMITTED, where two plain reads would both see the old document and the
   * later write would drop the earlier one's change; SQLite runs one transaction at a time. A
   * document that does not exist locks nothing: to serialize the creation of one, lock its parent.
   */
  async getForUpdate<T>(
    scope: DocumentScope,
    parent: string,
    kind: string,
    key: string,
  ): Promise<StoredDocument<T> | undefined> {
    if (!this.db.inTransaction)
      throw new Error(`getForUpdate of ${kind} \`${key}\` outside a transaction would hold no lock`);
    const row = await this.db.get<Row>(
      `SELECT ${COLUMNS} FROM documents WHERE ${AT} AND doc_key = ?${this.db.dialect.forUpdate}`,
      [...this.at(scope, parent, kind), key],
    );
    return row ? toStored<T>(row) : undefined;
  }

  /** The documents of the given keys that exist, in key order (a batch's endpoints in a few reads). */
  async getMany<T>(
    scope: DocumentScope,
    parent: string,
    kind: string,
    keys: readonly string[],
  ): Promise<StoredDocument<T>[]> {
    const out: StoredDocument<T>[] = [];
    const unique = [...new Set(keys)];
    for (let i = 0; i < unique.length; i += MANY_CHUNK) {
      const part = unique.slice(i, i + MANY_CHUNK);
      const rows = await this.db.all<Row>(
        `SELECT ${COLUMNS} FROM documents WHERE ${AT} AND doc_key IN (${part.map(() => '?').join(', ')})`,
        [...this.at(scope, parent, kind), ...part],
      );
      out.push(...rows.map((r) => toStored<T>(r)));
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * Inserts or replaces a document; an existing one keeps its creation time. One statement, so two
   * writers of a new key at once (PostgreSQL runs them side by side) cannot both try to insert it.
   */
  async put<T>(
    scope: DocumentScope,
    parent: string,
    kind: string,
    key: string,
    doc: T,
    userId?: string,
  ): Promise<void> {
    const at = this.now().toISOString();
    await this.db.run(
      `INSERT INTO documents (service, account, region, parent, kind, doc_key, user_id, doc, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (service, account, region, parent, kind, doc_key)
       DO UPDATE SET doc = excluded.doc, user_id = excluded.user_id, updated_at = excluded.updated_at`,
      [...this.at(scope, parent, kind), key, userId ?? null, JSON.stringify(doc), at, at],
    );
  }

  async delete(scope: DocumentScope, parent: string, kind: string, key: string): Promise<boolean> {
    const r = await this.db.run(`DELETE FROM documents WHERE ${AT} AND doc_key = ?`, [
      ...this.at(scope, parent, kind),
      key,
    ]);
    return r.changes > 0;
  }

  /** Deletes every document of a kind under a parent (a contact list's contacts); how many went. */
  async deleteKind(scope: DocumentScope, parent: string, kind: string): Promise<number> {
    return (await this.db.run(`DELETE FROM documents WHERE ${AT}`, this.at(scope, parent, kind))).changes;
  }

  /** Deletes the documents of a kind whose key starts with `prefix` (a document's versions). */
  async deletePrefix(scope: DocumentScope, parent: string, kind: string, prefix: string): Promise<number> {
    const r = await this.db.run(`DELETE FROM documents WHERE ${AT} AND doc_key >= ? AND doc_key < ?`, [
      ...this.at(scope, parent, kind),
      prefix,
      prefixEnd(prefix),
    ]);
    return r.changes;
  }

  /** Deletes every document under a parent, of every kind (an app's subtree). */
  async deleteParent(scope: DocumentScope, parent: string): Promise<number> {
    const r = await this.db.run(
      'DELETE FROM documents WHERE service = ? AND account = ? AND region = ? AND parent = ?',
      [this.service, scope.account, scope.region, parent],
    );
    return r.changes;
  }

  /**
   * Documents of a kind under a parent in key order, after `after` (exclusive), at most `limit`
   * (every one when it is undefined or negative).
   */
  async list<T>(
    scope: DocumentScope,
    parent: string,
    kind: string,
    opts: { after?: string; limit?: number } = {},
  ): Promise<StoredDocument<T>[]> {
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM documents WHERE ${AT} AND doc_key > ? ORDER BY doc_key${limitClause(opts.limit)}`,
      [...this.at(scope, parent, kind), opts.after ?? ''],
    );
    return rows.map((r) => toStored<T>(r));
  }

  /** One page of `list`: `size` documents after `after`, and the key to continue from if more follow. */
  async page<T>(
    scope: DocumentScope,
    parent: string,
    kind: string,
    after: string,
    size: number,
  ): Promise<DocumentPage<T>> {
    const rows = await this.list<T>(scope, parent, kind, { after, limit: size + 1 });
    if (rows.length <= size) return { items: rows };
    const items = rows.slice(0, size);
    return { items, next: items[items.length - 1].key };
  }

  /** Documents of a kind whose key starts with `prefix`, in key order (a template's versions). */
  async listPrefix<T>(
    scope: DocumentScope,
    parent: string,
    kind: string,
    prefix: string,
  ): Promise<StoredDocument<T>[]> {
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM documents WHERE ${AT} AND doc_key >= ? AND doc_key < ? ORDER BY doc_key`,
      [...this.at(scope, parent, kind), prefix, prefixEnd(prefix)],
    );
    return rows.map((r) => toStored<T>(r));
  }

  /** Every document of a kind under a parent, read `pageSize` at a time (a million endpoints never held). */
  async *iterate<T>(
    scope: DocumentScope,
    parent: string,
    kind: string,
    pageSize = 1000,
  ): AsyncGenerator<StoredDocument<T>> {
    let after = '';
    for (;;) {
      const page = await this.list<T>(scope, parent, kind, { after, limit: pageSize });
      yield* page;
      if (page.length < pageSize) return;
      after = page[page.length - 1].key;
    }
  }

  async count(scope: DocumentScope, parent: string, kind: string): Promise<number> {
    const row = await this.db.get<{ n: number }>(
      `SELECT count(*) AS n FROM documents WHERE ${AT}`,
      this.at(scope, parent, kind),
    );
    return Number(row?.n ?? 0);
  }

  /** Documents of a kind under a parent stored with user id `userId`, in key order. */
  async byUser<T>(
    scope: DocumentScope,
    parent: string,
    kind: string,
    userId: string,
  ): Promise<StoredDocument<T>[]> {
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM documents WHERE ${AT} AND user_id = ? ORDER BY doc_key`,
      [...this.at(scope, parent, kind), userId],
    );
    return rows.map((r) => toStored<T>(r));
  }

  /**
   * The documents of a kind at key `''` (a parent's own document: Pinpoint's app) in parent order,
   * after parent `after` (exclusive), at most `limit`. Read from the small `documents_parents`
   * index, not by walking every parent's documents (a million endpoints under one app).
   */
  async parents<T>(
    scope: DocumentScope,
    kind: string,
    after: string,
    limit: number,
  ): Promise<StoredDocument<T>[]> {
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM documents WHERE service = ? AND account = ? AND region = ? AND kind = ?
         AND doc_key = '' AND parent > ? ORDER BY parent${limitClause(limit)}`,
      [this.service, scope.account, scope.region, kind, after],
    );
    return rows.map((r) => toStored<T>(r));
  }

  /** Every document of a kind in a scope, under any parent, in (parent, key) order. */
  async ofKind<T>(scope: DocumentScope, kind: string): Promise<StoredDocument<T>[]> {
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM documents WHERE service = ? AND account = ? AND region = ? AND kind = ?
       ORDER BY parent, doc_key`,
      [this.service, scope.account, scope.region, kind],
    );
    return rows.map((r) => toStored<T>(r));
  }

  /**
   * Every document of a kind in every scope whose JSON member at `path` (`$.a.b`) is the text
   * `value`, with its scope (background work resuming what is in a state, such as ACTIVE journeys).
   */
  async everywhere<T>(
    kind: string,
    path: string,
    value: string,
  ): Promise<(StoredDocument<T> & { scope: DocumentScope })[]> {
    const rows = await this.db.all<Row & DocumentScope>(
      `SELECT account, region, ${COLUMNS} FROM documents
       WHERE service = ? AND kind = ? AND ${this.db.dialect.jsonText('doc', '?')} = ?
       ORDER BY account, region, parent, doc_key`,
      [this.service, kind, path, value],
    );
    return rows.map((r) => ({ ...toStored<T>(r), scope: { account: r.account, region: r.region } }));
  }
}
