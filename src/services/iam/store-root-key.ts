/**
 * The configured root key (`--root-access-key-id`/`--root-secret-access-key`): at each start it
 * becomes the default account's root access key. Migration iam/2 inserted the well-known
 * `test`/`test`; configuring another key replaces it, and a restart with yet another replaces the
 * previous configured one. Only that key changes: the account's users, roles, policies, and root
 * keys made through CreateAccessKey stay. `iam_configured_root_keys` remembers which key came from
 * configuration, so the right one is replaced.
 */
import type { Database, Migration } from '../../store/index.js';
import { DEFAULT_ACCOUNT_ID, DEFAULT_ROOT_ACCESS_KEY_ID } from './store-migrations.js';

export const rootKeyMigrations: readonly Migration[] = [
  {
    context: 'iam_root_key',
    version: 1,
    name: 'configured root keys',
    up: async (db) => {
      // No reference to the key: the root user may delete it through DeleteAccessKey (the next
      // start puts it back).
      await db.exec(
        db.dialect.ddl(`CREATE TABLE iam_configured_root_keys (
        account_id TEXT PRIMARY KEY REFERENCES iam_accounts (account_id),
        access_key_id TEXT NOT NULL
      )`),
      );
      await db.run(
        `INSERT INTO iam_configured_root_keys (account_id, access_key_id)
         SELECT account_id, access_key_id FROM iam_access_keys
         WHERE account_id = ? AND access_key_id = ? AND user_id IS NULL`,
        [DEFAULT_ACCOUNT_ID, DEFAULT_ROOT_ACCESS_KEY_ID],
      );
    },
  },
];

export interface RootKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The configured key id is another principal's access key (an IAM user's, another account's root). */
export class RootKeyTakenError extends Error {
  constructor(readonly accessKeyId: string) {
    super(`access key ${accessKeyId} belongs to another principal`);
    this.name = 'RootKeyTakenError';
  }
}

/**
 * Makes `key` the root access key of `accountId` that configuration owns, in one transaction:
 * the previous configured key goes, this one is created or (same id) given this secret. The key is
 * made Active: configuration is the operator's way in, so a start restores it (Pinpost's own rule;
 * AWS has no configured keys). Throws RootKeyTakenError.
 */
export async function applyRootKey(
  db: Database,
  accountId: string,
  key: RootKey,
  now = new Date(),
): Promise<void> {
  await db.transaction(async () => {
    const owner = await db.get<{ account_id: string; user_id: string | null }>(
      'SELECT account_id, user_id FROM iam_access_keys WHERE access_key_id = ?',
      [key.accessKeyId],
    );
    if (owner && (owner.account_id !== accountId || owner.user_id !== null))
      throw new RootKeyTakenError(key.accessKeyId);
    const previous = (
      await db.get<{ access_key_id: string }>(
        'SELECT access_key_id FROM iam_configured_root_keys WHERE account_id = ?',
        [accountId],
      )
    )?.access_key_id;
    if (previous !== undefined && previous !== key.accessKeyId) {
      await db.run(
        'DELETE FROM iam_access_keys WHERE access_key_id = ? AND account_id = ? AND user_id IS NULL',
        [previous, accountId],
      );
    }
    if (owner) {
      await db.run(
        `UPDATE iam_access_keys SET secret_access_key = ?, status = 'Active' WHERE access_key_id = ?`,
        [key.secretAccessKey, key.accessKeyId],
      );
    } else {
      await db.run(
        `INSERT INTO iam_access_keys (access_key_id, account_id, user_id, secret_access_key, status, create_date)
         VALUES (?, ?, NULL, ?, 'Active', ?)`,
        [key.accessKeyId, accountId, key.secretAccessKey, now.toISOString()],
      );
    }
    await db.run(
      `INSERT INTO iam_configured_root_keys (account_id, access_key_id) VALUES (?, ?)
       ON CONFLICT (account_id) DO UPDATE SET access_key_id = excluded.access_key_id`,
      [accountId, key.accessKeyId],
    );
  });
}
