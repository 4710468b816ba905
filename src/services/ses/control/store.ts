/**
 * The control plane's storage: JSON documents per (account, region, kind, parent, key). SES is
 * regional, so every read and write is scoped by account and region (DESIGN.md, "State keyed by
 * account, then region"). Lists are keyset-paginated on the key, so a NextToken stays valid while
 * other rows come and go.
 */
import type { Database } from '../../../store/index.js';
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

interface Row {
  name_key: string;
  doc: string;
  created_at: string;
  updated_at: string;
}

const toStored = <T>(r: Row): Stored<T> => ({
  key: r.name_key,
  doc: JSON.parse(r.doc) as T,
  created: new Date(r.created_at),
  updated: new Date(r.updated_at),
});

/** Per database, so every store over the same connection sees every write. */
const writeCounts = new WeakMap<Database, { n: number }>();

export class ControlStore {
  private readonly writes: { n: number };

  constructor(
    readonly db: Database,
    readonly now: () => Date = () => new Date(),
  ) {
    let w = writeCounts.get(db);
    if (!w) writeCounts.set(db, (w = { n: 0 }));
    this.writes = w;
  }

  /**
   * Moves on every write (put, delete) of this process. Records derived from documents may be kept
   * in memory while it stays the same (ports.ts) where all SES state goes through this store in this
   * process: SQLite, whose data directory one process owns, not a PostgreSQL database others share.
   */
  get generation(): number {
    return this.writes.n;
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async get<T>(scope: SesScope, kind: Kind, key: string, parent = ''): Promise<Stored<T> | undefined> {
    const row = await this.db.get<Row>(
      'SELECT name_key, doc, created_at, updated_at FROM ses_documents WHERE account = ? AND region = ? AND kind = ? AND parent = ? AND name_key = ?',
      [scope.account, scope.region, kind, parent, key],
    );
    return row ? toStored<T>(row) : undefined;
  }

  /** Inserts or replaces a document; the creation time of an existing one is kept. */
  async put<T>(scope: SesScope, kind: Kind, key: string, doc: T, parent = ''): Promise<void> {
    this.writes.n++;
    const at = this.now().toISOString();
    const json = JSON.stringify(doc);
    // One statement, so two writers of a new key cannot both insert it.
    await this.db.run(
      `INSERT INTO ses_documents (account, region, kind, parent, name_key, doc, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account, region, kind, parent, name_key) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`,
      [scope.account, scope.region, kind, parent, key, json, at, at],
    );
  }

  async delete(scope: SesScope, kind: Kind, key: string, parent = ''): Promise<boolean> {
    this.writes.n++;
    const r = await this.db.run(
      'DELETE FROM ses_documents WHERE account = ? AND region = ? AND kind = ? AND parent = ? AND name_key = ?',
      [scope.account, scope.region, kind, parent, key],
    );
    return r.changes > 0;
  }

  /** Deletes every child of a parent (a contact list's contacts). */
  async deleteChildren(scope: SesScope, kind: Kind, parent: string): Promise<void> {
    this.writes.n++;
    await this.db.run(
      'DELETE FROM ses_documents WHERE account = ? AND region = ? AND kind = ? AND parent = ?',
      [scope.account, scope.region, kind, parent],
    );
  }

  /** Documents of a kind in key order, after `after` (exclusive), at most `limit` (all when undefined). */
  async list<T>(
    scope: SesScope,
    kind: Kind,
    opts: { parent?: string; after?: string; limit?: number } = {},
  ): Promise<Stored<T>[]> {
    const params = [scope.account, scope.region, kind, opts.parent ?? '', opts.after ?? ''];
    const limit = opts.limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(opts.limit))}`;
    const rows = await this.db.all<Row>(
      `SELECT name_key, doc, created_at, updated_at FROM ses_documents WHERE account = ? AND region = ? AND kind = ? AND parent = ? AND name_key > ? ORDER BY name_key${limit}`,
      params,
    );
    return rows.map((r) => toStored<T>(r));
  }

  async count(scope: SesScope, kind: Kind, parent = ''): Promise<number> {
    const r = await this.db.get<{ n: number }>(
      'SELECT count(*) AS n FROM ses_documents WHERE account = ? AND region = ? AND kind = ? AND parent = ?',
      [scope.account, scope.region, kind, parent],
    );
    return r?.n ?? 0;
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
