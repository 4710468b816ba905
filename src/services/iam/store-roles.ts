import {
  decodeMarker,
  DependentsError,
  hasDependents,
  NotFoundError,
  pageSize,
  toPage,
} from '../../store/index.js';
import type { Database, Page } from '../../store/index.js';
import { iamArn, newRoleId } from './ids.js';
import { DEFAULT_MAX_SESSION_DURATION, type Role, type RoleDependents, type Tag } from './model.js';
import { bindPrincipals, PrincipalDirectory, showPrincipals } from './principal-ids.js';
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

interface RoleRow {
  role_id: string;
  account_id: string;
  role_name: string;
  name_key: string;
  path: string;
  arn: string;
  create_date: string;
  assume_role_policy_document: string;
  description: string | null;
  max_session_duration: number;
  permissions_boundary_arn: string | null;
  last_used_date: string | null;
  last_used_region: string | null;
  tags: string;
}

const COLUMNS =
  'role_id, account_id, role_name, name_key, path, arn, create_date, assume_role_policy_document, description, ' +
  'max_session_duration, permissions_boundary_arn, last_used_date, last_used_region, tags';

async function toRole(r: RoleRow, principals: PrincipalDirectory): Promise<Role> {
  const role: Role = {
    Path: r.path,
    RoleName: r.role_name,
    RoleId: r.role_id,
    Arn: r.arn,
    CreateDate: date(r.create_date),
    // Stored with unique ids; shown with the ARNs of the users and roles that still exist.
    AssumeRolePolicyDocument: await showPrincipals(principals, r.assume_role_policy_document),
    MaxSessionDuration: r.max_session_duration,
    Tags: parseTags(r.tags),
  };
  if (r.description !== null) role.Description = r.description;
  if (r.permissions_boundary_arn) {
    role.PermissionsBoundary = {
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: r.permissions_boundary_arn,
    };
  }
  if (r.last_used_date) {
    role.RoleLastUsed = { LastUsedDate: optDate(r.last_used_date) };
    if (r.last_used_region) role.RoleLastUsed.Region = r.last_used_region;
  }
  return role;
}

export interface CreateRoleInput {
  RoleName: string;
  Path?: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration?: number;
  PermissionsBoundary?: string;
  Tags?: Tag[];
}

/**
 * Roles. A trust policy is stored with its user and role principals bound to their unique ids and
 * read back with the ARNs of those that still exist (principal-ids.ts), so a deleted and recreated
 * principal is not trusted by a policy written for its predecessor.
 */
export class RoleRepo {
  private readonly principals: PrincipalDirectory;

  constructor(private readonly db: Database) {
    this.principals = new PrincipalDirectory(db);
  }

  private readonly toRole = (r: RoleRow): Promise<Role> => toRole(r, this.principals);

  async create(accountId: string, input: CreateRoleInput, now = new Date()): Promise<Role> {
    const path = input.Path ?? '/';
    const id = newRoleId();
    await insertUnique(
      this.db,
      'role',
      input.RoleName,
      `INSERT INTO iam_roles (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)`,
      [
        id,
        accountId,
        input.RoleName,
        nameKey(input.RoleName),
        path,
        iamArn(await partitionOfAccount(this.db, accountId), accountId, 'role', path, input.RoleName),
        iso(now),
        await bindPrincipals(this.principals, input.AssumeRolePolicyDocument),
        input.Description ?? null,
        input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
        input.PermissionsBoundary ?? null,
        tagsText(input.Tags),
      ],
    );
    return (await this.getById(id))!.role;
  }

  async get(accountId: string, roleName: string): Promise<Role | undefined> {
    const r = await this.db.get<RoleRow>(
      `SELECT ${COLUMNS} FROM iam_roles WHERE account_id = ? AND name_key = ?`,
      [accountId, nameKey(roleName)],
    );
    return r && this.toRole(r);
  }

  /** By RoleId: sessions and trust policies name roles by id once created. */
  async getById(roleId: string): Promise<{ accountId: string; role: Role } | undefined> {
    const r = await this.db.get<RoleRow>(`SELECT ${COLUMNS} FROM iam_roles WHERE role_id = ?`, [roleId]);
    return r && { accountId: r.account_id, role: await this.toRole(r) };
  }

  async list(accountId: string, opts: ListOptions = {}): Promise<Page<Role>> {
    const f = pathPrefixFilter('path', opts.pathPrefix);
    const size = pageSize(opts);
    const rows = await this.db.all<RoleRow>(
      `SELECT ${COLUMNS} FROM iam_roles WHERE account_id = ? AND name_key > ?${f.sql} ORDER BY name_key LIMIT ?`,
      [accountId, decodeMarker(opts.marker), ...f.params, size + 1],
    );
    const page = toPage(
      rows,
      size,
      (r) => r.name_key,
      (r) => r,
    );
    const items: Role[] = [];
    for (const r of page.items) items.push(await this.toRole(r));
    return { ...page, items };
  }

  /**
   * UpdateRole / UpdateRoleDescription. `Description: null` removes it; an absent field is left
   * as it is. Roles cannot be renamed in IAM.
   */
  async update(
    accountId: string,
    roleName: string,
    change: { Description?: string | null; MaxSessionDuration?: number },
  ): Promise<Role> {
    return this.db.transaction(async () => {
      const role = await this.get(accountId, roleName);
      if (!role) throw new NotFoundError('role', roleName);
      const description = change.Description === undefined ? (role.Description ?? null) : change.Description;
      await this.db.run('UPDATE iam_roles SET description = ?, max_session_duration = ? WHERE role_id = ?', [
        description,
        change.MaxSessionDuration ?? role.MaxSessionDuration,
        role.RoleId,
      ]);
      return (await this.getById(role.RoleId))!.role;
    });
  }

  async updateAssumeRolePolicy(accountId: string, roleName: string, document: string): Promise<boolean> {
    return this.set(
      accountId,
      roleName,
      'assume_role_policy_document',
      await bindPrincipals(this.principals, document),
    );
  }

  setTags(accountId: string, roleName: string, tags: readonly Tag[]): Promise<boolean> {
    return this.set(accountId, roleName, 'tags', tagsText(tags));
  }

  setPermissionsBoundary(
    accountId: string,
    roleName: string,
    policyArn: string | undefined,
  ): Promise<boolean> {
    return this.set(accountId, roleName, 'permissions_boundary_arn', policyArn ?? null);
  }

  /** RoleLastUsed: set when a session of the role is issued (AssumeRole). */
  async recordUse(roleId: string, when: Date, region: string): Promise<void> {
    await this.db.run('UPDATE iam_roles SET last_used_date = ?, last_used_region = ? WHERE role_id = ?', [
      iso(when),
      region,
      roleId,
    ]);
  }

  /** Policies DeleteRole must find gone first (API_DeleteRole.html); instance profiles are checked by the operation. */
  async dependents(accountId: string, roleName: string): Promise<RoleDependents | undefined> {
    const role = await this.get(accountId, roleName);
    if (!role) return undefined;
    return {
      inlinePolicies: await count(
        this.db,
        "SELECT count(*) AS n FROM iam_inline_policies WHERE owner_kind = 'role' AND owner_id = ?",
        [role.RoleId],
      ),
      attachedPolicies: await count(
        this.db,
        "SELECT count(*) AS n FROM iam_attachments WHERE owner_kind = 'role' AND owner_id = ?",
        [role.RoleId],
      ),
    };
  }

  async delete(accountId: string, roleName: string): Promise<boolean> {
    return this.db.transaction(async () => {
      const deps = await this.dependents(accountId, roleName);
      if (!deps) return false;
      if (hasDependents({ ...deps })) throw new DependentsError('role', roleName, { ...deps });
      const r = await this.db.run('DELETE FROM iam_roles WHERE account_id = ? AND name_key = ?', [
        accountId,
        nameKey(roleName),
      ]);
      return r.changes > 0;
    });
  }

  /** Roles per account: quota 1,000 by default (reference_iam-quotas.html). */
  count(accountId: string): Promise<number> {
    return count(this.db, 'SELECT count(*) AS n FROM iam_roles WHERE account_id = ?', [accountId]);
  }

  private async set(
    accountId: string,
    roleName: string,
    column: string,
    value: string | null,
  ): Promise<boolean> {
    const r = await this.db.run(`UPDATE iam_roles SET ${column} = ? WHERE account_id = ? AND name_key = ?`, [
      value,
      accountId,
      nameKey(roleName),
    ]);
    return r.changes > 0;
  }
}
