import { DependentsError, hasDependents, NotFoundError, paginate } from '../../store/index.js';
import type { Database, Page, PageRequest } from '../../store/index.js';
import {
  AWS_MANAGED_POLICIES,
  awsManagedPolicyArn,
  awsManagedPolicyRecord,
  awsManagedPolicyVersion,
  findAwsManagedPolicy,
  isAwsManagedPolicyArn,
} from './aws-managed-policies.js';
import { iamArn, newPolicyId, partitionOfArn } from './ids.js';
import type { ManagedPolicy, PolicyDependents, PolicyVersion, Tag } from './model.js';
import {
  count,
  date,
  insertUnique,
  iso,
  nameKey,
  parseTags,
  tagsText,
  partitionOfAccount,
} from './store-shared.js';

interface PolicyRow {
  policy_id: string;
  account_id: string;
  policy_name: string;
  name_key: string;
  path: string;
  arn: string;
  default_version_id: string;
  next_version: number;
  description: string | null;
  create_date: string;
  update_date: string;
  tags: string;
}

interface VersionRow {
  version_num: number;
  version_id: string;
  document: string;
  create_date: string;
}

const COLUMNS =
  'policy_id, account_id, policy_name, name_key, path, arn, default_version_id, next_version, description, ' +
  'create_date, update_date, tags';

/** A managed policy keeps at most five versions (reference_iam-quotas.html, API_CreatePolicyVersion.html). */
export const MAX_POLICY_VERSIONS = 5;

export interface CreatePolicyInput {
  PolicyName: string;
  Path?: string;
  PolicyDocument: string;
  Description?: string;
  Tags?: Tag[];
}

export interface ListPoliciesOptions extends PageRequest {
  /** ListPolicies Scope: All (default), AWS, Local. */
  scope?: 'All' | 'AWS' | 'Local';
  onlyAttached?: boolean;
  pathPrefix?: string;
}

/**
 * Customer managed policies and their versions, plus read access to AWS managed ones (which the
 * account cannot change). Every multi-row write (policy + v1, new default version, delete with
 * its versions) is one transaction.
 */
export class PolicyRepo {
  constructor(private readonly db: Database) {}

  async create(accountId: string, input: CreatePolicyInput, now = new Date()): Promise<ManagedPolicy> {
    const path = input.Path ?? '/';
    const id = newPolicyId();
    const partition = await partitionOfAccount(this.db, accountId);
    const arn = iamArn(partition, accountId, 'policy', path, input.PolicyName);
    return this.db.transaction(async () => {
      await insertUnique(
        this.db,
        'policy',
        input.PolicyName,
        `INSERT INTO iam_policies (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, 'v1', 2, ?, ?, ?, ?)`,
        [
          id,
          accountId,
          input.PolicyName,
          nameKey(input.PolicyName),
          path,
          arn,
          input.Description ?? null,
          iso(now),
          iso(now),
          tagsText(input.Tags),
        ],
      );
      await this.db.run(
        `INSERT INTO iam_policy_versions (policy_id, version_num, version_id, document, create_date)
         VALUES (?, 1, 'v1', ?, ?)`,
        [id, input.PolicyDocument, iso(now)],
      );
      return (await this.get(accountId, arn))!;
    });
  }

  /** GetPolicy: a customer managed policy of this account or an AWS managed policy. */
  async get(accountId: string, policyArn: string): Promise<ManagedPolicy | undefined> {
    if (isAwsManagedPolicyArn(policyArn)) {
      // Another partition's AWS managed policies are not this account's to see.
      const partition = await partitionOfAccount(this.db, accountId);
      const p = partitionOfArn(policyArn) === partition ? findAwsManagedPolicy(policyArn) : undefined;
      return p && awsManagedPolicyRecord(p, await this.usage(accountId, policyArn), partition);
    }
    const r = await this.row(accountId, policyArn);
    return r && this.toPolicy(r);
  }

  /** ListPolicies, sorted by name without case across both sources. */
  async list(accountId: string, opts: ListPoliciesOptions = {}): Promise<Page<ManagedPolicy>> {
    const scope = opts.scope ?? 'All';
    let all: ManagedPolicy[] = [];
    if (scope !== 'Local') {
      const partition = await partitionOfAccount(this.db, accountId);
      for (const p of AWS_MANAGED_POLICIES) {
        all.push((await this.get(accountId, awsManagedPolicyArn(p, partition)))!);
      }
    }
    if (scope !== 'AWS') {
      const rows = await this.db.all<PolicyRow>(`SELECT ${COLUMNS} FROM iam_policies WHERE account_id = ?`, [
        accountId,
      ]);
      for (const r of rows) all.push(await this.toPolicy(r));
    }
    if (opts.onlyAttached) all = all.filter((p) => p.AttachmentCount > 0);
    if (opts.pathPrefix) all = all.filter((p) => p.Path.startsWith(opts.pathPrefix!));
    // AWS and local names can coincide; the ARN breaks the tie so the marker stays unique.
    const key = (p: ManagedPolicy) => `${nameKey(p.PolicyName)} ${p.Arn}`;
    all.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    return paginate(all, opts, key);
  }

  async setTags(accountId: string, policyArn: string, tags: readonly Tag[]): Promise<boolean> {
    const r = await this.db.run('UPDATE iam_policies SET tags = ? WHERE account_id = ? AND arn = ?', [
      tagsText(tags),
      accountId,
      policyArn,
    ]);
    return r.changes > 0;
  }

  /** What DeletePolicy must find empty first (API_DeletePolicy.html). */
  async dependents(accountId: string, policyArn: string): Promise<PolicyDependents | undefined> {
    const r = await this.row(accountId, policyArn);
    if (!r) return undefined;
    const u = await this.usage(accountId, policyArn);
    const versions = await count(
      this.db,
      'SELECT count(*) AS n FROM iam_policy_versions WHERE policy_id = ?',
      [r.policy_id],
    );
    return {
      attachments: u.attachments,
      permissionsBoundaryUses: u.boundaryUses,
      nonDefaultVersions: versions - 1,
    };
  }

  /** Deletes a customer managed policy and its (default) version. */
  async delete(accountId: string, policyArn: string): Promise<boolean> {
    return this.db.transaction(async () => {
      const deps = await this.dependents(accountId, policyArn);
      if (!deps) return false;
      if (hasDependents({ ...deps })) throw new DependentsError('policy', policyArn, { ...deps });
      const r = (await this.row(accountId, policyArn))!;
      await this.db.run('DELETE FROM iam_policy_versions WHERE policy_id = ?', [r.policy_id]);
      await this.db.run('DELETE FROM iam_policies WHERE policy_id = ?', [r.policy_id]);
      return true;
    });
  }

  /**
   * CreatePolicyVersion. Version ids keep counting up (v1, v2, … never reused after a delete).
   * The five-version limit is the API layer's check, with {@link countVersions}.
   */
  async createVersion(
    accountId: string,
    policyArn: string,
    document: string,
    setAsDefault: boolean,
    now = new Date(),
  ): Promise<PolicyVersion> {
    return this.db.transaction(async () => {
      const r = await this.row(accountId, policyArn);
      if (!r) throw new NotFoundError('policy', policyArn);
      const versionId = `v${r.next_version}`;
      await this.db.run(
        'INSERT INTO iam_policy_versions (policy_id, version_num, version_id, document, create_date) VALUES (?, ?, ?, ?, ?)',
        [r.policy_id, r.next_version, versionId, document, iso(now)],
      );
      await this.db.run(
        'UPDATE iam_policies SET next_version = next_version + 1, default_version_id = ?, update_date = ? WHERE policy_id = ?',
        [
          setAsDefault ? versionId : r.default_version_id,
          setAsDefault ? iso(now) : r.update_date,
          r.policy_id,
        ],
      );
      return { VersionId: versionId, IsDefaultVersion: setAsDefault, Document: document, CreateDate: now };
    });
  }

  async getVersion(
    accountId: string,
    policyArn: string,
    versionId: string,
  ): Promise<PolicyVersion | undefined> {
    return (await this.versions(accountId, policyArn))?.find((v) => v.VersionId === versionId);
  }

  /** The default version's document: what evaluation uses. */
  async defaultDocument(accountId: string, policyArn: string): Promise<string | undefined> {
    const p = await this.get(accountId, policyArn);
    return p && (await this.getVersion(accountId, policyArn, p.DefaultVersionId))?.Document;
  }

  /** ListPolicyVersions (at most five, so unpaginated here); undefined if no such policy. */
  async versions(accountId: string, policyArn: string): Promise<PolicyVersion[] | undefined> {
    if (isAwsManagedPolicyArn(policyArn)) {
      const p = findAwsManagedPolicy(policyArn);
      return p && [awsManagedPolicyVersion(p)];
    }
    const r = await this.row(accountId, policyArn);
    if (!r) return undefined;
    const rows = await this.db.all<VersionRow>(
      'SELECT version_num, version_id, document, create_date FROM iam_policy_versions WHERE policy_id = ? ORDER BY version_num',
      [r.policy_id],
    );
    return rows.map((v) => ({
      VersionId: v.version_id,
      IsDefaultVersion: v.version_id === r.default_version_id,
      Document: v.document,
      CreateDate: date(v.create_date),
    }));
  }

  async countVersions(accountId: string, policyArn: string): Promise<number> {
    return (await this.versions(accountId, policyArn))?.length ?? 0;
  }

  /** SetDefaultPolicyVersion; false if the policy or version does not exist. */
  async setDefaultVersion(
    accountId: string,
    policyArn: string,
    versionId: string,
    now = new Date(),
  ): Promise<boolean> {
    return this.db.transaction(async () => {
      if (!(await this.getVersion(accountId, policyArn, versionId)) || isAwsManagedPolicyArn(policyArn))
        return false;
      await this.db.run(
        'UPDATE iam_policies SET default_version_id = ?, update_date = ? WHERE account_id = ? AND arn = ?',
        [versionId, iso(now), accountId, policyArn],
      );
      return true;
    });
  }

  /** DeletePolicyVersion of a non-default version; refusing the default one is the API's message. */
  async deleteVersion(accountId: string, policyArn: string, versionId: string): Promise<boolean> {
    return this.db.transaction(async () => {
      const r = await this.row(accountId, policyArn);
      if (!r) return false;
      if (r.default_version_id === versionId) {
        throw new DependentsError('policy version', `${policyArn} ${versionId}`, { defaultVersion: 1 });
      }
      const deleted = await this.db.run(
        'DELETE FROM iam_policy_versions WHERE policy_id = ? AND version_id = ?',
        [r.policy_id, versionId],
      );
      return deleted.changes > 0;
    });
  }

  /** Customer managed policies per account (quota 1,500 by default, reference_iam-quotas.html). */
  count(accountId: string): Promise<number> {
    return count(this.db, 'SELECT count(*) AS n FROM iam_policies WHERE account_id = ?', [accountId]);
  }

  private row(accountId: string, policyArn: string): Promise<PolicyRow | undefined> {
    return this.db.get<PolicyRow>(`SELECT ${COLUMNS} FROM iam_policies WHERE account_id = ? AND arn = ?`, [
      accountId,
      policyArn,
    ]);
  }

  private async usage(
    accountId: string,
    policyArn: string,
  ): Promise<{ attachments: number; boundaryUses: number }> {
    return {
      attachments: await count(
        this.db,
        'SELECT count(*) AS n FROM iam_attachments WHERE account_id = ? AND policy_arn = ?',
        [accountId, policyArn],
      ),
      boundaryUses:
        (await count(
          this.db,
          'SELECT count(*) AS n FROM iam_users WHERE account_id = ? AND permissions_boundary_arn = ?',
          [accountId, policyArn],
        )) +
        (await count(
          this.db,
          'SELECT count(*) AS n FROM iam_roles WHERE account_id = ? AND permissions_boundary_arn = ?',
          [accountId, policyArn],
        )),
    };
  }

  private async toPolicy(r: PolicyRow): Promise<ManagedPolicy> {
    const u = await this.usage(r.account_id, r.arn);
    const p: ManagedPolicy = {
      PolicyName: r.policy_name,
      PolicyId: r.policy_id,
      Arn: r.arn,
      Path: r.path,
      DefaultVersionId: r.default_version_id,
      AttachmentCount: u.attachments,
      PermissionsBoundaryUsageCount: u.boundaryUses,
      IsAttachable: true,
      CreateDate: date(r.create_date),
      UpdateDate: date(r.update_date),
      Tags: parseTags(r.tags),
    };
    if (r.description !== null) p.Description = r.description;
    return p;
  }
}
