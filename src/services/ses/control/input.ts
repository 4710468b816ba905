/**
 * Reading request members. awsQuery (v1) input arrives as nested strings ("true", "10", lists as
 * arrays or '' when empty); restJson1 (v2) input is the JSON body plus labels and query strings.
 * Each reader accepts both and returns the model's type; constraint violations become the
 * protocol's error: ValidationError for v1 (CommonErrors.html) and BadRequestException for v2,
 * the only client error SES v2's model declares for its operations.
 */
import { checkConstraints, type Constraint } from '../../shared/constraints.js';
import { isAwsError } from '../../../wire/errors.js';
import type { RequestContext } from '../../../wire/context.js';
import type { SesScope } from '../ports.js';
import { badRequest } from './errors.js';
import type { Tag } from './model.js';
import { partitionIdOfRegion } from '../../../iam/policy/partitions.js';

export type Raw = Record<string, unknown>;
export type Api = 'v1' | 'v2';

export function str(raw: Raw, name: string): string | undefined {
  const v = raw[name];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.length ? String(v[0]) : undefined;
  if (typeof v === 'object') return undefined;
  return String(v);
}

export function bool(raw: Raw, name: string): boolean | undefined {
  const v = raw[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw badRequest(`Value '${String(v)}' at '${lower(name)}' is not a boolean.`);
}

export function int(raw: Raw, name: string): number | undefined {
  const v = raw[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw badRequest(`Value '${String(v)}' at '${lower(name)}' is not an integer.`);
  return n;
}

export function list(raw: Raw, name: string): unknown[] | undefined {
  const v = raw[name];
  if (v === undefined || v === null) return undefined;
  if (v === '') return [];
  return Array.isArray(v) ? v : [v];
}

export function strings(raw: Raw, name: string): string[] | undefined {
  return list(raw, name)?.map((x) => String(x));
}

export function obj(raw: Raw, name: string): Raw | undefined {
  const v = raw[name];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : undefined;
}

export function tags(raw: Raw, name = 'Tags'): Tag[] | undefined {
  return list(raw, name)?.map((t) => {
    const o = (t && typeof t === 'object' ? t : {}) as Raw;
    return { Key: str(o, 'Key') ?? '', Value: str(o, 'Value') ?? '' };
  });
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

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
