/**
 * SES v2 tenants (APIReference-V2/API_CreateTenant.html and siblings): CreateTenant, GetTenant,
 * ListTenants, DeleteTenant, CreateTenantResourceAssociation, DeleteTenantResourceAssociation,
 * ListTenantResources, ListResourceTenants. A tenant is stored per account and region with its
 * TenantId (`tn-` and 30 hex digits) and ARN `tenant/<TenantName>/<TenantId>` (list_amazonses.html);
 * an association links it to an identity, configuration set or template of the same account and
 * region, stored twice (under the tenant and under the resource) so both lists page on the store.
 * Deleting a tenant removes its associations. SendEmail with a TenantName is refused unless the
 * tenant exists and every resource the send uses is associated with it (tenantSendCheck below,
 * API_SendEmail.html: "The email sending operation will only succeed if all referenced resources …
 * are associated with this tenant").
 *
 * Texts are SES's as floci-io/floci recorded them from AWS (us-east-1, 2026-08): "Tenant with name X
 * already exists in account N", "The requested tenant <X> does not exist.", "TenantName cannot be
 * empty", "Invalid tenant name <X>: …", "Resources ARN has already been associated with tenant X",
 * "Provided resource identifier is not an SES resource", "Unsupported resource type: X",
 * "Invalid resource type X specified.", "Tenant X for AwsAccountId N not found." and "Tenant not
 * associated with resources [ARN, …]." (AccessDeniedException 403).
 */
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { SesScope } from '../ports.js';
import { arnOf, requestTagKeys, resourceTagKeys } from './authz.js';
import type { ControlDeps } from './deps.js';
import {
  accessDenied,
  alreadyExists,
  badRequest,
  configSetMissingText,
  identityMissingText,
  notFound,
  templateMissingText,
} from './errors.js';
import { identityKey } from './identities.js';
import { pageSizeViolations, scopeOf, sesArn } from './input.js';
import type { Tag } from './model.js';
import { page, pageOf } from './paging.js';
import type { Kind } from './store.js';
import type { InputOf, OutputOf, TenantResource } from '../../../wire/model/types/sesv2.js';

export interface TenantDoc {
  TenantName: string;
  TenantId: string;
  TenantArn: string;
  CreatedTimestamp: string;
  SendingStatus: 'ENABLED' | 'REINSTATED' | 'DISABLED';
  tags: Tag[];
}

/** The wire values of ResourceType: the ARN's resource type (floci-io/floci's record of AWS). */
type AssociatedType = 'identity' | 'configuration-set' | 'template';
const ASSOCIATED: Record<AssociatedType, Kind> = {
  identity: 'identity',
  'configuration-set': 'configset',
  template: 'template',
};

interface AssociationDoc {
  TenantName: string;
  TenantId: string;
  ResourceArn: string;
  ResourceType: AssociatedType;
  AssociatedTimestamp: string;
}

const byTenant = (tenantId: string) => `tenant:${tenantId}`;
const byResource = (arn: string) => `resource:${arn}`;

const tenantMissing = (name: string) => notFound(`The requested tenant <${name}> does not exist.`);
const TENANT_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * SES's checks of TenantName before it authorizes. CreateTenant checks the name fully (a missing or
 * empty one is the model's refusal); the other operations say only "cannot be empty", where the
 * model would name its length.
 */
function checkTenantName(name: string | undefined, creating: boolean): void {
  if (creating && !name) return;
  if (!name || !name.trim()) throw badRequest('TenantName cannot be empty');
  if (creating && name.length > 64) throw badRequest('TenantName cannot exceed 64 characters.');
  if (creating && !TENANT_NAME.test(name))
    throw badRequest(
      `Invalid tenant name <${name}>: only alphanumeric ASCII characters, '_', and '-' are allowed.`,
    );
}

const checkNamedTenant = (i: { TenantName?: string }) => checkTenantName(i.TenantName, false);

export function findTenant(deps: ControlDeps, scope: SesScope, name: string) {
  return deps.store.get<TenantDoc>(scope, 'tenant', name);
}

/** The resource an association names, after AWS's checks in AWS's order. */
function resourceOf(arn: string, scope: SesScope): { type: AssociatedType; name: string } {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn')
    throw badRequest('Provided resource identifier is not an SES resource');
  if (parts[2] !== 'ses') throw badRequest('Provided ARN is not in SES resource ARN format');
  const resource = parts.slice(5).join(':');
  const slash = resource.indexOf('/');
  const type = slash < 0 ? resource : resource.slice(0, slash);
  if (!(type in ASSOCIATED)) throw badRequest(`Unsupported resource type: ${type}`);
  if (slash < 0 || slash === resource.length - 1)
    throw badRequest('Provided resource identifier is not an SES resource');
  if (parts[3] !== scope.region) throw badRequest(`Resource <${arn}> must be in the same region`);
  if (parts[4] !== scope.account) throw badRequest(`Resource <${arn}> must be in the same account`);
  return { type: type as AssociatedType, name: resource.slice(slash + 1) };
}

async function requireResource(
  deps: ControlDeps,
  scope: SesScope,
  r: { type: AssociatedType; name: string },
) {
  const key = r.type === 'identity' ? identityKey(r.name) : r.name;
  if (await deps.store.get(scope, ASSOCIATED[r.type], key)) return;
  if (r.type === 'identity') throw notFound(identityMissingText(r.name));
  if (r.type === 'configuration-set') throw notFound(configSetMissingText(r.name));
  throw notFound(templateMissingText(r.name));
}

const tenantInfo = (d: TenantDoc) => ({
  TenantName: d.TenantName,
  TenantId: d.TenantId,
  TenantArn: d.TenantArn,
  CreatedTimestamp: new Date(d.CreatedTimestamp),
});

/** The page size of the tenant lists: 1–100 (Pinpost's choice; the model sets no bounds). */
const tenantPageViolations = (i: { PageSize?: number }) => pageSizeViolations('PageSize', i.PageSize, 1, 100);
/** 100 when absent. */
const tenantPage = (n: number | undefined) => n ?? 100;

export function v2TenantOperations(deps: ControlDeps): OperationSpec[] {
  /** The tenant's ARN when it exists; `tenant/<name>/*` before it does (its id is not known yet). */
  const arn = async (ctx: RequestContext, name: string) =>
    (await findTenant(deps, scopeOf(ctx), name))?.doc.TenantArn ?? arnOf(deps, ctx, 'tenant', `${name}/*`);
  const onTenant = {
    resources: async (i: { TenantName: string }, ctx: RequestContext) => [await arn(ctx, i.TenantName)],
    conditionKeys: (i: { TenantName: string }, ctx: RequestContext) =>
      resourceTagKeys(deps, ctx, 'tenant', i.TenantName),
  };
  const required = async (ctx: RequestContext, name: string) => {
    const found = await findTenant(deps, scopeOf(ctx), name);
    if (!found) throw tenantMissing(name);
    return found.doc;
  };

  return [
    defineOperation<InputOf<'CreateTenant'>, OutputOf<'CreateTenant'>>({
      name: 'CreateTenant',
      action: 'ses:CreateTenant',
      check: (i) => checkTenantName(i.TenantName, true),
      resources: (i, ctx) => [arnOf(deps, ctx, 'tenant', `${i.TenantName}/*`)],
      conditionKeys: (i) => requestTagKeys(i.Tags),
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        const id = `tn-${randomBytes(15).toString('hex')}`;
        const doc: TenantDoc = {
          TenantName: i.TenantName,
          TenantId: id,
          TenantArn: sesArn(scope, 'tenant', `${i.TenantName}/${id}`),
          CreatedTimestamp: deps.store.now().toISOString(),
          SendingStatus: 'ENABLED',
          tags: i.Tags ?? [],
        };
        await deps.store.transaction(async () => {
          if (await findTenant(deps, scope, i.TenantName))
            throw alreadyExists(
              `Tenant with name ${i.TenantName} already exists in account ${scope.account}`,
            );
          await deps.store.put(scope, 'tenant', i.TenantName, doc);
        });
        return { ...tenantInfo(doc), Tags: doc.tags, SendingStatus: doc.SendingStatus };
      },
    }),
    defineOperation<InputOf<'GetTenant'>, OutputOf<'GetTenant'>>({
      name: 'GetTenant',
      action: 'ses:GetTenant',
      check: checkNamedTenant,
      ...onTenant,
      async handler(i, ctx) {
        const doc = await required(ctx, i.TenantName);
        return { Tenant: { ...tenantInfo(doc), Tags: doc.tags, SendingStatus: doc.SendingStatus } };
      },
    }),
    defineOperation<InputOf<'ListTenants'>, OutputOf<'ListTenants'>>({
      name: 'ListTenants',
      action: 'ses:ListTenants',
      violations: tenantPageViolations,
      resources: () => ['*'],
      async handler(i, ctx) {
        const p = await page<TenantDoc>(
          deps.store,
          scopeOf(ctx),
          'tenant',
          i.NextToken,
          tenantPage(i.PageSize),
        );
        return { Tenants: p.items.map((r) => tenantInfo(r.doc)), NextToken: p.nextToken };
      },
    }),
    defineOperation<InputOf<'DeleteTenant'>, OutputOf<'DeleteTenant'>>({
      name: 'DeleteTenant',
      action: 'ses:DeleteTenant',
      check: checkNamedTenant,
      ...onTenant,
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          const doc = await required(ctx, i.TenantName);
          // Its associations go with it (floci-io/floci's record of AWS).
          const links = await deps.store.list<AssociationDoc>(scope, 'tenantresource', {
            parent: byTenant(doc.TenantId),
          });
          for (const l of links)
            await deps.store.delete(scope, 'tenantresource', doc.TenantName, byResource(l.key));
          await deps.store.deleteChildren(scope, 'tenantresource', byTenant(doc.TenantId));
          await deps.store.delete(scope, 'tenant', i.TenantName);
        });
        return {};
      },
    }),
    defineOperation<InputOf<'CreateTenantResourceAssociation'>, OutputOf<'CreateTenantResourceAssociation'>>({
      name: 'CreateTenantResourceAssociation',
      action: 'ses:CreateTenantResourceAssociation',
      check: checkNamedTenant,
      ...onTenant,
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        const resource = resourceOf(i.ResourceArn, scope);
        await deps.store.transaction(async () => {
          const tenant = await required(ctx, i.TenantName);
          await requireResource(deps, scope, resource);
          if (await deps.store.get(scope, 'tenantresource', i.ResourceArn, byTenant(tenant.TenantId)))
            throw alreadyExists(
              `Resources ${i.ResourceArn} has already been associated with tenant ${i.TenantName}`,
            );
          const doc: AssociationDoc = {
            TenantName: tenant.TenantName,
            TenantId: tenant.TenantId,
            ResourceArn: i.ResourceArn,
            ResourceType: resource.type,
            AssociatedTimestamp: deps.store.now().toISOString(),
          };
          await deps.store.put(scope, 'tenantresource', i.ResourceArn, doc, byTenant(tenant.TenantId));
          await deps.store.put(scope, 'tenantresource', tenant.TenantName, doc, byResource(i.ResourceArn));
        });
        return {};
      },
    }),
    defineOperation<InputOf<'DeleteTenantResourceAssociation'>, OutputOf<'DeleteTenantResourceAssociation'>>({
      name: 'DeleteTenantResourceAssociation',
      action: 'ses:DeleteTenantResourceAssociation',
      check: checkNamedTenant,
      ...onTenant,
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        resourceOf(i.ResourceArn, scope);
        await deps.store.transaction(async () => {
          const tenant = await required(ctx, i.TenantName);
          // Removing an association that does not exist succeeds (floci-io/floci's record of AWS).
          await deps.store.delete(scope, 'tenantresource', i.ResourceArn, byTenant(tenant.TenantId));
          await deps.store.delete(scope, 'tenantresource', tenant.TenantName, byResource(i.ResourceArn));
        });
        return {};
      },
    }),
    defineOperation<InputOf<'ListTenantResources'>, OutputOf<'ListTenantResources'>>({
      name: 'ListTenantResources',
      action: 'ses:ListTenantResources',
      violations: tenantPageViolations,
      check(i) {
        // SES reads the filter's value as the ARN's resource type, not the model's documented values.
        const type = i.Filter?.RESOURCE_TYPE;
        if (type !== undefined && !(type in ASSOCIATED))
          throw badRequest(`Invalid resource type ${type} specified.`);
        checkNamedTenant(i);
      },
      ...onTenant,
      async handler(i, ctx) {
        const tenant = await required(ctx, i.TenantName);
        const all = await deps.store.list<AssociationDoc>(scopeOf(ctx), 'tenantresource', {
          parent: byTenant(tenant.TenantId),
        });
        const p = pageOf(
          all.filter((r) => !i.Filter?.RESOURCE_TYPE || r.doc.ResourceType === i.Filter.RESOURCE_TYPE),
          i.NextToken,
          tenantPage(i.PageSize),
        );
        return {
          TenantResources: p.items.map((r) => ({
            // The model's enum (EMAIL_IDENTITY …, API_TenantResource.html) is not what SES sends:
            // it answers the ARN's resource type (floci-io/floci's record; the tenants test pins it).
            ResourceType: r.doc.ResourceType as unknown as TenantResource['ResourceType'],
            ResourceArn: r.doc.ResourceArn,
          })),
          NextToken: p.nextToken,
        };
      },
    }),
    defineOperation<InputOf<'ListResourceTenants'>, OutputOf<'ListResourceTenants'>>({
      name: 'ListResourceTenants',
      action: 'ses:ListResourceTenants',
      violations: tenantPageViolations,
      resources: () => ['*'],
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await requireResource(deps, scope, resourceOf(i.ResourceArn, scope));
        const p = await page<AssociationDoc>(
          deps.store,
          scope,
          'tenantresource',
          i.NextToken,
          tenantPage(i.PageSize),
          byResource(i.ResourceArn),
        );
        return {
          ResourceTenants: p.items.map((r) => ({
            TenantName: r.doc.TenantName,
            TenantId: r.doc.TenantId,
            ResourceArn: r.doc.ResourceArn,
            AssociatedTimestamp: new Date(r.doc.AssociatedTimestamp),
          })),
          NextToken: p.nextToken,
        };
      },
    }),
  ];
}

/**
 * SendEmail's TenantName: the tenant must exist, and the identity, configuration set and template
 * the send uses must each be associated with it.
 */
export async function tenantSendCheck(
  deps: ControlDeps,
  scope: SesScope,
  name: string,
  used: { identityArn?: string; configurationSetName?: string; templateName?: string },
): Promise<void> {
  const tenant = (await findTenant(deps, scope, name))?.doc;
  if (!tenant) throw notFound(`Tenant ${name} for AwsAccountId ${scope.account} not found.`);
  const arns = [
    used.identityArn,
    used.configurationSetName && sesArn(scope, 'configuration-set', used.configurationSetName),
    used.templateName && sesArn(scope, 'template', used.templateName),
  ].filter((a): a is string => !!a);
  const missing: string[] = [];
  for (const a of arns) {
    if (!(await deps.store.get(scope, 'tenantresource', a, byTenant(tenant.TenantId)))) missing.push(a);
  }
  if (missing.length) throw accessDenied(`Tenant not associated with resources [${missing.join(', ')}].`);
}
