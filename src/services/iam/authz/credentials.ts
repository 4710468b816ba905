/**
 * SigV4's secrets from the stores: IAM users' and root users' access keys, and STS sessions. An
 * inactive key is unknown to SigV4 (InvalidClientTokenId, as AWS answers for a deactivated key);
 * an expired session is returned with its expiration so SigV4 answers ExpiredToken.
 */
import type { CredentialResolver, ResolvedCredentials } from '../../../wire/credentials.js';
import type { Principal } from '../../../wire/principal.js';
import { findCredentials, type CallerPrincipal } from '../../sts/store-credentials.js';
import type { StsStore } from '../../sts/store.js';
import type { IamStore } from '../store.js';

export function toWirePrincipal(p: CallerPrincipal): Principal {
  return {
    account: p.accountId,
    arn: p.arn,
    kind: p.kind,
    userId: p.userId,
    userName: p.userName,
    roleArn: p.roleArn,
    roleName: p.roleName,
    sessionName: p.sessionName,
    isRoot: p.kind === 'Account',
    tags: p.tags.length ? Object.fromEntries(p.tags.map((t) => [t.Key, t.Value])) : undefined,
    sessionPolicies: p.sessionPolicy ? [p.sessionPolicy] : undefined,
    sessionManagedPolicyArns: p.sessionPolicyArns.length ? p.sessionPolicyArns : undefined,
    sourceIdentity: p.sourceIdentity,
    chained: p.chained,
    temporary: p.temporary,
    ...(p.mfaAuthenticatedAt !== undefined && { mfaAuthenticatedAt: p.mfaAuthenticatedAt }),
    ...(p.federatedBy !== undefined && { federatedBy: p.federatedBy }),
  };
}

export class StoreCredentials implements CredentialResolver {
  constructor(
    private readonly iam: IamStore,
    private readonly sts: StsStore,
  ) {}

  async resolve(accessKeyId: string): Promise<ResolvedCredentials | undefined> {
    const found = await findCredentials(this.iam, this.sts, accessKeyId);
    if (!found || !found.active) return undefined;
    return {
      accessKeyId: found.accessKeyId,
      secretAccessKey: found.secretAccessKey,
      sessionToken: found.sessionToken,
      expiration: found.expiration,
      principal: toWirePrincipal(found.principal),
    };
  }
}
