/** Who is calling: the identity SigV4 (or an internal caller) established for a request. */
import type { PrincipalKind } from '../iam/policy/types.js';

/** The kinds a signed request can carry (the policy engine's kinds minus `Anonymous`). */
export type PrincipalType = Exclude<PrincipalKind, 'Anonymous'>;

export interface Principal {
  /** The 12-digit account the principal belongs to (the account the request acts in). */
  account: string;
  /**
   * `arn:aws:iam::111122223333:root` (or `arn:aws-us-gov:…`), `…:user/path/name`, `arn:aws:sts::111122223333:assumed-role/R/s`,
   * `…:federated-user/name`, or the service principal's name (`pinpoint.amazonaws.com`).
   */
  arn: string;
  kind: PrincipalType;
  /** `aws:userid`: AIDA… for users, `AROA…:session` for role sessions, the account id for root. */
  userId: string;
  /** `aws:username` (users only). */
  userName?: string;
  /** For role sessions: the role's ARN with its path. */
  roleArn?: string;
  roleName?: string;
  sessionName?: string;
  isRoot: boolean;
  /** `aws:PrincipalTag/*`: the user's or role's tags, plus session tags. */
  tags?: Record<string, string>;
  /** Session policies (JSON documents) passed to AssumeRole/GetFederationToken. */
  sessionPolicies?: string[];
  sessionManagedPolicyArns?: string[];
  sourceIdentity?: string;
  /**
   * A caller proven by a web identity token (AssumeRoleWithWebIdentity): the identity provider's
   * ARN, matched by `Federated` principals. It has no policies of its own.
   */
  federatedProvider?: string;
  /**
   * A federated user (GetFederationToken): the unique id of the IAM user who federated it, whose
   * permissions bound it, or the account id when the root user did.
   */
  federatedBy?: string;
  /** True for a session obtained by role chaining (limits its duration to one hour). */
  chained?: boolean;
  /** True for STS session credentials (aws:MultiFactorAuthPresent is present only for them). */
  temporary?: boolean;
  /** When the session's creator proved an MFA code (aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge). */
  mfaAuthenticatedAt?: Date;
}

/**
 * The root user of an account, as AWS names it (`aws:userid` of root is the account id), in the
 * account's partition.
 */
export function rootPrincipal(account: string, partition = 'aws'): Principal {
  return {
    account,
    arn: `arn:${partition}:iam::${account}:root`,
    kind: 'Account',
    userId: account,
    isRoot: true,
  };
}
