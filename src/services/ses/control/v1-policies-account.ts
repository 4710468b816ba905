/**
 * SES v1 identity policies and account sending: PutIdentityPolicy, GetIdentityPolicies,
 * ListIdentityPolicies, DeleteIdentityPolicy, GetAccountSendingEnabled, UpdateAccountSendingEnabled
 * (APIReference/API_PutIdentityPolicy.html and siblings). Policies are the ones v2 shows in
 * GetEmailIdentityPolicies. No resource type in list_amazonses.html: "*".
 */
import { v1Map } from './v1-output.js';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { getAccount, updateAccount } from './account.js';
import type { ControlDeps } from './deps.js';
import { invalidPolicy, v1LimitExceeded } from './errors.js';
import { getIdentity, saveIdentity } from './identities.js';
import { scopeOf } from './input.js';
import { MAX_POLICIES_PER_IDENTITY, POLICY_NAME, policyToStore, shownPolicies } from './policies.js';
import { missingIdentity } from './v1-identities.js';
import { requestPartition } from '../../shared/request-partition.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/ses.js';
import { memberPath, memberViolations } from '../../../wire/model/violations.js';

const any = () => ['*'];
/**
 * The name's characters (API_PutIdentityPolicy.html: "can only include alphanumeric characters,
 * dashes, and underscores"), which the model's PolicyName does not state; its length it does.
 */
const policyNameCharacters = (i: { PolicyName?: string }) =>
  memberViolations(memberPath('PolicyName'), i.PolicyName, { pattern: POLICY_NAME.pattern });

export function v1PolicyAccountOperations(deps: ControlDeps): OperationSpec[] {
  const policiesOf = async (ctx: RequestContext, identity: string) => {
    const doc = (await getIdentity(deps, scopeOf(ctx), identity))?.doc;
    if (!doc) throw missingIdentity(identity);
    return doc.policies;
  };
  return [
    defineOperation<InputOf<'PutIdentityPolicy'>, OutputOf<'PutIdentityPolicy'>>({
      name: 'PutIdentityPolicy',
      action: 'ses:PutIdentityPolicy',
      violations: policyNameCharacters,
      resources: any,
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          const stored = await policyToStore(deps.store.db, i.Policy, requestPartition(ctx));
          if (!stored.ok) throw invalidPolicy(stored.fault);
          const doc = (await getIdentity(deps, scope, i.Identity, true))?.doc;
          if (!doc) throw missingIdentity(i.Identity);
          if (
            !Object.hasOwn(doc.policies, i.PolicyName) &&
            Object.keys(doc.policies).length >= MAX_POLICIES_PER_IDENTITY
          ) {
            throw v1LimitExceeded(
              `Identity ${i.Identity} already has ${MAX_POLICIES_PER_IDENTITY} policies.`,
            );
          }
          await saveIdentity(deps, scope, {
            ...doc,
            policies: { ...doc.policies, [i.PolicyName]: stored.text },
          });
        });
        return {};
      },
    }),
    defineOperation<InputOf<'GetIdentityPolicies'>, OutputOf<'GetIdentityPolicies'>>({
      name: 'GetIdentityPolicies',
      action: 'ses:GetIdentityPolicies',
      // API_GetIdentityPolicies.html: "You can retrieve a maximum of 20 policies at a time." The
      // model states no bound.
      violations: (i) => memberViolations(memberPath('PolicyNames'), i.PolicyNames, { maxLength: 20 }),
      resources: any,
      async handler(i, ctx) {
        const policies = await shownPolicies(deps.store.db, await policiesOf(ctx, i.Identity));
        return {
          Policies: v1Map(
            Object.fromEntries(
              i.PolicyNames.filter((n) => Object.hasOwn(policies, n)).map((n) => [n, policies[n]]),
            ),
          ),
        };
      },
    }),
    defineOperation<InputOf<'ListIdentityPolicies'>, OutputOf<'ListIdentityPolicies'>>({
      name: 'ListIdentityPolicies',
      action: 'ses:ListIdentityPolicies',
      resources: any,
      handler: async (i, ctx) => ({ PolicyNames: Object.keys(await policiesOf(ctx, i.Identity)) }),
    }),
    defineOperation<InputOf<'DeleteIdentityPolicy'>, OutputOf<'DeleteIdentityPolicy'>>({
      name: 'DeleteIdentityPolicy',
      action: 'ses:DeleteIdentityPolicy',
      violations: policyNameCharacters,
      resources: any,
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          const doc = (await getIdentity(deps, scope, i.Identity, true))?.doc;
          if (!doc) throw missingIdentity(i.Identity);
          const policies = { ...doc.policies };
          delete policies[i.PolicyName];
          await saveIdentity(deps, scope, { ...doc, policies });
        });
        return {};
      },
    }),
    defineOperation<InputOf<'GetAccountSendingEnabled'>, OutputOf<'GetAccountSendingEnabled'>>({
      name: 'GetAccountSendingEnabled',
      action: 'ses:GetAccountSendingEnabled',
      resources: any,
      handler: async (_i, ctx) => ({ Enabled: (await getAccount(deps, scopeOf(ctx))).sendingEnabled }),
    }),
    defineOperation<InputOf<'UpdateAccountSendingEnabled'>, OutputOf<'UpdateAccountSendingEnabled'>>({
      name: 'UpdateAccountSendingEnabled',
      action: 'ses:UpdateAccountSendingEnabled',
      resources: any,
      async handler(i, ctx) {
        await updateAccount(deps, scopeOf(ctx), (a) => ({ ...a, sendingEnabled: i.Enabled ?? false }));
        return undefined;
      },
    }),
  ];
}
