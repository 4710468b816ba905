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
import { paginate, type PageRequest } from '../../../store/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { Constraint } from '../../shared/constraints.js';
import type { IamDeps } from '../deps.js';
import { entityAlreadyExists, noSuchEntity } from '../errors.js';
import type { IamStore } from '../store.js';
import { AccountSettingsRepo, type StoredPasswordPolicy } from '../store-account-settings.js';
import { listOutput } from '../handlers/user-input.js';
import { accountOf, bool, checked, int, pageOf, str } from './policy-parse.js';
import type { OutputOf, PasswordPolicy } from '../../../wire/model/types/iam.js';

/** accountAliasType (IAM model). */
const ACCOUNT_ALIAS: Constraint = {
  required: true,
  min: 3,
  max: 63,
  pattern: '^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$',
};
const MINIMUM_PASSWORD_LENGTH: Constraint = { minValue: 6, maxValue: 128 };
const MAX_PASSWORD_AGE: Constraint = { minValue: 1, maxValue: 1095 };
const PASSWORD_REUSE_PREVENTION: Constraint = { minValue: 1, maxValue: 24 };

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
  const aliasInput = (raw: Record<string, unknown>) =>
    checked([['AccountAlias', str(raw, 'AccountAlias'), ACCOUNT_ALIAS]], {
      AccountAlias: str(raw, 'AccountAlias') as string,
    });

  const createAlias = defineOperation<{ AccountAlias: string }, OutputOf<'CreateAccountAlias'>>({
    name: 'CreateAccountAlias',
    action: 'iam:CreateAccountAlias',
    parse: aliasInput,
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

  const deleteAlias = defineOperation<{ AccountAlias: string }, OutputOf<'DeleteAccountAlias'>>({
    name: 'DeleteAccountAlias',
    action: 'iam:DeleteAccountAlias',
    parse: aliasInput,
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

  const listAliases = defineOperation<{ page: PageRequest }, OutputOf<'ListAccountAliases'>>({
    name: 'ListAccountAliases',
    action: 'iam:ListAccountAliases',
    parse(raw) {
      const p = pageOf(raw);
      return checked(p.checks, { page: p.page });
    },
    resources: () => ['*'],
    async handler(i, ctx) {
      const alias = await settings.alias(accountOf(ctx));
      return listOutput(
        'AccountAliases',
        paginate(alias ? [alias] : [], i.page, (a) => a),
      );
    },
  });

  const updatePolicy = defineOperation<StoredPasswordPolicy, OutputOf<'UpdateAccountPasswordPolicy'>>({
    name: 'UpdateAccountPasswordPolicy',
    action: 'iam:UpdateAccountPasswordPolicy',
    parse(raw) {
      const policy: StoredPasswordPolicy = {
        MinimumPasswordLength: int(raw, 'MinimumPasswordLength') ?? 6,
        RequireSymbols: bool(raw, 'RequireSymbols') ?? false,
        RequireNumbers: bool(raw, 'RequireNumbers') ?? false,
        RequireUppercaseCharacters: bool(raw, 'RequireUppercaseCharacters') ?? false,
        RequireLowercaseCharacters: bool(raw, 'RequireLowercaseCharacters') ?? false,
        AllowUsersToChangePassword: bool(raw, 'AllowUsersToChangePassword') ?? false,
        HardExpiry: bool(raw, 'HardExpiry') ?? false,
      };
      const maxAge = int(raw, 'MaxPasswordAge');
      const reuse = int(raw, 'PasswordReusePrevention');
      if (maxAge !== undefined) policy.MaxPasswordAge = maxAge;
      if (reuse !== undefined) policy.PasswordReusePrevention = reuse;
      return checked(
        [
          ['MinimumPasswordLength', int(raw, 'MinimumPasswordLength'), MINIMUM_PASSWORD_LENGTH],
          ['MaxPasswordAge', maxAge, MAX_PASSWORD_AGE],
          ['PasswordReusePrevention', reuse, PASSWORD_REUSE_PREVENTION],
        ],
        policy,
      );
    },
    resources: () => ['*'],
    async handler(i, ctx) {
      await settings.setPasswordPolicy(accountOf(ctx), i);
      return undefined;
    },
  });

  const getPolicy = defineOperation<Record<string, never>, OutputOf<'GetAccountPasswordPolicy'>>({
    name: 'GetAccountPasswordPolicy',
    action: 'iam:GetAccountPasswordPolicy',
    parse: () => ({}),
    resources: () => ['*'],
    async handler(_i, ctx) {
      const account = accountOf(ctx);
      const policy = await settings.passwordPolicy(account);
      if (!policy) throw noPasswordPolicy(account);
      return { PasswordPolicy: passwordPolicyOutput(policy) };
    },
  });

  const deletePolicy = defineOperation<Record<string, never>, OutputOf<'DeleteAccountPasswordPolicy'>>({
    name: 'DeleteAccountPasswordPolicy',
    action: 'iam:DeleteAccountPasswordPolicy',
    parse: () => ({}),
    resources: () => ['*'],
    async handler(_i, ctx) {
      const account = accountOf(ctx);
      if (!(await settings.deletePasswordPolicy(account))) throw noPasswordPolicy(account);
      return undefined;
    },
  });

  return [createAlias, deleteAlias, listAliases, updatePolicy, getPolicy, deletePolicy];
}
