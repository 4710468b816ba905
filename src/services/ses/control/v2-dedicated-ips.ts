/**
 * SES v2 dedicated IP pools and dedicated IPs (APIReference-V2/API_CreateDedicatedIpPool.html and
 * siblings). Pools are stored configuration: created STANDARD or MANAGED, listed, tagged, scaled
 * (STANDARD → MANAGED only), deleted, and named by configuration sets' DeliveryOptions.SendingPoolName
 * (v2-configsets.ts checks that the pool exists).
 *
 * Dedicated IPs themselves are leased from AWS outside the API (dg/dedicated-ip-case.html) and
 * Pinpost sends from its own host, so an account here has none: GetDedicatedIps answers an empty
 * list, and GetDedicatedIp, PutDedicatedIpInPool and PutDedicatedIpWarmupAttributes answer
 * NotFoundException "Could not find dedicated IP <IP> under this account.", what AWS answers for an
 * account without leased IPs (floci-io/floci's record of AWS, 2026-06-21).
 * PutAccountDedicatedIpWarmupAttributes is stored on the account (GetAccount's
 * DedicatedIpAutoWarmupEnabled).
 *
 * Texts: "The pool <NAME> already exists." / "The requested pool <NAME> does not exist." /
 * "The ScalingMode parameter is invalid." / "Pool name can't be blank." / "Warmup Percentage …",
 * as floci-io/floci recorded them from AWS.
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { updateAccount } from './account.js';
import { arnOf, requestTagKeys, resourceTagKeys } from './authz.js';
import type { ControlDeps } from './deps.js';
import { alreadyExists, badRequest, limitExceeded, notFound } from './errors.js';
import { pageSizeViolations, scopeOf } from './input.js';
import { memberPath, memberViolations } from '../../../wire/model/violations.js';
import type { Tag } from './model.js';
import { page } from './paging.js';
import type { SesScope } from '../ports.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

export type ScalingMode = 'STANDARD' | 'MANAGED';

export interface PoolDoc {
  PoolName: string;
  ScalingMode: ScalingMode;
  tags: Tag[];
}

/** The pools SES gives every account (dg/dedicated-ip-pools.html), usable without creating them. */
export const BUILT_IN_POOLS = ['ses-default-dedicated-pool', 'ses-shared-pool'];
/** "Dedicated IP pools per account: 50" (dg/quotas.html). */
export const MAX_POOLS = 50;

const poolExistsText = (name: string) => `The pool <${name}> already exists.`;
const poolMissingText = (name: string) => `The requested pool <${name}> does not exist.`;
const SCALING_INVALID = 'The ScalingMode parameter is invalid.';
export const ipMissingText = (ip: string) => `Could not find dedicated IP <${ip}> under this account.`;

export async function poolExists(deps: ControlDeps, scope: SesScope, name: string): Promise<boolean> {
  return BUILT_IN_POOLS.includes(name) || !!(await deps.store.get(scope, 'ippool', name));
}

/**
 * SES's own words for a mode outside the model's enum win over the model's (test/ses-v2-dedicated-ips.test.ts
 * pins them): an operation's `checkFirst`.
 */
const checkScalingMode = (mode: string | undefined, required: boolean) => {
  if (mode === undefined && !required) return;
  if (mode !== 'STANDARD' && mode !== 'MANAGED') throw badRequest(SCALING_INVALID);
};

/** The model sets no minimum on PoolName; an empty one names no pool (a path label is never empty). */
const poolNameViolations = (i: { PoolName?: string }) =>
  memberViolations(memberPath('PoolName'), i.PoolName, { minLength: 1 });

export function v2DedicatedIpOperations(deps: ControlDeps): OperationSpec[] {
  const arn = (ctx: RequestContext, name: string) => arnOf(deps, ctx, 'dedicated-ip-pool', name);
  const onPool = {
    resources: (i: { PoolName: string }, ctx: RequestContext) => [arn(ctx, i.PoolName)],
    conditionKeys: (i: { PoolName: string }, ctx: RequestContext) =>
      resourceTagKeys(deps, ctx, 'dedicated-ip-pool', i.PoolName),
  };
  const required = async (ctx: RequestContext, name: string) => {
    const found = await deps.store.get<PoolDoc>(scopeOf(ctx), 'ippool', name);
    if (!found) throw notFound(poolMissingText(name));
    return found.doc;
  };

  return [
    defineOperation<InputOf<'CreateDedicatedIpPool'>, OutputOf<'CreateDedicatedIpPool'>>({
      name: 'CreateDedicatedIpPool',
      action: 'ses:CreateDedicatedIpPool',
      checkFirst: (i) => checkScalingMode(i.ScalingMode, false),
      violations: poolNameViolations,
      resources: (i, ctx) => [arn(ctx, i.PoolName)],
      conditionKeys: (i) => requestTagKeys(i.Tags),
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          if (BUILT_IN_POOLS.includes(i.PoolName) || (await deps.store.get(scope, 'ippool', i.PoolName)))
            throw alreadyExists(poolExistsText(i.PoolName));
          if ((await deps.store.count(scope, 'ippool')) >= MAX_POOLS)
            throw limitExceeded(`You have reached the maximum number of dedicated IP pools (${MAX_POOLS}).`);
          const doc: PoolDoc = {
            PoolName: i.PoolName,
            ScalingMode: i.ScalingMode ?? 'STANDARD',
            tags: i.Tags ?? [],
          };
          await deps.store.put(scope, 'ippool', i.PoolName, doc);
        });
        return {};
      },
    }),
    defineOperation<InputOf<'GetDedicatedIpPool'>, OutputOf<'GetDedicatedIpPool'>>({
      name: 'GetDedicatedIpPool',
      action: 'ses:GetDedicatedIpPool',
      ...onPool,
      async handler(i, ctx) {
        const doc = await required(ctx, i.PoolName);
        return { DedicatedIpPool: { PoolName: doc.PoolName, ScalingMode: doc.ScalingMode } };
      },
    }),
    defineOperation<InputOf<'DeleteDedicatedIpPool'>, OutputOf<'DeleteDedicatedIpPool'>>({
      name: 'DeleteDedicatedIpPool',
      action: 'ses:DeleteDedicatedIpPool',
      ...onPool,
      async handler(i, ctx) {
        if (!(await deps.store.delete(scopeOf(ctx), 'ippool', i.PoolName)))
          throw notFound(poolMissingText(i.PoolName));
        return {};
      },
    }),
    defineOperation<InputOf<'ListDedicatedIpPools'>, OutputOf<'ListDedicatedIpPools'>>({
      name: 'ListDedicatedIpPools',
      action: 'ses:ListDedicatedIpPools',
      violations: (i) => pageSizeViolations('PageSize', i.PageSize, 1, 1000),
      resources: () => ['*'],
      async handler(i, ctx) {
        // API_ListDedicatedIpPools.html: "The value you specify has to be at least 1, and can be no more than 1000."
        const size = i.PageSize ?? 100;
        const p = await page<PoolDoc>(deps.store, scopeOf(ctx), 'ippool', i.NextToken, size);
        return { DedicatedIpPools: p.items.map((r) => r.doc.PoolName), NextToken: p.nextToken };
      },
    }),
    defineOperation<
      InputOf<'PutDedicatedIpPoolScalingAttributes'>,
      OutputOf<'PutDedicatedIpPoolScalingAttributes'>
    >({
      name: 'PutDedicatedIpPoolScalingAttributes',
      action: 'ses:PutDedicatedIpPoolScalingAttributes',
      checkFirst: (i) => checkScalingMode(i.ScalingMode, true),
      ...onPool,
      async handler(i, ctx) {
        await deps.store.transaction(async () => {
          const doc = await required(ctx, i.PoolName);
          // "MANAGED pools cannot be converted to STANDARD scaling mode." (API_PutDedicatedIpPoolScalingAttributes.html)
          if (doc.ScalingMode === 'MANAGED' && i.ScalingMode === 'STANDARD')
            throw badRequest(SCALING_INVALID);
          await deps.store.put(scopeOf(ctx), 'ippool', i.PoolName, { ...doc, ScalingMode: i.ScalingMode });
        });
        return {};
      },
    }),
    defineOperation<InputOf<'GetDedicatedIp'>, OutputOf<'GetDedicatedIp'>>({
      name: 'GetDedicatedIp',
      action: 'ses:GetDedicatedIp',
      resources: () => ['*'],
      handler(i) {
        throw notFound(ipMissingText(i.Ip));
      },
    }),
    defineOperation<InputOf<'GetDedicatedIps'>, OutputOf<'GetDedicatedIps'>>({
      name: 'GetDedicatedIps',
      action: 'ses:GetDedicatedIps',
      violations: (i) => pageSizeViolations('PageSize', i.PageSize, 1, 1000),
      resources: () => ['*'],
      async handler(i, ctx) {
        if (i.PoolName && !(await poolExists(deps, scopeOf(ctx), i.PoolName)))
          throw notFound(poolMissingText(i.PoolName));
        return { DedicatedIps: [] };
      },
    }),
    defineOperation<InputOf<'PutDedicatedIpInPool'>, OutputOf<'PutDedicatedIpInPool'>>({
      name: 'PutDedicatedIpInPool',
      action: 'ses:PutDedicatedIpInPool',
      check(i) {
        if (!i.DestinationPoolName) throw badRequest("Pool name can't be blank.");
      },
      resources: (i, ctx) => [arn(ctx, i.DestinationPoolName)],
      conditionKeys: (i, ctx) => resourceTagKeys(deps, ctx, 'dedicated-ip-pool', i.DestinationPoolName),
      handler(i) {
        // The IP is looked up before the destination pool; the account has none.
        throw notFound(ipMissingText(i.Ip));
      },
    }),
    defineOperation<InputOf<'PutDedicatedIpWarmupAttributes'>, OutputOf<'PutDedicatedIpWarmupAttributes'>>({
      name: 'PutDedicatedIpWarmupAttributes',
      action: 'ses:PutDedicatedIpWarmupAttributes',
      check(i) {
        const pct = i.WarmupPercentage as number | undefined;
        if (pct === undefined) throw badRequest("Warmup Percentage can't be null.");
        if (pct < 0 || pct > 100) throw badRequest('Warmup Percentage must be between 0 and 100.');
      },
      resources: () => ['*'],
      handler(i) {
        throw notFound(ipMissingText(i.Ip));
      },
    }),
    defineOperation<
      InputOf<'PutAccountDedicatedIpWarmupAttributes'>,
      OutputOf<'PutAccountDedicatedIpWarmupAttributes'>
    >({
      name: 'PutAccountDedicatedIpWarmupAttributes',
      action: 'ses:PutAccountDedicatedIpWarmupAttributes',
      resources: () => ['*'],
      async handler(i, ctx) {
        await updateAccount(deps, scopeOf(ctx), (a) => ({
          ...a,
          // Absent means false, as PutAccountSendingAttributes' SendingEnabled.
          dedicatedIpAutoWarmupEnabled: i.AutoWarmupEnabled ?? false,
        }));
        return {};
      },
    }),
  ];
}
