/**
 * CreateUser, GetUser, UpdateUser, DeleteUser, ListUsers (IAM API reference, API_<Op>.html).
 * Each authorizes on the user's ARN (list_awsidentityandaccessmanagementiam.html); ListUsers on
 * `user/` + path prefix, which is what IAM's AccessDenied names ("… iam:ListUsers on resource:
 * arn:aws:iam::123456789012:user/ because no identity-based policy allows …").
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import { rootArn } from '../ids.js';
import { deleteConflict, entityAlreadyExists, limitExceeded } from '../errors.js';
import { boundaryKey, checkBoundary } from '../handlers/user-boundary.js';
import {
  accountOf,
  callerSelf,
  entityArn,
  renameArns,
  requireUser,
  userArnOf,
} from '../handlers/user-entities.js';
import { pageOutput, pageRequest } from '../handlers/user-input.js';
import { userOut } from '../handlers/user-shapes.js';
import { loginProfilesOf, mustDeleteLoginProfile } from './login-profile-operations.js';
import { mfaDevicesOf, mustDeleteMfaDevice } from './mfa-device-shapes.js';
import { signingCertificatesOf } from './signing-certificate-operations.js';
import { sshPublicKeysOf } from './ssh-public-key-operations.js';
import {
  SERVICE_CREDENTIALS_CONFLICT,
  serviceCredentialsOf,
} from './service-specific-credential-operations.js';
import { checkDuplicateTagKeys, requestTagKeys, resourceTagKeys } from '../handlers/user-tags.js';
import type { InputOf, OutputOf, User as UserOutput } from '../../../wire/model/types/iam.js';

/** reference_iam-quotas.html: IAM users per account, 5,000. */
export const USERS_QUOTA = 5000;

export const userExists = (name: string) => entityAlreadyExists(`User with name ${name} already exists.`);

/**
 * What keeps a user from being deleted, in the order API_DeleteUser.html lists what to remove,
 * with IAM's texts: "Cannot delete entity, must delete access keys first."
 * (aws-controllers-k8s/community#2229), "… must delete policies first." and "… must detach all
 * policies first." (the texts IAM sends for roles and users alike), "… must remove users from group
 * first." (what IAM sends for a user still in a group, mozilla-services/userplex#17).
 */
async function checkUserDeletable(deps: IamDeps, account: string, name: string): Promise<void> {
  const d = await deps.store.users.dependents(account, name);
  if (!d) return;
  const user = await deps.store.users.get(account, name);
  if (user && (await loginProfilesOf(deps.store).exists(user.UserId))) throw mustDeleteLoginProfile();
  // API_DeleteUser.html lists SSH public keys among what must go first; IAM's text was not found.
  if (user && (await sshPublicKeysOf(deps.store).count(user.UserId)) > 0)
    throw deleteConflict('Cannot delete entity, must delete SSH public keys first.');
  // Signing certificates likewise (API_DeleteUser.html); IAM's text was not found.
  if (user && (await signingCertificatesOf(deps.store).count(user.UserId)) > 0)
    throw deleteConflict('Cannot delete entity, must delete signing certificates first.');
  if (user && (await serviceCredentialsOf(deps.store).countForUser(user.UserId)) > 0)
    throw deleteConflict(SERVICE_CREDENTIALS_CONFLICT);
  if (user && (await mfaDevicesOf(deps.store).countForUser(user.UserId)) > 0) throw mustDeleteMfaDevice();
  if (d.accessKeys > 0) throw deleteConflict('Cannot delete entity, must delete access keys first.');
  if (d.inlinePolicies > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (d.attachedPolicies > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
  if (d.groups > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
}

export function userOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  return [
    defineOperation<InputOf<'CreateUser'>, OutputOf<'CreateUser'>>({
      name: 'CreateUser',
      action: 'iam:CreateUser',
      resources: async (i, ctx) => [await entityArn(deps, accountOf(ctx), 'user', i.Path ?? '/', i.UserName)],
      conditionKeys: (i) => ({ ...requestTagKeys(i.Tags), ...boundaryKey(i.PermissionsBoundary) }),
      async handler(i, ctx) {
        const account = accountOf(ctx);
        return store.transaction(async () => {
          if (await store.users.get(account, i.UserName)) throw userExists(i.UserName);
          checkDuplicateTagKeys(i.Tags ?? []);
          if (i.PermissionsBoundary) await checkBoundary(deps, account, i.PermissionsBoundary);
          // IAM's quota text pattern ("Cannot exceed quota for <Quota>: <n>", as for AccessKeysPerUser).
          if ((await store.users.count(account)) >= USERS_QUOTA) {
            throw limitExceeded(`Cannot exceed quota for UsersPerAccount: ${USERS_QUOTA}`);
          }
          return { User: userOut(await store.users.create(account, i, store.clock())) };
        });
      },
    }),

    defineOperation<InputOf<'GetUser'>, OutputOf<'GetUser'>>({
      name: 'GetUser',
      action: 'iam:GetUser',
      async resources(i, ctx) {
        if (i.UserName !== undefined) return [await userArnOf(deps, ctx, i.UserName)];
        return [ctx.principal?.arn ?? '*'];
      },
      conditionKeys: async (i, ctx) =>
        i.UserName === undefined
          ? {}
          : resourceTagKeys((await store.users.get(accountOf(ctx), i.UserName))?.Tags),
      async handler(i, ctx) {
        const account = accountOf(ctx);
        const name = i.UserName ?? selfName(ctx);
        if (name === undefined) {
          // The root user asking about itself: IAM answers with the account id as UserId and the
          // root ARN, and neither UserName nor Path (the AWS CLI shows `aws iam get-user` under root
          // credentials as {"User": {"UserId": "<account>", "Arn": "arn:aws:iam::<account>:root",
          // "CreateDate": …}}).
          // The model marks Path and UserName required; IAM leaves them out for root.
          const created = (await store.accounts.get(account))?.CreateDate ?? new Date(0);
          const root = {
            UserId: account,
            Arn: rootArn(await deps.store.accounts.partitionOf(account), account),
            CreateDate: created,
          };
          return { User: root as UserOutput };
        }
        return { User: userOut(await requireUser(deps, account, name)) };
      },
    }),

    defineOperation<InputOf<'UpdateUser'>, OutputOf<'UpdateUser'>>({
      name: 'UpdateUser',
      action: 'iam:UpdateUser',
      // API_UpdateUser.html: "To change a user name, the requester must have appropriate
      // permissions on both the source object and the target object."
      async resources(i, ctx) {
        const account = accountOf(ctx);
        const current = await store.users.get(account, i.UserName);
        return renameArns(deps, account, 'user', current, i.UserName, {
          newName: i.NewUserName,
          newPath: i.NewPath,
        });
      },
      conditionKeys: async (i, ctx) =>
        resourceTagKeys((await store.users.get(accountOf(ctx), i.UserName))?.Tags),
      async handler(i, ctx) {
        const account = accountOf(ctx);
        await store.transaction(async () => {
          const user = await requireUser(deps, account, i.UserName);
          if (i.NewUserName !== undefined) {
            const clash = await store.users.get(account, i.NewUserName);
            if (clash && clash.UserId !== user.UserId) throw userExists(i.NewUserName);
          }
          await store.users.update(account, user.UserName, {
            NewUserName: i.NewUserName,
            NewPath: i.NewPath,
          });
        });
        return undefined;
      },
    }),

    defineOperation<InputOf<'DeleteUser'>, OutputOf<'DeleteUser'>>({
      name: 'DeleteUser',
      action: 'iam:DeleteUser',
      resources: async (i, ctx) => [await userArnOf(deps, ctx, i.UserName)],
      conditionKeys: async (i, ctx) =>
        resourceTagKeys((await store.users.get(accountOf(ctx), i.UserName))?.Tags),
      async handler(i, ctx) {
        const account = accountOf(ctx);
        await store.transaction(async () => {
          await requireUser(deps, account, i.UserName);
          await checkUserDeletable(deps, account, i.UserName);
          await store.users.delete(account, i.UserName);
        });
        return undefined;
      },
    }),

    defineOperation<InputOf<'ListUsers'>, OutputOf<'ListUsers'>>({
      name: 'ListUsers',
      action: 'iam:ListUsers',
      resources: async (i, ctx) => [await entityArn(deps, accountOf(ctx), 'user', i.PathPrefix ?? '/', '')],
      async handler(i, ctx) {
        const page = await store.users.list(accountOf(ctx), { pathPrefix: i.PathPrefix, ...pageRequest(i) });
        return { Users: page.items.map((u) => userOut(u, false)), ...pageOutput(page) };
      },
    }),
  ];
}

function selfName(ctx: Parameters<typeof callerSelf>[0]): string | undefined {
  const self = callerSelf(ctx);
  return self.kind === 'user' ? self.name : undefined;
}
