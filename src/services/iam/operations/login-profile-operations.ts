/**
 * Console passwords: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile
 * (IAM API reference, API_<Op>.html). Each authorizes on the user's ARN with its aws:ResourceTag
 * keys (list_awsidentityandaccessmanagementiam.html, resource type user). Without UserName,
 * Create, Get and Delete act on the calling IAM user, as those pages say. A password is checked
 * against the account's password policy (password-rules.ts) and stored only as a salted hash.
 *
 * Texts: "Login Profile for User X cannot be found." (NoSuchEntity; ansible/ansible#43197 quotes
 * it from AWS). For a second profile the model gives EntityAlreadyExists; AWS's text for it was
 * not found, so Pinpost words it as IAM's other "already exists" answers.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { RequestContext } from '../../../wire/context.js';
import { memberPath, memberViolations } from '../../../wire/model/violations.js';
import { errorFor } from '../../../wire/model/wording.js';
import type { IamDeps } from '../deps.js';
import { deleteConflict, entityAlreadyExists, noSuchEntity } from '../errors.js';
import { requireUser, userArnOf } from '../handlers/user-entities.js';
import { userNameOrCaller } from './caller-user.js';
import type { User } from '../model.js';
import { hashPassword, LoginProfileRepo, type StoredLoginProfile } from '../store-login-profiles.js';
import { accountSettingsOf } from './account-settings-operations.js';
import { resourceTagKeys } from './policy-arns.js';
import { accountOf } from './policy-parse.js';
import { requireAcceptablePassword } from './password-rules.js';
import type { IamStore } from '../store.js';
import type { InputOf, LoginProfile, OutputOf } from '../../../wire/model/types/iam.js';

export const loginProfilesOf = (store: IamStore) => new LoginProfileRepo(store.db);
/** DeleteUser while the user has a password (rebuy-de/aws-nuke#169 quotes AWS's answer). */
export const mustDeleteLoginProfile = () =>
  deleteConflict('Cannot delete entity, must delete login profile first.');
export const noLoginProfile = (name: string) =>
  noSuchEntity(`Login Profile for User ${name} cannot be found.`);

function loginProfileOutput(user: User, p: StoredLoginProfile): LoginProfile {
  return {
    UserName: user.UserName,
    CreateDate: p.CreateDate,
    PasswordResetRequired: p.PasswordResetRequired,
  };
}

const userNameOf = (i: { UserName?: string }, ctx: RequestContext) => userNameOrCaller(i.UserName, ctx);

export function loginProfileOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  const profiles = loginProfilesOf(store);
  const userKeys = async (ctx: RequestContext, name: string) =>
    resourceTagKeys((await store.users.get(accountOf(ctx), name))?.Tags);
  const policyOf = (ctx: RequestContext) => accountSettingsOf(store).passwordPolicy(accountOf(ctx));

  const create = defineOperation<InputOf<'CreateLoginProfile'>, OutputOf<'CreateLoginProfile'>>({
    name: 'CreateLoginProfile',
    action: 'iam:CreateLoginProfile',
    resources: async (i, ctx) => [await userArnOf(deps, ctx, userNameOf(i, ctx))],
    conditionKeys: (i, ctx) => userKeys(ctx, userNameOf(i, ctx)),
    async handler(i, ctx) {
      // Required but for AssumeRoot sessions (API_CreateLoginProfile.html), which Pinpost has not:
      // the model leaves it optional, so this is the operation's own check, made once authorized
      // (a request the model accepts is denied first: test/every-operation-model.test.ts), in the
      // model's words (wording.ts).
      const missing = memberViolations(memberPath('Password'), i.Password, { required: true });
      if (missing.length) throw errorFor('validationError', missing);
      const password = i.Password!;
      const account = accountOf(ctx);
      const name = userNameOf(i, ctx);
      const hash = await hashPassword(password);
      return store.transaction(async () => {
        const user = await requireUser(deps, account, name);
        if (await profiles.exists(user.UserId))
          throw entityAlreadyExists(`Login Profile for user ${user.UserName} already exists.`);
        requireAcceptablePassword(password, await policyOf(ctx));
        await profiles.create(user.UserId, hash, i.PasswordResetRequired ?? false, store.clock());
        return { LoginProfile: loginProfileOutput(user, (await profiles.get(user.UserId))!) };
      });
    },
  });

  const get = defineOperation<InputOf<'GetLoginProfile'>, OutputOf<'GetLoginProfile'>>({
    name: 'GetLoginProfile',
    action: 'iam:GetLoginProfile',
    resources: async (i, ctx) => [await userArnOf(deps, ctx, userNameOf(i, ctx))],
    conditionKeys: (i, ctx) => userKeys(ctx, userNameOf(i, ctx)),
    async handler(i, ctx) {
      const name = userNameOf(i, ctx);
      const user = await requireUser(deps, accountOf(ctx), name);
      const p = await profiles.get(user.UserId);
      if (!p) throw noLoginProfile(user.UserName);
      return { LoginProfile: loginProfileOutput(user, p) };
    },
  });

  const update = defineOperation<InputOf<'UpdateLoginProfile'>, OutputOf<'UpdateLoginProfile'>>({
    name: 'UpdateLoginProfile',
    action: 'iam:UpdateLoginProfile',
    resources: async (i, ctx) => [await userArnOf(deps, ctx, i.UserName)],
    conditionKeys: (i, ctx) => userKeys(ctx, i.UserName),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const hash = i.Password === undefined ? undefined : await hashPassword(i.Password);
      await store.transaction(async () => {
        const user = await requireUser(deps, account, i.UserName);
        if (!(await profiles.exists(user.UserId))) throw noLoginProfile(user.UserName);
        if (i.Password !== undefined) requireAcceptablePassword(i.Password, await policyOf(ctx));
        await profiles.update(user.UserId, { passwordHash: hash, resetRequired: i.PasswordResetRequired });
      });
      return undefined;
    },
  });

  const remove = defineOperation<InputOf<'DeleteLoginProfile'>, OutputOf<'DeleteLoginProfile'>>({
    name: 'DeleteLoginProfile',
    action: 'iam:DeleteLoginProfile',
    resources: async (i, ctx) => [await userArnOf(deps, ctx, userNameOf(i, ctx))],
    conditionKeys: (i, ctx) => userKeys(ctx, userNameOf(i, ctx)),
    async handler(i, ctx) {
      const name = userNameOf(i, ctx);
      await store.transaction(async () => {
        const user = await requireUser(deps, accountOf(ctx), name);
        if (!(await profiles.delete(user.UserId))) throw noLoginProfile(user.UserName);
      });
      return undefined;
    },
  });

  return [create, get, update, remove];
}
