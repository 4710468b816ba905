/**
 * Roles: CreateRole, GetRole, UpdateRole, UpdateRoleDescription, DeleteRole, ListRoles,
 * UpdateAssumeRolePolicy (IAM API reference, API_<Op>.html). Every check runs before the one
 * write, inside a store transaction, so a refused request leaves nothing behind.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { RequestContext } from '../../../wire/context.js';
import type { IamDeps } from '../deps.js';
import { deleteConflict, entityAlreadyExists, limitExceeded } from '../errors.js';
import { entityArn, one, ownerArn, ownerKeys, requestTagKeys } from './policy-arns.js';
import { instanceProfilesOf, mustRemoveRoles } from './instance-profile-shapes.js';
import { requireExistingPrincipals, requireValidDocument } from './policy-document.js';
import { requireBoundaryPolicy, requireRole } from './policy-entities.js';
import {
  refuseServiceLinkedChange,
  refuseServiceLinkedPath,
  requireChangeableRole,
} from './service-linked-roles.js';
import { pageOutput, roleOutput } from './policy-output.js';
import { accountOf, pageRequest, refuseDuplicateTagKeys } from './policy-parse.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';
import { requestPartition } from '../../shared/request-partition.js';

/** Roles per account: 1,000 by default (reference_iam-quotas.html, "IAM object quotas"). */
const ROLES_PER_ACCOUNT = 1000;

/** "If it is not included, it defaults to a slash (/)." (API_CreateRole.html, Path) */
const DEFAULT_PATH = '/';

export function roleOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;

  /** A trust policy as IAM stores one: valid, within ACLSizePerRole, naming existing principals. */
  async function requireTrustPolicy(text: string, ctx: RequestContext): Promise<void> {
    requireValidDocument(text, 'trust', { partition: requestPartition(ctx) });
    await requireExistingPrincipals(store, text);
  }

  const createRole = defineOperation<InputOf<'CreateRole'>, OutputOf<'CreateRole'>>({
    name: 'CreateRole',
    action: 'iam:CreateRole',
    resources: async (i, ctx) => [
      await entityArn(deps, accountOf(ctx), 'role', i.Path ?? DEFAULT_PATH, i.RoleName),
    ],
    conditionKeys: (i) => ({
      ...requestTagKeys(i.Tags),
      ...(i.PermissionsBoundary ? { 'iam:PermissionsBoundary': one(i.PermissionsBoundary) } : {}),
    }),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const { Path = DEFAULT_PATH, ...rest } = i;
      refuseDuplicateTagKeys(i.Tags);
      return store.transaction(async () => {
        refuseServiceLinkedPath(Path);
        if (await store.roles.get(account, i.RoleName)) {
          // API_CreateRole.html, EntityAlreadyExists; text as IAM sends it (moto matches it).
          throw entityAlreadyExists(`Role with name ${i.RoleName} already exists.`);
        }
        await requireTrustPolicy(i.AssumeRolePolicyDocument, ctx);
        if (i.PermissionsBoundary) await requireBoundaryPolicy(store, account, i.PermissionsBoundary);
        if ((await store.roles.count(account)) >= ROLES_PER_ACCOUNT) {
          throw limitExceeded(`Cannot exceed quota for RolesPerAccount: ${ROLES_PER_ACCOUNT}`);
        }
        return { Role: roleOutput(await store.roles.create(account, { ...rest, Path }, store.clock())) };
      });
    },
  });

  const getRole = defineOperation<InputOf<'GetRole'>, OutputOf<'GetRole'>>({
    name: 'GetRole',
    action: 'iam:GetRole',
    resources: async (i, ctx) => [await ownerArn(deps, ctx, 'role', i.RoleName)],
    conditionKeys: (i, ctx) => ownerKeys(deps, ctx, 'role', i.RoleName),
    handler: async (i, ctx) => ({ Role: roleOutput(await requireRole(store, accountOf(ctx), i.RoleName)) }),
  });

  const updateRole = defineOperation<InputOf<'UpdateRole'>, OutputOf<'UpdateRole'>>({
    name: 'UpdateRole',
    action: 'iam:UpdateRole',
    resources: async (i, ctx) => [await ownerArn(deps, ctx, 'role', i.RoleName)],
    conditionKeys: (i, ctx) => ownerKeys(deps, ctx, 'role', i.RoleName),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        const role = await requireRole(store, account, i.RoleName);
        // Only the description of a service-linked role is the account's to edit
        // (using-service-linked-roles.html, "Editing a service-linked role"); Pinpost refuses a
        // MaxSessionDuration change with the protected-role answer (IAM's text for it was not found).
        if (i.MaxSessionDuration !== undefined)
          refuseServiceLinkedChange({ name: role.RoleName, arn: role.Arn });
        const change: { Description?: string; MaxSessionDuration?: number } = {};
        if (i.Description !== undefined) change.Description = i.Description;
        if (i.MaxSessionDuration !== undefined) change.MaxSessionDuration = i.MaxSessionDuration;
        await store.roles.update(account, i.RoleName, change);
      });
      // UpdateRoleResponse has no members: an empty UpdateRoleResult.
      return {};
    },
  });

  const updateRoleDescription = defineOperation<
    InputOf<'UpdateRoleDescription'>,
    OutputOf<'UpdateRoleDescription'>
  >({
    name: 'UpdateRoleDescription',
    action: 'iam:UpdateRoleDescription',
    resources: async (i, ctx) => [await ownerArn(deps, ctx, 'role', i.RoleName)],
    conditionKeys: (i, ctx) => ownerKeys(deps, ctx, 'role', i.RoleName),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      return store.transaction(async () => {
        await requireRole(store, account, i.RoleName);
        return {
          Role: roleOutput(await store.roles.update(account, i.RoleName, { Description: i.Description })),
        };
      });
    },
  });

  const deleteRole = defineOperation<InputOf<'DeleteRole'>, OutputOf<'DeleteRole'>>({
    name: 'DeleteRole',
    action: 'iam:DeleteRole',
    resources: async (i, ctx) => [await ownerArn(deps, ctx, 'role', i.RoleName)],
    conditionKeys: (i, ctx) => ownerKeys(deps, ctx, 'role', i.RoleName),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        const role = await requireChangeableRole(store, account, i.RoleName);
        const d = (await store.roles.dependents(account, i.RoleName))!;
        // API_DeleteRole.html lists what must go first; texts as IAM sends them
        // (hashicorp/boundary#5646 "must detach all policies first", cloud-custodian#6109
        // "must delete policies first"). Attached policies are reported first, as moto does.
        if (d.attachedPolicies > 0)
          throw deleteConflict('Cannot delete entity, must detach all policies first.');
        if (d.inlinePolicies > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
        if ((await instanceProfilesOf(store).countForRole(role.RoleId)) > 0) throw mustRemoveRoles();
        await store.roles.delete(account, i.RoleName);
      });
      return undefined;
    },
  });

  const listRoles = defineOperation<InputOf<'ListRoles'>, OutputOf<'ListRoles'>>({
    name: 'ListRoles',
    action: 'iam:ListRoles',
    resources: async (i, ctx) => [
      `arn:${await store.accounts.partitionOf(accountOf(ctx))}:iam::${accountOf(ctx)}:role${i.PathPrefix ?? '/'}`,
    ],
    async handler(i, ctx) {
      const opts = { ...pageRequest(i), ...(i.PathPrefix ? { pathPrefix: i.PathPrefix } : {}) };
      return pageOutput('Roles', await store.roles.list(accountOf(ctx), opts), (r) => roleOutput(r, true));
    },
  });

  const updateAssumeRolePolicy = defineOperation<
    InputOf<'UpdateAssumeRolePolicy'>,
    OutputOf<'UpdateAssumeRolePolicy'>
  >({
    name: 'UpdateAssumeRolePolicy',
    action: 'iam:UpdateAssumeRolePolicy',
    resources: async (i, ctx) => [await ownerArn(deps, ctx, 'role', i.RoleName)],
    conditionKeys: (i, ctx) => ownerKeys(deps, ctx, 'role', i.RoleName),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        await requireChangeableRole(store, account, i.RoleName);
        await requireTrustPolicy(i.PolicyDocument, ctx);
        await store.roles.updateAssumeRolePolicy(account, i.RoleName, i.PolicyDocument);
      });
      return undefined;
    },
  });

  return [
    createRole,
    getRole,
    updateRole,
    updateRoleDescription,
    deleteRole,
    listRoles,
    updateAssumeRolePolicy,
  ];
}
