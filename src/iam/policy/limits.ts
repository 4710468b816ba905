/**
 * IAM's policy size quotas (reference_iam-quotas.html, "IAM and STS character limits") and the
 * texts IAM answers with when one is exceeded.
 *
 * Contract with the API layer: validatePolicy checks one document against the quota of its type.
 * For inline policies the quota is the aggregate of all inline policies of the user, group or role,
 * so the API layer (which knows the others) must also sum `policySize` over the entity's other
 * inline policies plus this one and compare with `quota.max`; `limitExceededMessage(quota, name)`
 * then builds IAM's text with the entity's name.
 */
import type { InlineOwner, PolicyType } from './types.js';

export interface SizeQuota {
  /** IAM's quota name as it appears in the message (PolicySize, ACLSizePerRole) or the owner kind. */
  name: string;
  max: number;
  /** For inline quotas, whose: the message names the entity. */
  owner?: InlineOwner;
}

/** reference_iam-quotas.html: inline policies, aggregate per entity. */
const INLINE_MAX: Record<InlineOwner, number> = { user: 2048, group: 5120, role: 10240 };
/** reference_iam-quotas.html: managed policy 6,144; role trust policy 2,048 (can be raised to 4,096). */
const MANAGED_MAX = 6144;
export const DEFAULT_TRUST_POLICY_MAX = 2048;
/**
 * STS AssumeRoleWithSAML/WithWebIdentity and GetFederationToken model Policy as
 * sessionPolicyDocumentType with max 2048 (botocore sts/2011-06-15 service-2.json); AssumeRole's
 * API_AssumeRole.html says the plaintext "can't exceed 2,048 characters".
 */
export const SESSION_POLICY_MAX = 2048;

/**
 * STS's answer to a session policy over its limit, or undefined. STS counts every character here
 * (a model length constraint, not IAM's white-space-free size) and answers `ValidationError` with
 * the model-validation text (moto's STS reproduces it for GetFederationToken). The STS handler
 * sends it; it is not a MalformedPolicyDocument, so validatePolicy does not return it.
 */
export function sessionPolicyTooLong(text: string): string | undefined {
  if (text.length <= SESSION_POLICY_MAX) return undefined;
  return `1 validation error detected: Value '${text}' at 'policy' failed to satisfy constraint: Member must have length less than or equal to ${SESSION_POLICY_MAX}`;
}

export function sizeQuotaFor(
  type: PolicyType,
  inlineOwner: InlineOwner | undefined,
  maxTrustPolicySize: number | undefined,
): SizeQuota | undefined {
  switch (type) {
    case 'identity': {
      // Without an owner, hold the document to the largest inline quota: a smaller owner's quota
      // can only be checked by a caller who knows the owner.
      const owner = inlineOwner ?? 'role';
      return { name: owner, max: INLINE_MAX[owner], owner };
    }
    case 'managed':
    case 'boundary':
      return { name: 'PolicySize', max: MANAGED_MAX };
    case 'trust':
      return {
        name: 'ACLSizePerRole',
        max: maxTrustPolicySize ?? DEFAULT_TRUST_POLICY_MAX,
      };
    default:
      // Resource policies have per-service limits; SCP/RCP limits are Organizations' and answered
      // with Organizations' own error; a session policy's limit is STS's (sessionPolicyTooLong).
      return undefined;
  }
}

/**
 * Characters IAM counts against its quotas: all but white space (reference_iam-quotas.html:
 * "IAM does not count white space when calculating the size of a policy"). White space here is
 * what JSON calls white space (space, tab, line feed, carriage return).
 */
export function policySize(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) n++;
  }
  return n;
}

/**
 * IAM's LimitExceeded texts:
 * - managed: "Cannot exceed quota for PolicySize: 6144" (ministryofjustice/cloud-platform-environments#14473,
 *   docker/docs#5815). One 2025 report reads "Cannot exceed the quota for PolicySize: 6144." (LBHackney-IT/Data-Platform#2116);
 *   the older wording is the one seen most and kept until AWS is seen using the new one everywhere.
 * - trust: "Cannot exceed quota for ACLSizePerRole: 2048" (CreateRole and UpdateAssumeRolePolicy, many reports).
 * - inline: "Maximum policy size of 10240 bytes exceeded for role NAME" (aws/aws-cdk#12403,
 *   serverless/serverless#7643), "... 5120 bytes exceeded for group NAME" (HumanCellAtlas/data-store#1963),
 *   "... 2048 bytes exceeded for user NAME" (ministryofjustice/cloud-platform-environments#5301).
 */
export function limitExceededMessage(quota: SizeQuota, entityName?: string): string {
  if (quota.owner) {
    const base = `Maximum policy size of ${quota.max} bytes exceeded for ${quota.owner}`;
    return entityName === undefined ? base : `${base} ${entityName}`;
  }
  return `Cannot exceed quota for ${quota.name}: ${quota.max}`;
}
