/**
 * The control plane's storage: JSON documents per (account, region, kind, parent, key), SES's view
 * of the one document store (src/store/documents.ts). SES is regional, so every read and write is
 * scoped by account and region (DESIGN.md, "State keyed by account, then region"). Lists are
 * keyset-paginated on the key, so a NextToken stays valid while other rows come and go.
 */
import type { Database } from '../../../store/index.js';
import { Documents, type StoredDocument } from '../../../store/documents.js';
import { bumpGeneration } from '../../../store/generations.js';
import type { SesScope } from '../ports.js';

export type Kind =
  | 'identity'
  | 'template'
  | 'configset'
  | 'contactlist'
  | 'contact'
  | 'suppression'
  | 'account'
  | 'receipt'
  | V2Kind;
/** SES v2's further documents (custom-verification.ts, v2-dedicated-ips.ts, v2-tenants.ts, …). */
type V2Kind = 'cvtemplate' | 'cvlink' | 'ippool' | 'tenant' | 'tenantresource' | 'mrendpoint' | 'sesjob';

export interface Stored<T> {
  key: string;
  doc: T;
  created: Date;
  updated: Date;
}

const toStored = <T>(d: StoredDocument<T>): Stored<T> => ({
  key: d.key,
  doc: d.doc,
  created: d.created,
  updated: d.updated,
});

/** Per database, so every store over the same connection sees every write. */
const writeCounts = new WeakMap<Database, { n: number }>();

export class ControlStore {
  private readonly writes: { n: number };
  private readonly docs: Documents;

  constructor(
    readonly db: Database,
    readonly now: () => Date = () => new Date(),
  ) {
    let w = writeCounts.get(db);
    if (!w) writeCounts.set(db, (w = { n: 0 }));
    this.writes = w;
    this.docs = new Documents(db, 'ses', now);
  }

  /**
   * Moves on every write (put, delete) of this process, at once: with the `ses-control` generation
   * (which moves when the write commits, for every process) it keys records derived from documents
   * (ports.ts).
   */
  get generation(): number {
    return this.writes.n;
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async get<T>(scope: SesScope, kind: Kind, key: string, parent = ''): Promise<Stored<T> | undefined> {
    const d = await this.docs.get<T>(scope, parent, kind, key);
    return d && toStored(d);
  }

  /**
   * `get` inside a transaction that will write the document back (tags): it stays locked until the
   * transaction ends, so concurrent read-modify-writes apply one after the other (documents.ts).
   */
  async getForUpdate<T>(
    scope: SesScope,
    kind: Kind,
    key: string,
    parent = '',
  ): Promise<Stored<T> | undefined> {
    const d = await this.docs.getForUpdate<T>(scope, parent, kind, key);
    return d && toStored(d);
  }

  /** Inserts or replaces a document; the creation time of an existing one is kept. */
  put<T>(scope: SesScope, kind: Kind, key: string, doc: T, parent = ''): Promise<void> {
    return this.written(() => this.docs.put(scope, parent, kind, key, doc));
  }

  delete(scope: SesScope, kind: Kind, key: string, parent = ''): Promise<boolean> {
    return this.written(() => this.docs.delete(scope, parent, kind, key));
  }

  /** Deletes every child of a parent (a contact list's contacts). */
  deleteChildren(scope: SesScope, kind: Kind, parent: string): Promise<void> {
    return this.written(async () => {
      await this.docs.deleteKind(scope, parent, kind);
    });
  }

  /**
   * A write, and the `ses-control` generation moved in the same transaction, so every process's
   * records derived from documents (ports.ts) are dropped exactly when it commits; the process's own
   * count moves at once, for the request that wrote (its generation was read at its start).
   */
  private async written<R>(write: () => Promise<R>): Promise<R> {
    this.writes.n++;
    const both = async () => {
      const r = await write();
      await bumpGeneration(this.db, 'ses-control');
      return r;
    };
    return this.db.inTransaction ? both() : this.db.transaction(both);
  }

  /** Documents of a kind in key order, after `after` (exclusive), at most `limit` (all when undefined). */
  async list<T>(
    scope: SesScope,
    kind: Kind,
    opts: { parent?: string; after?: string; limit?: number } = {},
  ): Promise<Stored<T>[]> {
    const docs = await this.docs.list<T>(scope, opts.parent ?? '', kind, opts);
    return docs.map((d) => toStored(d));
  }

  count(scope: SesScope, kind: Kind, parent = ''): Promise<number> {
    return this.docs.count(scope, parent, kind);
  }

  async addToken(scope: SesScope, token: string, identityKey: string): Promise<void> {
    await this.db.run(
      'INSERT INTO ses_verification_tokens (token, account, region, identity_key, created_at) VALUES (?, ?, ?, ?, ?)',
      [token, scope.account, scope.region, identityKey, this.now().toISOString()],
    );
  }

  async findToken(
    token: string,
  ): Promise<{ scope: SesScope; identityKey: string; created: Date } | undefined> {
    const r = await this.db.get<{
      account: string;
      region: string;
      identity_key: string;
      created_at: string;
    }>('SELECT account, region, identity_key, created_at FROM ses_verification_tokens WHERE token = ?', [
      token,
    ]);
    return r
      ? {
          scope: { account: r.account, region: r.region },
          identityKey: r.identity_key,
          created: new Date(r.created_at),
        }
      : undefined;
  }

  async deleteTokens(scope: SesScope, identityKey: string): Promise<void> {
    await this.db.run(
      'DELETE FROM ses_verification_tokens WHERE account = ? AND region = ? AND identity_key = ?',
      [scope.account, scope.region, identityKey],
    );
  }
}
