import { NotFoundError } from '../../store/index.js';
import type { Database } from '../../store/index.js';
import { newAccessKeyId, newSecretAccessKey } from './ids.js';
import type { AccessKey, AccessKeyLastUsed, AccessKeyMetadata, AccessKeyStatus } from './model.js';
import { count, date, insertUnique, iso, optDate, ownerId } from './store-shared.js';

interface KeyRow {
  access_key_id: string;
  account_id: string;
  user_id: string | null;
  user_name: string | null;
  secret_access_key: string;
  status: AccessKeyStatus;
  create_date: string;
  last_used_date: string | null;
  last_used_service: string | null;
  last_used_region: string | null;
}

const SELECT = `SELECT k.access_key_id, k.account_id, k.user_id, u.user_name, k.secret_access_key, k.status,
  k.create_date, k.last_used_date, k.last_used_service, k.last_used_region
  FROM iam_access_keys k LEFT JOIN iam_users u ON u.user_id = k.user_id`;

function toKey(r: KeyRow): AccessKey {
  const k: AccessKey = {
    AccessKeyId: r.access_key_id,
    Status: r.status,
    SecretAccessKey: r.secret_access_key,
    CreateDate: date(r.create_date),
  };
  if (r.user_name !== null) k.UserName = r.user_name;
  return k;
}

/** A key found by id, with its owner: an IAM user (`userId`) or the account's root user (null). */
export interface StoredAccessKey {
  accountId: string;
  userId: string | null;
  key: AccessKey;
}

/**
 * Long-term access keys of IAM users and of root users. `userName: null` means the root user of
 * the account. At most two keys per user (reference_iam-quotas.html) — the API checks, with
 * {@link count}.
 */
export class AccessKeyRepo {
  constructor(private readonly db: Database) {}

  async create(
    accountId: string,
    userName: string | null,
    now = new Date(),
    fixed?: { AccessKeyId: string; SecretAccessKey: string },
  ): Promise<AccessKey> {
    const userId = await this.owner(accountId, userName);
    const id = fixed?.AccessKeyId ?? newAccessKeyId();
    await insertUnique(
      this.db,
      'access key',
      id,
      `INSERT INTO iam_access_keys (access_key_id, account_id, user_id, secret_access_key, status, create_date)
       VALUES (?, ?, ?, ?, 'Active', ?)`,
      [id, accountId, userId, fixed?.SecretAccessKey ?? newSecretAccessKey(), iso(now)],
    );
    return (await this.find(id))!.key;
  }

  /** By key id across all accounts: how a signed request finds its signer. */
  async find(accessKeyId: string): Promise<StoredAccessKey | undefined> {
    const r = await this.db.get<KeyRow>(`${SELECT} WHERE k.access_key_id = ?`, [accessKeyId]);
    return r && { accountId: r.account_id, userId: r.user_id, key: toKey(r) };
  }

  /** ListAccessKeys (no secrets), oldest first. */
  async list(accountId: string, userName: string | null): Promise<AccessKeyMetadata[]> {
    const userId = await this.owner(accountId, userName);
    return (await this.rows(accountId, userId)).map((r) => {
      const { SecretAccessKey: _secret, ...meta } = toKey(r);
      return meta;
    });
  }

  /** UpdateAccessKey; false if the key is not this owner's. */
  async updateStatus(
    accountId: string,
    userName: string | null,
    accessKeyId: string,
    status: AccessKeyStatus,
  ): Promise<boolean> {
    const userId = await this.owner(accountId, userName);
    const r = await this.db.run(
      `UPDATE iam_access_keys SET status = ? WHERE access_key_id = ? AND account_id = ? AND ${this.is(userId)}`,
      [status, accessKeyId, accountId, ...(userId === null ? [] : [userId])],
    );
    return r.changes > 0;
  }

  async delete(accountId: string, userName: string | null, accessKeyId: string): Promise<boolean> {
    const userId = await this.owner(accountId, userName);
    const r = await this.db.run(
      `DELETE FROM iam_access_keys WHERE access_key_id = ? AND account_id = ? AND ${this.is(userId)}`,
      [accessKeyId, accountId, ...(userId === null ? [] : [userId])],
    );
    return r.changes > 0;
  }

  async count(accountId: string, userName: string | null): Promise<number> {
    const userId = await this.owner(accountId, userName);
    return count(
      this.db,
      `SELECT count(*) AS n FROM iam_access_keys WHERE account_id = ? AND ${this.is(userId)}`,
      [accountId, ...(userId === null ? [] : [userId])],
    );
  }

  /** GetAccessKeyLastUsed; IAM answers N/A for service and region of a never-used key. */
  async lastUsed(accessKeyId: string): Promise<AccessKeyLastUsed | undefined> {
    const r = await this.db.get<KeyRow>(`${SELECT} WHERE k.access_key_id = ?`, [accessKeyId]);
    if (!r) return undefined;
    const used: AccessKeyLastUsed = {
      ServiceName: r.last_used_service ?? 'N/A',
      Region: r.last_used_region ?? 'N/A',
    };
    const when = optDate(r.last_used_date);
    if (when) used.LastUsedDate = when;
    return used;
  }

  async recordUse(accessKeyId: string, when: Date, service: string, region: string): Promise<void> {
    await this.db.run(
      'UPDATE iam_access_keys SET last_used_date = ?, last_used_service = ?, last_used_region = ? WHERE access_key_id = ?',
      [iso(when), service, region, accessKeyId],
    );
  }

  private rows(accountId: string, userId: string | null): Promise<KeyRow[]> {
    return this.db.all<KeyRow>(
      `${SELECT} WHERE k.account_id = ? AND ${this.is(userId, 'k.')} ORDER BY k.create_date`,
      [accountId, ...(userId === null ? [] : [userId])],
    );
  }

  private is(userId: string | null, prefix = ''): string {
    return userId === null ? `${prefix}user_id IS NULL` : `${prefix}user_id = ?`;
  }

  private async owner(accountId: string, userName: string | null): Promise<string | null> {
    if (userName === null) return null;
    const id = await ownerId(this.db, accountId, 'user', userName);
    if (!id) throw new NotFoundError('user', userName);
    return id;
  }
}
