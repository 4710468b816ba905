/**
 * A role's trust policy is the resource-based policy of the role for the STS actions that assume it
 * (id_roles_terms-and-concepts.html, "Role trust policy"), and one that must allow by itself: "IAM
 * role trust policies and KMS key policies are exceptions … because they must explicitly allow
 * access for principals" (reference_policies_evaluation-logic.html, "Resource-based policies").
 * The server (services/iam/authz/trust-provider.ts) and the simulator decide these actions on a
 * role ARN with the same rule, from here.
 */

/**
 * The actions decided against the trust policy: the AssumeRole family, and sts:TagSession,
 * sts:SetSourceIdentity and sts:SetContext, which are authorized on the role alongside them
 * (id_session-tags.html, id_credentials_temp_control-access_monitor.html). IAM actions on a role
 * (iam:GetRole …) are not: a role has no resource policy for them.
 */
const TRUST_ACTIONS: ReadonlySet<string> = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
]);

const ROLE_ARN = /^arn:[a-z-]+:iam::(\d{12}):role\/(?:[\u0021-\u007e]*\/)?([\w+=,.@-]+)$/;

/** True for an action (any case) that a role's trust policy decides. */
export function isRoleTrustAction(action: string): boolean {
  // Only names that start like an STS action can be one: skip lower-casing every other action.
  const c = action.charCodeAt(0) | 0x20;
  return c === 115 /* s */ && TRUST_ACTIONS.has(action.toLowerCase());
}

/** The account and role name of a role ARN (any path), or undefined when it names no role. */
export function parseRoleArn(arn: string): { account: string; roleName: string } | undefined {
  const m = ROLE_ARN.exec(arn);
  return m ? { account: m[1], roleName: m[2] } : undefined;
}
