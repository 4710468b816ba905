/**
 * Virtual MFA devices: CreateVirtualMFADevice, EnableMFADevice, DeactivateMFADevice,
 * ResyncMFADevice, DeleteVirtualMFADevice, ListVirtualMFADevices, ListMFADevices, GetMFADevice,
 * TagMFADevice, UntagMFADevice, ListMFADeviceTags (IAM API reference, API_<Op>.html).
 * Authorization follows list_awsidentityandaccessmanagementiam.html: Create, Delete and the tag
 * actions on the device, arn:<partition>:iam::<account>:mfa/<path><name> (its serial number),
 * with aws:RequestTag/aws:TagKeys where tags are passed and aws:ResourceTag of a tagged device;
 * Enable, Deactivate, Resync, GetMFADevice and ListMFADevices on the user's ARN with its tags;
 * ListVirtualMFADevices on no resource (`*`).
 *
 * Codes are TOTP codes of the device's seed (totp.ts) on Pinpost's one clock: Enable takes two
 * consecutive codes within two steps (a minute) of now; Resync within twenty (ten minutes), since
 * it exists for a device whose clock drifted. Pinpost keeps no drift offset, so a resync changes
 * nothing stored: it answers whether the codes fit the seed.
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import { limitExceeded } from '../errors.js';
import { requireUser, userArnOf } from '../handlers/user-entities.js';
import type { User } from '../model.js';
import { accountSettingsOf } from './account-settings-operations.js';
import type { StoredMfaDevice } from '../store-mfa-devices.js';
import { consecutiveCodesStep } from '../totp.js';
import { userNameOrCaller } from './caller-user.js';
import { entityTagOperations } from './entity-tag-operations.js';
import {
  badAuthenticationCode,
  keyUri,
  MFA_DEVICES_PER_USER,
  mfaDeviceExists,
  mfaDeviceInUse,
  mfaDeviceNotUsers,
  mfaDeviceOutput,
  mfaDevicesOf,
  mustDeactivateMfaDevice,
  newSeed,
  noSuchMfaDevice,
  qrCodePng,
  virtualDeviceOutput,
} from './mfa-device-shapes.js';
import { requestTagKeys, resourceTagKeys, type Keys } from './policy-arns.js';
import { listOutput, pageRequest } from '../handlers/user-input.js';
import { checkDuplicateTagKeys } from '../handlers/user-tags.js';
import { accountOf } from './policy-parse.js';
import type { InputOf, OutputOf, VirtualMFADevice } from '../../../wire/model/types/iam.js';

const ENABLE_DRIFT_STEPS = 2;
const RESYNC_DRIFT_STEPS = 20;

interface CodesInput {
  UserName: string;
  SerialNumber: string;
  AuthenticationCode1: string;
  AuthenticationCode2: string;
}

export function mfaDeviceOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  const devices = mfaDevicesOf(store);
  const userKeys = async (ctx: RequestContext, name: string): Promise<Keys> =>
    resourceTagKeys((await store.users.get(accountOf(ctx), name))?.Tags);
  const deviceKeys = async (ctx: RequestContext, serial: string): Promise<Keys> =>
    resourceTagKeys((await devices.get(accountOf(ctx), serial))?.Tags);
  const deviceArn = async (ctx: RequestContext, path: string, name: string) =>
    `arn:${await store.accounts.partitionOf(accountOf(ctx))}:iam::${accountOf(ctx)}:mfa${path}${name}`;
  const requireDevice = async (account: string, serial: string): Promise<StoredMfaDevice> => {
    const d = await devices.get(account, serial);
    if (!d) throw noSuchMfaDevice(serial);
    return d;
  };
  /** The device, which must be enabled for the user. */
  const requireUsersDevice = async (user: User, account: string, serial: string) => {
    const d = await requireDevice(account, serial);
    if (d.UserId !== user.UserId) throw mfaDeviceNotUsers();
    return d;
  };
  const codesFit = (d: StoredMfaDevice, i: CodesInput, drift: number) =>
    consecutiveCodesStep(d.Seed, i.AuthenticationCode1, i.AuthenticationCode2, store.clock(), drift) !==
    undefined;

  const create = defineOperation<InputOf<'CreateVirtualMFADevice'>, OutputOf<'CreateVirtualMFADevice'>>({
    name: 'CreateVirtualMFADevice',
    action: 'iam:CreateVirtualMFADevice',
    resources: async (i, ctx) => [await deviceArn(ctx, i.Path ?? '/', i.VirtualMFADeviceName)],
    conditionKeys: (i) => requestTagKeys(i.Tags),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const path = i.Path ?? '/';
      checkDuplicateTagKeys(i.Tags ?? []);
      const serial = await deviceArn(ctx, path, i.VirtualMFADeviceName);
      const seed = newSeed();
      await store.transaction(async () => {
        if (await devices.byName(account, i.VirtualMFADeviceName)) throw mfaDeviceExists();
        await devices.create(account, {
          SerialNumber: serial,
          DeviceName: i.VirtualMFADeviceName,
          Path: path,
          Seed: seed,
          CreateDate: store.clock(),
          Tags: i.Tags ?? [],
        });
      });
      const label = (await accountSettingsOf(store).alias(account)) ?? account;
      const out: VirtualMFADevice = {
        SerialNumber: serial,
        // Blobs: the base32 text's bytes and the PNG's, base64 on the wire.
        Base32StringSeed: Buffer.from(seed, 'ascii'),
        QRCodePNG: await qrCodePng(keyUri(i.VirtualMFADeviceName, label, seed)),
      };
      if (i.Tags?.length) out.Tags = i.Tags;
      return { VirtualMFADevice: out };
    },
  });

  const enable = defineOperation<InputOf<'EnableMFADevice'>, OutputOf<'EnableMFADevice'>>({
    name: 'EnableMFADevice',
    action: 'iam:EnableMFADevice',
    resources: async (i, ctx) => [await userArnOf(deps, ctx, i.UserName)],
    conditionKeys: (i, ctx) => userKeys(ctx, i.UserName),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        const user = await requireUser(deps, account, i.UserName);
        const d = await requireDevice(account, i.SerialNumber);
        if (d.UserId !== undefined) throw mfaDeviceInUse();
        if (!codesFit(d, i, ENABLE_DRIFT_STEPS)) throw badAuthenticationCode();
        // IAM's quota wording ("Cannot exceed quota for <Quota>: <n>").
        if ((await devices.countForUser(user.UserId)) >= MFA_DEVICES_PER_USER)
          throw limitExceeded(`Cannot exceed quota for MFADevicesPerUser: ${MFA_DEVICES_PER_USER}`);
        await devices.assign(account, d.SerialNumber, user.UserId, store.clock());
      });
      return undefined;
    },
  });

  const userOf = (i: { UserName?: string }, ctx: RequestContext) => userNameOrCaller(i.UserName, ctx);

  const deactivate = defineOperation<InputOf<'DeactivateMFADevice'>, OutputOf<'DeactivateMFADevice'>>({
    name: 'DeactivateMFADevice',
    action: 'iam:DeactivateMFADevice',
    resources: async (i, ctx) => [await userArnOf(deps, ctx, userOf(i, ctx))],
    conditionKeys: (i, ctx) => userKeys(ctx, userOf(i, ctx)),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        const user = await requireUser(deps, account, userOf(i, ctx));
        await requireUsersDevice(user, account, i.SerialNumber);
        // A virtual device stays in the account, unassigned (API_DeactivateMFADevice.html).
        await devices.assign(account, i.SerialNumber, null, null);
      });
      return undefined;
    },
  });

  const resync = defineOperation<InputOf<'ResyncMFADevice'>, OutputOf<'ResyncMFADevice'>>({
    name: 'ResyncMFADevice',
    action: 'iam:ResyncMFADevice',
    resources: async (i, ctx) => [await userArnOf(deps, ctx, i.UserName)],
    conditionKeys: (i, ctx) => userKeys(ctx, i.UserName),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const user = await requireUser(deps, account, i.UserName);
      const d = await requireUsersDevice(user, account, i.SerialNumber);
      if (!codesFit(d, i, RESYNC_DRIFT_STEPS)) throw badAuthenticationCode();
      return undefined;
    },
  });

  const remove = defineOperation<InputOf<'DeleteVirtualMFADevice'>, OutputOf<'DeleteVirtualMFADevice'>>({
    name: 'DeleteVirtualMFADevice',
    action: 'iam:DeleteVirtualMFADevice',
    resources: (i) => [i.SerialNumber],
    conditionKeys: (i, ctx) => deviceKeys(ctx, i.SerialNumber),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        const d = await requireDevice(account, i.SerialNumber);
        if (d.UserId !== undefined) throw mustDeactivateMfaDevice(d.SerialNumber);
        await devices.delete(account, d.SerialNumber);
      });
      return undefined;
    },
  });

  const usersById = async (list: StoredMfaDevice[]) => {
    const users = new Map<string, User>();
    for (const d of list)
      if (d.UserId && !users.has(d.UserId)) {
        const found = await store.users.getById(d.UserId);
        if (found) users.set(d.UserId, found.user);
      }
    return users;
  };

  const listVirtual = defineOperation<InputOf<'ListVirtualMFADevices'>, OutputOf<'ListVirtualMFADevices'>>({
    name: 'ListVirtualMFADevices',
    action: 'iam:ListVirtualMFADevices',
    resources: () => ['*'],
    async handler(i, ctx) {
      const page = await devices.list(
        accountOf(ctx),
        // "If you do not specify an assignment status, the operation returns a list of all virtual MFA devices."
        i.AssignmentStatus ?? 'Any',
        pageRequest(i),
      );
      const users = await usersById(page.items);
      return listOutput('VirtualMFADevices', page, (d) =>
        virtualDeviceOutput(d, d.UserId ? users.get(d.UserId) : undefined),
      );
    },
  });

  const listForUser = defineOperation<InputOf<'ListMFADevices'>, OutputOf<'ListMFADevices'>>({
    name: 'ListMFADevices',
    action: 'iam:ListMFADevices',
    resources: async (i, ctx) => [await userArnOf(deps, ctx, userOf(i, ctx))],
    conditionKeys: (i, ctx) => userKeys(ctx, userOf(i, ctx)),
    async handler(i, ctx) {
      const user = await requireUser(deps, accountOf(ctx), userOf(i, ctx));
      return listOutput('MFADevices', await devices.listForUser(user.UserId, pageRequest(i)), (d) =>
        mfaDeviceOutput(user, d),
      );
    },
  });

  // GetMFADevice is documented for FIDO security keys; Pinpost has only virtual devices, and
  // answers for those as for a key: the user, the serial number and when it was enabled.
  const get = defineOperation<InputOf<'GetMFADevice'>, OutputOf<'GetMFADevice'>>({
    name: 'GetMFADevice',
    action: 'iam:GetMFADevice',
    resources: async (i, ctx) => [await userArnOf(deps, ctx, userOf(i, ctx))],
    conditionKeys: (i, ctx) => userKeys(ctx, userOf(i, ctx)),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const user = await requireUser(deps, account, userOf(i, ctx));
      return mfaDeviceOutput(user, await requireUsersDevice(user, account, i.SerialNumber));
    },
  });

  const tagging = entityTagOperations({
    entity: 'MFADevice',
    idMember: 'SerialNumber',
    resource: (_ctx, serial) => serial,
    keys: (ctx, serial) => deviceKeys(ctx, serial),
    tags: async (account, serial) => (await requireDevice(account, serial)).Tags,
    setTags: async (account, serial, tags) => {
      await requireDevice(account, serial);
      await devices.setTags(account, serial, tags);
    },
    transaction: (fn) => store.transaction(fn),
  });

  return [create, enable, deactivate, resync, remove, listVirtual, listForUser, get, ...tagging];
}
