import { NotFoundError, decodeMarker, pageSize, toPage } from '../../store/index.js';
import type { Database, Page, PageRequest } from '../../store/index.js';
import type { InlinePolicy, PrincipalEntityKind } from './model.js';
import { count, nameKey, ownerId } from './store-shared.js';

interface InlineRow {
  policy_name: string;
  name_key: string;
  document: string;
}

const toInline = (r: InlineRow): InlinePolicy => ({ PolicyName: r.policy_name, PolicyDocument: r.document });

/**
 * Inline policies of users, groups and roles (Put/Get/Delete/List{User,Group,Role}Policy). Their
 * names are compared without case like other IAM names (API_PutRolePolicy.html refers to the same
 * naming rules); a Put with an existing name replaces document and spelling. Size limits are the
 * policy engine's to check.
 */
export class InlinePolicyRepo {
  constructor(private readonly db: Database) {}

  /** Creates or replaces; throws NotFoundError if the owner does not exist. */
  async put(
    accountId: string,
    kind: PrincipalEntityKind,
    ownerName: string,
    policyName: string,
    document: string,
  ): Promise<void> {
    const id = await this.owner(accountId, kind, ownerName);
    await this.db.run(
      `INSERT INTO iam_inline_policies (account_id, owner_kind, owner_id, policy_name, name_key, document)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (owner_kind, owner_id, name_key) DO UPDATE SET policy_name = excluded.policy_name,
         document = excluded.document`,
      [accountId, kind, id, policyName, nameKey(policyName), document],
    );
  }

  async get(
    accountId: string,
    kind: PrincipalEntityKind,
    ownerName: string,
    policyName: string,
  ): Promise<InlinePolicy | undefined> {
    const id = await ownerId(this.db, accountId, kind, ownerName);
    if (!id) return undefined;
    const r = await this.db.get<InlineRow>(
      'SELECT policy_name, name_key, document FROM iam_inline_policies WHERE owner_kind = ? AND owner_id = ? AND name_key = ?',
      [kind, id, nameKey(policyName)],
    );
    return r && toInline(r);
  }

  /** List{User,Group,Role}Policies: names only, paginated. */
  async listNames(
    accountId: string,
    kind: PrincipalEntityKind,
    ownerName: string,
    req: PageRequest = {},
  ): Promise<Page<string>> {
    const id = await this.owner(accountId, kind, ownerName);
    const size = pageSize(req);
    const rows = await this.db.all<InlineRow>(
      `SELECT policy_name, name_key, document FROM iam_inline_policies
       WHERE owner_kind = ? AND owner_id = ? AND name_key > ? ORDER BY name_key LIMIT ?`,
      [kind, id, decodeMarker(req.marker), size + 1],
    );
    return toPage(
      rows,
      size,
      (r) => r.name_key,
      (r) => r.policy_name,
    );
  }

  /** Every inline policy of the owner with its document, for evaluation and account details. */
  async listAll(accountId: string, kind: PrincipalEntityKind, ownerName: string): Promise<InlinePolicy[]> {
    const id = await this.owner(accountId, kind, ownerName);
    return this.byOwnerId(kind, id);
  }

  async byOwnerId(kind: PrincipalEntityKind, id: string): Promise<InlinePolicy[]> {
    const rows = await this.db.all<InlineRow>(
      'SELECT policy_name, name_key, document FROM iam_inline_policies WHERE owner_kind = ? AND owner_id = ? ORDER BY name_key',
      [kind, id],
    );
    return rows.map(toInline);
  }

  async delete(
    accountId: string,
    kind: PrincipalEntityKind,
    ownerName: string,
    policyName: string,
  ): Promise<boolean> {
    const id = await ownerId(this.db, accountId, kind, ownerName);
    if (!id) return false;
    const r = await this.db.run(
      'DELETE FROM iam_inline_policies WHERE owner_kind = ? AND owner_id = ? AND name_key = ?',
      [kind, id, nameKey(policyName)],
    );
    return r.changes > 0;
  }

  async count(accountId: string, kind: PrincipalEntityKind, ownerName: string): Promise<number> {
    const id = await this.owner(accountId, kind, ownerName);
    return count(
      this.db,
      'SELECT count(*) AS n FROM iam_inline_policies WHERE owner_kind = ? AND owner_id = ?',
      [kind, id],
    );
  }

  private async owner(accountId: string, kind: PrincipalEntityKind, ownerName: string): Promise<string> {
    const id = await ownerId(this.db, accountId, kind, ownerName);
    if (!id) throw new NotFoundError(kind, ownerName);
    return id;
  }
}
