/** TagRole, UntagRole, ListRoleTags (API_TagRole.html, API_UntagRole.html, API_ListRoleTags.html). */
import type { PageRequest } from '../../../store/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import type { Tag } from '../model.js';
import { ownerArn, ownerKeys, requestTagKeys, tagKeysKey } from './policy-arns.js';
import { requireRole } from './policy-entities.js';
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

export function roleTagOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;

  const tagRole = defineOperation<{ RoleName: string; Tags: Tag[] }, unknown>({
    name: 'TagRole',
    action: 'iam:TagRole',
    parse(raw) {
      const tags = tagsOf(raw, 'Tags', true);
      const input = checked([['RoleName', str(raw, 'RoleName'), SHAPES.roleName], ...tags.checks], {
        RoleName: str(raw, 'RoleName') as string,
        Tags: tags.tags ?? [],
      });
      refuseDuplicateTagKeys(input.Tags);
      return input;
    },
    resources: (i, ctx) => [ownerArn(deps, ctx, 'role', i.RoleName)],
    conditionKeys: (i, ctx) => ({ ...ownerKeys(deps, ctx, 'role', i.RoleName), ...requestTagKeys(i.Tags) }),
    handler(i, ctx) {
      const account = accountOf(ctx);
      store.transaction(() => {
        const role = requireRole(store, account, i.RoleName);
        store.roles.setTags(account, i.RoleName, mergeTags(role.Tags, i.Tags));
      });
      return undefined;
    },
  });

  const untagRole = defineOperation<{ RoleName: string; TagKeys: string[] }, unknown>({
    name: 'UntagRole',
    action: 'iam:UntagRole',
    parse(raw) {
      const keys = tagKeysOf(raw);
      return checked([['RoleName', str(raw, 'RoleName'), SHAPES.roleName], ...keys.checks], {
        RoleName: str(raw, 'RoleName') as string,
        TagKeys: keys.keys,
      });
    },
    resources: (i, ctx) => [ownerArn(deps, ctx, 'role', i.RoleName)],
    conditionKeys: (i, ctx) => ({ ...ownerKeys(deps, ctx, 'role', i.RoleName), ...tagKeysKey(i.TagKeys) }),
    handler(i, ctx) {
      const account = accountOf(ctx);
      store.transaction(() => {
        const role = requireRole(store, account, i.RoleName);
        store.roles.setTags(account, i.RoleName, removeTags(role.Tags, i.TagKeys));
      });
      return undefined;
    },
  });

  const listRoleTags = defineOperation<{ RoleName: string; page: PageRequest }, unknown>({
    name: 'ListRoleTags',
    action: 'iam:ListRoleTags',
    parse(raw) {
      const p = pageOf(raw);
      return checked([['RoleName', str(raw, 'RoleName'), SHAPES.roleName], ...p.checks], {
        RoleName: str(raw, 'RoleName') as string,
        page: p.page,
      });
    },
    resources: (i, ctx) => [ownerArn(deps, ctx, 'role', i.RoleName)],
    conditionKeys: (i, ctx) => ownerKeys(deps, ctx, 'role', i.RoleName),
    handler(i, ctx) {
      const role = requireRole(store, accountOf(ctx), i.RoleName);
      return pageOutput('Tags', pageTags(role.Tags, i.page));
    },
  });

  return [tagRole, untagRole, listRoleTags];
}
