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
import type { PageRequest } from '../../../store/index.js';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { Constraint } from '../../shared/constraints.js';
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
import { listOutput } from '../handlers/user-input.js';
import { accountOf, checked, pageOf, str, type Raw } from './policy-parse.js';
import { SHAPES } from './policy-shapes.js';
import type { OutputOf, SSHPublicKey } from '../../../wire/model/types/iam.js';

export const SSH_PUBLIC_KEYS_PER_USER = 5;

const KEY_ID: Constraint = { required: true, min: 20, max: 128, pattern: '[\\w]+' };
const BODY: Constraint = {
  required: true,
  min: 1,
  max: 16384,
  pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
};
const STATUS: Constraint = { required: true, enum: ['Active', 'Inactive'] };
const ENCODING: Constraint = { required: true, enum: ['SSH', 'PEM'] };

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
  const userAndKey = (raw: Raw, extra: [string, string | undefined, Constraint][] = []) =>
    checked(
      [
        ['UserName', str(raw, 'UserName'), SHAPES.userName],
        ['SSHPublicKeyId', str(raw, 'SSHPublicKeyId'), KEY_ID],
        ...extra,
      ],
      { UserName: str(raw, 'UserName') as string, SSHPublicKeyId: str(raw, 'SSHPublicKeyId') as string },
    );
  const requireKey = async (userId: string, id: string) => {
    const k = await keys.get(userId, id);
    if (!k) throw noSuchKey(id);
    return k;
  };

  const upload = defineOperation<
    { UserName: string; SSHPublicKeyBody: string },
    OutputOf<'UploadSSHPublicKey'>
  >({
    name: 'UploadSSHPublicKey',
    action: 'iam:UploadSSHPublicKey',
    parse: (raw) =>
      checked(
        [
          ['UserName', str(raw, 'UserName'), SHAPES.userName],
          ['SSHPublicKeyBody', str(raw, 'SSHPublicKeyBody'), BODY],
        ],
        {
          UserName: str(raw, 'UserName') as string,
          SSHPublicKeyBody: str(raw, 'SSHPublicKeyBody') as string,
        },
      ),
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

  const get = defineOperation<
    { UserName: string; SSHPublicKeyId: string; Encoding: 'SSH' | 'PEM' },
    OutputOf<'GetSSHPublicKey'>
  >({
    name: 'GetSSHPublicKey',
    action: 'iam:GetSSHPublicKey',
    parse: (raw) => ({
      ...userAndKey(raw, [['Encoding', str(raw, 'Encoding'), ENCODING]]),
      Encoding: str(raw, 'Encoding') as 'SSH' | 'PEM',
    }),
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

  const update = defineOperation<
    { UserName: string; SSHPublicKeyId: string; Status: SshKeyStatus },
    OutputOf<'UpdateSSHPublicKey'>
  >({
    name: 'UpdateSSHPublicKey',
    action: 'iam:UpdateSSHPublicKey',
    parse: (raw) => ({
      ...userAndKey(raw, [['Status', str(raw, 'Status'), STATUS]]),
      Status: str(raw, 'Status') as SshKeyStatus,
    }),
    resources: async (i, ctx) => [await userArnOf(deps, ctx, i.UserName)],
    conditionKeys: (i, ctx) => userKeys(ctx, i.UserName),
    async handler(i, ctx) {
      await store.transaction(async () => {
        const user = await requireUser(deps, accountOf(ctx), i.UserName);
        await requireKey(user.UserId, i.SSHPublicKeyId);
        await keys.setStatus(user.UserId, i.SSHPublicKeyId, i.Status);
      });
      return undefined;
    },
  });

  const remove = defineOperation<
    { UserName: string; SSHPublicKeyId: string },
    OutputOf<'DeleteSSHPublicKey'>
  >({
    name: 'DeleteSSHPublicKey',
    action: 'iam:DeleteSSHPublicKey',
    parse: (raw) => userAndKey(raw),
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

  const list = defineOperation<{ UserName?: string; page: PageRequest }, OutputOf<'ListSSHPublicKeys'>>({
    name: 'ListSSHPublicKeys',
    action: 'iam:ListSSHPublicKeys',
    parse(raw) {
      const p = pageOf(raw);
      return checked(
        [['UserName', str(raw, 'UserName'), { ...SHAPES.userName, required: false }], ...p.checks],
        {
          UserName: str(raw, 'UserName'),
          page: p.page,
        },
      );
    },
    resources: async (i, ctx) => [await userArnOf(deps, ctx, listedUser(i, ctx))],
    conditionKeys: (i, ctx) => userKeys(ctx, listedUser(i, ctx)),
    async handler(i, ctx) {
      const user = await requireUser(deps, accountOf(ctx), listedUser(i, ctx));
      return listOutput('SSHPublicKeys', await keys.list(user.UserId, i.page), (k) => ({
        UserName: user.UserName,
        SSHPublicKeyId: k.SSHPublicKeyId,
        Status: k.Status,
        UploadDate: k.UploadDate,
      }));
    },
  });

  return [upload, get, update, remove, list];
}
