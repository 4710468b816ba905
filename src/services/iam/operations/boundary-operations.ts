/**
 * PutRolePermissionsBoundary and DeleteRolePermissionsBoundary (API_PutRolePermissionsBoundary.html,
 * API_DeleteRolePermissionsBoundary.html). iam:PermissionsBoundary is the boundary being set on Put
 * and the role's current one on Delete (list_awsidentityandaccessmanagementiam.html).
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';
import { one, ownerArn, ownerKeys } from './policy-arns.js';
import { requireBoundaryPolicy } from './policy-entities.js';
import { requireChangeableRole } from './service-linked-roles.js';
import { accountOf } from './policy-parse.js';

export function boundaryOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;

  const put = defineOperation<InputOf<'PutRolePermissionsBoundary'>, OutputOf<'PutRolePermissionsBoundary'>>({
    name: 'PutRolePermissionsBoundary',
    action: 'iam:PutRolePermissionsBoundary',
    resources: async (i, ctx) => [await ownerArn(deps, ctx, 'role', i.RoleName)],
    conditionKeys: async (i, ctx) => ({
      ...(await ownerKeys(deps, ctx, 'role', i.RoleName)),
      'iam:PermissionsBoundary': one(i.PermissionsBoundary),
    }),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        await requireChangeableRole(store, account, i.RoleName);
        await requireBoundaryPolicy(store, account, i.PermissionsBoundary);
        await store.roles.setPermissionsBoundary(account, i.RoleName, i.PermissionsBoundary);
      });
      return undefined;
    },
  });

  const remove = defineOperation<
    InputOf<'DeleteRolePermissionsBoundary'>,
    OutputOf<'DeleteRolePermissionsBoundary'>
  >({
    name: 'DeleteRolePermissionsBoundary',
    action: 'iam:DeleteRolePermissionsBoundary',
    resources: async (i, ctx) => [await ownerArn(deps, ctx, 'role', i.RoleName)],
    conditionKeys: (i, ctx) => ownerKeys(deps, ctx, 'role', i.RoleName),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        await requireChangeableRole(store, account, i.RoleName);
        await store.roles.setPermissionsBoundary(account, i.RoleName, undefined);
      });
      return undefined;
    },
  });

  return [put, remove];
}
