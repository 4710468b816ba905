/**
 * SES v2 reputation entities and recommendations: GetReputationEntity, ListReputationEntities,
 * UpdateReputationEntityCustomerManagedStatus, UpdateReputationEntityPolicy
 * (API_GetReputationEntity.html and siblings) and ListRecommendations (API_ListRecommendations.html).
 *
 * Reputation entities: "Currently, only RESOURCE type entities are supported", and the Service
 * Authorization Reference (list_sesv2) authorizes every reputation-entity action on a `tenant*`
 * resource, so Pinpost's entities are the account's tenants (v2-tenants.ts), referenced by their
 * ARN. Each has a customer-managed status (stored here; the tenant's SendingStatus shows the
 * aggregate), an SES-managed status (always ENABLED: Pinpost pauses no one) and a reputation
 * management policy, one of SES's predefined `arn:<partition>:ses:<region>:aws:reputation-policy/
 * {none,standard,strict}` (the `reputation-policy` resource type; "You can select from none,
 * standard, and strict policies"). As AWS answers (recorded against AWS, 2026-08): a new entity's
 * policy is `…:aws:reputation-policy/none`; after a customer write the status carries the cause
 * "Status manually updated." and when. AWS's ReputationImpact "NONE" for an entity without findings
 * is not in the model's enum (LOW, HIGH), so Pinpost leaves the member out. The aggregate is
 * DISABLED when either status is, else REINSTATED when the customer reinstated, else ENABLED.
 * UpdateReputationEntityPolicy is authorized on the policy's ARN and the tenant's.
 *
 * Recommendations ("VDM advisor"), computed per account from its identities' state and stored, so a
 * recommendation keeps its CreatedTimestamp and becomes FIXED (LastUpdatedTimestamp then) once its
 * cause is gone: a domain whose DKIM is not SUCCESS → DKIM, HIGH; a domain without a custom MAIL FROM
 * domain (SPF alignment) → SPF, LOW. DMARC and BIMI need the domain's DNS records, which Pinpost
 * does not resolve, so it recommends nothing about them. Authorized on the identity named by a
 * RESOURCE_ARN filter, else "*" (list_sesv2: `identity`, optional).
 */
import { Documents } from '../../../store/documents.js';
import { partitionIdOfRegion } from '../../../iam/policy/partitions.js';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';
import type { SesScope } from '../ports.js';
import type { ControlDeps } from './deps.js';
import { badRequest, notFound } from './errors.js';
import { pageSizeViolations, scopeOf, sesArn } from './input.js';
import type { IdentityDoc } from './model.js';
import type { TenantDoc } from './v2-tenants.js';

type SendingStatus = 'ENABLED' | 'REINSTATED' | 'DISABLED';
type Entity = NonNullable<OutputOf<'GetReputationEntity'>['ReputationEntity']>;
type Recommendation = NonNullable<OutputOf<'ListRecommendations'>['Recommendations']>[number];

interface ReputationDoc {
  policy?: string;
  customer?: { Status: SendingStatus; LastUpdatedTimestamp: string };
}

interface RecommendationDoc {
  ResourceArn: string;
  Type: 'DKIM' | 'SPF';
  Description: string;
  Impact: 'LOW' | 'HIGH';
  Status: 'OPEN' | 'FIXED';
  CreatedTimestamp: string;
  LastUpdatedTimestamp: string;
}

const recommendationKey = (r: Pick<RecommendationDoc, 'ResourceArn' | 'Type'>) =>
  `${r.ResourceArn}|${r.Type}`;

const POLICIES = ['none', 'standard', 'strict'];
const policyArn = (scope: SesScope, name: string) =>
  `arn:${partitionIdOfRegion(scope.region)}:ses:${scope.region}:aws:reputation-policy/${name}`;

const encode = (key: string) => Buffer.from(key, 'utf8').toString('base64');
const decode = (token: string | undefined) => (token ? Buffer.from(token, 'base64').toString('utf8') : '');

/** Pinpost's wording for what AWS's texts were not found for. */
const unknownEntity = (ref: string) => `Reputation entity <${ref}> does not exist.`;

export function v2ReputationOperations(deps: ControlDeps): OperationSpec[] {
  const docs = new Documents(deps.store.db, 'ses', deps.store.now);
  const tenants = async (scope: SesScope) =>
    (await deps.store.list<TenantDoc>(scope, 'tenant')).map((t) => t.doc);
  const tenantOf = async (scope: SesScope, ref: string) =>
    (await tenants(scope)).find((t) => t.TenantArn === ref);
  const reputationOf = async (scope: SesScope, t: TenantDoc) =>
    (await docs.get<ReputationDoc>(scope, '', 'reputation', t.TenantId))?.doc ?? {};

  const aggregate = (rep: ReputationDoc): SendingStatus => rep.customer?.Status ?? 'ENABLED';
  const entityOf = (scope: SesScope, t: TenantDoc, rep: ReputationDoc): Entity => ({
    ReputationEntityReference: t.TenantArn,
    ReputationEntityType: 'RESOURCE',
    ReputationManagementPolicy: rep.policy ?? policyArn(scope, 'none'),
    CustomerManagedStatus: rep.customer
      ? {
          Status: rep.customer.Status,
          Cause: 'Status manually updated.',
          LastUpdatedTimestamp: new Date(rep.customer.LastUpdatedTimestamp),
        }
      : { Status: 'ENABLED' },
    AwsSesManagedStatus: { Status: 'ENABLED' },
    SendingStatusAggregate: aggregate(rep),
  });

  /** Writes an entity's reputation document and the tenant's SendingStatus, together. */
  const update = (scope: SesScope, ref: string, change: (rep: ReputationDoc) => ReputationDoc) =>
    deps.store.transaction(async () => {
      const t = await tenantOf(scope, ref);
      // UpdateReputationEntity* list no NotFoundException: an unknown entity is a bad request.
      if (!t) throw badRequest(unknownEntity(ref));
      const rep = change(await reputationOf(scope, t));
      await docs.put(scope, '', 'reputation', t.TenantId, rep);
      await deps.store.put(scope, 'tenant', t.TenantName, { ...t, SendingStatus: aggregate(rep) });
    });

  /** The recommendations of the account now: stored ones kept, new ones opened, gone ones FIXED. */
  async function recommendations(scope: SesScope): Promise<RecommendationDoc[]> {
    const at = deps.store.now().toISOString();
    const current = new Map<
      string,
      Pick<RecommendationDoc, 'ResourceArn' | 'Type' | 'Description' | 'Impact'>
    >();
    for (const { doc } of await deps.store.list<IdentityDoc>(scope, 'identity')) {
      if (doc.type !== 'DOMAIN') continue;
      const ResourceArn = sesArn(scope, 'identity', doc.name);
      // Pinpost's wording for the descriptions.
      if (doc.dkim.status !== 'SUCCESS')
        current.set(recommendationKey({ ResourceArn, Type: 'DKIM' }), {
          ResourceArn,
          Type: 'DKIM',
          Impact: 'HIGH',
          Description: `DKIM is not set up for ${doc.name}: its DKIM status is ${doc.dkim.status}.`,
        });
      if (!doc.mailFrom)
        current.set(recommendationKey({ ResourceArn, Type: 'SPF' }), {
          ResourceArn,
          Type: 'SPF',
          Impact: 'LOW',
          Description: `${doc.name} has no custom MAIL FROM domain, so SPF does not align with it.`,
        });
    }
    return deps.store.transaction(async () => {
      const stored = await docs.list<RecommendationDoc>(scope, '', 'recommendation');
      const out: RecommendationDoc[] = [];
      for (const { key, doc } of stored) {
        const now = current.get(key);
        current.delete(key);
        let next = doc;
        if (!now && doc.Status === 'OPEN') next = { ...doc, Status: 'FIXED', LastUpdatedTimestamp: at };
        if (now && doc.Status === 'FIXED')
          next = { ...doc, ...now, Status: 'OPEN', LastUpdatedTimestamp: at };
        if (next !== doc) await docs.put(scope, '', 'recommendation', key, next);
        out.push(next);
      }
      for (const [key, r] of current) {
        const doc: RecommendationDoc = {
          ...r,
          Status: 'OPEN',
          CreatedTimestamp: at,
          LastUpdatedTimestamp: at,
        };
        await docs.put(scope, '', 'recommendation', key, doc);
        out.push(doc);
      }
      return out.sort((a, b) => (recommendationKey(a) < recommendationKey(b) ? -1 : 1));
    });
  }

  const identityFilterArn = (i: InputOf<'ListRecommendations'>, ctx: RequestContext) => {
    const arn = i.Filter?.RESOURCE_ARN;
    return arn && arn.startsWith(sesArn(scopeOf(ctx), 'identity', '')) ? [arn] : ['*'];
  };

  return [
    defineOperation<InputOf<'GetReputationEntity'>, OutputOf<'GetReputationEntity'>>({
      name: 'GetReputationEntity',
      action: 'ses:GetReputationEntity',
      resources: (i) => [i.ReputationEntityReference],
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        const t = await tenantOf(scope, i.ReputationEntityReference);
        if (!t) throw notFound(unknownEntity(i.ReputationEntityReference));
        return { ReputationEntity: entityOf(scope, t, await reputationOf(scope, t)) };
      },
    }),
    defineOperation<InputOf<'ListReputationEntities'>, OutputOf<'ListReputationEntities'>>({
      name: 'ListReputationEntities',
      action: 'ses:ListReputationEntities',
      violations: (i) => pageSizeViolations('PageSize', i.PageSize, 1, 1000),
      resources: (_i, ctx) => [sesArn(scopeOf(ctx), 'tenant', '*')],
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        const f = i.Filter ?? {};
        // Pinpost's bounds and wording: AWS documents none for this PageSize.
        const size = i.PageSize ?? 100;
        const values: Record<string, string[]> = {
          ENTITY_TYPE: ['RESOURCE'],
          REPUTATION_IMPACT: ['LOW', 'HIGH'],
          SENDING_STATUS: ['ENABLED', 'REINSTATED', 'DISABLED'],
        };
        for (const [k, allowed] of Object.entries(values))
          if (f[k] !== undefined && !allowed.includes(f[k]))
            throw badRequest(`Filter ${k} must be one of ${allowed.join(', ')}.`);
        const all: Entity[] = [];
        for (const t of await tenants(scope)) all.push(entityOf(scope, t, await reputationOf(scope, t)));
        const matching = all
          // No entity has a finding, so none has a ReputationImpact to match.
          .filter(() => f.REPUTATION_IMPACT === undefined)
          .filter((e) => f.SENDING_STATUS === undefined || e.SendingStatusAggregate === f.SENDING_STATUS)
          .filter(
            (e) =>
              f.ENTITY_REFERENCE_PREFIX === undefined ||
              (e.ReputationEntityReference ?? '').startsWith(f.ENTITY_REFERENCE_PREFIX),
          )
          .sort((a, b) =>
            (a.ReputationEntityReference ?? '') < (b.ReputationEntityReference ?? '') ? -1 : 1,
          );
        const after = decode(i.NextToken);
        const rest = matching.filter((e) => (e.ReputationEntityReference ?? '') > after);
        const page = rest.slice(0, size);
        return {
          ReputationEntities: page,
          ...(rest.length > size
            ? { NextToken: encode(page[page.length - 1].ReputationEntityReference ?? '') }
            : {}),
        };
      },
    }),
    defineOperation<
      InputOf<'UpdateReputationEntityCustomerManagedStatus'>,
      OutputOf<'UpdateReputationEntityCustomerManagedStatus'>
    >({
      name: 'UpdateReputationEntityCustomerManagedStatus',
      action: 'ses:UpdateReputationEntityCustomerManagedStatus',
      resources: (i) => [i.ReputationEntityReference],
      async handler(i, ctx) {
        const at = deps.store.now().toISOString();
        await update(scopeOf(ctx), i.ReputationEntityReference, (rep) => ({
          ...rep,
          customer: { Status: i.SendingStatus, LastUpdatedTimestamp: at },
        }));
        return {};
      },
    }),
    defineOperation<InputOf<'UpdateReputationEntityPolicy'>, OutputOf<'UpdateReputationEntityPolicy'>>({
      name: 'UpdateReputationEntityPolicy',
      action: 'ses:UpdateReputationEntityPolicy',
      resources: (i) => [i.ReputationEntityPolicy, i.ReputationEntityReference],
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        if (!POLICIES.some((p) => policyArn(scope, p) === i.ReputationEntityPolicy))
          throw badRequest(
            `Reputation policy <${i.ReputationEntityPolicy}> is not one of ${POLICIES.map((p) => policyArn(scope, p)).join(', ')}.`,
          );
        await update(scope, i.ReputationEntityReference, (rep) => ({
          ...rep,
          policy: i.ReputationEntityPolicy,
        }));
        return {};
      },
    }),
    defineOperation<InputOf<'ListRecommendations'>, OutputOf<'ListRecommendations'>>({
      name: 'ListRecommendations',
      action: 'ses:ListRecommendations',
      violations: (i) => pageSizeViolations('PageSize', i.PageSize, 1, 100),
      resources: identityFilterArn,
      async handler(i, ctx) {
        const f = i.Filter ?? {};
        const keys = Object.keys(f).sort().join('+');
        // "Can either be an individual filter, or combinations of STATUS and IMPACT or STATUS and TYPE".
        if (keys.includes('+') && keys !== 'IMPACT+STATUS' && keys !== 'STATUS+TYPE')
          throw badRequest(`Filter ${keys.replace('+', ' and ')} cannot be combined.`);
        // "The value you specify has to be at least 1, and can be no more than 100."
        const size = i.PageSize ?? 100;
        const all = (await recommendations(scopeOf(ctx))).filter(
          (r) =>
            (f.TYPE === undefined || r.Type === f.TYPE) &&
            (f.IMPACT === undefined || r.Impact === f.IMPACT) &&
            (f.STATUS === undefined || r.Status === f.STATUS) &&
            (f.RESOURCE_ARN === undefined || r.ResourceArn === f.RESOURCE_ARN),
        );
        const after = decode(i.NextToken);
        const rest = all.filter((r) => recommendationKey(r) > after);
        const page = rest.slice(0, size);
        const Recommendations: Recommendation[] = page.map((r) => ({
          ResourceArn: r.ResourceArn,
          Type: r.Type,
          Description: r.Description,
          Status: r.Status,
          CreatedTimestamp: new Date(r.CreatedTimestamp),
          LastUpdatedTimestamp: new Date(r.LastUpdatedTimestamp),
          Impact: r.Impact,
        }));
        return {
          Recommendations,
          ...(rest.length > size ? { NextToken: encode(recommendationKey(page[page.length - 1])) } : {}),
        };
      },
    }),
  ];
}
