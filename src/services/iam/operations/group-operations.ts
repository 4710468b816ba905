/**
 * CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups, AddUserToGroup,
 * RemoveUserFromGroup, ListGroupsForUser (IAM API reference, API_<Op>.html). The group actions
 * authorize on the group's ARN, ListGroupsForUser on the user's, ListGroups on `group/` + path
 * prefix (IAM's AccessDenied reads "… iam:ListGroups on resource: arn:aws:iam::123456789012:group/")
 * — list_awsidentityandaccessmanagementiam.html.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import { deleteConflict, entityAlreadyExists, limitExceeded } from '../errors.js';
import {
  accountOf,
  entityArn,
  groupArnOf,
  noSuchUser,
  requireGroup,
  requireUser,
  userArnOf,
  renameArns,
} from '../handlers/user-entities.js';
import { groupOut } from '../handlers/group-shapes.js';
import { pageOutput, pageRequest } from '../handlers/user-input.js';
import { userOut } from '../handlers/user-shapes.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';

/** reference_iam-quotas.html: groups per account 300; groups an IAM user can be a member of, 10. */
export const GROUPS_QUOTA = 300;
export const GROUPS_PER_USER_QUOTA = 10;

/** IAM's text for a taken group name, as for users ("User with name X already exists."). */
const groupExists = (name: string) => entityAlreadyExists(`Group with name ${name} already exists.`);

/**
 * API_DeleteGroup.html: "The group must not contain any users or have any attached policies."
 * Texts: "Cannot delete entity, must remove users from group first." (hashicorp/terraform#29147,
 * go-to-k/delstack#40), "… must delete policies first.", "… must detach all policies first.".
 */
async function checkGroupDeletable(deps: IamDeps, account: string, name: string): Promise<void> {
  const d = await deps.store.groups.dependents(account, name);
  if (!d) return;
  if (d.members > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
  if (d.inlinePolicies > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (d.attachedPolicies > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
}

export function groupOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  return [
    defineOperation<InputOf<'CreateGroup'>, OutputOf<'CreateGroup'>>({
      name: 'CreateGroup',
      action: 'iam:CreateGroup',
      resources: async (i, ctx) => [
        await entityArn(deps, accountOf(ctx), 'group', i.Path ?? '/', i.GroupName),
      ],
      async handler(i, ctx) {
        const account = accountOf(ctx);
        return store.transaction(async () => {
          if (await store.groups.get(account, i.GroupName)) throw groupExists(i.GroupName);
          if ((await store.groups.count(account)) >= GROUPS_QUOTA) {
            throw limitExceeded(`Cannot exceed quota for GroupsPerAccount: ${GROUPS_QUOTA}`);
          }
          return { Group: groupOut(await store.groups.create(account, i, store.clock())) };
        });
      },
    }),

    defineOperation<InputOf<'GetGroup'>, OutputOf<'GetGroup'>>({
      name: 'GetGroup',
      action: 'iam:GetGroup',
      resources: async (i, ctx) => [await groupArnOf(deps, ctx, i.GroupName)],
      async handler(i, ctx) {
        const account = accountOf(ctx);
        const group = await requireGroup(deps, account, i.GroupName);
        const page = await store.groups.members(account, group.GroupName, pageRequest(i));
        return {
          Group: groupOut(group),
          Users: page.items.map((u) => userOut(u, false)),
          ...pageOutput(page),
        };
      },
    }),

    defineOperation<InputOf<'UpdateGroup'>, OutputOf<'UpdateGroup'>>({
      name: 'UpdateGroup',
      action: 'iam:UpdateGroup',
      // API_UpdateGroup.html: the requester needs permission on both the old and the new group.
      async resources(i, ctx) {
        const account = accountOf(ctx);
        const current = await store.groups.get(account, i.GroupName);
        return renameArns(deps, account, 'group', current, i.GroupName, {
          newName: i.NewGroupName,
          newPath: i.NewPath,
        });
      },
      async handler(i, ctx) {
        const account = accountOf(ctx);
        await store.transaction(async () => {
          const group = await requireGroup(deps, account, i.GroupName);
          if (i.NewGroupName !== undefined) {
            const clash = await store.groups.get(account, i.NewGroupName);
            if (clash && clash.GroupId !== group.GroupId) throw groupExists(i.NewGroupName);
          }
          await store.groups.update(account, group.GroupName, {
            NewGroupName: i.NewGroupName,
            NewPath: i.NewPath,
          });
        });
        return undefined;
      },
    }),

    defineOperation<InputOf<'DeleteGroup'>, OutputOf<'DeleteGroup'>>({
      name: 'DeleteGroup',
      action: 'iam:DeleteGroup',
      resources: async (i, ctx) => [await groupArnOf(deps, ctx, i.GroupName)],
      async handler(i, ctx) {
        const account = accountOf(ctx);
        await store.transaction(async () => {
          await requireGroup(deps, account, i.GroupName);
          await checkGroupDeletable(deps, account, i.GroupName);
          await store.groups.delete(account, i.GroupName);
        });
        return undefined;
      },
    }),

    defineOperation<InputOf<'ListGroups'>, OutputOf<'ListGroups'>>({
      name: 'ListGroups',
      action: 'iam:ListGroups',
      resources: async (i, ctx) => [await entityArn(deps, accountOf(ctx), 'group', i.PathPrefix ?? '/', '')],
      async handler(i, ctx) {
        const page = await store.groups.list(accountOf(ctx), { pathPrefix: i.PathPrefix, ...pageRequest(i) });
        return { Groups: page.items.map(groupOut), ...pageOutput(page) };
      },
    }),

    defineOperation<InputOf<'AddUserToGroup'>, OutputOf<'AddUserToGroup'>>({
      name: 'AddUserToGroup',
      action: 'iam:AddUserToGroup',
      resources: async (i, ctx) => [await groupArnOf(deps, ctx, i.GroupName)],
      async handler(i, ctx) {
        const account = accountOf(ctx);
        await store.transaction(async () => {
          const group = await requireGroup(deps, account, i.GroupName);
          const user = await requireUser(deps, account, i.UserName);
          const current = (await store.groups.groupsOfUser(account, user.UserName, { maxItems: 1000 })).items;
          if (current.some((g) => g.GroupId === group.GroupId)) return;
          if (current.length >= GROUPS_PER_USER_QUOTA) {
            throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${GROUPS_PER_USER_QUOTA}`);
          }
          await store.groups.addUser(account, group.GroupName, user.UserName);
        });
        return undefined;
      },
    }),

    defineOperation<InputOf<'RemoveUserFromGroup'>, OutputOf<'RemoveUserFromGroup'>>({
      name: 'RemoveUserFromGroup',
      action: 'iam:RemoveUserFromGroup',
      resources: async (i, ctx) => [await groupArnOf(deps, ctx, i.GroupName)],
      async handler(i, ctx) {
        const account = accountOf(ctx);
        await store.transaction(async () => {
          const group = await requireGroup(deps, account, i.GroupName);
          const user = await requireUser(deps, account, i.UserName);
          // A user who is not a member is, for the group, a user it cannot find.
          if (!(await store.groups.removeUser(account, group.GroupName, user.UserName)))
            throw noSuchUser(i.UserName);
        });
        return undefined;
      },
    }),

    defineOperation<InputOf<'ListGroupsForUser'>, OutputOf<'ListGroupsForUser'>>({
      name: 'ListGroupsForUser',
      action: 'iam:ListGroupsForUser',
      resources: async (i, ctx) => [await userArnOf(deps, ctx, i.UserName)],
      async handler(i, ctx) {
        const account = accountOf(ctx);
        const user = await requireUser(deps, account, i.UserName);
        const page = await store.groups.groupsOfUser(account, user.UserName, pageRequest(i));
        return { Groups: page.items.map(groupOut), ...pageOutput(page) };
      },
    }),
  ];
}
