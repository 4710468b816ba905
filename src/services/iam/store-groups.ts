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

  async create(
    accountId: string,
    input: { GroupName: string; Path?: string },
    now = new Date(),
  ): Promise<Group> {
    const path = input.Path ?? '/';
    const id = newGroupId();
    await insertUnique(
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
        iamArn(await partitionOfAccount(this.db, accountId), accountId, 'group', path, input.GroupName),
        iso(now),
      ],
    );
    return (await this.get(accountId, input.GroupName))!;
  }

  async get(accountId: string, groupName: string): Promise<Group | undefined> {
    const r = await this.db.get<GroupRow>(
      `SELECT ${COLUMNS} FROM iam_groups WHERE account_id = ? AND name_key = ?`,
      [accountId, nameKey(groupName)],
    );
    return r && toGroup(r);
  }

  async list(accountId: string, opts: ListOptions = {}): Promise<Page<Group>> {
    const f = pathPrefixFilter('path', opts.pathPrefix);
    const size = pageSize(opts);
    const rows = await this.db.all<GroupRow>(
      `SELECT ${COLUMNS} FROM iam_groups WHERE account_id = ? AND name_key > ?${f.sql} ORDER BY name_key LIMIT ?`,
      [accountId, decodeMarker(opts.marker), ...f.params, size + 1],
    );
    return toPage(rows, size, (r) => r.name_key, toGroup);
  }

  async update(
    accountId: string,
    groupName: string,
    change: { NewGroupName?: string; NewPath?: string },
  ): Promise<Group> {
    return this.db.transaction(async () => {
      const g = await this.get(accountId, groupName);
      if (!g) throw new NotFoundError('group', groupName);
      const name = change.NewGroupName ?? g.GroupName;
      const path = change.NewPath ?? g.Path;
      const clash = await this.get(accountId, name);
      if (clash && clash.GroupId !== g.GroupId) throw new DuplicateError('group', name);
      const arn = iamArn(await partitionOfAccount(this.db, accountId), accountId, 'group', path, name);
      await this.db.run(
        'UPDATE iam_groups SET group_name = ?, name_key = ?, path = ?, arn = ? WHERE group_id = ?',
        [name, nameKey(name), path, arn, g.GroupId],
      );
      return (await this.get(accountId, name))!;
    });
  }

  /** AddUserToGroup; false when the user already is a member (IAM treats that as success). */
  async addUser(accountId: string, groupName: string, userName: string): Promise<boolean> {
    const { groupId, userId } = await this.ids(accountId, groupName, userName);
    const r = await this.db.run(
      'INSERT INTO iam_group_members (group_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
      [groupId, userId],
    );
    return r.changes > 0;
  }

  async removeUser(accountId: string, groupName: string, userName: string): Promise<boolean> {
    const { groupId, userId } = await this.ids(accountId, groupName, userName);
    const r = await this.db.run('DELETE FROM iam_group_members WHERE group_id = ? AND user_id = ?', [
      groupId,
      userId,
    ]);
    return r.changes > 0;
  }

  /** GetGroup's Users, paginated. */
  async members(accountId: string, groupName: string, req: PageRequest = {}): Promise<Page<User>> {
    const groupId = await ownerId(this.db, accountId, 'group', groupName);
    if (!groupId) throw new NotFoundError('group', groupName);
    const size = pageSize(req);
    const rows = await this.db.all<UserRow>(
      `SELECT ${USER_COLUMNS} FROM iam_users
       WHERE user_id IN (SELECT user_id FROM iam_group_members WHERE group_id = ?) AND name_key > ?
       ORDER BY name_key LIMIT ?`,
      [groupId, decodeMarker(req.marker), size + 1],
    );
    return toPage(rows, size, (r) => r.name_key, toUser);
  }

  /** ListGroupsForUser. */
  async groupsOfUser(accountId: string, userName: string, req: PageRequest = {}): Promise<Page<Group>> {
    const userId = await ownerId(this.db, accountId, 'user', userName);
    if (!userId) throw new NotFoundError('user', userName);
    const size = pageSize(req);
    const rows = await this.db.all<GroupRow>(
      `SELECT ${COLUMNS} FROM iam_groups
       WHERE group_id IN (SELECT group_id FROM iam_group_members WHERE user_id = ?) AND name_key > ?
       ORDER BY name_key LIMIT ?`,
      [userId, decodeMarker(req.marker), size + 1],
    );
    return toPage(rows, size, (r) => r.name_key, toGroup);
  }

  /** What DeleteGroup must find empty first (API_DeleteGroup.html). */
  async dependents(accountId: string, groupName: string): Promise<GroupDependents | undefined> {
    const id = await ownerId(this.db, accountId, 'group', groupName);
    if (!id) return undefined;
    return {
      members: await count(this.db, 'SELECT count(*) AS n FROM iam_group_members WHERE group_id = ?', [id]),
      inlinePolicies: await count(
        this.db,
        "SELECT count(*) AS n FROM iam_inline_policies WHERE owner_kind = 'group' AND owner_id = ?",
        [id],
      ),
      attachedPolicies: await count(
        this.db,
        "SELECT count(*) AS n FROM iam_attachments WHERE owner_kind = 'group' AND owner_id = ?",
        [id],
      ),
    };
  }

  async delete(accountId: string, groupName: string): Promise<boolean> {
    return this.db.transaction(async () => {
      const deps = await this.dependents(accountId, groupName);
      if (!deps) return false;
      if (hasDependents({ ...deps })) throw new DependentsError('group', groupName, { ...deps });
      const r = await this.db.run('DELETE FROM iam_groups WHERE account_id = ? AND name_key = ?', [
        accountId,
        nameKey(groupName),
      ]);
      return r.changes > 0;
    });
  }

  count(accountId: string): Promise<number> {
    return count(this.db, 'SELECT count(*) AS n FROM iam_groups WHERE account_id = ?', [accountId]);
  }

  private async ids(
    accountId: string,
    groupName: string,
    userName: string,
  ): Promise<{ groupId: string; userId: string }> {
    const groupId = await ownerId(this.db, accountId, 'group', groupName);
    if (!groupId) throw new NotFoundError('group', groupName);
    const userId = await ownerId(this.db, accountId, 'user', userName);
    if (!userId) throw new NotFoundError('user', userName);
    return { groupId, userId };
  }
}
