/**
 * TagUser, UntagUser, ListUserTags, PutUserPermissionsBoundary, DeleteUserPermissionsBoundary
 * (IAM API reference, API_<Op>.html). All authorize on the user's ARN; the condition keys are
 * those list_awsidentityandaccessmanagementiam.html documents for each action.
 */
import { paginate } from '../../../store/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { checkConstraints } from '../../shared/constraints.js';
import type { IamDeps } from '../deps.js';
import type { Tag } from '../model.js';
import { boundaryKey, checkBoundary } from '../handlers/user-boundary.js';
import { accountOf, requireUser, userArnOf } from '../handlers/user-entities.js';
import {
  MODEL,
  pageOutput,
  pageRequest,
  paging,
  pagingConstraints,
  required,
  str,
  type Paging,
} from '../handlers/user-input.js';
import {
  checkDuplicateTagKeys,
  mergeTags,
  parseTagKeys,
  parseTags,
  removeTags,
  requestTagKeys,
  resourceTagKeys,
  tagConstraints,
  tagKeyConstraints,
} from '../handlers/user-tags.js';
import type { OutputOf } from '../../../wire/model/types/iam.js';

export function userTagOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  const userTags = async (ctx: Parameters<typeof accountOf>[0], name: string) =>
    resourceTagKeys((await store.users.get(accountOf(ctx), name))?.Tags);

  return [
    defineOperation<{ UserName: string; Tags: Tag[] }, OutputOf<'TagUser'>>({
      name: 'TagUser',
      action: 'iam:TagUser',
      parse(raw) {
        const input = { UserName: str(raw, 'UserName')!, Tags: parseTags(raw)! };
        checkConstraints([
          ['UserName', input.UserName, required(MODEL.existingUserName)],
          ['Tags', input.Tags, required(MODEL.tagList)],
          ...tagConstraints(input.Tags),
        ]);
        return input;
      },
      resources: async (i, ctx) => [await userArnOf(deps, ctx, i.UserName)],
      conditionKeys: async (i, ctx) => ({ ...(await userTags(ctx, i.UserName)), ...requestTagKeys(i.Tags) }),
      async handler(i, ctx) {
        const account = accountOf(ctx);
        await store.transaction(async () => {
          const user = await requireUser(deps, account, i.UserName);
          checkDuplicateTagKeys(i.Tags);
          await store.users.setTags(account, user.UserName, mergeTags(user.Tags, i.Tags));
        });
        return undefined;
      },
    }),

    defineOperation<{ UserName: string; TagKeys: string[] }, OutputOf<'UntagUser'>>({
      name: 'UntagUser',
      action: 'iam:UntagUser',
      parse(raw) {
        const input = { UserName: str(raw, 'UserName')!, TagKeys: parseTagKeys(raw)! };
        checkConstraints([
          ['UserName', input.UserName, required(MODEL.existingUserName)],
          ['TagKeys', input.TagKeys, required(MODEL.tagList)],
          ...tagKeyConstraints(input.TagKeys),
        ]);
        return input;
      },
      resources: async (i, ctx) => [await userArnOf(deps, ctx, i.UserName)],
      conditionKeys: async (i, ctx) => ({
        ...(await userTags(ctx, i.UserName)),
        'aws:TagKeys': { values: i.TagKeys, list: true },
      }),
      async handler(i, ctx) {
        const account = accountOf(ctx);
        await store.transaction(async () => {
          const user = await requireUser(deps, account, i.UserName);
          await store.users.setTags(account, user.UserName, removeTags(user.Tags, i.TagKeys));
        });
        return undefined;
      },
    }),

    defineOperation<Paging & { UserName: string }, OutputOf<'ListUserTags'>>({
      name: 'ListUserTags',
      action: 'iam:ListUserTags',
      parse(raw) {
        const input = { UserName: str(raw, 'UserName')!, ...paging(raw) };
        checkConstraints([
          ['UserName', input.UserName, required(MODEL.existingUserName)],
          ...pagingConstraints(input),
        ]);
        return input;
      },
      resources: async (i, ctx) => [await userArnOf(deps, ctx, i.UserName)],
      conditionKeys: (i, ctx) => userTags(ctx, i.UserName),
      async handler(i, ctx) {
        const user = await requireUser(deps, accountOf(ctx), i.UserName);
        // Tags keep the order they were added in; the position is the page key.
        const indexed = user.Tags.map((t, n) => ({ t, key: String(n).padStart(4, '0') }));
        const page = paginate(indexed, pageRequest(i), (x) => x.key);
        return { Tags: page.items.map((x) => x.t), ...pageOutput(page) };
      },
    }),

    defineOperation<
      { UserName: string; PermissionsBoundary: string },
      OutputOf<'PutUserPermissionsBoundary'>
    >({
      name: 'PutUserPermissionsBoundary',
      action: 'iam:PutUserPermissionsBoundary',
      parse(raw) {
        const input = {
          UserName: str(raw, 'UserName')!,
          PermissionsBoundary: str(raw, 'PermissionsBoundary')!,
        };
        checkConstraints([
          ['UserName', input.UserName, required(MODEL.userName)],
          ['PermissionsBoundary', input.PermissionsBoundary, required(MODEL.arn)],
        ]);
        return input;
      },
      resources: async (i, ctx) => [await userArnOf(deps, ctx, i.UserName)],
      conditionKeys: async (i, ctx) => ({
        ...(await userTags(ctx, i.UserName)),
        ...boundaryKey(i.PermissionsBoundary),
      }),
      async handler(i, ctx) {
        const account = accountOf(ctx);
        await store.transaction(async () => {
          const user = await requireUser(deps, account, i.UserName);
          await checkBoundary(deps, account, i.PermissionsBoundary);
          await store.users.setPermissionsBoundary(account, user.UserName, i.PermissionsBoundary);
        });
        return undefined;
      },
    }),

    defineOperation<{ UserName: string }, OutputOf<'DeleteUserPermissionsBoundary'>>({
      name: 'DeleteUserPermissionsBoundary',
      action: 'iam:DeleteUserPermissionsBoundary',
      parse(raw) {
        const input = { UserName: str(raw, 'UserName')! };
        checkConstraints([['UserName', input.UserName, required(MODEL.userName)]]);
        return input;
      },
      resources: async (i, ctx) => [await userArnOf(deps, ctx, i.UserName)],
      // The boundary being removed is the value of iam:PermissionsBoundary.
      conditionKeys: async (i, ctx) => {
        const user = await store.users.get(accountOf(ctx), i.UserName);
        return {
          ...resourceTagKeys(user?.Tags),
          ...boundaryKey(user?.PermissionsBoundary?.PermissionsBoundaryArn),
        };
      },
      async handler(i, ctx) {
        const account = accountOf(ctx);
        const user = await requireUser(deps, account, i.UserName);
        await store.users.setPermissionsBoundary(account, user.UserName, undefined);
        return undefined;
      },
    }),
  ];
}
