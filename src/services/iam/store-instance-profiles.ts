import { randomBytes } from 'node:crypto';
import {
  decodeMarker,
  pageSize,
  toPage,
  type Database,
  type Page,
  type PageRequest,
} from '../../store/index.js';
import { ID_ALPHABET } from './ids.js';
import type { Role, Tag } from './model.js';
import type { RoleRepo } from './store-roles.js';
import {
  count,
  date,
  insertUnique,
  iso,
  nameKey,
  parseTags,
  partitionOfAccount,
  pathPrefixFilter,
  tagsText,
  type ListOptions,
} from './store-shared.js';

export interface InstanceProfile {
  Path: string;
  InstanceProfileName: string;
  InstanceProfileId: string;
  Arn: string;
  CreateDate: Date;
  Roles: Role[];
  Tags: Tag[];
}

interface ProfileRow {
  instance_profile_id: string;
  instance_profile_name: string;
  name_key: string;
  path: string;
  arn: string;
  create_date: string;
  tags: string;
}

const COLUMNS =
  'p.instance_profile_id, p.instance_profile_name, p.name_key, p.path, p.arn, p.create_date, p.tags';

/**
 * Instance profile ids start `AIPA` (reference_identifiers.html, "Understanding unique ID
 * prefixes": AIPA, instance profile), then 17 base32 characters like the other unique ids.
 */
export function newInstanceProfileId(): string {
  const bytes = randomBytes(17);
  let s = 'AIPA';
  for (const b of bytes) s += ID_ALPHABET[b % ID_ALPHABET.length];
  return s;
}

/**
 * Instance profiles and the role each holds (at most one: the operations refuse a second, the
 * table would hold more, as IAM's model does). Roles are linked by unique id, so a role deleted
 * and recreated under the same name is not in its predecessor's profiles.
 */
export class InstanceProfileRepo {
  constructor(
    private readonly db: Database,
    private readonly roles: RoleRepo,
  ) {}

  private async toProfile(r: ProfileRow): Promise<InstanceProfile> {
    const ids = await this.db.all<{ role_id: string }>(
      'SELECT role_id FROM iam_instance_profile_roles WHERE instance_profile_id = ? ORDER BY role_id',
      [r.instance_profile_id],
    );
    const roles: Role[] = [];
    for (const { role_id } of ids) {
      const found = await this.roles.getById(role_id);
      if (found) roles.push(found.role);
    }
    return {
      Path: r.path,
      InstanceProfileName: r.instance_profile_name,
      InstanceProfileId: r.instance_profile_id,
      Arn: r.arn,
      CreateDate: date(r.create_date),
      Roles: roles,
      Tags: parseTags(r.tags),
    };
  }

  async create(
    accountId: string,
    input: { InstanceProfileName: string; Path: string; Tags?: Tag[] },
    now: Date,
  ): Promise<InstanceProfile> {
    const id = newInstanceProfileId();
    const partition = await partitionOfAccount(this.db, accountId);
    await insertUnique(
      this.db,
      'instance profile',
      input.InstanceProfileName,
      'INSERT INTO iam_instance_profiles (instance_profile_id, account_id, instance_profile_name, name_key, path, arn, create_date, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [
        id,
        accountId,
        input.InstanceProfileName,
        nameKey(input.InstanceProfileName),
        input.Path,
        `arn:${partition}:iam::${accountId}:instance-profile${input.Path}${input.InstanceProfileName}`,
        iso(now),
        tagsText(input.Tags),
      ],
    );
    return (await this.get(accountId, input.InstanceProfileName))!;
  }

  async get(accountId: string, name: string): Promise<InstanceProfile | undefined> {
    const r = await this.db.get<ProfileRow>(
      `SELECT ${COLUMNS} FROM iam_instance_profiles p WHERE p.account_id = ? AND p.name_key = ?`,
      [accountId, nameKey(name)],
    );
    return r && this.toProfile(r);
  }

  async list(accountId: string, opts: ListOptions = {}): Promise<Page<InstanceProfile>> {
    const f = pathPrefixFilter('p.path', opts.pathPrefix);
    const size = pageSize(opts);
    const rows = await this.db.all<ProfileRow>(
      `SELECT ${COLUMNS} FROM iam_instance_profiles p WHERE p.account_id = ? AND p.name_key > ?${f.sql} ORDER BY p.name_key LIMIT ?`,
      [accountId, decodeMarker(opts.marker), ...f.params, size + 1],
    );
    return this.page(rows, size);
  }

  /** ListInstanceProfilesForRole: the profiles holding the role with this unique id. */
  async listForRole(roleId: string, req: PageRequest): Promise<Page<InstanceProfile>> {
    const size = pageSize(req);
    const rows = await this.db.all<ProfileRow>(
      `SELECT ${COLUMNS} FROM iam_instance_profiles p JOIN iam_instance_profile_roles m ON m.instance_profile_id = p.instance_profile_id WHERE m.role_id = ? AND p.name_key > ? ORDER BY p.name_key LIMIT ?`,
      [roleId, decodeMarker(req.marker), size + 1],
    );
    return this.page(rows, size);
  }

  private async page(rows: ProfileRow[], size: number): Promise<Page<InstanceProfile>> {
    const page = toPage(
      rows,
      size,
      (r) => r.name_key,
      (r) => r,
    );
    const items: InstanceProfile[] = [];
    for (const r of page.items) items.push(await this.toProfile(r));
    return { ...page, items };
  }

  async addRole(profileId: string, roleId: string): Promise<void> {
    await this.db.run('INSERT INTO iam_instance_profile_roles (instance_profile_id, role_id) VALUES (?, ?)', [
      profileId,
      roleId,
    ]);
  }

  async removeRole(profileId: string, roleId: string): Promise<boolean> {
    const r = await this.db.run(
      'DELETE FROM iam_instance_profile_roles WHERE instance_profile_id = ? AND role_id = ?',
      [profileId, roleId],
    );
    return r.changes > 0;
  }

  /** How many profiles hold the role: DeleteRole refuses while any does. */
  countForRole(roleId: string): Promise<number> {
    return count(this.db, 'SELECT count(*) AS n FROM iam_instance_profile_roles WHERE role_id = ?', [roleId]);
  }

  /** Instance profiles per account: GetAccountSummary's InstanceProfiles and the 1,000 quota. */
  count(accountId: string): Promise<number> {
    return count(this.db, 'SELECT count(*) AS n FROM iam_instance_profiles WHERE account_id = ?', [
      accountId,
    ]);
  }

  async setTags(profileId: string, tags: readonly Tag[]): Promise<void> {
    await this.db.run('UPDATE iam_instance_profiles SET tags = ? WHERE instance_profile_id = ?', [
      tagsText(tags),
      profileId,
    ]);
  }

  async delete(profileId: string): Promise<void> {
    await this.db.run('DELETE FROM iam_instance_profiles WHERE instance_profile_id = ?', [profileId]);
  }
}
