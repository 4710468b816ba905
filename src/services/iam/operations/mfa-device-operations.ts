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
import type { PageRequest } from '../../../store/index.js';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { Constraint } from '../../shared/constraints.js';
import type { IamDeps } from '../deps.js';
import { limitExceeded } from '../errors.js';
import { requireUser, userArnOf } from '../handlers/user-entities.js';
import type { Tag, User } from '../model.js';
import { accountSettingsOf } from './account-settings-operations.js';
import type { AssignmentStatus, StoredMfaDevice } from '../store-mfa-devices.js';
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
import { listOutput } from '../handlers/user-input.js';
import { accountOf, checked, pageOf, refuseDuplicateTagKeys, str, tagsOf, type Raw } from './policy-parse.js';
import { SHAPES } from './policy-shapes.js';
import type { OutputOf, VirtualMFADevice } from '../../../wire/model/types/iam.js';

/** virtualMFADeviceName, serialNumberType, authenticationCodeType, assignmentStatusType (IAM model). */
const DEVICE_NAME: Constraint = { required: true, min: 1, pattern: '[\\w+=,.@-]+' };
export const SERIAL_NUMBER: Constraint = { required: true, min: 9, max: 256, pattern: '[\\w+=/:,.@-]+' };
const CODE: Constraint = { required: true, min: 6, max: 6, pattern: '[\\d]+' };
const ASSIGNMENT: Constraint = { enum: ['Assigned', 'Unassigned', 'Any'] };
const OPTIONAL_USER: Constraint = { ...SHAPES.existingUserName, required: false };

const ENABLE_DRIFT_STEPS = 2;
const RESYNC_DRIFT_STEPS = 20;

interface CodesInput {
  UserName: string;
  SerialNumber: string;
  AuthenticationCode1: string;
  AuthenticationCode2: string;
}

const codesInput = (raw: Raw): CodesInput =>
  checked(
    [
      ['UserName', str(raw, 'UserName'), SHAPES.existingUserName],
      ['SerialNumber', str(raw, 'SerialNumber'), SERIAL_NUMBER],
      ['AuthenticationCode1', str(raw, 'AuthenticationCode1'), CODE],
      ['AuthenticationCode2', str(raw, 'AuthenticationCode2'), CODE],
    ],
    {
      UserName: str(raw, 'UserName') as string,
      SerialNumber: str(raw, 'SerialNumber') as string,
      AuthenticationCode1: str(raw, 'AuthenticationCode1') as string,
      AuthenticationCode2: str(raw, 'AuthenticationCode2') as string,
    },
  );

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

  const create = defineOperation<
    { VirtualMFADeviceName: string; Path: string; Tags?: Tag[] },
    OutputOf<'CreateVirtualMFADevice'>
  >({
    name: 'CreateVirtualMFADevice',
    action: 'iam:CreateVirtualMFADevice',
    parse(raw) {
      const tags = tagsOf(raw);
      const input = checked(
        [
          ['Path', str(raw, 'Path'), SHAPES.path],
          ['VirtualMFADeviceName', str(raw, 'VirtualMFADeviceName'), DEVICE_NAME],
          ...tags.checks,
        ],
        {
          VirtualMFADeviceName: str(raw, 'VirtualMFADeviceName') as string,
          Path: str(raw, 'Path') ?? '/',
          Tags: tags.tags,
        },
      );
      refuseDuplicateTagKeys(input.Tags);
      return input;
    },
    resources: async (i, ctx) => [await deviceArn(ctx, i.Path, i.VirtualMFADeviceName)],
    conditionKeys: (i) => requestTagKeys(i.Tags),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const serial = await deviceArn(ctx, i.Path, i.VirtualMFADeviceName);
      const seed = newSeed();
      await store.transaction(async () => {
        if (await devices.byName(account, i.VirtualMFADeviceName)) throw mfaDeviceExists();
        await devices.create(account, {
          SerialNumber: serial,
          DeviceName: i.VirtualMFADeviceName,
          Path: i.Path,
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

  const enable = defineOperation<CodesInput, OutputOf<'EnableMFADevice'>>({
    name: 'EnableMFADevice',
    action: 'iam:EnableMFADevice',
    parse: codesInput,
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

  const deactivate = defineOperation<
    { UserName?: string; SerialNumber: string },
    OutputOf<'DeactivateMFADevice'>
  >({
    name: 'DeactivateMFADevice',
    action: 'iam:DeactivateMFADevice',
    parse: (raw) =>
      checked(
        [
          ['UserName', str(raw, 'UserName'), OPTIONAL_USER],
          ['SerialNumber', str(raw, 'SerialNumber'), SERIAL_NUMBER],
        ],
        { UserName: str(raw, 'UserName'), SerialNumber: str(raw, 'SerialNumber') as string },
      ),
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

  const resync = defineOperation<CodesInput, OutputOf<'ResyncMFADevice'>>({
    name: 'ResyncMFADevice',
    action: 'iam:ResyncMFADevice',
    parse: codesInput,
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

  const remove = defineOperation<{ SerialNumber: string }, OutputOf<'DeleteVirtualMFADevice'>>({
    name: 'DeleteVirtualMFADevice',
    action: 'iam:DeleteVirtualMFADevice',
    parse: (raw) =>
      checked([['SerialNumber', str(raw, 'SerialNumber'), SERIAL_NUMBER]], {
        SerialNumber: str(raw, 'SerialNumber') as string,
      }),
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

  const listVirtual = defineOperation<
    { AssignmentStatus: AssignmentStatus; page: PageRequest },
    OutputOf<'ListVirtualMFADevices'>
  >({
    name: 'ListVirtualMFADevices',
    action: 'iam:ListVirtualMFADevices',
    parse(raw) {
      const p = pageOf(raw);
      return checked([['AssignmentStatus', str(raw, 'AssignmentStatus'), ASSIGNMENT], ...p.checks], {
        // "If you do not specify an assignment status, the operation returns a list of all virtual MFA devices."
        AssignmentStatus: (str(raw, 'AssignmentStatus') ?? 'Any') as AssignmentStatus,
        page: p.page,
      });
    },
    resources: () => ['*'],
    async handler(i, ctx) {
      const page = await devices.list(accountOf(ctx), i.AssignmentStatus, i.page);
      const users = await usersById(page.items);
      return listOutput('VirtualMFADevices', page, (d) =>
        virtualDeviceOutput(d, d.UserId ? users.get(d.UserId) : undefined),
      );
    },
  });

  const listForUser = defineOperation<{ UserName?: string; page: PageRequest }, OutputOf<'ListMFADevices'>>({
    name: 'ListMFADevices',
    action: 'iam:ListMFADevices',
    parse(raw) {
      const p = pageOf(raw);
      return checked([['UserName', str(raw, 'UserName'), OPTIONAL_USER], ...p.checks], {
        UserName: str(raw, 'UserName'),
        page: p.page,
      });
    },
    resources: async (i, ctx) => [await userArnOf(deps, ctx, userOf(i, ctx))],
    conditionKeys: (i, ctx) => userKeys(ctx, userOf(i, ctx)),
    async handler(i, ctx) {
      const user = await requireUser(deps, accountOf(ctx), userOf(i, ctx));
      return listOutput('MFADevices', await devices.listForUser(user.UserId, i.page), (d) =>
        mfaDeviceOutput(user, d),
      );
    },
  });

  // GetMFADevice is documented for FIDO security keys; Pinpost has only virtual devices, and
  // answers for those as for a key: the user, the serial number and when it was enabled.
  const get = defineOperation<{ UserName?: string; SerialNumber: string }, OutputOf<'GetMFADevice'>>({
    name: 'GetMFADevice',
    action: 'iam:GetMFADevice',
    parse: (raw) =>
      checked(
        [
          ['SerialNumber', str(raw, 'SerialNumber'), SERIAL_NUMBER],
          ['UserName', str(raw, 'UserName'), { ...SHAPES.userName, required: false }],
        ],
        { UserName: str(raw, 'UserName'), SerialNumber: str(raw, 'SerialNumber') as string },
      ),
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
    idShape: SERIAL_NUMBER,
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
