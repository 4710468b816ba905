/**
 * Sending authorization policies on identities (dg/sending-authorization-policies.html): resource
 * policies, checked by the same validator IAM's resource policies go through, at most 20 per
 * identity ("You can attach up to 20 policies to each identity") — shared by v1 PutIdentityPolicy
 * and v2 Create/UpdateEmailIdentityPolicy.
 */
import { validatePolicy } from '../../../iam/policy/validate.js';

export const MAX_POLICIES_PER_IDENTITY = 20;
/** API_PutIdentityPolicy.html: "The policy name cannot exceed 64 characters and can only include alphanumeric characters, dashes, and underscores." */
export const POLICY_NAME = { required: true, min: 1, max: 64, pattern: '[A-Za-z0-9_-]+' } as const;

/** The validator's message for a policy SES would refuse; undefined for a valid one. */
export function policyFault(text: string, partition: string): string | undefined {
  const result = validatePolicy(text, 'resource', { partition });
  return result.valid ? undefined : result.message;
}
