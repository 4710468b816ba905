import {
  decodeMarker,
  DependentsError,
  DuplicateError,
  hasDependents,
  NotFoundError,
  pageSize,
  toPage,
} from '../../store/index.js';
import type { Database, Page, PageRequest } from '../../store/index.js';
import { iamArn, newGroupId } from './ids.js';
import type { Group, GroupDependents, User } from './model.js';
import {
  count,
  date,
  insertUnique,
  iso,
  nameKey,
  ownerId,
  pathPrefixFilter,
  type ListOptions,
  partitionOfAccount,
} from './store-shared.js';
import { toUser, USER_COLUMNS, type UserRow } from './store-users.js';

interface GroupRow {
  group_id: string;
  account_id: string;
  group_name: string;
  name_key: string;
  path: string;
  arn: string;
  create_date: string;
}

const COLUMNS = 'group_id, account_id, group_name, name_key, path, arn, create_date';

const toGroup = (r: GroupRow): Group => ({
  Path: r.path,
  GroupName: r.group_name,
  GroupId: r.group_id,
  Arn: r.arn,
  CreateDate: date(r.create_date),
});

export class GroupRepo {
  constructor(private readonly db: Database) {}

  create(accountId: string, input: { GroupName: string; Path?: string }, now = new Date()): Group {
    const path = input.Path ?? '/';
    const id = newGroupId();
    insertUnique(
      this.db,
      'group',
      input.GroupName,
      `INSERT INTO iam_groups (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        accountId,
        input.GroupName,
        nameKey(input.GroupName),
        path,
        iamArn(partitionOfAccount(this.db, accountId), accountId, 'group', path, input.GroupName),
        iso(now),
      ],
    );
    return this.get(accountId, input.GroupName)!;
  }

  get(accountId: string, groupName: string): Group | undefined {
    const r = this.db.get<GroupRow>(
      `SELECT ${COLUMNS} FROM iam_groups WHERE account_id = ? AND name_key = ?`,
      [accountId, nameKey(groupName)],
    );
    return r && toGroup(r);
  }

  list(accountId: string, opts: ListOptions = {}): Page<Group> {
    const f = pathPrefixFilter('path', opts.pathPrefix);
    const size = pageSize(opts);
    const rows = this.db.all<GroupRow>(
      `SELECT ${COLUMNS} FROM iam_groups WHERE account_id = ? AND name_key > ?${f.sql} ORDER BY name_key LIMIT ?`,
      [accountId, decodeMarker(opts.marker), ...f.params, size + 1],
    );
    return toPage(rows, size, (r) => r.name_key, toGroup);
  }

  update(accountId: string, groupName: string, change: { NewGroupName?: string; NewPath?: string }): Group {
    return this.db.transaction(() => {
      const g = this.get(accountId, groupName);
      if (!g) throw new NotFoundError('group', groupName);
      const name = change.NewGroupName ?? g.GroupName;
      const path = change.NewPath ?? g.Path;
      const clash = this.get(accountId, name);
      if (clash && clash.GroupId !== g.GroupId) throw new DuplicateError('group', name);
      this.db.run(
        'UPDATE iam_groups SET group_name = ?, name_key = ?, path = ?, arn = ? WHERE group_id = ?',
        [
          name,
          nameKey(name),
          path,
          iamArn(partitionOfAccount(this.db, accountId), accountId, 'group', path, name),
          g.GroupId,
        ],
      );
      return this.get(accountId, name)!;
    });
  }

  /** AddUserToGroup; false when the user already is a member (IAM treats that as success). */
  addUser(accountId: string, groupName: string, userName: string): boolean {
    const { groupId, userId } = this.ids(accountId, groupName, userName);
    return (
      this.db.run('INSERT INTO iam_group_members (group_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [
        groupId,
        userId,
      ]).changes > 0
    );
  }

  removeUser(accountId: string, groupName: string, userName: string): boolean {
    const { groupId, userId } = this.ids(accountId, groupName, userName);
    return (
      this.db.run('DELETE FROM iam_group_members WHERE group_id = ? AND user_id = ?', [groupId, userId])
        .changes > 0
    );
  }

  /** GetGroup's Users, paginated. */
  members(accountId: string, groupName: string, req: PageRequest = {}): Page<User> {
    const groupId = ownerId(this.db, accountId, 'group', groupName);
    if (!groupId) throw new NotFoundError('group', groupName);
    const size = pageSize(req);
    const rows = this.db.all<UserRow>(
      `SELECT ${USER_COLUMNS} FROM iam_users
       WHERE user_id IN (SELECT user_id FROM iam_group_members WHERE group_id = ?) AND name_key > ?
       ORDER BY name_key LIMIT ?`,
      [groupId, decodeMarker(req.marker), size + 1],
    );
    return toPage(rows, size, (r) => r.name_key, toUser);
  }

  /** ListGroupsForUser. */
  groupsOfUser(accountId: string, userName: string, req: PageRequest = {}): Page<Group> {
    const userId = ownerId(this.db, accountId, 'user', userName);
    if (!userId) throw new NotFoundError('user', userName);
    const size = pageSize(req);
    const rows = this.db.all<GroupRow>(
      `SELECT ${COLUMNS} FROM iam_groups
       WHERE group_id IN (SELECT group_id FROM iam_group_members WHERE user_id = ?) AND name_key > ?
       ORDER BY name_key LIMIT ?`,
      [userId, decodeMarker(req.marker), size + 1],
    );
    return toPage(rows, size, (r) => r.name_key, toGroup);
  }

  /** What DeleteGroup must find empty first (API_DeleteGroup.html). */
  dependents(accountId: string, groupName: string): GroupDependents | undefined {
    const id = ownerId(this.db, accountId, 'group', groupName);
    if (!id) return undefined;
    return {
      members: count(this.db, 'SELECT count(*) AS n FROM iam_group_members WHERE group_id = ?', [id]),
      inlinePolicies: count(
        this.db,
        "SELECT count(*) AS n FROM iam_inline_policies WHERE owner_kind = 'group' AND owner_id = ?",
        [id],
      ),
      attachedPolicies: count(
        this.db,
        "SELECT count(*) AS n FROM iam_attachments WHERE owner_kind = 'group' AND owner_id = ?",
        [id],
      ),
    };
  }

  delete(accountId: string, groupName: string): boolean {
    return this.db.transaction(() => {
      const deps = this.dependents(accountId, groupName);
      if (!deps) return false;
      if (hasDependents({ ...deps })) throw new DependentsError('group', groupName, { ...deps });
      return (
        this.db.run('DELETE FROM iam_groups WHERE account_id = ? AND name_key = ?', [
          accountId,
          nameKey(groupName),
        ]).changes > 0
      );
    });
  }

  count(accountId: string): number {
    return count(this.db, 'SELECT count(*) AS n FROM iam_groups WHERE account_id = ?', [accountId]);
  }

  private ids(accountId: string, groupName: string, userName: string): { groupId: string; userId: string } {
    const groupId = ownerId(this.db, accountId, 'group', groupName);
    if (!groupId) throw new NotFoundError('group', groupName);
    const userId = ownerId(this.db, accountId, 'user', userName);
    if (!userId) throw new NotFoundError('user', userName);
    return { groupId, userId };
  }
}
