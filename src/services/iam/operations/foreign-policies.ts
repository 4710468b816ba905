/**
 * Managed policies the caller's account does not own — AWS managed policies (account `aws`,
 * `arn:aws:iam::aws:policy/…`) or another account's — are another account's resources: the account
 * may read and attach AWS managed policies, but IAM refuses to change them with AccessDenied (403):
 * - CreatePolicyVersion: "Cannot create versions for policies outside your own account." (a user's
 *   record of trying to edit a permissions boundary another account owns, 2026);
 * - DeletePolicy: "Cannot delete policies outside your own account.";
 * - DeletePolicyVersion: "Cannot delete policy versions for policies outside your own account.";
 * - SetDefaultPolicyVersion: "Cannot update policies outside your own account." (these three as
 *   LocalStack's IAM provider answers them, localstack-core/localstack/services/iam/provider.py).
 * IAM checks the owner before the policy's existence or the request's document.
 */
import { accessDenied } from '../../../wire/errors.js';

export type PolicyChange =
  'DeletePolicy' | 'CreatePolicyVersion' | 'DeletePolicyVersion' | 'SetDefaultPolicyVersion';

const MESSAGES: Record<PolicyChange, string> = {
  DeletePolicy: 'Cannot delete policies outside your own account.',
  CreatePolicyVersion: 'Cannot create versions for policies outside your own account.',
  DeletePolicyVersion: 'Cannot delete policy versions for policies outside your own account.',
  SetDefaultPolicyVersion: 'Cannot update policies outside your own account.',
};

/** The account field of a policy ARN (`aws` for AWS managed policies), or undefined. */
function policyOwner(arn: string): string | undefined {
  return /^arn:[^:]*:iam::([^:]*):policy\//.exec(arn)?.[1];
}

/** Throws IAM's AccessDenied when `arn` is a policy of an account other than `account`. */
export function refuseForeignPolicyChange(change: PolicyChange, arn: string, account: string): void {
  const owner = policyOwner(arn);
  if (owner !== undefined && owner !== account) throw accessDenied(MESSAGES[change]);
}
