/**
 * Session policies and session tags of a new session: the inline policy validated as a session
 * policy, the managed policy ARNs resolved, and the packed size STS reports as PackedPolicySize.
 */
import { deflateRawSync } from 'node:zlib';
import { sessionPolicyTooLong, validatePolicy } from '../../iam/policy/validate.js';
import { invalidParameterValue, validationError } from '../../wire/errors.js';
import { managedPolicyDocument } from '../iam/authz/principal-policies.js';
import type { Tag } from '../iam/model.js';
import type { IamStore } from '../iam/store.js';
import type { PolicyDescriptorType } from '../../wire/model/types/sts.js';
import { memberPath, memberViolations, type Violation } from '../../wire/model/violations.js';
import { malformedPolicyDocument, packedPolicyTooLarge } from './errors.js';

/** Throws STS's error for an inline session policy it would refuse. */
export function checkSessionPolicy(text: string, partition: string): void {
  const tooLong = sessionPolicyTooLong(text);
  if (tooLong) throw validationError(tooLong);
  const result = validatePolicy(text, 'session', { partition });
  if (!result.valid) throw malformedPolicyDocument(result.message);
}

/**
 * "You can provide up to 10 managed policy ARNs" (API_AssumeRole.html, PolicyArns; the same for
 * every operation taking them), which the model does not say: the operation's `violations`, refused
 * before authorization with the model's own, as a model constraint is.
 */
export const policyArnCountViolations = (i: { PolicyArns?: readonly PolicyDescriptorType[] }): Violation[] =>
  memberViolations(memberPath('PolicyArns'), i.PolicyArns, { maxLength: 10 });

/** The managed session policies' ARNs; one the request left out is refused as naming no policy. */
export const policyArnsOf = (list: readonly PolicyDescriptorType[] | undefined): string[] =>
  (list ?? []).map((p) => p.arn ?? '');

/**
 * Each managed session policy must exist (customer managed in the caller's account, or AWS
 * managed). The text is IAM's for an ARN naming no policy; STS's own wording for this case was not
 * found in AWS's pages or reports.
 */
export async function checkPolicyArns(
  store: IamStore,
  account: string,
  arns: readonly string[],
): Promise<void> {
  for (const arn of arns) {
    if ((await managedPolicyDocument(store, account, arn)) === undefined)
      throw invalidParameterValue(`Policy ${arn} does not exist or is not attachable.`);
  }
}

/**
 * STS packs session policies and tags into a binary format whose details are not public
 * (API_AssumeRole.html: "An Amazon Web Services conversion compresses the passed inline session
 * policy, managed policy ARNs, and session tags into a packed binary format that has a separate
 * limit"). We pack each part with deflate and hold it to a budget; the budgets are chosen so that
 * what AWS documents as valid fits (a 2,048-character policy with ten ARNs; a few tags of ARN-sized
 * values) and fifty long tags do not, as on AWS (the tag limit is "often reached before 50 tags").
 */
const POLICY_BUDGET = 2048;
const TAG_BUDGET = 1024;

const percent = (text: string, budget: number): number =>
  text.length === 0 ? 0 : Math.ceil((deflateRawSync(Buffer.from(text, 'utf8')).length * 100) / budget);

export interface Packed {
  /** The larger share, in percent: what the response's PackedPolicySize reports. */
  size: number;
}

/** The packed size of a session's policies and tags; throws PackedPolicyTooLarge over 100%. */
export function packSession(
  policy: string | undefined,
  arns: readonly string[],
  tags: readonly Tag[],
): Packed {
  const minified = policy === undefined ? '' : minify(policy);
  const policies = percent([minified, ...arns].join('\n'), POLICY_BUDGET);
  const tagShare = percent(tags.map((t) => `${t.Key}\u0000${t.Value}`).join('\n'), TAG_BUDGET);
  if (tagShare > 100) throw packedPolicyTooLarge('session tags', tagShare);
  if (policies > 100) throw packedPolicyTooLarge('session policies', policies);
  return { size: Math.max(policies, tagShare) };
}

function minify(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}
