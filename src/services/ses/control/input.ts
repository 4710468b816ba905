/**
 * What SES operations share once the model typed their input (src/wire/model/decode-input.ts):
 * the caller's scope and resource ARNs, page sizes, and the checks the model does not state, in the
 * protocol's error: ValidationError for v1 (CommonErrors.html) and BadRequestException for v2,
 * the only client error SES v2's model declares for its operations.
 */
import { checkConstraints, type Constraint } from '../../shared/constraints.js';
import { isAwsError } from '../../../wire/errors.js';
import type { RequestContext } from '../../../wire/context.js';
import type { SesScope } from '../ports.js';
import { badRequest } from './errors.js';
import { partitionIdOfRegion } from '../../../iam/policy/partitions.js';

export type Api = 'v1' | 'v2';

/** checkConstraints, with v2's error code. */
export function check(api: Api, members: readonly [string, unknown, Constraint][]): void {
  try {
    checkConstraints(members);
  } catch (e) {
    if (api === 'v2' && isAwsError(e)) throw badRequest(e.message);
    throw e;
  }
}

export const required: Constraint = { required: true };

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

/** The page size asked for, within the model's documented bounds (or AWS's texts for outside). */
export function pageSize(
  api: Api,
  name: string,
  value: number | undefined,
  dflt: number,
  min: number,
  max: number,
) {
  check(api, [[name, value, { minValue: min, maxValue: max }]]);
  return value ?? dflt;
}
