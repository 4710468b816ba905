import type { Database } from '../../store/index.js';
import { insertUnique } from './store-shared.js';

/** The account password policy as stored (IAM model shape PasswordPolicy, without ExpirePasswords). */
export interface StoredPasswordPolicy {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  /** Days; absent when passwords do not expire. */
  MaxPasswordAge?: number;
  /** Previous passwords a user may not reuse; absent when reuse is allowed. */
  PasswordReusePrevention?: number;
  HardExpiry: boolean;
}

/**
 * An account's alias (at most one, unique across all accounts) and its password policy (at most
 * one). Both are replaced whole: CreateAccountAlias swaps the alias, UpdateAccountPasswordPolicy
 * writes every member, defaults for those left out.
 */
export class AccountSettingsRepo {
  constructor(private readonly db: Database) {}

  async alias(accountId: string): Promise<string | undefined> {
    const r = await this.db.get<{ alias: string }>(
      'SELECT alias FROM iam_account_aliases WHERE account_id = ?',
      [accountId],
    );
    return r?.alias;
  }

  /** The account holding an alias, if any. */
  async aliasOwner(alias: string): Promise<string | undefined> {
    const r = await this.db.get<{ account_id: string }>(
      'SELECT account_id FROM iam_account_aliases WHERE alias = ?',
      [alias],
    );
    return r?.account_id;
  }

  /** Sets the alias, replacing the account's previous one; DuplicateError if another holds it. */
  async setAlias(accountId: string, alias: string): Promise<void> {
    await this.db.transaction(async () => {
      await this.db.run('DELETE FROM iam_account_aliases WHERE account_id = ?', [accountId]);
      await insertUnique(
        this.db,
        'account alias',
        alias,
        'INSERT INTO iam_account_aliases (account_id, alias) VALUES (?, ?)',
        [accountId, alias],
      );
    });
  }

  async deleteAlias(accountId: string): Promise<void> {
    await this.db.run('DELETE FROM iam_account_aliases WHERE account_id = ?', [accountId]);
  }

  async passwordPolicy(accountId: string): Promise<StoredPasswordPolicy | undefined> {
    const r = await this.db.get<{ policy: string }>(
      'SELECT policy FROM iam_password_policies WHERE account_id = ?',
      [accountId],
    );
    return r ? (JSON.parse(r.policy) as StoredPasswordPolicy) : undefined;
  }

  async setPasswordPolicy(accountId: string, policy: StoredPasswordPolicy): Promise<void> {
    await this.db.transaction(async () => {
      await this.db.run('DELETE FROM iam_password_policies WHERE account_id = ?', [accountId]);
      await this.db.run('INSERT INTO iam_password_policies (account_id, policy) VALUES (?, ?)', [
        accountId,
        JSON.stringify(policy),
      ]);
    });
  }

  /** true when there was a policy to delete. */
  async deletePasswordPolicy(accountId: string): Promise<boolean> {
    const r = await this.db.run('DELETE FROM iam_password_policies WHERE account_id = ?', [accountId]);
    return r.changes > 0;
  }
}
