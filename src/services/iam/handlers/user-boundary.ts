/**
 * Permissions boundaries named by CreateUser and PutUserPermissionsBoundary: a managed policy ARN
 * (customer managed in this account, or AWS managed) that exists. The condition key
 * iam:PermissionsBoundary carries it (list_awsidentityandaccessmanagementiam.html: iam:CreateUser,
 * iam:PutUserPermissionsBoundary and iam:DeleteUserPermissionsBoundary take it).
 */
import type { ContextKeyValue } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import { invalidInput, noSuchEntity } from '../errors.js';

const POLICY_ARN = /^arn:[\w-]+:iam::(aws|\d{12}):policy\/.+/;

export async function checkBoundary(deps: IamDeps, account: string, arn: string): Promise<void> {
  // moto's text for an ARN that names no policy (moto/iam/models.py, create_user/create_role).
  if (!POLICY_ARN.test(arn))
    throw invalidInput(`Value (${arn}) for parameter PermissionsBoundary is invalid.`);
  // IAM's text for a boundary policy that does not exist, as `rosa create operator-roles
  // --permissions-boundary` shows it from CreateRole: "NoSuchEntity: Scope ARN: arn:… does not
  // exist or is not attachable." (status 404).
  if (!(await deps.store.policies.get(account, arn))) {
    throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
  }
}

export function boundaryKey(arn: string | undefined): Record<string, ContextKeyValue> {
  return arn ? { 'iam:PermissionsBoundary': { values: [arn], list: false } } : {};
}
