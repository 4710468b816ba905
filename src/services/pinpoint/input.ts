/** What Pinpoint's operations share about their input: the caller's scope, page sizes, ARNs, tag keys. */
import type { RequestContext } from '../../wire/context.js';
import type { ContextKeyValue } from '../../wire/operation.js';
import { partitionIdOfRegion } from '../../iam/policy/partitions.js';
import { badRequest } from './errors.js';
import type { Scope } from './store.js';

export type Raw = Record<string, unknown>;
export type Keys = Record<string, ContextKeyValue>;

export const scopeOf = (ctx: RequestContext): Scope => ({
  account: ctx.account ?? '',
  region: ctx.region ?? '',
});

export function str(raw: Raw, name: string): string | undefined {
  const v = raw[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`${name} must be a string`);
  return v;
}

/** pageSizeOf for an input the model typed: its PageSize member's text. */
export function pageSize(size: string | undefined): number | undefined {
  if (size === undefined) return undefined;
  const n = Number(size);
  if (!Number.isInteger(n) || n < 1) throw badRequest(`Invalid page-size: ${size}`);
  return n;
}

/**
 * `arn:<partition>:mobiletargeting:<region>:<account>:<resource>` (list_amazonpinpoint.html,
 * "Resource types defined by Amazon Pinpoint": apps is `apps/${AppId}`), in the region's partition.
 */
export const pinpointArn = (scope: Scope, resource: string): string =>
  `arn:${partitionIdOfRegion(scope.region)}:mobiletargeting:${scope.region}:${scope.account}:${resource}`;

export function requestTagKeys(tags: Record<string, string> | undefined): Keys {
  const entries = Object.entries(tags ?? {});
  if (entries.length === 0) return {};
  const keys: Keys = { 'aws:TagKeys': { values: entries.map(([k]) => k), list: true } };
  for (const [k, v] of entries) keys[`aws:RequestTag/${k}`] = { values: [v], list: false };
  return keys;
}

export function resourceTagKeys(tags: Record<string, string> | undefined): Keys {
  const keys: Keys = {};
  for (const [k, v] of Object.entries(tags ?? {}))
    keys[`aws:ResourceTag/${k}`] = { values: [v], list: false };
  return keys;
}
