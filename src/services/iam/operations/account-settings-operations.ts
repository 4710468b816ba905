/**
 * The account's alias and password policy: CreateAccountAlias, DeleteAccountAlias,
 * ListAccountAliases, UpdateAccountPasswordPolicy, GetAccountPasswordPolicy,
 * DeleteAccountPasswordPolicy (IAM API reference, API_<Op>.html). The Service Authorization
 * Reference lists no resource type for any of them, so they authorize on `*`.
 *
 * - An account has at most one alias; creating another replaces it (observed on AWS,
 *   floci-io/floci#2103), and an alias is unique across all accounts: "The account alias X already
 *   exists." (EntityAlreadyExists; awslabs/aws-deployment-framework#465, ekristen/aws-nuke#697),
 *   also for the alias the account already has.
 * - A missing password policy is NoSuchEntity "The Password Policy with domain name <account>
 *   cannot be found." (the text AWS CLI users quote from GetAccountPasswordPolicy).
 * - UpdateAccountPasswordPolicy writes every member: "If you do not specify a value for a
 *   parameter, then the operation uses the default value" (API_UpdateAccountPasswordPolicy.html:
 *   MinimumPasswordLength 6, the Require… and Allow… flags false, no expiry, no reuse prevention,
 *   HardExpiry false).
 */
import { paginate } from '../../../store/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import { entityAlreadyExists, noSuchEntity } from '../errors.js';
import type { IamStore } from '../store.js';
import { AccountSettingsRepo, type StoredPasswordPolicy } from '../store-account-settings.js';
import { listOutput, pageRequest } from '../handlers/user-input.js';
import { accountOf } from './policy-parse.js';
import type { InputOf, OutputOf, PasswordPolicy } from '../../../wire/model/types/iam.js';

export const accountSettingsOf = (store: IamStore) => new AccountSettingsRepo(store.db);

export const noPasswordPolicy = (account: string) =>
  noSuchEntity(`The Password Policy with domain name ${account} cannot be found.`);

/** GetAccountPasswordPolicy's PasswordPolicy: ExpirePasswords is whether MaxPasswordAge is set. */
function passwordPolicyOutput(p: StoredPasswordPolicy): PasswordPolicy {
  return {
    MinimumPasswordLength: p.MinimumPasswordLength,
    RequireSymbols: p.RequireSymbols,
    RequireNumbers: p.RequireNumbers,
    RequireUppercaseCharacters: p.RequireUppercaseCharacters,
    RequireLowercaseCharacters: p.RequireLowercaseCharacters,
    AllowUsersToChangePassword: p.AllowUsersToChangePassword,
    ExpirePasswords: p.MaxPasswordAge !== undefined,
    MaxPasswordAge: p.MaxPasswordAge,
    PasswordReusePrevention: p.PasswordReusePrevention,
    HardExpiry: p.HardExpiry,
  };
}

export function accountSettingsOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  const settings = accountSettingsOf(store);

  const createAlias = defineOperation<InputOf<'CreateAccountAlias'>, OutputOf<'CreateAccountAlias'>>({
    name: 'CreateAccountAlias',
    action: 'iam:CreateAccountAlias',
    resources: () => ['*'],
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        if ((await settings.aliasOwner(i.AccountAlias)) !== undefined)
          throw entityAlreadyExists(`The account alias ${i.AccountAlias} already exists.`);
        await settings.setAlias(account, i.AccountAlias);
      });
      return undefined;
    },
  });

  const deleteAlias = defineOperation<InputOf<'DeleteAccountAlias'>, OutputOf<'DeleteAccountAlias'>>({
    name: 'DeleteAccountAlias',
    action: 'iam:DeleteAccountAlias',
    resources: () => ['*'],
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        // Only the account's own alias can be deleted (NoSuchEntity otherwise, per the model); IAM's
        // text for it was not found, so this is Pinpost's, worded as IAM's other "cannot be found".
        if ((await settings.alias(account)) !== i.AccountAlias)
          throw noSuchEntity(`The account alias ${i.AccountAlias} cannot be found.`);
        await settings.deleteAlias(account);
      });
      return undefined;
    },
  });

  const listAliases = defineOperation<InputOf<'ListAccountAliases'>, OutputOf<'ListAccountAliases'>>({
    name: 'ListAccountAliases',
    action: 'iam:ListAccountAliases',
    resources: () => ['*'],
    async handler(i, ctx) {
      const alias = await settings.alias(accountOf(ctx));
      return listOutput(
        'AccountAliases',
        paginate(alias ? [alias] : [], pageRequest(i), (a) => a),
      );
    },
  });

  const updatePolicy = defineOperation<
    InputOf<'UpdateAccountPasswordPolicy'>,
    OutputOf<'UpdateAccountPasswordPolicy'>
  >({
    name: 'UpdateAccountPasswordPolicy',
    action: 'iam:UpdateAccountPasswordPolicy',
    resources: () => ['*'],
    async handler(i, ctx) {
      // Members left out take their defaults (API_UpdateAccountPasswordPolicy.html).
      const policy: StoredPasswordPolicy = {
        MinimumPasswordLength: i.MinimumPasswordLength ?? 6,
        RequireSymbols: i.RequireSymbols ?? false,
        RequireNumbers: i.RequireNumbers ?? false,
        RequireUppercaseCharacters: i.RequireUppercaseCharacters ?? false,
        RequireLowercaseCharacters: i.RequireLowercaseCharacters ?? false,
        AllowUsersToChangePassword: i.AllowUsersToChangePassword ?? false,
        HardExpiry: i.HardExpiry ?? false,
      };
      if (i.MaxPasswordAge !== undefined) policy.MaxPasswordAge = i.MaxPasswordAge;
      if (i.PasswordReusePrevention !== undefined) policy.PasswordReusePrevention = i.PasswordReusePrevention;
      await settings.setPasswordPolicy(accountOf(ctx), policy);
      return undefined;
    },
  });

  const getPolicy = defineOperation<
    InputOf<'GetAccountPasswordPolicy'>,
    OutputOf<'GetAccountPasswordPolicy'>
  >({
    name: 'GetAccountPasswordPolicy',
    action: 'iam:GetAccountPasswordPolicy',
    resources: () => ['*'],
    async handler(_i, ctx) {
      const account = accountOf(ctx);
      const policy = await settings.passwordPolicy(account);
      if (!policy) throw noPasswordPolicy(account);
      return { PasswordPolicy: passwordPolicyOutput(policy) };
    },
  });

  const deletePolicy = defineOperation<
    InputOf<'DeleteAccountPasswordPolicy'>,
    OutputOf<'DeleteAccountPasswordPolicy'>
  >({
    name: 'DeleteAccountPasswordPolicy',
    action: 'iam:DeleteAccountPasswordPolicy',
    resources: () => ['*'],
    async handler(_i, ctx) {
      const account = accountOf(ctx);
      if (!(await settings.deletePasswordPolicy(account))) throw noPasswordPolicy(account);
      return undefined;
    },
  });

  return [createAlias, deleteAlias, listAliases, updatePolicy, getPolicy, deletePolicy];
}
