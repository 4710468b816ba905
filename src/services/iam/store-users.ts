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

  create(accountId: string, input: CreateUserInput, now = new Date()): User {
    const path = input.Path ?? '/';
    const id = newUserId();
    insertUnique(
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
        iamArn(partitionOfAccount(this.db, accountId), accountId, 'user', path, input.UserName),
        iso(now),
        input.PermissionsBoundary ?? null,
        tagsText(input.Tags),
      ],
    );
    return this.getById(id)!.user;
  }

  get(accountId: string, userName: string): User | undefined {
    const r = this.db.get<UserRow>(
      `SELECT ${USER_COLUMNS} FROM iam_users WHERE account_id = ? AND name_key = ?`,
      [accountId, nameKey(userName)],
    );
    return r && toUser(r);
  }

  getById(userId: string): { accountId: string; user: User } | undefined {
    const r = this.db.get<UserRow>(`SELECT ${USER_COLUMNS} FROM iam_users WHERE user_id = ?`, [userId]);
    return r && { accountId: r.account_id, user: toUser(r) };
  }

  /** Sorted by name without case, as the unique key; PathPrefix as ListUsers defines it. */
  list(accountId: string, opts: ListOptions = {}): Page<User> {
    const f = pathPrefixFilter('path', opts.pathPrefix);
    const size = pageSize(opts);
    const rows = this.db.all<UserRow>(
      `SELECT ${USER_COLUMNS} FROM iam_users WHERE account_id = ? AND name_key > ?${f.sql} ORDER BY name_key LIMIT ?`,
      [accountId, decodeMarker(opts.marker), ...f.params, size + 1],
    );
    return toPage(rows, size, (r) => r.name_key, toUser);
  }

  /** UpdateUser: a new name and/or path; the ARN follows both. */
  update(accountId: string, userName: string, change: { NewUserName?: string; NewPath?: string }): User {
    return this.db.transaction(() => {
      const u = this.get(accountId, userName);
      if (!u) throw new NotFoundError('user', userName);
      const name = change.NewUserName ?? u.UserName;
      const path = change.NewPath ?? u.Path;
      const clash = this.get(accountId, name);
      if (clash && clash.UserId !== u.UserId) throw new DuplicateError('user', name);
      this.db.run('UPDATE iam_users SET user_name = ?, name_key = ?, path = ?, arn = ? WHERE user_id = ?', [
        name,
        nameKey(name),
        path,
        iamArn(partitionOfAccount(this.db, accountId), accountId, 'user', path, name),
        u.UserId,
      ]);
      return this.getById(u.UserId)!.user;
    });
  }

  setTags(accountId: string, userName: string, tags: readonly Tag[]): boolean {
    return (
      this.db.run('UPDATE iam_users SET tags = ? WHERE account_id = ? AND name_key = ?', [
        tagsText(tags),
        accountId,
        nameKey(userName),
      ]).changes > 0
    );
  }

  /** Sets (an ARN) or removes (`undefined`) the user's permissions boundary. */
  setPermissionsBoundary(accountId: string, userName: string, policyArn: string | undefined): boolean {
    return (
      this.db.run('UPDATE iam_users SET permissions_boundary_arn = ? WHERE account_id = ? AND name_key = ?', [
        policyArn ?? null,
        accountId,
        nameKey(userName),
      ]).changes > 0
    );
  }

  /** What DeleteUser must find empty first (API_DeleteUser.html lists them). */
  dependents(accountId: string, userName: string): UserDependents | undefined {
    const u = this.get(accountId, userName);
    if (!u) return undefined;
    const id = u.UserId;
    return {
      accessKeys: count(this.db, 'SELECT count(*) AS n FROM iam_access_keys WHERE user_id = ?', [id]),
      inlinePolicies: count(
        this.db,
        "SELECT count(*) AS n FROM iam_inline_policies WHERE owner_kind = 'user' AND owner_id = ?",
        [id],
      ),
      attachedPolicies: count(
        this.db,
        "SELECT count(*) AS n FROM iam_attachments WHERE owner_kind = 'user' AND owner_id = ?",
        [id],
      ),
      groups: count(this.db, 'SELECT count(*) AS n FROM iam_group_members WHERE user_id = ?', [id]),
    };
  }

  /** Deletes a user with no dependents; returns false if there is no such user. */
  delete(accountId: string, userName: string): boolean {
    return this.db.transaction(() => {
      const deps = this.dependents(accountId, userName);
      if (!deps) return false;
      if (hasDependents({ ...deps })) throw new DependentsError('user', userName, { ...deps });
      return (
        this.db.run('DELETE FROM iam_users WHERE account_id = ? AND name_key = ?', [
          accountId,
          nameKey(userName),
        ]).changes > 0
      );
    });
  }

  count(accountId: string): number {
    return count(this.db, 'SELECT count(*) AS n FROM iam_users WHERE account_id = ?', [accountId]);
  }
}
