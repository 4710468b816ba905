/**
 * TagPolicy, UntagPolicy, ListPolicyTags (API_TagPolicy.html, API_UntagPolicy.html,
 * API_ListPolicyTags.html): tags of customer managed policies.
 */
import type { OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import { entityTagOperations } from './entity-tag-operations.js';
import { policyKeys } from './policy-arns.js';
import { policyNotFound, requirePolicy } from './policy-entities.js';

export function policyTagOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  return entityTagOperations({
    entity: 'Policy',
    idMember: 'PolicyArn',
    resource: (_ctx, arn) => arn,
    keys: (ctx, arn) => policyKeys(deps, ctx, arn),
    tags: async (account, arn) => (await requirePolicy(store, account, arn)).Tags,
    // An AWS managed policy has none of the account's tags to write.
    setTags: async (account, arn, tags) => {
      if (!(await store.policies.setTags(account, arn, tags))) throw policyNotFound(arn);
    },
    transaction: (fn) => store.transaction(fn),
  });
}
