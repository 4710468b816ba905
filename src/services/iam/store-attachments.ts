import { NotFoundError, paginate } from '../../store/index.js';
import type { Database, Page, PageRequest } from '../../store/index.js';
import type { AttachedPolicy, PrincipalEntityKind } from './model.js';
import { count, ownerId } from './store-shared.js';

/** A managed policy ARN's path and name: arn:aws:iam::<acct|aws>:policy<path><name>. */
export function splitPolicyArn(arn: string): { path: string; name: string } {
  const rest = arn.slice(arn.indexOf(':policy/') + ':policy'.length);
  const cut = rest.lastIndexOf('/');
  return { path: rest.slice(0, cut + 1), name: rest.slice(cut + 1) };
}

export interface PolicyEntities {
  PolicyUsers: { UserName: string; UserId: string }[];
  PolicyGroups: { GroupName: string; GroupId: string }[];
  PolicyRoles: { RoleName: string; RoleId: string }[];
}

/**
 * Managed policies attached to users, groups and roles, by policy ARN (customer managed or AWS
 * managed alike). Whether the policy exists and the per-entity quota (10 managed policies per
 * role, user or group by default, reference_iam-quotas.html) are the API layer's checks, with
 * {@link count} to hand.
 */
export class AttachmentRepo {
  constructor(private readonly db: Database) {}

  /** Attach{User,Group,Role}Policy; false when already attached (IAM answers success). */
  async attach(
    accountId: string,
    kind: PrincipalEntityKind,
    ownerName: string,
    policyArn: string,
  ): Promise<boolean> {
    const id = await this.owner(accountId, kind, ownerName);
    const r = await this.db.run(
      `INSERT INTO iam_attachments (account_id, owner_kind, owner_id, policy_arn) VALUES (?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      [accountId, kind, id, policyArn],
    );
    return r.changes > 0;
  }

  /** Detach…Policy; false when it was not attached (IAM answers NoSuchEntity). */
  async detach(
    accountId: string,
    kind: PrincipalEntityKind,
    ownerName: string,
    policyArn: string,
  ): Promise<boolean> {
    const id = await this.owner(accountId, kind, ownerName);
    const r = await this.db.run(
      'DELETE FROM iam_attachments WHERE owner_kind = ? AND owner_id = ? AND policy_arn = ?',
      [kind, id, policyArn],
    );
    return r.changes > 0;
  }

  /** ListAttached{User,Group,Role}Policies, with PathPrefix on the policy's path. */
  async list(
    accountId: string,
    kind: PrincipalEntityKind,
    ownerName: string,
    opts: PageRequest & { pathPrefix?: string } = {},
  ): Promise<Page<AttachedPolicy>> {
    const arns = await this.arnsByOwnerId(kind, await this.owner(accountId, kind, ownerName));
    const items = arns
      .map((arn) => ({ arn, ...splitPolicyArn(arn) }))
      .filter((p) => !opts.pathPrefix || p.path.startsWith(opts.pathPrefix))
      .map((p) => ({ PolicyName: p.name, PolicyArn: p.arn }));
    return paginate(items, opts, (p) => p.PolicyArn);
  }

  async arnsByOwnerId(kind: PrincipalEntityKind, id: string): Promise<string[]> {
    const rows = await this.db.all<{ policy_arn: string }>(
      'SELECT policy_arn FROM iam_attachments WHERE owner_kind = ? AND owner_id = ? ORDER BY policy_arn',
      [kind, id],
    );
    return rows.map((r) => r.policy_arn);
  }

  /** Managed policies attached to one entity: the per-entity quota's numerator. */
  async count(accountId: string, kind: PrincipalEntityKind, ownerName: string): Promise<number> {
    const id = await this.owner(accountId, kind, ownerName);
    return count(this.db, 'SELECT count(*) AS n FROM iam_attachments WHERE owner_kind = ? AND owner_id = ?', [
      kind,
      id,
    ]);
  }

  /** The policy's AttachmentCount in this account. */
  countForPolicy(accountId: string, policyArn: string): Promise<number> {
    return count(
      this.db,
      'SELECT count(*) AS n FROM iam_attachments WHERE account_id = ? AND policy_arn = ?',
      [accountId, policyArn],
    );
  }

  /** ListEntitiesForPolicy. */
  async entitiesForPolicy(accountId: string, policyArn: string): Promise<PolicyEntities> {
    const q = (table: string, idCol: string, nameCol: string, kind: PrincipalEntityKind) =>
      this.db.all<{ id: string; name: string }>(
        `SELECT t.${idCol} AS id, t.${nameCol} AS name FROM iam_attachments a JOIN ${table} t ON t.${idCol} = a.owner_id
         WHERE a.account_id = ? AND a.policy_arn = ? AND a.owner_kind = ? ORDER BY t.name_key`,
        [accountId, policyArn, kind],
      );
    return {
      PolicyUsers: (await q('iam_users', 'user_id', 'user_name', 'user')).map((r) => ({
        UserName: r.name,
        UserId: r.id,
      })),
      PolicyGroups: (await q('iam_groups', 'group_id', 'group_name', 'group')).map((r) => ({
        GroupName: r.name,
        GroupId: r.id,
      })),
      PolicyRoles: (await q('iam_roles', 'role_id', 'role_name', 'role')).map((r) => ({
        RoleName: r.name,
        RoleId: r.id,
      })),
    };
  }

  private async owner(accountId: string, kind: PrincipalEntityKind, ownerName: string): Promise<string> {
    const id = await ownerId(this.db, accountId, kind, ownerName);
    if (!id) throw new NotFoundError(kind, ownerName);
    return id;
  }
}
