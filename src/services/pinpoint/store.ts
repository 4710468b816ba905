/**
 * Pinpoint's storage: JSON documents per (account, region, app, kind, key). Pinpoint is regional,
 * so every read and write is scoped by account and region (DESIGN.md, "State keyed by account,
 * then region").
 */
import type { Database } from '../../store/index.js';

export interface Scope {
  account: string;
  region: string;
}

/**
 * What a document is. Templates belong to the account, not to an app: they are stored under the
 * app id `''`. Every taggable document (app, segment, campaign, journey, template) keeps its tags in a
 * member named `tags`, so TagResource can work on any of them by ARN.
 */
export type Kind =
  | 'app'
  | 'settings'
  | 'channel'
  | 'endpoint'
  | 'segment'
  | 'segment-version'
  | 'import-job'
  | 'template'
  | 'template-version'
  | 'campaign'
  | 'campaign-version'
  | 'event-stream'
  | 'journey'
  | 'journey-version'
  | 'otp'
  | 'recommender';

export type VersionKind = 'segment-version' | 'campaign-version' | 'template-version' | 'journey-version';

/** Ten digits keep key order equal to number order for any version a document can reach. */
const versionKey = (id: string, version: number) => `${id}/${String(version).padStart(10, '0')}`;

export interface Stored<T> {
  appId: string;
  key: string;
  doc: T;
  created: Date;
  updated: Date;
}

interface Row {
  app_id: string;
  doc_key: string;
  doc: string;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'app_id, doc_key, doc, created_at, updated_at';
const toStored = <T>(r: Row): Stored<T> => ({
  appId: r.app_id,
  key: r.doc_key,
  doc: JSON.parse(r.doc) as T,
  created: new Date(r.created_at),
  updated: new Date(r.updated_at),
});

export class PinpointStore {
  constructor(
    readonly db: Database,
    readonly now: () => Date = () => new Date(),
  ) {}

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async get<T>(scope: Scope, appId: string, kind: Kind, key = ''): Promise<Stored<T> | undefined> {
    const row = await this.db.get<Row>(
      `SELECT ${COLUMNS} FROM pinpoint_documents WHERE account = ? AND region = ? AND app_id = ? AND kind = ? AND doc_key = ?`,
      [scope.account, scope.region, appId, kind, key],
    );
    return row ? toStored<T>(row) : undefined;
  }

  /**
   * Inserts or replaces a document; an existing one keeps its creation time. One statement, so two
   * writers of a new key at once (PostgreSQL runs them side by side) cannot both try to insert it.
   */
  async put<T>(scope: Scope, appId: string, kind: Kind, key: string, doc: T, userId?: string): Promise<void> {
    const at = this.now().toISOString();
    await this.db.run(
      `INSERT INTO pinpoint_documents (account, region, app_id, kind, doc_key, user_id, doc, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account, region, app_id, kind, doc_key)
       DO UPDATE SET doc = excluded.doc, user_id = excluded.user_id, updated_at = excluded.updated_at`,
      [scope.account, scope.region, appId, kind, key, userId ?? null, JSON.stringify(doc), at, at],
    );
  }

  async delete(scope: Scope, appId: string, kind: Kind, key = ''): Promise<boolean> {
    const r = await this.db.run(
      'DELETE FROM pinpoint_documents WHERE account = ? AND region = ? AND app_id = ? AND kind = ? AND doc_key = ?',
      [scope.account, scope.region, appId, kind, key],
    );
    return r.changes > 0;
  }

  /**
   * Deletes an app and everything under it. The app's own document goes first: that waits for any
   * transaction holding the app (`holdApp`), and the second statement, reading anew, then also
   * deletes what such a transaction wrote under the app (PostgreSQL reads each statement anew).
   */
  async deleteApp(scope: Scope, appId: string): Promise<void> {
    await this.db.transaction(async () => {
      await this.db.run(
        "DELETE FROM pinpoint_documents WHERE account = ? AND region = ? AND app_id = ? AND kind = 'app'",
        [scope.account, scope.region, appId],
      );
      await this.db.run('DELETE FROM pinpoint_documents WHERE account = ? AND region = ? AND app_id = ?', [
        scope.account,
        scope.region,
        appId,
      ]);
    });
  }

  /**
   * Whether the app exists; called inside a transaction, it also holds the app until the
   * transaction ends, so a DeleteApp running meanwhile waits and then deletes what the transaction
   * wrote under it. Background work that writes under an app it checked (an import job) takes it:
   * on PostgreSQL a plain read would let the app be deleted between the check and the write.
   */
  async holdApp(scope: Scope, appId: string): Promise<boolean> {
    // A write that changes nothing: the row lock is what holds the app.
    const r = await this.db.run(
      "UPDATE pinpoint_documents SET updated_at = updated_at WHERE account = ? AND region = ? AND app_id = ? AND kind = 'app' AND doc_key = ''",
      [scope.account, scope.region, appId],
    );
    return r.changes > 0;
  }

  /** The apps of a scope in id order, after `after` (exclusive), at most `limit`. */
  async apps<T>(scope: Scope, after: string, limit: number): Promise<Stored<T>[]> {
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM pinpoint_documents WHERE account = ? AND region = ? AND kind = 'app' AND app_id > ? ORDER BY app_id LIMIT ${Math.max(0, Math.floor(limit))}`,
      [scope.account, scope.region, after],
    );
    return rows.map((r) => toStored<T>(r));
  }

  /**
   * Versioned documents (segments, campaigns, templates): each version of a document is kept under
   * its version kind at `<id>/<version in ten digits>`, so key order is version order.
   */
  putVersion<T>(
    scope: Scope,
    appId: string,
    kind: VersionKind,
    id: string,
    version: number,
    doc: T,
  ): Promise<void> {
    return this.put(scope, appId, kind, versionKey(id, version), doc);
  }

  async getVersion<T>(
    scope: Scope,
    appId: string,
    kind: VersionKind,
    id: string,
    version: number,
  ): Promise<T | undefined> {
    return (await this.get<T>(scope, appId, kind, versionKey(id, version)))?.doc;
  }

  deleteVersion(
    scope: Scope,
    appId: string,
    kind: VersionKind,
    id: string,
    version: number,
  ): Promise<boolean> {
    return this.delete(scope, appId, kind, versionKey(id, version));
  }

  /** Every version of a document, oldest first. */
  async versions<T>(scope: Scope, appId: string, kind: VersionKind, id: string): Promise<T[]> {
    return (await this.listPrefix<T>(scope, appId, kind, `${id}/`)).map((r) => r.doc);
  }

  /** Deletes every version of a document. */
  async deleteVersions(scope: Scope, appId: string, kind: VersionKind, id: string): Promise<void> {
    await this.db.run(
      'DELETE FROM pinpoint_documents WHERE account = ? AND region = ? AND app_id = ? AND kind = ? AND doc_key >= ? AND doc_key < ?',
      [scope.account, scope.region, appId, kind, `${id}/`, `${id}/\uffff`],
    );
  }

  /**
   * Documents of a kind under an app in key order, after `after` (exclusive), at most `limit`
   * (every one when `limit` is negative).
   */
  async list<T>(scope: Scope, appId: string, kind: Kind, after = '', limit = -1): Promise<Stored<T>[]> {
    const cap = limit < 0 ? '' : ` LIMIT ${Math.floor(limit)}`;
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM pinpoint_documents WHERE account = ? AND region = ? AND app_id = ? AND kind = ? AND doc_key > ? ORDER BY doc_key${cap}`,
      [scope.account, scope.region, appId, kind, after],
    );
    return rows.map((r) => toStored<T>(r));
  }

  /** Documents of a kind whose key starts with `prefix` (a template's versions: `<name>/`). */
  async listPrefix<T>(scope: Scope, appId: string, kind: Kind, prefix: string): Promise<Stored<T>[]> {
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM pinpoint_documents WHERE account = ? AND region = ? AND app_id = ? AND kind = ? AND doc_key >= ? AND doc_key < ? ORDER BY doc_key`,
      [scope.account, scope.region, appId, kind, prefix, prefix + '\uffff'],
    );
    return rows.map((r) => toStored<T>(r));
  }

  /**
   * Every document of a kind under an app, read in pages of `pageSize` so a run over a million
   * endpoints never holds them all.
   */
  async *iterate<T>(scope: Scope, appId: string, kind: Kind, pageSize = 1000): AsyncGenerator<Stored<T>> {
    let after = '';
    for (;;) {
      const page = await this.list<T>(scope, appId, kind, after, pageSize);
      yield* page;
      if (page.length < pageSize) return;
      after = page[page.length - 1].key;
    }
  }

  async count(scope: Scope, appId: string, kind: Kind): Promise<number> {
    const row = await this.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM pinpoint_documents WHERE account = ? AND region = ? AND app_id = ? AND kind = ?',
      [scope.account, scope.region, appId, kind],
    );
    return Number(row?.n ?? 0);
  }

  /** Documents of a kind under an app whose user id is `userId`. */
  async byUser<T>(scope: Scope, appId: string, kind: Kind, userId: string): Promise<Stored<T>[]> {
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM pinpoint_documents WHERE account = ? AND region = ? AND app_id = ? AND kind = ? AND user_id = ? ORDER BY doc_key`,
      [scope.account, scope.region, appId, kind, userId],
    );
    return rows.map((r) => toStored<T>(r));
  }
}
