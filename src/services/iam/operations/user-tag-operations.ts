/**
 * TagUser, UntagUser, ListUserTags, PutUserPermissionsBoundary, DeleteUserPermissionsBoundary
 * (IAM API reference, API_<Op>.html). All authorize on the user's ARN; the condition keys are
 * those list_awsidentityandaccessmanagementiam.html documents for each action.
 */
import { paginate } from '../../../store/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import { boundaryKey, checkBoundary } from '../handlers/user-boundary.js';
import { accountOf, requireUser, userArnOf } from '../handlers/user-entities.js';
import { pageOutput, pageRequest } from '../handlers/user-input.js';
import {
  checkDuplicateTagKeys,
  mergeTags,
  removeTags,
  requestTagKeys,
  resourceTagKeys,
} from '../handlers/user-tags.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';

export function userTagOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  const userTags = async (ctx: Parameters<typeof accountOf>[0], name: string) =>
    resourceTagKeys((await store.users.get(accountOf(ctx), name))?.Tags);

  return [
    defineOperation<InputOf<'TagUser'>, OutputOf<'TagUser'>>({
      name: 'TagUser',
      action: 'iam:TagUser',
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

    defineOperation<InputOf<'UntagUser'>, OutputOf<'UntagUser'>>({
      name: 'UntagUser',
      action: 'iam:UntagUser',
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

    defineOperation<InputOf<'ListUserTags'>, OutputOf<'ListUserTags'>>({
      name: 'ListUserTags',
      action: 'iam:ListUserTags',
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

    defineOperation<InputOf<'PutUserPermissionsBoundary'>, OutputOf<'PutUserPermissionsBoundary'>>({
      name: 'PutUserPermissionsBoundary',
      action: 'iam:PutUserPermissionsBoundary',
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

    defineOperation<InputOf<'DeleteUserPermissionsBoundary'>, OutputOf<'DeleteUserPermissionsBoundary'>>({
      name: 'DeleteUserPermissionsBoundary',
      action: 'iam:DeleteUserPermissionsBoundary',
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
