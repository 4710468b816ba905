/**
 * A role's trust policy as the resource-based policy of the role for the STS actions that assume
 * it (id_roles_terms-and-concepts.html, "Role trust policy"): it must allow by itself, and the
 * policy engine then applies AWS's rule that within one account a trust policy naming the caller
 * suffices while naming the account delegates to the caller's identity policy; across accounts
 * both sides must allow (reference_policies_evaluation-logic-cross-account.html).
 */
import type { Role } from '../model.js';
import type { IamStore } from '../store.js';
import type { ResourcePolicy, ResourcePolicyProvider } from './authorizer.js';

/**
 * The actions decided against the trust policy. sts:TagSession and sts:SetSourceIdentity are
 * authorized on the role alongside sts:AssumeRole (id_session-tags.html,
 * id_credentials_temp_control-access_monitor.html); IAM actions on a role (iam:GetRole …) are not:
 * a role has no resource policy for them.
 */
const TRUST_ACTIONS = new Set([
  'sts:assumerole',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
]);

const ROLE_ARN = /^arn:[a-z-]+:iam::(\d{12}):role\/(?:[\u0021-\u007e]*\/)?([\w+=,.@-]+)$/;

/** The account and role name of a role ARN (any path), or undefined when it names no role. */
export function parseRoleArn(arn: string): { account: string; roleName: string } | undefined {
  const m = ROLE_ARN.exec(arn);
  return m ? { account: m[1], roleName: m[2] } : undefined;
}

/** The role an ARN names, if it exists. The ARN's path must be the role's. */
export function findRoleByArn(store: IamStore, arn: string): Role | undefined {
  const parsed = parseRoleArn(arn);
  if (!parsed) return undefined;
  const role = store.roles.get(parsed.account, parsed.roleName);
  return role && role.Arn === arn ? role : undefined;
}

export function trustPolicyProvider(store: IamStore): ResourcePolicyProvider {
  return (action, resourceArn): ResourcePolicy | undefined => {
    if (!TRUST_ACTIONS.has(action.toLowerCase())) return undefined;
    const parsed = parseRoleArn(resourceArn);
    if (!parsed) return undefined;
    const role = findRoleByArn(store, resourceArn);
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
