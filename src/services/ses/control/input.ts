/**
 * What SES operations share once the model typed their input (src/wire/model/decode-input.ts):
 * the caller's scope and resource ARNs, and page sizes. The constraints the model does not state
 * are each operation's `violations` (src/wire/operation.ts), worded with the model's own
 * (src/wire/model/wording.ts: ValidationError for v1, CommonErrors.html; BadRequestException for
 * v2, the only client error SES v2's model declares for its operations).
 */
import type { RequestContext } from '../../../wire/context.js';
import { memberPath, memberViolations, type Violation } from '../../../wire/model/violations.js';
import type { SesScope } from '../ports.js';
import { partitionIdOfRegion } from '../../../iam/policy/partitions.js';

export type Api = 'v1' | 'v2';

export function scopeOf(ctx: RequestContext): SesScope {
  return { account: ctx.account ?? '', region: ctx.region ?? '' };
}

/**
 * `arn:<partition>:ses:<region>:<account>:<type>/<name>` (list_amazonses.html, resource types), in
 * the region's partition.
 */
export function sesArn(scope: SesScope, type: string, name: string): string {
  return `arn:${partitionIdOfRegion(scope.region)}:ses:${scope.region}:${scope.account}:${type}/${name}`;
}

/**
 * A page size outside the bounds the operation's documentation gives (the model's MaxItems has
 * none), for its `violations`; the handler then reads `value ?? default`.
 */
export function pageSizeViolations(
  member: string,
  value: number | undefined,
  min: number,
  max: number,
): Violation[] {
  return memberViolations(memberPath(member), value, { minValue: min, maxValue: max });
}
