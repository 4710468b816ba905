/**
 * Instance profiles: CreateInstanceProfile, GetInstanceProfile, DeleteInstanceProfile,
 * ListInstanceProfiles, AddRoleToInstanceProfile, RemoveRoleFromInstanceProfile,
 * ListInstanceProfilesForRole, TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags
 * (IAM API reference, API_<Op>.html). Each authorizes on the instance profile's ARN,
 * arn:<partition>:iam::<account>:instance-profile/<path><name>, with aws:ResourceTag/<k> of a
 * tagged profile, and aws:RequestTag/<k> and aws:TagKeys where the action takes tags;
 * ListInstanceProfilesForRole on the role's ARN (list_awsidentityandaccessmanagementiam.html).
 * Checks run before the one write, inside a transaction, so a refused request leaves nothing.
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';
import { entityTagOperations } from './entity-tag-operations.js';
import {
  INSTANCE_PROFILES_QUOTA,
  instanceProfileExists,
  instanceProfileOutput,
  instanceProfilesOf,
  instanceProfilesQuota,
  mustRemoveRoles,
  ROLES_PER_INSTANCE_PROFILE,
  requireInstanceProfile,
  rolesPerProfileQuota,
} from './instance-profile-shapes.js';
import { ownerArn, requestTagKeys, resourceTagKeys, type Keys } from './policy-arns.js';
import { ownerNotFound, requireRole } from './policy-entities.js';
import { pageOutput } from './policy-output.js';
import { accountOf, pageRequest, refuseDuplicateTagKeys } from './policy-parse.js';

/** "If it is not included, it defaults to a slash (/)." (API_CreateInstanceProfile.html, Path) */
const DEFAULT_PATH = '/';

export function instanceProfileOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  const partitionOf = (ctx: RequestContext) => store.accounts.partitionOf(accountOf(ctx));
  const arnFor = async (ctx: RequestContext, path: string, name: string) =>
    `arn:${await partitionOf(ctx)}:iam::${accountOf(ctx)}:instance-profile${path}${name}`;
  /** The stored profile's ARN (its path is part of it), else the one under `/`: IAM authorizes first. */
  const profileArn = async (ctx: RequestContext, name: string) =>
    (await instanceProfilesOf(store).get(accountOf(ctx), name))?.Arn ?? (await arnFor(ctx, '/', name));
  const profileKeys = async (ctx: RequestContext, name: string): Promise<Keys> =>
    resourceTagKeys((await instanceProfilesOf(store).get(accountOf(ctx), name))?.Tags);

  const create = defineOperation<InputOf<'CreateInstanceProfile'>, OutputOf<'CreateInstanceProfile'>>({
    name: 'CreateInstanceProfile',
    action: 'iam:CreateInstanceProfile',
    resources: async (i, ctx) => [await arnFor(ctx, i.Path ?? DEFAULT_PATH, i.InstanceProfileName)],
    conditionKeys: (i) => requestTagKeys(i.Tags),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const repo = instanceProfilesOf(store);
      refuseDuplicateTagKeys(i.Tags);
      return store.transaction(async () => {
        if (await repo.get(account, i.InstanceProfileName))
          throw instanceProfileExists(i.InstanceProfileName);
        if ((await repo.count(account)) >= INSTANCE_PROFILES_QUOTA) throw instanceProfilesQuota();
        return {
          InstanceProfile: instanceProfileOutput(
            await repo.create(account, { ...i, Path: i.Path ?? DEFAULT_PATH }, store.clock()),
          ),
        };
      });
    },
  });

  const get = defineOperation<InputOf<'GetInstanceProfile'>, OutputOf<'GetInstanceProfile'>>({
    name: 'GetInstanceProfile',
    action: 'iam:GetInstanceProfile',
    resources: async (i, ctx) => [await profileArn(ctx, i.InstanceProfileName)],
    conditionKeys: (i, ctx) => profileKeys(ctx, i.InstanceProfileName),
    handler: async (i, ctx) => ({
      InstanceProfile: instanceProfileOutput(
        await requireInstanceProfile(store, accountOf(ctx), i.InstanceProfileName),
      ),
    }),
  });

  const remove = defineOperation<InputOf<'DeleteInstanceProfile'>, OutputOf<'DeleteInstanceProfile'>>({
    name: 'DeleteInstanceProfile',
    action: 'iam:DeleteInstanceProfile',
    resources: async (i, ctx) => [await profileArn(ctx, i.InstanceProfileName)],
    conditionKeys: (i, ctx) => profileKeys(ctx, i.InstanceProfileName),
    async handler(i, ctx) {
      await store.transaction(async () => {
        const p = await requireInstanceProfile(store, accountOf(ctx), i.InstanceProfileName);
        if (p.Roles.length > 0) throw mustRemoveRoles();
        await instanceProfilesOf(store).delete(p.InstanceProfileId);
      });
      return undefined;
    },
  });

  const list = defineOperation<InputOf<'ListInstanceProfiles'>, OutputOf<'ListInstanceProfiles'>>({
    name: 'ListInstanceProfiles',
    action: 'iam:ListInstanceProfiles',
    resources: async (i, ctx) => [await arnFor(ctx, i.PathPrefix ?? '/', '')],
    async handler(i, ctx) {
      const opts = { ...pageRequest(i), ...(i.PathPrefix ? { pathPrefix: i.PathPrefix } : {}) };
      return pageOutput(
        'InstanceProfiles',
        await instanceProfilesOf(store).list(accountOf(ctx), opts),
        instanceProfileOutput,
      );
    },
  });

  const addRole = defineOperation<InputOf<'AddRoleToInstanceProfile'>, OutputOf<'AddRoleToInstanceProfile'>>({
    name: 'AddRoleToInstanceProfile',
    action: 'iam:AddRoleToInstanceProfile',
    resources: async (i, ctx) => [await profileArn(ctx, i.InstanceProfileName)],
    conditionKeys: (i, ctx) => profileKeys(ctx, i.InstanceProfileName),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      // "The caller of this operation must be granted the PassRole permission on the IAM role"
      // (API_AddRoleToInstanceProfile.html), whose iam:AssociatedResourceArn is then
      // arn:<partition>:ec2:*:<caller account>:instance/* (the same page's note).
      await ctx.authorizeAlso?.('iam:PassRole', [await ownerArn(deps, ctx, 'role', i.RoleName)], {
        'iam:AssociatedResourceArn': {
          values: [`arn:${await partitionOf(ctx)}:ec2:*:${account}:instance/*`],
          list: false,
        },
      });
      await store.transaction(async () => {
        const p = await requireInstanceProfile(store, account, i.InstanceProfileName);
        const role = await requireRole(store, account, i.RoleName);
        if (p.Roles.length >= ROLES_PER_INSTANCE_PROFILE) throw rolesPerProfileQuota();
        await instanceProfilesOf(store).addRole(p.InstanceProfileId, role.RoleId);
      });
      return undefined;
    },
  });

  const removeRole = defineOperation<
    InputOf<'RemoveRoleFromInstanceProfile'>,
    OutputOf<'RemoveRoleFromInstanceProfile'>
  >({
    name: 'RemoveRoleFromInstanceProfile',
    action: 'iam:RemoveRoleFromInstanceProfile',
    resources: async (i, ctx) => [await profileArn(ctx, i.InstanceProfileName)],
    conditionKeys: (i, ctx) => profileKeys(ctx, i.InstanceProfileName),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        const p = await requireInstanceProfile(store, account, i.InstanceProfileName);
        const role = await requireRole(store, account, i.RoleName);
        // A role not in the profile is NoSuchEntity (the model's only error that fits); IAM's text
        // for it was not found, so Pinpost answers as for a role it cannot find.
        if (!(await instanceProfilesOf(store).removeRole(p.InstanceProfileId, role.RoleId)))
          throw ownerNotFound('role', i.RoleName);
      });
      return undefined;
    },
  });

  const listForRole = defineOperation<
    InputOf<'ListInstanceProfilesForRole'>,
    OutputOf<'ListInstanceProfilesForRole'>
  >({
    name: 'ListInstanceProfilesForRole',
    action: 'iam:ListInstanceProfilesForRole',
    resources: async (i, ctx) => [await ownerArn(deps, ctx, 'role', i.RoleName)],
    async handler(i, ctx) {
      const role = await requireRole(store, accountOf(ctx), i.RoleName);
      return pageOutput(
        'InstanceProfiles',
        await instanceProfilesOf(store).listForRole(role.RoleId, pageRequest(i)),
        instanceProfileOutput,
      );
    },
  });

  const tagging = entityTagOperations({
    entity: 'InstanceProfile',
    idMember: 'InstanceProfileName',
    resource: (ctx, name) => profileArn(ctx, name),
    keys: (ctx, name) => profileKeys(ctx, name),
    tags: async (account, name) => (await requireInstanceProfile(store, account, name)).Tags,
    setTags: async (account, name, tags) => {
      const p = await requireInstanceProfile(store, account, name);
      await instanceProfilesOf(store).setTags(p.InstanceProfileId, tags);
    },
    transaction: (fn) => store.transaction(fn),
  });

  return [create, get, remove, list, addRole, removeRole, listForRole, ...tagging];
}
