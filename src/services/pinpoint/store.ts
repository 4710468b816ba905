/**
 * Pinpoint's storage: JSON documents per (account, region, app, kind, key), Pinpoint's view of the
 * one document store (src/store/documents.ts). Pinpoint is regional, so every read and write is
 * scoped by account and region (DESIGN.md, "State keyed by account, then region").
 */
import type { Database } from '../../store/index.js';
import { Documents, type StoredDocument } from '../../store/documents.js';

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
  | 'export-job'
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

const toStored = <T>(d: StoredDocument<T>): Stored<T> => ({
  appId: d.parent,
  key: d.key,
  doc: d.doc,
  created: d.created,
  updated: d.updated,
});
const toStoredAll = <T>(ds: StoredDocument<T>[]): Stored<T>[] => ds.map((d) => toStored(d));

/** Pinpoint's view of the one document store (src/store/documents.ts): the app is the parent. */
export class PinpointStore {
  private readonly docs: Documents;

  constructor(
    readonly db: Database,
    readonly now: () => Date = () => new Date(),
  ) {
    this.docs = new Documents(db, 'pinpoint', now);
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async get<T>(scope: Scope, appId: string, kind: Kind, key = ''): Promise<Stored<T> | undefined> {
    const d = await this.docs.get<T>(scope, appId, kind, key);
    return d && toStored(d);
  }

  /**
   * `get` inside a transaction that will write the document back (tags): it stays locked until the
   * transaction ends, so concurrent read-modify-writes apply one after the other (documents.ts). A
   * document not yet written locks nothing: to serialize its creation, hold its app (`holdApp`).
   */
  async getForUpdate<T>(scope: Scope, appId: string, kind: Kind, key = ''): Promise<Stored<T> | undefined> {
    const d = await this.docs.getForUpdate<T>(scope, appId, kind, key);
    return d && toStored(d);
  }

  /** The stored documents of the given keys (those that exist), in key order. */
  async getMany<T>(scope: Scope, appId: string, kind: Kind, keys: readonly string[]): Promise<Stored<T>[]> {
    return toStoredAll(await this.docs.getMany<T>(scope, appId, kind, keys));
  }

  /**
   * Inserts or replaces a document; an existing one keeps its creation time. One statement, so two
   * writers of a new key at once (PostgreSQL runs them side by side) cannot both try to insert it.
   */
  put<T>(scope: Scope, appId: string, kind: Kind, key: string, doc: T, userId?: string): Promise<void> {
    return this.docs.put(scope, appId, kind, key, doc, userId);
  }

  delete(scope: Scope, appId: string, kind: Kind, key = ''): Promise<boolean> {
    return this.docs.delete(scope, appId, kind, key);
  }

  /**
   * Deletes an app and everything under it. The app's own document goes first: that waits for any
   * transaction holding the app (`holdApp`), and the second statement, reading anew, then also
   * deletes what such a transaction wrote under the app (PostgreSQL reads each statement anew).
   */
  async deleteApp(scope: Scope, appId: string): Promise<void> {
    await this.db.transaction(async () => {
      await this.docs.delete(scope, appId, 'app', '');
      await this.docs.deleteParent(scope, appId);
    });
  }

  /**
   * Whether the app exists; called inside a transaction, it also holds the app until the
   * transaction ends. A DeleteApp running meanwhile waits and then deletes what the transaction
   * wrote under it: background work that writes under an app it checked (an import job) takes it,
   * since on PostgreSQL a plain read would let the app be deleted between the check and the write.
   * A read-modify-write of one of the app's documents that may not exist yet (its settings, a
   * channel) takes it too, so two such updates apply one after the other.
   */
  async holdApp(scope: Scope, appId: string): Promise<boolean> {
    const app = this.db.inTransaction
      ? await this.docs.getForUpdate(scope, appId, 'app', '')
      : await this.docs.get(scope, appId, 'app', '');
    return app !== undefined;
  }

  /** The apps of a scope in id order, after `after` (exclusive), at most `limit`. */
  async apps<T>(scope: Scope, after: string, limit: number): Promise<Stored<T>[]> {
    return toStoredAll(await this.docs.parents<T>(scope, 'app', after, limit));
  }

  /** Every document of a kind in a scope, under any app (the account's journeys, for its quotas). */
  async ofKind<T>(scope: Scope, kind: Kind): Promise<Stored<T>[]> {
    return toStoredAll(await this.docs.ofKind<T>(scope, kind));
  }

  /** Every document of a kind in every scope whose JSON member at `path` is `value`, with its scope. */
  async everywhere<T>(kind: Kind, path: string, value: string): Promise<(Stored<T> & { scope: Scope })[]> {
    return (await this.docs.everywhere<T>(kind, path, value)).map((d) => ({
      ...toStored(d),
      scope: d.scope,
    }));
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
    await this.docs.deletePrefix(scope, appId, kind, `${id}/`);
  }

  /**
   * Documents of a kind under an app in key order, after `after` (exclusive), at most `limit`
   * (every one when `limit` is negative).
   */
  async list<T>(scope: Scope, appId: string, kind: Kind, after = '', limit = -1): Promise<Stored<T>[]> {
    return toStoredAll(await this.docs.list<T>(scope, appId, kind, { after, limit }));
  }

  /** Documents of a kind whose key starts with `prefix` (a template's versions: `<name>/`). */
  async listPrefix<T>(scope: Scope, appId: string, kind: Kind, prefix: string): Promise<Stored<T>[]> {
    return toStoredAll(await this.docs.listPrefix<T>(scope, appId, kind, prefix));
  }

  /**
   * Every document of a kind under an app, read in pages of `pageSize` so a run over a million
   * endpoints never holds them all.
   */
  async *iterate<T>(scope: Scope, appId: string, kind: Kind, pageSize = 1000): AsyncGenerator<Stored<T>> {
    for await (const d of this.docs.iterate<T>(scope, appId, kind, pageSize)) yield toStored(d);
  }

  count(scope: Scope, appId: string, kind: Kind): Promise<number> {
    return this.docs.count(scope, appId, kind);
  }

  /** Documents of a kind under an app whose user id is `userId`. */
  async byUser<T>(scope: Scope, appId: string, kind: Kind, userId: string): Promise<Stored<T>[]> {
    return toStoredAll(await this.docs.byUser<T>(scope, appId, kind, userId));
  }
}
