/**
 * A role's trust policy as the resource-based policy of the role for the STS actions that assume
 * it (id_roles_terms-and-concepts.html, "Role trust policy"): it must allow by itself, and the
 * policy engine then applies AWS's rule that within one account a trust policy naming the caller
 * suffices while naming the account delegates to the caller's identity policy; across accounts
 * both sides must allow (reference_policies_evaluation-logic-cross-account.html).
 */
import { isRoleTrustAction, parseRoleArn } from '../../../iam/policy/role-trust.js';
import type { Role } from '../model.js';
import type { IamStore } from '../store.js';
import type { ResourcePolicy, ResourcePolicyProvider } from './authorizer.js';

export { parseRoleArn };

/** The role an ARN names, if it exists. The ARN's path must be the role's. */
export async function findRoleByArn(store: IamStore, arn: string): Promise<Role | undefined> {
  const parsed = parseRoleArn(arn);
  if (!parsed) return undefined;
  const role = await store.roles.get(parsed.account, parsed.roleName);
  return role && role.Arn === arn ? role : undefined;
}

export function trustPolicyProvider(store: IamStore): ResourcePolicyProvider {
  return async (action, resourceArn): Promise<ResourcePolicy | undefined> => {
    if (!isRoleTrustAction(action)) return undefined;
    const parsed = parseRoleArn(resourceArn);
    if (!parsed) return undefined;
    const role = await findRoleByArn(store, resourceArn);
    // A role that does not exist has no trust policy that could allow: the required policy is
    // empty, so the request is denied with the same AccessDenied text as a refusing trust policy
    // (AWS does not reveal whether the role exists).
    return {
      id: role ? `${role.Arn}/trust-policy` : `${resourceArn}/missing`,
      type: 'trust',
      text: role?.AssumeRolePolicyDocument ?? '',
      owner: parsed.account,
      required: true,
    };
  };
}
