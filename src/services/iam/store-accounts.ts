import { DuplicateError, type Database } from '../../store/index.js';
import { ACCOUNT_ID_PATTERN } from './ids.js';
import type { Account, AccountCounts } from './model.js';
import { count, date, iso, partitionOfAccount } from './store-shared.js';

interface AccountRow {
  account_id: string;
  create_date: string;
}

const toAccount = (r: AccountRow): Account => ({ AccountId: r.account_id, CreateDate: date(r.create_date) });

/** The account holds IAM entities or sessions whose stored ARNs name its partition: it cannot move. */
export class AccountPartitionError extends Error {
  constructor(
    readonly accountId: string,
    readonly partition: string,
    readonly wanted: string,
  ) {
    super(`account ${accountId} lives in ${partition}, not ${wanted}`);
    this.name = 'AccountPartitionError';
  }
}

/** Accounts and their root user's keys. The default account is created by migration iam/2. */
export class AccountRepo {
  constructor(private readonly db: Database) {}

  /**
   * Adds an account whose root user signs with the given key pair (from configuration), in one
   * partition: a GovCloud or China account is an account of its own (see partitionOf).
   */
  async create(
    accountId: string,
    rootAccessKeyId: string,
    rootSecretAccessKey: string,
    now = new Date(),
    partition = 'aws',
  ): Promise<Account> {
    if (!ACCOUNT_ID_PATTERN.test(accountId)) throw new Error(`account id must be 12 digits: ${accountId}`);
    return this.db.transaction(async () => {
      if (await this.get(accountId)) throw new DuplicateError('account', accountId);
      if (await this.db.get('SELECT 1 FROM iam_access_keys WHERE access_key_id = ?', [rootAccessKeyId])) {
        throw new DuplicateError('access key', rootAccessKeyId);
      }
      await this.db.run('INSERT INTO iam_accounts (account_id, create_date, partition) VALUES (?, ?, ?)', [
        accountId,
        iso(now),
        partition,
      ]);
      await this.db.run(
        `INSERT INTO iam_access_keys (access_key_id, account_id, user_id, secret_access_key, status, create_date)
         VALUES (?, ?, NULL, ?, 'Active', ?)`,
        [rootAccessKeyId, accountId, rootSecretAccessKey, iso(now)],
      );
      return { AccountId: accountId, CreateDate: now };
    });
  }

  async get(accountId: string): Promise<Account | undefined> {
    const r = await this.db.get<AccountRow>(
      'SELECT account_id, create_date FROM iam_accounts WHERE account_id = ?',
      [accountId],
    );
    return r && toAccount(r);
  }

  /**
   * The partition the account lives in. "Each AWS account is scoped to one partition" (AWS's answer
   * on re:Post, "Trust relationship between a role in global AWS and users/roles in China"); a
   * GovCloud (US) account is created beside a standard one (govcloud-us UserGuide, govcloud-iam):
   * an account's entities, ARNs and credentials belong to one partition.
   */
  partitionOf(accountId: string): Promise<string> {
    return partitionOfAccount(this.db, accountId);
  }

  /**
   * Moves an account with no IAM entities and no sessions to another partition (the default
   * account follows `--region`). Throws AccountPartitionError when it has some: their stored ARNs
   * name its partition.
   */
  async movePartition(accountId: string, partition: string): Promise<void> {
    const current = await this.partitionOf(accountId);
    if (current === partition) return;
    await this.db.transaction(async () => {
      const c = await this.counts(accountId);
      const sessions = await count(this.db, 'SELECT count(*) AS n FROM sts_sessions WHERE account_id = ?', [
        accountId,
      ]);
      if (c.Users + c.Groups + c.Roles + c.Policies + sessions > 0) {
        throw new AccountPartitionError(accountId, current, partition);
      }
      await this.db.run('UPDATE iam_accounts SET partition = ? WHERE account_id = ?', [partition, accountId]);
    });
  }

  async list(): Promise<Account[]> {
    const rows = await this.db.all<AccountRow>(
      'SELECT account_id, create_date FROM iam_accounts ORDER BY account_id',
    );
    return rows.map(toAccount);
  }

  /** Entity counts for GetAccountSummary and quota checks (reference_iam-quotas.html). */
  async counts(accountId: string): Promise<AccountCounts> {
    const n = (table: string) =>
      count(this.db, `SELECT count(*) AS n FROM ${table} WHERE account_id = ?`, [accountId]);
    return {
      Users: await n('iam_users'),
      Groups: await n('iam_groups'),
      Roles: await n('iam_roles'),
      Policies: await n('iam_policies'),
      AccessKeysOfRoot: await count(
        this.db,
        'SELECT count(*) AS n FROM iam_access_keys WHERE account_id = ? AND user_id IS NULL',
        [accountId],
      ),
    };
  }
}
