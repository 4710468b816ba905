/**
 * SSH public keys of IAM users (for CodeCommit): UploadSSHPublicKey, GetSSHPublicKey,
 * UpdateSSHPublicKey, DeleteSSHPublicKey, ListSSHPublicKeys (IAM API reference, API_<Op>.html).
 * Each authorizes on the user's ARN with its aws:ResourceTag keys (resource type user,
 * list_awsidentityandaccessmanagementiam.html); ListSSHPublicKeys without UserName lists the
 * caller's own. Keys are parsed and fingerprinted in ssh-public-key-format.ts; at most 5 per user
 * ("SSH public keys per IAM user: 5", reference_iam-quotas.html).
 *
 * The codes are the model's (DuplicateSSHPublicKey, InvalidPublicKey, UnrecognizedPublicKeyEncoding,
 * NoSuchEntity, LimitExceeded in IAM's quota wording); IAM's texts for the first three and for an
 * unknown key id were not found, so Pinpost's say what was wrong.
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { memberPath, memberViolations } from '../../../wire/model/violations.js';
import type { IamDeps } from '../deps.js';
import {
  duplicateSshPublicKey,
  invalidPublicKey,
  limitExceeded,
  noSuchEntity,
  unrecognizedPublicKeyEncoding,
} from '../errors.js';
import { requireUser, userArnOf } from '../handlers/user-entities.js';
import { userNameOrCaller } from './caller-user.js';
import type { IamStore } from '../store.js';
import { opensshToPem, parseSshPublicKey } from '../ssh-public-key-format.js';
import { SshPublicKeyRepo, type SshKeyStatus, type StoredSshPublicKey } from '../store-ssh-public-keys.js';
import { resourceTagKeys } from './policy-arns.js';
import { listOutput, pageRequest } from '../handlers/user-input.js';
import { accountOf } from './policy-parse.js';
import type { InputOf, OutputOf, SSHPublicKey } from '../../../wire/model/types/iam.js';

export const SSH_PUBLIC_KEYS_PER_USER = 5;

/**
 * statusType also lists Expired, which a caller cannot set; Pinpost refuses it in the model's words
 * with the two values a caller may choose (any other value is the model's own violation).
 */
const statusViolations = (i: { Status?: string }) =>
  i.Status === 'Expired'
    ? memberViolations(memberPath('Status'), i.Status, { enum: ['Active', 'Inactive'] })
    : [];

export const sshPublicKeysOf = (store: IamStore) => new SshPublicKeyRepo(store.db);
const noSuchKey = (id: string) => noSuchEntity(`The Public Key with id ${id} cannot be found.`);

function keyOutput(userName: string, k: StoredSshPublicKey, body?: string): SSHPublicKey {
  return {
    UserName: userName,
    SSHPublicKeyId: k.SSHPublicKeyId,
    Fingerprint: k.Fingerprint,
    SSHPublicKeyBody: body ?? k.Body,
    Status: k.Status,
    UploadDate: k.UploadDate,
  };
}

export function sshPublicKeyOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  const keys = sshPublicKeysOf(store);
  const userKeys = async (ctx: RequestContext, name: string) =>
    resourceTagKeys((await store.users.get(accountOf(ctx), name))?.Tags);
  const requireKey = async (userId: string, id: string) => {
    const k = await keys.get(userId, id);
    if (!k) throw noSuchKey(id);
    return k;
  };

  const upload = defineOperation<InputOf<'UploadSSHPublicKey'>, OutputOf<'UploadSSHPublicKey'>>({
    name: 'UploadSSHPublicKey',
    action: 'iam:UploadSSHPublicKey',
    resources: async (i, ctx) => [await userArnOf(deps, ctx, i.UserName)],
    conditionKeys: (i, ctx) => userKeys(ctx, i.UserName),
    async handler(i, ctx) {
      const parsed = parseSshPublicKey(i.SSHPublicKeyBody);
      if (parsed === 'unrecognized')
        throw unrecognizedPublicKeyEncoding(
          'The public key is neither an OpenSSH ssh-rsa line nor a PEM public key.',
        );
      if (parsed === 'invalid')
        throw invalidPublicKey(
          `The public key is not a valid RSA key of at least 2048 bits in ssh-rsa or PEM encoding.`,
        );
      return store.transaction(async () => {
        const user = await requireUser(deps, accountOf(ctx), i.UserName);
        if (await keys.byFingerprint(user.UserId, parsed.fingerprint))
          throw duplicateSshPublicKey(
            `The public key with fingerprint ${parsed.fingerprint} is already the user's.`,
          );
        if ((await keys.count(user.UserId)) >= SSH_PUBLIC_KEYS_PER_USER)
          throw limitExceeded(`Cannot exceed quota for SSHPublicKeysPerUser: ${SSH_PUBLIC_KEYS_PER_USER}`);
        const k = await keys.create(user.UserId, {
          Fingerprint: parsed.fingerprint,
          Body: parsed.openssh,
          Status: 'Active',
          UploadDate: store.clock(),
        });
        return { SSHPublicKey: keyOutput(user.UserName, k) };
      });
    },
  });

  const get = defineOperation<InputOf<'GetSSHPublicKey'>, OutputOf<'GetSSHPublicKey'>>({
    name: 'GetSSHPublicKey',
    action: 'iam:GetSSHPublicKey',
    resources: async (i, ctx) => [await userArnOf(deps, ctx, i.UserName)],
    conditionKeys: (i, ctx) => userKeys(ctx, i.UserName),
    async handler(i, ctx) {
      const user = await requireUser(deps, accountOf(ctx), i.UserName);
      const k = await requireKey(user.UserId, i.SSHPublicKeyId);
      return {
        SSHPublicKey: keyOutput(user.UserName, k, i.Encoding === 'PEM' ? opensshToPem(k.Body) : k.Body),
      };
    },
  });

  const update = defineOperation<InputOf<'UpdateSSHPublicKey'>, OutputOf<'UpdateSSHPublicKey'>>({
    name: 'UpdateSSHPublicKey',
    action: 'iam:UpdateSSHPublicKey',
    resources: async (i, ctx) => [await userArnOf(deps, ctx, i.UserName)],
    conditionKeys: (i, ctx) => userKeys(ctx, i.UserName),
    violations: statusViolations,
    async handler(i, ctx) {
      const status = i.Status as SshKeyStatus;
      await store.transaction(async () => {
        const user = await requireUser(deps, accountOf(ctx), i.UserName);
        await requireKey(user.UserId, i.SSHPublicKeyId);
        await keys.setStatus(user.UserId, i.SSHPublicKeyId, status);
      });
      return undefined;
    },
  });

  const remove = defineOperation<InputOf<'DeleteSSHPublicKey'>, OutputOf<'DeleteSSHPublicKey'>>({
    name: 'DeleteSSHPublicKey',
    action: 'iam:DeleteSSHPublicKey',
    resources: async (i, ctx) => [await userArnOf(deps, ctx, i.UserName)],
    conditionKeys: (i, ctx) => userKeys(ctx, i.UserName),
    async handler(i, ctx) {
      await store.transaction(async () => {
        const user = await requireUser(deps, accountOf(ctx), i.UserName);
        if (!(await keys.delete(user.UserId, i.SSHPublicKeyId))) throw noSuchKey(i.SSHPublicKeyId);
      });
      return undefined;
    },
  });

  const listedUser = (i: { UserName?: string }, ctx: RequestContext) => userNameOrCaller(i.UserName, ctx);

  const list = defineOperation<InputOf<'ListSSHPublicKeys'>, OutputOf<'ListSSHPublicKeys'>>({
    name: 'ListSSHPublicKeys',
    action: 'iam:ListSSHPublicKeys',
    resources: async (i, ctx) => [await userArnOf(deps, ctx, listedUser(i, ctx))],
    conditionKeys: (i, ctx) => userKeys(ctx, listedUser(i, ctx)),
    async handler(i, ctx) {
      const user = await requireUser(deps, accountOf(ctx), listedUser(i, ctx));
      return listOutput('SSHPublicKeys', await keys.list(user.UserId, pageRequest(i)), (k) => ({
        UserName: user.UserName,
        SSHPublicKeyId: k.SSHPublicKeyId,
        Status: k.Status,
        UploadDate: k.UploadDate,
      }));
    },
  });

  return [upload, get, update, remove, list];
}
