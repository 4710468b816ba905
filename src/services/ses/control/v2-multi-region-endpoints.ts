/**
 * SES v2 multi-region endpoints (global endpoints, APIReference-V2/API_CreateMultiRegionEndpoint.html
 * and siblings): CreateMultiRegionEndpoint, GetMultiRegionEndpoint, ListMultiRegionEndpoints,
 * DeleteMultiRegionEndpoint. "The primary region is going to be the AWS-Region where the operation is
 * executed. The secondary region has to be provided" — RoutesDetails "Must contain exactly one route
 * configuration". Stored under the primary region, listed there only, authorized on
 * `multi-region-endpoint/<EndpointName>` (list_amazonses.html).
 *
 * Pinpost's equivalent of the physical part: AWS provisions the endpoint (Status CREATING, then
 * READY); Pinpost has nothing to provision, so an endpoint is READY from its creation, and
 * SendEmail with its EndpointId is accepted (sent from the primary region) while an unknown
 * EndpointId is refused (endpointSendCheck). Delete answers DELETING, as AWS does, and the endpoint is
 * gone at once. The not-found text is Pinpost's own (no published reply from AWS was found).
 */
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { SesScope } from '../ports.js';
import { arnOf, requestTagKeys, resourceTagKeys } from './authz.js';
import type { ControlDeps } from './deps.js';
import { alreadyExists, badRequest, notFound } from './errors.js';
import { scopeOf } from './input.js';
import type { Tag } from './model.js';
import { page } from './paging.js';
import type { Details, InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

export interface EndpointDoc {
  EndpointName: string;
  EndpointId: string;
  /** The primary region first, then the secondary. */
  Regions: string[];
  CreatedTimestamp: string;
  LastUpdatedTimestamp: string;
  tags: Tag[];
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const missing = (name: string) => notFound(`Multi-region endpoint <${name}> does not exist.`);

/** An id of the form AWS's have (`abcd1234.efg`): lower-case letters and digits around a dot. */
const newEndpointId = () => {
  const alnum = (n: number) =>
    [...randomBytes(n)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
  return `${alnum(8)}.${alnum(3)}`;
};

/** The one route's region: not this one (the endpoint's primary). */
function secondaryRegion(details: Details, region: string | undefined): string {
  const routes = details.RoutesDetails;
  if (routes.length !== 1) throw badRequest('RoutesDetails must contain exactly one route configuration.');
  const secondary = routes[0].Region;
  if (!secondary || !REGION.test(secondary)) throw badRequest(`Invalid region <${secondary}>.`);
  if (secondary === region)
    throw badRequest('The secondary region must differ from the region the endpoint is created in.');
  return secondary;
}

export function v2MultiRegionEndpointOperations(deps: ControlDeps): OperationSpec[] {
  const onEndpoint = {
    resources: (i: { EndpointName: string }, ctx: RequestContext) => [
      arnOf(deps, ctx, 'multi-region-endpoint', i.EndpointName),
    ],
    conditionKeys: (i: { EndpointName: string }, ctx: RequestContext) =>
      resourceTagKeys(deps, ctx, 'multi-region-endpoint', i.EndpointName),
  };
  const required = async (ctx: RequestContext, name: string) => {
    const found = await deps.store.get<EndpointDoc>(scopeOf(ctx), 'mrendpoint', name);
    if (!found) throw missing(name);
    return found.doc;
  };

  return [
    defineOperation<InputOf<'CreateMultiRegionEndpoint'>, OutputOf<'CreateMultiRegionEndpoint'>>({
      name: 'CreateMultiRegionEndpoint',
      action: 'ses:CreateMultiRegionEndpoint',
      resources: (i, ctx) => [arnOf(deps, ctx, 'multi-region-endpoint', i.EndpointName)],
      conditionKeys: (i) => requestTagKeys(i.Tags),
      async handler(request, ctx) {
        // The routes' own checks come once authorized, as AWS's do.
        const i = { ...request, Secondary: secondaryRegion(request.Details, ctx.region) };
        const scope = scopeOf(ctx);
        const at = deps.store.now().toISOString();
        const doc: EndpointDoc = {
          EndpointName: i.EndpointName,
          EndpointId: newEndpointId(),
          Regions: [scope.region, i.Secondary],
          CreatedTimestamp: at,
          LastUpdatedTimestamp: at,
          tags: i.Tags ?? [],
        };
        await deps.store.transaction(async () => {
          if (await deps.store.get(scope, 'mrendpoint', i.EndpointName))
            throw alreadyExists(`Multi-region endpoint <${i.EndpointName}> already exists.`);
          await deps.store.put(scope, 'mrendpoint', i.EndpointName, doc);
        });
        return { Status: 'READY', EndpointId: doc.EndpointId };
      },
    }),
    defineOperation<InputOf<'GetMultiRegionEndpoint'>, OutputOf<'GetMultiRegionEndpoint'>>({
      name: 'GetMultiRegionEndpoint',
      action: 'ses:GetMultiRegionEndpoint',
      ...onEndpoint,
      async handler(i, ctx) {
        const doc = await required(ctx, i.EndpointName);
        return {
          EndpointName: doc.EndpointName,
          EndpointId: doc.EndpointId,
          Routes: doc.Regions.map((Region) => ({ Region })),
          Status: 'READY',
          CreatedTimestamp: new Date(doc.CreatedTimestamp),
          LastUpdatedTimestamp: new Date(doc.LastUpdatedTimestamp),
        };
      },
    }),
    defineOperation<InputOf<'ListMultiRegionEndpoints'>, OutputOf<'ListMultiRegionEndpoints'>>({
      name: 'ListMultiRegionEndpoints',
      action: 'ses:ListMultiRegionEndpoints',
      resources: () => ['*'],
      async handler(i, ctx) {
        // PageSizeV2: 1–1000 in the model, which checks them.
        const size = i.PageSize ?? 100;
        const p = await page<EndpointDoc>(deps.store, scopeOf(ctx), 'mrendpoint', i.NextToken, size);
        return {
          MultiRegionEndpoints: p.items.map((r) => ({
            EndpointName: r.doc.EndpointName,
            Status: 'READY',
            EndpointId: r.doc.EndpointId,
            Regions: r.doc.Regions,
            CreatedTimestamp: new Date(r.doc.CreatedTimestamp),
            LastUpdatedTimestamp: new Date(r.doc.LastUpdatedTimestamp),
          })),
          NextToken: p.nextToken,
        };
      },
    }),
    defineOperation<InputOf<'DeleteMultiRegionEndpoint'>, OutputOf<'DeleteMultiRegionEndpoint'>>({
      name: 'DeleteMultiRegionEndpoint',
      action: 'ses:DeleteMultiRegionEndpoint',
      ...onEndpoint,
      async handler(i, ctx) {
        if (!(await deps.store.delete(scopeOf(ctx), 'mrendpoint', i.EndpointName)))
          throw missing(i.EndpointName);
        return { Status: 'DELETING' };
      },
    }),
  ];
}

/** SendEmail's EndpointId must name an endpoint of the account whose primary region this is. */
export async function endpointSendCheck(
  deps: ControlDeps,
  scope: SesScope,
  endpointId: string,
): Promise<void> {
  const all = await deps.store.list<EndpointDoc>(scope, 'mrendpoint');
  if (!all.some((r) => r.doc.EndpointId === endpointId))
    throw notFound(`Multi-region endpoint with id <${endpointId}> does not exist.`);
}
