/**
 * SES v2 identity policies: CreateEmailIdentityPolicy, UpdateEmailIdentityPolicy,
 * DeleteEmailIdentityPolicy, GetEmailIdentityPolicies (APIReference-V2/API_*EmailIdentityPolic*.html).
 * Not-found and exists texts are Pinpost's wording (AWS's have not been published).
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { arnOf, resourceTagKeys } from './authz.js';
import type { ControlDeps } from './deps.js';
import { alreadyExists, badRequest, limitExceeded, notFound } from './errors.js';
import { requireIdentity, saveIdentity } from './identities.js';
import { scopeOf } from './input.js';
import { memberPath, memberViolations } from '../../../wire/model/violations.js';
import { MAX_POLICIES_PER_IDENTITY, POLICY_NAME, policyToStore, shownPolicies } from './policies.js';
import { requestPartition } from '../../shared/request-partition.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

interface PolicyInput {
  EmailIdentity: string;
  PolicyName: string;
  Policy?: string;
}

export function v2IdentityPolicyOperations(deps: ControlDeps): OperationSpec[] {
  const common = {
    resources: (i: { EmailIdentity: string }, ctx: RequestContext) => [
      arnOf(deps, ctx, 'identity', i.EmailIdentity),
    ],
    conditionKeys: (i: { EmailIdentity: string }, ctx: RequestContext) =>
      resourceTagKeys(deps, ctx, 'identity', i.EmailIdentity),
  };
  // The model bounds PolicyName's length only, while its documentation allows "alphanumeric
  // characters, dashes, and underscores": any other name is refused before authorizing, with the
  // model's own violations.
  const nameViolations = (i: PolicyInput) =>
    memberViolations(memberPath('PolicyName'), i.PolicyName, { pattern: POLICY_NAME.pattern });
  const write = async (i: PolicyInput, ctx: RequestContext, mode: 'create' | 'update' | 'delete') => {
    const scope = scopeOf(ctx);
    await deps.store.transaction(async () => {
      let text: string | undefined;
      if (i.Policy !== undefined) {
        const stored = await policyToStore(deps.store.db, i.Policy, requestPartition(ctx));
        if (!stored.ok) throw badRequest(stored.fault);
        text = stored.text;
      }
      const doc = (await requireIdentity(deps, scope, i.EmailIdentity, true)).doc;
      const exists = Object.hasOwn(doc.policies, i.PolicyName);
      if (mode === 'create' && exists) throw alreadyExists(`Policy ${i.PolicyName} already exists.`);
      if (mode !== 'create' && !exists) throw notFound(`Policy ${i.PolicyName} does not exist.`);
      if (mode === 'create' && Object.keys(doc.policies).length >= MAX_POLICIES_PER_IDENTITY) {
        throw limitExceeded(`Identity ${i.EmailIdentity} already has ${MAX_POLICIES_PER_IDENTITY} policies.`);
      }
      const policies = { ...doc.policies };
      if (mode === 'delete') delete policies[i.PolicyName];
      else policies[i.PolicyName] = text as string;
      await saveIdentity(deps, scope, { ...doc, policies });
    });
    return {};
  };

  return [
    defineOperation<InputOf<'CreateEmailIdentityPolicy'>, OutputOf<'CreateEmailIdentityPolicy'>>({
      name: 'CreateEmailIdentityPolicy',
      action: 'ses:CreateEmailIdentityPolicy',
      violations: nameViolations,
      ...common,
      handler: async (i, ctx) => write(i, ctx, 'create'),
    }),
    defineOperation<InputOf<'UpdateEmailIdentityPolicy'>, OutputOf<'UpdateEmailIdentityPolicy'>>({
      name: 'UpdateEmailIdentityPolicy',
      action: 'ses:UpdateEmailIdentityPolicy',
      violations: nameViolations,
      ...common,
      handler: async (i, ctx) => write(i, ctx, 'update'),
    }),
    defineOperation<InputOf<'DeleteEmailIdentityPolicy'>, OutputOf<'DeleteEmailIdentityPolicy'>>({
      name: 'DeleteEmailIdentityPolicy',
      action: 'ses:DeleteEmailIdentityPolicy',
      violations: nameViolations,
      ...common,
      handler: async (i, ctx) => write(i, ctx, 'delete'),
    }),
    defineOperation<InputOf<'GetEmailIdentityPolicies'>, OutputOf<'GetEmailIdentityPolicies'>>({
      name: 'GetEmailIdentityPolicies',
      action: 'ses:GetEmailIdentityPolicies',
      ...common,
      handler: async (i, ctx) => ({
        Policies: await shownPolicies(
          deps.store.db,
          (await requireIdentity(deps, scopeOf(ctx), i.EmailIdentity)).doc.policies,
        ),
      }),
    }),
  ];
}
