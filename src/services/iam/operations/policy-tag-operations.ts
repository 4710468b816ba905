/**
 * TagPolicy, UntagPolicy, ListPolicyTags (API_TagPolicy.html, API_UntagPolicy.html,
 * API_ListPolicyTags.html): tags of customer managed policies.
 */
import type { PageRequest } from '../../../store/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import type { Tag } from '../model.js';
import { policyKeys, requestTagKeys, tagKeysKey } from './policy-arns.js';
import { policyNotFound, requirePolicy } from './policy-entities.js';
import { pageOutput } from './policy-output.js';
import {
  accountOf,
  checked,
  pageOf,
  refuseDuplicateTagKeys,
  str,
  tagKeysOf,
  tagsOf,
} from './policy-parse.js';
import { SHAPES } from './policy-shapes.js';
import { mergeTags, pageTags, removeTags } from './policy-tags.js';

export function policyTagOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;

  /** Writes a customer managed policy's tags; an AWS managed one has none of the account's. */
  function setTags(account: string, arn: string, change: (tags: readonly Tag[]) => Tag[]): void {
    store.transaction(() => {
      const p = requirePolicy(store, account, arn);
      if (!store.policies.setTags(account, arn, change(p.Tags))) throw policyNotFound(arn);
    });
  }

  const tag = defineOperation<{ PolicyArn: string; Tags: Tag[] }, unknown>({
    name: 'TagPolicy',
    action: 'iam:TagPolicy',
    parse(raw) {
      const tags = tagsOf(raw, 'Tags', true);
      const input = checked([['PolicyArn', str(raw, 'PolicyArn'), SHAPES.arn], ...tags.checks], {
        PolicyArn: str(raw, 'PolicyArn') as string,
        Tags: tags.tags ?? [],
      });
      refuseDuplicateTagKeys(input.Tags);
      return input;
    },
    resources: (i) => [i.PolicyArn],
    conditionKeys: (i, ctx) => ({ ...policyKeys(deps, ctx, i.PolicyArn), ...requestTagKeys(i.Tags) }),
    handler(i, ctx) {
      setTags(accountOf(ctx), i.PolicyArn, (tags) => mergeTags(tags, i.Tags));
      return undefined;
    },
  });

  const untag = defineOperation<{ PolicyArn: string; TagKeys: string[] }, unknown>({
    name: 'UntagPolicy',
    action: 'iam:UntagPolicy',
    parse(raw) {
      const keys = tagKeysOf(raw);
      return checked([['PolicyArn', str(raw, 'PolicyArn'), SHAPES.arn], ...keys.checks], {
        PolicyArn: str(raw, 'PolicyArn') as string,
        TagKeys: keys.keys,
      });
    },
    resources: (i) => [i.PolicyArn],
    conditionKeys: (i, ctx) => ({ ...policyKeys(deps, ctx, i.PolicyArn), ...tagKeysKey(i.TagKeys) }),
    handler(i, ctx) {
      setTags(accountOf(ctx), i.PolicyArn, (tags) => removeTags(tags, i.TagKeys));
      return undefined;
    },
  });

  const list = defineOperation<{ PolicyArn: string; page: PageRequest }, unknown>({
    name: 'ListPolicyTags',
    action: 'iam:ListPolicyTags',
    parse(raw) {
      const p = pageOf(raw);
      return checked([['PolicyArn', str(raw, 'PolicyArn'), SHAPES.arn], ...p.checks], {
        PolicyArn: str(raw, 'PolicyArn') as string,
        page: p.page,
      });
    },
    resources: (i) => [i.PolicyArn],
    conditionKeys: (i, ctx) => policyKeys(deps, ctx, i.PolicyArn),
    handler(i, ctx) {
      const p = requirePolicy(store, accountOf(ctx), i.PolicyArn);
      return pageOutput('Tags', pageTags(p.Tags, i.page));
    },
  });

  return [tag, untag, list];
}
