/**
 * ChangePassword (API_ChangePassword.html): "Changes the password of the IAM user who is calling
 * this operation … The Amazon Web Services account root user password is not affected by this
 * operation." It authorizes on the calling user's ARN with its tags (list_awsidentityandaccessmanagementiam.html,
 * resource type user). The old password is checked against the login profile's scrypt hash, the
 * new one against the account's password policy (PasswordPolicyViolation, password-rules.ts).
 *
 * Texts: "Login Profile for User X cannot be found." (NoSuchEntity; a boto3 ChangePassword answer
 * quotes it). The root user and role or federated sessions are not IAM users: the model's
 * InvalidUserType ("the type of user for the transaction was incorrect"), in Pinpost's words.
 * A wrong old password: IAM's answer was not found and none of the model's errors describes it,
 * so Pinpost answers AccessDenied (the caller has not proved it is the user), in its own words.
 */
import type { RequestContext } from '../../../wire/context.js';
import { accessDenied } from '../../../wire/errors.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import { invalidUserType } from '../errors.js';
import { requireUser, userArnOf } from '../handlers/user-entities.js';
import { hashPassword, passwordMatches } from '../store-login-profiles.js';
import { accountSettingsOf } from './account-settings-operations.js';
import { loginProfilesOf, noLoginProfile } from './login-profile-operations.js';
import { requireAcceptablePassword } from './password-rules.js';
import { resourceTagKeys } from './policy-arns.js';
import { accountOf } from './policy-parse.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';

/** The calling IAM user's name; anyone else is refused before authorization. */
function callingUser(ctx: RequestContext): string {
  const p = ctx.principal;
  if (p?.isRoot || p?.kind === 'Account')
    throw invalidUserType("ChangePassword changes an IAM user's password; the root user cannot call it.");
  if (p?.kind !== 'User' || !p.userName)
    throw invalidUserType("ChangePassword must be called with an IAM user's own credentials.");
  return p.userName;
}

export function changePasswordOperation(deps: IamDeps): OperationSpec {
  const { store } = deps;
  const profiles = loginProfilesOf(store);
  return defineOperation<InputOf<'ChangePassword'>, OutputOf<'ChangePassword'>>({
    name: 'ChangePassword',
    action: 'iam:ChangePassword',
    resources: async (_i, ctx) => [await userArnOf(deps, ctx, callingUser(ctx))],
    conditionKeys: async (_i, ctx) =>
      resourceTagKeys((await store.users.get(accountOf(ctx), callingUser(ctx)))?.Tags),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const name = callingUser(ctx);
      const user = await requireUser(deps, account, name);
      const stored = await profiles.passwordHash(user.UserId);
      if (stored === undefined) throw noLoginProfile(user.UserName);
      if (!(await passwordMatches(i.OldPassword, stored)))
        throw accessDenied(`The OldPassword given is not the current password of user ${user.UserName}.`);
      requireAcceptablePassword(i.NewPassword, await accountSettingsOf(store).passwordPolicy(account));
      const hash = await hashPassword(i.NewPassword);
      await store.transaction(async () => {
        // The profile may have gone or changed meanwhile: write only over the hash just checked.
        if (!(await profiles.replaceHash(user.UserId, stored, hash))) throw noLoginProfile(user.UserName);
      });
      return undefined;
    },
  });
}
