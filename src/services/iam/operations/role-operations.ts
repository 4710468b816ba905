/**
 * Roles: CreateRole, GetRole, UpdateRole, UpdateRoleDescription, DeleteRole, ListRoles,
 * UpdateAssumeRolePolicy (IAM API reference, API_<Op>.html). Every check runs before the one
 * write, inside a store transaction, so a refused request leaves nothing behind.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { RequestContext } from '../../../wire/context.js';
import type { IamDeps } from '../deps.js';
import { deleteConflict, entityAlreadyExists, limitExceeded } from '../errors.js';
import type { Tag } from '../model.js';
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
import {
  accountOf,
  checked,
  int,
  pageOf,
  refuseDuplicateTagKeys,
  str,
  tagsOf,
  type Raw,
} from './policy-parse.js';
import { SHAPES } from './policy-shapes.js';
import type { OutputOf } from '../../../wire/model/types/iam.js';
import { requestPartition } from '../../shared/request-partition.js';

/** Roles per account: 1,000 by default (reference_iam-quotas.html, "IAM object quotas"). */
const ROLES_PER_ACCOUNT = 1000;

interface CreateRoleInput {
  RoleName: string;
  Path: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration?: number;
  PermissionsBoundary?: string;
  Tags?: Tag[];
}

const roleName = (raw: Raw) => str(raw, 'RoleName') as string;

export function roleOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;

  /** A trust policy as IAM stores one: valid, within ACLSizePerRole, naming existing principals. */
  async function requireTrustPolicy(text: string, ctx: RequestContext): Promise<void> {
    requireValidDocument(text, 'trust', { partition: requestPartition(ctx) });
    await requireExistingPrincipals(store, text);
  }

  const createRole = defineOperation<CreateRoleInput, OutputOf<'CreateRole'>>({
    name: 'CreateRole',
    action: 'iam:CreateRole',
    parse(raw) {
      const tags = tagsOf(raw);
      const input = checked(
        [
          ['RoleName', str(raw, 'RoleName'), SHAPES.roleName],
          ['Path', str(raw, 'Path'), SHAPES.path],
          ['AssumeRolePolicyDocument', str(raw, 'AssumeRolePolicyDocument'), SHAPES.policyDocument],
          ['Description', str(raw, 'Description'), SHAPES.roleDescription],
          ['MaxSessionDuration', int(raw, 'MaxSessionDuration'), SHAPES.maxSessionDuration],
          ['PermissionsBoundary', str(raw, 'PermissionsBoundary'), SHAPES.optionalArn],
          ...tags.checks,
        ],
        {
          RoleName: roleName(raw),
          Path: str(raw, 'Path') ?? '/',
          AssumeRolePolicyDocument: str(raw, 'AssumeRolePolicyDocument') as string,
          Description: str(raw, 'Description'),
          MaxSessionDuration: int(raw, 'MaxSessionDuration'),
          PermissionsBoundary: str(raw, 'PermissionsBoundary'),
          Tags: tags.tags,
        },
      );
      refuseDuplicateTagKeys(input.Tags);
      return input;
    },
    resources: async (i, ctx) => [await entityArn(deps, accountOf(ctx), 'role', i.Path, i.RoleName)],
    conditionKeys: (i) => ({
      ...requestTagKeys(i.Tags),
      ...(i.PermissionsBoundary ? { 'iam:PermissionsBoundary': one(i.PermissionsBoundary) } : {}),
    }),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      return store.transaction(async () => {
        refuseServiceLinkedPath(i.Path);
        if (await store.roles.get(account, i.RoleName)) {
          // API_CreateRole.html, EntityAlreadyExists; text as IAM sends it (moto matches it).
          throw entityAlreadyExists(`Role with name ${i.RoleName} already exists.`);
        }
        await requireTrustPolicy(i.AssumeRolePolicyDocument, ctx);
        if (i.PermissionsBoundary) await requireBoundaryPolicy(store, account, i.PermissionsBoundary);
        if ((await store.roles.count(account)) >= ROLES_PER_ACCOUNT) {
          throw limitExceeded(`Cannot exceed quota for RolesPerAccount: ${ROLES_PER_ACCOUNT}`);
        }
        const { Path, ...rest } = i;
        return { Role: roleOutput(await store.roles.create(account, { ...rest, Path }, store.clock())) };
      });
    },
  });

  const getRole = defineOperation<{ RoleName: string }, OutputOf<'GetRole'>>({
    name: 'GetRole',
    action: 'iam:GetRole',
    parse: (raw) =>
      checked([['RoleName', str(raw, 'RoleName'), SHAPES.roleName]], { RoleName: roleName(raw) }),
    resources: async (i, ctx) => [await ownerArn(deps, ctx, 'role', i.RoleName)],
    conditionKeys: (i, ctx) => ownerKeys(deps, ctx, 'role', i.RoleName),
    handler: async (i, ctx) => ({ Role: roleOutput(await requireRole(store, accountOf(ctx), i.RoleName)) }),
  });

  const updateRole = defineOperation<
    { RoleName: string; Description?: string; MaxSessionDuration?: number },
    OutputOf<'UpdateRole'>
  >({
    name: 'UpdateRole',
    action: 'iam:UpdateRole',
    parse: (raw) =>
      checked(
        [
          ['RoleName', str(raw, 'RoleName'), SHAPES.roleName],
          ['Description', str(raw, 'Description'), SHAPES.roleDescription],
          ['MaxSessionDuration', int(raw, 'MaxSessionDuration'), SHAPES.maxSessionDuration],
        ],
        {
          RoleName: roleName(raw),
          Description: str(raw, 'Description'),
          MaxSessionDuration: int(raw, 'MaxSessionDuration'),
        },
      ),
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
    { RoleName: string; Description: string },
    OutputOf<'UpdateRoleDescription'>
  >({
    name: 'UpdateRoleDescription',
    action: 'iam:UpdateRoleDescription',
    parse: (raw) =>
      checked(
        [
          ['RoleName', str(raw, 'RoleName'), SHAPES.roleName],
          ['Description', str(raw, 'Description'), { ...SHAPES.roleDescription, required: true }],
        ],
        { RoleName: roleName(raw), Description: str(raw, 'Description') as string },
      ),
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

  const deleteRole = defineOperation<{ RoleName: string }, OutputOf<'DeleteRole'>>({
    name: 'DeleteRole',
    action: 'iam:DeleteRole',
    parse: (raw) =>
      checked([['RoleName', str(raw, 'RoleName'), SHAPES.roleName]], { RoleName: roleName(raw) }),
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

  const listRoles = defineOperation<
    { PathPrefix?: string; page: ReturnType<typeof pageOf>['page'] },
    OutputOf<'ListRoles'>
  >({
    name: 'ListRoles',
    action: 'iam:ListRoles',
    parse(raw) {
      const p = pageOf(raw);
      return checked([['PathPrefix', str(raw, 'PathPrefix'), SHAPES.pathPrefix], ...p.checks], {
        PathPrefix: str(raw, 'PathPrefix'),
        page: p.page,
      });
    },
    // The Service Authorization Reference lists no resource type, but IAM authorizes (and its
    // AccessDenied names) the path's ARN: "… iam:ListRoles on resource: arn:aws:iam::<acct>:role/".
    resources: async (i, ctx) => [
      `arn:${await store.accounts.partitionOf(accountOf(ctx))}:iam::${accountOf(ctx)}:role${i.PathPrefix ?? '/'}`,
    ],
    async handler(i, ctx) {
      const opts = { ...i.page, ...(i.PathPrefix ? { pathPrefix: i.PathPrefix } : {}) };
      return pageOutput('Roles', await store.roles.list(accountOf(ctx), opts), (r) => roleOutput(r, true));
    },
  });

  const updateAssumeRolePolicy = defineOperation<
    { RoleName: string; PolicyDocument: string },
    OutputOf<'UpdateAssumeRolePolicy'>
  >({
    name: 'UpdateAssumeRolePolicy',
    action: 'iam:UpdateAssumeRolePolicy',
    parse: (raw) =>
      checked(
        [
          ['RoleName', str(raw, 'RoleName'), SHAPES.roleName],
          ['PolicyDocument', str(raw, 'PolicyDocument'), SHAPES.policyDocument],
        ],
        { RoleName: roleName(raw), PolicyDocument: str(raw, 'PolicyDocument') as string },
      ),
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
