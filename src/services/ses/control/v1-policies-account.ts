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
import { bool, check, scopeOf, str, strings, type Raw } from './input.js';
import { MAX_POLICIES_PER_IDENTITY, POLICY_NAME, policyToStore, shownPolicies } from './policies.js';
import { missingIdentity } from './v1-identities.js';
import { requestPartition } from '../../shared/request-partition.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/ses.js';

const any = () => ['*'];
const identityOf = (raw: Raw) => {
  const v = str(raw, 'Identity');
  check('v1', [['Identity', v, { required: true }]]);
  return v as string;
};

export function v1PolicyAccountOperations(deps: ControlDeps): OperationSpec[] {
  const policiesOf = async (ctx: RequestContext, identity: string) => {
    const doc = (await getIdentity(deps, scopeOf(ctx), identity))?.doc;
    if (!doc) throw missingIdentity(identity);
    return doc.policies;
  };
  return [
    defineOperation<{ Identity: string; PolicyName: string; Policy: string }, OutputOf<'PutIdentityPolicy'>>({
      name: 'PutIdentityPolicy',
      action: 'ses:PutIdentityPolicy',
      parse(raw) {
        const input = {
          Identity: identityOf(raw),
          PolicyName: str(raw, 'PolicyName') as string,
          Policy: str(raw, 'Policy') as string,
        };
        check('v1', [
          ['PolicyName', input.PolicyName, POLICY_NAME],
          ['Policy', input.Policy, { required: true, min: 1 }],
        ]);
        return input;
      },
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
    defineOperation<{ Identity: string; PolicyNames: string[] }, OutputOf<'GetIdentityPolicies'>>({
      name: 'GetIdentityPolicies',
      action: 'ses:GetIdentityPolicies',
      parse(raw) {
        const names = strings(raw, 'PolicyNames');
        // API_GetIdentityPolicies.html: "You can retrieve a maximum of 20 policies at a time."
        check('v1', [['PolicyNames', names, { required: true, max: 20 }]]);
        return { Identity: identityOf(raw), PolicyNames: names as string[] };
      },
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
    defineOperation<{ Identity: string }, OutputOf<'ListIdentityPolicies'>>({
      name: 'ListIdentityPolicies',
      action: 'ses:ListIdentityPolicies',
      parse: (raw) => ({ Identity: identityOf(raw) }),
      resources: any,
      handler: async (i, ctx) => ({ PolicyNames: Object.keys(await policiesOf(ctx, i.Identity)) }),
    }),
    defineOperation<{ Identity: string; PolicyName: string }, OutputOf<'DeleteIdentityPolicy'>>({
      name: 'DeleteIdentityPolicy',
      action: 'ses:DeleteIdentityPolicy',
      parse(raw) {
        const input = { Identity: identityOf(raw), PolicyName: str(raw, 'PolicyName') as string };
        check('v1', [['PolicyName', input.PolicyName, POLICY_NAME]]);
        return input;
      },
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
    defineOperation<{ Enabled?: boolean }, OutputOf<'UpdateAccountSendingEnabled'>>({
      name: 'UpdateAccountSendingEnabled',
      action: 'ses:UpdateAccountSendingEnabled',
      parse: (raw) => ({ Enabled: bool(raw, 'Enabled') }),
      resources: any,
      async handler(i, ctx) {
        await updateAccount(deps, scopeOf(ctx), (a) => ({ ...a, sendingEnabled: i.Enabled ?? false }));
        return undefined;
      },
    }),
  ];
}
