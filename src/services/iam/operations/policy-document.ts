/**
 * Policy documents at the API boundary: validated by the policy engine's document stage with IAM's
 * MalformedPolicyDocument / LimitExceeded texts, trust-policy principals checked against the
 * store, inline quotas summed over the entity, and documents URL-encoded on output as IAM returns
 * them ("The policy document returned in this structure is URL-encoded compliant with RFC 3986",
 * IAM model, shape PolicyVersion.Document; API_GetRolePolicy.html).
 */
import { sizeQuotaFor } from '../../../iam/policy/limits.js';
import type { PolicyDocument, PolicyType } from '../../../iam/policy/types.js';
import { limitExceededMessage, policySize, validatePolicy } from '../../../iam/policy/validate.js';
import { invalidPrincipal } from '../../../iam/policy/validate-messages.js';
import { limitExceeded, malformedPolicyDocument } from '../errors.js';
import type { PrincipalEntityKind } from '../model.js';
import { missingPrincipal, PrincipalDirectory } from '../principal-ids.js';
import { nameKey } from '../store-shared.js';
import type { IamStore } from '../store.js';

/**
 * RFC 3986 percent-encoding as IAM applies it: `{"a": "*"}` → `%7B%22a%22%3A%20%22*%22%7D`
 * (API_GetPolicyVersion.html's example keeps `*` and encodes spaces as %20). boto3 and the AWS CLI
 * decode it (botocore handlers.json_decode_policies); the JavaScript SDK hands it over as sent.
 */
export const encodeDocument = (text: string): string => encodeURIComponent(text);

export interface DocumentOptions {
  partition: string;
  inlineOwner?: PrincipalEntityKind;
  entityName?: string;
}

/** Throws IAM's error for a document IAM would not store as a policy of this type. */
export function requireValidDocument(
  text: string,
  type: PolicyType,
  options: DocumentOptions,
): PolicyDocument {
  const result = validatePolicy(text, type, {
    partition: options.partition,
    ...(options.inlineOwner ? { inlineOwner: options.inlineOwner } : {}),
    ...(options.entityName !== undefined ? { entityName: options.entityName } : {}),
  });
  if (result.valid) return result.doc;
  if (result.code === 'LimitExceeded') throw limitExceeded(result.message);
  throw malformedPolicyDocument(result.message);
}

/**
 * Inline quotas are per entity, over all its inline policies together (reference_iam-quotas.html;
 * src/iam/policy/limits.ts): the others plus this one, a same-named one being replaced.
 */
export async function requireInlineRoom(
  store: IamStore,
  account: string,
  kind: PrincipalEntityKind,
  ownerName: string,
  policyName: string,
  text: string,
): Promise<void> {
  const quota = sizeQuotaFor('identity', kind, undefined)!;
  const others = (await store.inlinePolicies.listAll(account, kind, ownerName))
    .filter((p) => nameKey(p.PolicyName) !== nameKey(policyName))
    .reduce((sum, p) => sum + policySize(p.PolicyDocument), 0);
  if (others + policySize(text) > quota.max) throw limitExceeded(limitExceededMessage(quota, ownerName));
}

/**
 * A trust policy naming an IAM user or role that does not exist is refused with
 * `Invalid principal in policy: "AWS":"ARN"` (MalformedPolicyDocument): IAM stores the principal's
 * unique id, so it must exist (reference_policies_elements_principal.html, "IAM role principals";
 * databrickslabs/ucx#2269). So is a unique id naming no entity, such as a deleted principal's id
 * copied back from GetRole: "you must either remove the principal ID or replace it with a valid
 * Principal ARN" (repost.aws/knowledge-center/iam-resource-policy-format). Accounts this server does
 * not hold cannot be checked and are accepted.
 */
export async function requireExistingPrincipals(store: IamStore, text: string): Promise<void> {
  const missing = await missingPrincipal(new PrincipalDirectory(store.db), text);
  if (missing !== undefined) throw malformedPolicyDocument(invalidPrincipal('AWS', missing));
}
