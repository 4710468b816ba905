import type { Tag } from '../iam/model.js';
import { rootArn } from '../iam/ids.js';
import type { IamStore } from '../iam/store.js';
import type { StsStore } from './store.js';

/** Which kind of principal signed: the root user, an IAM user, a role session, a federated user. */
export type PrincipalKind = 'Account' | 'User' | 'AssumedRole' | 'FederatedUser';

/**
 * Enough to authorize a request and to answer GetCallerIdentity (UserId, Account, Arn;
 * API_GetCallerIdentity.html: root's UserId is the account id, a role session's is
 * `AROA…:<session>`, a federated user's `<account>:<name>`).
 */
export interface CallerPrincipal {
  kind: PrincipalKind;
  accountId: string;
  arn: string;
  userId: string;
  userName?: string;
  roleName?: string;
  roleId?: string;
  roleArn?: string;
  sessionName?: string;
  /** aws:PrincipalTag/*: a user's tags; a role's tags overridden by its session tags. */
  tags: Tag[];
  /** ARN of the permissions boundary of the user or role, if any. */
  permissionsBoundaryArn?: string;
  sessionPolicy?: string;
  sessionPolicyArns: string[];
  transitiveTagKeys: string[];
  sourceIdentity?: string;
  /** Whether the credentials are temporary (any STS session, GetSessionToken's included). */
  temporary: boolean;
  /** A role session obtained by a role session (role chaining). */
  chained: boolean;
  /** When the session's creator proved an MFA code, if it did. */
  mfaAuthenticatedAt?: Date;
  /** A federated user: the IAM user's unique id who federated it, or the account id for root. */
  federatedBy?: string;
}

export interface FoundCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  /** A long-term key set Inactive by UpdateAccessKey: the request must be refused. */
  active: boolean;
  /** A session past its Expiration: the request must be refused with ExpiredToken. */
  expired: boolean;
  principal: CallerPrincipal;
}

/**
 * Session tags override role tags with the same key; keys compare without case ("Tag key–value
 * pairs are not case sensitive, but case is preserved", API_AssumeRole.html, Tags).
 */
export function mergeTags(base: readonly Tag[], override: readonly Tag[]): Tag[] {
  const merged = new Map(base.map((t) => [t.Key.toLowerCase(), t]));
  for (const t of override) merged.set(t.Key.toLowerCase(), t);
  return [...merged.values()];
}

const plain = { sessionPolicyArns: [], transitiveTagKeys: [], temporary: false, chained: false };

/** The root user's or an IAM user's principal, from IAM's rows. */
async function longTermPrincipal(
  iam: IamStore,
  accountId: string,
  userId: string | null,
): Promise<CallerPrincipal | undefined> {
  if (userId === null)
    return {
      kind: 'Account',
      accountId,
      arn: rootArn(await iam.accounts.partitionOf(accountId), accountId),
      userId: accountId,
      tags: [],
      ...plain,
    };
  const found = await iam.users.getById(userId);
  if (!found) return undefined;
  const u = found.user;
  const p: CallerPrincipal = {
    kind: 'User',
    accountId,
    arn: u.Arn,
    userId: u.UserId,
    userName: u.UserName,
    tags: u.Tags,
    ...plain,
  };
  if (u.PermissionsBoundary) p.permissionsBoundaryArn = u.PermissionsBoundary.PermissionsBoundaryArn;
  return p;
}

/**
 * Resolves an access key id to its secret, token, expiry and principal, looking first at IAM's
 * long-term keys (AKIA…, and configured root keys such as `test`) and then at STS sessions.
 * Undefined means the key is unknown (InvalidClientTokenId); `active`/`expired` let the caller
 * choose the other refusals. The HTTP layer's CredentialResolver adapts this.
 */
export async function findCredentials(
  iam: IamStore,
  sts: StsStore,
  accessKeyId: string,
  now = new Date(),
): Promise<FoundCredentials | undefined> {
  const key = await iam.accessKeys.find(accessKeyId);
  if (key) {
    const principal = await longTermPrincipal(iam, key.accountId, key.userId);
    if (!principal) return undefined;
    return {
      accessKeyId,
      secretAccessKey: key.key.SecretAccessKey,
      active: key.key.Status === 'Active',
      expired: false,
      principal,
    };
  }
  const found = await sts.sessions.find(accessKeyId, now);
  if (!found) return undefined;
  const s = found.session;
  const common = {
    sessionPolicyArns: s.policyArns,
    transitiveTagKeys: s.transitiveTagKeys,
    temporary: true,
    chained: s.chained,
    ...(s.policy !== undefined && { sessionPolicy: s.policy }),
    ...(s.sourceIdentity !== undefined && { sourceIdentity: s.sourceIdentity }),
    ...(s.mfaAuthenticatedAt !== undefined && { mfaAuthenticatedAt: s.mfaAuthenticatedAt }),
  };
  let principal: CallerPrincipal | undefined;
  if (s.kind === 'SessionToken') {
    const owner = await longTermPrincipal(iam, s.accountId, s.userId ?? null);
    principal = owner && { ...owner, ...common };
  } else if (s.kind === 'AssumedRole') {
    const role = s.roleId ? (await iam.roles.getById(s.roleId))?.role : undefined;
    principal = {
      kind: 'AssumedRole',
      accountId: s.accountId,
      arn: s.Arn,
      userId: s.principalId,
      roleName: s.roleName,
      roleId: s.roleId,
      roleArn: s.roleArn,
      sessionName: s.sessionName,
      tags: mergeTags(role?.Tags ?? [], s.tags),
      ...common,
    };
    if (role?.PermissionsBoundary)
      principal.permissionsBoundaryArn = role.PermissionsBoundary.PermissionsBoundaryArn;
  } else {
    principal = {
      kind: 'FederatedUser',
      accountId: s.accountId,
      arn: s.Arn,
      userId: s.principalId,
      sessionName: s.sessionName,
      tags: s.tags,
      federatedBy: s.userId ?? s.accountId,
      ...common,
    };
  }
  if (!principal) return undefined;
  return {
    accessKeyId,
    secretAccessKey: s.SecretAccessKey,
    sessionToken: s.SessionToken,
    expiration: s.Expiration,
    active: true,
    expired: found.expired,
    principal,
  };
}
