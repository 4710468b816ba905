/**
 * CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed (IAM API
 * reference, API_<Op>.html). Without UserName they act on the caller's own keys, the root user's
 * for root credentials. They authorize on the owning user's ARN
 * (list_awsidentityandaccessmanagementiam.html), the root ARN for root keys. Keys are read by SigV4
 * from the same store, so a new key signs at once and an Inactive one is refused
 * (InvalidClientTokenId).
 */
import { paginate } from '../../../store/index.js';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import { invalidInput, limitExceeded, noSuchEntity } from '../errors.js';
import type { AccessKeyStatus } from '../model.js';
import { accountOf, callerSelf, requireUser, userArnOf } from '../handlers/user-entities.js';
import { pageOutput, pageRequest } from '../handlers/user-input.js';
import type { InputOf, AccessKey, OutputOf } from '../../../wire/model/types/iam.js';

/** reference_iam-quotas.html: access keys per user, 2 (active or inactive). */
export const ACCESS_KEYS_PER_USER = 2;

/**
 * IAM's texts: "Cannot exceed quota for AccessKeysPerUser: 2" (LimitExceeded, as boto3 users see
 * it: bartekj/aws-tools#29, simonw/s3-credentials#64), "The Access Key with id X cannot be found."
 * (NoSuchEntity from DeleteAccessKey, as the AWS CLI prints it).
 */
const tooManyKeys = () => limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`);
const noSuchKey = (id: string) => noSuchEntity(`The Access Key with id ${id} cannot be found.`);

/** Whose keys: a named user (who must exist), or the caller (null = the root user). */
async function owner(
  deps: IamDeps,
  ctx: RequestContext,
  userName: string | undefined,
): Promise<string | null> {
  if (userName !== undefined) return (await requireUser(deps, accountOf(ctx), userName)).UserName;
  const self = callerSelf(ctx);
  return self.kind === 'root' ? null : self.name;
}

async function ownerArn(deps: IamDeps, ctx: RequestContext, userName: string | undefined): Promise<string> {
  if (userName !== undefined) return userArnOf(deps, ctx, userName);
  return ctx.principal?.arn ?? '*';
}

export function accessKeyOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  return [
    defineOperation<InputOf<'CreateAccessKey'>, OutputOf<'CreateAccessKey'>>({
      name: 'CreateAccessKey',
      action: 'iam:CreateAccessKey',
      resources: async (i, ctx) => [await ownerArn(deps, ctx, i.UserName)],
      async handler(i, ctx) {
        const account = accountOf(ctx);
        return store.transaction(async () => {
          const who = await owner(deps, ctx, i.UserName);
          if ((await store.accessKeys.count(account, who)) >= ACCESS_KEYS_PER_USER) throw tooManyKeys();
          // The root user's own key has no UserName (the model requires one; Pinpost sends none
          // rather than invent a name for root).
          const key = await store.accessKeys.create(account, who, store.clock());
          return { AccessKey: key as AccessKey };
        });
      },
    }),

    defineOperation<InputOf<'ListAccessKeys'>, OutputOf<'ListAccessKeys'>>({
      name: 'ListAccessKeys',
      action: 'iam:ListAccessKeys',
      resources: async (i, ctx) => [await ownerArn(deps, ctx, i.UserName)],
      async handler(i, ctx) {
        const keys = await store.accessKeys.list(accountOf(ctx), await owner(deps, ctx, i.UserName));
        const page = paginate(keys, pageRequest(i), (k) => `${k.CreateDate.toISOString()} ${k.AccessKeyId}`);
        return { AccessKeyMetadata: page.items, ...pageOutput(page) };
      },
    }),

    defineOperation<InputOf<'UpdateAccessKey'>, OutputOf<'UpdateAccessKey'>>({
      name: 'UpdateAccessKey',
      action: 'iam:UpdateAccessKey',
      resources: async (i, ctx) => [await ownerArn(deps, ctx, i.UserName)],
      async handler(i, ctx) {
        // statusType also lists Expired, which only IAM itself sets; a caller cannot choose it
        // (API_UpdateAccessKey.html: "Active means that the key can be used … Inactive means
        // that the key cannot be used"). The wording of IAM's refusal is not documented.
        if (i.Status !== 'Active' && i.Status !== 'Inactive') {
          throw invalidInput(`Invalid status: ${i.Status}`);
        }
        const ok = await store.accessKeys.updateStatus(
          accountOf(ctx),
          await owner(deps, ctx, i.UserName),
          i.AccessKeyId,
          i.Status as AccessKeyStatus,
        );
        if (!ok) throw noSuchKey(i.AccessKeyId);
        return undefined;
      },
    }),

    defineOperation<InputOf<'DeleteAccessKey'>, OutputOf<'DeleteAccessKey'>>({
      name: 'DeleteAccessKey',
      action: 'iam:DeleteAccessKey',
      resources: async (i, ctx) => [await ownerArn(deps, ctx, i.UserName)],
      async handler(i, ctx) {
        const ok = await store.accessKeys.delete(
          accountOf(ctx),
          await owner(deps, ctx, i.UserName),
          i.AccessKeyId,
        );
        if (!ok) throw noSuchKey(i.AccessKeyId);
        return undefined;
      },
    }),

    defineOperation<InputOf<'GetAccessKeyLastUsed'>, OutputOf<'GetAccessKeyLastUsed'>>({
      name: 'GetAccessKeyLastUsed',
      action: 'iam:GetAccessKeyLastUsed',
      // The key's owner: a user of this account, or the caller's own ARN for root keys and
      // keys of other accounts (which then are not found).
      async resources(i, ctx) {
        const found = await store.accessKeys.find(i.AccessKeyId);
        if (found && found.accountId === accountOf(ctx) && found.key.UserName) {
          return [await userArnOf(deps, ctx, found.key.UserName)];
        }
        return [ctx.principal?.arn ?? '*'];
      },
      async handler(i, ctx) {
        const found = await store.accessKeys.find(i.AccessKeyId);
        if (!found || found.accountId !== accountOf(ctx)) throw noSuchKey(i.AccessKeyId);
        const out: OutputOf<'GetAccessKeyLastUsed'> = {
          AccessKeyLastUsed: await store.accessKeys.lastUsed(i.AccessKeyId),
        };
        if (found.key.UserName) out.UserName = found.key.UserName;
        return out;
      },
    }),
  ];
}
