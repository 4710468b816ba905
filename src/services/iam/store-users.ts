import {
  decodeMarker,
  DependentsError,
  DuplicateError,
  hasDependents,
  NotFoundError,
  pageSize,
  toPage,
} from '../../store/index.js';
import type { Database, Page } from '../../store/index.js';
import { iamArn, newUserId } from './ids.js';
import type { Tag, User, UserDependents } from './model.js';
import {
  count,
  date,
  insertUnique,
  iso,
  nameKey,
  optDate,
  parseTags,
  pathPrefixFilter,
  tagsText,
  type ListOptions,
  partitionOfAccount,
} from './store-shared.js';

export interface UserRow {
  user_id: string;
  account_id: string;
  user_name: string;
  name_key: string;
  path: string;
  arn: string;
  create_date: string;
  password_last_used: string | null;
  permissions_boundary_arn: string | null;
  tags: string;
}

export const USER_COLUMNS =
  'user_id, account_id, user_name, name_key, path, arn, create_date, password_last_used, permissions_boundary_arn, tags';

export function toUser(r: UserRow): User {
  const u: User = {
    Path: r.path,
    UserName: r.user_name,
    UserId: r.user_id,
    Arn: r.arn,
    CreateDate: date(r.create_date),
    Tags: parseTags(r.tags),
  };
  const used = optDate(r.password_last_used);
  if (used) u.PasswordLastUsed = used;
  if (r.permissions_boundary_arn) {
    u.PermissionsBoundary = {
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: r.permissions_boundary_arn,
    };
  }
  return u;
}

export interface CreateUserInput {
  UserName: string;
  Path?: string;
  /** ARN of the managed policy to use as permissions boundary. */
  PermissionsBoundary?: string;
  Tags?: Tag[];
}

export class UserRepo {
  constructor(private readonly db: Database) {}

  async create(accountId: string, input: CreateUserInput, now = new Date()): Promise<User> {
    const path = input.Path ?? '/';
    const id = newUserId();
    await insertUnique(
      this.db,
      'user',
      input.UserName,
      `INSERT INTO iam_users (${USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
      [
        id,
        accountId,
        input.UserName,
        nameKey(input.UserName),
        path,
        iamArn(await partitionOfAccount(this.db, accountId), accountId, 'user', path, input.UserName),
        iso(now),
        input.PermissionsBoundary ?? null,
        tagsText(input.Tags),
      ],
    );
    return (await this.getById(id))!.user;
  }

  async get(accountId: string, userName: string): Promise<User | undefined> {
    const r = await this.db.get<UserRow>(
      `SELECT ${USER_COLUMNS} FROM iam_users WHERE account_id = ? AND name_key = ?`,
      [accountId, nameKey(userName)],
    );
    return r && toUser(r);
  }

  async getById(userId: string): Promise<{ accountId: string; user: User } | undefined> {
    const r = await this.db.get<UserRow>(`SELECT ${USER_COLUMNS} FROM iam_users WHERE user_id = ?`, [userId]);
    return r && { accountId: r.account_id, user: toUser(r) };
  }

  /** Sorted by name without case, as the unique key; PathPrefix as ListUsers defines it. */
  async list(accountId: string, opts: ListOptions = {}): Promise<Page<User>> {
    const f = pathPrefixFilter('path', opts.pathPrefix);
    const size = pageSize(opts);
    const rows = await this.db.all<UserRow>(
      `SELECT ${USER_COLUMNS} FROM iam_users WHERE account_id = ? AND name_key > ?${f.sql} ORDER BY name_key LIMIT ?`,
      [accountId, decodeMarker(opts.marker), ...f.params, size + 1],
    );
    return toPage(rows, size, (r) => r.name_key, toUser);
  }

  /** UpdateUser: a new name and/or path; the ARN follows both. */
  async update(
    accountId: string,
    userName: string,
    change: { NewUserName?: string; NewPath?: string },
  ): Promise<User> {
    return this.db.transaction(async () => {
      const u = await this.get(accountId, userName);
      if (!u) throw new NotFoundError('user', userName);
      const name = change.NewUserName ?? u.UserName;
      const path = change.NewPath ?? u.Path;
      const clash = await this.get(accountId, name);
      if (clash && clash.UserId !== u.UserId) throw new DuplicateError('user', name);
      const arn = iamArn(await partitionOfAccount(this.db, accountId), accountId, 'user', path, name);
      await this.db.run(
        'UPDATE iam_users SET user_name = ?, name_key = ?, path = ?, arn = ? WHERE user_id = ?',
        [name, nameKey(name), path, arn, u.UserId],
      );
      return (await this.getById(u.UserId))!.user;
    });
  }

  async setTags(accountId: string, userName: string, tags: readonly Tag[]): Promise<boolean> {
    const r = await this.db.run('UPDATE iam_users SET tags = ? WHERE account_id = ? AND name_key = ?', [
      tagsText(tags),
      accountId,
      nameKey(userName),
    ]);
    return r.changes > 0;
  }

  /** Sets (an ARN) or removes (`undefined`) the user's permissions boundary. */
  async setPermissionsBoundary(
    accountId: string,
    userName: string,
    policyArn: string | undefined,
  ): Promise<boolean> {
    const r = await this.db.run(
      'UPDATE iam_users SET permissions_boundary_arn = ? WHERE account_id = ? AND name_key = ?',
      [policyArn ?? null, accountId, nameKey(userName)],
    );
    return r.changes > 0;
  }

  /** What DeleteUser must find empty first (API_DeleteUser.html lists them). */
  async dependents(accountId: string, userName: string): Promise<UserDependents | undefined> {
    const u = await this.get(accountId, userName);
    if (!u) return undefined;
    const id = u.UserId;
    return {
      accessKeys: await count(this.db, 'SELECT count(*) AS n FROM iam_access_keys WHERE user_id = ?', [id]),
      inlinePolicies: await count(
        this.db,
        "SELECT count(*) AS n FROM iam_inline_policies WHERE owner_kind = 'user' AND owner_id = ?",
        [id],
      ),
      attachedPolicies: await count(
        this.db,
        "SELECT count(*) AS n FROM iam_attachments WHERE owner_kind = 'user' AND owner_id = ?",
        [id],
      ),
      groups: await count(this.db, 'SELECT count(*) AS n FROM iam_group_members WHERE user_id = ?', [id]),
    };
  }

  /** Deletes a user with no dependents; returns false if there is no such user. */
  async delete(accountId: string, userName: string): Promise<boolean> {
    return this.db.transaction(async () => {
      const deps = await this.dependents(accountId, userName);
      if (!deps) return false;
      if (hasDependents({ ...deps })) throw new DependentsError('user', userName, { ...deps });
      const r = await this.db.run('DELETE FROM iam_users WHERE account_id = ? AND name_key = ?', [
        accountId,
        nameKey(userName),
      ]);
      return r.changes > 0;
    });
  }

  count(accountId: string): Promise<number> {
    return count(this.db, 'SELECT count(*) AS n FROM iam_users WHERE account_id = ?', [accountId]);
  }
}
