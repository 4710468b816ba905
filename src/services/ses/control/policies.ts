/**
 * Sending authorization policies on identities (dg/sending-authorization-policies.html): resource
 * policies, checked by the same validator IAM's resource policies go through, at most 20 per
 * identity ("You can attach up to 20 policies to each identity") — shared by v1 PutIdentityPolicy
 * and v2 Create/UpdateEmailIdentityPolicy.
 */
import { validatePolicy } from '../../../iam/policy/validate.js';
import { invalidPrincipal } from '../../../iam/policy/validate-messages.js';
import type { Database } from '../../../store/index.js';
import {
  bindPrincipals,
  missingPrincipal,
  PrincipalDirectory,
  showPrincipals,
} from '../../iam/principal-ids.js';

export const MAX_POLICIES_PER_IDENTITY = 20;
/** API_PutIdentityPolicy.html: "The policy name cannot exceed 64 characters and can only include alphanumeric characters, dashes, and underscores." */
export const POLICY_NAME = { required: true, min: 1, max: 64, pattern: '[A-Za-z0-9_-]+' } as const;

/** The validator's message for a policy SES would refuse; undefined for a valid one. */
export function policyFault(text: string, partition: string): string | undefined {
  const result = validatePolicy(text, 'resource', { partition });
  return result.valid ? undefined : result.message;
}

/**
 * The policy as SES keeps it, or the fault to refuse it with. A sending authorization policy names
 * IAM users and roles as IAM's resource policies do: bound to their unique ids when written, so a
 * deleted and recreated user is not the one the policy was written for (services/iam/principal-ids.ts).
 * A principal that does not exist is refused: SES answers InvalidPolicy "invalid principal" for a
 * user it cannot find (hashicorp/terraform-provider-aws#22549); its exact text is not published, so
 * Pinpost uses IAM's (`Invalid principal in policy: "AWS":"…"`).
 */
export async function policyToStore(
  db: Database,
  text: string,
  partition: string,
): Promise<{ ok: true; text: string } | { ok: false; fault: string }> {
  const fault = policyFault(text, partition);
  if (fault) return { ok: false, fault };
  const directory = new PrincipalDirectory(db);
  const missing = await missingPrincipal(directory, text);
  if (missing !== undefined) return { ok: false, fault: invalidPrincipal('AWS', missing) };
  return { ok: true, text: await bindPrincipals(directory, text) };
}

/** Stored policies as SES shows them: each existing user or role by its ARN, a deleted one by its id. */
export async function shownPolicies(
  db: Database,
  policies: Record<string, string>,
): Promise<Record<string, string>> {
  const directory = new PrincipalDirectory(db);
  const shown: Record<string, string> = {};
  for (const [name, text] of Object.entries(policies)) shown[name] = await showPrincipals(directory, text);
  return shown;
}
